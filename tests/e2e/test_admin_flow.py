"""End to end, as a person would: the app's own controller, the login dialog, the main window,
work in the Administration tab, sign out — against the real server."""

from __future__ import annotations

from PySide6.QtCore import Qt

from crm_desktop.ui.app import AppController
from tests.support import TEST_PASSWORD

TIMEOUT = 15000


def test_admin_signs_in_freezes_an_account_and_signs_out(qtbot, db, monkeypatch, gate_password):
    monkeypatch.setenv("CRM_DATABASE_URL", db.admin_url)
    monkeypatch.setenv("CRM_GATE_PASSWORD", gate_password)
    db.make_staff("adm_e2e", name="郑管理", roles=("branch_admin",))
    db.make_staff("mkt_e2e", name="钱营销")

    controller = AppController()
    controller.start()
    dialog = controller.dialog
    qtbot.addWidget(dialog)
    dialog.login_edit.setText("adm_e2e")
    dialog.password_edit.setText(TEST_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=TIMEOUT)
    window = controller.window  # the controller owns and deletes it at sign-out
    assert "郑管理" in window.user_label.text()

    admin = window.tabs.findChild(object, "tab_admin")
    window.tabs.setCurrentWidget(admin)
    page = admin.staff_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=TIMEOUT)
    assert page.select_login("mkt_e2e")
    monkeypatch.setattr(admin.prompts, "ask_text", lambda *a, **k: "离职交接")
    page.freeze()
    qtbot.waitUntil(lambda: db.scalar("SELECT status FROM crm.staff WHERE login = 'mkt_e2e'") == "frozen",
                    timeout=TIMEOUT)
    assert db.scalar("SELECT actor FROM crm.audit_log WHERE table_name = 'staff' AND action = 'update' "
                     "ORDER BY id DESC LIMIT 1") == "adm_e2e"

    window.request_logout()
    qtbot.waitUntil(lambda: controller.window is None and controller.dialog is not None, timeout=TIMEOUT)
    qtbot.addWidget(controller.dialog)
    # A worker may still be finishing a connection it opened while signing out; it closes it.
    qtbot.waitUntil(lambda: db.scalar("SELECT count(*) FROM crm.app_session "
                                      "WHERE login = 'adm_e2e' AND closed_at IS NULL") == 0, timeout=TIMEOUT)
    controller.shutdown()
