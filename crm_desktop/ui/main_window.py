"""The main window: tabs by right, status bar, menus, idle lock, logout and forced logout."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QApplication, QLabel, QLineEdit, QMainWindow, QMessageBox, QPushButton,
                               QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

from crm_desktop import __version__, config
from crm_desktop.services import auth
from crm_desktop.services.connector import StaffConnector
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.replica import LAGGING, NOT_A_STANDBY, ReadRoute, ReadRouter
from crm_desktop.services.tasks import TaskContext
from crm_desktop.ui import gain_colours
from crm_desktop.ui.messages import refusal_text
from crm_desktop.ui.tab_base import CrmTab
from crm_desktop.ui.tasks import TaskRunner

MAX_UNLOCK_TRIES = 5
HEARTBEAT_MS = 60_000


class IdleWatcher(QObject):
    """Notices keyboard and mouse input anywhere in the application."""

    INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                    QEvent.Type.Wheel, QEvent.Type.TouchBegin}

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.last_input = time.monotonic()
        self.input_since_heartbeat = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in self.INPUT_EVENTS:
            self.last_input = time.monotonic()
            self.input_since_heartbeat = True
        return False

    def idle_seconds(self) -> float:
        return time.monotonic() - self.last_input


class LockScreen(QWidget):
    unlock_requested = Signal(str)
    logout_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockScreen")
        layout = QVBoxLayout(self)
        layout.addStretch()
        self.title = QLabel(objectName="lockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        layout.addWidget(self.title)
        self.password = QLineEdit(objectName="unlockPassword", echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setMaximumWidth(280)
        self.password.returnPressed.connect(lambda: self.unlock_requested.emit(self.password.text()))
        layout.addWidget(self.password, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel(objectName="unlockMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        self.unlock_button = QPushButton(self.tr("Unlock"), objectName="unlockButton")
        self.unlock_button.clicked.connect(lambda: self.unlock_requested.emit(self.password.text()))
        layout.addWidget(self.unlock_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        logout = QPushButton(self.tr("Sign out"), objectName="lockLogout", flat=True)
        logout.clicked.connect(self.logout_requested)
        layout.addWidget(logout, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()

    def reset(self, staff_name: str) -> None:
        self.title.setText(self.tr("Locked — %1").replace("%1", staff_name))
        self.password.clear()
        self.message.clear()
        self.password.setFocus()


def _verify(ctx: TaskContext, profile: auth.ServerProfile, login: str, password: str) -> bool:
    return auth.verify_password(profile, login, password)


def _touch(ctx: TaskContext, connector: StaffConnector) -> None:
    auth.touch_session(connector.connection())


def _close(ctx: TaskContext, connector: StaffConnector) -> None:
    ReadRouter.close_of(connector)
    connector.close()


class MainWindow(QMainWindow):
    logged_out = Signal()            # the user signed out (or the session could not be resumed)
    relogin_needed = Signal(str)     # the server ended the session; argument: reason text
    read_route_changed = Signal(object)     # services.replica.ReadRoute, emitted from a worker thread

    def __init__(self, runner: TaskRunner, connector: StaffConnector, info: auth.SessionInfo,
                 profile: auth.ServerProfile, tab_factories: list | None = None):
        super().__init__()
        self.runner, self.connector, self.info, self.profile = runner, connector, info, profile
        self.settings = QSettings()
        self._unlock_failures = 0
        self._closing_for_logout = False
        self.setWindowTitle(self.tr("Branch CRM — %1").replace("%1", info.staff_name))

        self.stack = QStackedWidget(self)
        self.tabs = QTabWidget(objectName="mainTabs")
        self.tabs.setDocumentMode(True)
        self.stack.addWidget(self.tabs)
        self.lock_screen = LockScreen()
        self.lock_screen.unlock_requested.connect(self.try_unlock)
        self.lock_screen.logout_requested.connect(self.force_logout)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)

        for key, title, factory in (tab_factories if tab_factories is not None else self.default_tabs()):
            widget = factory()
            widget.setObjectName(f"tab_{key}")
            self.tabs.addTab(widget, title)

        self._build_menus()
        self._build_status_bar()
        self._listen()

        self.idle = IdleWatcher(self)
        QApplication.instance().installEventFilter(self.idle)
        self.idle_limit_s = max(1, info.idle_minutes) * 60
        self.idle_timer = QTimer(self, interval=1000)
        self.idle_timer.timeout.connect(self._check_idle)
        self.idle_timer.start()
        self.heartbeat = QTimer(self, interval=HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self._heartbeat)
        self.heartbeat.start()
        self.runner.connection_lost.connect(self._on_connection_lost)

        geometry = self.settings.value(self._key("geometry"))
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 780)
        self.tabs.setCurrentIndex(int(self.settings.value(self._key("tab"), 0)))

    # construction -----------------------------------------------------------------------
    def default_tabs(self) -> list:
        tabs = [
            ("customers", self.tr("Customers"), self._customers_tab),
            ("reminders", self.tr("Reminders"), self._reminders_tab),
            ("approvals", self.tr("Approvals"), self._approvals_tab),
            ("targets", self.tr("Sales targets"), self._targets_tab),
        ]
        if self.info.can("analysis"):
            tabs.append(("analysis", self.tr("Analysis"), self._analysis_tab))
        if self.info.can("sms_send") or self.info.is_admin or self.info.customer_scope != "own":
            tabs.append(("sms", self.tr("SMS"), self._sms_tab))
        if self.info.is_admin:
            from crm_desktop.ui.admin.tab import AdminTab

            tabs.append(("admin", self.tr("Administration"),
                         lambda: AdminTab(self.runner, self.connector, self.info)))
        return tabs

    def _customers_tab(self) -> CrmTab:
        from crm_desktop.ui.customers.tab import CustomersTab

        return CustomersTab(self.runner, self.connector, self.info)

    def _reminders_tab(self) -> CrmTab:
        from crm_desktop.ui.reminders.tab import RemindersTab

        return RemindersTab(self.runner, self.connector, self.info, badge_title=self.tr("Reminders"))

    def _approvals_tab(self) -> CrmTab:
        from crm_desktop.ui.approvals.tab import ApprovalsTab

        # listen=False: it hears crm_approvals through the window's listener (_listen).
        return ApprovalsTab(self.runner, self.connector, self.info, badge_title=self.tr("Approvals"), listen=False)

    def _targets_tab(self) -> CrmTab:
        from crm_desktop.ui.targets.tab import SalesTargetsTab

        return SalesTargetsTab(self.runner, self.connector, self.info)

    def _analysis_tab(self) -> CrmTab:
        from crm_desktop.ui.analysis.tab import AnalysisTab

        tab = AnalysisTab(self.runner, self.connector, self.info)
        tab.open_customers.connect(self.show_customers)
        return tab

    def _sms_tab(self) -> CrmTab:
        from crm_desktop.ui.sms.tab import SmsTab

        return SmsTab(self.runner, self.connector, self.info)

    def show_customers(self, node) -> None:
        """Switch to the Customers tab with `node` as its filter (drill-down from Analysis)."""
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).objectName() == "tab_customers":
                self.tabs.setCurrentIndex(i)
                self.tabs.widget(i).apply_filter(node)
                return

    def show_reservation(self, reservation_id: int) -> None:
        """Switch to 审批 › 预约 with the reservation selected (from 今日提醒's expiring reservations)."""
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            if tab.objectName() == "tab_approvals":
                self.tabs.setCurrentIndex(i)
                tab.show_page(tab.reservations_page)
                tab.reservations_page.select_when_loaded(reservation_id)
                return

    def _key(self, name: str) -> str:
        return f"window/{self.info.login}/{name}"

    def _build_menus(self) -> None:
        account = self.menuBar().addMenu(self.tr("&Account"))
        self.change_password_action = QAction(self.tr("Change password…"), self)
        self.change_password_action.triggered.connect(self.change_password)
        self.lock_action = QAction(self.tr("Lock"), self, shortcut=QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.logout_action = QAction(self.tr("Sign out"), self, shortcut=QKeySequence("Ctrl+Shift+L"))
        self.logout_action.triggered.connect(self.request_logout)
        self.exit_action = QAction(self.tr("Exit"), self, shortcut=QKeySequence("Ctrl+Q"))
        self.exit_action.triggered.connect(self.close)
        for action in (self.change_password_action, self.lock_action, self.logout_action):
            account.addAction(action)
        account.addSeparator()
        account.addAction(self.exit_action)

        view = self.menuBar().addMenu(self.tr("&Language"))
        current = self.settings.value("ui/language", "zh_CN", str)
        for code, label in (("zh_CN", "中文"), ("en", "English")):
            action = QAction(label, self, checkable=True, checked=(code == current))
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            view.addAction(action)

        self._build_view_menu()

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("About Branch CRM"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_view_menu(self) -> None:
        """视图: how gains and losses are coloured in every table and chart (this PC)."""
        view = self.menuBar().addMenu(self.tr("&View"))
        colours = QActionGroup(self)
        self.gain_colour_actions: dict[str, QAction] = {}
        for code in gain_colours.CONVENTIONS:
            action = QAction(gain_colours.convention_label(code), self, checkable=True,
                             checked=(code == gain_colours.convention()))
            action.triggered.connect(lambda _=False, c=code: gain_colours.set_convention(c))
            colours.addAction(action)
            view.addAction(action)
            self.gain_colour_actions[code] = action

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel(f"{self.info.staff_name} ({self.info.login}) · {self.info.branch_name}",
                                 objectName="statusUser")
        self.profile_label = QLabel(self._profile_text(), objectName="statusProfile")
        load = self.info.last_load_date.isoformat() if self.info.last_load_date else self.tr("none")
        self.load_label = QLabel(self.tr("T+1 data: %1").replace("%1", load), objectName="statusLoad")
        self.connection_label = QLabel(objectName="statusConnection")
        self.set_connection_state(True)
        for widget in (self.user_label, self.profile_label, self.load_label):
            widget.setContentsMargins(6, 0, 12, 0)
            widget.setStyleSheet("border-right: 1px solid #c8c8c8;")
            bar.addWidget(widget)
        # Where heavy reads run; shown only when the profile names read replicas.
        self.read_route_label = QLabel(objectName="statusReadRoute")
        self.read_route_label.setContentsMargins(6, 0, 12, 0)
        self.read_route_label.setVisible(bool(self.profile.analysis_hosts))
        bar.addPermanentWidget(self.read_route_label)
        bar.addPermanentWidget(self.connection_label)
        self.read_route_changed.connect(self.show_read_route)
        self._follow_read_route()

    def _listen(self) -> None:
        """NOTIFY crm_t1_loaded (sent at the commit of a T+1 load) moves the status bar date."""
        from crm_desktop.ui.notifications import NotificationListener

        self._load_date = self.info.last_load_date
        channels = ["crm_t1_loaded"]
        for tab in self.crm_tabs():          # e.g. crm_approvals for the Approvals tab's badge
            channels += tab.notification_channels()
        # One LISTEN connection for the whole window. Late-bound: after a forced sign-out and a
        # new sign-in (resume) it reconnects with the new connector.
        self.notifications = NotificationListener(lambda: self.connector.dedicated_connection(), channels, self)
        self.notifications.subscribe("crm_t1_loaded", self._on_t1_loaded)
        for tab in self.crm_tabs():
            tab.use_listener(self.notifications)
        self.notifications.start()

    def _on_t1_loaded(self, payload: str) -> None:
        import datetime as dt

        try:
            loaded = dt.date.fromisoformat(payload.strip())
        except ValueError:
            return
        if self._load_date is None or loaded > self._load_date:
            self._load_date = loaded
            self.load_label.setText(self.tr("T+1 data: %1").replace("%1", loaded.isoformat()))

    def _profile_text(self) -> str:
        return self.tr("Server: embedded demo") if self.profile.embedded else \
            self.tr("Server: %1").replace("%1", self.profile.describe())

    def _follow_read_route(self) -> None:
        router = ReadRouter.of(self.connector)
        router.on_route = self.read_route_changed.emit
        if self.profile.analysis_hosts:
            self.show_read_route(router.route)

    def show_read_route(self, route: ReadRoute) -> None:
        """Say where the analysis, reports, group statistics and exports read; a fall-back to the
        primary also flashes in the status bar."""
        if not self.profile.analysis_hosts:
            return
        if route.on_replica:
            text = self.tr("Analysis: read replica")
        elif route.reason == LAGGING:
            text = self.tr("Analysis on the main server: the read replica is behind") if route.lag_seconds is None \
                else self.tr("Analysis on the main server: the read replica is %1 min behind").replace(
                    "%1", str(max(1, round(route.lag_seconds / 60))))
        elif route.reason == NOT_A_STANDBY:
            text = self.tr("Analysis on the main server: the configured read replica is not a replica")
        elif route.fell_back:
            text = self.tr("Analysis on the main server: the read replica cannot be reached")
        else:
            text = self.tr("Analysis: main server")
        self.read_route_label.setText(text)
        self.read_route_label.setToolTip(route.detail or route.host or "")
        self.read_route_label.setStyleSheet("color: #9a6700;" if route.fell_back else "")
        if route.fell_back:
            self.statusBar().showMessage(text, 15000)

    def set_connection_state(self, connected: bool) -> None:
        self.connection_label.setText(self.tr("● connected") if connected else self.tr("● disconnected"))
        self.connection_label.setStyleSheet("color: #1b7f3b;" if connected else "color: #b00020;")

    # tabs and unsaved edits -----------------------------------------------------------------
    def crm_tabs(self) -> list[CrmTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count()) if isinstance(self.tabs.widget(i), CrmTab)]

    def unsaved_tabs(self) -> list[CrmTab]:
        return [tab for tab in self.crm_tabs() if tab.has_unsaved_changes()]

    def _confirm_unsaved(self) -> bool:
        """Ask save / discard / cancel when any tab holds edits; False = cancel."""
        unsaved = self.unsaved_tabs()
        if not unsaved:
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("Some tabs have unsaved changes. Save them before signing out?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            return all(tab.save_changes() for tab in unsaved)
        for tab in unsaved:
            tab.discard_changes()
        return True

    # idle lock ---------------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.stack.currentWidget() is self.lock_screen

    def _check_idle(self) -> None:
        if not self.locked and self.idle.idle_seconds() >= self.idle_limit_s:
            self.lock()

    def lock(self) -> None:
        if self.locked:
            return
        self._unlock_failures = 0
        self.lock_screen.reset(self.info.staff_name)
        self.stack.setCurrentWidget(self.lock_screen)
        self.menuBar().setEnabled(False)
        self.lock_screen.password.setFocus()

    def try_unlock(self, password: str) -> None:
        if not password:
            return
        self.lock_screen.unlock_button.setEnabled(False)
        self.runner.run(_verify, self.profile, self.info.login, password,
                        on_success=lambda ok: self._unlock_result(ok, password),
                        on_failure=self._unlock_error, key="unlock")

    def _unlock_result(self, ok: bool, password: str) -> None:
        self.lock_screen.unlock_button.setEnabled(True)
        if ok:
            self.connector.set_password(password)
            self.idle.last_input = time.monotonic()
            self.stack.setCurrentWidget(self.tabs)
            self.menuBar().setEnabled(True)
            return
        self._unlock_failures += 1
        if self._unlock_failures >= MAX_UNLOCK_TRIES:
            self.force_logout()
            return
        self.lock_screen.password.clear()
        self.lock_screen.message.setText(self.tr("Wrong password (%1 of %2 tries).")
                                         .replace("%1", str(self._unlock_failures))
                                         .replace("%2", str(MAX_UNLOCK_TRIES)))

    def _unlock_error(self, error: BaseException) -> None:
        self.lock_screen.unlock_button.setEnabled(True)
        if isinstance(error, CrmRefusal):
            self.lock_screen.message.setText(refusal_text(error))

    def _heartbeat(self) -> None:
        if self.idle.input_since_heartbeat and not self.locked:
            self.idle.input_since_heartbeat = False
            self.runner.run(_touch, self.connector, key="heartbeat")

    # logout --------------------------------------------------------------------------------------
    def request_logout(self) -> bool:
        if not self._confirm_unsaved():
            return False
        self._logout()
        return True

    def force_logout(self) -> None:
        """Sign out without asking (too many unlock failures); unsaved edits are lost."""
        self._logout()

    def _logout(self) -> None:
        self._stop_timers()
        self.runner.cancel_all()
        self.runner.run(_close, self.connector, on_success=lambda _: self._finish_logout(),
                        on_failure=lambda _: self._finish_logout())

    def _finish_logout(self) -> None:
        self._closing_for_logout = True
        self.close()
        self.logged_out.emit()

    def _stop_timers(self) -> None:
        self.idle_timer.stop()
        self.heartbeat.stop()
        self.notifications.stop(timeout=2.0)
        for tab in self.crm_tabs():
            tab.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.settings.setValue(self._key("geometry"), self.saveGeometry())
        self.settings.setValue(self._key("tab"), self.tabs.currentIndex())
        if self._closing_for_logout:
            event.accept()
            return
        if not self._confirm_unsaved():
            event.ignore()
            return
        self._stop_timers()
        self.runner.cancel_all()
        self.runner.run(_close, self.connector)
        self.runner.wait(5000)
        event.accept()

    # the server ended the session ------------------------------------------------------------------
    def _on_connection_lost(self, error: CrmRefusal) -> None:
        self.set_connection_state(False)
        self.relogin_needed.emit(refusal_text(CrmRefusal("session_ended", error.message)))

    def resume(self, connector: StaffConnector, info: auth.SessionInfo) -> None:
        """Signed in again after a forced logout: keep every tab (and its unsaved edits)."""
        self.connector = connector
        self.info = info
        for tab in self.crm_tabs():
            tab.set_connector(connector)
        self._follow_read_route()
        self.set_connection_state(True)
        self.idle.last_input = time.monotonic()

    # misc ------------------------------------------------------------------------------------------
    def change_password(self) -> None:
        from crm_desktop.ui.password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.runner, self.profile, self.info.login, self.connector.connection,
                                      ask_current=True, parent=self)
        if dialog.exec() and dialog.new_password:
            self.connector.set_password(dialog.new_password)
            QMessageBox.information(self, self.tr("Change password"), self.tr("Your password was changed."))

    def set_language(self, code: str) -> None:
        self.settings.setValue("ui/language", code)
        QMessageBox.information(self, self.tr("Language"),
                                self.tr("The language changes the next time the application starts."))

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Branch CRM"), self.tr(
            "Branch CRM %1\nServer: PostgreSQL %2\nProfile: %3\nData directory: %4")
            .replace("%1", __version__).replace("%2", self.info.server_version)
            .replace("%3", self._profile_text()).replace("%4", str(config.crm_home())))
