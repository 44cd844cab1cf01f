"""Read queries of the Administration tab, as a signed-in branch / HQ administrator (RLS applies)."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_desktop.services import admin_queries, staff_admin
from crm_desktop.services.errors import CrmRefusal


@pytest.fixture
def world(db):
    db.make_branch("BR02")
    db.make_staff("adm_a", roles=("branch_admin",))
    db.make_staff("mkt_a1")
    db.make_staff("mkt_b1", branch="BR02")
    return db


def add_event(db, login: str, outcome: str, at: str | None = None, **extra) -> None:
    with db.admin() as conn:
        conn.execute(
            "INSERT INTO crm.login_event (at, login, staff_id, branch_id, outcome, hostname, macs, detail, source) "
            "SELECT coalesce(%s::timestamptz, now()), %s, s.id, s.branch_id, %s, %s, %s, %s, 'test' "
            "FROM crm.staff s WHERE s.login = %s",
            (at, login, outcome, extra.get("hostname"), extra.get("macs"), extra.get("detail"), login))


def test_pickers(world):
    with world.session("adm_a") as conn:
        branches = {b["code"]: b for b in admin_queries.list_branches(conn)}
        roles = {r["code"]: r for r in admin_queries.list_roles(conn)}
        posts = [p["code"] for p in admin_queries.list_posts(conn)]
        types = [t["code"] for t in admin_queries.list_staff_types(conn)]
        reference = admin_queries.reference_data(conn)
    assert set(branches) == {"HQ", "BR01", "BR02"}
    assert list(branches)[0] == "HQ"                                   # HQ first
    assert branches["BR01"]["administered"] and not branches["BR02"]["administered"]
    assert not branches["HQ"]["administered"] and branches["BR01"]["name"] == "北京金融街营业部"
    assert roles["branch_admin"]["permissions"] == ["admin_branch", "export"]
    assert roles["marketing"]["permissions"] == ["reveal_personal_data"] and roles["hq_admin"]["name_zh"] == "总部系统管理员"
    assert posts == ["hq_marketing", "marketing_director", "trading_manager"]
    assert "marketing" in types and set(reference) == {"branches", "roles", "posts", "staff_types"}


def test_hq_admin_administers_every_branch(world):
    world.make_staff("hq_adm", branch="HQ", roles=("hq_admin",), scope="all")
    with world.session("hq_adm") as conn:
        assert all(b["administered"] for b in admin_queries.list_branches(conn))


def test_login_events_filters_and_visibility(world):
    add_event(world, "mkt_a1", "success", "2025-03-01 09:00+08", hostname="pc-1", macs=["aa:bb:cc:dd:ee:01"])
    add_event(world, "mkt_a1", "bad_password", "2025-03-02 09:00+08")
    add_event(world, "adm_a", "mac_refused", "2025-03-03 09:00+08", detail="this PC is not registered")
    add_event(world, "mkt_b1", "success", "2025-03-02 10:00+08")            # BR02: not visible
    with world.session("adm_a") as conn:
        everything = admin_queries.list_login_events(conn, since=dt.date(2025, 1, 1), until=dt.date(2025, 4, 1))
        assert [e["outcome"] for e in everything.rows] == ["mac_refused", "bad_password", "success"]
        assert not everything.truncated and len(everything) == 3
        first = everything.rows[-1]
        assert first["login"] == "mkt_a1" and first["hostname"] == "pc-1" and first["branch_code"] == "BR01"
        assert first["macs"] == ["aa:bb:cc:dd:ee:01"] and first["staff_name"] == "mkt_a1"
        assert [e["login"] for e in admin_queries.list_login_events(conn, login="A1").rows if
                e["at"] < dt.datetime(2025, 4, 1, tzinfo=dt.timezone.utc)] == ["mkt_a1", "mkt_a1"]
        assert [e["outcome"] for e in admin_queries.list_login_events(
            conn, outcome="bad_password").rows] == ["bad_password"]
        window = admin_queries.list_login_events(
            conn, since=dt.datetime(2025, 3, 2, tzinfo=dt.timezone(dt.timedelta(hours=8))),
            until=dt.datetime(2025, 3, 3, tzinfo=dt.timezone(dt.timedelta(hours=8))))
        assert [e["outcome"] for e in window.rows] == ["bad_password"]
        assert "mkt_b1" not in {e["login"] for e in admin_queries.list_login_events(conn).rows}
        with pytest.raises(CrmRefusal) as refused:
            admin_queries.list_login_events(conn, outcome="nonsense")
        assert refused.value.kind == "invalid_input"


def test_login_filter_is_a_literal_substring(world):
    world.make_staff("mkt_xa1")
    add_event(world, "mkt_a1", "success")
    add_event(world, "mkt_xa1", "success")
    with world.session("adm_a") as conn:
        # "_" is no wildcard: "t_a" matches mkt_a1, not mkt_xa1
        assert {e["login"] for e in admin_queries.list_login_events(conn, login="t_a").rows} == {"mkt_a1"}
        assert admin_queries.list_login_events(conn, login="%").rows == []
        assert admin_queries.list_login_events(conn, login="  ").rows   # blank = no filter


def test_login_events_are_capped_newest_first(world):
    with world.admin() as conn:
        conn.execute("INSERT INTO crm.login_event (at, login, staff_id, branch_id, outcome, source) "
                     "SELECT now() - make_interval(mins => g), s.login, s.id, s.branch_id, 'bad_password', 'test' "
                     "FROM crm.staff s, generate_series(1, 12) g WHERE s.login = 'mkt_a1'")
    with world.session("adm_a") as conn:
        capped = admin_queries.list_login_events(conn, outcome="bad_password", limit=10)
        assert len(capped) == 10 and capped.truncated and capped.limit == 10
        stamps = [e["at"] for e in capped.rows]
        assert stamps == sorted(stamps, reverse=True)
        assert not admin_queries.list_login_events(conn, outcome="bad_password", limit=12).truncated
        with pytest.raises(ValueError):
            admin_queries.list_login_events(conn, limit=0)


def test_audit_log_filters_and_changes(world):
    with world.session("adm_a") as conn:
        staff_admin.freeze(conn, "mkt_a1", "holiday")
        staff_admin.bind_mac(conn, "mkt_a1", "AA-BB-CC-DD-EE-0F")
        entries = admin_queries.list_audit_log(conn, actor="ADM")
        assert {(e["table_name"], e["action"]) for e in entries.rows} >= {("staff", "update"), ("staff_mac", "insert")}
        freeze = admin_queries.list_audit_log(conn, actor="adm_a", table="staff").rows[0]
        assert freeze["row_key"] == "mkt_a1" and freeze["branch_code"] == "BR01"
        changes = {k: (old, new) for k, old, new in admin_queries.changed_values(freeze)}
        assert changes["status"] == ("active", "frozen") and changes["freeze_reason"] == (None, "holiday")
        mac = admin_queries.list_audit_log(conn, table="staff_mac", row_key="ee:0f").rows
        assert len(mac) == 1 and dict((k, n) for k, _, n in admin_queries.changed_values(mac[0]))["mac"] == \
            "aa:bb:cc:dd:ee:0f"
        tomorrow = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
        assert admin_queries.list_audit_log(conn, since=tomorrow).rows == []
        assert admin_queries.list_audit_log(conn, until=tomorrow, limit=1).truncated


def test_audit_log_of_other_branches_is_invisible(world):
    with world.admin() as conn:
        staff_admin.freeze(conn, "mkt_b1", "operator")                  # BR02, by the operator
        staff_admin.update_policy(conn, {"idle_minutes": 20})           # no branch: HQ only
    with world.session("adm_a") as conn:
        rows = admin_queries.list_audit_log(conn).rows
        assert rows and all(e["branch_code"] == "BR01" for e in rows)
        assert admin_queries.list_audit_log(conn, row_key="mkt_b1").rows == []
        assert admin_queries.list_audit_log(conn, table="policy").rows == []
    world.make_staff("hq_adm", branch="HQ", roles=("hq_admin",), scope="all")
    with world.session("hq_adm") as conn:
        assert admin_queries.list_audit_log(conn, table="policy").rows
        assert admin_queries.list_audit_log(conn, row_key="mkt_b1").rows


def test_changed_values_for_insert_and_delete():
    insert = {"action": "insert", "old_values": None, "new_values": {"staff_id": 1, "mac": "aa"}}
    delete = {"action": "delete", "old_values": {"staff_id": 1, "mac": "aa"}, "new_values": None}
    assert admin_queries.changed_values(insert) == [("staff_id", None, 1), ("mac", None, "aa")]
    assert admin_queries.changed_values(delete) == [("staff_id", 1, None), ("mac", "aa", None)]
    assert admin_queries.like_pattern(r"a_b%c\d") == r"%a\_b\%c\\d%"


def test_sessions(world):
    other = world.session("mkt_a1", hostname="pc-a1")
    hidden = world.session("mkt_b1", hostname="pc-b1")
    try:
        with world.session("adm_a") as conn:
            rows = admin_queries.list_sessions(conn).rows
            mine = [r for r in rows if r["login"] == "mkt_a1"]
            assert len(mine) == 1 and mine[0]["hostname"] == "pc-a1" and mine[0]["open"]
            assert mine[0]["idle_for"] is not None and mine[0]["idle_for"] >= dt.timedelta(0)
            assert "mkt_b1" not in {r["login"] for r in rows}
            assert staff_admin.end_session(conn, mine[0]["id"])
            assert not [r for r in admin_queries.list_sessions(conn).rows if r["login"] == "mkt_a1"]
            closed = [r for r in admin_queries.list_sessions(conn, include_closed=True).rows if r["login"] == "mkt_a1"]
            assert closed and not closed[0]["open"] and closed[0]["idle_for"] is None
            assert closed[0]["close_reason"] == "ended by administrator"
    finally:
        other.close()
        hidden.close()


def test_sign_ins_group_the_connections_of_one_client(world):
    """One sign-in of the app opens a connection per worker thread: the list shows one sign-in
    with its connections; another PC of the same login, or a later sign-in, is its own."""
    threads = [world.session("mkt_a1", hostname="pc-a1") for _ in range(4)]
    elsewhere = world.session("mkt_a1", hostname="pc-home")
    try:
        with world.session("adm_a") as conn:
            mine = [r for r in admin_queries.list_sign_ins(conn).rows if r["login"] == "mkt_a1"]
            assert sorted((r["hostname"], r["open_connections"], len(r["connections"])) for r in mine) == \
                [("pc-a1", 4, 4), ("pc-home", 1, 1)]
            office = next(r for r in mine if r["hostname"] == "pc-a1")
            assert office["open"] and office["opened_at"] == min(c["opened_at"] for c in office["connections"])
            for connection in office["connections"]:
                staff_admin.end_session(conn, connection["id"])
            rows = admin_queries.list_sign_ins(conn, include_closed=True).rows
            office = next(r for r in rows if r["login"] == "mkt_a1" and r["hostname"] == "pc-a1")
            assert not office["open"] and office["closed_at"] and len(office["connections"]) == 4
            assert office["close_reason"] == "ended by administrator"
        # Signing in again from the office: a new sign-in, not the closed one.
        again = world.session("mkt_a1", hostname="pc-a1")
        try:
            with world.session("adm_a") as conn:
                office = [r for r in admin_queries.list_sign_ins(conn, include_closed=True).rows
                          if r["login"] == "mkt_a1" and r["hostname"] == "pc-a1"]
                assert [(r["open"], len(r["connections"])) for r in office] == [(True, 1), (False, 4)]
        finally:
            again.close()
    finally:
        for conn in (*threads, elsewhere):
            conn.close()


def test_sign_ins_of_rows_without_a_database():
    t = dt.datetime(2026, 12, 7, 9, tzinfo=dt.timezone.utc)
    minute = dt.timedelta(minutes=1)

    def row(id_, opened, closed=None, host="pc"):
        return {"id": id_, "login": "a", "hostname": host, "macs": ["m"], "client_addr": None, "app_version": "1",
                "opened_at": t + opened * minute, "closed_at": None if closed is None else t + closed * minute,
                "open": closed is None, "idle_for": None if closed is not None else dt.timedelta(seconds=id_),
                "close_reason": "logout" if closed is not None else None}
    # 1 and 2 overlap; 3 opens after both closed: a second sign-in; 4 another PC
    groups = admin_queries.sign_ins([row(1, 0, 10), row(2, 1, 9), row(3, 11), row(4, 2, host="other")])
    assert [[c["id"] for c in g["connections"]] for g in groups] == [[3], [4], [2, 1]]
    assert groups[0]["idle_for"] == dt.timedelta(seconds=3) and groups[2]["closed_at"] == t + 10 * minute
