"""At sign-in the app compares its version with the release HQ recorded (issue #17): below the
minimum the login dialog refuses with the reason and the URL; a newer release gives a
non-blocking notice; no release recorded, nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from crm_desktop import __version__
from crm_desktop.services import auth, releases
from crm_desktop.services.startup import EmbeddedDefault
from crm_desktop.ui.app import AppController
from crm_desktop.ui.login_dialog import LoginDialog
from tests.support import TEST_PASSWORD

URL = "https://intranet.example.com/crm/setup.exe?a=1&b=<2>"


def record(db, newest: str, minimum: str) -> None:
    with db.admin() as conn:
        releases.set_release(conn, newest, minimum, URL)


def sign_in(qtbot, runner, profile, login):
    dialog = LoginDialog(runner, [profile])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login_edit.setText(login)
    dialog.password_edit.setText(TEST_PASSWORD)
    return dialog


def test_versions_compare_as_numbers():
    key = releases.version_key
    assert key("0.10") > key("0.9") and key("1.2") == key("1.2.0") and key("0.2.0rc1") == key("0.2")
    release = releases.Release("0.3", "0.2", URL)
    assert releases.check(release, "0.3.0") is None and releases.check(release, "0.2.9") == release
    assert releases.check(None, "0.0.1") is None


def test_no_release_recorded_signs_in_without_notice(db, profile):
    db.make_staff("rel_none")
    conn, info = auth.sign_in(profile, "rel_none", TEST_PASSWORD)
    conn.close()
    assert info.newer_release is None


def test_below_the_minimum_the_dialog_refuses_with_reason_and_url(qtbot, db, runner, profile):
    db.make_staff("rel_old")
    record(db, "9.0", "9.0")
    dialog = sign_in(qtbot, runner, profile, "rel_old")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "9.0" in dialog.message.text(), timeout=15000)
    assert __version__ in dialog.message.text() and URL in dialog.message.text()
    assert dialog.details.toPlainText() == URL and dialog.details.isVisible()
    assert dialog.isVisible()
    with db.admin() as conn:        # refused before a session was opened
        assert conn.execute("SELECT count(*) FROM crm.app_session WHERE login = 'rel_old'").fetchone()[0] == 0


def test_a_newer_release_signs_in_and_shows_a_non_blocking_notice(qtbot, db, runner, profile):
    db.make_staff("rel_new")
    record(db, "9.1", "0.0.1")
    dialog = sign_in(qtbot, runner, profile, "rel_new")
    with qtbot.waitSignal(dialog.signed_in, timeout=15000) as blocker:
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    _, conn, info, _ = blocker.args
    conn.close()
    assert info.newer_release == releases.Release("9.1", "0.0.1", URL)

    # Never started: only its notice is shown here, so the embedded default is never used.
    unused = EmbeddedDefault(seed_demo=lambda url, progress: None, start_agent=lambda url: None)
    controller = AppController(unused, embedded_only=True)
    controller._announce_release(info.newer_release)
    notice = controller.release_notice
    qtbot.waitExposed(notice)
    assert not notice.isModal() and notice.windowModality() == Qt.WindowModality.NonModal
    assert "9.1" in notice.text() and "&amp;b=&lt;2&gt;" in notice.text()
    notice.close()
    controller.shutdown()
