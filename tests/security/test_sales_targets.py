"""销售任务 sales targets (issue #15) as staff roles, psycopg only: who may set whose targets,
who sees whose completion, what the gate and a session-less login get, hostile input."""

from __future__ import annotations

import psycopg
import pytest

from tests.security.helpers import expect_error, unchanged

SET = "SELECT crm.set_sales_target(%s, %s, %s, %s, %s, %s)"
PROGRESS = "SELECT subject_kind, staff_login, branch_code, metric FROM crm.sales_target_progress('month', '2024-03-01')"


@pytest.fixture
def targets_world(world):
    db = world.db
    world.staff["boss"] = db.make_staff("boss", staff_type="manager", scope="subordinates",
                                        posts=("marketing_director",), roles=("marketing_director",))
    world.staff["boss2"] = db.make_staff("boss2", branch="BR02", staff_type="manager", scope="subordinates",
                                         posts=("marketing_director",), roles=("marketing_director",))
    world.staff["hqm"] = db.make_staff("hqm", branch="HQ", staff_type="hq", scope="all", posts=("hq_marketing",),
                                       roles=("hq_marketing",))
    with db.admin() as conn:
        ids = dict(conn.execute("SELECT login, id FROM crm.staff"))
        branches = dict(conn.execute("SELECT code, id FROM crm.branch"))
    world.ids, world.branches = ids, branches
    return world


def staff_target(world, login, metric="commission", value=100000, kind="staff"):
    return (kind, world.ids[login], "month", "2024-03-01", metric, value)


def test_a_marketer_sets_no_target_not_even_their_own(targets_world):
    w = targets_world
    with w.session("mkt_a") as conn, unchanged(w.db):
        expect_error(conn, SET, staff_target(w, "mkt_a"), sqlstate="42501")
        expect_error(conn, SET, staff_target(w, "mkt_b"), sqlstate="42501")
        expect_error(conn, "INSERT INTO crm.sales_target (subject_kind, staff_id, branch_id, period_kind, "
                           "period_start, metric, target_value) VALUES ('staff', %s, %s, 'month', '2024-03-01', "
                           "'commission', 1)", (w.ids["mkt_a"], w.branches["BR01"]), sqlstate="42501")


def test_a_director_sets_their_branch_only_and_never_their_own(targets_world):
    w = targets_world
    with w.session("boss") as conn:
        with unchanged(w.db):
            expect_error(conn, SET, staff_target(w, "boss"), sqlstate="42501")
            expect_error(conn, SET, staff_target(w, "mkt_c"), sqlstate="42501")          # BR02
            expect_error(conn, SET, ("branch", w.branches["BR01"], "month", "2024-03-01", "commission", 1),
                         sqlstate="42501")
        target = conn.execute(SET, staff_target(w, "mkt_a")).fetchone()[0]
        team = conn.execute(SET, staff_target(w, "devmgr", kind="team")).fetchone()[0]
        assert target and team
        # replacing keeps one row per subject, period and metric
        assert conn.execute(SET, staff_target(w, "mkt_a", value=5)).fetchone()[0] == target
    with w.session("boss2") as conn, unchanged(w.db):
        expect_error(conn, SET, staff_target(w, "mkt_a"), sqlstate="42501")
        expect_error(conn, "SELECT crm.delete_sales_target(%s)", (target,), sqlstate="42501")
    with w.db.admin() as conn:
        actor = conn.execute("SELECT actor FROM crm.audit_log WHERE table_name = 'sales_target' "
                             "ORDER BY id DESC LIMIT 1").fetchone()[0]
        assert actor == "boss"


def test_a_director_sets_no_target_of_a_team_they_are_in(targets_world):
    w = targets_world
    with w.db.admin() as conn:
        conn.execute("UPDATE crm.staff SET superior_id = %s WHERE login = 'director'", (w.ids["boss"],))
    with w.session("boss") as conn, unchanged(w.db):
        expect_error(conn, SET, staff_target(w, "boss", kind="team"), sqlstate="42501")


def test_hq_sets_branch_targets_and_its_own(targets_world):
    w = targets_world
    with w.session("hqm") as conn:
        conn.execute(SET, ("branch", w.branches["BR02"], "year", "2024-01-01", "new_accounts", 500))
        conn.execute(SET, staff_target(w, "hqm"))
        conn.execute(SET, staff_target(w, "mkt_c"))


def test_staff_see_their_own_completion_managers_their_subtree(targets_world):
    w = targets_world
    with w.session("hqm") as conn:
        for login in ("mkt_a", "mkt_b", "devmgr", "mkt_c", "director"):
            conn.execute(SET, staff_target(w, login))
        conn.execute(SET, ("branch", w.branches["BR01"], "month", "2024-03-01", "commission", 1))
    with w.session("mkt_a") as conn:
        assert {r[1] for r in conn.execute(PROGRESS)} == {"mkt_a"}
        assert {r[0] for r in conn.execute("SELECT staff_id FROM crm.sales_target")} == {w.ids["mkt_a"]}
        expect_error(conn, "SELECT * FROM crm.sales_result_day", sqlstate="42501")
        expect_error(conn, "SELECT crm.refresh_sales_results('2024-03-01', '2024-03-31')", sqlstate="42501")
    with w.session("devmgr") as conn:
        assert {r[1] for r in conn.execute(PROGRESS)} == {"mkt_a", "mkt_b", "devmgr"}
    with w.session("boss") as conn:       # the branch's director: every BR01 target, not BR02's
        seen = {(r[0], r[1]) for r in conn.execute(PROGRESS)}
        assert seen == {("staff", "mkt_a"), ("staff", "mkt_b"), ("staff", "devmgr"), ("staff", "director"),
                        ("branch", None)}
    with w.session("hqm") as conn:
        assert len(conn.execute(PROGRESS).fetchall()) == 6


def test_gate_and_session_less_logins_get_nothing(targets_world, gate):
    w = targets_world
    with w.session("hqm") as conn:
        conn.execute(SET, staff_target(w, "mkt_a"))
    for query in (PROGRESS, "SELECT * FROM crm.sales_target",
                  "SELECT crm.set_sales_target('staff', 1, 'month', '2024-03-01', 'commission', 1)"):
        expect_error(gate, query, sqlstate="42501")
    with w.db.connect("hqm") as conn, unchanged(w.db):     # no crm.open_session
        assert conn.execute(PROGRESS).fetchall() == []
        assert conn.execute("SELECT * FROM crm.sales_target").fetchall() == []
        expect_error(conn, SET, staff_target(w, "mkt_a"), sqlstate="42501")


@pytest.mark.parametrize("bad", [
    ("staff", None, "month", "2024-03-15", "commission", 1),           # not the 1st
    ("staff", None, "year", "2024-03-01", "commission", 1),            # not 1 January
    ("staff", None, "month", "2024-03-01", "commission", -1),
    ("staff", None, "month", "2024-03-01", "commission", 10 ** 18),
    ("staff", None, "month", "2024-03-01", "佣金\u202e\u0000"[:-1], 1),
    ("staff", None, "month", "2024-03-01", "x" * 1_000_000, 1),
    ("squad", None, "month", "2024-03-01", "commission", 1),
    ("staff", None, "week", "2024-03-01", "commission", 1),
    ("staff", None, "month", "1900-01-01", "commission", 1),
])
def test_hostile_values_are_refused_in_words(targets_world, bad):
    w = targets_world
    params = list(bad)
    params[1] = w.ids["mkt_a"]
    with w.session("hqm") as conn, unchanged(w.db):
        error = expect_error(conn, SET, params, sqlstate="22023")
        assert len(str(error)) < 300


def test_an_import_with_one_refused_row_sets_nothing(targets_world):
    w = targets_world
    rows = [staff_target(w, "mkt_a"), staff_target(w, "mkt_b"), staff_target(w, "mkt_c")]   # mkt_c: BR02
    columns = [list(c) for c in zip(*rows)]
    query = ("SELECT * FROM crm.import_sales_targets(%s::text[], %s::integer[], %s::text[], %s::date[], "
             "%s::text[], %s::bigint[])")
    with w.session("boss") as conn:
        with unchanged(w.db):
            expect_error(conn, query, columns, sqlstate="42501")
            expect_error(conn, query, [columns[0], columns[1][:1]] + columns[2:], sqlstate="22023")
        done = conn.execute(query, [c[:2] for c in columns]).fetchall()
        assert [r[0] for r in done] == [1, 2]


def test_only_hq_sets_contribution_weights(targets_world):
    w = targets_world
    with w.session("boss") as conn, unchanged(w.db):
        expect_error(conn, "SELECT crm.set_contribution_weights(1, 2)", sqlstate="42501")
    with w.session("hqm") as conn:
        with unchanged(w.db):
            expect_error(conn, "SELECT crm.set_contribution_weights(1, 11)", sqlstate="22023")
        conn.execute("SELECT crm.set_contribution_weights(1, 0.5)")
        assert conn.execute("SELECT crm.contribution_cents(100, 100)").fetchone()[0] == 150
    with w.session("mkt_a") as conn:
        expect_error(conn, "UPDATE crm.contribution_weight SET interest_spread_weight = 9", sqlstate="42501")
