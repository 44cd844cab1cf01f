"""Customer detail service as staff (RLS applies): load, extended data with optimistic
concurrency, facts history, VIP periods and visit records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_desktop.services import customer_detail as cd
from crm_desktop.services.errors import CrmRefusal


@pytest.fixture
def world(db):
    """BR01: mkt_a (develops c1, serves nobody), mkt_b (serves c1), viewer (branch scope, read only);
    BR02: a customer nobody of BR01 sees."""
    db.make_branch("BR02", "上海陆家嘴营业部")
    db.make_staff("mkt_a", name="王小明")
    db.make_staff("mkt_b", name="李四")
    db.make_staff("viewer", name="赵经理", scope="branch")
    c1 = db.make_customer("310000001", name="张三", mobile="13800138000", id_no="110101198005061234",
                          open_date="2024-03-04")
    c2 = db.make_customer("310000002", branch="BR02", name="钱五")
    db.relate(c1, "mkt_a", "development")
    db.relate(c1, "mkt_b", "service")
    db.c1, db.c2 = c1, c2
    return db


def add_daily(db, customer_id: int, rows: list[tuple]) -> None:
    """rows: (date, assets_cents, volume_cents, commission_cents, pnl_cents, vip_level)."""
    with db.admin() as conn:
        for day, assets, volume, commission, pnl, vip in rows:
            conn.execute("SELECT crm.customer_daily_partition(%s)", (day,))
            conn.execute(
                "INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, "
                "market_value_cents, cash_cents, trade_volume_cents, commission_cents, net_commission_cents, "
                "interest_spread_cents, pnl_cents, vip_level) "
                "SELECT c.branch_id, c.id, %s, %s, %s, %s, %s, %s, %s, 7, %s, %s FROM crm.customer c WHERE c.id = %s",
                (day, assets, assets * 3 // 4, assets - assets * 3 // 4, volume, commission, commission * 6 // 10,
                 pnl, vip, customer_id))


def test_load_shows_comprehensive_and_extended_data(world):
    with world.session("mkt_a") as conn:
        detail = cd.load(conn, world.c1)
    # Personal data is read masked; reveal() gives one value in full (audited).
    assert (detail.account_no, detail.name, detail.id_no) == ("310000001", "张三", "110101********1234")
    assert detail.counter_mobile == "138****8000"
    with world.session("mkt_a") as conn:
        assert cd.reveal(conn, world.c1, "id_no") == "110101198005061234"
        with pytest.raises(CrmRefusal) as info:
            cd.reveal(conn, world.c1, "name")
        assert info.value.kind == "invalid_input"
    assert detail.gender == "M" and detail.birthday == dt.date(1980, 5, 6)
    assert detail.open_date == dt.date(2024, 3, 4) and detail.loaded_for == dt.date(2024, 3, 4)
    assert (detail.branch_code, detail.branch_name, detail.status) == ("BR01", "北京金融街营业部", "normal")
    assert detail.counter_mobile == "138****8000" and detail.ext.mobile == "138****8000"
    # Created by the loader, never modified: no modifier and no time, not the creation stamp.
    assert detail.ext.version == 1 and detail.ext.never_modified
    assert detail.ext.modified_by is None and detail.ext.modified_at is None
    assert detail.can_edit and detail.edit_refusal is None
    kinds = {(r["kind"], r["staff_login"], r["staff_name"], r["status"]) for r in detail.relationships}
    assert kinds == {("development", "mkt_a", "王小明", "live"), ("service", "mkt_b", "李四", "live")}
    assert detail.vip is None and detail.vip_periods == []
    assert detail.groups == [] and detail.groups_available is True


def test_released_relationship_is_listed_as_past(world):
    with world.admin() as conn:
        conn.execute("UPDATE crm.relationship SET status = 'released', valid_to = current_date, "
                     "released_at = now(), released_by = 'test' WHERE customer_id = %s AND kind = 'service'",
                     (world.c1,))
    with world.session("mkt_a") as conn:
        detail = cd.load(conn, world.c1)
    assert [(r["kind"], r["status"]) for r in detail.relationships] == [("development", "live"),
                                                                         ("service", "released")]
    assert detail.relationships[1]["valid_to"] is not None


def test_save_ext_bumps_version_and_stamps_modifier(world):
    with world.session("mkt_a") as conn:
        before = cd.load(conn, world.c1).ext
        result = cd.save_ext(conn, world.c1, before.version,
                             {"mobile": "＋86 139 0000 1111", "email": " zhang@example.com ", "notes": "VIP 客户"})
        after = cd.load(conn, world.c1).ext
    assert isinstance(result, cd.ExtSaved)
    assert result.version == before.version + 1 == after.version
    assert after.mobile == "139****1111" and after.email == "zhang@example.com" and after.notes == "VIP 客户"
    assert (after.modified_by, after.modified_by_name) == ("mkt_a", "王小明")
    assert result.modified_by == "mkt_a" and result.ext.modified_by_name == "王小明"
    assert after.modified_at is not None and after.modified_at == result.modified_at
    assert abs(after.modified_at - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)
    assert world.scalar("SELECT mobile FROM crm.customer_ext WHERE customer_id = %s", (world.c1,)) == "13900001111"
    # Clearing a field writes NULL; untouched fields stay.
    with world.session("mkt_a") as conn:
        cleared = cd.save_ext(conn, world.c1, after.version, {"email": "  "})
    assert isinstance(cleared, cd.ExtSaved) and cleared.ext.email is None and cleared.ext.mobile == "139****1111"


def test_stale_version_is_a_conflict_with_the_other_persons_values(world):
    with world.session("mkt_a") as mine, world.session("mkt_b") as theirs:
        version = cd.load(mine, world.c1).ext.version
        assert isinstance(cd.save_ext(theirs, world.c1, version, {"mobile": "13711112222", "address": "金融街1号"}),
                          cd.ExtSaved)
        result = cd.save_ext(mine, world.c1, version, {"mobile": "13933334444"})
        assert isinstance(result, cd.ExtConflict)
        assert result.theirs.mobile == "137****2222" and result.theirs.address == "金融****"
        assert (result.theirs.modified_by, result.theirs.modified_by_name) == ("mkt_b", "李四")
        assert result.theirs.version == version + 1 and result.theirs.modified_at is not None
        assert result.mine == {"mobile": "13933334444"}
        assert world.scalar("SELECT mobile FROM crm.customer_ext WHERE customer_id = %s", (world.c1,)) == "13711112222"
        # Keep mine: save again against their version.
        again = cd.save_ext(mine, world.c1, result.theirs.version, result.mine)
    assert isinstance(again, cd.ExtSaved) and again.version == version + 2
    assert world.scalar("SELECT mobile FROM crm.customer_ext WHERE customer_id = %s", (world.c1,)) == "13933334444"


@pytest.mark.parametrize("changes, field", [
    ({"mobile": "12800138000"}, "mobile"),          # second digit 2
    ({"mobile": "1380013800"}, "mobile"),           # 10 digits
    ({"mobile": "1380013800a"}, "mobile"),
    ({"email": "zhang.example.com"}, "email"),
    ({"email": "zhang@example"}, "email"),
    ({"preferred_contact": "fax"}, "preferred_contact"),
])
def test_invalid_values_are_refused_and_nothing_changes(world, changes, field):
    with world.session("mkt_a") as conn:
        version = cd.load(conn, world.c1).ext.version
        with pytest.raises(cd.InvalidFields) as refused:
            cd.save_ext(conn, world.c1, version, dict(changes, notes="must not be written"))
    assert refused.value.kind == "invalid_input" and refused.value.fields == {field: refused.value.fields[field]}
    assert refused.value.fields[field] in ("format", "choice") and field in str(refused.value)
    assert world.scalar("SELECT version FROM crm.customer_ext WHERE customer_id = %s", (world.c1,)) == version
    assert world.scalar("SELECT notes FROM crm.customer_ext WHERE customer_id = %s", (world.c1,)) is None


def test_server_check_violation_names_the_field(world, monkeypatch):
    """A value that slips past the client's validation is refused by the CHECK constraint (23514)
    and reported on its field."""
    monkeypatch.setattr(cd, "validate_ext", lambda values: {})
    with world.session("mkt_a") as conn:
        with pytest.raises(cd.InvalidFields) as refused:
            cd.save_ext(conn, world.c1, 1, {"mobile": "99999"})
    assert refused.value.fields == {"mobile": "format"} and refused.value.sqlstate == "23514"


def test_branch_viewer_may_read_but_not_write(world):
    with world.session("viewer") as conn:
        detail = cd.load(conn, world.c1)
        assert detail.name == "张三" and not detail.can_edit and detail.edit_refusal == "not_related"
        with pytest.raises(CrmRefusal) as refused:
            cd.save_ext(conn, world.c1, detail.ext.version, {"mobile": "13911112222"})
    assert refused.value.kind == "not_permitted"
    assert world.scalar("SELECT version FROM crm.customer_ext WHERE customer_id = %s", (world.c1,)) == 1


def test_invisible_customer_is_not_found(world):
    with world.session("mkt_a") as conn:
        for call in (lambda: cd.load(conn, world.c2), lambda: cd.history(conn, world.c2),
                     lambda: cd.list_visits(conn, world.c2),
                     lambda: cd.save_ext(conn, world.c2, 1, {"mobile": "13911112222"}),
                     lambda: cd.add_visit(conn, world.c2, dt.datetime.now().astimezone(), "phone", "hello"),
                     lambda: cd.load(conn, 987654321)):
            with pytest.raises(CrmRefusal) as refused:
                call()
            assert refused.value.kind == "not_found"
    assert world.scalar("SELECT count(*) FROM crm.visit") == 0
    assert world.scalar("SELECT version FROM crm.customer_ext WHERE customer_id = %s", (world.c2,)) == 1


def test_history_equals_a_direct_query_and_vip_periods(world):
    days = [dt.date(2025, 3, 3) + dt.timedelta(days=i) for i in range(6)]
    add_daily(world, world.c1, [
        (days[0], 40_000_000, 1_000_000, 250, -12_345, 0),
        (days[1], 60_000_000, 2_500_000, 625, 1_999, 1),
        (days[2], 61_000_000, 0, 0, 0, 1),
        (days[3], 45_000_000, 300_000, 77, -5, 0),
        (days[4], 210_000_000, 9_000_000, 2_001, 150_000_00, 2),
        (days[5], 220_000_000, 123_456_789, 30_864, 99, 2),
    ])
    add_daily(world, world.c2, [(days[0], 1, 1, 1, 1, 0)])
    with world.session("mkt_a") as conn:
        rows = cd.history(conn, world.c1)
        last_two = cd.history(conn, world.c1, days=2)
        detail = cd.load(conn, world.c1)
    with world.admin() as conn:
        direct = conn.execute(
            "SELECT trade_date, total_assets_cents, trade_volume_cents, commission_cents, net_commission_cents, "
            "pnl_cents FROM crm.customer_daily WHERE customer_id = %s ORDER BY trade_date", (world.c1,)).fetchall()
    assert [r["trade_date"] for r in rows] == days
    for row, (day, assets, volume, commission, net, pnl) in zip(rows, direct):
        assert row["total_assets"] == Decimal(assets) / 100 and isinstance(row["total_assets"], Decimal)
        assert row["trade_volume"] == Decimal(volume) / 100
        assert row["commission"] == Decimal(commission) / 100
        assert row["net_commission"] == Decimal(net) / 100
        assert row["pnl"] == Decimal(pnl) / 100
    assert [r["trade_date"] for r in last_two] == days[4:]
    periods = [(p["level"], p["date_from"], p["date_to"], p["days"]) for p in detail.vip_periods]
    assert periods == [(2, days[4], days[5], 2), (0, days[3], days[3], 1), (1, days[1], days[2], 2),
                       (0, days[0], days[0], 1)]
    assert detail.vip["level"] == 2 and detail.vip["name_zh"] == "金卡贵宾" and detail.vip["name_en"] == "Gold"


def test_open_window_loads_all_on_one_connection_and_the_facts_probe_the_customer_by_key(world):
    """What the detail window opens with (ui load_all, bench load): one connection, the same parts as
    the single calls; and the fact policies may check the one customer by key instead of building
    the set of every visible customer for each date partition (revision 0034: 2.4-6.4 s per open
    of an active customer at 200 000 customers before; README "Customer detail under load")."""
    days = [dt.date(2025, 4, 1) + dt.timedelta(days=i) for i in range(5)]
    add_daily(world, world.c1, [(day, 50_000_000 + i, 1_000, 10, 1, 1) for i, day in enumerate(days)])
    add_daily(world, world.c2, [(days[0], 1, 1, 1, 1, 0)])
    with world.session("mkt_a") as conn:
        cd.add_visit(conn, world.c1, dt.datetime.now().astimezone(), "phone", "电话回访")
        detail, visits, history = cd.open_window(conn, world.c1, days=3)
        assert detail == cd.load(conn, world.c1)
        assert visits == cd.list_visits(conn, world.c1) and len(visits) == 1
        assert history == cd.history(conn, world.c1, days=3)
        assert [r["trade_date"] for r in history] == days[2:]
        with pytest.raises(CrmRefusal) as refused:
            cd.open_window(conn, world.c2)
        assert refused.value.kind == "not_found"
    # The planner picks the key probe only where crm.customer is large (on these few rows hashing
    # them all is cheaper, so a plan here proves nothing): check the form the policies have.
    with world.admin() as conn:
        quals = dict(conn.execute("SELECT tablename, qual FROM pg_policies WHERE schemaname = 'crm' AND policyname "
                                  "IN ('customer_daily_read', 'relationship_read', 'visit_read')").fetchall())
    assert sorted(quals) == ["customer_daily", "relationship", "visit"]
    for table, qual in quals.items():
        assert f"EXISTS ( SELECT\n   FROM crm.customer c\n  WHERE (c.id = {table}.customer_id))" in qual, qual
        assert "IN ( SELECT" not in qual, qual


def test_visits_add_list_update_delete(world):
    visited = dt.datetime(2025, 3, 5, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with world.session("mkt_a") as conn:
        visit = cd.add_visit(conn, world.c1, visited, "visit", "  上门拜访，介绍两融  ", dt.date(2025, 3, 12))
        assert visit["own"] and visit["staff_login"] == "mkt_a" and visit["staff_name"] == "王小明"
        assert visit["content"] == "上门拜访，介绍两融" and visit["version"] == 1
        assert visit["visited_at"] == visited and visit["next_follow_up"] == dt.date(2025, 3, 12)
        later = cd.add_visit(conn, world.c1, visited + dt.timedelta(days=1), "phone", "电话回访")
        assert [v["id"] for v in cd.list_visits(conn, world.c1)] == [later["id"], visit["id"]]

        saved = cd.update_visit(conn, visit["id"], 1, visited, "wechat", "微信沟通", None)
        assert isinstance(saved, cd.VisitSaved) and saved.visit["version"] == 2
        assert saved.visit["channel"] == "wechat" and saved.visit["next_follow_up"] is None
        stale = cd.update_visit(conn, visit["id"], 1, visited, "phone", "stale edit", None)
        assert isinstance(stale, cd.VisitConflict) and stale.theirs["content"] == "微信沟通"
        assert stale.mine["content"] == "stale edit"

        with pytest.raises(cd.InvalidFields) as refused:
            cd.add_visit(conn, world.c1, visited, "fax", "   ", dt.date(2025, 3, 1))
        assert refused.value.fields == {"channel": "choice", "content": "required", "next_follow_up": "before_visit"}

        cd.delete_visit(conn, later["id"])
        assert [v["id"] for v in cd.list_visits(conn, world.c1)] == [visit["id"]]
        with pytest.raises(CrmRefusal) as gone:
            cd.delete_visit(conn, later["id"])
        assert gone.value.kind == "not_found"
    assert world.scalar("SELECT count(*) FROM crm.visit") == 1


def test_other_staffs_visits_are_read_only(world):
    visited = dt.datetime.now().astimezone()
    with world.session("mkt_b") as conn:
        theirs = cd.add_visit(conn, world.c1, visited, "phone", "服务回访")
    with world.session("mkt_a") as conn:
        listed = cd.list_visits(conn, world.c1)
        assert [(v["id"], v["own"], v["staff_name"]) for v in listed] == [(theirs["id"], False, "李四")]
        with pytest.raises(CrmRefusal) as refused:
            cd.delete_visit(conn, theirs["id"])
        assert refused.value.kind == "not_permitted"
        with pytest.raises(CrmRefusal) as refused:
            cd.update_visit(conn, theirs["id"], 1, visited, "phone", "overwritten", None)
        assert refused.value.kind == "not_permitted"
    # A viewer may record a visit on a customer they see.
    with world.session("viewer") as conn:
        assert cd.add_visit(conn, world.c1, visited, "other", "到店咨询")["staff_login"] == "viewer"
    assert world.scalar("SELECT content FROM crm.visit WHERE id = %s", (theirs["id"],)) == "服务回访"
    assert world.scalar("SELECT count(*) FROM crm.visit") == 2
