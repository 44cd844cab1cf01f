"""Staff basic data (FAQ 22) as staff roles through psycopg directly: only an administrator of the
staff member's branch (HQ for all) edits it, a branch administrator not an account holding HQ
rights, nobody writes the history table, no session and the gate do nothing, megabyte input
changes nothing; the history is readable by the branch's administrators and the person only."""

from __future__ import annotations

import psycopg
import pytest

from tests.security.helpers import expect_error, unchanged

CALL = "SELECT crm.update_staff_basic_data(%s, %s, %s, %s, %s)"


@pytest.fixture
def staff(db):
    db.make_branch("BR02")
    db.make_staff("adm1", staff_type="back_office", roles=("branch_admin",))
    db.make_staff("adm2", branch="BR02", staff_type="back_office", roles=("branch_admin",))
    db.make_staff("mkt1")
    db.make_staff("hqm", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",),
                  scope="all")
    db.make_staff("hqadmin", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    return db


def test_scope(staff):
    db = staff
    conns = {login: db.session(login) for login in ("adm2", "mkt1", "adm1")}
    conns["no session"] = db.connect("adm1")
    try:
        with unchanged(db):
            expect_error(conns["adm2"], CALL, ("mkt1", "改名", None, None, None), sqlstate="P0002")
            expect_error(conns["mkt1"], CALL, ("mkt1", "改名", None, None, None), sqlstate="P0002")
            expect_error(conns["no session"], CALL, ("mkt1", "改名", None, None, None), sqlstate="P0002")
            expect_error(conns["adm1"], CALL, ("hqm", "改名", None, None, None), sqlstate="P0002")
            expect_error(conns["adm1"], CALL, ("mkt1", "名" * 1_000_000, None, None, None), sqlstate="22023")
            expect_error(conns["adm1"], CALL, ("mkt1", "孙", "1" * 1_000_000, None, None), sqlstate="22023")
            for conn in conns.values():
                expect_error(conn, "INSERT INTO crm.staff_basic_data (staff_id, branch_id, name, valid_from) "
                                   "SELECT id, branch_id, 'x', now() FROM crm.staff", sqlstate="42501")
                expect_error(conn, "UPDATE crm.staff SET name = 'x'", sqlstate="42501")
    finally:
        for conn in conns.values():
            conn.close()
    with db.session("hqadmin") as conn:
        assert conn.execute(CALL, ("hqm", "钱总部", "13800000000", "主管", None)).fetchone()[0] is True
    with db.session("adm1") as conn:
        conn.execute(CALL, ("mkt1", "孙营销", None, "客户经理", None))
        assert conn.execute("SELECT count(*) FROM crm.staff_basic_data").fetchone()[0] == 2   # mkt1's only
    with db.session("adm2") as conn:
        assert conn.execute("SELECT count(*) FROM crm.staff_basic_data").fetchone()[0] == 0
    with db.session("mkt1") as conn:
        assert conn.execute("SELECT count(*) FROM crm.staff_basic_data").fetchone()[0] == 2


def test_gate(staff, gate):
    db = staff
    with unchanged(db):
        for query, params in [(CALL, ("mkt1", "x", None, None, None)), ("SELECT * FROM crm.staff_basic_data", None)]:
            with pytest.raises(psycopg.Error) as info:
                gate.execute(query, params)
            assert info.value.sqlstate == "42501"
