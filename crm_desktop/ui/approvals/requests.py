"""Approval requests started from other places (each wired with one line where it appears):

    install_customers(customers_tab)     # context menu: 认领 Claim from the public pool, Assign service staff…,
                                         # hand over / enter relationships for the selection
    install_customer_detail(dialog)      # relationships page: 解除 Request release…
    install_admin(admin_tab)             # Approval flows + Holidays pages (HQ), 调岗 Transfer… and 客户交接
                                         # Hand over… on the staff page

Each request runs in a worker; the answer ("request #N submitted", or the server's refusal)
is shown to the user, and the Approvals tab learns about it through NOTIFY crm_approvals.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QToolBar, QVBoxLayout, QWidget)

from crm_desktop.ui.admin.features import AdminTabParts
from crm_desktop.ui.approvals import common
from crm_desktop.ui.approvals.admin_pages import FlowsPage, HolidaysPage
from crm_desktop.ui.approvals.common import translate
from crm_desktop.ui.approvals.dialogs import ApprovalPrompts
from crm_desktop.ui.customers.features import CustomerList


def _submitted_text(request_id: Any) -> str:
    return translate("Approvals", "Request #%1 submitted. It appears under Approvals → My requests; the approvers "
                                  "decide it step by step.").replace("%1", str(request_id))


class _Requester(QObject):
    """Runs a request-making worker function for a widget and reports the outcome to the user."""

    def __init__(self, owner: QWidget, runner, connector_of, prompts: ApprovalPrompts | None):
        super().__init__(owner)
        self.owner, self.runner, self.connector_of = owner, runner, connector_of
        self.prompts = prompts or ApprovalPrompts()
        self.last_result: Any = None
        self.last_error: BaseException | None = None
        self.handle = None
        self.batch_dialog = None

    def submit(self, title: str, fn, *args) -> None:
        def succeeded(result: Any) -> None:
            if shiboken6.isValid(self.owner):
                self.last_result, self.last_error = result, None
                self.prompts.inform(self.owner, title, _submitted_text(result))

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self.owner):
                self.last_result, self.last_error = None, error
                self.prompts.show_error(self.owner, title, error)

        self.handle = self.runner.run(fn, self.connector_of(), *args, on_success=succeeded, on_failure=failed)

    def run(self, fn, *args, on_success=None, on_failure=None):
        """fn(ctx, connector, *args) in a worker; the answer only while the owner exists."""
        def guard(callback):
            return lambda value: callback(value) if callback is not None and shiboken6.isValid(self.owner) else None

        return self.runner.run(fn, self.connector_of(), *args, on_success=guard(on_success),
                               on_failure=guard(on_failure))

    def open_batch_request(self, mode: str, giver_login: str | None = None, customer_ids: list[int] | None = None):
        """The hand-over / batch-entry dialog (ui/approvals/batch_requests.py), non-modal; the
        outcome is told like every request's."""
        from crm_desktop.ui.approvals.batch_requests import BatchRequestDialog

        dialog = BatchRequestDialog(mode, self.run, self.owner, giver_login=giver_login, customer_ids=customer_ids,
                                    own_login=self.owner.info.login)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.prompts.inform(self.owner, dialog.windowTitle(),
                                                            _submitted_text(dialog.request_id)))
        self.batch_dialog = dialog
        dialog.show()
        return dialog


def _lay_out(dialog: QDialog, text: QLabel, form: QFormLayout, error: QLabel, ok_text: str, ok_name: str) -> None:
    """A request dialog: its explanation, the form, an error line, Submit / Cancel."""
    buttons = QDialogButtonBox()
    ok = QPushButton(ok_text, objectName=ok_name)
    ok.setDefault(True)
    buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)


class NoteDialog(QDialog):
    """A request's reason (note), optionally with a staff login; validation in the dialog."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None, ask_login: bool = False):
        super().__init__(parent)
        self.setObjectName("requestNoteDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        label = QLabel(text)
        label.setWordWrap(True)
        self.login = QLineEdit(objectName="requestLogin", maxLength=63)
        self.login.setPlaceholderText(self.tr("Login of the staff member, e.g. bj01_mkt03"))
        self.note = QPlainTextEdit(objectName="requestNote")
        self.note.setFixedHeight(80)
        self.note.setTabChangesFocus(True)
        self.error = QLabel(objectName="requestError")
        self.error.setStyleSheet("color: #8a1c1c;")
        self.error.hide()
        form = QFormLayout()
        if ask_login:
            form.addRow(self.tr("Staff login *:"), self.login)
        form.addRow(self.tr("Reason / note:"), self.note)
        _lay_out(self, label, form, self.error, self.tr("Submit"), "requestSubmit")
        self.ask_login = ask_login

    def accept(self) -> None:
        if self.ask_login and not self.login.text().strip():
            self.error.setText(self.tr("Enter the login of the staff member."))
            self.error.show()
            self.login.setFocus()
            return
        if len(self.note.toPlainText()) > 1000:
            self.error.setText(self.tr("The note is too long (at most 1000 characters)."))
            self.error.show()
            return
        super().accept()

    def values(self) -> tuple[str, str | None]:
        return self.login.text().strip(), self.note.toPlainText().strip() or None


class RequestPrompts(ApprovalPrompts):
    def ask_note(self, parent: QWidget, title: str, text: str, ask_login: bool = False) -> tuple[str, str | None] | None:
        """(login, note) or None when cancelled."""
        dialog = NoteDialog(title, text, parent, ask_login)
        return dialog.values() if dialog.exec() else None

    def ask_transfer(self, parent: QWidget, staff: dict, reference: dict) -> tuple[str, str, str | None] | None:
        dialog = TransferDialog(staff, reference, parent)
        return dialog.values() if dialog.exec() else None


# Customers tab: 认领 and assign service ---------------------------------------------------------------------

class CustomerRequests(_Requester):
    def __init__(self, tab: CustomerList, prompts: RequestPrompts | None = None):
        super().__init__(tab, tab.runner, lambda: tab.connector, prompts or RequestPrompts())
        self.tab = tab
        view = tab.view
        if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        separator = QAction(view)
        separator.setSeparator(True)
        view.addAction(separator)
        self.claim_action = QAction(translate("Approvals", "Claim from public pool (认领)…"), view,
                                    objectName="claimCustomer")
        self.claim_action.triggered.connect(lambda _=False: self.claim())
        self.assign_action = QAction(translate("Approvals", "Assign service staff…"), view, objectName="assignService")
        self.assign_action.triggered.connect(lambda _=False: self.assign())
        self.handover_action = QAction(translate("Approvals", "Hand over the selected customers (客户交接)…"), view,
                                       objectName="handoverCustomers")
        self.handover_action.triggered.connect(lambda _=False: self.batch("handover"))
        self.batch_entry_action = QAction(translate("Approvals", "Enter relationships for the selection (存量关系录入)…"),
                                          view, objectName="batchEntryCustomers")
        self.batch_entry_action.triggered.connect(lambda _=False: self.batch("batch_entry"))
        view.addAction(self.claim_action)
        view.addAction(self.assign_action)
        view.addAction(self.handover_action)
        view.addAction(self.batch_entry_action)
        # Offered once the server has named someone the caller may give customers to.
        self.handover_action.setVisible(False)
        self.batch_entry_action.setVisible(False)
        self.run(common.load_handover_staff, on_success=self._offer_batch_requests)
        view.customContextMenuRequested.connect(lambda *_: self._update())
        if view.selectionModel() is not None:
            view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        tab.model.modelReset.connect(self._update)
        self._update()

    def _customer(self) -> dict | None:
        if self.tab.selected_row_count() != 1:
            return None
        ids = self.tab.selected_customer_ids()
        if len(ids) != 1:
            return None
        index = self.tab.view.currentIndex()
        row = self.tab.model.row(index.row()) if index.isValid() else None
        return row if row is not None and row.get("id") == ids[0] else {"id": ids[0]}

    def _update(self) -> None:
        row = self._customer() if self.tab.view.selectionModel() is not None else None
        in_pool = row is not None and not row.get("developer") and row.get("in_public_pool", True) is not False
        self.claim_action.setEnabled(in_pool)
        self.assign_action.setEnabled(row is not None)
        selected = self.tab.selected_row_count() if self.tab.view.selectionModel() is not None else 0
        self.handover_action.setEnabled(selected > 0)
        self.batch_entry_action.setEnabled(selected > 0)

    def _offer_batch_requests(self, staff: list[dict]) -> None:
        modes = common.batch_request_modes(staff, self.tab.info.login)
        self.handover_action.setVisible("handover" in modes)
        self.batch_entry_action.setVisible("batch_entry" in modes)

    def batch(self, mode: str) -> None:
        """Hand over, or enter relationships for, the selected customers: one request listing them."""
        from crm_desktop.services.approvals import MAX_BATCH

        title = translate("Approvals", "Customers in one request")
        selected = self.tab.selected_row_count()
        if selected > MAX_BATCH:
            self.prompts.inform(self.tab, title, translate(
                "Approvals", "One request names at most %1 customers: select fewer.").replace("%1", str(MAX_BATCH)))
            return
        ids = self.tab.selected_customer_ids()
        if not ids:
            self.prompts.inform(self.tab, title, translate("Approvals", "Select the customers first."))
            return
        if len(ids) < selected:         # rows of pages not fetched yet: never a silent subset
            self.prompts.inform(self.tab, title, translate(
                "Approvals", "Only %1 of the %2 selected customers are loaded: scroll through the selection first, "
                             "or select fewer.").replace("%1", str(len(ids))).replace("%2", str(selected)))
            return
        self.open_batch_request(mode, customer_ids=ids)

    def _label(self, row: dict) -> str:
        name = row.get("name") or ""
        account = row.get("account_no") or str(row["id"])
        return f"{name} ({account})" if name else account

    def claim(self) -> None:
        title = translate("Approvals", "Claim customer (认领)")
        row = self._customer()
        if row is None:
            self.prompts.inform(self.tab, title, translate("Approvals", "Select one customer of the public pool first."))
            return
        if row.get("developer"):
            self.prompts.inform(self.tab, title, translate("Approvals", "%1 already has a developer (%2); only "
                                                                        "public-pool customers can be claimed.")
                                .replace("%1", self._label(row)).replace("%2", row["developer"]))
            return
        answer = self.prompts.ask_note(self.tab, title, translate(
            "Approvals", "Claim %1 from the public pool: a development relationship (开发关系) request goes to the "
                         "approvers.").replace("%1", self._label(row)))
        if answer is not None:
            self.submit(title, common.claim_customer, row["id"], answer[1])

    def assign(self) -> None:
        title = translate("Approvals", "Assign service staff (服务关系)")
        row = self._customer()
        if row is None:
            self.prompts.inform(self.tab, title, translate("Approvals", "Select one customer first."))
            return
        answer = self.prompts.ask_note(self.tab, title, translate(
            "Approvals", "Assign a service staff member to %1 (subject to approval).").replace("%1", self._label(row)),
            ask_login=True)
        if answer is not None:
            self.submit(title, common.assign_service, row["id"], answer[0], answer[1])


def install_customers(tab: CustomerList, prompts: RequestPrompts | None = None) -> CustomerRequests:
    return CustomerRequests(tab, prompts)


# Customer detail: 解除 ------------------------------------------------------------------------------------------------

class ReleaseRequests(_Requester):
    def __init__(self, dialog, prompts: RequestPrompts | None = None):
        super().__init__(dialog, dialog.runner, lambda: dialog.connector, prompts or RequestPrompts())
        self.dialog = dialog
        page = dialog.relations_page
        self.view = page.relationship_view
        self.proxy = page.relationship_proxy
        self.button = QPushButton(translate("Approvals", "Request release (解除)…"), objectName="requestRelease")
        self.button.setToolTip(translate("Approvals", "Ask to end the selected live relationship (subject to approval)"))
        self.button.clicked.connect(self.release)
        box_layout = self.view.parentWidget().layout() if self.view.parentWidget() is not None else None
        if box_layout is not None:
            box_layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.proxy.modelReset.connect(self._update)
        self._update()

    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.proxy.row(rows[0]) if rows else None

    def _update(self) -> None:
        row = self.selected()
        self.button.setEnabled(row is not None and row.get("status") == "live")

    def release(self) -> None:
        title = translate("Approvals", "Request release (解除)")
        row = self.selected()
        if row is None or row.get("status") != "live":
            self.prompts.inform(self.dialog, title, translate("Approvals", "Select a live relationship first."))
            return
        kind = common.kind_label(row.get("kind"))
        answer = self.prompts.ask_note(self.dialog, title, translate(
            "Approvals", "Release the %1 relationship with %2? The request goes to the approvers; the relationship "
                         "ends when the last step approves it.").replace("%1", kind)
            .replace("%2", row.get("staff_name") or ""))
        if answer is not None:
            self.submit(title, common.request_release, self.dialog.customer_id, row["kind"], answer[1])


def install_customer_detail(dialog, prompts: RequestPrompts | None = None) -> ReleaseRequests:
    existing = getattr(dialog, "release_requests", None)
    if existing is not None:
        existing.prompts = prompts or existing.prompts
        return existing
    feature = ReleaseRequests(dialog, prompts)
    dialog.release_requests = feature
    return feature


# Administration: flows, holidays, 调岗 ----------------------------------------------------------------------------------

class TransferDialog(QDialog):
    def __init__(self, staff: dict, reference: dict, parent: QWidget | None = None):
        super().__init__(parent)
        from crm_desktop.ui.admin.common import ref_name

        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("Transfer (调岗)"))
        self.setMinimumWidth(440)
        text = QLabel(self.tr("Move %1 (%2) to another staff type and/or branch. On approval their live "
                              "relationships are released first (the customers go to the public pool).")
                      .replace("%1", staff.get("name", "")).replace("%2", staff.get("login", "")))
        text.setWordWrap(True)
        self.staff_type = QComboBox(objectName="transferType")
        for item in reference.get("staff_types", []):
            self.staff_type.addItem(ref_name(item), item["code"])
        self.staff_type.setCurrentIndex(max(self.staff_type.findData(staff.get("staff_type")), 0))
        self.branch = QComboBox(objectName="transferBranch")
        for item in reference.get("branches", []):
            self.branch.addItem(f"{item.get('name')} ({item.get('code')})", item["code"])
        self.branch.setCurrentIndex(max(self.branch.findData(staff.get("branch_code")), 0))
        self.note = QPlainTextEdit(objectName="transferNote")
        self.note.setFixedHeight(70)
        self.error = QLabel(objectName="transferError")
        self.error.setStyleSheet("color: #8a1c1c;")
        self.error.hide()
        self.staff = staff
        form = QFormLayout()
        form.addRow(self.tr("New staff type:"), self.staff_type)
        form.addRow(self.tr("New branch:"), self.branch)
        form.addRow(self.tr("Reason / note:"), self.note)
        _lay_out(self, text, form, self.error, self.tr("Submit"), "transferSubmit")

    def accept(self) -> None:
        if (self.staff_type.currentData() == self.staff.get("staff_type")
                and self.branch.currentData() == self.staff.get("branch_code")):
            self.error.setText(self.tr("Choose another staff type or branch."))
            self.error.show()
            return
        super().accept()

    def values(self) -> tuple[str, str, str | None]:
        return self.staff_type.currentData(), self.branch.currentData(), self.note.toPlainText().strip() or None


class TransferAction(_Requester):
    def __init__(self, admin_tab: AdminTabParts, prompts: RequestPrompts | None = None):
        super().__init__(admin_tab, admin_tab.runner, lambda: admin_tab.connector, prompts or RequestPrompts())
        self.page = admin_tab.staff_page
        self.action = QAction(translate("Approvals", "Transfer (调岗)…"), self.page, objectName="transferStaff")
        self.action.setToolTip(translate("Approvals", "Request a staff type or branch change (subject to approval)"))
        self.action.triggered.connect(lambda _=False: self.transfer())
        # 调岗 or 销户 of someone with customers: hand them to a colleague first, instead of
        # releasing them all to the pool (the transfer waits while a hand-over is pending).
        self.handover_action = QAction(translate("Approvals", "Hand over customers (客户交接)…"), self.page,
                                       objectName="handoverStaff")
        self.handover_action.setToolTip(translate("Approvals", "Hand the selected staff member's customers to a "
                                                               "colleague before a transfer or closing the account"))
        self.handover_action.triggered.connect(lambda _=False: self.handover())
        toolbar = self.page.findChild(QToolBar, "staffToolbar")
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.action)
            toolbar.addAction(self.handover_action)
        self.page.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.page.proxy.modelReset.connect(self._update)
        self._update()

    def _update(self) -> None:
        row = self.page.selected()
        self.action.setEnabled(row is not None and row.get("status") == "active"
                               and row.get("login") != self.page.tab.info.login)
        self.handover_action.setEnabled(row is not None and row.get("status") != "closed")

    def handover(self) -> None:
        row = self.page.selected()
        if row is not None:
            self.open_batch_request("handover", giver_login=row["login"])

    def transfer(self) -> None:
        row = self.page.selected()
        if row is None:
            return
        answer = self.prompts.ask_transfer(self.page, row, self.page.reference)
        if answer is not None:
            self.submit(translate("Approvals", "Transfer (调岗)"), common.request_transfer, row["login"], *answer)


class AdminApprovals:
    """What install_admin adds to the Administration tab (the tab keeps it as tab.approval_parts)."""

    def __init__(self, admin_tab: AdminTabParts, prompts: RequestPrompts | None = None):
        self.transfer_action = TransferAction(admin_tab, prompts)
        self.flows_page: FlowsPage | None = None           # HQ administrators only
        self.holidays_page: HolidaysPage | None = None
        if not admin_tab.info.can("admin_all"):
            return
        self.flows_page = FlowsPage(admin_tab)
        self.holidays_page = HolidaysPage(admin_tab)
        for page, name in ((self.flows_page, "flows"), (self.holidays_page, "holidays")):
            page.setObjectName(f"admin_{name}")
            admin_tab.pages.addTab(page, page.title)


def install_admin(admin_tab: AdminTabParts, prompts: RequestPrompts | None = None) -> AdminApprovals:
    """HQ administrators get the Approval flows and Holidays pages; every administrator the
    Transfer action on the staff page (the server decides who may transfer whom)."""
    return AdminApprovals(admin_tab, prompts)
