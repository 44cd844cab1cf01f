"""Customer groups (客户群) through the service, as staff (RLS applies): create / rename / delete,
add the selected customers or a whole filtered list on the server, statistics against an
independent SQL aggregate, the group as a list filter, the groups of one customer."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_desktop.services import customer_detail as cd
from crm_desktop.services import customer_groups as cg
from crm_desktop.services.customer_query.counting import exact_count
from crm_desktop.services.customer_query.filters import Condition, Group
from crm_desktop.services.customer_query.paging import fetch_page
from crm_desktop.services.customer_query.query import CustomerQuery, validate
from crm_desktop.services.customer_query.summary import summarize
from crm_desktop.services.customer_query.words import describe
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskCancelled, TaskContext


@pytest.fixture
def world(db):
    """BR01: devmgr above mkt_a and mkt_b. mkt_a develops A1..A6 (names 甲/乙), mkt_b develops B1;
    P1 has no relationship (public pool, invisible to mkt_a). Daily facts in March and April 2024."""
    db.make_staff("devmgr", name="经理", staff_type="manager", scope="subordinates")
    db.make_staff("mkt_a", name="王小明", superior="devmgr")
    db.make_staff("mkt_b", name="李四", superior="devmgr")
    ids = {}
    for i in range(1, 7):
        ids[f"A{i}"] = db.make_customer(f"31000000{i}", name=("甲" if i <= 4 else "乙") + f"客户{i}")
        db.relate(ids[f"A{i}"], "mkt_a")
    ids["B1"] = db.make_customer("320000001", name="甲客户B")
    db.relate(ids["B1"], "mkt_b")
    ids["P1"] = db.make_customer("330000001", name="甲客户P")
    with db.admin() as conn:
        for n, (key, cid) in enumerate(sorted(ids.items())):
            for day, factor in ((dt.date(2024, 2, 28), 1), (dt.date(2024, 3, 1), 2), (dt.date(2024, 3, 15), 3),
                                (dt.date(2024, 3, 29), 5), (dt.date(2024, 4, 2), 7)):
                if key == "A6" and day.month == 3:
                    continue          # A6: no facts in March at all
                if key == "A5" and day == dt.date(2024, 3, 29):
                    continue          # A5: its last March fact is the 15th
                conn.execute("SELECT crm.customer_daily_partition(%s)", (day,))
                conn.execute(
                    "INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, "
                    "market_value_cents, cash_cents, trade_volume_cents, commission_cents, net_commission_cents, "
                    "interest_spread_cents, pnl_cents) SELECT branch_id, id, %s, %s, 0, 0, %s, %s, %s, 0, 0 "
                    "FROM crm.customer WHERE id = %s",
                    (day, 1_000_000 * (n + 1) * factor + 17, 50_000 * factor + n, 123 * factor + n, 77 * factor, cid))
    db.ids = ids
    return db


def test_create_rename_delete(world):
    with world.session("mkt_a") as conn:
        group = cg.create_group(conn, "  高净值客户 ", note="Q1")
        assert group["name"] == "高净值客户" and group["note"] == "Q1" and group["own"]
        assert group["version"] == 1 and group["owner_name"] == "王小明" and group["member_count"] == 0
        listed = cg.list_groups(conn)
        assert [(g["id"], g["name"], g["member_count"], g["own"]) for g in listed] == [(group["id"], "高净值客户", 0, True)]

        renamed = cg.rename_group(conn, group["id"], group["version"], "重点客户")
        assert renamed["name"] == "重点客户" and renamed["version"] == 2 and renamed["note"] == "Q1"
        # A second window still holds version 1: a clear conflict, nothing written.
        with pytest.raises(CrmRefusal) as info:
            cg.rename_group(conn, group["id"], group["version"], "别的名字")
        assert info.value.kind == "conflict"
        assert cg.get_group(conn, group["id"])["name"] == "重点客户"

        other = cg.create_group(conn, "第二群")
        with pytest.raises(CrmRefusal) as info:
            cg.rename_group(conn, other["id"], other["version"], "重点客户")
        assert info.value.kind == "duplicate"
        with pytest.raises(CrmRefusal) as info:
            cg.create_group(conn, "重点客户")
        assert info.value.kind == "duplicate"
        for bad in ("", "   ", "x" * 101):
            with pytest.raises(CrmRefusal) as info:
                cg.create_group(conn, bad)
            assert info.value.kind == "invalid_input"

        cg.add_customers(conn, group["id"], [world.ids["A1"]])
        with pytest.raises(CrmRefusal) as info:
            cg.delete_group(conn, group["id"], expected_version=1)
        assert info.value.kind == "conflict"
        cg.delete_group(conn, group["id"], expected_version=2)
        assert [g["name"] for g in cg.list_groups(conn)] == ["第二群"]
        with pytest.raises(CrmRefusal) as info:
            cg.delete_group(conn, group["id"])
        assert info.value.kind == "not_found"
    # The members went with the group; the customers stayed.
    assert world.scalar("SELECT count(*) FROM crm.customer_group_member") == 0
    assert world.scalar("SELECT count(*) FROM crm.customer WHERE id = %s", (world.ids["A1"],)) == 1


def test_add_selected_and_remove(world):
    ids = world.ids
    with world.session("mkt_a") as conn:
        group = cg.create_group(conn, "选中")
        # P1 and B1 are not visible to mkt_a: skipped, not added.
        assert cg.add_customers(conn, group["id"], [ids["A1"], ids["A2"], ids["P1"], ids["B1"]]) == 2
        assert cg.add_customers(conn, group["id"], [ids["A2"], ids["A3"]]) == 1     # A2 already in
        assert [m["account_no"] for m in cg.members(conn, group["id"])] == ["310000001", "310000002", "310000003"]
        page = cg.members(conn, group["id"], limit=2)
        rest = cg.members(conn, group["id"], after=(page[-1]["account_no"], page[-1]["customer_id"]), limit=2)
        assert [m["customer_id"] for m in page + rest] == [ids["A1"], ids["A2"], ids["A3"]]
        assert cg.member_count(conn, group["id"]) == 3
        assert cg.remove_members(conn, group["id"], [ids["A2"], ids["A4"]]) == 1
        assert {m["customer_id"] for m in cg.members(conn, group["id"])} == {ids["A1"], ids["A3"]}
        assert cg.list_groups(conn)[0]["member_count"] == 2
    assert world.scalar("SELECT count(*) FROM crm.customer_group_member") == 2


def test_add_whole_filter_result_on_the_server(world):
    ids = world.ids
    query = CustomerQuery(filter=Group("and", [Condition("name", "contains", "甲")]))
    with world.session("mkt_a") as conn:
        group = cg.create_group(conn, "甲")
        assert cg.add_query(conn, group["id"], query) == 4
        assert cg.add_query(conn, group["id"], query) == 0                  # idempotent
        # Search and pool toggle count too: the list as the tab shows it.
        assert cg.add_query(conn, group["id"], CustomerQuery(search="310000005")) == 1
    expected = {ids[k] for k in ("A1", "A2", "A3", "A4", "A5")}           # not B1 / P1: invisible
    with world.admin() as conn:
        got = {r[0] for r in conn.execute(
            "SELECT customer_id FROM crm.customer_group_member WHERE group_id = %s", (group["id"],))}
    assert got == expected


def test_add_query_cancelled_adds_nothing(world):
    with world.session("mkt_a") as conn:
        group = cg.create_group(conn, "取消")
        ctx = TaskContext()
        ctx.cancel()
        with pytest.raises(TaskCancelled):
            cg.add_query(conn, group["id"], CustomerQuery(), ctx)
        assert cg.member_count(conn, group["id"]) == 0


def test_statistics_equal_a_direct_aggregate(world):
    ids = world.ids
    start, end = dt.date(2024, 3, 1), dt.date(2024, 3, 31)
    with world.session("mkt_a") as conn:
        group = cg.create_group(conn, "统计")
        cg.add_customers(conn, group["id"], [ids[k] for k in ("A1", "A2", "A5", "A6")])
        stats = cg.group_statistics(conn, group["id"], start, end)
    members = [ids[k] for k in ("A1", "A2", "A5", "A6")]
    with world.admin() as conn:
        expected = {r[0]: r[1:] for r in conn.execute("""
            SELECT m.id,
                   (SELECT d.total_assets_cents FROM crm.customer_daily d
                     WHERE d.customer_id = m.id AND d.trade_date >= %(s)s AND d.trade_date <= %(e)s
                       AND d.trade_date = (SELECT max(trade_date) FROM crm.customer_daily x
                                            WHERE x.customer_id = m.id AND x.trade_date BETWEEN %(s)s AND %(e)s)),
                   coalesce((SELECT sum(trade_volume_cents) FROM crm.customer_daily d
                              WHERE d.customer_id = m.id AND d.trade_date BETWEEN %(s)s AND %(e)s), 0),
                   coalesce((SELECT sum(commission_cents) FROM crm.customer_daily d
                              WHERE d.customer_id = m.id AND d.trade_date BETWEEN %(s)s AND %(e)s), 0),
                   coalesce((SELECT sum(net_commission_cents) FROM crm.customer_daily d
                              WHERE d.customer_id = m.id AND d.trade_date BETWEEN %(s)s AND %(e)s), 0),
                   coalesce((SELECT sum(interest_spread_cents) FROM crm.customer_daily d
                              WHERE d.customer_id = m.id AND d.trade_date BETWEEN %(s)s AND %(e)s), 0),
                   coalesce((SELECT sum(pnl_cents) FROM crm.customer_daily d
                              WHERE d.customer_id = m.id AND d.trade_date BETWEEN %(s)s AND %(e)s), 0)
              FROM unnest(%(m)s::bigint[]) AS m(id)""", {"s": start, "e": end, "m": members})}
    got = {r["customer_id"]: (r["total_assets_cents"], r["trade_volume_cents"], r["commission_cents"],
                              r["net_commission_cents"], r["interest_spread_cents"], r["pnl_cents"])
           for r in stats.rows}
    assert got == expected
    assert got[ids["A6"]] == (None, 0, 0, 0, 0, 0)                                # no March facts
    a5 = next(r for r in stats.rows if r["customer_id"] == ids["A5"])
    assert a5["assets_date"] == dt.date(2024, 3, 15)
    assert [r["account_no"] for r in stats.rows] == sorted(r["account_no"] for r in stats.rows)
    assert stats.totals == {
        "members": 4, "members_with_facts": 3,
        "total_assets_cents": sum(v[0] or 0 for v in expected.values()),
        "trade_volume_cents": sum(v[1] for v in expected.values()),
        "commission_cents": sum(v[2] for v in expected.values()),
        "net_commission_cents": sum(v[3] for v in expected.values()),
        "interest_spread_cents": sum(v[4] for v in expected.values()),
        "pnl_cents": sum(v[5] for v in expected.values()),
        "trading_days": 3 + 3 + 2,
    }
    assert not stats.truncated


def test_statistics_truncate_rows_but_not_totals(world):
    ids = world.ids
    with world.session("mkt_a") as conn:
        group = cg.create_group(conn, "多")
        cg.add_customers(conn, group["id"], [ids[f"A{i}"] for i in range(1, 7)])
        full = cg.group_statistics(conn, group["id"], dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        part = cg.group_statistics(conn, group["id"], dt.date(2024, 1, 1), dt.date(2024, 12, 31), limit=2)
        assert part.truncated and len(part.rows) == 2 and part.rows == full.rows[:2]
        assert part.totals == full.totals and full.totals["members"] == 6
        empty = cg.create_group(conn, "空")
        stats = cg.group_statistics(conn, empty["id"], dt.date(2024, 3, 1), dt.date(2024, 3, 31))
        assert stats.rows == [] and stats.totals["members"] == 0 and stats.totals["commission_cents"] == 0
        with pytest.raises(CrmRefusal) as info:
            cg.group_statistics(conn, group["id"], dt.date(2024, 3, 31), dt.date(2024, 3, 1))
        assert info.value.kind == "invalid_input"


def test_open_as_filter_returns_exactly_the_members(world):
    ids = world.ids
    with world.session("mkt_a") as conn:
        group = cg.create_group(conn, "过滤")
        cg.add_customers(conn, group["id"], [ids["A2"], ids["A4"], ids["A6"]])
        node = Group("and", [Condition(cg.GROUP_FILTER, "eq", group["id"], "过滤")])
        query = CustomerQuery(filter=node)
        page = fetch_page(conn, query)
        assert [r["id"] for r in page.rows] == [ids["A2"], ids["A4"], ids["A6"]] and not page.has_more
        assert exact_count(conn, query) == 3
        # Combined with other conditions like any filter.
        both = CustomerQuery(filter=Group("and", [node, Condition("name", "contains", "甲")]))
        assert [r["id"] for r in fetch_page(conn, both).rows] == [ids["A2"], ids["A4"]]
        assert "过滤" in describe(node)
        for bad in (Condition("group", "ne", group["id"]), Condition("group", "eq", "x"),
                    Condition("group", "eq", True)):
            with pytest.raises(CrmRefusal):
                exact_count(conn, CustomerQuery(filter=Group("and", [bad])))
        # Filter-only: never a list, sort or group column.
        with pytest.raises(CrmRefusal):
            validate(CustomerQuery(columns=("account_no", "group")))
        with pytest.raises(CrmRefusal):
            validate(CustomerQuery(sort="group"))
        with pytest.raises(CrmRefusal):
            summarize(conn, query, ["group"], [("count", None)])
        # Someone else's group id as a filter shows nothing (its members are not visible).
    with world.session("mkt_b") as conn:
        assert exact_count(conn, query) == 0


def test_groups_of_customer_and_detail(world):
    ids = world.ids
    with world.session("mkt_a") as conn:
        one = cg.create_group(conn, "一")
        two = cg.create_group(conn, "二")
        cg.add_customers(conn, one["id"], [ids["A1"]])
        cg.add_customers(conn, two["id"], [ids["A1"], ids["A2"]])
        assert sorted(g["name"] for g in cg.groups_of_customer(conn, ids["A1"])) == ["一", "二"]
        detail = cd.load(conn, ids["A1"])
        assert detail.groups_available and sorted(g["name"] for g in detail.groups) == ["一", "二"]
        assert cd.load(conn, ids["A3"]).groups == []
    # The manager sees them too (read-only), a colleague does not.
    with world.session("devmgr") as conn:
        rows = cg.groups_of_customer(conn, ids["A1"])
        assert {(g["name"], g["own"], g["owner_name"]) for g in rows} == {("一", False, "王小明"), ("二", False, "王小明")}
    with world.session("mkt_b") as conn:
        assert cg.groups_of_customer(conn, ids["A1"]) == []


def test_manager_reads_a_subordinates_group_but_cannot_change_it(world):
    ids = world.ids
    with world.session("mkt_a") as conn:
        group = cg.create_group(conn, "下属的群")
        cg.add_customers(conn, group["id"], [ids["A1"], ids["A2"]])
    with world.session("devmgr") as conn:
        listed = cg.list_groups(conn)
        assert [(g["name"], g["own"], g["member_count"]) for g in listed] == [("下属的群", False, 2)]
        stats = cg.group_statistics(conn, group["id"], dt.date(2024, 3, 1), dt.date(2024, 3, 31))
        assert stats.totals["members"] == 2
        for action in (lambda: cg.rename_group(conn, group["id"], 1, "改"),
                       lambda: cg.delete_group(conn, group["id"]),
                       lambda: cg.add_customers(conn, group["id"], [ids["A3"]]),
                       lambda: cg.add_query(conn, group["id"], CustomerQuery()),
                       lambda: cg.remove_members(conn, group["id"], [ids["A1"]])):
            with pytest.raises(CrmRefusal) as info:
                action()
            assert info.value.kind == "not_permitted"
    with world.session("mkt_b") as conn:
        with pytest.raises(CrmRefusal) as info:
            cg.group_statistics(conn, group["id"], dt.date(2024, 3, 1), dt.date(2024, 3, 31))
        assert info.value.kind == "not_found"
    assert world.scalar("SELECT name FROM crm.customer_group WHERE id = %s", (group["id"],)) == "下属的群"


def test_period_presets():
    today = dt.date(2024, 3, 15)
    assert cg.period_preset("this_month", today) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert cg.period_preset("last_month", today) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert cg.period_preset("this_year", today) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert cg.period_preset("last_month", dt.date(2024, 1, 10)) == (dt.date(2023, 12, 1), dt.date(2023, 12, 31))
    assert cg.period_preset("this_month", dt.date(2024, 12, 31)) == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))
