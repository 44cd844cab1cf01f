"""The login dialog against the real server: every outcome shows its own message."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from crm_desktop.services import auth, machine
from crm_desktop.ui.login_dialog import LoginDialog
from crm_desktop.ui.password_dialog import ChangePasswordDialog
from tests.support import TEST_PASSWORD


@pytest.fixture
def dialog(qtbot, runner, profile):
    dlg = LoginDialog(runner, [profile])
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def sign_in(qtbot, dlg, login, password):
    dlg.login_edit.setText(login)
    dlg.password_edit.setText(password)
    qtbot.mouseClick(dlg.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.busy.isVisible() and dlg.login_button.isEnabled(), timeout=15000)


def signed_in_spy(qtbot, dlg):
    return qtbot.waitSignal(dlg.signed_in, timeout=15000)


def test_successful_sign_in_emits_session(qtbot, db, dialog):
    db.make_staff("mkt_ok", name="王小明")
    with signed_in_spy(qtbot, dialog) as blocker:
        sign_in(qtbot, dialog, "mkt_ok", TEST_PASSWORD)
    profile, conn, info, password = blocker.args
    assert info.login == "mkt_ok" and info.staff_name == "王小明" and password == TEST_PASSWORD
    conn.close()


def test_wrong_password(qtbot, db, dialog):
    db.make_staff("mkt_wrong")
    sign_in(qtbot, dialog, "mkt_wrong", "not-the-password")
    assert "Wrong login or password" in dialog.message.text()


def test_every_failure_states_the_lockout_policy_alike_for_any_login(qtbot, db, dialog):
    """Issue #12 item 8: after each failure the policy in words, the same for an existing and a
    non-existing login (nobody learns which logins exist)."""
    db.make_staff("mkt_wrong")
    with db.admin() as conn:
        conn.execute("""SELECT crm.update_policy('{"lockout_threshold": 4, "lockout_minutes": 20}')""")
    sign_in(qtbot, dialog, "mkt_wrong", "not-the-password")
    existing = dialog.message.text()
    sign_in(qtbot, dialog, "nobody_here", "not-the-password")
    assert dialog.message.text() == existing
    assert "After 4 wrong passwords within 15 minutes" in existing and "locked for 20 minutes" in existing


def test_locked_account_says_until_when(qtbot, db, dialog):
    from psycopg.types.json import Jsonb

    db.make_staff("mkt_locked")
    with db.admin() as conn:
        conn.execute("SET ROLE crm_agent")
        conn.execute("SELECT crm.agent_ingest_auth_log('zzzz-synthetic.json', 0, 1, %s)",
                     (Jsonb([{"kind": "failure", "user": "mkt_locked"}] * 5),))
        conn.execute("RESET ROLE")
    sign_in(qtbot, dialog, "mkt_locked", TEST_PASSWORD)
    assert "locked until" in dialog.message.text()


def test_frozen_account_tells_to_call_administrator(qtbot, db, dialog):
    db.make_staff("adm_br", name="刘管理", roles=("branch_admin",))
    db.make_staff("mkt_frozen")
    with db.admin() as conn:
        conn.execute("SELECT crm.freeze_staff('mkt_frozen', 'test')")
    sign_in(qtbot, dialog, "mkt_frozen", TEST_PASSWORD)
    assert "frozen" in dialog.message.text() and "刘管理" in dialog.message.text()


def test_unregistered_pc_shows_copyable_macs_and_hostname(qtbot, db, dialog):
    db.make_staff("mkt_newpc", bind_this_pc=False)
    sign_in(qtbot, dialog, "mkt_newpc", TEST_PASSWORD)
    assert "not registered" in dialog.message.text()
    details = dialog.details.toPlainText()
    assert dialog.details.isVisible() and dialog.copy_button.isVisible()
    assert machine.hostname() in details
    assert all(mac in details for mac in machine.local_macs())
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QGuiApplication
    assert QGuiApplication.clipboard().text() == details



def test_dialog_gives_back_the_height_of_a_refusal(qtbot, db, dialog):
    """Issue #12 item 15: after a refusal with details, the next attempt leaves no empty space."""
    qtbot.waitExposed(dialog)
    natural = dialog.height()
    db.make_staff("mkt_newpc2", bind_this_pc=False)
    sign_in(qtbot, dialog, "mkt_newpc2", TEST_PASSWORD)
    grown = dialog.height()
    assert dialog.details.isVisible() and grown > natural
    dialog.show_message("")
    assert not dialog.details.isVisible() and dialog.height() <= natural + 2


def test_administrator_binds_mac_then_user_signs_in(qtbot, db, dialog):
    db.make_staff("mkt_bindme", bind_this_pc=False)
    sign_in(qtbot, dialog, "mkt_bindme", TEST_PASSWORD)
    assert "not registered" in dialog.message.text()
    with db.admin() as conn:
        conn.execute("SELECT crm.bind_mac('mkt_bindme', %s)", (machine.local_macs()[0],))
    with signed_in_spy(qtbot, dialog) as blocker:
        sign_in(qtbot, dialog, "mkt_bindme", TEST_PASSWORD)
    blocker.args[1].close()


def test_maintenance_message(qtbot, db, dialog):
    db.make_staff("mkt_maint")
    with db.admin() as conn:
        conn.execute("SELECT crm.set_maintenance(true, '系统升级，预计18:00恢复')")
    sign_in(qtbot, dialog, "mkt_maint", TEST_PASSWORD)
    assert "maintenance" in dialog.message.text() and "系统升级" in dialog.message.text()


def test_server_unreachable(qtbot, runner, tmp_path):
    nowhere = auth.ServerProfile("nowhere", {"host": str(tmp_path), "port": "5999", "dbname": "crm"})
    dlg = LoginDialog(runner, [nowhere])
    qtbot.addWidget(dlg)
    sign_in(qtbot, dlg, "anyone", "whatever1")
    assert "cannot be reached" in dlg.message.text()


def test_first_login_requires_password_change(qtbot, db, dialog, monkeypatch):
    temp = db.make_staff("mkt_first", ready=False).password
    shown = {}

    def fake_exec(self):
        shown["dialog"] = self
        self.new_edit.setText("12345678")
        self.repeat_edit.setText("12345678")
        self.submit()
        qtbot.waitUntil(lambda: self.buttons.isEnabled(), timeout=15000)
        shown["refusal"] = self.message.text()
        self.new_edit.setText("Plum-orchard-42")
        self.repeat_edit.setText("Plum-orchard-42")
        self.submit()
        qtbot.waitUntil(lambda: self.new_password is not None, timeout=15000)
        return ChangePasswordDialog.DialogCode.Accepted

    monkeypatch.setattr(ChangePasswordDialog, "exec", fake_exec)
    with signed_in_spy(qtbot, dialog) as blocker:
        sign_in(qtbot, dialog, "mkt_first", temp)
    assert "too common" in shown["refusal"]
    assert blocker.args[3] == "Plum-orchard-42"
    blocker.args[1].close()
    assert db.scalar("SELECT must_change_password FROM crm.staff WHERE login = 'mkt_first'") is False


def test_forgot_password_names_the_administrator_only_of_a_frozen_account(qtbot, db, dialog, monkeypatch):
    db.make_staff("adm_zhou", name="周管理", roles=("branch_admin",))
    db.make_staff("mkt_forgot")
    seen = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: seen.append(text))

    def ask(login: str) -> str:
        seen.clear()
        dialog.login_edit.setText(login)
        qtbot.mouseClick(dialog.forgot_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(seen), timeout=10000)
        return seen[0]

    # For an active login the answer is the one an unknown login gets: no name, no oracle.
    assert ask("mkt_forgot") == ask("nobody_here") and "周管理" not in seen[0]
    with db.admin() as conn:
        conn.execute("SELECT crm.freeze_staff('mkt_forgot', 'test')")
    assert "周管理" in ask("mkt_forgot")
