"""今日提醒's third row: 即将回收, the staff member's own customers that the public pool recycling
policy (公共池回收, set by HQ) returns to the pool soon because nobody has visited or contacted them
(services.pool_recycling.due_soon, loaded with the other lists in the tab's one task). Each row
says how many days are left; "Log a visit" (Ctrl+Shift+R) opens the customer's visit form at
once, and a saved visit reloads the tab, so the customer leaves the list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from crm_desktop.ui.customer_detail.common import fmt_datetime
from crm_desktop.ui.reminders.due import OVERDUE_COLOR, TODAY_COLOR, DueHost
from crm_desktop.ui.table_model import Column, RowTableModel

# Within this many days the row is shown in the overdue colour.
URGENT_DAYS = 3


class RecyclingSection(QWidget):
    """The list of customers about to be recycled, with its actions."""

    def __init__(self, tab: DueHost, list_class: type[QWidget]):
        super().__init__()
        self.setObjectName("recyclingSection")
        self.tab = tab
        self.list = list_class(tab, "recyclingDue", RowTableModel(self._columns(), self))
        self.list.model.set_row_foreground(
            lambda r: OVERDUE_COLOR if (r.get("days_left") or 0) <= URGENT_DAYS else TODAY_COLOR)
        self.list.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.log_visit_button = QPushButton(self.tr("Log a visit…"), objectName="recyclingLogVisit")
        self.log_visit_button.setToolTip(self.tr("Open the customer's visit form (Ctrl+Shift+R)"))
        self.log_visit_button.clicked.connect(self.log_visit)
        self.open_button = QPushButton(self.tr("Open customer"), objectName="recyclingOpenCustomer")
        self.open_button.setToolTip(self.tr("The customer's window (Enter)"))
        self.open_button.clicked.connect(lambda: self.tab.open_detail(self.list, self.list.view.currentIndex()))
        row = QHBoxLayout()
        row.addWidget(self.log_visit_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        self.list.layout().insertLayout(0, row)
        QShortcut(QKeySequence("Ctrl+Shift+R"), self.list, activated=self.log_visit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.show_title(None)
        self._update_buttons()

    def _left_text(self, days: int) -> str:
        if days <= 0:
            return self.tr("Due now")
        return self.tr("%1 days left").replace("%1", str(days))

    def _last_contact_text(self, row: dict) -> str:
        if row.get("last_contact_at") is None:
            return self.tr("Never (since %1)").replace("%1", row["valid_from"].isoformat())
        return fmt_datetime(row["last_contact_at"])

    def _columns(self) -> list[Column]:
        return [
            Column("days_left", self.tr("Recycled in"), self._left_text, align=Qt.AlignmentFlag.AlignLeft),
            Column("due_on", self.tr("Recycling date")),
            Column("name", self.tr("Name")),
            Column("account_no", self.tr("Account no.")),
            Column(self._last_contact_text, self.tr("Last visit or contact")),
            Column("valid_from", self.tr("Developed since")),
            Column("branch_name", self.tr("Branch")),
        ]

    def show_rows(self, rows) -> None:
        self.list.set_rows(rows)
        self.tab.show_cut(self.list, rows, rows.total)
        self.list.empty.setText(self.tr("None of your customers is about to return to the public pool."))
        self.list.empty.setVisible(not rows)
        self.show_title(rows.total)
        self._update_buttons()

    def show_title(self, total: int | None) -> None:
        title = self.tr("About to be recycled to the public pool (即将回收)")
        self.list.setTitle(title if total is None else f"{title} — {total}")

    def _update_buttons(self) -> None:
        chosen = self.list.row_at(self.list.view.currentIndex()) is not None
        self.log_visit_button.setEnabled(chosen)
        self.open_button.setEnabled(chosen)

    def log_visit(self) -> None:
        """The chosen customer's window on its visits page with the "Add visit" form open."""
        row = self.list.row_at(self.list.view.currentIndex())
        if row is None:
            return
        dialog = self.tab.open_customer(row["id"])
        dialog.add_visit_when_loaded()
