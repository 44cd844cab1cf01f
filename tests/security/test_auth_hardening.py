"""Sign-in hardening tried as an attacker would (issue #11 parts 2, 4, 6): the gate cannot list
logins nor tell which exist, administrators unlock each other, passwords set outside the policy
are detected, the server log holds no password, long transactions are ended, and the agent's
jobs fail alone and say so."""

from __future__ import annotations

import time

import psycopg
import pytest
from psycopg.types.json import Jsonb

from crm_desktop.agent import jobs
from crm_desktop.services import admin_queries
from crm_desktop.services import machine
from tests.security.helpers import connection_is_dead, expect_error, expect_login_refused, open_session
from tests.support import TEST_PASSWORD

SYNTHETIC_LOG = "zzzz-synthetic.json"   # sorts after any real log file


def burst(conn: psycopg.Connection, login: str, start: int, count: int) -> tuple:
    """`count` failed passwords of `login` through the agent's entry point, as crm_agent."""
    conn.execute("SET ROLE crm_agent")
    try:
        return conn.execute("SELECT applied, locked FROM crm.agent_ingest_auth_log(%s, %s, %s, %s)",
                            (SYNTHETIC_LOG, start, start + 1,
                             Jsonb([{"kind": "failure", "user": login, "client": "192.0.2.7"}] * count))).fetchone()
    finally:
        conn.execute("RESET ROLE")


def notice(conn: psycopg.Connection, login: str) -> tuple:
    conn.execute("SET ROLE crm_gate")
    try:
        return conn.execute("SELECT * FROM crm.login_notice(%s)", (login,)).fetchone()
    finally:
        conn.execute("RESET ROLE")


def test_gate_cannot_list_logins(db):
    db.make_staff("mkt_a")
    with db.admin() as conn, db.connect("mkt_a") as witness:
        conn.execute("SET ROLE crm_gate")
        for query in ("SELECT rolname FROM pg_roles", "SELECT usename FROM pg_user",
                      "SELECT * FROM pg_auth_members", "SELECT usename FROM pg_stat_activity",
                      "SELECT groname FROM pg_group", "SELECT * FROM pg_stat_get_activity(NULL)",
                      "SELECT pg_get_userbyid(oid) FROM pg_class LIMIT 1",
                      "SELECT login FROM crm.staff", "SELECT * FROM crm.staff_overview",
                      "SELECT * FROM crm.login_event", "SELECT * FROM crm.auth_failure",
                      "SELECT * FROM crm.password_record"):
            expect_error(conn, query, sqlstate="42501")
        conn.execute("RESET ROLE")
        # Staff keep what they had.
        assert witness.execute("SELECT count(*) FROM pg_roles WHERE rolname = 'mkt_a'").fetchone()[0] == 1


def test_login_notice_does_not_tell_which_logins_exist(db):
    db.make_staff("mkt_a")
    with db.admin() as conn:
        conn.execute("""SELECT crm.update_policy('{"lockout_threshold": 3, "lockout_minutes": 20}')""")
        assert notice(conn, "mkt_a") == notice(conn, "no_such_login")
        status, contact, *_rest, threshold, window, minutes, _max = notice(conn, "no_such_login")
        assert (status, contact, threshold, window, minutes) == ("active", None, 3, 15, 20)
        # The same attempts give the same answer: both locked, the same figures, no contact.
        burst(conn, "mkt_a", 0, 3)
        burst(conn, "no_such_login", 1, 3)
        existing, unknown = notice(conn, "mkt_a"), notice(conn, "no_such_login")
        assert existing[0] == unknown[0] == "locked"
        assert existing[1] is None and unknown[1] is None
        assert existing[6:] == unknown[6:]
        # Megabyte and hostile input is just an unknown name.
        assert notice(conn, "\u2028" * 1_000_000)[0] == "active"


def test_administrators_unlock_each_other_without_the_superuser(db):
    db.make_staff("hq_one", branch="HQ", roles=("hq_admin",), scope="all")
    db.make_staff("hq_two", branch="HQ", roles=("hq_admin",), scope="all")
    db.make_staff("br_admin", roles=("branch_admin",))
    with db.admin() as conn:
        conn.execute("""SELECT crm.update_policy('{"lockout_threshold": 2, "lockout_locks_before_freeze": 0}')""")
        assert burst(conn, "hq_two", 0, 2) == (True, ["hq_two"])
        assert conn.execute("SELECT status FROM crm.staff WHERE login = 'hq_two'").fetchone()[0] == "frozen"
        assert burst(conn, "hq_one", 1, 2) == (True, ["hq_one"])
    expect_login_refused(db, "hq_two", TEST_PASSWORD)
    # A branch administrator may not; the locked administrator may not unlock themself.
    with db.session("br_admin") as branch:
        expect_error(branch, "SELECT crm.unfreeze_staff('hq_two')", sqlstate="P0002")
    with db.admin() as conn:   # break-glass: the superuser on the HQ server unlocks the last one
        conn.execute("SELECT crm.unfreeze_staff('hq_one')")
    with db.session("hq_one") as hq_one:
        expect_error(hq_one, "SELECT crm.unfreeze_staff('hq_one')", sqlstate="42501")
        hq_one.execute("SELECT crm.unfreeze_staff('hq_two')")
    with db.session("hq_two") as conn:
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is not None
    with db.admin() as conn:
        actors = conn.execute("SELECT actor FROM crm.audit_log WHERE row_key = 'hq_two' AND table_name = 'staff' AND action = 'update' "
                              "AND new_values ->> 'status' = 'active'").fetchall()
        assert actors == [("hq_one",)]


def test_password_set_outside_the_policy_is_detected(db):
    db.make_staff("mkt_a")
    db.make_staff("mkt_b")
    with db.session("mkt_a") as conn:
        # What psql's \password does: PostgreSQL lets a role set its own password.
        conn.execute("ALTER ROLE mkt_a PASSWORD 'a'")
        verifier = conn.pgconn.encrypt_password(b"also-short", b"mkt_a", b"scram-sha-256").decode()
        conn.execute(f"ALTER ROLE mkt_a PASSWORD '{verifier}'")
        report = jobs.run_once(db.admin_url)
        assert report.password_bypass == ["mkt_a"] and report.ok
        connection_is_dead(conn)
    assert jobs.run_once(db.admin_url).password_bypass == []   # reported once
    with db.connect("mkt_a", "also-short") as conn:
        expect_error(conn, "SELECT * FROM crm.open_session(%s, 'pc', 'test')", (machine.local_macs(),),
                     sqlstate="CR003")
        conn.execute("SELECT crm.change_password('a-Proper-passphrase')")
        open_session(conn, machine.local_macs())
    assert jobs.run_once(db.admin_url).password_bypass == []
    with db.admin() as conn:
        assert conn.execute("SELECT count(*) FROM crm.audit_log WHERE action = 'password_bypass' "
                            "AND row_key = 'mkt_a'").fetchone()[0] == 1
        assert conn.execute("SELECT reason->>'code' FROM crm.login_event WHERE login = 'mkt_a' "
                            "AND outcome = 'password_bypass'").fetchone()[0] == "password_set_outside_policy"
        assert conn.execute("SELECT must_change_password FROM crm.staff WHERE login = 'mkt_b'").fetchone()[0] is False


def test_new_password_must_differ_from_the_current_one(db):
    account = db.make_staff("mkt_a", ready=False)
    with db.connect("mkt_a", account.password) as conn:
        started = time.monotonic()
        error = expect_error(conn, "SELECT crm.change_password(%s)", (account.password,), sqlstate="CR020")
        assert "differ" in str(error)
        assert time.monotonic() - started < 5
        conn.execute("SELECT crm.change_password('Quite-different-2026')")
        expect_error(conn, "SELECT crm.change_password('Quite-different-2026')", sqlstate="CR020")
        conn.execute("SELECT crm.change_password('Another-one-2027')")


def test_the_server_log_never_holds_a_password(db):
    db.make_staff("mkt_a")
    db.make_staff("mkt_b")
    canary = "Canary-Pw-7f3e"
    with db.admin() as conn:
        started = dict(conn.execute("SELECT name, size FROM pg_ls_logdir() WHERE name LIKE '%.json'").fetchall())
    with db.connect("mkt_a") as conn:
        expect_error(conn, f"ALTER ROLE mkt_b PASSWORD '{canary}1'", sqlstate="42501")
        expect_error(conn, f"SELECT crm.change_password('{canary[:5]}')", sqlstate="CR020")
        expect_error(conn, f"CREATE ROLE intruder LOGIN PASSWORD '{canary}2'", sqlstate="42501")
        expect_error(conn, f"SELECT crm.change_password('{canary}3', 'extra')", sqlstate="42883")
    with db.admin() as conn:
        marker = conn.execute("SELECT 'log-end-' || gen_random_uuid()").fetchone()[0]
        conn.execute(f"DO $$ BEGIN RAISE LOG '{marker}'; END $$")

        def log_text() -> str:
            """Everything logged since the test began (the log may hold other tests' megabytes)."""
            chunks = []
            for name, size in conn.execute("SELECT name, size FROM pg_ls_logdir() WHERE name LIKE '%.json'"):
                for offset in range(started.get(name, 0), size, 8 << 20):
                    chunks.append(bytes(conn.execute("SELECT crm_server.read_log(%s, %s, %s)",
                                                     (name, offset, min(8 << 20, size - offset))).fetchone()[0]))
            return b"".join(chunks).decode("utf-8", "replace")

        deadline = time.monotonic() + 5
        text = log_text()
        while marker not in text and time.monotonic() < deadline:
            time.sleep(0.2)
            text = log_text()
    assert marker in text
    assert "permission denied to alter role" in text or "permission denied" in text   # the refusals are logged
    assert canary not in text and "'Canar'" not in text


def test_long_transaction_is_ended_by_the_agent(db):
    db.make_staff("mkt_a")
    db.make_staff("mkt_b")
    with db.admin() as conn:
        conn.execute("""SELECT crm.update_policy('{"max_transaction_seconds": 1}')""")
    with db.connect("mkt_a", autocommit=False) as holder, db.connect("mkt_b") as quick:
        open_session(holder, machine.local_macs())
        holder.execute("SELECT count(*) FROM crm.staff")      # a transaction left open, holding a snapshot
        open_session(quick, machine.local_macs())
        time.sleep(1.5)
        report = jobs.run_once(db.admin_url)
        assert [(p["login"], p["reason"]) for p in report.as_dict()["ended_sessions"]] == \
            [("mkt_a", "transaction too long")]
        connection_is_dead(holder)
        assert quick.execute("SELECT crm.current_staff_id()").fetchone()[0] is not None
    with db.admin() as conn:
        assert conn.execute("SELECT reason FROM crm.login_event WHERE login = 'mkt_a' "
                            "AND outcome = 'session_ended'").fetchone()[0] == \
            {"code": "transaction_too_long", "seconds": 1}


def test_each_job_fails_alone_and_says_so(db, monkeypatch):
    db.make_staff("mkt_a")
    with db.admin() as conn:
        conn.execute("""SELECT crm.update_policy('{"lockout_threshold": 2}')""")

    def broken_drop_folder(conn):
        raise OSError("drop folder unreadable")

    monkeypatch.setattr(jobs, "import_drop_folder", broken_drop_folder)
    monkeypatch.setattr(jobs, "scan_auth_log", lambda conn: conn.execute("SELECT 1/0"))
    with db.admin() as conn:
        conn.execute("SET ROLE crm_agent")
        burst_locked = conn.execute(
            "SELECT locked FROM crm.agent_ingest_auth_log(%s, 0, 1, %s)",
            (SYNTHETIC_LOG, Jsonb([{"kind": "failure", "user": "mkt_a"}] * 2))).fetchone()[0]
        assert burst_locked == ["mkt_a"]
        conn.execute("RESET ROLE")
        conn.execute("UPDATE crm.auth_failure SET locked_until = now() WHERE login = 'mkt_a'")
    report = jobs.run_once(db.admin_url)
    assert set(report.errors) == {"auth_log", "t1_import"}
    assert "division by zero" in report.errors["auth_log"] and "unreadable" in report.errors["t1_import"]
    assert report.released_locks == 1                 # the jobs after a failed one still ran
    with db.admin() as conn:
        conn.execute("SET ROLE crm_agent")
        health = {h["job"]: h for h in admin_queries.agent_health(conn)}
    assert not health["auth_log"]["ok"] and "division by zero" in health["auth_log"]["last_error"]
    assert health["release_locks"]["ok"] and health["release_locks"]["summary"] == {"released": 1}
    # Staff see nothing of it; HQ administrators see it.
    db.make_staff("hq_adm", branch="HQ", roles=("hq_admin",), scope="all")
    with db.session("mkt_a") as staff:
        assert staff.execute("SELECT count(*) FROM crm.agent_health()").fetchone()[0] == 0
    with db.session("hq_adm") as hq:
        assert hq.execute("SELECT count(*) FROM crm.agent_health() WHERE NOT ok").fetchone()[0] == 2


@pytest.mark.parametrize("settings", ['{"lockout_max_minutes": 5, "lockout_minutes": 10}',
                                      '{"lockout_locks_before_freeze": 99}', '{"no_such": 1}', '[1]'])
def test_policy_refuses_nonsense(db, settings):
    with db.admin() as conn:
        with pytest.raises(psycopg.Error):
            conn.execute("SELECT crm.update_policy(%s)", (settings,))
