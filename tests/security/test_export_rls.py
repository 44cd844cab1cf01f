"""The export right (数据导出) and the export log, proven directly with psycopg as staff roles:
the server refuses an export without the right, logs every export it allows with who and
when (and audits it), and nobody can forge, finish or rewrite another's log row."""

from __future__ import annotations

import json

import pytest
from psycopg.types.json import Jsonb

from tests.security.helpers import expect_error, unchanged

DETAILS = {"filter": {"column": "status", "op": "eq", "value": "normal", "value2": None},
           "search": "138", "sort": "name", "columns": ["account_no", "name"]}


@pytest.fixture
def staff(db):
    return {
        "mkt": db.make_staff("mkt_noexport"),                                            # marketing: no right
        "director": db.make_staff("dir_export", staff_type="manager", roles=("marketing_director",),
                                  posts=("marketing_director",), scope="subordinates"),
        "other": db.make_staff("dir_other", staff_type="manager", roles=("marketing_director",),
                               posts=("marketing_director",), scope="subordinates"),
    }


def test_begin_export_refused_without_the_right(db, staff):
    with db.session("mkt_noexport") as conn, unchanged(db):
        for kind in ("customers", "summary", "group_statistics", "analysis"):
            error = expect_error(conn, "SELECT crm.begin_export(%s, %s)", (kind, Jsonb(DETAILS)), sqlstate="42501")
            assert "export" in str(error)


def test_begin_export_refused_without_a_session(db, staff):
    """A login with the right but no CRM session (psql without crm.open_session) is no staff member."""
    with db.connect("dir_export") as conn, unchanged(db):
        with pytest.raises(Exception) as info:
            conn.execute("SELECT crm.begin_export('customers', '{}')")
        assert getattr(info.value, "sqlstate", None) in ("CR005", "CR006", "42501")


def test_begin_export_with_the_right_logs_and_audits(db, staff):
    with db.session("dir_export") as conn:
        export_id = conn.execute("SELECT crm.begin_export('customers', %s)", (Jsonb(DETAILS),)).fetchone()[0]
        mine = conn.execute("SELECT staff_id, kind, details, status, actor, row_count FROM crm.export_log "
                            "WHERE id = %s", (export_id,)).fetchone()
        assert mine == (staff["director"].staff_id, "customers", DETAILS, "running", "dir_export", None)
        conn.execute("SELECT crm.finish_export(%s, 42, 'done')", (export_id,))
        assert conn.execute("SELECT status, row_count, finished_at IS NOT NULL FROM crm.export_log WHERE id = %s",
                            (export_id,)).fetchone() == ("done", 42, True)
        # Finished is final: a second finish (e.g. to rewrite the row count) is refused.
        expect_error(conn, "SELECT crm.finish_export(%s, 1, 'done')", (export_id,), sqlstate="P0002")
        expect_error(conn, "SELECT crm.finish_export(%s, 1, 'bogus')", (export_id,), sqlstate="22023")
        expect_error(conn, "SELECT crm.begin_export('everything', '{}')", sqlstate="23514")
    with db.admin() as admin:
        audit = admin.execute("SELECT action, actor, new_values FROM crm.audit_log "
                              "WHERE table_name = 'export_log' AND row_key = %s ORDER BY id",
                              (str(export_id),)).fetchall()
    assert [(a, actor) for a, actor, _ in audit] == [("insert", "dir_export"), ("update", "dir_export")]
    inserted, finished = ((v if isinstance(v, dict) else json.loads(v)) for _, _, v in audit)
    assert inserted["details"] == DETAILS and inserted["kind"] == "customers"
    assert finished["row_count"] == 42 and finished["status"] == "done"


def test_cannot_finish_someone_elses_export(db, staff):
    with db.session("dir_export") as owner:
        export_id = owner.execute("SELECT crm.begin_export('summary', '{}')").fetchone()[0]
        with db.session("dir_other") as other, unchanged(db):
            expect_error(other, "SELECT crm.finish_export(%s, 0, 'cancelled')", (export_id,), sqlstate="P0002")
            # Not even visible to a peer (only to the owner and the branch's administrators).
            assert other.execute("SELECT count(*) FROM crm.export_log WHERE id = %s", (export_id,)).fetchone() == (0,)
        with db.session("mkt_noexport") as mkt, unchanged(db):
            expect_error(mkt, "SELECT crm.finish_export(%s, 0, 'failed')", (export_id,), sqlstate="P0002")
        owner.execute("SELECT crm.finish_export(%s, 3, 'done')", (export_id,))


def test_no_direct_writes_to_the_log(db, staff):
    with db.session("dir_export") as conn:
        export_id = conn.execute("SELECT crm.begin_export('customers', '{}')").fetchone()[0]
        with unchanged(db):
            expect_error(conn, "INSERT INTO crm.export_log (staff_id, branch_id, kind) "
                               "SELECT id, branch_id, 'customers' FROM crm.staff WHERE login = 'dir_export'",
                         sqlstate="42501")
            expect_error(conn, "UPDATE crm.export_log SET row_count = 0, status = 'done' WHERE id = %s",
                         (export_id,), sqlstate="42501")
            expect_error(conn, "DELETE FROM crm.export_log WHERE id = %s", (export_id,), sqlstate="42501")
            expect_error(conn, "DELETE FROM crm.audit_log WHERE table_name = 'export_log'", sqlstate="42501")
    with db.session("mkt_noexport") as conn, unchanged(db):
        expect_error(conn, "INSERT INTO crm.export_log (staff_id, branch_id, kind) "
                           "SELECT id, branch_id, 'customers' FROM crm.staff WHERE login = 'mkt_noexport'",
                     sqlstate="42501")
