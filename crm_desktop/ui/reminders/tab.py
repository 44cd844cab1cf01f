"""今日提醒 Reminders tab: upcoming birthdays (生日提醒) beside new accounts (新开户); under them
visit follow-ups due (回访提醒) beside reservations about to expire (预约到期, ui/reminders/due.py);
at the bottom the own customers about to be recycled to the public pool (即将回收,
ui/reminders/recycling.py).

Both lists come from services.reminders on the staff member's own connection (row-level
security decides which customers appear), read in one task on the runner's workers -- the GUI
thread never touches the database. The tab reloads on F5, when a T+1 load commits (the main
window's LISTEN crm_t1_loaded calls `t1_loaded`), and just after midnight (the birthday window
moves with the date). Its badge on the main window is today's birthdays plus the new accounts,
e.g. "今日提醒 (5)". Double-click or Enter opens the customer's detail window; Ctrl+C copies the
selected rows as tab-separated text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from crm_desktop.services import pool_recycling, reminders
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskContext
from crm_desktop.ui.customer_detail.common import status_label
from crm_desktop.ui.detail_windows import DetailWindows
from crm_desktop.ui.messages import refusal_text
from crm_desktop.ui.tab_base import CrmTab
from crm_desktop.ui.reminders.due import DueSections
from crm_desktop.ui.reminders.recycling import RecyclingSection
from crm_desktop.ui.sms import install as sms_install
from crm_desktop.ui.table_model import Column, RowTableModel, fit_columns_to_view, make_table

DAYS = reminders.DEFAULT_DAYS
TRADING_DAYS = reminders.DEFAULT_TRADING_DAYS
NOTIFY_DEBOUNCE_MS = 300
TODAY_COLOR = "#b00020"
SOON_COLOR = "#8a5a00"
POOL_COLOR = "#777777"


def load_reminders(ctx: TaskContext, connector, days: int, trading_days: int, today: dt.date | None = None) -> dict:
    """Worker: both lists and the badge counts, on this thread's connection."""
    conn = ctx.watch(connector.connection())
    birthdays = reminders.birthdays(conn, days, today)
    ctx.check()
    accounts = reminders.new_accounts(conn, trading_days)
    ctx.check()
    follow_ups = reminders.follow_ups_due(conn, birthdays.today)
    ctx.check()
    expiring = reminders.expiring_reservations(conn, today=birthdays.today)
    ctx.check()
    recycling = pool_recycling.due_soon(conn)
    ctx.check()
    counts = reminders.counts(conn, days, trading_days, today=birthdays.today)
    # A customer about to be recycled asks for a visit: it counts in the badge like a follow-up.
    counts["recycling_due"] = recycling.total
    counts["badge"] += recycling.total
    return {"birthdays": birthdays, "new_accounts": accounts, "follow_ups": follow_ups,
            "expiring_reservations": expiring, "recycling": recycling, "counts": counts}


class BirthdayModel(RowTableModel):
    """Birthdays: today's rows in bold."""

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and index.row() < self.rowCount():
            if self.row(index.row()).get("days_until") == 0:
                font = QFont()
                font.setBold(True)
                return font
            return None
        return super().data(index, role)


class ReminderList(QGroupBox):
    """One titled list (a sortable table) with a note under it when the list was cut."""

    def __init__(self, tab: "RemindersTab", name: str, model: RowTableModel):
        super().__init__()
        self.setObjectName(f"{name}Box")
        self.model = model
        self.view, self.proxy = make_table(self, model, f"{name}Table")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.note = QLabel(objectName=f"{name}Note")
        self.note.setStyleSheet("color: #8a5a00;")
        self.note.setWordWrap(True)
        self.note.hide()
        self.empty = QLabel(objectName=f"{name}Empty")
        self.empty.setStyleSheet("color: #777; padding: 8px;")
        self.empty.setWordWrap(True)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.note)
        self.tab = tab
        self.view.doubleClicked.connect(lambda index: self.activate(index))
        # Enter and Ctrl+C as keys of the focused view (two lists side by side: window-wide
        # shortcuts would be ambiguous), taken before any window shortcut.
        self.view.installEventFilter(self)
        self._sized = False

    def _own_key(self, event) -> str | None:
        if event.matches(QKeySequence.StandardKey.Copy):
            return "copy"
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return "open"
        return None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.view and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            action = self._own_key(event)
            if action is not None:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()            # deliver it as a key press to the view
                    return True
                if action == "copy":
                    self.copy_selection()
                else:
                    self.activate(self.view.currentIndex())
                return True
        return super().eventFilter(obj, event)

    def activate(self, index: QModelIndex) -> None:
        """Double-click or Enter: the row's customer window (a list of other rows replaces this)."""
        self.tab.open_detail(self, index)

    def set_rows(self, rows: list[dict]) -> None:
        wanted = {r["id"] for r in self.selected_rows()}
        self.model.set_rows(rows)
        if rows and not self._sized:
            self._sized = True
            fit_columns_to_view(self.view, widest_chars=28)
        if wanted:
            flags = self.view.selectionModel().SelectionFlag
            for number in range(self.proxy.rowCount()):
                if self.proxy.row(number)["id"] in wanted:
                    self.view.selectionModel().select(self.proxy.index(number, 0), flags.Select | flags.Rows)

    def row_at(self, index: QModelIndex) -> dict | None:
        if not index.isValid():
            return None
        return self.proxy.row(index.row())

    def selected_rows(self) -> list[dict]:
        model = self.view.selectionModel()
        numbers = sorted({i.row() for i in model.selectedRows()}) if model is not None else []
        return [self.proxy.row(n) for n in numbers]

    def copy_selection(self) -> str:
        """Selected rows as tab-separated text, header first, columns as shown."""
        numbers = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        if not numbers:
            return ""
        header = self.view.horizontalHeader()
        columns = sorted((c for c in range(self.proxy.columnCount()) if not header.isSectionHidden(c)),
                         key=header.visualIndex)
        lines = ["\t".join(str(self.proxy.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns)]
        for number in numbers:
            lines.append("\t".join((self.proxy.index(number, c).data() or "").replace("\t", " ") for c in columns))
        text = "\n".join(lines)
        QGuiApplication.clipboard().setText(text)
        return text


class RemindersTab(CrmTab):
    counts_changed = Signal(dict)      # services.reminders.counts() after each load
    loaded = Signal()                  # both lists were (re)loaded

    def __init__(self, runner, connector, info, parent: QWidget | None = None, badge_title: str | None = None,
                 days: int = DAYS, trading_days: int = TRADING_DAYS, today: dt.date | None = None):
        super().__init__(parent)
        self.runner, self.connector, self.info = runner, connector, info
        self.badge_title = badge_title or self.tr("Reminders")
        self.days, self.trading_days, self.today = days, trading_days, today
        self.counts: dict | None = None
        self.loaded_once = False
        self.loading = False
        self._handle = None
        self.detail_windows = DetailWindows()      # open customer windows and their unsaved edits

        self.date_label = QLabel(objectName="remindersDate")
        self.date_label.setWordWrap(True)
        self.date_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar(maximum=0, textVisible=False, objectName="remindersBusy")
        self.busy.setFixedSize(72, 6)
        self.busy.hide()
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="remindersRefresh")
        self.refresh_button.setToolTip(self.tr("Reload both lists (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.message = QLabel(objectName="remindersMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("background: #fdecea; color: #8a1c1c; border: 1px solid #f0b7b3; "
                                   "border-radius: 3px; padding: 6px;")
        self.message.hide()

        self.birthdays = ReminderList(self, "birthdays", BirthdayModel(self._birthday_columns(), self))
        self.birthdays.model.set_row_foreground(
            lambda r: TODAY_COLOR if r.get("days_until") == 0 else SOON_COLOR if r.get("days_until") == 1 else None)
        self.birthdays.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.new_accounts = ReminderList(self, "newAccounts", RowTableModel(self._account_columns(), self))
        self.new_accounts.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="remindersSplitter")
        self.splitter.addWidget(self.birthdays)
        self.splitter.addWidget(self.new_accounts)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([620, 620])
        self.due = DueSections(self, ReminderList)
        self.rows_splitter = QSplitter(Qt.Orientation.Vertical, objectName="remindersRows")
        self.rows_splitter.addWidget(self.splitter)
        self.rows_splitter.addWidget(self.due)
        self.recycling = RecyclingSection(self, ReminderList)
        self.rows_splitter.addWidget(self.recycling)
        self.rows_splitter.setChildrenCollapsible(False)

        top = QHBoxLayout()
        top.addWidget(self.date_label, 1)
        top.addWidget(self.busy)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.rows_splitter, 1)
        self._show_titles()
        self.sms = sms_install.install_reminders(self)   # 短信: greeting / 回访 from the two upper sections

        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._notify_timer = QTimer(self, singleShot=True, interval=NOTIFY_DEBOUNCE_MS)
        self._notify_timer.timeout.connect(self.refresh)
        self._midnight = QTimer(self, singleShot=True)       # the birthday window moves with the date
        self._midnight.timeout.connect(self.refresh)
        self.refresh()            # at once, hidden or not: the badge counts on the main window

    # columns ---------------------------------------------------------------------------------------------------
    def _when_text(self, days: int) -> str:
        if days == 0:
            return self.tr("Today")
        if days == 1:
            return self.tr("Tomorrow")
        return self.tr("In %1 days").replace("%1", str(days))

    def _developer_text(self, row: dict) -> str:
        if row.get("developer_name"):
            return row["developer_name"]
        return self.tr("Public pool (公有客户)") if row.get("in_public_pool") else "—"

    def _birthday_columns(self) -> list[Column]:
        return [
            Column("days_until", self.tr("When"), self._when_text, align=Qt.AlignmentFlag.AlignLeft),
            Column("next_birthday", self.tr("Date")),
            Column("name", self.tr("Name")),
            Column("account_no", self.tr("Account no.")),
            Column("turns", self.tr("Turns"), str, align=Qt.AlignmentFlag.AlignRight),
            Column("mobile", self.tr("Mobile"), tooltip=self._mobile_tooltip),
            Column(self._developer_text, self.tr("Developer"),
                   foreground=lambda r: POOL_COLOR if r.get("in_public_pool") else None),
            Column("branch_name", self.tr("Branch")),
        ]

    def _account_columns(self) -> list[Column]:
        return [
            Column("open_date", self.tr("Opened")),
            Column("account_no", self.tr("Account no.")),
            Column("name", self.tr("Name")),
            Column("branch_name", self.tr("Branch")),
            Column(self._developer_text, self.tr("Developer"),
                   foreground=lambda r: POOL_COLOR if r.get("in_public_pool") else None),
            Column("mobile", self.tr("Mobile"), tooltip=self._mobile_tooltip),
            Column("status", self.tr("Status"), status_label),
        ]

    def _mobile_tooltip(self, row: dict) -> str | None:
        if row.get("ext_mobile"):
            return self.tr("Extended mobile (SMS goes here)")
        if row.get("counter_mobile"):
            return self.tr("Counter mobile (no extended mobile)")
        return None

    # loading ---------------------------------------------------------------------------------------------------
    def _connection(self):
        return self.connector.connection()

    def set_connector(self, connector) -> None:
        """After a re-login: new connections; reload what is shown."""
        self.connector = connector
        self.refresh()

    def refresh(self) -> None:
        """F5, a T+1 load, midnight: both lists and the badge, in one worker task."""
        self._notify_timer.stop()
        self.loading = True
        self.busy.show()

        def succeeded(result: dict) -> None:
            if shiboken6.isValid(self):
                self._arrived(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self._failed(error)

        self._handle = self.runner.run(load_reminders, self.connector, self.days, self.trading_days, self.today,
                                       on_success=succeeded, on_failure=failed, key=f"reminders:{id(self)}")

    def use_listener(self, listener) -> None:
        """Follow the T+1 loads through the main window's listening connection."""
        listener.subscribe("crm_t1_loaded", self.t1_loaded)

    def t1_loaded(self, payload: str = "") -> None:
        """NOTIFY crm_t1_loaded (a T+1 load committed): reload once the burst is over."""
        if shiboken6.isValid(self):
            self._notify_timer.start()

    def _arrived(self, result: dict) -> None:
        self.loading = False
        self.loaded_once = True
        self.busy.hide()
        self.message.hide()
        birthdays, accounts, counts = result["birthdays"], result["new_accounts"], result["counts"]
        self.counts = counts
        self.birthdays.set_rows(birthdays)
        self.new_accounts.set_rows(accounts)
        self.show_cut(self.birthdays, birthdays, counts["birthdays"])
        self.show_cut(self.new_accounts, accounts, counts["new_accounts"])
        self.birthdays.empty.setText(self.tr("No birthdays in the next %1 days.").replace("%1", str(self.days)))
        self.birthdays.empty.setVisible(not birthdays)
        self.new_accounts.empty.setText(self.tr("No new accounts in the loaded data.") if counts["trade_dates"]
                                        else self.tr("No T+1 data has been loaded yet."))
        self.new_accounts.empty.setVisible(not accounts)
        self.due.show_rows(result["follow_ups"], result["expiring_reservations"], counts)
        self.recycling.show_rows(result["recycling"])
        self._show_dates(birthdays, counts)
        self._show_titles()
        self._show_badge()
        self._arm_midnight()
        self.counts_changed.emit(counts)
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.busy.hide()
        if isinstance(error, CrmRefusal):
            self.message.setText(self.tr("The reminders could not be loaded: %1").replace("%1", refusal_text(error)))
            self.message.show()

    def show_cut(self, box: ReminderList, rows, total: int) -> None:
        cut = bool(getattr(rows, "truncated", False))
        box.note.setText(self.tr("Showing the first %1 of %2; use the Customers tab's filter for the rest.")
                         .replace("%1", f"{len(rows):,}").replace("%2", f"{total:,}") if cut else "")
        box.note.setVisible(cut)

    def _show_dates(self, birthdays, counts: dict) -> None:
        today, until = birthdays.today, birthdays.until
        parts = [self.tr("Birthdays from %1 to %2").replace("%1", today.isoformat()).replace("%2", until.isoformat())
                 if today and until else ""]
        dates = counts["trade_dates"]
        if dates:
            parts.append(self.tr("new accounts opened %1 – %2 (last %3 loaded trading dates)")
                         .replace("%1", min(dates).isoformat()).replace("%2", max(dates).isoformat())
                         .replace("%3", str(len(dates))))
            parts.append(self.tr("as of T+1 date %1").replace("%1", counts["latest_load"].isoformat()))
        else:
            parts.append(self.tr("no T+1 data loaded yet"))
        self.date_label.setText(" · ".join(p for p in parts if p))

    def _show_titles(self) -> None:
        counts = self.counts or {}
        birthdays = self.tr("Upcoming birthdays (生日提醒)")
        accounts = self.tr("New accounts (新开户)")
        if self.counts is not None:
            birthdays += f" — {counts.get('birthdays', 0)}"
            if counts.get("birthdays_today"):
                birthdays += " · " + self.tr("%1 today").replace("%1", str(counts["birthdays_today"]))
            accounts += f" — {counts.get('new_accounts', 0)}"
        self.birthdays.setTitle(birthdays)
        self.new_accounts.setTitle(accounts)
        self.due.show_titles(self.counts)

    def _arm_midnight(self) -> None:
        now = dt.datetime.now()
        tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0, 0, 5))
        self._midnight.start(max(1000, int((tomorrow - now).total_seconds() * 1000)))

    # badge ---------------------------------------------------------------------------------------------------
    def badge_count(self) -> int:
        return int((self.counts or {}).get("badge", 0))

    def badge_text(self) -> str:
        count = self.badge_count()
        return f"{self.badge_title} ({count})" if count else self.badge_title

    def _show_badge(self) -> None:
        counts = self.counts or {}
        self.set_window_tab_title(self.badge_text(),
                                  self.tr("%1 birthdays today, %2 new accounts, %3 follow-ups due, "
                                          "%4 reservations expiring, %5 customers about to be recycled")
                                  .replace("%1", str(counts.get("birthdays_today", 0)))
                                  .replace("%2", str(counts.get("new_accounts", 0)))
                                  .replace("%3", str(counts.get("follow_ups_due", 0)))
                                  .replace("%4", str(counts.get("expiring_reservations", 0)))
                                  .replace("%5", str(counts.get("recycling_due", 0))))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._show_badge()

    # detail windows (they hold the unsaved edits) --------------------------------------------------------------
    def open_detail(self, box: ReminderList, index: QModelIndex) -> None:
        row = box.row_at(index)
        if row is None:
            return
        self.open_customer(row["id"])

    def open_customer(self, customer_id: int):
        """The customer's window; a visit saved in it may answer a follow-up, so the lists reload."""
        dialog = self.detail_windows.open(self, self.runner, self.connector, customer_id)
        dialog.visits_changed.connect(lambda _id: self.t1_loaded() if shiboken6.isValid(self) else None)
        return dialog

    def has_unsaved_changes(self) -> bool:
        return self.detail_windows.has_unsaved_changes()

    def save_changes(self) -> bool:
        return self.detail_windows.save_changes()

    def discard_changes(self) -> None:
        self.detail_windows.discard_changes()

    def shutdown(self) -> None:
        self._notify_timer.stop()
        self._midnight.stop()
        if self._handle is not None:
            self._handle.cancel()
