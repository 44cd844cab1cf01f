"""今日提醒's second row: visit follow-ups due (回访提醒, the care queue) beside reservations whose
matching window is about to end (预约到期).

Both lists come from services.reminders in the tab's one loading task (see reminders/tab.py); this
module only shows them and offers their actions: a follow-up opens the customer's window ("Open
customer", double-click or Enter) or its "Add visit" form at once ("Log a visit", Ctrl+Shift+V);
a reservation is shown in 审批 › 预约 (double-click or Enter). A saved visit reloads the tab, so an
answered follow-up leaves the queue.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QWidget

from crm_desktop.ui.customer_detail.common import channel_label, fmt_datetime
from crm_desktop.ui.table_model import Column, RowTableModel



class DueHost(Protocol):
    """What these sections use of the Reminders tab that holds them (the tab imports this module,
    so it is declared here rather than imported back)."""

    def show_cut(self, box: Any, rows: Any, total: int) -> None: ...

    def open_detail(self, box: Any, index: QModelIndex) -> None: ...

    def open_customer(self, customer_id: int) -> Any: ...

OVERDUE_COLOR = "#b00020"
TODAY_COLOR = "#8a5a00"
OTHERS_COLOR = "#777777"


class DueSections(QSplitter):
    """The care queue and the expiring reservations, side by side."""

    def __init__(self, tab: DueHost, list_class: type[QWidget]):
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("dueSplitter")
        self.setChildrenCollapsible(False)
        self.tab = tab
        self.follow_ups = list_class(tab, "followUps", RowTableModel(self._follow_up_columns(), self))
        self.follow_ups.model.set_row_foreground(
            lambda r: OVERDUE_COLOR if (r.get("days_overdue") or 0) > 0 else TODAY_COLOR)
        self.follow_ups.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.reservations = list_class(tab, "expiringReservations",
                                       RowTableModel(self._reservation_columns(), self))
        self.reservations.activate = self.show_reservation
        self.reservations.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        self.log_visit_button = QPushButton(self.tr("Log a visit…"), objectName="logVisitButton")
        self.log_visit_button.setToolTip(self.tr("Open the customer's visit form (Ctrl+Shift+V)"))
        self.log_visit_button.clicked.connect(self.log_visit)
        self.open_customer_button = QPushButton(self.tr("Open customer"), objectName="openFollowUpCustomer")
        self.open_customer_button.setToolTip(self.tr("The customer's window (Enter)"))
        self.open_customer_button.clicked.connect(
            lambda: self.tab.open_detail(self.follow_ups, self.follow_ups.view.currentIndex()))
        self._add_buttons(self.follow_ups, self.log_visit_button, self.open_customer_button)
        QShortcut(QKeySequence("Ctrl+Shift+V"), self.follow_ups, activated=self.log_visit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.show_reservation_button = QPushButton(self.tr("Show in Approvals"), objectName="showReservation")
        self.show_reservation_button.setToolTip(self.tr("The reservation in Approvals › Reservations (Enter)"))
        self.show_reservation_button.clicked.connect(
            lambda: self.show_reservation(self.reservations.view.currentIndex()))
        self._add_buttons(self.reservations, self.show_reservation_button)

        for box in (self.follow_ups, self.reservations):
            box.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
            self.addWidget(box)
        self.setSizes([620, 620])
        self._update_buttons()

    @staticmethod
    def _add_buttons(box: QWidget, *buttons: QPushButton) -> None:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        box.layout().insertLayout(0, row)

    # columns -------------------------------------------------------------------------------------------------
    def _due_text(self, days: int) -> str:
        if days <= 0:
            return self.tr("Due today")
        return self.tr("%1 days overdue").replace("%1", str(days))

    def _follow_up_columns(self) -> list[Column]:
        return [
            Column("days_overdue", self.tr("Due"), self._due_text, align=Qt.AlignmentFlag.AlignLeft),
            Column("next_follow_up", self.tr("Follow-up date")),
            Column("name", self.tr("Name")),
            Column("account_no", self.tr("Account no.")),
            Column("visited_at", self.tr("Last visit"), fmt_datetime),
            Column("channel", self.tr("Channel"), channel_label),
            Column("content", self.tr("Notes"), lambda text: " ".join(text.split())),
            Column("visit_staff_name", self.tr("Visited by"),
                   foreground=lambda r: None if r.get("own_visit") else OTHERS_COLOR),
            Column("mobile", self.tr("Mobile")),
            Column("branch_name", self.tr("Branch")),
        ]

    def _left_text(self, days: int) -> str:
        if days <= 0:
            return self.tr("Ends today")
        return self.tr("%1 working days left").replace("%1", str(days))

    def _reservation_columns(self) -> list[Column]:
        return [
            Column("working_days_left", self.tr("Window"), self._left_text, align=Qt.AlignmentFlag.AlignLeft),
            Column("window_end", self.tr("Window ends")),
            Column("name", self.tr("Name")),
            Column("mobile", self.tr("Mobile")),
            Column("registered_on", self.tr("Registered")),
            Column("staff_name", self.tr("Registered by"),
                   foreground=lambda r: None if r.get("own") else OTHERS_COLOR),
            Column("branch_name", self.tr("Branch")),
            Column("note", self.tr("Note"), lambda text: " ".join(text.split())),
        ]

    # content ---------------------------------------------------------------------------------------------------
    def show_rows(self, follow_ups, reservations, counts: dict) -> None:
        self.follow_ups.set_rows(follow_ups)
        self.reservations.set_rows(reservations)
        self.tab.show_cut(self.follow_ups, follow_ups, counts["follow_ups_due"])
        self.tab.show_cut(self.reservations, reservations, counts["expiring_reservations"])
        self.follow_ups.empty.setText(self.tr("No visit follow-ups are due."))
        self.follow_ups.empty.setVisible(not follow_ups)
        self.reservations.empty.setText(self.tr("No open reservation ends by %1.")
                                        .replace("%1", reservations.until.isoformat() if reservations.until else ""))
        self.reservations.empty.setVisible(not reservations)
        self._update_buttons()

    def show_titles(self, counts: dict | None) -> None:
        follow_ups = self.tr("Follow-ups due (回访提醒)")
        reservations = self.tr("Reservations expiring (预约到期)")
        if counts is not None:
            follow_ups += f" — {counts.get('follow_ups_due', 0)}"
            if counts.get("follow_ups_today"):
                follow_ups += " · " + self.tr("%1 today").replace("%1", str(counts["follow_ups_today"]))
            reservations += f" — {counts.get('expiring_reservations', 0)}"
        self.follow_ups.setTitle(follow_ups)
        self.reservations.setTitle(reservations)

    def _update_buttons(self) -> None:
        chosen = self.follow_ups.row_at(self.follow_ups.view.currentIndex()) is not None
        self.log_visit_button.setEnabled(chosen)
        self.open_customer_button.setEnabled(chosen)
        self.show_reservation_button.setEnabled(
            self.reservations.row_at(self.reservations.view.currentIndex()) is not None)

    # actions ---------------------------------------------------------------------------------------------------
    def log_visit(self) -> None:
        """The chosen customer's window on its visits page with the "Add visit" form open."""
        row = self.follow_ups.row_at(self.follow_ups.view.currentIndex())
        if row is None:
            return
        dialog = self.tab.open_customer(row["id"])
        dialog.add_visit_when_loaded()

    def show_reservation(self, index: QModelIndex) -> None:
        row = self.reservations.row_at(index)
        window = self.window()
        if row is not None and hasattr(window, "show_reservation"):
            window.show_reservation(row["id"])

