"""登录: server profile, login, password; every refusal gets its own clear message."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPlainTextEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from crm_desktop.services import auth, machine, pc_registration, startup
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskContext
from crm_desktop.services import credentials_store
from crm_desktop.ui.messages import refusal_text
from crm_desktop.ui.password_dialog import ChangePasswordDialog
from crm_desktop.ui.tasks import TaskRunner


def _sign_in(ctx: TaskContext, profile: auth.ServerProfile, login: str, password: str):
    return auth.sign_in(profile, login, password)


def _request_registration(ctx: TaskContext, profile: auth.ServerProfile, login: str) -> None:
    pc_registration.request(profile, login)


def _reopen(ctx: TaskContext, conn) -> auth.SessionInfo:
    return auth.open_session(conn)


class LoginDialog(QDialog):
    """Emits `signed_in(profile, connection, session_info, password)` and accepts."""

    signed_in = Signal(object, object, object, str)

    def __init__(self, runner: TaskRunner, profiles: list[auth.ServerProfile], parent: QWidget | None = None,
                 *, fixed_login: str | None = None, reason: str = ""):
        super().__init__(parent)
        self.runner = runner
        self.settings = QSettings()
        self._profiles: list[auth.ServerProfile | None] = list(profiles)
        self._notice: auth.LoginNotice | None = None
        self.setWindowTitle(self.tr("Branch CRM — Sign in"))
        self.setMinimumWidth(460)

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Branch CRM"))
        title.setObjectName("loginTitle")
        title.setStyleSheet("font-size: 20px; font-weight: 600; margin-bottom: 6px;")
        layout.addWidget(title)
        if reason:
            reason_label = QLabel(reason, objectName="reasonLabel")
            reason_label.setWordWrap(True)
            reason_label.setStyleSheet("background: #fff4e5; padding: 6px; border-radius: 4px;")
            layout.addWidget(reason_label)

        form = QFormLayout()
        self.profile_combo = QComboBox(objectName="profileCombo")
        for profile in profiles:
            self.profile_combo.addItem(self._profile_label(profile))
        form.addRow(self.tr("Server:"), self.profile_combo)
        self.login_edit = QLineEdit(objectName="loginEdit", placeholderText=self.tr("employee login"))
        form.addRow(self.tr("Login:"), self.login_edit)
        self.password_edit = QLineEdit(objectName="passwordEdit", echoMode=QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Password:"), self.password_edit)
        layout.addLayout(form)

        checks = QHBoxLayout()
        self.remember_login = QCheckBox(self.tr("Remember my login"), objectName="rememberLogin")
        self.remember_password = QCheckBox(self.tr("Remember my password"), objectName="rememberPassword")
        self.remember_password.hide()
        checks.addWidget(self.remember_login)
        checks.addWidget(self.remember_password)
        checks.addStretch()
        layout.addLayout(checks)

        self.message = QLabel(objectName="loginMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.details = QPlainTextEdit(objectName="loginDetails", readOnly=True)
        self.details.setMaximumHeight(110)
        self.details.hide()
        self.copy_button = QPushButton(self.tr("Copy"), objectName="copyDetails")
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.details.toPlainText()))
        self.copy_button.hide()
        # Offered on the MAC refusal (FAQ 27/28): asks the branch administrator to register this PC.
        self.register_button = QPushButton(self.tr("Request registration of this PC"), objectName="registerPc")
        self.register_button.clicked.connect(self.request_registration)
        self.register_button.hide()
        details_buttons = QVBoxLayout()
        details_buttons.addWidget(self.copy_button)
        details_buttons.addWidget(self.register_button)
        details_buttons.addStretch(1)
        details_row = QHBoxLayout()
        details_row.addWidget(self.details)
        details_row.addLayout(details_buttons)
        layout.addLayout(details_row)

        self.busy = QProgressBar(objectName="loginBusy", textVisible=False)
        self.busy.setFixedHeight(6)
        self.busy.hide()
        layout.addWidget(self.busy)

        buttons = QHBoxLayout()
        self.forgot_button = QPushButton(self.tr("Forgot password?"), objectName="forgotButton", flat=True)
        self.forgot_button.clicked.connect(self.forgot_password)
        buttons.addWidget(self.forgot_button)
        buttons.addStretch()
        self.quit_button = QPushButton(self.tr("Exit"), objectName="quitButton")
        self.quit_button.clicked.connect(self.reject)
        self.login_button = QPushButton(self.tr("Sign in"), objectName="loginButton", default=True)
        self.login_button.clicked.connect(self.submit)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.login_button)
        layout.addLayout(buttons)

        remembered = self.settings.value("login/last_login", "", str)
        self.remember_login.setChecked(bool(remembered))
        if fixed_login:
            self.login_edit.setText(fixed_login)
            self.login_edit.setReadOnly(True)
        elif remembered:
            self.login_edit.setText(remembered)
        last_profile = self.settings.value("login/profile", "", str)
        for i, profile in enumerate(profiles):
            if profile is not None and profile.name == last_profile:
                self.profile_combo.setCurrentIndex(i)
        (self.password_edit if self.login_edit.text() else self.login_edit).setFocus()
        self.profile_combo.currentIndexChanged.connect(lambda _: self._refresh_notice())
        self._refresh_notice()

    # profiles -------------------------------------------------------------------------
    def _profile_label(self, profile: auth.ServerProfile | None) -> str:
        if profile is None or profile.embedded:
            return self.tr("This PC (embedded demo database)")
        return profile.describe()

    def current_profile(self) -> auth.ServerProfile | None:
        index = self.profile_combo.currentIndex()
        return self._profiles[index] if 0 <= index < len(self._profiles) else None

    def set_embedded_profile(self, profile: auth.ServerProfile) -> None:
        """The embedded server became ready (it starts in the background)."""
        for i, existing in enumerate(self._profiles):
            if existing is None or existing.embedded:
                self._profiles[i] = profile
        self._refresh_notice()
        if self.busy.isVisible() and self.message.property("preparing"):
            self.set_busy(False)
            self.message.setText("")
            self.message.setProperty("preparing", False)

    def show_preparing(self, stage: str, done: int, total: int) -> None:
        self.message.setProperty("preparing", True)
        self.busy.show()
        self.busy.setMaximum(max(total, 0))
        self.busy.setValue(done if total else 0)
        if stage == "server":
            self.message.setText(self.tr("Starting the local database…"))
        else:
            stages = {"staff": self.tr("staff accounts"), "customers": self.tr("customers"),
                      "customer_ext": self.tr("extended customer data"),
                      "customer_daily": self.tr("daily trading figures"), "indexes": self.tr("indexes"),
                      "vacuum analyze": self.tr("statistics")}
            label = stages.get(stage, stage)
            if total:
                label += f" {done:,}/{total:,}"
            self.message.setText(self.tr("Creating demo data (first start only): %1").replace("%1", label))
        self.login_button.setEnabled(False)

    def _refresh_notice(self) -> None:
        profile = self.current_profile()
        self.login_button.setEnabled(profile is not None)
        if profile is None:
            return
        self.runner.run(startup.fetch_notice, profile, "", on_success=self._notice_arrived, key="login-notice")

    def _notice_arrived(self, notice: auth.LoginNotice | None) -> None:
        self._notice = notice
        allowed = bool(notice and notice.remember_password_allowed) and credentials_store.available()
        self.remember_password.setVisible(allowed)
        if allowed:
            stored = credentials_store.load(self._store_key())
            if stored and not self.password_edit.text():
                self.password_edit.setText(stored)
                self.remember_password.setChecked(True)
        if notice and notice.maintenance and not self.message.text():
            self.message.setText(self.tr("The system is under maintenance: %1").replace("%1", notice.maintenance_message))

    def _store_key(self) -> str:
        profile = self.current_profile()
        return f"{profile.name if profile else ''}/{self.login_edit.text().strip().lower()}"

    # sign in --------------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        self.busy.setMaximum(0)
        self.busy.setVisible(busy)
        for widget in (self.login_button, self.login_edit, self.password_edit, self.profile_combo):
            widget.setEnabled(not busy)

    def show_message(self, text: str, details: str = "") -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
        self.details.setPlainText(details)
        self.details.setVisible(bool(details))
        self.copy_button.setVisible(bool(details))
        self.register_button.hide()
        self._fit_height()

    def _fit_height(self) -> None:
        """Back to the natural height once a refusal's message and details are gone (the
        dialog grew for them; without this the space stayed, empty)."""
        layout = self.layout()
        layout.activate()
        natural = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        self.resize(self.width(), max(natural, layout.minimumSize().height(), self.sizeHint().height()))

    def submit(self) -> None:
        login, password = self.login_edit.text().strip().lower(), self.password_edit.text()
        profile = self.current_profile()
        if not login or not password:
            self.show_message(self.tr("Enter your login and password."))
            return
        if profile is None:
            return
        self.show_message("")
        self.set_busy(True)
        self.runner.run(_sign_in, profile, login, password,
                        on_success=lambda result: self._signed_in(profile, password, *result),
                        on_failure=lambda error: self._refused(profile, login, password, error),
                        key="sign-in")

    def _signed_in(self, profile, password: str, conn, info: auth.SessionInfo) -> None:
        self.set_busy(False)
        self.settings.setValue("login/profile", profile.name)
        self.settings.setValue("login/last_login", info.login if self.remember_login.isChecked() else "")
        if self.remember_password.isVisible():
            key = self._store_key()
            if self.remember_password.isChecked():
                credentials_store.save(key, password)
            else:
                credentials_store.forget(key)
        self.signed_in.emit(profile, conn, info, password)
        self.accept()

    def _refused(self, profile, login: str, password: str, error: BaseException) -> None:
        self.set_busy(False)
        if not isinstance(error, CrmRefusal):
            self.show_message(self.tr("Unexpected error: %1").replace("%1", str(error)))
            return
        if error.kind == "mac_not_bound":
            self.show_message(refusal_text(error), self._pc_details(error))
            self.register_button.setEnabled(True)
            self.register_button.show()
        elif error.kind == "app_outdated":
            self.show_message(refusal_text(error), error.params["url"])
        elif error.kind == "password_change_required":
            self._first_login_change(profile, login, error.connection)
        else:
            self.show_message(refusal_text(error))
            if error.kind == "bad_credentials":
                self.password_edit.selectAll()
                self.password_edit.setFocus()

    @staticmethod
    def _pc_details(error: CrmRefusal) -> str:
        try:
            detail = json.loads(error.detail or "{}")
        except ValueError:
            detail = {}
        macs = detail.get("macs") or machine.local_macs()
        host = detail.get("hostname") or machine.hostname()
        return "\n".join([f"PC: {host}", *[f"MAC: {m}" for m in macs]])

    def request_registration(self) -> None:
        profile, login = self.current_profile(), self.login_edit.text().strip().lower()
        if profile is None or not login:
            return
        self.register_button.setEnabled(False)
        self.runner.run(_request_registration, profile, login, on_success=self._registration_requested,
                        on_failure=self._registration_failed, key="register-pc")

    def _registration_requested(self, _result) -> None:
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Your request to register this PC went to your branch administrator. "
                                     "Sign in again once they have approved it."))

    def _registration_failed(self, error: BaseException) -> None:
        self.register_button.setEnabled(True)
        self.show_message(refusal_text(error) if isinstance(error, CrmRefusal)
                          else self.tr("Unexpected error: %1").replace("%1", str(error)))

    def _first_login_change(self, profile, login: str, conn) -> None:
        dialog = ChangePasswordDialog(
            self.runner, profile, login, conn, ask_current=False, parent=self,
            reason=self.tr("This is your first sign-in or your password was reset: choose your own password."))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.new_password is None:
            self.runner.run(lambda ctx: conn.close())
            self.show_message(self.tr("You must change your password before you can continue."))
            return
        new_password = dialog.new_password
        self.password_edit.setText(new_password)
        self.set_busy(True)
        self.runner.run(_reopen, conn,
                        on_success=lambda info: self._signed_in(profile, new_password, conn, info),
                        on_failure=lambda error: self._refused(profile, login, new_password, error))

    def forgot_password(self) -> None:
        profile = self.current_profile()
        login = self.login_edit.text().strip().lower()
        if profile is None:
            return

        def show(notice: auth.LoginNotice | None) -> None:
            # The gate names an administrator only for an account it may talk about (frozen,
            # expired): for any other login it must not tell whether the login exists.
            if notice is not None and notice.admin_contact:
                text = self.tr("Your branch administrator %1 can reset your password. "
                               "You will get a temporary password to change at the next sign-in.").replace(
                    "%1", notice.admin_contact)
            else:
                text = self.tr("Your branch administrator can reset your password. "
                               "Enter your login first to see who that is.")
            QMessageBox.information(self, self.tr("Forgot password"), text)

        self.runner.run(startup.fetch_notice, profile, login, on_success=show, key="forgot")
