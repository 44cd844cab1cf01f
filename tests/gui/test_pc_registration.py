"""申请登记本机 end to end (issue #17, FAQ 27/28/38): a PC refused for its MAC asks from the login
dialog; the branch administrator approves in the Administration tab with one click; the PC signs
in. A screenshot of each screen is written for review (/tmp/pc_registration_*.png)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from crm_desktop.services import machine
from crm_desktop.ui.login_dialog import LoginDialog
from tests.gui.test_admin_tab import TIMEOUT, open_admin  # noqa: F401 - the fixture
from tests.support import TEST_PASSWORD


def sign_in(qtbot, dialog, login):
    dialog.login_edit.setText(login)
    dialog.password_edit.setText(TEST_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy.isVisible() and dialog.login_button.isEnabled(), timeout=TIMEOUT)


def test_unregistered_pc_requests_registration_and_signs_in_after_one_click(qtbot, db, runner, profile, open_admin):
    db.make_staff("reg_new", bind_this_pc=False)
    db.make_staff("reg_admin", staff_type="back_office", roles=("branch_admin",))
    dialog = LoginDialog(runner, [profile])
    qtbot.addWidget(dialog)
    dialog.show()

    sign_in(qtbot, dialog, "reg_new")
    assert dialog.register_button.isVisible()
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "branch administrator" in dialog.message.text() and "approved" in dialog.message.text(),
                    timeout=TIMEOUT)
    dialog.grab().save("/tmp/pc_registration_login.png")
    with db.admin() as conn:
        macs, host = conn.execute("SELECT macs, hostname FROM crm.pc_registration_request "
                                  "WHERE login = 'reg_new'").fetchone()
    assert macs == sorted(machine.local_macs()) and host == machine.hostname()

    admin = open_admin("reg_admin")
    page = admin.tab.registration_page
    admin.tab.show_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TIMEOUT)
    page.view.selectRow(0)
    assert page.approve_button.isEnabled()
    page.grab().save("/tmp/pc_registration_admin.png")
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "reg_new" in page.status.text() and page.model.rowCount() == 0, timeout=TIMEOUT)

    with qtbot.waitSignal(dialog.signed_in, timeout=TIMEOUT) as blocker:
        sign_in(qtbot, dialog, "reg_new")
    blocker.args[1].close()
