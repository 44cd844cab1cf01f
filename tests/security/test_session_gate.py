"""crm.open_session refusals (MAC, maintenance, password change), passwords, account states,
and the gate role."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from crm_desktop.services import machine
from tests.security.helpers import (FOREIGN_MAC, auth_failures_logged, connection_is_dead, expect_error,
                                    expect_login_refused, log_position, open_session, unchanged)
from tests.support import TEST_PASSWORD


# MAC binding -----------------------------------------------------------------------------

def test_unbound_mac_is_refused(db):
    me = db.make_staff("mkt_a")
    with db.connect("mkt_a") as conn, unchanged(db):
        for macs in ([FOREIGN_MAC], [], ["not-a-mac", "00:00:00:00:00:00"], None):
            error = expect_error(conn, "SELECT * FROM crm.open_session(%s, 'pc-x', 'v')", (macs,), sqlstate="CR001")
            assert "PC" in error.diag.message_primary
            assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is None
            assert conn.execute("SELECT count(*) FROM crm.app_session").fetchone()[0] == 0
    # One of the PC's MACs bound is enough.
    with db.connect("mkt_a") as conn:
        row = open_session(conn, [FOREIGN_MAC, *machine.local_macs()])
        assert row[1] == me.staff_id


def test_refusal_detail_lists_the_reported_macs(db):
    """The refusal names what the PC reported (normalised), so the administrator can bind it."""
    db.make_staff("mkt_a")
    with db.connect("mkt_a") as conn:
        error = expect_error(conn, "SELECT * FROM crm.open_session(%s, 'pc-x', 'v')",
                             (["0E-11-22-33-44-55"],), sqlstate="CR001")
        assert FOREIGN_MAC in error.diag.message_detail and "pc-x" in error.diag.message_detail


def test_account_without_mac_binding_opens_from_any_pc(db):
    free = db.make_staff("roamer", bind_this_pc=False, mac_binding=False)
    with db.connect("roamer") as conn:
        assert open_session(conn, [FOREIGN_MAC])[1] == free.staff_id
    with db.connect("roamer") as conn:
        assert open_session(conn, [])[1] == free.staff_id
    # Switching the requirement on (no MAC bound) locks it out again.
    with db.admin() as conn:
        conn.execute("SELECT crm.set_mac_binding_required('roamer', true)")
    with db.connect("roamer") as conn:
        expect_error(conn, "SELECT * FROM crm.open_session(%s, 'h', 'v')", ([FOREIGN_MAC],), sqlstate="CR001")


def test_mac_normalisation(db):
    me = db.make_staff("mkt_a", bind_this_pc=False)
    with db.admin() as conn:
        assert conn.execute("SELECT crm.bind_mac('mkt_a', 'AA-BB-CC-DD-EE-FF')").fetchone()[0] == "aa:bb:cc:dd:ee:ff"
    for reported in (["aa:bb:cc:dd:ee:ff"], ["AABB.CCDD.EEFF"], ["AA BB CC DD EE FF"], ["aabbccddeeff"]):
        with db.connect("mkt_a") as conn:
            row = open_session(conn, reported)
            assert row[1] == me.staff_id
            assert conn.execute("SELECT macs FROM crm.app_session WHERE id = %s", (row[0],)).fetchone()[0] \
                == ["aa:bb:cc:dd:ee:ff"]


@pytest.mark.parametrize("bad", ["aa:bb:cc:dd:ee", "gg:bb:cc:dd:ee:ff", "", "00:00:00:00:00:00",
                                 "aa:bb:cc:dd:ee:ff:00", "aa:bb:cc:dd:ee:ff'; drop table crm.staff; --"])
def test_malformed_mac_is_refused(db, bad):
    db.make_staff("mkt_a", bind_this_pc=False)
    with db.admin() as conn, unchanged(db):
        expect_error(conn, "SELECT crm.bind_mac('mkt_a', %s)", (bad,), sqlstate="22023")


# Temporary password ------------------------------------------------------------------------

def test_temporary_password_must_be_changed_first(db):
    db.make_customer("C1")
    temp = db.make_staff("newbie", ready=False)
    db.relate(db.scalar("SELECT id FROM crm.customer WHERE account_no = 'C1'"), "newbie")
    assert temp.password != TEST_PASSWORD and len(temp.password) >= 12
    with db.admin() as conn:
        until, must, expires = conn.execute(
            "SELECT a.rolvaliduntil, s.must_change_password, s.password_expires_at FROM pg_authid a "
            "JOIN crm.staff s ON s.login = a.rolname WHERE a.rolname = 'newbie'").fetchone()
    now = datetime.now(timezone.utc)
    assert must is True
    assert now + timedelta(hours=23) < until < now + timedelta(hours=25)
    assert abs((expires - until).total_seconds()) < 1

    with db.connect("newbie", temp.password) as conn:
        with unchanged(db):
            error = expect_error(conn, "SELECT * FROM crm.open_session(%s, 'h', 'v')", (machine.local_macs(),),
                                 sqlstate="CR003")
            assert "password" in error.diag.message_primary
            assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 0
            for weak in ("12345678", "Password1", "xNewbie-2024!", "NEWBIE99x", "Ab1!", "", "aaaaaaaaaaaa",
                         "x" * 200):
                expect_error(conn, "SELECT crm.change_password(%s)", (weak,), sqlstate="CR020")
            expect_error(conn, "SELECT crm.change_password(NULL)", sqlstate="CR020")
            # Still must change.
            expect_error(conn, "SELECT * FROM crm.open_session(%s, 'h', 'v')", (machine.local_macs(),),
                         sqlstate="CR003")
        conn.execute("SELECT crm.change_password(%s)", ("Harbor-lamp-7391",))
        # The current connection is not a session yet; a fresh sign-in is.
    with db.admin() as conn:
        until, must, expires = conn.execute(
            "SELECT a.rolvaliduntil::text, s.must_change_password, s.password_expires_at FROM pg_authid a "
            "JOIN crm.staff s ON s.login = a.rolname WHERE a.rolname = 'newbie'").fetchone()
    assert (until, must, expires) == ("infinity", False, None)
    with db.session("newbie", "Harbor-lamp-7391") as conn:
        assert conn.execute("SELECT account_no FROM crm.customer").fetchall() == [("C1",)]
    position = log_position(db)
    expect_login_refused(db, "newbie", temp.password)
    assert auth_failures_logged(db, position, "newbie"), "no 28P01 line for the old temporary password"


def test_admin_reset_gives_a_new_temporary_password(db):
    db.make_staff("mkt_a")
    with db.session("mkt_a") as old:
        with db.admin() as conn:
            temp = conn.execute("SELECT crm.reset_password('mkt_a')").fetchone()[0]
        connection_is_dead(old)
    expect_login_refused(db, "mkt_a", TEST_PASSWORD)
    with db.connect("mkt_a", temp) as conn:
        expect_error(conn, "SELECT * FROM crm.open_session(%s, 'h', 'v')", (machine.local_macs(),), sqlstate="CR003")


def test_expired_temporary_password_cannot_connect(db):
    temp = db.make_staff("newbie", ready=False)
    with db.admin() as conn:
        conn.execute("ALTER ROLE newbie VALID UNTIL '2000-01-01'")
        assert conn.execute("SELECT account_status FROM crm.login_notice('newbie')").fetchone()[0] == "active"
        conn.execute("UPDATE crm.staff SET password_expires_at = '2000-01-01' WHERE login = 'newbie'")
        assert conn.execute("SELECT account_status FROM crm.login_notice('newbie')").fetchone()[0] \
            == "password_expired"
    expect_login_refused(db, "newbie", temp.password)


# Maintenance ---------------------------------------------------------------------------------

def test_maintenance_lets_only_administrators_in(db):
    db.make_staff("mkt_a")
    db.make_staff("admin01", staff_type="back_office", roles=("branch_admin",))
    with db.admin() as conn:
        conn.execute("SELECT crm.set_maintenance(true, '升级中')")
    with db.connect("mkt_a") as conn, unchanged(db):
        error = expect_error(conn, "SELECT * FROM crm.open_session(%s, 'h', 'v')", (machine.local_macs(),),
                             sqlstate="CR002")
        assert error.diag.message_primary == "升级中"
    with db.session("admin01") as conn:
        assert conn.execute("SELECT maintenance FROM crm.policy").fetchone()[0] is True
    with db.admin() as conn:
        conn.execute("SELECT crm.set_maintenance(false)")
    with db.session("mkt_a") as conn:
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is not None


# Account states ------------------------------------------------------------------------------

def test_closed_account_cannot_connect_and_keeps_history(db):
    me = db.make_staff("mkt_a")
    with db.session("mkt_a"):
        pass
    with db.session("mkt_a") as open_conn:
        with db.admin() as conn:
            conn.execute("SELECT crm.close_staff('mkt_a')")
        connection_is_dead(open_conn)
    wrong = expect_login_refused(db, "mkt_a", "certainly-wrong-1")
    closed = expect_login_refused(db, "mkt_a", TEST_PASSWORD)
    assert closed == wrong   # no oracle: a closed account answers like a wrong password
    with db.admin() as conn:
        assert conn.execute("SELECT status, closed_at IS NOT NULL FROM crm.staff WHERE id = %s",
                            (me.staff_id,)).fetchone() == ("closed", True)
        assert conn.execute("SELECT count(*) FROM crm.login_event WHERE staff_id = %s AND outcome = 'success'",
                            (me.staff_id,)).fetchone()[0] >= 1
        assert conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'mkt_a'").fetchone()[0] is False
        assert conn.execute("SELECT count(*) FROM crm.app_session WHERE staff_id = %s AND closed_at IS NULL",
                            (me.staff_id,)).fetchone()[0] == 0
        assert conn.execute("SELECT account_status FROM crm.login_notice('mkt_a')").fetchone()[0] == "closed"
        # A closed account cannot be "reset" back to life.
        expect_error(conn, "SELECT crm.reset_password('mkt_a')", sqlstate="22023")
        expect_error(conn, "SELECT crm.unfreeze_staff('mkt_a')", sqlstate="22023")


def test_close_refused_while_customers_are_related(db):
    db.make_staff("mkt_a")
    db.relate(db.make_customer("C1"), "mkt_a")
    with db.admin() as conn, unchanged(db):
        expect_error(conn, "SELECT crm.close_staff('mkt_a')", sqlstate="22023")


def test_frozen_account_is_disconnected_and_refused_until_unfrozen(db):
    me = db.make_staff("mkt_a")
    with db.session("mkt_a") as conn, db.connect("mkt_a") as bare:
        with db.admin() as admin:
            admin.execute("SELECT crm.freeze_staff('mkt_a', '调查中')")
        connection_is_dead(conn)
        connection_is_dead(bare)
    assert db.scalar("SELECT close_reason FROM crm.app_session WHERE staff_id = %s", (me.staff_id,)) \
        == "frozen: 调查中"
    wrong = expect_login_refused(db, "mkt_a", "certainly-wrong-1")
    assert expect_login_refused(db, "mkt_a", TEST_PASSWORD) == wrong
    with db.admin() as admin:
        assert admin.execute("SELECT account_status FROM crm.login_notice('mkt_a')").fetchone()[0] == "frozen"
        admin.execute("SELECT crm.unfreeze_staff('mkt_a')")
    with db.session("mkt_a") as conn:
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] == me.staff_id


def test_frozen_staff_with_surviving_backend_sees_nothing(db):
    """Even if a backend escaped termination, its session stops counting once frozen."""
    me = db.make_staff("mkt_a")
    db.relate(db.make_customer("C1"), "mkt_a")
    with db.session("mkt_a") as conn:
        assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 1
        with db.admin() as admin:
            # Status change only (as if the terminate had failed).
            admin.execute("UPDATE crm.staff SET status = 'frozen' WHERE id = %s", (me.staff_id,))
        assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 0
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is None


# The gate ------------------------------------------------------------------------------------

def test_gate_answers_login_notice(db, gate):
    db.make_staff("admin01", name="王管理", staff_type="back_office", roles=("branch_admin",))
    db.make_staff("hqadmin", name="总部李", branch="HQ", staff_type="hq", roles=("hq_admin",))
    db.make_branch("BR02")
    db.make_staff("mkt_a")
    db.make_staff("mkt_c", branch="BR02")
    notice = "SELECT account_status, admin_contact, maintenance FROM crm.login_notice(%s)"
    # An active login and an unknown one get the same answer: the gate is no oracle of logins.
    assert gate.execute(notice, ("nobody",)).fetchone() == ("active", None, False)
    assert gate.execute(notice, ("mkt_a",)).fetchone() == ("active", None, False)
    with db.admin() as conn:
        conn.execute("SELECT crm.freeze_staff('mkt_a', 'x')")
        conn.execute("SELECT crm.freeze_staff('mkt_c', 'x')")
        conn.execute("SELECT crm.set_maintenance(true, '升级中')")
    # Frozen: who can help (the branch's administrators; HQ's where the branch has none).
    assert gate.execute(notice, ("mkt_a",)).fetchone() == ("frozen", "王管理", True)
    assert gate.execute(notice, ("mkt_c",)).fetchone() == ("frozen", "总部李", True)
    assert gate.execute("SELECT maintenance_message FROM crm.login_notice('x')").fetchone()[0] == "升级中"


def test_gate_can_do_nothing_else(db, gate):
    db.make_staff("mkt_a")
    db.make_customer("C1")
    with db.admin() as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT c.oid::regclass::text FROM pg_class c WHERE c.relnamespace = 'crm'::regnamespace "
            "AND c.relkind IN ('r', 'p', 'v', 'm')")]
        executable = [r[0] for r in conn.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'crm'::regnamespace "
            "AND has_function_privilege('crm_gate', p.oid, 'EXECUTE')")]
        memberships = conn.execute("SELECT count(*) FROM pg_auth_members WHERE member = 'crm_gate'::regrole"
                                   ).fetchone()[0]
    # Besides login_notice, only what a PC needs before anyone signs in (issue #17): the release
    # check, the schema check, and asking for this PC to be registered (rate-limited, answers
    # the same for every login; tests/security/test_pc_registration.py attacks it).
    assert sorted(executable) == ["crm.app_release()", "crm.login_notice(text)",
                                  "crm.request_pc_registration(text,text[],text,text)", "crm.schema_revision()"]
    assert memberships == 0
    with unchanged(db):
        for table in tables:
            expect_error(gate, f"SELECT * FROM {table} LIMIT 1", sqlstate="42501")
        for call in ("SELECT crm.current_staff_id()", "SELECT * FROM crm.open_session('{}', 'h', 'v')",
                     "SELECT crm.change_password('Harbor-lamp-7391')", "SELECT crm.agent_enforce_sessions()",
                     "SELECT crm.freeze_staff('mkt_a', 'x')", "SELECT crm.normalize_mac('aa')",
                     "SELECT * FROM pg_ls_logdir()", "SELECT crm.agent_log_cursor()"):
            expect_error(gate, call, sqlstate="42501")
        expect_error(gate, "CREATE TABLE crm.x (i int)", sqlstate="42501")
        expect_error(gate, "SET ROLE crm_staff", sqlstate="42501")
