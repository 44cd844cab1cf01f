"""Server-side lockout and idle enforcement by the HQ agent (crm_desktop.agent.jobs.run_once),
with the SQL functions it drives checked directly as well."""

from __future__ import annotations

import threading
import time

import psycopg
from psycopg.types.json import Jsonb

from crm_desktop.agent import jobs
from crm_desktop.services import machine
from tests.security.helpers import (connection_is_dead, expect_error, expect_login_refused, open_session,
                                    unchanged, wait_for)
from tests.support import TEST_PASSWORD


def agent_round(db) -> dict:
    report = jobs.run_once(db.admin_url)
    return report.as_dict() if hasattr(report, "as_dict") else dict(report)


def staff_status(db, login: str) -> str:
    return db.scalar("SELECT status FROM crm.staff WHERE login = %s", (login,))


def bad_password_events(db, login: str) -> int:
    return db.scalar("SELECT count(*) FROM crm.login_event WHERE login = %s AND outcome = 'bad_password'", (login,))


def test_lockout_after_repeated_wrong_passwords(db):
    db.make_staff("mkt_a")
    db.make_staff("bystander")
    with db.admin() as conn:
        conn.execute("""SELECT crm.update_policy('{"lockout_threshold": 3}')""")

    expect_login_refused(db, "mkt_a", "wrong-guess-1")
    # The collector writes the log asynchronously: poll the agent for a few seconds.
    assert wait_for(lambda: agent_round(db) and bad_password_events(db, "mkt_a") >= 1)
    assert bad_password_events(db, "mkt_a") == 1            # one log line per attempt
    assert staff_status(db, "mkt_a") == "active"

    # A successful sign-in resets the count: 1 + (success) + 2 failures is not 3 in a row.
    with db.session("mkt_a") as conn:
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is not None
    locked = []
    for attempt in (2, 3):
        expect_login_refused(db, "mkt_a", f"wrong-guess-{attempt}")
    assert wait_for(lambda: locked.extend(agent_round(db)["locked"]) or bad_password_events(db, "mkt_a") >= 3)
    assert staff_status(db, "mkt_a") == "active" and locked == []

    # The third consecutive failure locks, for the policy's first lock time (a throttle, not a freeze).
    expect_login_refused(db, "mkt_a", "wrong-guess-4")
    assert wait_for(lambda: locked.extend(agent_round(db)["locked"]) or locked)
    assert locked == ["mkt_a"]
    assert staff_status(db, "mkt_a") == "active" and staff_status(db, "bystander") == "active"

    # The right password is now refused exactly like a wrong one; the gate answer explains.
    assert expect_login_refused(db, "mkt_a", TEST_PASSWORD) == expect_login_refused(db, "mkt_a", "wrong-guess-x")
    with db.admin() as conn:
        status, until, minutes = conn.execute(
            "SELECT account_status, locked_until, lockout_minutes FROM crm.login_notice('mkt_a')").fetchone()
        assert status == "locked" and minutes == 15
        event = conn.execute("SELECT reason, client_addr FROM crm.login_event "
                             "WHERE login = 'mkt_a' AND outcome = 'locked'").fetchall()
        assert len(event) == 1
        reason = event[0][0]
        assert reason["code"] == "lockout_temporary" and reason["failures"] == 3 and reason["lock_minutes"] == 15
        assert reason["clients"], "the lock names the client addresses involved"
        assert conn.execute("SELECT count(*) FROM crm.audit_log WHERE table_name = 'staff' AND action = 'locked' "
                            "AND row_key = 'mkt_a'").fetchone()[0] == 1
        conn.execute("SELECT crm.unfreeze_staff('mkt_a')")
        assert conn.execute("SELECT count(*) FROM crm.auth_failure WHERE login = 'mkt_a'").fetchone()[0] == 0
    with db.session("mkt_a") as conn:
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is not None
    # Running the agent again (the same log) changes nothing: the slice was consumed once.
    assert agent_round(db)["locked"] == []
    assert staff_status(db, "mkt_a") == "active"


def ingest(conn: psycopg.Connection, name: str, start: int, end: int, events: list[dict]):
    return conn.execute("SELECT applied, locked FROM crm.agent_ingest_auth_log(%s, %s, %s, %s)",
                        (name, start, end, Jsonb(events))).fetchone()


def test_agent_ingest_counts_consecutive_failures(db):
    """The SQL side alone, with synthetic events: success resets, slices apply exactly once,
    locks grow per burst and the burst after the last temporary lock freezes."""
    db.make_staff("mkt_a")
    fail = {"kind": "failure", "user": "mkt_a", "state_code": "28P01", "client": "10.1.2.3"}
    ok = {"kind": "success", "user": "mkt_a"}
    name = "zzzz-synthetic.json"   # sorts after any real log file
    with db.admin() as conn:
        conn.execute("""SELECT crm.update_policy('{"lockout_threshold": 3, "lockout_minutes": 10,
                        "lockout_max_minutes": 15, "lockout_locks_before_freeze": 2}')""")
        conn.execute("SET ROLE crm_agent")
        t = lambda m, s: {"at": f"2030-01-01T00:{m:02d}:{s:02d}Z"}
        assert ingest(conn, name, 0, 10, [fail | t(0, 1), fail | t(0, 2), ok | t(0, 3), fail | t(0, 4)]) == (True, [])
        # A replayed or out-of-order slice is not applied (no double counting).
        assert ingest(conn, name, 0, 10, [fail | t(0, 5), fail | t(0, 6)]) == (False, [])
        assert ingest(conn, name, 5, 20, [fail | t(0, 5), fail | t(0, 6)]) == (False, [])
        conn.execute("RESET ROLE")
        assert conn.execute("SELECT status FROM crm.staff WHERE login = 'mkt_a'").fetchone()[0] == "active"
        conn.execute("SET ROLE crm_agent")
        # Burst 1: locked for 10 minutes; failures during the lock test no password and count nothing.
        assert ingest(conn, name, 10, 20, [fail | t(0, 5), fail | t(0, 6)]) == (True, ["mkt_a"])
        assert ingest(conn, name, 20, 30, [fail | t(1, s) for s in range(10)]) == (True, [])
        # Burst 2 after the lock: 20 minutes, capped at the policy's 15.
        assert ingest(conn, name, 30, 40, [fail | t(11, s) for s in range(3)]) == (True, ["mkt_a"])
        conn.execute("RESET ROLE")
        reasons = [r[0] for r in conn.execute(
            "SELECT reason FROM crm.login_event WHERE login = 'mkt_a' AND outcome = 'locked' ORDER BY id")]
        assert [(r["code"], r["lock_minutes"]) for r in reasons] == [("lockout_temporary", 10), ("lockout_temporary", 15)]
        assert reasons[0]["clients"] == ["10.1.2.3"]
        assert conn.execute("SELECT rolvaliduntil < now() FROM pg_authid WHERE rolname = 'mkt_a'").fetchone()[0]
        assert conn.execute("SELECT status FROM crm.staff WHERE login = 'mkt_a'").fetchone()[0] == "active"
        conn.execute("SET ROLE crm_agent")
        # Burst 3: the freeze of the seed (an administrator unfreezes).
        assert ingest(conn, name, 40, 50, [fail | t(30, s) for s in range(3)]) == (True, ["mkt_a"])
        conn.execute("RESET ROLE")
        assert conn.execute("SELECT status, freeze_reason FROM crm.staff WHERE login = 'mkt_a'").fetchone() \
            == ("frozen", "lockout")
        assert conn.execute("SELECT rolvaliduntil < now() FROM pg_authid WHERE rolname = 'mkt_a'").fetchone()[0]


def test_expired_lock_is_released_by_the_agent(db):
    db.make_staff("mkt_a")
    name = "zzzz-synthetic.json"
    with db.admin() as conn:
        conn.execute("""SELECT crm.update_policy('{"lockout_threshold": 2}')""")
        conn.execute("SET ROLE crm_agent")
        fail = {"kind": "failure", "user": "mkt_a", "at": None}
        assert ingest(conn, name, 0, 10, [fail, fail]) == (True, ["mkt_a"])
        conn.execute("RESET ROLE")
    expect_login_refused(db, "mkt_a", TEST_PASSWORD)
    with db.admin() as conn:   # the lock's time passes
        conn.execute("UPDATE crm.auth_failure SET locked_until = now() - interval '1 second' WHERE login = 'mkt_a'")
    with db.admin() as conn:   # a guess arrives after the lock's end but before the agent's release
        conn.execute("SET ROLE crm_agent")
        assert ingest(conn, name, 10, 20, [fail]) == (True, [])
        conn.execute("RESET ROLE")
    report = agent_round(db)
    assert report["released_locks"] == 1 and report["ok"], report
    with db.session("mkt_a") as conn:
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is not None
    with db.admin() as conn:
        assert conn.execute("SELECT reason->>'code' FROM crm.login_event WHERE login = 'mkt_a' "
                            "AND outcome = 'unlocked'").fetchone()[0] == "lock_expired"


def test_staff_cannot_drive_the_agent(db):
    """A staff login must not be able to lock colleagues out or end their sessions."""
    db.make_staff("mkt_a")
    db.make_staff("mkt_b")
    with db.session("mkt_a") as conn, unchanged(db):
        expect_error(conn, "SELECT * FROM crm.agent_ingest_auth_log('zzzz', 0, 1, %s)",
                     (Jsonb([{"kind": "failure", "user": "mkt_b"}] * 10),), sqlstate="42501")
        for call in ("SELECT * FROM crm.agent_enforce_sessions()", "SELECT crm.agent_sweep_sessions()",
                     "SELECT crm.agent_release_locks()", "SELECT crm.agent_check_passwords()",
                     "SELECT crm.agent_record_health('auth_log', NULL, 0, '{}')",
                     "SELECT crm_server.password_fingerprint('mkt_b')",
                     "SELECT crm_server.password_is_current('mkt_b', 'x')",
                     "SELECT crm_server.accept_password('mkt_a')",
                     "SELECT crm.agent_skip_auth_log('zzzz', 0)", "SELECT crm.agent_log_cursor()"):
            expect_error(conn, call, sqlstate="42501")
        expect_error(conn, "SELECT * FROM pg_ls_logdir()", sqlstate="42501")
        expect_error(conn, "SELECT pg_read_file('postgresql.conf')", sqlstate="42501")


def test_idle_session_is_ended_by_the_agent(db):
    db.make_staff("mkt_a")
    db.make_staff("mkt_b")
    with db.admin() as conn:
        conn.execute("""SELECT crm.update_policy('{"server_idle_seconds": 1}')""")
    with db.connect("mkt_a") as idle, db.connect("mkt_b") as busy:
        # The user switches the server's own idle timeout off; the agent still enforces the policy.
        idle.execute("SET idle_session_timeout = 0")
        session_id = open_session(idle, machine.local_macs())[0]
        open_session(busy, machine.local_macs())
        time.sleep(2.0)
        # mkt_b is at work: a query runs while the agent looks. (A query just before the round was
        # idle for longer than the policy's second when the round reached it on a busy machine.)
        at_work: list[BaseException] = []

        def work() -> None:
            try:
                busy.execute("SELECT crm.touch_session(), pg_sleep(60)")
            except psycopg.errors.QueryCanceled as error:
                at_work.append(error)

        worker = threading.Thread(target=work, name="mkt_b-at-work")
        worker.start()
        try:
            assert wait_for(lambda: db.scalar("SELECT count(*) FROM pg_stat_activity WHERE usename = 'mkt_b' "
                                              "AND state = 'active' AND query LIKE '%%pg_sleep%%'"), timeout=10)
            report = agent_round(db)
        finally:
            busy.cancel_safe()
            worker.join(10)
        assert len(at_work) == 1
        assert [(e["login"], e["reason"]) for e in report["ended_sessions"]] == [("mkt_a", "idle timeout")]
        connection_is_dead(idle)
        assert busy.execute("SELECT crm.current_staff_id()").fetchone()[0] is not None
    with db.admin() as conn:
        closed_at, reason = conn.execute("SELECT closed_at, close_reason FROM crm.app_session WHERE id = %s",
                                         (session_id,)).fetchone()
        assert closed_at is not None and reason == "idle timeout"
        assert conn.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = 'mkt_a'").fetchone()[0] == 0


def test_the_agent_role_reads_log_files_and_nothing_else(db):
    """crm_agent reads the server log through crm_server.read_log only: log file names, no paths,
    and no general file access (0008 took pg_read_server_files away)."""
    expect_login_refused(db, "nobody_here", "wrong")
    with db.admin() as conn:
        conn.execute("SET ROLE crm_agent")
        name, size = conn.execute("SELECT name, size FROM pg_ls_logdir() WHERE name LIKE '%.json' "
                                  "ORDER BY name DESC LIMIT 1").fetchone()
        head = bytes(conn.execute("SELECT crm_server.read_log(%s, 0, %s)", (name, min(size, 4096))).fetchone()[0])
        assert head.startswith(b"{")
        # The agent's own scan works under this role.
        assert jobs.scan_auth_log(conn).events >= 0
        for bad in ("../postgresql.conf", "/etc/passwd", "postgresql.auto.conf", ".hidden.json", "x/../../y.json"):
            expect_error(conn, "SELECT crm_server.read_log(%s, 0, 10)", (bad,), sqlstate="22023")
        expect_error(conn, "SELECT crm_server.read_log('postgresql-1999-01-01.json', 0, 10)", sqlstate="58P01")
        expect_error(conn, "SELECT pg_read_binary_file('postgresql.conf', 0, 10)", sqlstate="42501")
        expect_error(conn, "SELECT pg_read_file('/etc/hostname', 0, 10)", sqlstate="42501")
        assert conn.execute("SELECT pg_has_role('crm_agent', 'pg_read_server_files', 'MEMBER')").fetchone()[0] is False
