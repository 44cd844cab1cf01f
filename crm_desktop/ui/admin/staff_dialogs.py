"""Dialogs of the staff accounts page: create / edit permissions, and the one-time password."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QRegularExpressionValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QProgressBar,
                               QPushButton, QVBoxLayout, QWidget)

from crm_desktop.services.staff_admin import SCOPES, StaffSpec
from crm_desktop.ui.admin.common import fmt_datetime, ref_name, translate

LOGIN_RE = re.compile(r"^[a-z][a-z0-9_]{2,31}$")


def scope_label(scope: str) -> str:
    return {"own": translate("Admin", "Own customers"), "subordinates": translate("Admin", "Own and subordinates' (下属)"),
            "branch": translate("Admin", "Whole branch (营业部)"), "all": translate("Admin", "All branches")}.get(scope, scope)


class CheckList(QListWidget):
    """A list of checkable (code, label) items."""

    def __init__(self, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setUniformItemSizes(True)

    def set_items(self, items: list[tuple[str, str]], checked: list[str] = ()) -> None:
        self.clear()
        for code, label in items:
            item = QListWidgetItem(label, self)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in checked else Qt.CheckState.Unchecked)
            item.setToolTip(code)

    def checked(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, codes: list[str] | tuple[str, ...]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in codes
                               else Qt.CheckState.Unchecked)


class StaffDialog(QDialog):
    """Create an account (mode 'create') or edit superior, roles, posts and scope ('edit').

    It does not talk to the server: `submitted` carries a StaffSpec (create) or a dict of
    changes (edit); the page runs it in a worker and calls `finish()` or `show_error()`.
    """

    submitted = Signal(object)

    def __init__(self, mode: str, reference: dict, staff: list[dict], default_branch: str | None,
                 row: dict | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        assert mode in ("create", "edit")
        self.mode, self.reference, self.staff, self.row = mode, reference, staff, row
        self.setObjectName("createStaffDialog" if mode == "create" else "editStaffDialog")
        self.setWindowTitle(self.tr("New staff account") if mode == "create"
                            else self.tr("Edit permissions — %1").replace("%1", row["login"]))
        self.setMinimumWidth(720)
        administered = [b for b in reference.get("branches", []) if b.get("administered")]

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.login_edit = QLineEdit(objectName="loginEdit", placeholderText=self.tr("e.g. zhang_wei"))
        self.login_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[a-z][a-z0-9_]{0,31}"),
                                                                 self.login_edit))
        self.name_edit = QLineEdit(objectName="nameEdit")
        self.branch_combo = QComboBox(objectName="branchCombo")
        for branch in administered:
            self.branch_combo.addItem(f"{branch['name']} ({branch['code']})", branch["code"])
        self.type_combo = QComboBox(objectName="typeCombo")
        for staff_type in reference.get("staff_types", []):
            self.type_combo.addItem(ref_name(staff_type), staff_type["code"])
        if mode == "create":
            form.addRow(self.tr("Login:"), self.login_edit)
            form.addRow(self.tr("Name:"), self.name_edit)
            form.addRow(self.tr("Branch (营业部):"), self.branch_combo)
            form.addRow(self.tr("Type:"), self.type_combo)
            index = self.branch_combo.findData(default_branch)
            self.branch_combo.setCurrentIndex(max(0, index))
            self.type_combo.setCurrentIndex(max(0, self.type_combo.findData("marketing")))
        else:
            types = {t["code"]: t for t in reference.get("staff_types", [])}
            form.addRow(self.tr("Login:"), QLabel(row["login"], objectName="loginLabel"))
            form.addRow(self.tr("Name:"), QLabel(row["name"]))
            form.addRow(self.tr("Branch (营业部):"), QLabel(f"{row['branch_name']} ({row['branch_code']})"))
            type_label = QLabel(ref_name(types.get(row["staff_type"]), row["staff_type"]))
            type_label.setToolTip(self.tr("A change of staff type goes through approval."))
            form.addRow(self.tr("Type:"), type_label)

        self.superior_combo = QComboBox(objectName="superiorCombo", editable=True)
        self.superior_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.superior_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.superior_combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        form.addRow(self.tr("Superior (上级员工):"), self.superior_combo)

        self.scope_combo = QComboBox(objectName="scopeCombo")
        for scope in SCOPES:
            self.scope_combo.addItem(scope_label(scope), scope)
        form.addRow(self.tr("Customer scope (客户范围):"), self.scope_combo)
        self.public_pool = QCheckBox(self.tr("Include the public pool (公有客户)"), objectName="publicPoolCheck")
        form.addRow("", self.public_pool)
        self.mac_binding = QCheckBox(self.tr("Sign-in only from bound PCs (MAC binding)"), checked=True,
                                     objectName="macBindingCheck")
        form.addRow("", self.mac_binding)

        self.roles = CheckList("rolesList")
        self.roles.set_items([(r["code"], ref_name(r)) for r in reference.get("roles", [])])
        self.posts = CheckList("postsList")
        self.posts.set_items([(p["code"], ref_name(p)) for p in reference.get("posts", [])])
        self.branch_scope = CheckList("branchScopeList")
        self._administered = administered

        lists = QVBoxLayout()
        for title, widget in ((self.tr("Roles"), self.roles), (self.tr("Approval posts (审批岗)"), self.posts),
                              (self.tr("Extra branches (营业部范围)"), self.branch_scope)):
            box = QGroupBox(title)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(6, 4, 6, 6)
            box_layout.addWidget(widget)
            widget.setMinimumHeight(60)
            lists.addWidget(box)
            if widget is self.branch_scope:
                self.branch_scope_box = box

        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addLayout(lists, 2)

        self.message = QLabel(objectName="dialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar(textVisible=False, objectName="dialogBusy")
        self.busy.setRange(0, 0)
        self.busy.setFixedHeight(4)
        self.busy.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create account") if mode == "create" else self.tr("Apply"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.branch_combo.currentIndexChanged.connect(lambda _: self._branch_changed())
        self._branch_changed()
        if mode == "edit":
            self._load(row)
        else:
            self.roles.set_checked(["marketing"])
            self.login_edit.setFocus()

    # fields ------------------------------------------------------------------------------------
    def _own_branch(self) -> str | None:
        return self.row["branch_code"] if self.mode == "edit" else self.branch_combo.currentData()

    def _branch_changed(self) -> None:
        own = self._own_branch()
        current = self.superior_login()
        self.superior_combo.clear()
        self.superior_combo.addItem(self.tr("(none)"), None)
        me = self.row["login"] if self.row else None
        candidates = sorted((s for s in self.staff if s["status"] != "closed" and s["login"] != me),
                            key=lambda s: (s["branch_code"] != own, s["branch_code"], s["login"]))
        for s in candidates:
            self.superior_combo.addItem(f"{s['login']} — {s['name']} ({s['branch_code']})", s["login"])
        self._select_superior(current)
        checked = self.branch_scope.checked()
        self.branch_scope.set_items([(b["code"], f"{b['name']} ({b['code']})") for b in self._administered
                                     if b["code"] != own], checked)
        self.branch_scope_box.setVisible(self.branch_scope.count() > 0)

    def _select_superior(self, login: str | None) -> None:
        index = self.superior_combo.findData(login) if login else 0
        if index < 0:
            self.superior_combo.setEditText(login or "")
        else:
            self.superior_combo.setCurrentIndex(index)

    def superior_login(self) -> str | None:
        text = self.superior_combo.currentText().strip()
        index = self.superior_combo.currentIndex()
        if index >= 0 and self.superior_combo.itemText(index) == text:
            return self.superior_combo.itemData(index)
        if not text or text == self.tr("(none)"):
            return None
        return text.split()[0].lower()

    def _load(self, row: dict) -> None:
        self._select_superior(row.get("superior_login"))
        self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(row["customer_scope"])))
        self.public_pool.setChecked(bool(row["public_pool"]))
        self.mac_binding.setChecked(bool(row["mac_binding_required"]))
        self.roles.set_checked(list(row.get("roles") or ()))
        self.posts.set_checked(list(row.get("posts") or ()))
        self.branch_scope.set_checked(list(row.get("branch_scope") or ()))

    # results -----------------------------------------------------------------------------------
    def spec(self) -> StaffSpec:
        return StaffSpec(login=self.login_edit.text().strip().lower(), name=self.name_edit.text().strip(),
                         branch=self.branch_combo.currentData() or "", superior=self.superior_login(),
                         staff_type=self.type_combo.currentData() or "marketing", roles=self.roles.checked(),
                         posts=self.posts.checked(), scope=self.scope_combo.currentData(),
                         public_pool=self.public_pool.isChecked(), branch_scope=self.branch_scope.checked(),
                         mac_binding=self.mac_binding.isChecked())

    def changes(self) -> dict:
        """What differs from the row: only these are sent to the server."""
        row, changes = self.row, {}
        superior = self.superior_login()
        if superior != row.get("superior_login"):
            changes["superior"] = superior
        for kind, widget in (("roles", self.roles), ("posts", self.posts)):
            before, after = set(row.get(kind) or ()), set(widget.checked())
            if after - before:
                changes[f"grant_{kind}"] = sorted(after - before)
            if before - after:
                changes[f"revoke_{kind}"] = sorted(before - after)
        if self.scope_combo.currentData() != row["customer_scope"]:
            changes["scope"] = self.scope_combo.currentData()
        if self.public_pool.isChecked() != bool(row["public_pool"]):
            changes["public_pool"] = self.public_pool.isChecked()
        if set(self.branch_scope.checked()) != set(row.get("branch_scope") or ()):
            changes["branch_scope"] = self.branch_scope.checked()
        if self.mac_binding.isChecked() != bool(row["mac_binding_required"]):
            changes["mac_binding"] = self.mac_binding.isChecked()
        return changes

    def submit(self) -> None:
        if self.mode == "create":
            spec = self.spec()
            if not LOGIN_RE.match(spec.login):
                self.show_error(self.tr("The login must be 3-32 characters: a-z first, then a-z, 0-9 or _."))
                self.login_edit.setFocus()
                return
            if not spec.name:
                self.show_error(self.tr("Enter the name."))
                self.name_edit.setFocus()
                return
            if not spec.branch:
                self.show_error(self.tr("You administer no branch."))
                return
            self.set_busy(True)
            self.submitted.emit(spec)
        else:
            changes = self.changes()
            if not changes:
                self.show_error(self.tr("Nothing changed."))
                return
            self.set_busy(True)
            self.submitted.emit(changes)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.ok_button.setEnabled(not busy)
        if busy:
            self.message.clear()

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.message.setText(text)

    def finish(self) -> None:
        self.set_busy(False)
        self.accept()


class TemporaryPasswordDialog(QDialog):
    """Shows a temporary password once, with a Copy button; forgets it when closed."""

    def __init__(self, login: str, name: str, password: str, expires_at: dt.datetime | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("temporaryPasswordDialog")
        self.setWindowTitle(self.tr("Temporary password"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Temporary password for %1 (%2):").replace("%1", name).replace("%2", login)))

        row = QHBoxLayout()
        self.password_edit = QLineEdit(password, objectName="temporaryPassword", readOnly=True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.password_edit.setFont(font)
        self.password_edit.setMinimumWidth(self.password_edit.fontMetrics().horizontalAdvance("M" * 18))
        row.addWidget(self.password_edit, 1)
        self.copy_button = QPushButton(self.tr("Copy"), objectName="copyPassword")
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.copy_button)
        layout.addLayout(row)

        hours = None
        if expires_at is not None:
            now = dt.datetime.now(expires_at.tzinfo) if expires_at.tzinfo else dt.datetime.now()
            hours = max(1, round((expires_at - now).total_seconds() / 3600))
        note = self.tr("It is shown only this once. It expires in %1 h (at %2) and must be changed at the "
                  "first sign-in.").replace("%1", str(hours or 24)).replace("%2", fmt_datetime(expires_at) or "—")
        self.note = QLabel(note, objectName="passwordNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.copied = QLabel(objectName="copiedLabel")
        self.copied.setStyleSheet("color: #1b7f3b;")
        layout.addWidget(self.copied)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.finished.connect(lambda _: self.password_edit.clear())

    def password(self) -> str:
        return self.password_edit.text()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.password_edit.text())
        self.copied.setText(self.tr("Copied to the clipboard."))
