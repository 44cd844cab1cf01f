"""Public pool recycling (services.pool_recycling, agent/pool_recycling.py) on a real database:
the agent returns customers nobody visited or contacted for the policy's days to the pool (dated,
reason 'recycled', development and service), keeps a customer with a recent visit or SMS, warns
the owner within the warning days (今日提醒), honours the grace after switching on, reports per
branch, runs twice without a second effect, and a director reverses one recycling."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_desktop.agent import jobs
from crm_desktop.agent import pool_recycling as agent_job
from crm_desktop.services import pool_recycling
from crm_desktop.services.errors import CrmRefusal

def today() -> dt.date:
    """Read at each use: a module constant goes stale when a run crosses midnight."""
    return dt.date.today()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


@pytest.fixture
def branch(db):
    db.make_staff("rc_dir", name="赵总监", staff_type="manager", roles=("marketing_director",),
                  posts=("marketing_director",), scope="subordinates", public_pool=True)
    db.make_staff("rc_mkt", name="孙营销", superior="rc_dir")
    db.make_staff("rc_svc", name="李服务", superior="rc_dir")
    db.make_staff("rc_hq", name="钱总部", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    return db


def owned(db, account: str, owner: str = "rc_mkt", *, since_days: int = 400, service: str | None = None) -> int:
    cid = db.make_customer(account, name=f"客户{account}")
    db.relate(cid, owner)
    if service:
        db.relate(cid, service, kind="service")
    with db.admin() as conn:
        conn.execute("UPDATE crm.relationship SET valid_from = %s WHERE customer_id = %s", (days_ago(since_days), cid))
    return cid


def visit(db, cid: int, days: int, login: str = "rc_mkt", channel: str = "phone") -> None:
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.visit (customer_id, branch_id, staff_id, visited_at, channel, content) "
                     "SELECT c.id, c.branch_id, s.id, now() - make_interval(days => %s), %s, '回访' "
                     "FROM crm.customer c, crm.staff s WHERE c.id = %s AND s.login = %s",
                     (days, channel, cid, login))


def switch_on(db, days: int = 180, warning: int = 14, since_days: int = 365) -> None:
    """The policy on, switched on long enough ago that the grace is over."""
    with db.admin() as conn:
        conn.execute("UPDATE crm.pool_recycle_policy SET enabled = true, days = %s, warning_days = %s, "
                     "enabled_since = %s", (days, warning, days_ago(since_days)))


def recycle(db) -> dict:
    with jobs.connect_agent(db.admin_url) as conn:
        return agent_job.run_job(conn)


def developer(db, cid: int):
    return db.scalar("SELECT developer_id FROM crm.customer WHERE id = %s", (cid,))


def test_off_by_default_recycles_nothing(branch):
    db = branch
    cid = owned(db, "9001")
    assert recycle(db) == {"customers": 0, "relationships": 0, "runs": []}
    assert developer(db, cid) is not None


def test_recycles_uncontacted_and_keeps_contacted(branch):
    db = branch
    stale = owned(db, "9001", service="rc_svc")           # nobody for 400 days
    visited = owned(db, "9002")
    visit(db, visited, 30)                                 # a phone call 30 days ago
    old_visit = owned(db, "9003")
    visit(db, old_visit, 200)                              # last contact 200 days ago
    young = owned(db, "9004", since_days=100)              # relationship only 100 days old
    texted = owned(db, "9005")
    with db.admin() as conn:                               # an SMS that went out 10 days ago
        conn.execute("INSERT INTO crm.sms_batch (sender_id, branch_id, template, recipients, queued, parts, cost) "
                     "SELECT id, branch_id, 'free', 1, 1, 1, 0.05 FROM crm.staff WHERE login = 'rc_mkt'")
        conn.execute("INSERT INTO crm.sms_message (batch_id, customer_id, branch_id, sender_id, sender_branch_id, "
                     "month, mobile, carrier, body, chars, parts, cost, status, queued_at, sent_at) "
                     "SELECT b.id, %s, b.branch_id, b.sender_id, b.branch_id, date_trunc('month', now()), "
                     "'13800000000', 'cmcc', '您好', 2, 1, 0.05, 'sent', now() - interval '10 days', now() "
                     "FROM crm.sms_batch b", (texted,))
    switch_on(db)
    summary = recycle(db)
    assert summary["customers"] == 2 and summary["relationships"] == 3
    assert developer(db, stale) is None and developer(db, old_visit) is None
    assert all(developer(db, c) is not None for c in (visited, young, texted))
    with db.admin() as conn:
        rows = conn.execute("SELECT kind, status, valid_to, release_reason FROM crm.relationship "
                            "WHERE customer_id = %s ORDER BY kind", (stale,)).fetchall()
        assert rows == [("development", "released", today(), "recycled"), ("service", "released", today(), "recycled")]
        assert conn.execute("SELECT service_staff_id FROM crm.customer WHERE id = %s", (stale,)).fetchone()[0] is None
        run = conn.execute("SELECT branch_id, customers, relationships, days FROM crm.pool_recycle_run").fetchall()
        assert run == [(db.scalar("SELECT id FROM crm.branch WHERE code = 'BR01'"), 2, 3, 180)]
        since = dict(conn.execute("SELECT customer_id, since FROM crm.pool_recycle_item").fetchall())
        assert since == {stale: days_ago(400), old_visit: days_ago(200)}
        audited = conn.execute("SELECT count(*) FROM crm.audit_log WHERE table_name = 'relationship' "
                               "AND action = 'update' AND new_values ->> 'release_reason' = 'recycled'").fetchone()[0]
        assert audited == 3
    # Safe to run twice: nothing more is due.
    assert recycle(db)["customers"] == 0


def test_grace_after_switching_on(branch):
    db = branch
    cid = owned(db, "9001")
    switch_on(db, since_days=3)                      # 3 days ago: 11 days of warning left
    assert recycle(db)["customers"] == 0
    with db.session("rc_mkt") as conn:
        due = pool_recycling.due_soon(conn)
    assert [(r["id"], r["days_left"], r["due_on"]) for r in due] == [(cid, 11, days_ago(3) + dt.timedelta(days=14))]
    switch_on(db, since_days=14)
    assert recycle(db)["customers"] == 1


def test_warning_window_in_the_owners_reminders(branch):
    db = branch
    soon = owned(db, "9001", since_days=170)         # due in 10 days
    edge = owned(db, "9002", since_days=166)         # due in 14 days: the window's last day
    later = owned(db, "9003", since_days=165)        # due in 15 days: not yet
    overdue = owned(db, "9004", since_days=181)      # due yesterday: the agent has not run yet
    other = owned(db, "9005", owner="rc_svc", since_days=175)
    switch_on(db)
    with db.session("rc_mkt") as conn:
        due = pool_recycling.due_soon(conn)
        assert [(r["id"], r["days_left"]) for r in due] == [(overdue, 0), (soon, 10), (edge, 14)]
        assert due.total == 3 and not due.truncated
        cut = pool_recycling.due_soon(conn, limit=1)
        assert cut.truncated and cut.total == 3 and len(cut) == 1
        with pytest.raises(CrmRefusal) as info:
            pool_recycling.due_soon(conn, limit=0)
        assert info.value.kind == "invalid_input"
    assert later and other
    with db.session("rc_svc") as conn:               # each owner sees their own only
        assert [r["id"] for r in pool_recycling.due_soon(conn)] == [other]
    visit(db, soon, 1, login="rc_dir", channel="visit")   # anyone's visit resets the clock
    with db.session("rc_mkt") as conn:
        assert soon not in [r["id"] for r in pool_recycling.due_soon(conn)]


def test_policy_is_set_by_hq_and_validated(branch):
    db = branch
    with db.session("rc_hq") as conn:
        policy = pool_recycling.set_policy(conn, True, 90, 7)
        assert (policy["enabled"], policy["days"], policy["warning_days"], policy["enabled_since"]) == \
            (True, 90, 7, today())
        assert policy["updated_by"] == "rc_hq"
        for args in [(True, 5, 1), (True, 90, 90), (True, 90, -1), ("yes", 90, 7), (True, "九十", 7)]:
            with pytest.raises(CrmRefusal) as info:
                pool_recycling.set_policy(conn, *args)
            assert info.value.kind == "invalid_input"
        assert pool_recycling.get_policy(conn)["days"] == 90
        off = pool_recycling.set_policy(conn, False, 90, 7)
        assert off["enabled"] is False and off["enabled_since"] is None
    with db.session("rc_dir") as conn:
        with pytest.raises(CrmRefusal) as info:
            pool_recycling.set_policy(conn, True, 180, 14)
        assert info.value.kind == "not_permitted"
        assert pool_recycling.get_policy(conn)["enabled"] is False


def test_report_and_reversal(branch):
    db = branch
    cid = owned(db, "9001", service="rc_svc")
    switch_on(db)
    recycle(db)
    with db.session("rc_dir") as conn:
        runs = pool_recycling.runs(conn)
        assert [(r["branch_name"], r["customers"], r["relationships"], r["reversed"]) for r in runs] == \
            [("北京金融街营业部", 1, 2, 0)]
        items = pool_recycling.run_items(conn, runs[0]["id"])
        assert [(i["account_no"], i["developer_name"], i["service_staff_name"]) for i in items] == \
            [("9001", "孙营销", "李服务")]
        pool_recycling.reverse(conn, items[0]["id"], "客户上周刚来过营业部")
        with pytest.raises(CrmRefusal) as info:
            pool_recycling.reverse(conn, items[0]["id"])
        assert info.value.kind == "already_decided"
        assert pool_recycling.runs(conn)[0]["reversed"] == 1
    with db.admin() as conn:
        rows = conn.execute("SELECT kind, status, valid_to, release_reason FROM crm.relationship "
                            "WHERE customer_id = %s ORDER BY kind", (cid,)).fetchall()
        assert rows == [("development", "live", None, None), ("service", "live", None, None)]
        assert conn.execute("SELECT developer_id IS NOT NULL AND service_staff_id IS NOT NULL FROM crm.customer "
                            "WHERE id = %s", (cid,)).fetchone()[0]
        actor = conn.execute("SELECT actor FROM crm.audit_log WHERE table_name = 'pool_recycle_item'").fetchone()[0]
        assert actor == "rc_dir"
    with db.session("rc_mkt") as conn:               # the owner sees their own item, cannot reverse
        assert len(pool_recycling.runs(conn)) == 0
        assert conn.execute("SELECT count(*) FROM crm.pool_recycle_item").fetchone()[0] == 1


def test_reversal_refused_when_taken_meanwhile(branch):
    db = branch
    cid = owned(db, "9001")
    switch_on(db)
    recycle(db)
    db.relate(cid, "rc_svc")                          # claimed from the pool since
    item = db.scalar("SELECT id FROM crm.pool_recycle_item")
    with db.session("rc_dir") as conn:
        with pytest.raises(CrmRefusal) as info:
            pool_recycling.reverse(conn, item)
        assert info.value.kind == "relationship_conflict" and "李服务" in info.value.message
        with pytest.raises(CrmRefusal) as info:
            pool_recycling.reverse(conn, item, "长" * 501)
        assert info.value.kind == "invalid_input"


def test_a_backlog_is_worked_off_over_rounds(branch):
    db = branch
    first, second = owned(db, "9001"), owned(db, "9002")
    switch_on(db)
    with jobs.connect_agent(db.admin_url) as conn:
        assert [r[2] for r in conn.execute("SELECT * FROM crm.agent_recycle_pool(1)")] == [1]
        assert [r[2] for r in conn.execute("SELECT * FROM crm.agent_recycle_pool(1)")] == [1]
        assert conn.execute("SELECT * FROM crm.agent_recycle_pool(1)").fetchall() == []
    assert developer(db, first) is None and developer(db, second) is None
    assert db.scalar("SELECT count(*) FROM crm.pool_recycle_run") == 2
