"""员工账号: the staff accounts of the branches the administrator may see, and their actions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QToolBar, QToolButton,
                               QVBoxLayout)

from crm_desktop.services import admin_queries, machine, staff_admin
from crm_desktop.services.errors import ConnectionLost, CrmRefusal
from crm_desktop.services.staff_admin import StaffSpec
from crm_desktop.ui.admin.common import AdminPage, fmt_datetime, fmt_first, ref_name, translate
from crm_desktop.ui.table_model import make_table, set_column_widths
from crm_desktop.ui.admin.staff_dialogs import StaffDialog, TemporaryPasswordDialog, scope_label
from crm_desktop.ui.messages import refusal_text
from crm_desktop.ui.reasons import freeze_reason_text
from crm_desktop.ui.table_model import Column, RowTableModel

# Worker functions (run on a worker thread with its own connection) ------------------------------


def _load(ctx, connector) -> dict:
    conn = connector.connection()
    return {"staff": staff_admin.list_staff(conn), "reference": admin_queries.reference_data(conn)}


def _create(ctx, connector, spec: StaffSpec) -> dict:
    conn = connector.connection()
    password = staff_admin.create_staff(conn, spec)
    return {"password": password, "staff": staff_admin.show_staff(conn, spec.login)}


def _reset_password(ctx, connector, login: str) -> dict:
    conn = connector.connection()
    password = staff_admin.reset_password(conn, login)
    return {"password": password, "staff": staff_admin.show_staff(conn, login)}


def _freeze(ctx, connector, login: str, reason: str) -> None:
    staff_admin.freeze(connector.connection(), login, reason)


def _unfreeze(ctx, connector, login: str) -> None:
    staff_admin.unfreeze(connector.connection(), login)


def _close(ctx, connector, login: str) -> None:
    staff_admin.close(connector.connection(), login)


def _bind_macs(ctx, connector, login: str, macs: list[str], note: str | None) -> list[str]:
    conn = connector.connection()
    with conn.transaction():
        return [staff_admin.bind_mac(conn, login, mac, note) for mac in macs]


def _unbind_mac(ctx, connector, login: str, mac: str) -> None:
    staff_admin.unbind_mac(connector.connection(), login, mac)


def _apply_changes(ctx, connector, login: str, changes: dict) -> None:
    """Every change of the edit dialog in one transaction: all of them or none."""
    conn = connector.connection()
    with conn.transaction():
        if "superior" in changes:
            staff_admin.set_superior(conn, login, changes["superior"])
        if changes.get("revoke_roles") or changes.get("revoke_posts"):
            staff_admin.revoke(conn, login, changes.get("revoke_roles", []), changes.get("revoke_posts", []))
        if changes.get("grant_roles") or changes.get("grant_posts"):
            staff_admin.grant(conn, login, changes.get("grant_roles", []), changes.get("grant_posts", []))
        if {"scope", "public_pool", "branch_scope"} & changes.keys():
            staff_admin.set_scope(conn, login, changes.get("scope"), changes.get("public_pool"),
                                  changes.get("branch_scope"))
        if "mac_binding" in changes:
            staff_admin.set_mac_binding_required(conn, login, changes["mac_binding"])


# Status -------------------------------------------------------------------------------------------

def status_key(row: dict) -> str:
    """active / must_change / frozen / closed."""
    if row["status"] == "active" and row.get("must_change_password"):
        return "must_change"
    return row["status"]


def status_label(row: dict) -> str:
    key = status_key(row)
    if key == "frozen":
        reason = row.get("freeze_reason")
        if reason == "lockout":
            return translate("Admin", "Frozen (lockout)")
        return translate("Admin", "Frozen")
    return {"active": translate("Admin", "Active"), "must_change": translate("Admin", "Must change password"),
            "closed": translate("Admin", "Closed (销户)")}.get(key, key)


STATUS_COLORS = {"frozen": "#b00020", "closed": "#888888", "must_change": "#a05a00"}


def unbound_refused_macs(row: dict) -> list[str]:
    bound = set(row.get("macs") or ())
    return [mac for mac in (row.get("last_refused_macs") or ()) if mac not in bound]


class StaffPage(AdminPage):
    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("Staff accounts")
        self.reference: dict[str, list[dict]] = {"branches": [], "roles": [], "posts": [], "staff_types": []}
        self.dialog: StaffDialog | None = None
        self.password_dialog: TemporaryPasswordDialog | None = None
        self._select_after_load: str | None = None

        self.model = RowTableModel(self._columns(), self)
        self.model.set_row_foreground(lambda row: "#888888" if row["status"] == "closed" else None)
        self.view, self.proxy = make_table(self, self.model, "staffTable")
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        set_column_widths(self.view, [9, 8, 13, 11, 17, 9, 17, 14, 15, 18, 15])
        self.view.doubleClicked.connect(lambda _: self.edit_action.isEnabled() and self.edit_permissions())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        # filter row
        self.search = QLineEdit(objectName="staffSearch", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Filter: login, name, role, MAC…"))
        self.search.textChanged.connect(self._filter_changed)
        self.search.setMinimumWidth(260)
        self.search.setMaximumWidth(420)
        self.status_filter = QComboBox(objectName="statusFilter")
        for key, label in (("", self.tr("All statuses")), ("active", self.tr("Active")), ("must_change", self.tr("Must change password")),
                           ("frozen", self.tr("Frozen")), ("closed", self.tr("Closed (销户)")), ("open", self.tr("Not closed"))):
            self.status_filter.addItem(label, key)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.count_label = QLabel(objectName="staffCount")
        self.count_label.setStyleSheet("color: #666;")

        # actions
        self.refresh_action = self._action(self.tr("Refresh"), self.refresh, "F5", "refreshStaff")
        self.create_action = self._action(self.tr("New account…"), self.create_account, "Ctrl+N", "createStaff")
        self.edit_action = self._action(self.tr("Edit permissions…"), self.edit_permissions, "Ctrl+E", "editStaff")
        self.reset_action = self._action(self.tr("Reset password…"), self.reset_password, None, "resetPassword")
        self.freeze_action = self._action(self.tr("Freeze…"), self.freeze, None, "freezeStaff")
        self.unfreeze_action = self._action(self.tr("Unfreeze"), self.unfreeze, None, "unfreezeStaff")
        self.close_action = self._action(self.tr("Close account (销户)…"), self.close_account, None, "closeStaff")
        self.bind_action = self._action(self.tr("Bind MAC…"), self.bind_mac, None, "bindMac")
        self.unbind_action = self._action(self.tr("Unbind MAC…"), self.unbind_mac, None, "unbindMac")
        self.bind_refused_action = self._action(self.tr("Bind refused PC"), self.bind_refused_macs, None, "bindRefused")
        self.bind_refused_action.setToolTip(self.tr("Bind the MAC addresses of this account's last refused sign-in"))
        self.find_action = self._action(self.tr("Find"), lambda: (self.search.setFocus(), self.search.selectAll()),
                                        "Ctrl+F", "findStaff")

        toolbar = QToolBar(self, objectName="staffToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.create_action, self.edit_action, None, self.reset_action, self.freeze_action,
                       self.unfreeze_action, self.close_action, None, self.bind_action, self.unbind_action,
                       self.bind_refused_action):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.create_button: QToolButton = toolbar.widgetForAction(self.create_action)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.status_filter)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.busy)
        refresh_button = QToolButton(self, objectName="refreshStaffButton")
        refresh_button.setDefaultAction(self.refresh_action)
        top.addWidget(refresh_button)

        self.details = QLabel(objectName="staffDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setStyleSheet("color: #444; padding: 2px;")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.status)

        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.proxy.modelReset.connect(self._selection_changed)
        self._selection_changed()

    # construction helpers -------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: str | None, name: str) -> QAction:
        action = QAction(text, self, objectName=name)
        action.triggered.connect(lambda _=False: slot())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        return action

    def _columns(self) -> list[Column]:
        def names(kind: str):
            def render(codes) -> str:
                table = {r["code"]: r for r in self.reference.get(kind, [])}
                return ", ".join(ref_name(table.get(code), code) for code in codes or ())
            return render

        def scope_text(row: dict) -> str:
            text = scope_label(row["customer_scope"])
            if row.get("public_pool"):
                text += self.tr(" + public pool")
            if row.get("branch_scope"):
                text += " (+" + ", ".join(row["branch_scope"]) + ")"
            return text

        types = lambda code: ref_name({t["code"]: t for t in self.reference.get("staff_types", [])}.get(code), code)  # noqa: E731
        return [
            Column("login", self.tr("Login")),
            Column("name", self.tr("Name")),
            Column("branch_name", self.tr("Branch"), tooltip=lambda r: f"{r['branch_name']} ({r['branch_code']})"),
            Column("staff_type", self.tr("Type"), types),
            Column(lambda r: r, self.tr("Status"), status_label, sort_key=status_key,
                   foreground=lambda r: STATUS_COLORS.get(status_key(r)),
                   tooltip=lambda r: status_label(r) + (("\n" + self.tr("Reason: %1").replace(
                                                            "%1", freeze_reason_text(r["freeze_reason"])))
                                                        if r.get("freeze_reason") else "")),
            Column("superior_login", self.tr("Superior"),
                   tooltip=lambda r: r.get("superior_name")),
            Column("roles", self.tr("Roles"), names("roles")),
            Column("posts", self.tr("Posts (审批岗)"), names("posts")),
            Column(scope_text, self.tr("Scope (客户范围)")),
            Column("macs", self.tr("Bound MACs"), fmt_first,
                   tooltip=lambda r: "\n".join(r.get("macs") or ()) or None),
            Column("last_login_at", self.tr("Last login"), fmt_datetime),
        ]

    # loading -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.selected()
        if current is not None and self._select_after_load is None:
            self._select_after_load = current["login"]
        self.status.clear()
        self.run(_load, on_success=self._loaded, key="staff", failure_title=self.tr("Staff accounts"))

    def _loaded(self, result: dict) -> None:
        self.reference = result["reference"]
        self.model.set_rows(result["staff"])
        self._update_count()
        if self._select_after_load:
            self.select_login(self._select_after_load)
            self._select_after_load = None
        self._selection_changed()

    def select_login(self, login: str) -> bool:
        source_row = self.model.find(lambda r: r["login"] == login)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def rows(self) -> list[dict]:
        """The rows shown (after the filter), in view order."""
        return [self.proxy.row(i) for i in range(self.proxy.rowCount())]

    def _filter_changed(self, *_: Any) -> None:
        self.proxy.set_filter_text(self.search.text())
        wanted = self.status_filter.currentData()
        if not wanted:
            self.proxy.set_predicate(None)
        elif wanted == "open":
            self.proxy.set_predicate(lambda r: r["status"] != "closed")
        else:
            self.proxy.set_predicate(lambda r: status_key(r) == wanted)
        self._update_count()
        self._selection_changed()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(self.tr("%1 staff").replace("%1", str(total)) if shown == total else
                                 self.tr("%1 of %2 staff").replace("%1", str(shown)).replace("%2", str(total)))

    # selection ---------------------------------------------------------------------------------------
    def selected(self) -> dict | None:
        indexes = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.proxy.row(indexes[0]) if indexes else None

    def _administers(self, row: dict) -> bool:
        branches = {b["code"]: b for b in self.reference.get("branches", [])}
        return bool(branches.get(row["branch_code"], {}).get("administered"))

    def _selection_changed(self) -> None:
        row = self.selected()
        mine = row is not None and self._administers(row)
        open_ = mine and row["status"] != "closed"
        self.create_action.setEnabled(any(b.get("administered") for b in self.reference.get("branches", [])))
        # Four eyes: the server refuses changes to one's own roles, posts, scope and superior.
        own = row is not None and row["login"] == self.tab.info.login
        self.edit_action.setEnabled(open_ and not own)
        self.edit_action.setToolTip(self.tr("Another administrator changes your own permissions") if own else "")
        self.reset_action.setEnabled(open_)
        self.freeze_action.setEnabled(mine and row["status"] == "active")
        self.unfreeze_action.setEnabled(mine and row["status"] == "frozen")
        self.close_action.setEnabled(open_)
        self.bind_action.setEnabled(open_)
        self.unbind_action.setEnabled(mine and bool(row.get("macs")))
        refused = unbound_refused_macs(row) if open_ else []
        self.bind_refused_action.setEnabled(bool(refused))
        self.bind_refused_action.setText(self.tr("Bind refused PC (%1)").replace("%1", str(len(refused))) if refused
                                         else self.tr("Bind refused PC"))
        self.details.setText(self._details(row) if row else "")

    def _details(self, row: dict) -> str:
        parts = [f"<b>{row['login']}</b> {row['name']}"]
        if row.get("superior_login"):
            parts.append(self.tr("superior: %1").replace("%1", f"{row['superior_login']} {row.get('superior_name') or ''}"))
        if row["status"] == "frozen" and row.get("freeze_reason"):
            parts.append(self.tr("frozen: %1").replace("%1", freeze_reason_text(row["freeze_reason"])))
        if row.get("must_change_password") and row.get("password_expires_at"):
            parts.append(self.tr("temporary password valid until %1").replace("%1", fmt_datetime(row["password_expires_at"])))
        if not row.get("mac_binding_required"):
            parts.append(self.tr("MAC binding not required"))
        refused = unbound_refused_macs(row)
        if refused:
            parts.append(self.tr("last refused PC: %1").replace("%1", ", ".join(refused)))
        if row.get("closed_at"):
            parts.append(self.tr("closed %1").replace("%1", fmt_datetime(row["closed_at"])))
        parts.append(self.tr("created %1").replace("%1", fmt_datetime(row.get("created_at"))))
        return " · ".join(parts)

    def _context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        menu = QMenu(self)
        for action in (self.edit_action, None, self.reset_action, self.freeze_action, self.unfreeze_action,
                       self.close_action, None, self.bind_action, self.unbind_action, self.bind_refused_action,
                       None, self.create_action, self.refresh_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # actions -------------------------------------------------------------------------------------------
    def _mutate(self, fn, *args, login: str, title: str, on_success=None) -> None:
        def done(result):
            self._select_after_load = login
            if on_success is not None:
                on_success(result)
            self.refresh()
        self.run(fn, *args, on_success=done, failure_title=title)

    def create_account(self) -> StaffDialog:
        dialog = StaffDialog("create", self.reference, self.model.rows, self.tab.info.branch_code, parent=self)
        dialog.submitted.connect(lambda spec: self._submit_create(dialog, spec))
        self._keep_dialog(dialog)
        dialog.open()
        return dialog

    def _keep_dialog(self, dialog: StaffDialog) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog

        def finished(_: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
        dialog.finished.connect(finished)

    def _submit_create(self, dialog: StaffDialog, spec: StaffSpec) -> None:
        def created(result: dict) -> None:
            dialog.finish()
            self._select_after_load = spec.login
            self.refresh()
            self.show_password(result["staff"], result["password"])

        self.run(_create, spec, on_success=created, on_failure=lambda error: self._dialog_failed(dialog, error))

    def _dialog_failed(self, dialog: StaffDialog, error: BaseException) -> None:
        if isinstance(error, ConnectionLost):
            dialog.show_error(self.tr("Not connected: sign in again, then retry."))
        elif isinstance(error, CrmRefusal):
            dialog.show_error(refusal_text(error))
        else:
            dialog.show_error(str(error))

    def show_password(self, staff: dict, password: str) -> TemporaryPasswordDialog:
        if self.password_dialog is not None:
            self.password_dialog.close()
        dialog = TemporaryPasswordDialog(staff["login"], staff["name"], password, staff.get("password_expires_at"),
                                         parent=self)
        self.password_dialog = dialog

        def finished(_: int) -> None:
            if self.password_dialog is dialog:
                self.password_dialog = None
            dialog.deleteLater()
        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def edit_permissions(self) -> StaffDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = StaffDialog("edit", self.reference, self.model.rows, None, row=row, parent=self)
        dialog.submitted.connect(lambda changes: self._submit_edit(dialog, row["login"], changes))
        self._keep_dialog(dialog)
        dialog.open()
        return dialog

    def _submit_edit(self, dialog: StaffDialog, login: str, changes: dict) -> None:
        def applied(_):
            dialog.finish()
            self._select_after_load = login
            self.refresh()

        self.run(_apply_changes, login, changes, on_success=applied,
                 on_failure=lambda error: self._dialog_failed(dialog, error))

    def reset_password(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not self.tab.prompts.confirm(
                self, self.tr("Reset password"),
                self.tr("Give %1 (%2) a new temporary password? Their current password stops working and "
                   "they are signed out now.").replace("%1", row["name"]).replace("%2", row["login"]),
                self.tr("Reset password"), destructive=True):
            return
        self._mutate(_reset_password, row["login"], login=row["login"], title=self.tr("Reset password"),
                     on_success=lambda result: self.show_password(result["staff"], result["password"]))

    def freeze(self) -> None:
        row = self.selected()
        if row is None:
            return
        reason = self.tab.prompts.ask_text(
            self, self.tr("Freeze account"),
            self.tr("Freeze %1 (%2)? They are signed out now and cannot sign in until unfrozen.\n"
               "Reason (optional):").replace("%1", row["name"]).replace("%2", row["login"]))
        if reason is None:
            return
        self._mutate(_freeze, row["login"], reason.strip() or "administrator", login=row["login"],
                     title=self.tr("Freeze account"))

    def unfreeze(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not self.tab.prompts.confirm(self, self.tr("Unfreeze account"),
                                        self.tr("Unfreeze %1 (%2)? They can sign in again.")
                                        .replace("%1", row["name"]).replace("%2", row["login"]), self.tr("Unfreeze")):
            return
        self._mutate(_unfreeze, row["login"], login=row["login"], title=self.tr("Unfreeze account"))

    def close_account(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not self.tab.prompts.confirm(
                self, self.tr("Close account (销户)"),
                self.tr("Close the account of %1 (%2)? They can never sign in again. The account and its history "
                   "(customers, approvals, audit) are kept; it cannot be reopened.\n"
                   "Live customer relationships and subordinates must be handed over first.")
                .replace("%1", row["name"]).replace("%2", row["login"]), self.tr("Close account"), destructive=True):
            return
        self._mutate(_close, row["login"], login=row["login"], title=self.tr("Close account (销户)"))

    def bind_mac(self) -> None:
        row = self.selected()
        if row is None:
            return
        text = self.tab.prompts.ask_text(
            self, self.tr("Bind MAC"),
            self.tr("MAC address of the PC to bind to %1 (e.g. 00-1A-2B-3C-4D-5E):").replace("%1", row["login"]))
        if text is None or not text.strip():
            return
        mac = machine.normalize_mac(text)
        if mac is None:
            self.tab.prompts.show_refusal(self, self.tr("Bind MAC"), CrmRefusal(
                "invalid_input", self.tr('"%1" is not a MAC address (six hex pairs, e.g. 00-1A-2B-3C-4D-5E)')
                .replace("%1", text.strip())))
            return
        self._mutate(_bind_macs, row["login"], [mac], None, login=row["login"], title=self.tr("Bind MAC"))

    def unbind_mac(self) -> None:
        row = self.selected()
        if row is None or not row.get("macs"):
            return
        macs = list(row["macs"])
        if len(macs) == 1:
            mac = macs[0] if self.tab.prompts.confirm(
                self, self.tr("Unbind MAC"), self.tr("Unbind %1 from %2? That PC can no longer be used to sign in to "
                                           "this account.").replace("%1", macs[0]).replace("%2", row["login"]),
                self.tr("Unbind"), destructive=True) else None
        else:
            mac = self.tab.prompts.choose(self, self.tr("Unbind MAC"),
                                          self.tr("MAC address to unbind from %1:").replace("%1", row["login"]), macs)
        if not mac:
            return
        self._mutate(_unbind_mac, row["login"], mac, login=row["login"], title=self.tr("Unbind MAC"))

    def bind_refused_macs(self) -> None:
        row = self.selected()
        if row is None:
            return
        macs = unbound_refused_macs(row)
        if not macs:
            return
        if not self.tab.prompts.confirm(
                self, self.tr("Bind refused PC"),
                self.tr("The last sign-in of %1 was refused on a PC with these addresses:\n%2\n\n"
                   "Bind that PC to the account?").replace("%1", row["login"]).replace("%2", "\n".join(macs)),
                self.tr("Bind")):
            return
        self._mutate(_bind_macs, row["login"], macs, "bound from a refused sign-in", login=row["login"],
                     title=self.tr("Bind refused PC"))
