"""Main window: tabs by right, status bar, idle lock, sign-out, forced sign-out keeping edits."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox, QVBoxLayout

from crm_desktop.db.connection import GuiThreadQueryError, enable_gui_thread_guard
from crm_desktop.services import auth
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.tab_base import CrmTab
from tests.support import TEST_PASSWORD


class EditorTab(CrmTab):
    """A tab with an editor, standing in for a customer form with unsaved edits."""

    def __init__(self):
        super().__init__()
        self.editor = QLineEdit()
        QVBoxLayout(self).addWidget(self.editor)
        self.saved = False

    def has_unsaved_changes(self) -> bool:
        return bool(self.editor.text()) and not self.saved

    def save_changes(self) -> bool:
        self.saved = True
        return True


def open_window(qtbot, runner, profile, login, tab_factories=None):
    conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
    connector = StaffConnector(profile, login, TEST_PASSWORD)
    connector.adopt(conn)
    window = MainWindow(runner, connector, info, profile, tab_factories=tab_factories)
    qtbot.addWidget(window)
    window.show()
    return window


def tab_keys(window):
    return [window.tabs.widget(i).objectName().removeprefix("tab_") for i in range(window.tabs.count())]


@pytest.fixture
def cleanup_connectors():
    windows = []
    yield windows
    for window in windows:
        window.connector.close()


def test_marketing_staff_has_no_admin_or_analysis_tab(qtbot, db, runner, profile, cleanup_connectors):
    db.make_staff("mkt_tabs", name="李营销")
    window = open_window(qtbot, runner, profile, "mkt_tabs")
    cleanup_connectors.append(window)
    assert tab_keys(window) == ["customers", "reminders", "approvals", "targets"]
    assert "李营销" in window.user_label.text() and "BR01" not in window.user_label.text()
    assert "北京金融街营业部" in window.user_label.text()
    assert "connected" in window.connection_label.text()


def test_analyst_and_admin_get_their_tabs(qtbot, db, runner, profile, cleanup_connectors):
    db.make_staff("ana_tabs", roles=("analyst",), scope="branch")
    window = open_window(qtbot, runner, profile, "ana_tabs")
    cleanup_connectors.append(window)
    assert tab_keys(window) == ["customers", "reminders", "approvals", "targets", "analysis", "sms"]
    db.make_staff("adm_tabs", roles=("branch_admin",))
    window2 = open_window(qtbot, runner, profile, "adm_tabs")
    cleanup_connectors.append(window2)
    assert tab_keys(window2)[-1] == "admin"


def test_status_bar_shows_last_t1_load(qtbot, db, runner, profile, cleanup_connectors):
    db.make_staff("mkt_load")
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.t1_load (trade_date, source) VALUES ('2026-11-20', 'test')")
    window = open_window(qtbot, runner, profile, "mkt_load")
    cleanup_connectors.append(window)
    assert "2026-11-20" in window.load_label.text()


def test_idle_lock_and_unlock(qtbot, db, runner, profile, cleanup_connectors):
    db.make_staff("mkt_idle")
    editor = EditorTab()
    window = open_window(qtbot, runner, profile, "mkt_idle", [("edit", "Edit", lambda: editor)])
    cleanup_connectors.append(window)
    editor.editor.setText("unsaved note")
    window.idle_limit_s = 1
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert not window.menuBar().isEnabled()
    window.lock_screen.password.setText("wrong-password")
    window.lock_screen.unlock_button.click()
    qtbot.waitUntil(lambda: "1 of 5" in window.lock_screen.message.text(), timeout=10000)
    window.idle_limit_s = 3600
    window.lock_screen.password.setText(TEST_PASSWORD)
    window.lock_screen.unlock_button.click()
    qtbot.waitUntil(lambda: not window.locked, timeout=10000)
    assert editor.editor.text() == "unsaved note"
    editor.saved = True  # let the window close without asking


def test_five_wrong_unlocks_sign_out(qtbot, db, runner, profile):
    db.make_staff("mkt_five")
    window = open_window(qtbot, runner, profile, "mkt_five")
    window.lock()
    with qtbot.waitSignal(window.logged_out, timeout=30000):
        for attempt in range(5):
            window.lock_screen.password.setText(f"wrong-{attempt}")
            window.lock_screen.unlock_button.click()
            qtbot.waitUntil(lambda: window.lock_screen.unlock_button.isEnabled(), timeout=10000)
    assert db.scalar("SELECT count(*) FROM crm.app_session WHERE login = 'mkt_five' AND closed_at IS NULL") == 0


def test_sign_out_asks_about_unsaved_edits(qtbot, db, runner, profile, monkeypatch, cleanup_connectors):
    db.make_staff("mkt_out")
    editor = EditorTab()
    window = open_window(qtbot, runner, profile, "mkt_out", [("edit", "Edit", lambda: editor)])
    editor.editor.setText("draft")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert window.request_logout() is False
    assert window.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    with qtbot.waitSignal(window.logged_out, timeout=10000):
        assert window.request_logout() is True
    assert editor.saved
    qtbot.waitUntil(lambda: db.scalar(
        "SELECT count(*) FROM crm.login_event WHERE login = 'mkt_out' AND outcome = 'logout'") == 1, timeout=5000)


def test_forced_sign_out_keeps_unsaved_edit_and_resumes(qtbot, db, runner, profile, cleanup_connectors):
    db.make_staff("mkt_forced")
    editor = EditorTab()
    window = open_window(qtbot, runner, profile, "mkt_forced", [("edit", "Edit", lambda: editor)])
    cleanup_connectors.append(window)
    editor.editor.setText("half-typed visit note")
    session_id = db.scalar("SELECT id FROM crm.app_session WHERE login = 'mkt_forced' AND closed_at IS NULL")
    with db.admin() as conn:
        conn.execute("SELECT crm.end_session(%s, 'test')", (session_id,))
    with qtbot.waitSignal(window.relogin_needed, timeout=10000) as blocker:
        window.idle.input_since_heartbeat = True
        window._heartbeat()
    assert "ended your session" in blocker.args[0]
    assert "disconnected" in window.connection_label.text()
    assert editor.editor.text() == "half-typed visit note"
    conn, info = auth.sign_in(profile, "mkt_forced", TEST_PASSWORD)
    connector = StaffConnector(profile, "mkt_forced", TEST_PASSWORD)
    connector.adopt(conn)
    old = window.connector
    window.resume(connector, info)
    old.close()
    assert "connected" in window.connection_label.text() and "dis" not in window.connection_label.text()
    assert editor.editor.text() == "half-typed visit note"
    editor.saved = True  # let the window close without asking


def test_gui_thread_never_runs_a_query(qtbot, db, runner, profile):
    db.make_staff("mkt_guard")
    connector = StaffConnector(profile, "mkt_guard", TEST_PASSWORD)
    enable_gui_thread_guard(True)
    try:
        with pytest.raises(GuiThreadQueryError):
            connector.connection()
        results = []
        runner.run(lambda ctx: connector.connection().execute("SELECT 1").fetchone()[0],
                   on_success=results.append)
        qtbot.waitUntil(lambda: results == [1], timeout=10000)
    finally:
        enable_gui_thread_guard(False)
        connector.close()


def test_view_menu_sets_the_gain_colour_convention(qtbot, db, runner, profile, cleanup_connectors):
    from crm_desktop.ui import gain_colours

    db.make_staff("mkt_colours")
    window = open_window(qtbot, runner, profile, "mkt_colours")
    cleanup_connectors.append(window)
    actions = window.gain_colour_actions
    assert actions[gain_colours.RED_GAINS].isChecked() and gain_colours.gain_colour() == gain_colours.RED
    with qtbot.waitSignal(gain_colours.notifier().changed):
        actions[gain_colours.GREEN_GAINS].trigger()
    assert actions[gain_colours.GREEN_GAINS].isChecked() and not actions[gain_colours.RED_GAINS].isChecked()
    assert (gain_colours.gain_colour(), gain_colours.loss_colour()) == (gain_colours.GREEN, gain_colours.RED)
    window2 = open_window(qtbot, runner, profile, "mkt_colours")      # remembered on this PC
    cleanup_connectors.append(window2)
    assert window2.gain_colour_actions[gain_colours.GREEN_GAINS].isChecked()
