"""短信记录 and the SMS cost report are exports like any other (migration 0020's kinds sms_log and
sms_cost), proven directly with psycopg as staff roles: refused without the export right, logged
with who and what when allowed, and no other kind slips through the widened check."""

from __future__ import annotations

from psycopg.types.json import Jsonb

from tests.security.helpers import expect_error, unchanged

DETAILS = {"status": "failed", "date_from": "2026-12-01", "date_to": "2026-12-07"}


def test_sms_exports_need_the_export_right(db):
    db.make_staff("sx_info", roles=("info_manager",), scope="branch")              # may send, may not export
    with db.session("sx_info") as conn, unchanged(db):
        for kind in ("sms_log", "sms_cost"):
            error = expect_error(conn, "SELECT crm.begin_export(%s, %s)", (kind, Jsonb(DETAILS)), sqlstate="42501")
            assert "export" in str(error)


def test_sms_exports_with_the_right_are_logged(db):
    login = db.make_staff("sx_export", roles=("info_manager", "data_export"), scope="branch")
    with db.session("sx_export") as conn:
        for kind in ("sms_log", "sms_cost"):
            export_id = conn.execute("SELECT crm.begin_export(%s, %s)", (kind, Jsonb(DETAILS))).fetchone()[0]
            conn.execute("SELECT crm.finish_export(%s, 3, 'done')", (export_id,))
            assert conn.execute("SELECT staff_id, kind, details, status, row_count, actor FROM crm.export_log "
                                "WHERE id = %s", (export_id,)).fetchone() == (
                login.staff_id, kind, DETAILS, "done", 3, "sx_export")
        with unchanged(db):
            expect_error(conn, "SELECT crm.begin_export('sms_everything', '{}')", sqlstate="23514")
            expect_error(conn, "INSERT INTO crm.export_log (staff_id, branch_id, kind) "
                               "SELECT id, branch_id, 'sms_log' FROM crm.staff WHERE login = 'sx_export'",
                         sqlstate="42501")
