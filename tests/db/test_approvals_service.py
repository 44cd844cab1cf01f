"""crm_desktop.services.approvals on staff connections: the waiting list's paging, the detail,
decide / decide_many (one stale item refused, the others done), my requests, history, withdraw,
flows and holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_desktop.services import approvals
from crm_desktop.services.errors import CrmRefusal


@pytest.fixture
def org(db):
    db.make_staff("mkt_a", name="营销甲", public_pool=True)
    db.make_staff("mgr", name="经理", staff_type="manager", scope="subordinates")
    db.make_staff("tm1", name="交易经理甲", staff_type="manager", roles=("trading_manager",), posts=("trading_manager",))
    db.make_staff("tm2", name="交易经理乙", staff_type="manager", roles=("trading_manager",), posts=("trading_manager",))
    db.make_staff("director", name="营销总监", staff_type="manager", roles=("marketing_director",),
                  posts=("marketing_director",))
    db.make_staff("hqm", name="总部主管", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",))
    db.make_staff("hqadmin", name="总部管理员", branch="HQ", staff_type="hq", roles=("hq_admin",))
    customers = [db.make_customer(f"P{i:02d}", name=f"公海客户{i}") for i in range(7)]
    with db.admin() as conn:
        conn.execute("SELECT crm.customer_daily_partition(%s)", ("2025-09-01",))
        conn.execute("INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, "
                     "market_value_cents, cash_cents, trade_volume_cents, commission_cents, net_commission_cents, "
                     "interest_spread_cents, pnl_cents) SELECT branch_id, id, '2025-09-01', 12345600, 0, 0, 0, 0, 0, "
                     "0, 0 FROM crm.customer WHERE id = %s", (customers[0],))
    return db, customers


def test_paging_detail_and_decide_many(org):
    db, customers = org
    with db.session("mkt_a") as conn:
        ids = [approvals.claim_customer(conn, cid, f"第{i}个") for i, cid in enumerate(customers)]
        with pytest.raises(CrmRefusal) as info:
            approvals.claim_customer(conn, customers[0])
        assert info.value.kind == "already_pending"
        mine = approvals.my_requests(conn, limit=4)
        assert [r["id"] for r in mine] == ids[::-1][:4] and all(r["can_withdraw"] for r in mine)
        assert [r["id"] for r in approvals.my_requests(conn, after_id=mine[-1]["id"])] == ids[::-1][4:]
        assert approvals.count_waiting(conn) == 0          # nothing of mine waits for me
    with db.session("tm1") as tm:
        assert approvals.count_waiting(tm) == len(ids)
        first = approvals.waiting_page(tm, limit=3)
        second = approvals.waiting_page(tm, after_id=first[-1]["id"], limit=3)
        third = approvals.waiting_page(tm, after_id=second[-1]["id"], limit=3)
        assert [r["id"] for r in first + second + third] == ids
        row = first[0]
        assert {k: row[k] for k in ("flow_code", "flow_name_zh", "flow_name_en", "branch_code", "account_no",
                                    "customer_name", "subject_staff_name", "requested_by_name", "current_step",
                                    "current_post", "posts", "steps_total", "note")} == {
            "flow_code": "development", "flow_name_zh": "开发关系确认", "flow_name_en": "Development relationship",
            "branch_code": "BR01", "account_no": "P00", "customer_name": "公海客户0", "subject_staff_name": "营销甲",
            "requested_by_name": "营销甲", "current_step": 1, "current_post": "trading_manager",
            "posts": ["trading_manager", "marketing_director"], "steps_total": 2, "note": "第0个"}

        detail = approvals.request_detail(tm, ids[0])
        assert [s["state"] for s in detail["steps"]] == ["waiting", "later"]
        assert detail["customer"]["account_no"] == "P00" and detail["customer"]["total_assets_cents"] == 12345600
        assert (detail["subject"]["login"], detail["subject"]["type"], detail["subject"]["branch"]) == (
            "mkt_a", "marketing", "北京金融街营业部")
        assert detail["reservation"] is None and not detail["can_withdraw"]

        assert approvals.decide(tm, ids[0], 1, "approve", "同意") == "pending"
        # decide_many: ids[0] is stale (step 1 already decided by tm1), the others go through.
        results = approvals.decide_many(tm, [(ids[0], 1), (ids[1], 1), (ids[2], 1)], "approved", "批量")
        assert [r for _, r in results[1:]] == ["pending", "pending"]
        stale = results[0][1]
        assert isinstance(stale, CrmRefusal) and stale.kind == "already_decided" and "交易经理甲" in stale.message
        assert approvals.count_waiting(tm) == len(ids) - 3

    with db.session("tm2") as tm2:
        with pytest.raises(CrmRefusal) as info:
            approvals.decide(tm2, ids[1], 1, "rejected")
        assert info.value.kind == "already_decided"
        assert approvals.decide(tm2, ids[3], 1, "rejected", "资料不全") == "rejected"
        with pytest.raises(CrmRefusal) as info:
            approvals.decide(tm2, ids[4], 1, "maybe")
        assert info.value.kind == "invalid_input"

    with db.session("director") as d:
        assert approvals.count_waiting(d) == 3
        assert approvals.decide(d, ids[0], 2, "approved") == "approved"
        detail = approvals.request_detail(d, ids[0])
        assert [(s["decision"], s["decided_by_name"], s["comment"]) for s in detail["steps"]] == [
            ("approved", "交易经理甲", "同意"), ("approved", "营销总监", None)]
        assert detail["customer"]["developer"] == "营销甲"
        history = approvals.history(d)
        assert [r["id"] for r in history] == [ids[0]]

    with db.session("mkt_a") as conn:
        approvals.withdraw(conn, ids[5])
        with pytest.raises(CrmRefusal) as info:
            approvals.withdraw(conn, ids[5])
        assert info.value.kind == "already_decided"
        assert [r["id"] for r in approvals.history(conn)] == [ids[5], ids[3], ids[0]]
        statuses = {r["id"]: r["status"] for r in approvals.my_requests(conn)}
        assert (statuses[ids[0]], statuses[ids[3]], statuses[ids[5]], statuses[ids[6]]) == (
            "approved", "rejected", "withdrawn", "pending")
    with db.session("tm2") as tm2:
        assert [r["id"] for r in approvals.history(tm2)] == [ids[3]]
        with pytest.raises(CrmRefusal) as info:
            approvals.request_detail(tm2, 10 ** 9)
        assert info.value.kind == "not_found"


def test_other_requests_through_the_service(org):
    db, customers = org
    db.relate(customers[0], "mkt_a")
    with db.session("mkt_a") as conn:
        release = approvals.request_release(conn, customers[0], "development", "客户要求")
        with pytest.raises(CrmRefusal) as info:
            approvals.request_release(conn, customers[0], "development")
        assert info.value.kind == "already_pending"
    with db.session("director") as conn:       # not mkt_a's superior
        with pytest.raises(CrmRefusal) as info:
            approvals.assign_service(conn, customers[1], "mkt_a")
        assert info.value.kind == "not_found"
    with db.session("hqadmin") as conn:
        transfer = approvals.request_transfer(conn, "mkt_a", "broker", "hq", "调总部")
    with db.session("hqm") as conn:
        assert approvals.count_waiting(conn) == 0                  # release waits for step 1 first
        assert approvals.request_detail(conn, release)["steps"][2]["post"] == "hq_marketing"
    with db.session("director") as conn:
        assert approvals.count_waiting(conn) == 1
        assert approvals.decide(conn, transfer, 1, "approved") == "pending"
    with db.session("hqm") as conn:
        assert [r["id"] for r in approvals.waiting_page(conn)] == [transfer]
        assert approvals.decide(conn, transfer, 2, "approved") == "approved"
    # The transfer released mkt_a's customer first: the pending release now conflicts.
    with db.session("tm1") as conn:
        assert approvals.decide(conn, release, 1, "approved") == "pending"
    with db.session("director") as conn:
        assert approvals.decide(conn, release, 2, "approved") == "pending"
    with db.session("hqm") as conn:
        assert approvals.decide(conn, release, 3, "approved") == "failed"
        detail = approvals.request_detail(conn, release)
        assert detail["status"] == "failed" and "already released" in detail["outcome"]
        with pytest.raises(CrmRefusal) as info:
            approvals.decide(conn, release, 3, "rejected", "已调岗")
        assert info.value.kind == "already_decided"


def test_flows_and_holidays(org):
    db, _ = org
    with db.session("tm1") as conn:
        got = {f["code"]: f["posts"] for f in approvals.flows(conn)}
        assert got["release"] == ["trading_manager", "marketing_director", "hq_marketing"]
        assert set(got) == {"development", "service", "release", "transfer", "sms_quota", "sms_subscription_move",
                            "handover", "batch_entry"}
        assert got["handover"] == got["batch_entry"] == ["trading_manager", "marketing_director"]
        with pytest.raises(CrmRefusal) as info:
            approvals.set_flow_steps(conn, "service", ["trading_manager"])
        assert info.value.kind == "not_permitted"
    with db.session("hqadmin") as conn:
        approvals.set_flow_steps(conn, "service", ["trading_manager"])
        assert {f["code"]: f["posts"] for f in approvals.flows(conn)}["service"] == ["trading_manager"]
        approvals.set_holiday(conn, dt.date(2026, 10, 1), "国庆节")
        approvals.set_holiday(conn, dt.date(2026, 10, 2), "国庆节")
        approvals.set_holiday(conn, dt.date(2027, 1, 1), "元旦")
        approvals.set_holiday(conn, dt.date(2026, 10, 2), None)
        assert [(h["day"], h["name"]) for h in approvals.holidays(conn, 2026)] == [(dt.date(2026, 10, 1), "国庆节")]
        assert len(approvals.holidays(conn)) == 2
