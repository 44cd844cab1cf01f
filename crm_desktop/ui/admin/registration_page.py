"""登记本机: PCs that asked to be registered from the login dialog (申请登记本机). The branch
administrator approves one with a click, which binds its MACs to the account (moving the
binding from the old PC unless the policy allows several PCs per login), or rejects it. The
server decides who may (crm.decide_pc_registration)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from crm_desktop.services import pc_registration
from crm_desktop.ui.admin.common import AdminPage, fmt_datetime, fmt_list
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths


def _load(ctx, connector) -> list[dict]:
    return pc_registration.pending(connector.connection())


def _decide(ctx, connector, request_id: int, approve: bool) -> list[str]:
    return pc_registration.decide(connector.connection(), request_id, approve)


class RegistrationPage(AdminPage):
    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("PC registrations")
        self.model = RowTableModel([
            Column("login", self.tr("Login")),
            Column("staff_name", self.tr("Name")),
            Column("branch_code", self.tr("Branch")),
            Column("hostname", self.tr("Host")),
            Column("os_user", self.tr("OS user")),
            Column("macs", self.tr("MACs of the PC"), fmt_list),
            Column("bound_macs", self.tr("Bound now"), fmt_list),
            Column("requested_at", self.tr("Requested at"), fmt_datetime),
        ], self)
        self.view, self.proxy = make_table(self, self.model, "registrationTable")
        self.view.sortByColumn(7, Qt.SortOrder.DescendingOrder)
        set_column_widths(self.view, [10, 8, 6, 14, 10, 30, 30, 16])

        self.count_label = QLabel(objectName="registrationCount")
        self.count_label.setStyleSheet("color: #666;")
        self.approve_button = QPushButton(self.tr("Approve (bind this PC)"), objectName="approveRegistration")
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button = QPushButton(self.tr("Reject"), objectName="rejectRegistration")
        self.reject_button.clicked.connect(lambda: self.decide(False))
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="refreshRegistrations")
        self.refresh_button.clicked.connect(self.refresh)

        top = QHBoxLayout()
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.reject_button)
        top.addWidget(self.approve_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.proxy.modelReset.connect(self._selection_changed)
        self._selection_changed()
        self.add_refresh_shortcut()

    def refresh(self) -> None:
        self.run(_load, on_success=self._loaded, key="registrations", failure_title=self.title)

    def _loaded(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("%1 waiting").replace("%1", str(len(rows))))
        self._selection_changed()

    def selected(self) -> dict | None:
        indexes = self.view.selectionModel().selectedRows()
        return self.proxy.row(indexes[0]) if indexes else None

    def _selection_changed(self) -> None:
        own = (row := self.selected()) is not None and row["login"] == self.tab.info.login
        for button in (self.approve_button, self.reject_button):
            button.setEnabled(row is not None and not own)

    def decide(self, approve: bool) -> None:
        row = self.selected()
        if row is None:
            return
        self.run(_decide, row["id"], approve, on_success=lambda macs: self._decided(row, approve, macs),
                 failure_title=self.title)

    def _decided(self, row: dict, approve: bool, macs: list[str]) -> None:
        if approve:
            self.status.setText(self.tr("%1 may now sign in from %2 (bound: %3).").replace("%1", row["login"])
                                .replace("%2", row["hostname"]).replace("%3", fmt_list(macs)))
        else:
            self.status.setText(self.tr("Request of %1 from %2 rejected.").replace("%1", row["login"])
                                .replace("%2", row["hostname"]))
        self.refresh()
