"""销售任务 targets in 多维分析 (issue #15) as staff roles, psycopg only: the pivot's target measures
read crm.sales_target_progress_range over a range of periods (the statement below is the
pivot's source, written out by hand); whoever calls it, over whatever range, gets only the
targets and completion of their own scope -- the rows the 销售任务 tab's one-period function
gives them -- never the daily results themselves."""

from __future__ import annotations

import pytest

from tests.security.helpers import expect_error, unchanged
from tests.security.test_sales_targets import SET, staff_target, targets_world  # noqa: F401 - fixture

# What the pivot runs for staff x month (a year of months, one metric), as plain SQL.
PIVOT_ROWS = ("SELECT t.subject_kind, t.staff_login, t.branch_code, t.period_start, t.target_value, t.completion "
              "FROM crm.sales_target_progress_range('month', %s, %s) t WHERE t.metric = 'commission'")
MONTHS = ("2024-01-01", "2024-12-01")
ONE_BY_ONE = ("SELECT t.subject_kind, t.staff_login, t.branch_code, t.period_start, t.target_value, t.completion "
              "FROM unnest(ARRAY['2024-03-01', '2024-04-01']::date[]) g(period) "
              "CROSS JOIN LATERAL crm.sales_target_progress('month', g.period) t WHERE t.metric = 'commission'")


@pytest.fixture
def targets_everywhere(targets_world):  # noqa: F811 - the fixture imported above
    w = targets_world
    with w.session("hqm") as conn:
        for month in ("2024-03-01", "2024-04-01"):
            for login in ("mkt_a", "mkt_b", "devmgr", "mkt_c", "director"):
                conn.execute(SET, ("staff", w.ids[login], "month", month, "commission", 100000))
            conn.execute(SET, ("team", w.ids["devmgr"], "month", month, "commission", 100000))
            for code in ("BR01", "BR02"):
                conn.execute(SET, ("branch", w.branches[code], "month", month, "commission", 100000))
    return w


def seen(conn) -> set:
    rows = conn.execute(PIVOT_ROWS, MONTHS).fetchall()
    # exactly what the 销售任务 tab's function gives, month by month
    assert sorted(rows, key=repr) == sorted(conn.execute(ONE_BY_ONE).fetchall(), key=repr)
    return {(r[0], r[1] or r[2]) for r in rows}


def test_each_role_sees_the_targets_of_its_scope_over_every_month(targets_everywhere):
    w = targets_everywhere
    with w.session("mkt_a") as conn:
        assert seen(conn) == {("staff", "mkt_a")}
        assert len(conn.execute(PIVOT_ROWS, MONTHS).fetchall()) == 2            # March and April
        expect_error(conn, "SELECT * FROM crm.sales_result_day", sqlstate="42501")
    with w.session("devmgr") as conn:
        assert seen(conn) == {("staff", "mkt_a"), ("staff", "mkt_b"), ("staff", "devmgr"), ("team", "devmgr")}
    with w.session("mkt_c") as conn:            # BR02's marketer: their own, nothing of BR01
        assert seen(conn) == {("staff", "mkt_c")}
    with w.session("viewer") as conn:           # branch scope (BR01) and 营业部范围 BR02: both branches
        assert {code for _, code in seen(conn)} == {"mkt_a", "mkt_b", "devmgr", "director", "BR01", "mkt_c", "BR02"}
    with w.session("boss") as conn:             # BR01's director: all of BR01, nothing of BR02
        assert {code for _, code in seen(conn)} >= {"mkt_a", "BR01"}
        assert not {code for _, code in seen(conn)} & {"mkt_c", "BR02"}
    with w.session("hqm") as conn:
        assert len(seen(conn)) == 8


def test_gate_session_less_and_hostile_ranges_get_nothing_more(targets_everywhere, gate):
    w = targets_everywhere
    expect_error(gate, PIVOT_ROWS, MONTHS, sqlstate="42501")
    with w.db.connect("hqm") as conn, unchanged(w.db):           # no crm.open_session
        assert conn.execute(PIVOT_ROWS, MONTHS).fetchall() == []
    with w.session("mkt_a") as conn, unchanged(w.db):
        # the widest and odd ranges: still only one's own targets, nothing written
        for first, last in (("0001-01-01", "9999-12-31"), ("2024-03-15", "2024-03-31"), ("2024-12-01", "2024-01-01")):
            rows = conn.execute(PIVOT_ROWS, (first, last)).fetchall()
            assert {(r[0], r[1]) for r in rows} <= {("staff", "mkt_a")}
        assert conn.execute("SELECT count(*) FROM crm.sales_target_progress_range('week', '2024-01-01', '2024-12-31')"
                            ).fetchone()[0] == 0
        expect_error(conn, "SELECT * FROM crm.sales_target_progress_range('month', '2024-01-01', '2024-12-01') t, "
                           "LATERAL (SELECT crm.set_sales_target('staff', t.staff_id, 'month', '2024-05-01', "
                           "'commission', 1)) x", sqlstate="42501")
        expect_error(conn, PIVOT_ROWS, ("2024-03-01" + "x" * 1_000_000, "2024-04-01"), sqlstate="22007")
