"""审批 Approvals tab: 待我审批 Waiting for me, 我的申请 My requests, 审批历史 History and 预约
Reservations, with a detail pane beside the request lists.

The waiting count is the tab's badge on the main window ("审批 (3)"); it is re-read when the
server announces a change on the `crm_approvals` channel (LISTEN/NOTIFY, ui/notifications.py),
after each own action and on F5 — never by polling. Every query runs on the runner's workers.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton,
                               QSplitter, QTableView, QTabWidget, QToolButton, QVBoxLayout, QWidget)

from crm_desktop.services import approvals as ap
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui.approvals import common
from crm_desktop.ui.approvals.common import (customer_text, flow_label, fmt_date, fmt_datetime, is_stale,
                                             requester_text, status_color, status_label, step_text, subject_text,
                                             translate)
from crm_desktop.ui.messages import error_text
from crm_desktop.ui.approvals.detail import DetailPane
from crm_desktop.ui.approvals.dialogs import ApprovalPrompts
from crm_desktop.ui.approvals.models import KeysetModel
from crm_desktop.ui.empty_hint import EmptyHint
from crm_desktop.ui.tab_base import CrmTab
from crm_desktop.ui.table_model import Column

CHANNEL = "crm_approvals"
NOTIFY_DEBOUNCE_MS = 150
MESSAGE_STYLES = {
    "error": "background: #fdecea; color: #8a1c1c; border: 1px solid #f0b7b3; border-radius: 3px; padding: 6px;",
    "info": "background: #e8f4ea; color: #1b6b34; border: 1px solid #b8dcc0; border-radius: 3px; padding: 6px;",
}


BATCH_FLOWS = ("handover", "batch_entry")


def _customer_columns() -> list[Column]:
    return [Column("account_no", translate("Approvals", "Account")),
            Column("customer_name", translate("Approvals", "Customer name")),
            Column("open_date", translate("Approvals", "Opened on"), fmt_date),
            Column(lambda r: r.get("holder_name") or "", translate("Approvals", "Now held by"))]


def _request_customers(request_id: int, conn, after_id=None, limit: int = 200) -> list[dict]:
    return ap.request_customers(conn, request_id, after_id, limit)


def _columns(kind: str) -> list[Column]:
    number = Column("id", translate("Approvals", "No."), lambda v: f"#{v}", align=Qt.AlignmentFlag.AlignRight)
    flow = Column(flow_label_of, translate("Approvals", "Flow"))
    customer = Column(customer_text, translate("Approvals", "Customer"))
    subject = Column(subject_text, translate("Approvals", "Staff concerned"))
    requested = Column("requested_at", translate("Approvals", "Requested at"), fmt_datetime)
    note = Column("note", translate("Approvals", "Note"))
    status = Column(step_text, translate("Approvals", "Status / step"), foreground=lambda r: status_color(r.get("status")))
    if kind == "waiting":
        return [number, flow, customer, Column("branch_name", translate("Approvals", "Branch")), subject,
                Column(requester_text, translate("Approvals", "Requested by")), requested,
                Column(step_text, translate("Approvals", "Step")), note]
    if kind == "mine":
        return [number, flow, customer, subject, status, requested,
                Column("decided_at", translate("Approvals", "Decided at"), fmt_datetime), note]
    return [number, flow, customer, subject, Column(requester_text, translate("Approvals", "Requested by")),
            Column(lambda r: status_label(r.get("status")), translate("Approvals", "Status"),
                   foreground=lambda r: status_color(r.get("status"))),
            requested, Column("decided_at", translate("Approvals", "Decided at"), fmt_datetime), note]


def flow_label_of(row: dict) -> str:
    return flow_label(row)


def _who(row: dict) -> str:
    customer = customer_text(row)
    staff = subject_text(row)
    return " · ".join(p for p in (customer, staff) if p)


class RequestListPage(QWidget):
    """One request list (waiting / mine / history) read by keyset as the view scrolls."""

    FETCH = {"waiting": "waiting_page", "mine": "my_requests", "history": "history"}

    def _empty_text(self) -> str:
        if not self.model.loaded_once or self.model.loading:
            return ""
        if self.kind == "waiting":
            return self.tr("Nothing is waiting for your decision.")
        if self.kind == "mine":
            return self.tr("You have made no request yet. Claims, service assignments, releases and hand-overs "
                           "you ask for appear here until they are decided.")
        return self.tr("No decided request to show yet: requests you made or decided appear here once decided.")

    def __init__(self, tab: "ApprovalsTab", kind: str):
        super().__init__()
        self.tab, self.kind = tab, kind
        self.setObjectName(f"approvals_{kind}")
        self.model = KeysetModel(tab.runner, tab.connection, _columns(kind),
                                 fetch=getattr(ap, self.FETCH[kind]), parent=self)
        self.model.row_foreground = (lambda r: "#888888" if r.get("status") in ("withdrawn",) else None)
        self.view = QTableView(objectName=f"{kind}Table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if kind == "waiting"
                                   else QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._sized = False

        self.count_label = QLabel(objectName=f"{kind}Count")
        self.count_label.setStyleSheet("color: #666;")
        self.busy = QProgressBar(maximum=0, textVisible=False, objectName=f"{kind}Busy")
        self.busy.setFixedSize(72, 6)
        self.busy.hide()
        self.model.loading_changed.connect(self.busy.setVisible)
        self.model.loading_changed.connect(lambda _: self._update_count())
        self.model.rowsInserted.connect(lambda *_: self._update_count())
        self.model.rowsRemoved.connect(lambda *_: self._update_count())
        self.model.modelReset.connect(self._update_count)
        self.model.failed.connect(tab.show_refusal)
        self.model.reloaded.connect(self._reloaded)
        self.empty_hint = EmptyHint(self.view, self._empty_text)
        self.model.loading_changed.connect(self.empty_hint.refresh)

        self.tools = QHBoxLayout()
        self.tools.setContentsMargins(0, 0, 0, 0)
        refresh = QToolButton(objectName=f"{kind}Refresh", text=self.tr("Refresh"))
        refresh.setToolTip(self.tr("Reload the list (F5)"))
        refresh.clicked.connect(tab.refresh)
        bottom = QHBoxLayout()
        bottom.addLayout(self.tools)
        bottom.addStretch(1)
        bottom.addWidget(self.busy)
        bottom.addWidget(self.count_label)
        bottom.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bottom)
        layout.addWidget(self.view, 1)
        self._select_after: list[int] = []
        self.view.selectionModel().selectionChanged.connect(lambda *_: tab.selection_changed(self))
        self.view.selectionModel().currentRowChanged.connect(lambda *_: tab.selection_changed(self))

    # loading --------------------------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        if not self.model.loaded_once and not self.model.loading:
            self.reload()

    def reload(self) -> None:
        self._select_after = [r["id"] for r in self.selected_rows()] or self._select_after
        self.model.reload()

    def _fit_columns(self) -> None:
        """Once, when the first rows are there: columns as wide as their content, within reason."""
        if self._sized or not self.model.rowCount():
            return
        self._sized = True
        self.view.resizeColumnsToContents()
        widest = self.view.fontMetrics().horizontalAdvance("0") * 34
        for column in range(self.model.columnCount() - 1):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column) + 8, widest))

    def _reloaded(self) -> None:
        self._fit_columns()
        wanted, self._select_after = self._select_after, []
        for request_id in wanted:
            number = self.model.find(request_id)
            if number >= 0:
                self.view.selectionModel().select(
                    self.model.index(number, 0),
                    self.view.selectionModel().SelectionFlag.Select | self.view.selectionModel().SelectionFlag.Rows)
                if self.view.currentIndex().row() < 0:
                    self.view.setCurrentIndex(self.model.index(number, 0))
        self.tab.selection_changed(self)

    def _update_count(self) -> None:
        rows = self.model.rowCount()
        if not self.model.loaded_once:
            self.count_label.setText(self.tr("Loading…"))
            return
        text = self.tr("%1 requests").replace("%1", str(rows))
        if self.model.has_more:
            text = self.tr("%1+ requests (scroll for more)").replace("%1", str(rows))
        self.count_label.setText(text)

    # selection ---------------------------------------------------------------------------------------------
    def selected_rows(self) -> list[dict]:
        model = self.view.selectionModel()
        if model is None:
            return []
        numbers = sorted({index.row() for index in model.selectedRows()})
        return [row for row in (self.model.row(n) for n in numbers) if row is not None]

    def current_row(self) -> dict | None:
        index = self.view.currentIndex()
        if index.isValid() and self.view.selectionModel().isRowSelected(index.row(), index.parent()):
            return self.model.row(index.row())
        rows = self.selected_rows()
        return rows[0] if rows else None

    def select_ids(self, ids: list[int]) -> None:
        """Select these requests (tests and keyboard users)."""
        self.view.clearSelection()
        flags = self.view.selectionModel().SelectionFlag
        for number, request_id in enumerate(ids):
            row = self.model.find(request_id)
            if row >= 0:
                if number == 0:
                    self.view.setCurrentIndex(self.model.index(row, 0))
                self.view.selectionModel().select(self.model.index(row, 0), flags.Select | flags.Rows)


class ApprovalsTab(CrmTab):
    count_changed = Signal(int)        # requests waiting for me (the badge)

    def __init__(self, runner, connector, info, parent: QWidget | None = None,
                 prompts: ApprovalPrompts | None = None, badge_title: str | None = None,
                 listen: bool = True):
        super().__init__(parent)
        self.runner, self.connector, self.info = runner, connector, info
        self.prompts = prompts or ApprovalPrompts()
        self.badge_title = badge_title or self.tr("Approvals")
        self.waiting_count: int | None = None
        self.listener = None                 # this tab's own LISTEN connection (standalone use)
        self.shared_listener = None          # or the main window's (use_listener)
        self._handles: dict[str, Any] = {}
        self._deciding = False

        self.message = QLabel(objectName="approvalsMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.waiting_page = RequestListPage(self, "waiting")
        self.mine_page = RequestListPage(self, "mine")
        self.history_page = RequestListPage(self, "history")
        from crm_desktop.ui.approvals.reservations_page import ReservationsPage

        self.reservations_page = ReservationsPage(self)
        from crm_desktop.ui.approvals.review_page import ReviewPage

        # The review queue is for approvers (the server lists only their branches' items).
        self.review_page = ReviewPage(self) if "approve" in (getattr(info, "permissions", ()) or ()) else None

        # waiting: Approve / Reject
        self.approve_button = QPushButton(self.tr("Approve…"), objectName="approveButton")
        self.approve_button.setToolTip(self.tr("Approve the selected requests (Ctrl+Enter: at once, no comment)"))
        self.approve_button.clicked.connect(lambda: self.approve(ask=True))
        self.reject_button = QPushButton(self.tr("Reject…"), objectName="rejectButton")
        self.reject_button.setToolTip(self.tr("Reject the selected requests with a comment (Ctrl+Shift+Enter)"))
        self.reject_button.clicked.connect(lambda: self.reject())
        self.waiting_page.tools.addWidget(self.approve_button)
        self.waiting_page.tools.addWidget(self.reject_button)
        self.waiting_page.view.doubleClicked.connect(lambda _: self.approve(ask=True))
        # mine: Withdraw
        self.withdraw_button = QPushButton(self.tr("Withdraw…"), objectName="withdrawButton")
        self.withdraw_button.setToolTip(self.tr("Withdraw the selected request while it is pending"))
        self.withdraw_button.clicked.connect(lambda: self.withdraw())
        self.mine_page.tools.addWidget(self.withdraw_button)

        self.pages = QTabWidget(objectName="approvalPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.waiting_page, self.tr("Waiting for me"))
        self.pages.addTab(self.mine_page, self.tr("My requests"))
        self.pages.addTab(self.history_page, self.tr("History"))
        self.pages.addTab(self.reservations_page, self.tr("Reservations"))
        if self.review_page is not None:
            self.pages.addTab(self.review_page, self.tr("Review (待人工确认)"))
        from crm_desktop.ui.pool_recycling import page as pool_recycling

        self.recycling_page = pool_recycling.install_approvals(self)   # 公共池回收 (those who approve)
        self.pages.currentChanged.connect(self._page_changed)

        self.detail = DetailPane()
        self.request_customers = KeysetModel(self.runner, self.connection, _customer_columns(), parent=self,
                                             key="customer_id")
        self.request_customers.failed.connect(self.show_refusal)
        self.detail.attach_customers(self.request_customers)
        self._customers_of: int | None = None
        # mine: a hand-over or a batch entry of many customers, one request each
        self.handover_button = QPushButton(self.tr("Hand over customers…"), objectName="handoverButton")
        self.handover_button.setToolTip(self.tr("Hand a staff member's customers to a colleague (客户交接)"))
        self.handover_button.clicked.connect(lambda: self.open_batch_request("handover"))
        self.batch_entry_button = QPushButton(self.tr("Enter relationships…"), objectName="batchEntryButton")
        self.batch_entry_button.setToolTip(self.tr("Enter existing customers' relationships for a staff member "
                                                   "(存量关系录入)"))
        self.batch_entry_button.clicked.connect(lambda: self.open_batch_request("batch_entry"))
        self.mine_page.tools.addWidget(self.handover_button)
        self.mine_page.tools.addWidget(self.batch_entry_button)
        # Offered once the server has named someone the caller may give customers to.
        self.handover_button.hide()
        self.batch_entry_button.hide()
        self.run(common.load_handover_staff, on_success=self._offer_batch_requests)
        self.batch_dialog = None
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="approvalsSplitter")
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([860, 380])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=lambda: self.approve(ask=False), context=context)
        for keys in ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"):
            QShortcut(QKeySequence(keys), self, activated=lambda: self.reject(), context=context)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, activated=self.refresh, context=context)

        self._notify_timer = QTimer(self, singleShot=True, interval=NOTIFY_DEBOUNCE_MS)
        self._notify_timer.timeout.connect(self._server_changed)
        self._update_actions()
        self.refresh_count()
        if listen:
            self._listen()

    # connections ----------------------------------------------------------------------------------------
    def connection(self):
        """A connection of the current connector (read at each fetch: a re-login replaces it)."""
        return self.connector.connection()

    def set_connector(self, connector) -> None:
        """After a re-login: new connections, reload what is shown, listen again."""
        self.connector = connector
        if self.shared_listener is None:
            self._stop_listening()
            self._listen()
        self.refresh()

    def run(self, fn, *args, on_success=None, on_failure=None, key: str | None = None):
        """fn(ctx, connector, *args) in a worker; results only while this tab exists."""

        def succeeded(result: Any) -> None:
            if shiboken6.isValid(self) and on_success is not None:
                on_success(result)

        def failed(error: BaseException) -> None:
            if not shiboken6.isValid(self):
                return
            (on_failure or self.show_refusal)(error)

        handle = self.runner.run(fn, self.connector, *args, on_success=succeeded, on_failure=failed,
                                 key=f"approvals:{id(self)}:{key}" if key else None)
        if key:
            self._handles[key] = handle
        return handle

    # LISTEN crm_approvals --------------------------------------------------------------------------------
    def _listen(self) -> None:
        """A dedicated LISTEN connection (ui/notifications.py); parentless, so its thread is
        stopped by shutdown() (the main window calls it) or when this tab is destroyed."""
        from crm_desktop.ui.notifications import NotificationListener

        listener = NotificationListener(self.connector.dedicated_connection, [CHANNEL])
        listener.subscribe(CHANNEL, self._notified)
        listener.connected_changed.connect(self._listening_changed)
        self.destroyed.connect(lambda *_: listener.stop(timeout=1.0))
        self.listener = listener
        listener.start()

    def use_listener(self, listener) -> None:
        """Hear crm_approvals through the main window's listening connection instead of one of
        this tab's own (one LISTEN connection per client, not one per tab)."""
        self._stop_listening()
        self.shared_listener = listener
        listener.subscribe(CHANNEL, self._notified)
        listener.connected_changed.connect(self._listening_changed)

    def notification_channels(self) -> list[str]:
        return [CHANNEL]

    def _listening_changed(self, up: bool) -> None:
        if up and shiboken6.isValid(self):
            self.refresh_count()          # what changed while the connection was down

    def _stop_listening(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.stop(timeout=2.0)

    def _notified(self, payload: str = "") -> None:
        """A request changed somewhere: re-read the count (and the lists) once the burst is over."""
        if shiboken6.isValid(self):
            self._notify_timer.start()

    def _server_changed(self) -> None:
        self.refresh_count()
        # History too: it holds requests whose earlier step I decided, and their state moves on.
        for page in self.request_pages():
            if page.model.loaded_once and page.isVisible():
                page.reload()

    # badge ------------------------------------------------------------------------------------------------
    def refresh_count(self) -> None:
        self.run(common.count_waiting, on_success=self._count_arrived, on_failure=lambda _: None, key="count")

    def _count_arrived(self, count: int) -> None:
        self.waiting_count = int(count)
        self._show_badge()
        self.count_changed.emit(self.waiting_count)

    def badge_text(self) -> str:
        count = self.waiting_count or 0
        return f"{self.badge_title} ({count})" if count else self.badge_title

    def _show_badge(self) -> None:
        self.set_window_tab_title(self.badge_text(), self.tr("%1 requests wait for your decision").replace(
            "%1", str(self.waiting_count or 0)))
        index = self.pages.indexOf(self.waiting_page)
        count = self.waiting_count or 0
        self.pages.setTabText(index, self.tr("Waiting for me") + (f" ({count})" if count else ""))

    # pages ------------------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._show_badge()
        self.current_page().ensure_loaded()
        if self.listener is None and self.shared_listener is None:
            self.refresh_count()     # no LISTEN available: at least refresh when the tab is shown

    def current_page(self):
        return self.pages.currentWidget()

    def request_pages(self) -> list[RequestListPage]:
        return [self.waiting_page, self.mine_page, self.history_page]

    def _page_changed(self, _: int) -> None:
        page = self.current_page()
        self.detail.setVisible(isinstance(page, RequestListPage))
        if self.isVisible():
            page.ensure_loaded()
        if isinstance(page, RequestListPage):
            self.selection_changed(page)
        self._update_actions()

    def show_page(self, page: QWidget) -> QWidget:
        self.pages.setCurrentWidget(page)
        page.ensure_loaded()
        return page

    def refresh(self) -> None:
        """F5: the current list, the count, and the detail shown."""
        self.refresh_count()
        page = self.current_page()
        page.reload()

    # selection and detail ----------------------------------------------------------------------------------
    def selection_changed(self, page: RequestListPage) -> None:
        if page is not self.current_page():
            return
        self._update_actions()
        row = page.current_row()
        if row is None:
            self.detail.clear()
            return
        if self.detail.request is None or self.detail.request.get("id") != row["id"] \
                or self.detail.request.get("version") != row.get("version"):
            self.detail.show_request(row)
            if row.get("flow_code") in BATCH_FLOWS and self._customers_of != row["id"]:
                self._customers_of = row["id"]
                self.request_customers.set_fetch(partial(_request_customers, row["id"]))
            self.run(common.request_detail, row["id"], on_success=self._detail_arrived,
                     on_failure=self._detail_failed, key="detail")

    def _detail_arrived(self, detail: dict) -> None:
        if self.detail.request is not None and detail.get("id", self.detail.request.get("id")) == self.detail.request.get("id"):
            self.detail.show_detail(detail)

    def _detail_failed(self, error: BaseException) -> None:
        self.detail.loading.hide()
        self.show_refusal(error)

    def _update_actions(self) -> None:
        waiting = self.waiting_page.selected_rows()
        self.approve_button.setEnabled(bool(waiting) and not self._deciding)
        self.reject_button.setEnabled(bool(waiting) and not self._deciding)
        if waiting and len(waiting) > 1:
            self.approve_button.setText(self.tr("Approve %1…").replace("%1", str(len(waiting))))
            self.reject_button.setText(self.tr("Reject %1…").replace("%1", str(len(waiting))))
        else:
            self.approve_button.setText(self.tr("Approve…"))
            self.reject_button.setText(self.tr("Reject…"))
        mine = self.mine_page.current_row()
        self.withdraw_button.setEnabled(mine is not None and mine.get("can_withdraw", mine.get("status") == "pending")
                                        and not self._deciding)

    # messages ------------------------------------------------------------------------------------------------
    def set_message(self, text: str, error: bool = False) -> None:
        if not text:
            self.message.hide()
            return
        self.message.setText(text)
        self.message.setStyleSheet(MESSAGE_STYLES["error" if error else "info"])
        self.message.show()

    def show_refusal(self, error: BaseException) -> None:
        if isinstance(error, CrmRefusal):
            self.set_message(error_text(error), error=True)

    # deciding -------------------------------------------------------------------------------------------------
    def _summary(self, rows: list[dict]) -> str:
        lines = [f"#{r['id']} {flow_label(r)} — {_who(r)}" for r in rows[:8]]
        if len(rows) > 8:
            lines.append(self.tr("… and %1 more").replace("%1", str(len(rows) - 8)))
        return "\n".join(lines)

    def approve(self, ask: bool = True, comment: str | None = None) -> None:
        self._decide("approved", ask, comment)

    def reject(self, comment: str | None = None) -> None:
        self._decide("rejected", True if comment is None else False, comment)

    def _decide(self, decision: str, ask: bool, comment: str | None) -> None:
        if self.current_page() is not self.waiting_page or self._deciding:
            return
        rows = self.waiting_page.selected_rows()
        if not rows:
            self.set_message(self.tr("Select one or more requests in “Waiting for me” first."), error=True)
            return
        if ask:
            title = self.tr("Approve") if decision == "approved" else self.tr("Reject")
            head = (self.tr("Approve %1 request(s):") if decision == "approved"
                    else self.tr("Reject %1 request(s):")).replace("%1", str(len(rows)))
            comment = self.prompts.ask_comment(self, title, head + "\n" + self._summary(rows),
                                               required=(decision == "rejected"),
                                               ok_text=self.tr("Approve") if decision == "approved" else self.tr("Reject"))
            if comment is None:
                return
        self._deciding = True
        self._update_actions()
        self.set_message("")
        if len(rows) == 1:
            row = rows[0]
            self.run(common.decide, row["id"], row["current_step"], decision, comment or None,
                     on_success=lambda status: self._decided(row, decision, status),
                     on_failure=lambda error: self._decide_failed(row, error))
        else:
            items = [(r["id"], r["current_step"]) for r in rows]
            self.run(common.decide_many, items, decision, comment or None,
                     on_success=lambda results: self._decided_many(rows, decision, results),
                     on_failure=self._decide_failed_many)

    def _outcome_text(self, decision: str, status: str) -> str:
        if decision == "rejected" or status == "rejected":
            return self.tr("rejected")
        if status == "approved":
            return self.tr("approved: the change is in effect")
        if status == "pending":
            return self.tr("approved, passed on to the next step")
        if status == "failed":
            return self.tr("approved, but the change could no longer be applied (see the detail)")
        return status_label(status)

    def _decided(self, row: dict, decision: str, status: str) -> None:
        self._deciding = False
        self.set_message(self.tr("Request #%1 %2.").replace("%1", str(row["id"]))
                         .replace("%2", self._outcome_text(decision, status)), error=status == "failed")
        self._after_change([row["id"]])

    def _decide_failed(self, row: dict, error: BaseException) -> None:
        self._deciding = False
        self._update_actions()
        if is_stale(error):
            self.set_message(self.tr("Request #%1 was not changed: %2. The list has been refreshed.")
                             .replace("%1", str(row["id"])).replace("%2", error_text(error)), error=True)
            self._after_change([row["id"]])
        else:
            self.show_refusal(error)

    def _decide_failed_many(self, error: BaseException) -> None:
        self._deciding = False
        self._update_actions()
        self.show_refusal(error)
        self._after_change([])

    def _decided_many(self, rows: list[dict], decision: str, results: list) -> None:
        self._deciding = False
        by_id = {r["id"]: r for r in rows}
        summary = []
        for request_id, outcome in results:
            row = by_id.get(request_id, {"id": request_id})
            ok = not isinstance(outcome, BaseException)
            summary.append({"id": request_id, "flow": flow_label(row), "who": _who(row), "ok": ok,
                            "text": self._outcome_text(decision, outcome) if ok else error_text(outcome)})
        done = sum(1 for s in summary if s["ok"])
        self.set_message(self.tr("%1 of %2 requests done.").replace("%1", str(done)).replace("%2", str(len(summary))),
                         error=done < len(summary))
        self._after_change([r["id"] for r in rows])
        title = self.tr("Approve") if decision == "approved" else self.tr("Reject")
        self.prompts.show_results(self, title, summary)

    def _after_change(self, decided_ids: list[int]) -> None:
        """Take decided rows out of the list at once, then re-read the lists and the count."""
        self.waiting_page.model.remove(decided_ids)
        self.refresh_count()
        for page in self.request_pages():
            if page.model.loaded_once or page is self.current_page():
                page.reload()
        self.detail.request = None
        self._update_actions()

    # withdrawing ----------------------------------------------------------------------------------------------
    def withdraw(self) -> None:
        row = self.mine_page.current_row()
        if row is None or row.get("status") != "pending" or self._deciding:
            return
        if not self.prompts.confirm(self, self.tr("Withdraw request"),
                                    self.tr("Withdraw request #%1 (%2)? The approvers will no longer see it.")
                                    .replace("%1", str(row["id"])).replace("%2", _who(row)),
                                    self.tr("Withdraw")):
            return
        self._deciding = True
        self._update_actions()
        self.set_message("")
        self.run(common.withdraw, row["id"], on_success=lambda _: self._withdrawn(row),
                 on_failure=lambda error: self._decide_failed(row, error))

    def _withdrawn(self, row: dict) -> None:
        self._deciding = False
        self.set_message(self.tr("Request #%1 withdrawn.").replace("%1", str(row["id"])))
        self._after_change([row["id"]])

    def _offer_batch_requests(self, staff: list[dict]) -> None:
        modes = common.batch_request_modes(staff, self.info.login)
        self.handover_button.setVisible("handover" in modes)
        self.batch_entry_button.setVisible("batch_entry" in modes)

    def open_batch_request(self, mode: str, giver_login: str | None = None,
                           customer_ids: list[int] | None = None):
        """The hand-over / batch-entry dialog (ui/approvals/batch_requests.py), non-modal."""
        from crm_desktop.ui.approvals.batch_requests import BatchRequestDialog

        dialog = BatchRequestDialog(mode, self.run, self, giver_login=giver_login, customer_ids=customer_ids,
                                    own_login=self.info.login)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._batch_submitted(dialog.request_id))
        self.batch_dialog = dialog
        dialog.show()
        return dialog

    def _batch_submitted(self, request_id) -> None:
        self.set_message(self.tr("Request #%1 submitted; the approvers decide it step by step.")
                         .replace("%1", str(request_id)))
        self.request_created()

    # requests made elsewhere (customers tab, detail, admin) announce themselves here -----------------------
    def request_created(self) -> None:
        self.refresh_count()
        if self.mine_page.model.loaded_once:
            self.mine_page.reload()

    # lifetime -------------------------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._stop_listening()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop listening and cancel work in flight (the window closes, tests end)."""
        self._stop_listening()
        if not shiboken6.isValid(self):
            return
        self._notify_timer.stop()
        for handle in self._handles.values():
            if not handle.done:
                handle.cancel()
