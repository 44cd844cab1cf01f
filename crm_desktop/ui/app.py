"""Application start-up and the sign-in / main window / sign-out cycle."""

from __future__ import annotations

import logging
import os
import sys
import warnings

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from crm_desktop import config
from crm_desktop.db.connection import enable_gui_thread_guard
from crm_desktop.services import auth, startup
from crm_desktop.services.connector import StaffConnector
from crm_desktop.services.tasks import TaskContext
from crm_desktop.ui.login_dialog import LoginDialog
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)
ORGANIZATION = "BranchCRM"
APPLICATION = "crm-desktop"


def install_translators(app: QApplication, language: str | None = None) -> str:
    """Chinese unless the user chose English (the product is for mainland branches)."""
    language = language or QSettings().value("ui/language", "zh_CN", str)
    if language.startswith("zh"):
        ours = str(config.data_dir("translations"))
        # The last installed translator is asked first: the supplement fills what qtbase_zh_CN lacks.
        for name, folder in (("crm_desktop_zh_CN", ours),
                             ("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                             ("qt_supplement_zh_CN", ours)):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return language


def _close_connector(ctx: TaskContext, connector: StaffConnector) -> None:
    connector.close()


def warm_up_customer_window(ctx: TaskContext) -> None:
    """Worker, after sign-in: import the customer window and its charting library (seconds on a
    cold PC) and draw once, so the first double-click on a customer shows the window at once."""
    from crm_desktop.ui.customer_detail import dialog, history_page  # noqa: F401 - the import is the point

    history_page.warm_up()


class AppController(QObject):
    def __init__(self, embedded: startup.EmbeddedDefault | None = None, parent: QObject | None = None):
        """`embedded`: how to seed and run the embedded server, needed when neither
        CRM_DATABASE_URL nor a server profile names another server."""
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.external_url = config.external_admin_url()
        self.hq_profiles = [] if self.external_url else startup.available_profiles()
        self.embedded_profile: auth.ServerProfile | None = None
        self.uses_embedded = not self.external_url and not self.hq_profiles
        if self.uses_embedded and embedded is None:
            raise ValueError("no server profile and no embedded default to start")
        self.embedded = embedded
        self.agent_stop = None
        self.window: MainWindow | None = None
        self.dialog: LoginDialog | None = None
        self.runner.unexpected_error.connect(self._unexpected)

    def profiles(self) -> list[auth.ServerProfile | None]:
        if self.external_url:
            return [auth.ServerProfile.from_conninfo("CRM_DATABASE_URL", self.external_url,
                                                     os.environ.get("CRM_GATE_PASSWORD"))]
        if self.hq_profiles:
            return list(self.hq_profiles)
        return [self.embedded_profile]

    def start(self) -> None:
        self.show_login()
        if self.uses_embedded:
            self.dialog.show_preparing("server", 0, 0)
            self.runner.run(startup.prepare_embedded, self.embedded.seed_demo, on_success=self._embedded_ready,
                            on_progress=lambda s, d, t: self.dialog and self.dialog.show_preparing(s, d, t),
                            on_failure=self._embedded_failed)

    def _embedded_ready(self, result) -> None:
        profile, admin_url = result
        self.embedded_profile = profile
        self.agent_stop = self.embedded.start_agent(admin_url)
        if self.dialog is not None:
            self.dialog.set_embedded_profile(profile)

    def _embedded_failed(self, error: BaseException) -> None:
        if self.dialog is not None:
            self.dialog.set_busy(False)
            self.dialog.show_message(self.tr("The local database could not start: %1").replace("%1", str(error)))

    # sign in ------------------------------------------------------------------------------------
    def show_login(self, fixed_login: str | None = None, reason: str = "") -> None:
        self.dialog = LoginDialog(self.runner, self.profiles(), parent=self.window,
                                  fixed_login=fixed_login, reason=reason)
        self.dialog.signed_in.connect(self._signed_in)
        self.dialog.rejected.connect(self._login_cancelled)
        if self.window is not None:
            self.dialog.setModal(True)
        self.dialog.show()

    def _login_cancelled(self) -> None:
        self.dialog = None
        if self.window is None:
            self.shutdown()
            QApplication.instance().quit()
        else:
            # Declined to sign in again after a forced logout: leave like a sign-out.
            self.window.force_logout()

    def _signed_in(self, profile, conn, info: auth.SessionInfo, password: str) -> None:
        self.dialog = None
        connector = StaffConnector(profile, info.login, password)
        connector.adopt(conn)
        if self.window is not None and self.window.info.login == info.login:
            old = self.window.connector
            self.window.resume(connector, info)
            self.runner.run(_close_connector, old)
            return
        self.window = MainWindow(self.runner, connector, info, profile)
        self.window.logged_out.connect(self._logged_out)
        self.window.relogin_needed.connect(self._relogin)
        self.window.show()
        self.runner.run(warm_up_customer_window, key="warm-up-customer-window")

    def _relogin(self, reason: str) -> None:
        if self.dialog is None and self.window is not None:
            self.show_login(fixed_login=self.window.info.login, reason=reason)

    def _logged_out(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
        self.show_login()

    def _unexpected(self, error: BaseException) -> None:
        QMessageBox.critical(self.window or self.dialog, self.tr("Unexpected error"),
                             self.tr("Something went wrong. Details were written to the log.\n\n%1")
                             .replace("%1", f"{type(error).__name__}: {error}"))

    def shutdown(self) -> None:
        if self.agent_stop is not None:
            self.agent_stop.set()
        self.runner.cancel_all()
        self.runner.wait(5000)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    return app


def main(embedded: startup.EmbeddedDefault, argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_application(argv)
    install_translators(app)
    enable_gui_thread_guard()
    controller = AppController(embedded)
    app.aboutToQuit.connect(controller.shutdown)
    controller.start()
    if os.environ.get("CRM_STARTUP_PROBE"):
        # `crm-admin bench startup`: report when the dialog can take input, then leave.
        import time

        from PySide6.QtCore import QTimer

        def report() -> None:
            print(f"interactive {time.time():.6f}", flush=True)
            app.quit()

        QTimer.singleShot(0, report)
    return app.exec()
