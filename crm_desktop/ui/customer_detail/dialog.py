"""The customer detail window (客户详情), opened from the customer list with a customer id."""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from crm_desktop.services import customer_detail as cd
from crm_desktop.services.errors import ConnectionLost, CrmRefusal
from crm_desktop.ui.approvals import requests as approval_requests
from crm_desktop.ui.customer_detail import common
from crm_desktop.ui.customer_detail.common import status_label, vip_name
from crm_desktop.ui.messages import error_text
from crm_desktop.ui.customer_detail.contribution_page import ContributionPage
from crm_desktop.ui.customer_detail.data_pages import ComprehensivePage, ExtendedPage
from crm_desktop.ui.customer_detail.history_page import HistoryPage
from crm_desktop.ui.customer_detail.prompts import DetailPrompts
from crm_desktop.ui.customer_detail.relations_page import RelationsPage
from crm_desktop.ui.customer_detail.visits_page import VisitsPage
from crm_desktop.ui.sms.customer_page import CustomerSmsPage

# VIP level -> badge colours (background, text); level 0 (standard) is a plain grey badge.
VIP_COLORS = {0: ("#eeeeee", "#555555"), 1: ("#d9dde3", "#33404f"), 2: ("#f3d98b", "#5a4300"),
              3: ("#cfe3ff", "#0d3c7a")}
STATUS_COLORS = {"normal": ("#e3f3e7", "#1b6b34"), "dormant": ("#fff1d6", "#7a5200"),
                 "closed": ("#f6dada", "#8a1c1c")}
BADGE = "border-radius: 9px; padding: 2px 10px; background: {0}; color: {1}; font-weight: 600;"


class CustomerDetailDialog(QDialog):
    """A non-modal window per customer: header, comprehensive / extended data, assets and trading,
    relationships and VIP, visits. Every query runs on the runner's workers.

    Like a CrmTab it answers `has_unsaved_changes()`, `save_changes()`, `discard_changes()`, so
    the main window can ask before signing out. Closing with unsaved edits asks Save / Discard /
    Cancel. The window deletes itself when closed (WA_DeleteOnClose)."""

    ext_saved = Signal(int)     # customer id, after the extended data was saved
    visits_changed = Signal(int)  # customer id, after a visit was added, changed or deleted

    def __init__(self, runner, connector, customer_id: int, parent: QWidget | None = None,
                 prompts: DetailPrompts | None = None):
        super().__init__(parent)
        self.runner, self.connector, self.customer_id = runner, connector, int(customer_id)
        self.prompts = prompts or DetailPrompts()
        self.detail: cd.CustomerDetail | None = None
        self._handles: dict[object, Any] = {}
        self._add_visit_when_loaded = False
        self.setObjectName("customerDetailDialog")
        self.setWindowTitle(self.tr("Customer %1").replace("%1", str(self.customer_id)))
        self.setModal(False)
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowMinMaxButtonsHint
                            | Qt.WindowType.WindowCloseButtonHint)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setSizeGripEnabled(True)
        self.resize(1000, 720)

        # header ----------------------------------------------------------------------------------------
        self.name_label = QLabel(objectName="nameLabel")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.vip_badge = QLabel(objectName="vipBadge")
        self.status_badge = QLabel(objectName="statusBadge")
        self.sub_label = QLabel(objectName="subLabel")
        self.sub_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sub_label.setStyleSheet("color: #555;")
        self.busy = QProgressBar(objectName="detailBusy", textVisible=False)
        self.busy.setRange(0, 0)
        self.busy.setFixedSize(72, 6)
        self.busy.hide()
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="refreshButton")
        self.refresh_button.setToolTip(self.tr("Reload from the server (F5)"))
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)

        title_row = QHBoxLayout()
        title_row.addWidget(self.name_label)
        title_row.addSpacing(8)
        title_row.addWidget(self.vip_badge)
        title_row.addWidget(self.status_badge)
        title_row.addStretch(1)
        title_row.addWidget(self.busy)
        title_row.addWidget(self.refresh_button)
        header = QFrame(objectName="detailHeader")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(4, 0, 4, 4)
        header_layout.setSpacing(2)
        header_layout.addLayout(title_row)
        header_layout.addWidget(self.sub_label)

        self.message = QLabel(objectName="detailMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("background: #fdecea; color: #8a1c1c; border: 1px solid #f0b7b3;"
                                   " border-radius: 3px; padding: 6px;")
        self.message.hide()

        # tabs --------------------------------------------------------------------------------------------
        self.comprehensive_page = ComprehensivePage(self)
        self.ext_page = ExtendedPage(self)
        self.history_page = HistoryPage(self)
        self.relations_page = RelationsPage(self)
        self.visits_page = VisitsPage(self)
        self.tabs = QTabWidget(objectName="detailTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.comprehensive_page, self.tr("Comprehensive data"))
        self.tabs.addTab(self.ext_page, self.tr("Extended data"))
        self.tabs.addTab(self.history_page, self.tr("Assets and trading"))
        self.contribution_page = ContributionPage(self)      # 贡献度 and how 利差 was computed
        self.tabs.addTab(self.contribution_page, self.tr("Contribution"))
        self.tabs.addTab(self.relations_page, self.tr("Relationships and VIP"))
        self.tabs.addTab(self.visits_page, self.tr("Visits"))
        self.sms_page = CustomerSmsPage(self)          # 短信 sent to this customer
        self.tabs.addTab(self.sms_page, self.tr("SMS"))
        self.tabs.setEnabled(False)
        self.ext_page.dirty_changed.connect(self._dirty_changed)
        self.ext_page.saved.connect(self._ext_saved)

        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_box.rejected.connect(self.reject)
        close_box.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close_box)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_shortcut,
                  context=Qt.ShortcutContext.WindowShortcut)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh,
                  context=Qt.ShortcutContext.WindowShortcut)
        runner.unexpected_error.connect(self._unexpected)
        approval_requests.install_customer_detail(self)   # 解除 Request release… on the relationships page
        self.refresh()

    # tasks -------------------------------------------------------------------------------------------------
    def run(self, fn: Callable, *args: Any, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None, key: str | None = None):
        """fn(ctx, connector, *args) in a worker; results only while this window exists."""

        def succeeded(result: Any) -> None:
            if shiboken6.isValid(self):
                self._recheck_busy()
                if on_success is not None:
                    on_success(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self._recheck_busy()
                if on_failure is not None:
                    on_failure(error)
                else:
                    self.show_message(error_text(error))

        handle = self.runner.run(fn, self.connector, *args, on_success=succeeded, on_failure=failed,
                                 key=f"customer_detail:{id(self)}:{key}" if key else None)
        self._handles[key if key else object()] = handle
        self._recheck_busy()
        return handle

    @property
    def loading(self) -> bool:
        return any(not handle.done for handle in self._handles.values())

    def _recheck_busy(self) -> None:
        self._handles = {k: h for k, h in self._handles.items() if not h.done or isinstance(k, str)}
        self.busy.setVisible(self.loading)

    def _unexpected(self, error: BaseException) -> None:
        """A bug in some task (the runner logs and shows it): never leave a save hanging."""
        if not shiboken6.isValid(self):
            return
        self._recheck_busy()
        handle = self._handles.get("save_ext")
        if self.ext_page.saving and handle is not None and handle.done:
            self.ext_page._save_failed(error)
        handle = self._handles.get("visit_save")
        dialog = self.visits_page.visit_dialog
        if dialog is not None and handle is not None and handle.done and dialog.busy.isVisible():
            dialog.show_error(str(error))

    # loading -----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.run(common.load_all, self.customer_id, self.history_page.days(),
                 on_success=self._loaded, on_failure=self._load_failed, key="load")

    def reload_history(self) -> None:
        if self.detail is not None:
            self.run(common.load_history, self.customer_id, self.history_page.days(),
                     on_success=self.history_page.show_rows, on_failure=self._load_failed, key="history")

    def add_visit_when_loaded(self) -> None:
        """Show the visits page and open its "Add visit" form as soon as the customer is loaded
        (今日提醒's "Log a visit")."""
        self.tabs.setCurrentWidget(self.visits_page)
        if self.detail is not None:
            self.visits_page.add()
        else:
            self._add_visit_when_loaded = True

    def reload_visits(self, select: int | None = None) -> None:
        def loaded(visits: list[dict]) -> None:
            self.visits_page.show_visits(visits)
            if select is not None:
                self.visits_page.select(select)
            self.visits_changed.emit(self.customer_id)

        self.run(common.load_visits, self.customer_id, on_success=loaded, on_failure=self._load_failed,
                 key="visits")

    def _loaded(self, result: tuple[cd.CustomerDetail, list[dict], list[dict]]) -> None:
        detail, visits, history = result
        self.detail = detail
        self.message.hide()
        self.tabs.setEnabled(True)
        self._show_header(detail)
        self.comprehensive_page.show_detail(detail)
        self.ext_page.show_ext(detail.ext, detail.can_edit, detail.edit_refusal, detail.counter_mobile)
        self.relations_page.show_detail(detail)
        self.visits_page.show_visits(visits)
        self.history_page.show_rows(history)
        if self._add_visit_when_loaded:
            self._add_visit_when_loaded = False
            self.visits_page.add()

    def _load_failed(self, error: BaseException) -> None:
        if isinstance(error, CrmRefusal) and error.kind == "not_found":
            self.show_message(self.tr("This customer does not exist or is not visible to you."))
            self.detail = None
            self.tabs.setEnabled(False)
        elif isinstance(error, ConnectionLost):
            self.show_message(self.tr("Could not load: the connection was lost. Press Refresh to try again."))
        else:
            self.show_message(error_text(error))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _show_header(self, detail: cd.CustomerDetail) -> None:
        self.setWindowTitle(self.tr("%1 (%2) — Customer").replace("%1", detail.name).replace("%2", detail.account_no))
        self.name_label.setText(detail.name)
        self.sub_label.setText(self.tr("Account %1 · %2 (%3)").replace("%1", detail.account_no)
                               .replace("%2", detail.branch_name).replace("%3", detail.branch_code))
        if detail.vip is not None:
            background, color = VIP_COLORS.get(detail.vip["level"], VIP_COLORS[0])
            self.vip_badge.setText(vip_name(detail.vip))
            self.vip_badge.setStyleSheet(BADGE.format(background, color))
            self.vip_badge.setToolTip(self.tr("VIP level on %1").replace("%1", detail.vip["date_to"].isoformat()))
            self.vip_badge.show()
        else:
            self.vip_badge.hide()
        background, color = STATUS_COLORS.get(detail.status, STATUS_COLORS["normal"])
        self.status_badge.setText(status_label(detail.status))
        self.status_badge.setStyleSheet(BADGE.format(background, color))

    # extended data -------------------------------------------------------------------------------------------
    def save_shortcut(self) -> None:
        if self.ext_page.editable and self.ext_page.has_unsaved_changes():
            self.ext_page.save()

    def _dirty_changed(self, dirty: bool) -> None:
        index = self.tabs.indexOf(self.ext_page)
        self.tabs.setTabText(index, self.tr("Extended data") + (" *" if dirty else ""))

    def _ext_saved(self, ext: cd.ExtData) -> None:
        if self.detail is not None:
            self.detail.ext = ext
        self.ext_saved.emit(self.customer_id)

    # CrmTab-like hooks -----------------------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.ext_page.has_unsaved_changes()

    def save_changes(self) -> bool:
        """Save pending edits and wait for the answer; False when not saved."""
        return self.ext_page.save_and_wait() if self.has_unsaved_changes() else True

    def discard_changes(self) -> None:
        self.ext_page.discard()

    # closing ---------------------------------------------------------------------------------------------------------
    def _may_close(self) -> bool:
        if not self.has_unsaved_changes():
            return True
        self.tabs.setCurrentWidget(self.ext_page)
        answer = self.prompts.ask_unsaved(self)
        if answer == "save":
            return self.save_changes()
        if answer == "discard":
            self.discard_changes()
            return True
        return False

    def reject(self) -> None:
        """Esc, the Close button and the window's close box all end here."""
        if not self._may_close():
            return
        for key in ("load", "history", "visits"):
            handle = self._handles.get(key)
            if handle is not None and not handle.done:
                handle.cancel()
        if self.visits_page.visit_dialog is not None:
            self.visits_page.visit_dialog.reject()
        super().reject()
