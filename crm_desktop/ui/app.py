"""Application start-up and the sign-in / main window / sign-out cycle."""

from __future__ import annotations

import html
import logging
import os
import sys
import warnings

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QSettings, Qt, QTimer, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from crm_desktop import config
from crm_desktop.db.connection import enable_gui_thread_guard
from crm_desktop.services import auth, startup
from crm_desktop.services.connector import StaffConnector
from crm_desktop.services.replica import ReadRouter
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
    ReadRouter.close_of(connector)
    connector.close()


def warm_up_customer_window(ctx: TaskContext) -> None:
    """Worker, after sign-in: import the customer window and its charting library (seconds on a
    cold PC) and draw once, so the first double-click on a customer shows the window at once."""
    from crm_desktop.ui.customer_detail import dialog, history_page  # noqa: F401 - the import is the point

    history_page.warm_up()


class AppController(QObject):
    embedded_ready = Signal()
    embedded_failed = Signal(str)
    main_window_shown = Signal()

    def __init__(self, embedded: startup.EmbeddedDefault | None = None, parent: QObject | None = None, *,
                 embedded_only: bool = False):
        """`embedded`: how to seed and run the embedded server, needed when neither
        CRM_DATABASE_URL nor a server profile names another server (`embedded_only`: never those,
        for the smoke check)."""
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.external_url = None if embedded_only else config.external_admin_url()
        self.hq_profiles = [] if self.external_url or embedded_only else startup.available_profiles()
        self.embedded_profile: auth.ServerProfile | None = None
        self.uses_embedded = not self.external_url and not self.hq_profiles
        if self.uses_embedded and embedded is None:
            raise ValueError("no server profile and no embedded default to start")
        self.embedded = embedded
        self.agent_stop = None
        self.window: MainWindow | None = None
        self.dialog: LoginDialog | None = None
        self.release_notice: QMessageBox | None = None
        self.runner.unexpected_error.connect(self._unexpected)

    def profiles(self) -> list[auth.ServerProfile | None]:
        if self.external_url:
            return [auth.ServerProfile.from_conninfo("CRM_DATABASE_URL", self.external_url,
                                                     os.environ.get("CRM_GATE_PASSWORD"),
                                                     analysis_hosts=config.analysis_hosts_override())]
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
        self.embedded_ready.emit()

    def _embedded_failed(self, error: BaseException) -> None:
        if self.dialog is not None:
            self.dialog.set_busy(False)
            self.dialog.show_message(self.tr("The local database could not start: %1").replace("%1", str(error)))
        self.embedded_failed.emit(str(error))

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
        if info.newer_release is not None:
            self._announce_release(info.newer_release)
        self.main_window_shown.emit()

    def _announce_release(self, release) -> None:
        """Non-blocking: the window stays usable; the notice closes with OK or the window."""
        from crm_desktop import __version__

        notice = QMessageBox(QMessageBox.Icon.Information, self.tr("New version available"),
                             html.escape(self.tr("Branch CRM %1 is available (this PC runs %2). Ask IT to install "
                                                 "it, or download it from:")
                                         .replace("%1", release.newest).replace("%2", __version__))
                             + f"<br><a href=\"{html.escape(release.download_url, quote=True)}\">"
                             + f"{html.escape(release.download_url)}</a>",
                             QMessageBox.StandardButton.Ok, self.window)
        notice.setObjectName("releaseNotice")
        notice.setTextFormat(Qt.TextFormat.RichText)
        notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        notice.setWindowModality(Qt.WindowModality.NonModal)
        notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        notice.show()
        self.release_notice = notice

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


class SmokeCheck(QObject):
    """`crm-desktop --smoke`: the whole start of a first run, unattended, for a built bundle or an
    install. On a throwaway embedded server (its own CRM_HOME, never an HQ profile) it waits for
    the server (created, migrated, seeded with a small demo), signs in through the login dialog
    as a demo login and exits 0 when the main window is shown; any refusal, failure or the time
    limit exits 1 with the reason on stderr. Figures go to stdout."""

    LOGIN = "bj01_director"
    TIME_LIMIT_S = 600

    def __init__(self, app: QApplication, controller: AppController, password: str):
        super().__init__(controller)
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        self.app = app
        self.controller = controller
        self.password = password
        controller.embedded_ready.connect(self._sign_in)
        controller.embedded_failed.connect(lambda reason: self._finish(1, f"embedded server failed: {reason}"))
        controller.main_window_shown.connect(self._signed_in)
        QTimer.singleShot(0, lambda: self._report("login dialog"))
        QTimer.singleShot(self.TIME_LIMIT_S * 1000, self._timed_out)

    def _report(self, stage: str) -> None:
        print(f"smoke: {stage} after {self.clock() - self.started:.2f} s", flush=True)

    def _sign_in(self) -> None:
        self._report("embedded server ready")
        dialog = self.controller.dialog
        dialog.login_edit.setText(self.LOGIN)
        dialog.password_edit.setText(self.password)
        dialog.submit()

    def _signed_in(self) -> None:
        self._report(f"signed in as {self.LOGIN}, main window shown")
        self._finish(0)

    def _timed_out(self) -> None:
        dialog = self.controller.dialog
        shown = dialog.message.text() if dialog is not None else ""
        self._finish(1, f"no main window after {self.TIME_LIMIT_S} s; login dialog says: {shown!r}")

    def _finish(self, code: int, problem: str = "") -> None:
        if problem:
            print(f"crm-desktop --smoke: {problem}", file=sys.stderr, flush=True)
        self.app.exit(code)


def run_smoke(embedded: startup.EmbeddedDefault, password: str, argv: list[str] | None = None) -> int:
    """`embedded` seeds a small demo (the entry point knows the demo generator; the GUI does not)
    and `password` is its logins' password."""
    import shutil
    import tempfile

    from crm_desktop.db import embedded as embedded_server

    configure_logging()      # the embedded server says which PostgreSQL it runs (the bundle's own)
    home = tempfile.mkdtemp(prefix="crm-smoke-")
    os.environ["CRM_HOME"] = home
    try:
        app = create_application(list(sys.argv if argv is None else argv))
        install_translators(app)
        enable_gui_thread_guard()
        controller = AppController(embedded, embedded_only=True)
        app.aboutToQuit.connect(controller.shutdown)
        SmokeCheck(app, controller, password)
        controller.start()
        code = app.exec()
        controller.shutdown()
        return code
    finally:
        embedded_server.stop()
        shutil.rmtree(home, ignore_errors=True)


def configure_logging() -> None:
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(embedded: startup.EmbeddedDefault, argv: list[str] | None = None) -> int:
    configure_logging()
    app = create_application(list(sys.argv if argv is None else argv))
    install_translators(app)
    enable_gui_thread_guard()
    controller = AppController(embedded)
    app.aboutToQuit.connect(controller.shutdown)
    controller.start()
    if os.environ.get("CRM_STARTUP_PROBE"):
        # `crm-admin bench startup`: report when the dialog can take input, then leave.
        import time

        def report() -> None:
            print(f"interactive {time.time():.6f}", flush=True)
            app.quit()

        QTimer.singleShot(0, report)
    return app.exec()
