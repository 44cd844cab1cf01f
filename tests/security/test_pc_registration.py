"""Registered PCs (issue #17, FAQ 27/28/38): the gate records a request and tells nothing; a
branch administrator of the account's branch approves it, which binds (moves) the MACs; nobody
else, and nobody for themselves. Raw psycopg connections as the gate and as staff."""

from __future__ import annotations

import psycopg
import pytest

from tests.security.helpers import FOREIGN_MAC, expect_error, open_session, unchanged

NEW_PC = ["0e:aa:bb:cc:dd:01", "0E-AA-BB-CC-DD-02"]
REQUEST = "SELECT crm.request_pc_registration(%s, %s, %s, %s)"


def pending(db) -> list[tuple]:
    with db.admin() as conn:
        return conn.execute("SELECT id, login, staff_id IS NOT NULL, macs, hostname, os_user FROM "
                            "crm.pc_registration_request WHERE status = 'pending' ORDER BY id").fetchall()


def bound(db, login: str) -> list[str]:
    with db.admin() as conn:
        return [r[0] for r in conn.execute("SELECT m.mac FROM crm.staff_mac m JOIN crm.staff s ON s.id = m.staff_id "
                                           "WHERE s.login = %s ORDER BY 1", (login,))]


def test_gate_answers_the_same_for_existing_and_unknown_logins(db, world, gate):
    answers = [gate.execute(REQUEST, (login, NEW_PC, "PC-07", "zhang")).fetchall()
               for login in ("mkt_a", "no_such_login")]
    assert answers[0] == answers[1] and answers[0][0][0] in (None, "")
    rows = pending(db)
    assert [(r[1], r[2], r[3]) for r in rows] == [("mkt_a", True, ["0e:aa:bb:cc:dd:01", "0e:aa:bb:cc:dd:02"]),
                                                  ("no_such_login", False, ["0e:aa:bb:cc:dd:01", "0e:aa:bb:cc:dd:02"])]
    # The gate reads nothing of it.
    expect_error(gate, "SELECT * FROM crm.pc_registration_request", sqlstate="42501")
    expect_error(gate, "SELECT * FROM crm.pending_pc_registrations()", sqlstate="42501")
    expect_error(gate, "SELECT crm.decide_pc_registration(1, true)", sqlstate="42501")


def test_flooding_is_dropped_silently_per_login_and_per_mac(db, world, gate):
    for i in range(10):
        gate.execute(REQUEST, ("mkt_a", [f"0e:00:00:00:01:{i:02x}"], "PC", "u"))
    for i in range(10):
        gate.execute(REQUEST, (f"nobody{i}", [FOREIGN_MAC], "PC", "u"))
    with db.admin() as conn:
        assert conn.execute("SELECT count(*) FROM crm.pc_registration_request WHERE login = 'mkt_a'").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM crm.pc_registration_request WHERE %s = ANY (macs)",
                            (FOREIGN_MAC,)).fetchone()[0] == 5


@pytest.mark.parametrize("login, macs, host, os_user, words", [
    ("mkt_a", NEW_PC, "H" * 1_000_000, "u", "host name"),
    ("mkt_a", NEW_PC, "PC\u202eexe.txt", "u", "host name"),
    ("mkt_a", NEW_PC, "PC\u200b", "u", "host name"),
    ("mkt_a", NEW_PC, "PC", "u\n", "OS user"),
    ("mkt_a", NEW_PC, "", "u", "host name"),
    ("m" * 64, NEW_PC, "PC", "u", "login"),
    ("", NEW_PC, "PC", "u", "login"),
    ("mkt_a", [], "PC", "u", "1 to 16"),
    ("mkt_a", [f"0e:00:00:00:00:{i:02x}" for i in range(17)], "PC", "u", "1 to 16"),
    ("mkt_a", ["not-a-mac"], "PC", "u", "not a MAC"),
    ("mkt_a", ["00:00:00:00:00:00"], "PC", "u", "not a MAC"),
    ("mkt_a", ["0e" * 500_000], "PC", "u", "not a MAC"),
    ("mkt_a", [None], "PC", "u", "not a MAC"),
])
def test_bad_requests_are_refused_in_words_and_nothing_changes(db, world, gate, login, macs, host, os_user, words):
    with unchanged(db):
        error = expect_error(gate, REQUEST, (login, macs, host, os_user), sqlstate="22023")
    assert words in str(error)


def request_for(db, gate, login: str, macs=NEW_PC) -> int:
    gate.execute(REQUEST, (login, macs, "PC-NEW", "os-user"))
    with db.admin() as conn:
        return conn.execute("SELECT max(id) FROM crm.pc_registration_request WHERE login = %s", (login,)).fetchone()[0]


def test_branch_admin_approves_which_moves_the_binding_and_the_pc_signs_in(db, world, gate):
    old = bound(db, "mkt_a")
    assert old and not set(old) & {"0e:aa:bb:cc:dd:01", "0e:aa:bb:cc:dd:02"}
    request = request_for(db, gate, "mkt_a")
    with world.session("admin01") as conn:
        listed = conn.execute("SELECT id, login, macs, bound_macs FROM crm.pending_pc_registrations()").fetchall()
        assert listed == [(request, "mkt_a", ["0e:aa:bb:cc:dd:01", "0e:aa:bb:cc:dd:02"], old)]
        now_bound = conn.execute("SELECT crm.decide_pc_registration(%s, true)", (request,)).fetchone()[0]
    assert now_bound == ["0e:aa:bb:cc:dd:01", "0e:aa:bb:cc:dd:02"] == bound(db, "mkt_a")   # moved, FAQ 38
    with db.connect("mkt_a") as conn:
        assert open_session(conn, ["0e:aa:bb:cc:dd:02"])[0] is not None
    with db.admin() as conn:
        assert conn.execute("SELECT actor, action FROM crm.audit_log WHERE table_name = 'pc_registration_request'"
                            ).fetchall() == [("admin01", "approve")]
    # Decided once: a second click changes nothing.
    with world.session("admin01") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.decide_pc_registration(%s, true)", (request,), sqlstate="P0002")


def test_policy_with_several_pcs_adds_the_binding(db, world, gate):
    old = bound(db, "mkt_b")
    with db.admin() as conn:
        conn.execute("UPDATE crm.policy SET several_pcs_per_login = true")
    request = request_for(db, gate, "mkt_b")
    with world.session("admin01") as conn:
        conn.execute("SELECT crm.decide_pc_registration(%s, true)", (request,))
    assert bound(db, "mkt_b") == sorted(old + ["0e:aa:bb:cc:dd:01", "0e:aa:bb:cc:dd:02"])


def test_nobody_else_decides_and_nobody_for_themselves(db, world, gate):
    request = request_for(db, gate, "mkt_a")
    own = request_for(db, gate, "admin01", ["0e:aa:bb:cc:dd:09"])
    unknown = request_for(db, gate, "ghost_login", ["0e:aa:bb:cc:dd:08"])
    sessions = {login: world.session(login) for login in ("admin02", "mkt_b", "director", "admin01")}
    try:
        with unchanged(db):
            for login in ("admin02", "mkt_b", "director"):           # another branch's admin, non-admins
                assert sessions[login].execute("SELECT * FROM crm.pending_pc_registrations()").fetchall() == []
                expect_error(sessions[login], "SELECT crm.decide_pc_registration(%s, true)", (request,),
                             sqlstate="P0002")
            expect_error(sessions["admin01"], "SELECT crm.decide_pc_registration(%s, true)", (own,), sqlstate="CR033")
            expect_error(sessions["admin01"], "SELECT crm.decide_pc_registration(%s, true)", (unknown,),
                         sqlstate="P0002")
            expect_error(sessions["admin01"], "SELECT crm.decide_pc_registration(%s, NULL)", (request,),
                         sqlstate="22023")
            with pytest.raises(psycopg.Error):
                sessions["admin01"].execute("UPDATE crm.pc_registration_request SET status = 'approved'")
        with db.connect("admin01") as sessionless, unchanged(db):           # no session: no rights
            expect_error(sessionless, "SELECT crm.decide_pc_registration(%s, true)", (request,), sqlstate="P0002")
    finally:
        for conn in sessions.values():
            conn.close()


def test_branch_admin_cannot_bind_a_pc_to_an_account_holding_hq_rights(db, world, gate):
    """crm.refuse_takeover applies: binding a PC to such an account could hand its rights over."""
    db.make_staff("exporter", roles=("analyst", "data_export"), staff_type="back_office", scope="branch")
    request = request_for(db, gate, "exporter")
    with world.session("admin01") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.decide_pc_registration(%s, true)", (request,), sqlstate="42501")
    hq = db.make_staff("hq_adm2", branch="HQ", staff_type="hq", scope="all", roles=("hq_admin",))
    with db.session(hq.login) as conn:
        assert "0e:aa:bb:cc:dd:01" in conn.execute("SELECT crm.decide_pc_registration(%s, true)",
                                                   (request,)).fetchone()[0]
