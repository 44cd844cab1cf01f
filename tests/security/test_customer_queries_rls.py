"""The Customers list engine runs as the signed-in staff member: RLS alone decides what it shows.

Each staff member of the small world (tests/security/helpers.build_world) runs the same queries;
the engine must return exactly the customers `SELECT id FROM crm.customer` shows on their own
session -- no more (the engine adds nothing that widens), no less (its hints and indexes drop
nothing). The latest-assets table follows the customer policy, also after a relationship moves.
"""

from __future__ import annotations

import pytest

from crm_desktop.services.customer_query.columns import COLUMNS
from crm_desktop.services.customer_query.counting import estimate_count, exact_count, forget_calibration
from crm_desktop.services.customer_query.filters import Condition, Group
from crm_desktop.services.customer_query.latest import refresh_latest
from crm_desktop.services.customer_query.paging import fetch_last_page, fetch_page
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.services.customer_query.seeking import seek_fraction
from crm_desktop.services.customer_query.summary import summarize
from tests.security.helpers import expect_error

LOGINS = ("mkt_a", "mkt_b", "devmgr", "director", "viewer", "hq_all", "mkt_c", "admin01")
POOL = {"P1", "R1", "P2", "Z3", "A2"}        # no live development relationship


def visible(conn) -> set[int]:
    return {r[0] for r in conn.execute("SELECT id FROM crm.customer")}


def walk(conn, query: CustomerQuery, limit: int = 2) -> list[int]:
    ids: list[int] = []
    page = fetch_page(conn, query, limit=limit)
    ids += [r["id"] for r in page.rows]
    while page.has_more:
        page = fetch_page(conn, query, after=page.last_key, limit=limit)
        ids += [r["id"] for r in page.rows]
    return ids


def queries() -> list[CustomerQuery]:
    return [CustomerQuery(columns=tuple(COLUMNS), sort=key, descending=desc)
            for key in ("account_no", "name", "total_assets", "developer", "ext_mobile", "status", "age")
            for desc in (False, True)] + [
        CustomerQuery(columns=("name",), search="客户"),
        CustomerQuery(columns=("name",), search="A1"),
        CustomerQuery(columns=("name",), filter=Group("or", [Condition("in_public_pool", "eq", True),
                                                            Condition("vip_level", "not_empty")])),
    ]


@pytest.fixture
def latest_world(world):
    with world.db.admin() as conn:
        refresh_latest(conn)          # (the daily rows of build_world went through the triggers too)
    return world


def test_same_query_returns_exactly_the_rls_visible_set(latest_world):
    for login in LOGINS:
        check_login(latest_world, login)


def check_login(world, login: str) -> None:
    by_id = {v: k for k, v in world.customers.items()}
    with world.session(login) as conn:
        mine = visible(conn)
        for query in queries():
            got = walk(conn, query)
            assert len(got) == len(set(got))
            expected = mine if not query.search and query.filter is None else None
            if expected is not None:
                assert set(got) == expected, (login, query.sort, query.descending)
            else:
                assert set(got) <= mine
            # Backwards from the end: the same rows.
            page = fetch_last_page(conn, query, limit=2)
            back = [r["id"] for r in page.rows]
            while page.has_more:
                page = fetch_page(conn, query, before=page.first_key, limit=2)
                back = [r["id"] for r in page.rows] + back
            assert back == got
            assert exact_count(conn, query) == len(got)
            if got:
                assert seek_fraction(conn, query, 0.5, limit=2).rows
        # Search for a name that exists elsewhere: only own customers come back.
        assert {by_id[i] for i in walk(conn, CustomerQuery(columns=("name",), search="客户"))} == \
            {by_id[i] for i in mine}
        summary = summarize(conn, CustomerQuery(), ["branch"], [("count", None)])
        assert sum(r["count"] for r in summary) == len(mine)
        assert estimate_count(conn, CustomerQuery()) == len(mine)
        # The latest figures a staff member can read are those of their visible customers.
        latest = {r[0] for r in conn.execute("SELECT customer_id FROM crm.customer_latest")}
        with_facts = {world.customers[a] for a in ("A1", "B1", "P1", "P2", "X2", "Z3")}
        assert latest == mine & with_facts


def test_two_scopes_same_query_different_rows(latest_world):
    world = latest_world
    query = CustomerQuery(columns=("name", "total_assets", "ext_mobile", "developer"), sort="name")
    with world.session("mkt_a") as a, world.session("director") as d:
        rows_a, rows_d = walk(a, query), walk(d, query)
        assert set(rows_a) == visible(a) and set(rows_d) == visible(d)
        assert set(rows_a) < set(rows_d)


POOL_CASES = [
    ("mkt_a", {"A2"}),                         # a service customer without developer: visible anyway
    ("mkt_b", {"A2", "P1", "R1"}),             # pool of BR01 only, not P2 / Z3
    ("viewer", {"A2", "P1", "R1", "P2"}),      # branch scope BR01 + BR02
    ("hq_all", {"A2", "P1", "R1", "P2", "Z3"}),
    ("director", {"A2"}),                      # the pool is not in a director's scope here
    ("mkt_c", set()),
]


def test_public_pool_toggle_never_reveals_the_pool_outside_the_scope(latest_world):
    for login, expected in POOL_CASES:
        check_pool(latest_world, login, expected)


def check_pool(world, login: str, expected: set[str]) -> None:
    accounts = {v: k for k, v in world.customers.items()}
    with world.session(login) as conn:
        for search in ("", "客户"):
            query = CustomerQuery(columns=("name", "in_public_pool"), public_pool_only=True, search=search)
            got = walk(conn, query)
            assert {accounts[i] for i in got} == expected
            assert set(got) <= visible(conn)
            assert {accounts[i] for i in got} <= POOL
            assert exact_count(conn, query) == len(expected)
            assert fetch_last_page(conn, query).rows == fetch_page(conn, query).rows


def test_hint_and_caches_never_leak_after_visibility_changes(latest_world):
    """The one-branch hint is re-read; a relationship in another branch shows up in the list."""
    world = latest_world
    with world.session("mkt_c") as conn:
        assert {r["id"] for r in fetch_page(conn, CustomerQuery()).rows} == {world.customers["X2"]}
        world.db.relate(world.customers["Z3"], "mkt_c")           # now BR02 and BR03
        forget_calibration(conn)
        got = {r["id"] for r in fetch_page(conn, CustomerQuery()).rows}
        assert got == {world.customers["X2"], world.customers["Z3"]} == visible(conn)


def test_latest_figures_follow_the_customer(latest_world):
    world = latest_world
    c = world.customers
    with world.session("mkt_a") as conn:
        assert c["P1"] not in {r[0] for r in conn.execute("SELECT customer_id FROM crm.customer_latest")}
    world.db.relate(c["P1"], "mkt_a")         # the trigger copies developer_id into customer_latest
    with world.session("mkt_a") as conn:
        rows = fetch_page(conn, CustomerQuery(columns=("total_assets", "assets_date"))).rows
        assert {r["id"]: r["total_assets"] for r in rows}[c["P1"]] == 100000
        # New facts arrive (T+1): the latest row moves by the statement trigger.
        with world.db.admin() as admin:
            admin.execute("SELECT crm.customer_daily_partition(%s)", ("2024-03-05",))
            admin.execute(
                "INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, "
                "market_value_cents, cash_cents, trade_volume_cents, commission_cents, net_commission_cents, "
                "interest_spread_cents, pnl_cents, vip_level) "
                "SELECT branch_id, id, date '2024-03-05', 777, 0, 0, 0, 0, 0, 0, 0, 2 FROM crm.customer "
                "WHERE id = %s", (c["A1"],))
        row = {r["id"]: r for r in fetch_page(conn, CustomerQuery(columns=("total_assets", "vip_level",
                                                                              "assets_date"))).rows}[c["A1"]]
        assert (row["total_assets"], row["vip_level"], str(row["assets_date"])) == (777, 2, "2024-03-05")
        with world.db.admin() as admin:
            admin.execute("DELETE FROM crm.customer_daily WHERE customer_id = %s AND trade_date = '2024-03-05'",
                          (c["A1"],))
            admin.execute("UPDATE crm.customer_daily SET total_assets_cents = 5 WHERE customer_id = %s "
                          "AND trade_date = '2024-03-04'", (c["A1"],))
        row = {r["id"]: r for r in fetch_page(conn, CustomerQuery(columns=("total_assets",))).rows}[c["A1"]]
        assert row["total_assets"] == 5
    # Released again: gone from mkt_a's latest rows as from the customers.
    with world.db.admin() as admin:
        admin.execute("UPDATE crm.relationship SET status = 'released', valid_to = current_date "
                      "WHERE customer_id = %s AND status = 'live'", (c["P1"],))
    with world.session("mkt_a") as conn:
        assert c["P1"] not in {r[0] for r in conn.execute("SELECT customer_id FROM crm.customer_latest")}
        assert c["P1"] not in {r["id"] for r in fetch_page(conn, CustomerQuery()).rows}


def test_staff_cannot_write_or_refresh_the_latest_table(latest_world):
    world = latest_world
    with world.session("hq_all") as conn:
        expect_error(conn, "SELECT crm.refresh_customer_latest()", sqlstate="42501")
        expect_error(conn, "UPDATE crm.customer_latest SET total_assets_cents = 0", sqlstate="42501")
        expect_error(conn, "DELETE FROM crm.customer_latest", sqlstate="42501")
        expect_error(conn, "INSERT INTO crm.customer_latest (customer_id, branch_id, trade_date, "
                           "total_assets_cents, vip_level) VALUES (1, 1, current_date, 1, 1)", sqlstate="42501")
        # The search helpers are callable (they only see their arguments).
        assert conn.execute("SELECT crm.name_grams('张 三')").fetchone()[0] == ["张", "张三", "三"]
        assert conn.execute("SELECT crm.month_day(date '2024-02-29')").fetchone()[0] == 229


def test_search_helpers_are_leakproof_and_private(latest_world):
    with latest_world.db.admin() as conn:
        rows = conn.execute(
            "SELECT p.oid::regprocedure::text, p.proleakproof, p.proowner::regrole::text, "
            "has_function_privilege('crm_gate', p.oid, 'EXECUTE') FROM pg_proc p "
            "WHERE p.oid IN ('crm.name_grams(text)'::regprocedure, 'crm.grams_contain(text[], text[])'::regprocedure, "
            "'crm.month_day(date)'::regprocedure)").fetchall()
    assert len(rows) == 3
    assert all(leakproof and owner == "crm_owner" and not gate for _, leakproof, owner, gate in rows)
