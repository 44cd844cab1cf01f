"""The T+1 load's input guards (issue #18) as other roles see them, straight through psycopg: staff
cannot call the shrink guard or the staging checks; the agent cannot feed the guard a staging
table of its own."""

from __future__ import annotations

from crm_desktop.agent import jobs
from tests.security.helpers import expect_error


def test_staff_cannot_call_the_load_guards(db):
    db.make_staff("t1_staff", scope="branch")
    with db.session("t1_staff") as conn:
        for call in ("SELECT crm.t1_shrink_problem('2024-01-03')", "SELECT crm.t1_date_ok('2024-01-03')",
                     "SELECT crm.t1_date('2024-01-03')", "SELECT crm.t1_letter_pattern()"):
            expect_error(conn, call, sqlstate="42501")


def test_the_agent_cannot_answer_the_shrink_guard_with_its_own_tables(db):
    with jobs.connect_agent(db.admin_url) as conn:
        conn.execute("BEGIN")
        expect_error(conn, "SELECT crm.t1_shrink_problem('2024-01-03')", sqlstate="22023")   # nothing checked
        conn.execute("ROLLBACK")
        conn.execute("BEGIN")
        conn.execute("SELECT crm.t1_stage(crm.t1_account_columns(), crm.t1_daily_columns())")
        # A temp table of the agent's own, claiming a big checked daily file, is not the check's.
        conn.execute("CREATE TEMP TABLE t1_checked AS SELECT date '2024-01-03' AS trade_date, 0::bigint AS errors, "
                     "0::bigint AS warnings, 0 AS skipped, 0::bigint AS account_rows, 10000000::bigint AS daily_rows")
        expect_error(conn, "SELECT crm.t1_shrink_problem('2024-01-03')", sqlstate="22023")
        conn.execute("ROLLBACK")
