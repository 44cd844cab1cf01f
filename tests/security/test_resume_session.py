"""crm.resume_session: another connection of a live sign-in, never a way around crm.open_session.

A client keeps few connections and reopens worker connections on demand; the reopening must not
count as a sign-in in the audit, yet nobody may use it to continue another login's sign-in, to
sign in without a live sign-in, from another PC or address, or to skip the MAC, account and
maintenance checks. Everything here connects as the staff roles directly (psycopg, no app code).
"""

from __future__ import annotations

from crm_desktop.services import machine
from tests.security.helpers import FOREIGN_MAC, connection_is_dead, expect_error, open_session, unchanged
from tests.support import APP_VERSION

RESUME = "SELECT * FROM crm.resume_session(%s, %s, %s)"


def _resume(conn, macs=None, hostname="test-pc"):
    return conn.execute(RESUME, (machine.local_macs() if macs is None else macs, hostname, APP_VERSION)).fetchone()


def _events(db, login):
    return db.scalar("SELECT count(*) FROM crm.login_event WHERE login = %s AND outcome = 'success'", (login,))


def test_resume_continues_the_live_sign_in_without_a_login_event(db):
    me = db.make_staff("res_a")
    with db.session("res_a") as signed_in, db.connect("res_a") as worker:
        sign_in_id = db.scalar("SELECT id FROM crm.app_session WHERE login = 'res_a' AND closed_at IS NULL")
        assert _events(db, "res_a") == 1
        row = _resume(worker)
        assert row[1] == me.staff_id
        assert worker.execute("SELECT crm.current_staff_id()").fetchone()[0] == me.staff_id
        assert _events(db, "res_a") == 1
        assert db.scalar("SELECT resumed_from FROM crm.app_session WHERE id = %s", (row[0],)) == sign_in_id
        # A connection that continues a resumed one still names the sign-in, not the worker.
        with db.connect("res_a") as third:
            again = _resume(third)
            assert db.scalar("SELECT resumed_from FROM crm.app_session WHERE id = %s", (again[0],)) == sign_in_id
        assert signed_in.execute("SELECT 1").fetchone()[0] == 1


def test_no_live_sign_in_no_resume(db):
    db.make_staff("res_a")
    with db.connect("res_a") as conn, unchanged(db):
        expect_error(conn, RESUME, (machine.local_macs(), "test-pc", APP_VERSION), sqlstate="CR006")
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is None
    # A sign-in that ended (logout) cannot be resumed either.
    with db.session("res_a") as signed_in:
        signed_in.execute("SELECT crm.close_session()")
        with db.connect("res_a") as conn:
            expect_error(conn, RESUME, (machine.local_macs(), "test-pc", APP_VERSION), sqlstate="CR006")


def test_another_logins_sign_in_cannot_be_resumed(db):
    db.make_staff("res_a")
    db.make_staff("res_b")
    with db.session("res_b"), db.connect("res_a") as intruder, unchanged(db):
        expect_error(intruder, RESUME, (machine.local_macs(), "test-pc", APP_VERSION), sqlstate="CR006")
        assert intruder.execute("SELECT crm.current_staff_id()").fetchone()[0] is None


def test_resume_from_another_pc_is_refused(db):
    db.make_staff("res_a")
    with db.session("res_a", hostname="desk-1"), db.connect("res_a") as conn, unchanged(db):
        for hostname in ("desk-2", None, "desk-1\u200b", "DESK-1", "x" * 1_000_000):
            expect_error(conn, RESUME, (machine.local_macs(), hostname, APP_VERSION), sqlstate="CR006")


def test_resume_still_checks_the_mac_binding_and_the_account(db):
    db.make_staff("res_a")
    with db.session("res_a") as signed_in, db.connect("res_a") as conn:
        with unchanged(db):
            for macs in ([FOREIGN_MAC], [], None):
                expect_error(conn, RESUME, (macs, "test-pc", APP_VERSION), sqlstate="CR001")
        # Frozen while signed in: no further connection for the sign-in.
        with db.admin() as admin:
            admin.execute("UPDATE crm.staff SET status = 'frozen' WHERE login = 'res_a'")
        expect_error(conn, RESUME, (machine.local_macs(), "test-pc", APP_VERSION), sqlstate="CR004")
        with db.admin() as admin:
            admin.execute("UPDATE crm.staff SET status = 'active' WHERE login = 'res_a'")
            admin.execute("UPDATE crm.policy SET maintenance = true")
        try:
            expect_error(conn, RESUME, (machine.local_macs(), "test-pc", APP_VERSION), sqlstate="CR002")
        finally:
            with db.admin() as admin:
                admin.execute("UPDATE crm.policy SET maintenance = false")
        assert signed_in.execute("SELECT 1").fetchone()[0] == 1


def test_a_forced_logout_cannot_be_undone_by_resuming(db):
    """Terminating the sign-in's backend (force logout, idle limit) leaves nothing to continue."""
    db.make_staff("res_a")
    signed_in = db.session("res_a")
    pid = signed_in.info.backend_pid
    with db.admin() as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))
    connection_is_dead(signed_in)
    with db.connect("res_a") as conn:
        expect_error(conn, RESUME, (machine.local_macs(), "test-pc", APP_VERSION), sqlstate="CR006")


def test_only_staff_may_resume(db, gate):
    db.make_staff("res_a")
    expect_error(gate, RESUME, (machine.local_macs(), "test-pc", APP_VERSION), sqlstate="42501")
    with db.admin() as admin:
        granted = admin.execute(
            "SELECT has_function_privilege('public', 'crm.resume_session(text[], text, text)', 'EXECUTE'), "
            "has_function_privilege('crm_gate', 'crm.resume_session(text[], text, text)', 'EXECUTE')").fetchone()
    assert granted == (False, False)


def test_open_session_still_audits_one_sign_in(db):
    """open_session is unchanged: one login event per PC, every session row a sign-in of its own."""
    me = db.make_staff("res_a")
    with db.connect("res_a") as first, db.connect("res_a") as second:
        assert open_session(first, machine.local_macs())[1] == me.staff_id
        assert open_session(second, machine.local_macs())[1] == me.staff_id
        assert _events(db, "res_a") == 1
        assert db.scalar("SELECT count(*) FROM crm.app_session WHERE login = 'res_a' AND resumed_from IS NULL") == 2
