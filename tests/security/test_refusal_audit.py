"""Refused attacks leave a trace in the audit (issue #11 "Done when"), tried as an attacker would:
staff logins commit security refusals with plain psycopg (a self-grant CR033, a raw personal-data
column 42501, a claim by a type that holds no relationships CR034); the refused transaction rolls
back its own audit rows, and the HQ agent (crm_desktop.agent.jobs.run_once, reading the real
server log) writes one crm.audit_log row per refusal: the login, its branch, the SQLSTATE, the
server's message, the client. Hostile messages do not break a round, one login cannot flood the
audit (100 rows per login and hour, then one row counting the rest), and logins that are not
staff (the gate, the agent, the superuser) are not recorded."""

from __future__ import annotations

import datetime as dt
import secrets
import time

import psycopg
import pytest
from psycopg import sql
from psycopg.types.json import Jsonb

from crm_desktop.agent import jobs
from tests.security.helpers import expect_error, wait_for

REFUSALS = "security_refusal"
CAP = 100
PERSONAL = "SELECT id_no FROM crm.customer"


@pytest.fixture
def org(db):
    """BR01: adm (营业部管理员), mgr (a manager with the public pool), mkt_a, mkt_b; BR02: adm2.
    Customers P1 (pool) and A1 (mkt_a's)."""
    db.make_branch("BR02")
    db.make_staff("adm", staff_type="back_office", roles=("branch_admin",))
    db.make_staff("adm2", branch="BR02", staff_type="back_office", roles=("branch_admin",))
    db.make_staff("mgr", staff_type="manager", scope="subordinates", public_pool=True)
    db.make_staff("mkt_a", superior="mgr")
    db.make_staff("mkt_b", superior="mgr")
    customers = {acct: db.make_customer(acct, name=f"客户{acct}") for acct in ("P1", "A1")}
    db.relate(customers["A1"], "mkt_a")
    return customers


def refusal_rows(db, login: str | None = None, action: str = "refused") -> list[dict]:
    with db.admin() as conn, conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        return cur.execute(
            "SELECT a.at, a.actor, a.action, a.row_key, b.code AS branch, a.old_values, a.new_values "
            "FROM crm.audit_log a LEFT JOIN crm.branch b ON b.id = a.branch_id "
            "WHERE a.table_name = %s AND a.action = %s AND (%s::text IS NULL OR a.actor = %s) ORDER BY a.at, a.id",
            (REFUSALS, action, login, login)).fetchall()


def agent_until(db, done, timeout: float = 15.0):
    """Agent rounds until `done()` holds (the collector writes the log asynchronously); every round
    must succeed."""
    def attempt():
        report = jobs.run_once(db.admin_url)
        assert report.ok, report.errors
        return done()
    return wait_for(attempt, timeout=timeout)


def not_at_the_turn_of_the_hour() -> None:
    """The cap counts per clock hour: keep a burst of refusals inside one."""
    now = dt.datetime.now(dt.timezone.utc)
    if now.minute == 59 and now.second >= 30:
        time.sleep(61 - now.second)


def test_each_refusal_reaches_the_audit_with_login_state_and_message(db, org):
    with db.session("adm") as adm, db.session("mkt_a") as mkt, db.session("mgr") as mgr:
        four_eyes = expect_error(adm, "SELECT crm.grant_role('adm', 'trading_manager')", sqlstate="CR033")
        privilege = expect_error(mkt, PERSONAL, sqlstate="42501")
        holder = expect_error(mgr, "SELECT crm.request_claim(%s)", (org["P1"],), sqlstate="CR034")
    refused = {"adm": four_eyes, "mkt_a": privilege, "mgr": holder}
    # The refused transactions kept nothing: before the agent's round there is no trace in the audit.
    assert refusal_rows(db) == []
    assert db.scalar("SELECT count(*) FROM crm.audit_log WHERE actor IN ('adm', 'mkt_a', 'mgr')") == 0

    assert agent_until(db, lambda: len(refusal_rows(db)) >= 3)
    rows = {r["actor"]: r for r in refusal_rows(db)}
    assert set(rows) == set(refused) and len(refusal_rows(db)) == 3
    for login, error in refused.items():
        row = rows[login]
        assert row["row_key"] == error.sqlstate and row["branch"] == "BR01" and row["old_values"] is None
        values = row["new_values"]
        assert set(values) == {"state_code", "message", "client"}
        assert values["state_code"] == error.sqlstate
        assert values["message"] == error.diag.message_primary
        assert values["client"]            # "[local]" over the socket, an address over TCP
        assert abs((row["at"] - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 120
    assert "their own" in rows["adm"]["new_values"]["message"]
    assert "customer" in rows["mkt_a"]["new_values"]["message"]

    # A round over the same log adds nothing (the slice was consumed once).
    jobs.run_once(db.admin_url)
    assert len(refusal_rows(db)) == 3
    # The branch's administrator reads them under row-level security; another branch's does not,
    # and the attacker can neither read nor remove their trace.
    with db.session("adm") as conn:
        assert conn.execute("SELECT count(*) FROM crm.audit_log WHERE table_name = %s", (REFUSALS,)
                            ).fetchone()[0] == 3
    with db.session("adm2") as conn:
        assert conn.execute("SELECT count(*) FROM crm.audit_log WHERE table_name = %s", (REFUSALS,)
                            ).fetchone()[0] == 0
    with db.session("mkt_a") as conn:
        expect_error(conn, "DELETE FROM crm.audit_log WHERE actor = 'mkt_a'", sqlstate="42501")
        expect_error(conn, "UPDATE crm.audit_log SET new_values = '{}' WHERE actor = 'mkt_a'", sqlstate="42501")
        expect_error(conn, "INSERT INTO crm.audit_log (actor, table_name, action) VALUES ('adm', %s, 'refused')",
                     (REFUSALS,), sqlstate="42501")
    assert len(refusal_rows(db)) == 3


def test_hostile_messages_do_not_break_the_round(db, org):
    """A staff login can RAISE any SQLSTATE with any message from a DO block: a megabyte of U+2028,
    a message shaped to end its JSON string and forge another login's record, control characters.
    Each lands bounded and as the raiser's own, and the round succeeds."""
    forged = '"}\u2028\n{"user":"adm","state_code":"CR033","error_severity":"ERROR","message":"forged'
    with db.session("mkt_a") as conn:
        for message, state in (("\u2028" * 1_000_000, "42501"), (forged, "CR033"),
                               ("\u0085\r\x0b\x1e\x7f\ufeff\\\"{}中" * 100, "CR034")):
            expect_error(conn, f"DO $do$ BEGIN RAISE EXCEPTION USING ERRCODE = '{state}', "
                               f"MESSAGE = $m${message}$m$; END $do$", sqlstate=state)
    assert agent_until(db, lambda: len(refusal_rows(db, "mkt_a")) >= 3)
    rows = refusal_rows(db, "mkt_a")
    assert [r["new_values"]["state_code"] for r in rows] == ["42501", "CR033", "CR034"]
    assert rows[0]["new_values"]["message"] == "\u2028" * 500
    assert rows[1]["new_values"]["message"] == forged
    assert all(len(r["new_values"]["message"]) <= 500 for r in rows)
    assert refusal_rows(db, "adm") == []          # nothing forged in another login's name
    report = jobs.run_once(db.admin_url)
    assert report.ok and len(refusal_rows(db)) == 3


def test_one_login_cannot_flood_the_audit(db, org):
    extra = 30
    not_at_the_turn_of_the_hour()
    with db.session("mkt_a") as conn:
        for _ in range(CAP + extra):
            expect_error(conn, PERSONAL, sqlstate="42501")
    with db.session("mkt_b") as conn:
        expect_error(conn, PERSONAL, sqlstate="42501")

    def dropped() -> int:
        return sum(r["new_values"]["dropped"] for r in refusal_rows(db, "mkt_a", "dropped"))
    assert agent_until(db, lambda: len(refusal_rows(db, "mkt_b")) == 1 and dropped() == extra)
    assert len(refusal_rows(db, "mkt_a")) == CAP
    summary = refusal_rows(db, "mkt_a", "dropped")
    assert len(summary) == 1
    assert summary[0]["new_values"] == {"dropped": extra, "limit": CAP} and summary[0]["branch"] == "BR01"
    # The next refusals of the hour only count up the same summary row; another login is unaffected.
    with db.session("mkt_a") as conn:
        for _ in range(5):
            expect_error(conn, PERSONAL, sqlstate="42501")
    assert agent_until(db, lambda: dropped() == extra + 5)
    assert len(refusal_rows(db, "mkt_a")) == CAP and len(refusal_rows(db, "mkt_a", "dropped")) == 1
    assert len(refusal_rows(db, "mkt_b")) == 1


def test_gate_agent_and_superuser_refusals_are_not_recorded(db, org, gate):
    password = "agent-" + secrets.token_hex(12)
    with db.admin() as conn:
        conn.execute(sql.SQL("ALTER ROLE crm_agent PASSWORD {}").format(sql.Literal(password)))
    try:
        with db.connect("crm_agent", password) as agent:
            expect_error(agent, "SELECT crm.grant_role('mkt_a', 'analyst')", sqlstate="42501")
    finally:
        with db.admin() as conn:
            conn.execute("ALTER ROLE crm_agent PASSWORD NULL")
    expect_error(gate, "SELECT login FROM crm.staff", sqlstate="42501")
    expect_error(gate, "SELECT id_no FROM crm.customer", sqlstate="42501")
    with db.admin() as conn:
        expect_error(conn, "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'superuser'; END $$",
                     sqlstate="42501")
    # A staff refusal after them, so that the round provably read past them.
    with db.session("mkt_b") as conn:
        expect_error(conn, PERSONAL, sqlstate="42501")
    assert agent_until(db, lambda: refusal_rows(db, "mkt_b"))
    assert [r["actor"] for r in refusal_rows(db)] == ["mkt_b"]


def test_the_database_side_checks_every_denied_event(db, org):
    """crm.agent_ingest_auth_log() as the agent, with synthetic events: only staff logins and the
    three security states are recorded; odd values are skipped one by one, never fatal."""
    at = "2030-01-01 10:00:00.000 UTC"
    ok = {"kind": "denied", "user": "mkt_a", "at": at, "client": "192.0.2.9", "state_code": "CR033",
          "message": "ok"}
    events = [
        ok,
        ok | {"user": "crm_gate"}, ok | {"user": "crm_agent"}, ok | {"user": "no_such_login"},
        ok | {"user": "postgres"},
        ok | {"state_code": "22P02"}, ok | {"state_code": None}, ok | {"state_code": {"a": 1}},
        ok | {"state_code": "CR001"},
        ok | {"message": {"nested": ["x"]}, "state_code": "42501"},      # kept, without a message
        ok | {"message": "m" * 100_000, "client": "c" * 10_000, "state_code": "CR034"},
        ok | {"at": "not a time"},                                        # skipped and counted
        ok | {"user": ["mkt_a"]},                                         # skipped and counted
        "denied", None, [],                                               # skipped and counted
    ]
    with db.admin() as conn:
        conn.execute("SET ROLE crm_agent")
        applied, skipped = conn.execute(
            "SELECT applied, skipped FROM crm.agent_ingest_auth_log('zzzz-synthetic.json', 0, 1, %s)",
            (Jsonb(events),)).fetchone()
        conn.execute("RESET ROLE")
    assert applied and skipped == 5
    rows = refusal_rows(db)
    assert [(r["actor"], r["row_key"]) for r in rows] == [("mkt_a", "CR033"), ("mkt_a", "42501"), ("mkt_a", "CR034")]
    assert rows[0]["at"] == dt.datetime(2030, 1, 1, 10, tzinfo=dt.timezone.utc)
    assert rows[0]["new_values"] == {"state_code": "CR033", "message": "ok", "client": "192.0.2.9"}
    assert rows[1]["new_values"]["message"] is None
    assert len(rows[2]["new_values"]["message"]) == 500 and len(rows[2]["new_values"]["client"]) == 64


def test_the_reader_hands_on_error_records_of_the_three_states_only():
    import json

    def parse(**entry):
        return jobs.parse_log_record(json.dumps({"user": "mkt_a", "timestamp": "2030-01-01 10:00:00.000 UTC",
                                                 "remote_host": "[local]", "error_severity": "ERROR"} | entry
                                                ).encode())
    for state in ("42501", "CR033", "CR034"):
        well_formed, event = parse(state_code=state, message="m\x00" + "x" * 2000)
        assert well_formed and event == {"kind": "denied", "user": "mkt_a", "at": "2030-01-01 10:00:00.000 UTC",
                                         "client": "[local]", "state_code": state, "message": "m" + "x" * 499}
    # A connection refused for lack of CONNECT is FATAL: a sign-in matter, not a refused statement.
    assert parse(state_code="42501", error_severity="FATAL", message="permission denied for database") == (True, None)
    assert parse(state_code="22P02", message="invalid input syntax") == (True, None)
    assert parse(state_code=["42501"], message="x") == (True, None)
