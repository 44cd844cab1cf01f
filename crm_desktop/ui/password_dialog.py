"""修改密码: first login, after a reset, or from the user menu. The server checks the policy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QProgressBar,
                               QVBoxLayout)

from crm_desktop.services import auth
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskContext
from crm_desktop.ui.messages import refusal_text
from crm_desktop.ui.tasks import TaskRunner


def _change(ctx: TaskContext, conn_source, profile: auth.ServerProfile, login: str,
            current: str | None, new: str) -> None:
    if current is not None and not auth.verify_password(profile, login, current):
        raise CrmRefusal("bad_credentials", "current password is wrong")
    conn = conn_source() if callable(conn_source) else conn_source
    auth.change_password(conn, new)


class ChangePasswordDialog(QDialog):
    """`connection` is a connection (first login) or a callable giving the worker's connection."""

    def __init__(self, runner: TaskRunner, profile: auth.ServerProfile, login: str, connection,
                 ask_current: bool, reason: str = "", parent=None):
        super().__init__(parent)
        self.runner, self.profile, self.login, self.connection = runner, profile, login, connection
        self.new_password: str | None = None
        self.setWindowTitle(self.tr("Change password"))
        self.setMinimumWidth(420)

        layout = QVBoxLayout(self)
        if reason:
            intro = QLabel(reason)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        policy = QLabel(self.tr("At least 8 characters (12 recommended); not a common password; "
                                "must not contain your login."))
        policy.setWordWrap(True)
        policy.setObjectName("policyLabel")
        layout.addWidget(policy)

        form = QFormLayout()
        self.current_edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="currentPassword")
        self.new_edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="newPassword")
        self.repeat_edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="repeatPassword")
        if ask_current:
            form.addRow(self.tr("Current password:"), self.current_edit)
        form.addRow(self.tr("New password:"), self.new_edit)
        form.addRow(self.tr("Repeat new password:"), self.repeat_edit)
        layout.addLayout(form)

        self.message = QLabel(objectName="passwordMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.busy = QProgressBar(maximum=0, textVisible=False)
        self.busy.setFixedHeight(4)
        self.busy.hide()
        layout.addWidget(self.busy)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Change password"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.ask_current = ask_current

    def submit(self) -> None:
        new, repeat = self.new_edit.text(), self.repeat_edit.text()
        if self.ask_current and not self.current_edit.text():
            self.message.setText(self.tr("Enter your current password."))
            return
        if new != repeat:
            self.message.setText(self.tr("The two new passwords differ."))
            return
        if not new:
            self.message.setText(self.tr("Enter a new password."))
            return
        self._set_busy(True)
        current = self.current_edit.text() if self.ask_current else None
        self.runner.run(_change, self.connection, self.profile, self.login, current, new,
                        on_success=lambda _: self._done(new), on_failure=self._failed)

    def _done(self, new: str) -> None:
        self._set_busy(False)
        self.new_password = new
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, CrmRefusal) and error.kind == "bad_credentials":
            self.message.setText(self.tr("The current password is wrong."))
        elif isinstance(error, CrmRefusal):
            self.message.setText(refusal_text(error))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.buttons.setEnabled(not busy)
