"""Shared pieces of the Administration tab: prompts, busy indicator, page base, formatting."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Protocol, runtime_checkable

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMessageBox,
                               QProgressBar, QVBoxLayout, QWidget)

from crm_desktop.services.errors import ConnectionLost
from crm_desktop.ui.messages import error_text
from crm_desktop.ui.tab_base import TabContext
from crm_desktop.ui.tasks import TaskHandle

DASH = "—"


# Module-level texts: `translate("Admin", "literal")`, so that pyside6-lupdate finds them with
# their context; widgets use self.tr().
translate = QCoreApplication.translate


# Formatting ---------------------------------------------------------------------------------

def fmt_datetime(value: dt.datetime | None, seconds: bool = False) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def fmt_interval(value: dt.timedelta | None) -> str:
    """'45 s', '12 min', '3 h 05 min', '2 d 4 h'."""
    if value is None:
        return ""
    total = max(0, int(value.total_seconds()))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return translate("Admin", "%1 d %2 h").replace("%1", str(days)).replace("%2", str(hours))
    if hours:
        return translate("Admin", "%1 h %2 min").replace("%1", str(hours)).replace("%2", f"{minutes:02d}")
    if minutes:
        return translate("Admin", "%1 min").replace("%1", str(minutes))
    return translate("Admin", "%1 s").replace("%1", str(seconds))


def fmt_list(values: Any) -> str:
    return ", ".join(str(v) for v in values or ())


def fmt_first(values: Any) -> str:
    """'first (+2)': the first of a list and how many more (full list in the tooltip)."""
    values = list(values or ())
    if not values:
        return ""
    return values[0] if len(values) == 1 else f"{values[0]} (+{len(values) - 1})"


def chinese_ui() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def ref_name(row: dict | None, code: str | None = None) -> str:
    """The display name of a reference row (role, post, staff type) in the UI language."""
    if row is None:
        return code or ""
    return row.get("name_zh" if chinese_ui() else "name_en") or row.get("code", "")


def local_start_of(day: QDate) -> dt.datetime:
    """Midnight at the start of `day` in this PC's time zone (an aware datetime)."""
    return dt.datetime(day.year(), day.month(), day.day()).astimezone()


# Prompts ------------------------------------------------------------------------------------

class Prompts:
    """Every question and message of the tab goes through here (tests replace the methods)."""

    def confirm(self, parent: QWidget, title: str, text: str, ok_text: str | None = None,
                destructive: bool = False) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
                          title, text, QMessageBox.StandardButton.NoButton, parent)
        ok = box.addButton(ok_text or translate("Admin", "OK"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel if destructive else ok)
        box.exec()
        return box.clickedButton() is ok

    def ask_text(self, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        """The entered text, or None when cancelled."""
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def choose(self, parent: QWidget, title: str, label: str, items: list[str]) -> str | None:
        value, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
        return value if ok else None

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def show_refusal(self, parent: QWidget, title: str, error: BaseException) -> None:
        QMessageBox.warning(parent, title, error_text(error))


# Widgets --------------------------------------------------------------------------------------

class BusyIndicator(QProgressBar):
    """A thin indeterminate bar shown while a page has work in flight."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("busyIndicator")
        self.setRange(0, 0)
        self.setTextVisible(False)
        self.setFixedSize(72, 6)
        self.setToolTip(self.tr("Loading…"))
        self.setVisible(False)


class DateRangeFilter(QWidget):
    """'From [x] date  To [x] date': each end optional; `since()` inclusive, `until()` exclusive."""

    def __init__(self, days_back: int | None = 30, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        today = QDate.currentDate()
        self.from_check = QCheckBox(self.tr("From"), checked=days_back is not None, objectName="fromCheck")
        self.from_date = QDateEdit(today.addDays(-(days_back or 30)), calendarPopup=True, objectName="fromDate")
        self.to_check = QCheckBox(self.tr("To"), checked=False, objectName="toCheck")
        self.to_date = QDateEdit(today, calendarPopup=True, objectName="toDate")
        for edit in (self.from_date, self.to_date):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(QDate(2000, 1, 1))
        self.from_check.toggled.connect(self.from_date.setEnabled)
        self.to_check.toggled.connect(self.to_date.setEnabled)
        self.from_date.setEnabled(self.from_check.isChecked())
        self.to_date.setEnabled(self.to_check.isChecked())
        for widget in (self.from_check, self.from_date, self.to_check, self.to_date):
            layout.addWidget(widget)

    def since(self) -> dt.datetime | None:
        return local_start_of(self.from_date.date()) if self.from_check.isChecked() else None

    def until(self) -> dt.datetime | None:
        return local_start_of(self.to_date.date().addDays(1)) if self.to_check.isChecked() else None


# Page base ----------------------------------------------------------------------------------------

@runtime_checkable
class AdminPageHost(TabContext, Protocol):
    """What a page may use of the Administration tab (admin/tab.py) that holds it."""

    prompts: Prompts                     # every question and message (tests replace them)

    def task_key(self, name: str) -> str: ...


class AdminPage(QWidget):
    """A sub-tab: loads lazily the first time it is shown; runs every query in a worker."""

    title = ""

    def __init__(self, tab: AdminPageHost):
        super().__init__(tab)
        self.tab = tab
        self.loaded = False
        self._handles: dict[object, Any] = {}   # task key (or a unique object) -> TaskHandle
        self.busy = BusyIndicator(self)
        self.status = QLabel(self, objectName="pageStatus")
        self.status.setStyleSheet("color: #666;")
        tab.runner.unexpected_error.connect(self._recheck_busy)
        tab.runner.busy_changed.connect(self._recheck_busy)      # a cancelled task reports nothing else

    # loading -------------------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.ensure_loaded()

    def lay_out_search_page(self, filters: list[tuple[QWidget, int]], view: QWidget, note: QLabel) -> None:
        """Filters (widget, stretch) and the busy bar above the result view; note and status
        below it; F5 reloads. The layout of the log pages (login events, audit)."""
        top = QHBoxLayout()
        for widget, stretch in filters:
            top.addWidget(widget, stretch)
        top.addStretch(1)
        top.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addWidget(self.status)
        layout.addLayout(bottom)
        self.add_refresh_shortcut()

    def add_refresh_shortcut(self) -> None:
        """F5 reloads this page (while focus is inside it)."""
        action = QAction(self, objectName="refreshShortcut", shortcut=QKeySequence(QKeySequence.StandardKey.Refresh))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False: self.refresh())
        self.addAction(action)

    def invalidate(self) -> None:
        """Forget what was loaded (after a re-login); reload now when visible."""
        self.loaded = False
        if self.isVisible():
            self.ensure_loaded()

    # tasks -----------------------------------------------------------------------------------------
    def run(self, fn: Callable, *args: Any, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None, key: str | None = None,
            failure_title: str | None = None,
            on_progress: Callable[[str, int, int], None] | None = None) -> TaskHandle:
        """Run fn(ctx, connector, *args) in a worker; refusals go to `on_failure` or a message box.
        The handle cancels it (a cancelled task reports nothing: the page says so itself)."""

        def succeeded(result: Any) -> None:
            if not shiboken6.isValid(self):   # the tab was closed while the task ran
                return
            self._recheck_busy()
            if on_success is not None:
                on_success(result)

        def failed(error: BaseException) -> None:
            if not shiboken6.isValid(self):
                return
            self._recheck_busy()
            if on_failure is not None:
                on_failure(error)
            else:
                self.show_failure(failure_title or self.title, error)

        handle = self.tab.runner.run(fn, self.tab.connector, *args, on_success=succeeded, on_failure=failed,
                                     on_progress=on_progress, key=self.tab.task_key(key) if key else None)
        # A newer task with the same key supersedes the older one (whose results are dropped).
        self._handles[key if key else object()] = handle
        self._recheck_busy()
        return handle

    def show_failure(self, title: str, error: BaseException) -> None:
        if isinstance(error, ConnectionLost):
            # The main window asks for a new sign-in; nothing to add here.
            self.status.setText(self.tr("Not connected: sign in again, then refresh."))
            return
        self.tab.prompts.show_refusal(self, title, error)

    @property
    def is_busy(self) -> bool:
        return any(not handle.done for handle in self._handles.values())

    def _recheck_busy(self, *_: Any) -> None:
        self._handles = {k: handle for k, handle in self._handles.items() if not handle.done}
        self.busy.setVisible(bool(self._handles))
