"""营业部 reference data as staff roles through psycopg directly: only HQ administrators create and
rename branches; names are unique (trimmed, NFKC, case-folded), validated, audited; branch
administrators, the gate and a login without a session change nothing."""

from __future__ import annotations

import psycopg
import pytest

from tests.security.helpers import expect_error, unchanged


@pytest.fixture
def people(db):
    db.make_staff("adm1", staff_type="back_office", roles=("branch_admin",))
    db.make_staff("hqadmin", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    db.make_staff("hqm", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",), scope="all")
    return db


def test_only_hq_administrators(people):
    db = people
    conns = {login: db.session(login) for login in ("adm1", "hqm")}
    conns["no session"] = db.connect("hqadmin")
    try:
        with unchanged(db):
            for conn in conns.values():
                expect_error(conn, "SELECT crm.create_branch('BR09', '新营业部')", sqlstate="42501")
                expect_error(conn, "SELECT crm.rename_branch('BR01', '改名营业部')", sqlstate="42501")
                expect_error(conn, "UPDATE crm.branch SET name = 'x'", sqlstate="42501")
                expect_error(conn, "INSERT INTO crm.branch (code, name) VALUES ('ZZ', 'x')", sqlstate="42501")
    finally:
        for conn in conns.values():
            conn.close()


def test_validated_unique_and_audited(people):
    db = people
    with db.session("hqadmin") as conn:
        with unchanged(db):
            for code, name, state in [("b9", "新营业部", None), ("BR-9", "新营业部", "22023"), ("BR09", " ", "22023"),
                                      ("BR09", "名" * 1_000_000, "22023"), ("BR09", "新\u202e营业部", "22023"),
                                      ("BR02", "北京金融街营业部", "23505"),                                       ("BR01", "重复代码", "23505"), ("x" * 1_000_000, "新营业部", "22023")]:
                if state:
                    expect_error(conn, "SELECT crm.create_branch(%s, %s)", (code, name), sqlstate=state)
            expect_error(conn, "SELECT crm.rename_branch('BR01', '总部')", sqlstate="23505")
            expect_error(conn, "SELECT crm.rename_branch('NOPE', '新名字')", sqlstate="P0002")
        new_id = conn.execute("SELECT crm.create_branch('b9', '  Shanghai 营业部 ')").fetchone()[0]
        # The same name in full-width letters and another case is the same name.
        expect_error(conn, "SELECT crm.create_branch('BR10', 'ＳＨＡＮＧＨＡＩ 营业部')", sqlstate="23505")
        conn.execute("SELECT crm.rename_branch('BR01', '北京金融街营业部（旗舰）')")
    with db.admin() as conn:
        assert conn.execute("SELECT code, name, kind FROM crm.branch WHERE id = %s", (new_id,)).fetchone() == \
            ("B9", "Shanghai 营业部", "branch")
        assert conn.execute("SELECT action FROM crm.audit_log WHERE table_name = 'branch' AND actor = 'hqadmin' "
                            "ORDER BY id").fetchall() == [("insert",), ("update",)]


def test_gate(people, gate):
    db = people
    with unchanged(db):
        for query in ("SELECT crm.create_branch('BR09', '新营业部')", "SELECT crm.rename_branch('BR01', 'x营业部')"):
            with pytest.raises(psycopg.Error) as info:
                gate.execute(query)
            assert info.value.sqlstate == "42501"
