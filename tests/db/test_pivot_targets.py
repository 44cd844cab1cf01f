"""销售任务 targets and completion as measures of 多维分析 (issue #15): a cell of one target shows
the 销售任务 tab's figures (services.sales_targets, the same staff member and month), which are
checked again against the raw facts (the oracle of test_sales_targets); teams, branches, years;
layouts where a target means nothing are refused; RLS through the pivot as the demo logins."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from crm_desktop.services import pivot, sales_targets
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.pivot import Layout, MemberFilter, Value
from crm_desktop.tools import demo
from tests.db.test_sales_targets import MARCH, build_targets_world, oracle, set_all

APRIL = date(2024, 4, 1)
ALL_TARGET_VALUES = tuple(Value(f"{part}_{metric}", "sum" if part == "target" else "ratio")
                          for metric in sales_targets.METRICS for part in ("target", "completion"))


@pytest.fixture
def world(db):
    db, customers = build_targets_world(db)
    set_all(db, "month", MARCH)
    with db.session("hqm") as conn:    # distinct figures per staff member, one of them 0 (no completion)
        for i, login in enumerate(("lead", "mkt_a", "mkt_b", "mkt_c")):
            staff_id = conn.execute("SELECT id FROM crm.staff WHERE login = %s", (login,)).fetchone()[0]
            sales_targets.set_target(conn, "staff", staff_id, "month", MARCH, "commission", 0 if i == 3 else 37 + i)
    return db, customers


def cells(result: pivot.PivotResult) -> dict:
    """{(row members, column members): values} of the leaf cells."""
    grid = result.grid()
    return {(r.members, c.members): grid.cell(r, c) for r in grid.rows for c in grid.columns
            if not r.is_total and not c.is_total and grid.cell(r, c) is not None}


def staff_ids(db) -> dict:
    with db.admin() as conn:
        return dict(conn.execute("SELECT id, login FROM crm.staff"))


def direct_completion(actual: int, target: int) -> float | None:
    """PostgreSQL's round(actual / target, 4): half away from zero."""
    if not target:
        return None
    return float((Decimal(actual) / Decimal(target)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def test_staff_by_month_cells_are_the_tabs_completion_and_the_facts(world):
    db, _ = world
    layout = Layout(rows=("staff",), columns=("month",), values=ALL_TARGET_VALUES, start=MARCH, end=date(2024, 3, 31))
    logins = staff_ids(db)
    expected = oracle(db, MARCH, APRIL)
    with db.session("hqm") as conn:
        result = pivot.run(conn, layout)
        tab, _ = sales_targets.progress_page(conn, "month", MARCH, limit=2000)
    assert result.source == "targets"
    got = cells(result)
    staff_rows = [r for r in tab if r["subject_kind"] == "staff"]
    assert len(got) == 4 and len(staff_rows) == 16
    for row in staff_rows:
        values = got[((row["staff_id"],), (MARCH,))]
        index = 2 * sales_targets.METRICS.index(row["metric"])
        tab_completion = None if row["completion"] is None else float(row["completion"])
        assert values[index] == row["target_value"] and values[index + 1] == tab_completion, row
        # and both against the raw facts
        actual = expected.get(("staff", logins[row["staff_id"]]), {}).get(row["metric"], 0)
        assert values[index + 1] == direct_completion(actual, row["target_value"]), row
    # a target of 0 has no completion, and says why
    zero = got[((next(r["staff_id"] for r in staff_rows if r["target_value"] == 0),), (MARCH,))]
    assert zero[2 * sales_targets.METRICS.index("commission") + 1] is None
    grid = result.grid()
    total = next(r for r in grid.rows if r.depth == 0)
    column = next(c for c in grid.columns if not c.is_total)
    # the grand total: every staff target summed, completion of the sum (targets of 0 left out)
    commission = [r for r in staff_rows if r["metric"] == "commission"]
    index = 2 * sales_targets.METRICS.index("commission")
    assert grid.cell(total, column)[index] == sum(r["target_value"] for r in commission)
    assert grid.cell(total, column)[index + 1] == direct_completion(
        sum(r["actual_value"] for r in commission if r["target_value"]), sum(r["target_value"] for r in commission))


def test_teams_branches_and_years(world):
    db, _ = world
    set_all(db, "year", date(2024, 1, 1))
    with db.session("hqm") as conn:
        tab = {(r["subject_kind"], r["staff_id"] or r["branch_id"], r["metric"]): r
               for r in sales_targets.progress_page(conn, "month", MARCH, limit=2000)[0]}
        yearly = {(r["subject_kind"], r["staff_id"] or r["branch_id"], r["metric"]): r
                  for r in sales_targets.progress_page(conn, "year", MARCH, limit=2000)[0]}
        teams = pivot.run(conn, Layout(rows=("superior",), values=ALL_TARGET_VALUES, start=MARCH,
                                       end=date(2024, 3, 31)))
        branches = pivot.run(conn, Layout(rows=("branch",), columns=("year",), values=ALL_TARGET_VALUES,
                                          start=date(2024, 1, 1), end=date(2024, 12, 31)))
    for (kind, subject, metric), row in tab.items():
        if kind != "team":
            continue
        values = cells(teams)[((subject,), ())]
        index = 2 * sales_targets.METRICS.index(metric)
        assert values[index] == row["target_value"] and values[index + 1] == float(row["completion"])
    # teams nest: no total across team leaders, and the tooltip says why
    grid = teams.grid()
    total = next(r for r in grid.rows if r.depth == 0)
    assert all(v is None for v in grid.cell(total, grid.columns[0]))
    assert "团队" in pivot.empty_cell_reason(grid, total, grid.columns[0], 0)
    got = cells(branches)
    assert len(got) == 2
    for (kind, subject, metric), row in yearly.items():
        if kind == "branch":
            values = got[((subject,), (date(2024, 1, 1),))]
            index = 2 * sales_targets.METRICS.index(metric)
            assert values[index] == row["target_value"] and values[index + 1] == float(row["completion"])


def test_staff_under_their_superiors_and_with_fact_measures(world):
    db, _ = world
    ids = {login: i for i, login in staff_ids(db).items()}
    base = Layout(rows=("superior", "staff"), columns=("month",), values=(Value("commission"),),
                  start=MARCH, end=date(2024, 3, 31))
    mixed = Layout(rows=base.rows, columns=base.columns,
                   values=(Value("commission"), Value("target_commission"), Value("completion_commission", "ratio")),
                   start=base.start, end=base.end)
    with db.session("hqm") as conn:
        facts = pivot.run(conn, base)
        result = pivot.run(conn, mixed)
        tab = {r["staff_id"]: r for r in sales_targets.progress_page(conn, "month", MARCH, limit=2000,
                                                                        metric="commission")[0]
               if r["subject_kind"] == "staff"}
    assert result.source.startswith("targets+")
    fact_cells, got = cells(facts), cells(result)
    for key, values in fact_cells.items():
        assert got[key][0] == values[0]                   # the fact measure as without targets
    # mkt_a under lead, with the tab's figures
    values = got[((ids["lead"], ids["mkt_a"]), (MARCH,))]
    assert values[1:] == (tab[ids["mkt_a"]]["target_value"], float(tab[ids["mkt_a"]]["completion"]))
    # the grand total counts each staff target once, however many superiors are above them
    grid = result.grid()
    total = next(r for r in grid.rows if r.depth == 0)
    column = next(c for c in grid.columns if not c.is_total)
    assert grid.cell(total, column)[1] == sum(r["target_value"] for r in tab.values())
    # a superior filter keeps their subtree
    with db.session("hqm") as conn:
        only_lead = pivot.run(conn, Layout(rows=("staff",), values=(Value("target_commission"),), start=MARCH,
                                           end=date(2024, 3, 31), filters=(MemberFilter("superior", (ids["lead"],)),)))
    assert {k[0][0] for k in cells(only_lead)} == {ids["mkt_a"], ids["mkt_b"]}


@pytest.mark.parametrize("layout, words", [
    (Layout(rows=("gender",), values=(Value("target_commission"),)), "性别"),
    (Layout(rows=("staff", "vip_level"), values=(Value("completion_commission", "ratio"),)), "贵宾等级"),
    (Layout(rows=("staff",), columns=("day",), values=(Value("target_commission"),)), "日"),
    (Layout(rows=("staff",), columns=("quarter",), values=(Value("target_commission"),)), "季度"),
    (Layout(columns=("month",), values=(Value("target_commission"),)), "员工、上级员工或营业部"),
    (Layout(rows=("staff",), values=(Value("target_commission"),), top=pivot.TopN(5)), "排名"),
    (Layout(rows=("branch",), values=(Value("target_commission"),),
            filters=(MemberFilter("staff", (1,)),)), "筛选"),
])
def test_layouts_without_a_meaning_for_targets_are_refused(layout, words):
    with pytest.raises(CrmRefusal) as refused:
        pivot.validate(layout)
    assert words in refused.value.message


def test_a_date_range_cutting_a_targets_period_is_refused(world):
    db, _ = world
    with db.session("hqm") as conn:
        for start, end, columns in ((date(2024, 3, 5), date(2024, 3, 31), ("month",)),
                                    (MARCH, date(2024, 3, 20), ("month",)),
                                    (MARCH, date(2024, 4, 30), ()),          # two months, no month dimension
                                    (MARCH, date(2024, 12, 31), ("year",))):
            with pytest.raises(CrmRefusal) as refused:
                pivot.run(conn, Layout(rows=("staff",), columns=columns, values=(Value("target_commission"),),
                                       start=start, end=end))
            assert "月" in refused.value.message
        # a range running up to (or past) the latest loaded day is the period so far, as in the tab
        result = pivot.run(conn, Layout(rows=("staff",), values=(Value("target_commission"),), start=APRIL))
        assert result.period == (APRIL, date(2024, 4, 1))


def test_each_login_sees_the_targets_of_its_scope(world):
    db, _ = world
    ids = {login: i for i, login in staff_ids(db).items()}
    layout = Layout(rows=("staff",), values=(Value("target_commission"), Value("completion_commission", "ratio")),
                    start=MARCH, end=date(2024, 3, 31))
    seen = {}
    for login in ("mkt_a", "lead", "mkt_c", "hqm"):
        with db.session(login) as conn:
            seen[login] = {k[0][0] for k in cells(pivot.run(conn, layout))}
            tab = {r["staff_id"] for r in sales_targets.progress_page(conn, "month", MARCH, limit=2000)[0]
                   if r["subject_kind"] == "staff"}
            assert seen[login] == tab, login
    assert seen["mkt_a"] == {ids["mkt_a"]} and seen["mkt_c"] == {ids["mkt_c"]}
    assert seen["lead"] == {ids["lead"], ids["mkt_a"], ids["mkt_b"]}
    assert seen["hqm"] == {ids["lead"], ids["mkt_a"], ids["mkt_b"], ids["mkt_c"]}


def test_demo_logins_see_their_scope_through_the_pivot(demo_db):
    """bj01_mkt01 their own target, bj01_director BJ01's staff, hq_analyst every branch's."""
    database = demo_db(customers=1500, days=3, seed=3)
    with database.admin() as conn:
        latest = conn.execute("SELECT max(trade_date) FROM crm.t1_load").fetchone()[0]
        branch_of = dict(conn.execute("SELECT s.id, b.code FROM crm.staff s JOIN crm.branch b ON b.id = s.branch_id"))
        mkt01 = conn.execute("SELECT id FROM crm.staff WHERE login = 'bj01_mkt01'").fetchone()[0]
        targeted = {r[0] for r in conn.execute("SELECT staff_id FROM crm.sales_target WHERE subject_kind = 'staff' "
                                               "AND metric = 'commission'")}
    layout = Layout(rows=("staff",), columns=("month",),
                    values=(Value("target_commission"), Value("completion_commission", "ratio")),
                    start=latest.replace(day=1))
    seen = {}
    for login in ("bj01_mkt01", "bj01_director", "hq_analyst"):
        with database.session(login, demo.DEMO_PASSWORD) as conn:
            got = cells(pivot.run(conn, layout))
            tab = {r["staff_id"]: r for r in sales_targets.progress_page(conn, "month", latest, limit=2000,
                                                                          metric="commission")[0]
                   if r["subject_kind"] == "staff"}
        seen[login] = {k[0][0] for k in got}
        assert seen[login] == set(tab), login
        for (members, _), values in got.items():
            row = tab[members[0]]
            assert values == (row["target_value"], None if row["completion"] is None else float(row["completion"]))
    assert mkt01 in targeted and seen["bj01_mkt01"] == {mkt01}
    assert {branch_of[s] for s in seen["bj01_director"]} == {"BJ01"} and mkt01 in seen["bj01_director"]
    assert seen["hq_analyst"] == targeted and len({branch_of[s] for s in seen["hq_analyst"]}) > 1
