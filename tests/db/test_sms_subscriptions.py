"""信息栏目 subscriptions (services/sms_subscriptions.py, agent/sms_subscriptions.py) against the
real server: subscribing one by one, by the Customers tab's filtered list and by a group (ids
resolved on the server) and unsubscribing with history kept; HQ's columns, preview and
publishing; the agent queueing an issue exactly once per subscriber (twice published runs,
a restart), over-quota subscribers skipped and visible, the whole way through the local gateway;
the approved move of a sender's subscriptions to the new 信息管理员 (FAQ 2.3) and the report of
subscriptions whose sender lost the right."""

from __future__ import annotations

import pytest

from crm_desktop.agent import jobs, sms_dispatch, sms_subscriptions as agent_job
from crm_desktop.agent.sms_gateway import SmsGateway
from crm_desktop.services import approvals, customer_groups, sms
from crm_desktop.services import sms_subscriptions as subs
from crm_desktop.services.customer_query.filters import Condition
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.services.errors import CrmRefusal

TOKEN = "subscriptions-test-token"


@pytest.fixture
def world(db):
    """BR01 with two information managers (info_a with a quota of 8 parts, info_b with 100),
    HQ's administrator and approvers, 6 BR01 customers (one without a mobile, one Hong Kong
    number) and one customer of BR02."""
    db.make_branch("BR02")
    db.make_staff("info_a", name="信息甲", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("info_b", name="信息乙", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("director", name="营销总监", staff_type="manager", roles=("marketing_director",),
                  posts=("marketing_director",))
    db.make_staff("hqm", name="总部主管", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",))
    db.make_staff("hq_root", name="总部管理员", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    mobiles = ["13900000001", "13900000002", "18600000003", "13300000004", None, "+85261234567"]
    ids = [db.make_customer(f"S{i:02d}", name=f"订户{i}", mobile=m) for i, m in enumerate(mobiles)]
    far = db.make_customer("F01", "BR02", mobile="13700000009")
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.sms_quota (staff_id, monthly_quota) SELECT id, CASE login WHEN 'info_a' THEN 8 "
                     "ELSE 100 END FROM crm.staff WHERE login IN ('info_a', 'info_b')")
    with db.session("hq_root") as conn:
        column = subs.save_column(conn, None, "早盘提示", "每个交易日开盘前的市场提示")
    return db, column, ids, far


def staff_id(db, login: str) -> int:
    return db.scalar("SELECT id FROM crm.staff WHERE login = %s", (login,))


def deliver(db) -> dict:
    with jobs.connect_agent(db.admin_url) as conn:
        return agent_job.run_job(conn)


def test_subscribe_one_by_one_by_filter_and_by_group_then_unsubscribe_keeps_history(world):
    db, column, ids, far = world
    with db.session("info_a") as conn:
        assert subs.subscribe(conn, column, sms.RecipientSource(customer_ids=ids[:1])) == subs.ChangeResult(1, 0)
        # The whole filtered list, resolved on the server: account numbers S01..S03.
        query = CustomerQuery(filter=Condition("account_no", "in", ["S01", "S02", "S03"]))
        assert subs.count_recipients(conn, sms.RecipientSource(customer_filter=query)) == 3
        assert subs.subscribe(conn, column, sms.RecipientSource(customer_filter=query)) == subs.ChangeResult(3, 0)
        group = customer_groups.create_group(conn, "订阅群")
        customer_groups.add_customers(conn, group["id"], ids)
        assert subs.subscribe(conn, column, sms.RecipientSource(group_id=group["id"])) == subs.ChangeResult(2, 4)
        assert subs.subscription_count(conn, column_id=column) == 6
        assert [c.subscribers for c in subs.columns(conn)] == [6]
        page = subs.subscriptions(conn, column_id=column, limit=4)
        rest = subs.subscriptions(conn, column_id=column, after_id=page[-1].id, limit=4)
        assert len(page) == 4 and len(rest) == 2 and {r.sender_name for r in page + rest} == {"信息甲"}
        assert {r.customer_id for r in page + rest} == set(ids)
        assert subs.unsubscribe(conn, column, sms.RecipientSource(customer_ids=ids[:2])) == subs.ChangeResult(2, 0)
        assert subs.subscription_count(conn, column_id=column) == 4
    with db.admin() as conn:
        history = conn.execute("SELECT count(*), count(ended_at), count(DISTINCT ended_by) FROM crm.sms_subscription "
                               "WHERE customer_id = ANY (%s)", (ids[:2],)).fetchone()
        audit = conn.execute("SELECT action, count(*) FROM crm.audit_log WHERE table_name = 'sms_subscription' "
                             "GROUP BY 1 ORDER BY 1").fetchall()
    assert history == (2, 2, 1)
    assert audit == [("subscribe", 3), ("unsubscribe", 1)]


def test_refusals_change_nothing(world):
    db, column, ids, far = world
    with db.session("info_a") as conn:
        with pytest.raises(CrmRefusal) as info:
            subs.subscribe(conn, column, sms.RecipientSource(customer_ids=[ids[0], far]))
        assert "not visible" in info.value.message
        with pytest.raises(CrmRefusal):
            subs.save_column(conn, None, "自封栏目")
        with pytest.raises(CrmRefusal):
            subs.subscribe(conn, 999, sms.RecipientSource(customer_ids=ids[:1]))
    with db.session("hq_root") as conn:
        subs.save_column(conn, column, "早盘提示", "", active=False)
        with pytest.raises(CrmRefusal) as info:
            subs.publish_issue(conn, column, "今日提示")
        assert "inactive" in info.value.message
        with pytest.raises(CrmRefusal) as info:
            subs.save_column(conn, None, "早盘提示")
        assert "exists already" in info.value.message
    with db.session("info_a") as conn:
        with pytest.raises(CrmRefusal) as info:
            subs.subscribe(conn, column, sms.RecipientSource(customer_ids=ids[:1]))
        assert "inactive" in info.value.message
    assert db.scalar("SELECT count(*) FROM crm.sms_subscription") == 0


def test_hq_preview_publish_and_the_agent_queues_each_issue_once_through_the_gateway(world):
    db, column, ids, far = world
    with db.session("info_a") as conn:
        subs.subscribe(conn, column, sms.RecipientSource(customer_ids=ids[:3]))
    with db.session("info_b") as conn:
        subs.subscribe(conn, column, sms.RecipientSource(customer_ids=ids[3:]))
    with db.admin() as conn:      # opted out after subscribing: skipped, with the reason
        conn.execute("INSERT INTO crm.sms_blacklist (mobile, kind) VALUES ('13300000004', 'opted_out')")
    text = "【早盘提示】{姓名}您好：今日沪指高开，请关注风险。客户经理{员工}"     # 2 parts with the padding below
    long_text = text + "。" * 70
    with db.session("hq_root") as conn:
        preview = subs.issue_preview(conn, column, long_text)
        assert (preview.subscribers, preview.sendable) == (6, 3)
        assert preview.skipped_by_reason == {"opted_out": 1, "no_mobile": 1, "hk_macau": 1}
        by_sender = {s["sender_name"]: s for s in preview.senders}
        assert by_sender["信息甲"]["parts"] == 6 and by_sender["信息甲"]["fits"]
        issue = subs.publish_issue(conn, column, long_text)
    first = deliver(db)
    assert first["issues"] == 1 and first["queued"] == 3 and first["skipped"] == 3
    # Run again, publish nothing new: nothing queued twice.
    assert deliver(db)["issues"] == 0
    with db.admin() as conn:
        conn.execute("UPDATE crm.sms_column_issue SET delivered_at = NULL WHERE id = %s", (issue,))
    assert deliver(db)["queued"] == 0          # even an issue handled again finds every customer done
    with db.session("hq_root") as conn:
        shown = subs.issues(conn, column_id=column)[0]
    assert (shown.subscribers, shown.queued) == (6, 3)
    with SmsGateway(TOKEN) as gateway, jobs.connect_agent(db.admin_url) as conn:
        report = sms_dispatch.dispatch(conn, sms_dispatch.HttpProvider(gateway.url, TOKEN))
        assert report.sent == 3 and gateway.state.accepted == 3
        assert sorted(gateway.state.deliveries.values()) == [1, 1, 1]
    with db.session("info_a") as conn:
        log = sms.message_log(conn, sender_id=staff_id(db, "info_a"))
        assert len(log) == 3 and all(m.status == "delivered" and "信息甲" in m.text for m in log)
        assert sms.quota_status(conn).used == 6
    assert db.scalar("SELECT count(*) FROM crm.sms_issue_delivery WHERE issue_id = %s", (issue,)) == 6


def test_over_quota_subscribers_are_skipped_visibly_and_the_rest_queued(world):
    db, column, ids, far = world
    with db.session("info_a") as conn:
        subs.subscribe(conn, column, sms.RecipientSource(customer_ids=ids[:4]))
    text = "收盘点评：" + "市" * 80                      # 2 parts: info_a's 8 parts fit three of the four numbers
    with db.session("hq_root") as conn:
        preview = subs.issue_preview(conn, column, text)
        assert preview.over_quota == [] and preview.parts == 8
        subs.publish_issue(conn, column, text)
        subs.publish_issue(conn, column, text)         # the second issue finds the quota used up
    summary = deliver(db)
    assert summary == {"issues": 2, "chunks": 2, "queued": 4, "skipped": 4, "subscriptions_without_sender": 0}
    with db.session("info_a") as conn:
        issues = subs.issues(conn, column_id=column)
        assert [(i.queued, i.skipped_by_reason) for i in issues] == [(0, {"over_quota": 4}), (4, {})]
        assert sms.quota_status(conn).remaining == 0
        with pytest.raises(CrmRefusal):
            subs.issue_preview(conn, column, text)     # HQ's


def test_sender_change_moves_the_subscriptions_in_one_approved_action(world):
    db, column, ids, far = world
    a, b = staff_id(db, "info_a"), staff_id(db, "info_b")
    with db.session("info_a") as conn:
        subs.subscribe(conn, column, sms.RecipientSource(customer_ids=ids))
    # info_a leaves the post: HQ takes their quota away. The subscriptions are reported, not dropped.
    with db.admin() as conn:
        conn.execute("DELETE FROM crm.sms_quota WHERE staff_id = %s", (a,))
    with db.session("director") as conn:
        problems = subs.problems(conn)
        assert [(p.sender_login, p.reason, p.subscriptions) for p in problems] == [("info_a", "no_quota", 6)]
    with jobs.connect_agent(db.admin_url) as conn:
        assert jobs.backlog(conn)["sms_subscriptions_without_sender"] == 6
    with db.session("info_b") as conn:
        request = subs.request_move(conn, a, b, "信息管理员更换")
        with pytest.raises(CrmRefusal) as info:
            approvals.decide(conn, request, 1, "approved")
        assert info.value.kind == "four_eyes"
    with db.session("director") as conn:
        assert subs.problems(conn)[0].pending_move_request == request
        assert approvals.decide(conn, request, 1, "approved") == "pending"
    assert db.scalar("SELECT count(*) FROM crm.sms_subscription WHERE sender_id = %s", (b,)) == 0
    with db.session("hqm") as conn:
        assert approvals.decide(conn, request, 2, "approved") == "approved"
    assert db.scalar("SELECT count(*) FROM crm.sms_subscription WHERE sender_id = %s AND ended_at IS NULL", (b,)) == 6
    with db.session("director") as conn:
        assert subs.problems(conn) == []
    assert db.scalar("SELECT new_values ->> 'subscriptions' FROM crm.audit_log WHERE action = 'move_sender'") == "6"
    with db.session("hq_root") as conn:
        subs.publish_issue(conn, column, "新股提醒：明日可申购")
    assert deliver(db)["queued"] == 4      # by info_b now (no mobile / HK skipped)
    assert db.scalar("SELECT count(DISTINCT sender_id) FROM crm.sms_message") == 1


def test_an_issue_goes_out_in_chunks_each_committed_and_resumes_after_a_restart(world):
    """10 050 subscribers: the first call queues one chunk of 10 000 in its own transaction and
    leaves the issue open; a new agent connection (a restart) goes on after the last customer
    reached; every subscriber gets the issue exactly once (the delivery key), and a further run
    queues nothing."""
    db, column, _, _ = world
    subscribers = 10_050
    with db.admin() as conn:
        conn.execute("UPDATE crm.sms_quota SET monthly_quota = 100000")
        conn.execute("INSERT INTO crm.sms_branch_volume (branch_id, monthly_volume) SELECT id, 100000 FROM crm.branch "
                     "WHERE code = 'BR01' ON CONFLICT (branch_id) DO UPDATE SET monthly_volume = 100000")
        conn.execute("""
            WITH c AS (
                INSERT INTO crm.customer (account_no, name, gender, open_date, branch_id, loaded_for)
                SELECT 'K' || g, '订户' || g, 'F', date '2024-01-02', b.id, date '2024-01-02'
                  FROM generate_series(1, %s) g, crm.branch b WHERE b.code = 'BR01' RETURNING id, branch_id),
            x AS (INSERT INTO crm.customer_ext (customer_id, branch_id, mobile)
                  SELECT id, branch_id, '139' || lpad(id::text, 8, '0') FROM c RETURNING customer_id, branch_id)
            INSERT INTO crm.sms_subscription (column_id, customer_id, branch_id, sender_id)
            SELECT %s, x.customer_id, x.branch_id, s.id FROM x, crm.staff s WHERE s.login = 'info_b'""",
                     (subscribers, column))
    with db.session("hq_root") as conn:
        issue = subs.publish_issue(conn, column, "早盘提示：今日关注新股申购")
    with jobs.connect_agent(db.admin_url) as conn:
        first = conn.execute("SELECT crm.sms_agent_deliver_issues(1)").fetchone()[0]
    assert first == {"issues": 0, "pending": 1, "chunks": 1, "queued": 10_000, "skipped": 0}
    assert db.scalar("SELECT delivered_at FROM crm.sms_column_issue WHERE id = %s", (issue,)) is None
    assert db.scalar("SELECT count(*) FROM crm.sms_issue_delivery WHERE issue_id = %s", (issue,)) == 10_000
    assert db.scalar("SELECT count(*) FROM crm.sms_message") == 10_000           # committed, not waiting for the rest
    rest = deliver(db)                                                             # a new connection: the restart
    assert (rest["issues"], rest["chunks"], rest["queued"]) == (1, 1, 50)
    assert db.scalar("SELECT count(*) FROM crm.sms_issue_delivery WHERE issue_id = %s", (issue,)) == subscribers
    assert db.scalar("SELECT count(DISTINCT customer_id) FROM crm.sms_message") == subscribers \
        == db.scalar("SELECT count(*) FROM crm.sms_message")
    assert db.scalar("SELECT (summary ->> 'queued')::int FROM crm.sms_column_issue WHERE id = %s AND delivered_at "
                     "IS NOT NULL", (issue,)) == subscribers
    assert deliver(db)["queued"] == 0 and db.scalar("SELECT count(*) FROM crm.sms_message") == subscribers
