"""短信 SMS to reservations (预约) expiring soon, through services.sms on a real database: preview
and queue by reservation ids, the prospect's own mobile with the same skip reasons (blacklist,
Hong Kong / Macau, not mainland) plus reservation_closed, carrier cost charged to the
reservation's branch, the neutral 称呼, the 预约到期提醒 template, and the log / cost report
showing the prospect."""

from __future__ import annotations

import datetime as dt
import secrets
import socket
from decimal import Decimal

import pytest
import requests

from crm_desktop.agent import jobs, sms_dispatch
from crm_desktop.agent.sms_gateway import SmsGateway
from crm_desktop.services import sms
from crm_desktop.services.errors import CrmRefusal

Src = sms.RecipientSource
TOKEN = "test-token-" + secrets.token_hex(8)


@pytest.fixture
def desk(db):
    db.make_staff("res_info", name="王信息", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("res_hq", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    db.make_staff("res_mkt", name="孙营销")
    staff_id = db.scalar("SELECT id FROM crm.staff WHERE login = 'res_info'")
    with db.session("res_hq") as conn:
        sms.set_quota(conn, staff_id, 100)
    return db


def reserve(db, name: str, mobile: str, status: str = "open", login: str = "res_mkt") -> int:
    with db.admin() as conn:
        return conn.execute(
            "INSERT INTO crm.reservation (staff_id, branch_id, name, mobile, status) "
            "SELECT s.id, s.branch_id, %s, %s, %s FROM crm.staff s WHERE s.login = %s RETURNING id",
            (name, mobile, status, login)).fetchone()[0]


def test_preview_and_queue_to_prospects_with_skip_reasons_and_cost(desk):
    ids = {
        "mobile": reserve(desk, "李预约", "13912345678"),
        "unicom": reserve(desk, "赵预约", "186 1234 5678"),
        "hk": reserve(desk, "陈预约", "+85291234567"),
        "black": reserve(desk, "钱预约", "13800001111"),
        "closed": reserve(desk, "周预约", "13900002222", status="expired"),
    }
    with desk.session("res_hq") as hq:
        sms.block_number(hq, mobile="13800001111", kind="blacklisted")
    source = Src(reservation_ids=list(ids.values()))
    with desk.session("res_info") as conn:
        template = {t.code: t for t in sms.list_templates(conn)}["reservation_expiring"]
        assert template.name_zh == "预约到期提醒" and "{称呼}" in template.body
        preview = sms.render_preview(conn, source, "尊敬的{姓名}{称呼}：预约将到期。{营业部}{员工}")
        by_id = {r.reservation_id: r for r in preview.rows}
        assert {r.customer_id for r in preview.rows} == {None}
        assert by_id[ids["mobile"]].text == "尊敬的李预约先生/女士：预约将到期。北京金融街营业部王信息"
        assert by_id[ids["mobile"]].mobile_masked == "139****5678" and by_id[ids["mobile"]].cost == Decimal("0.05")
        assert by_id[ids["unicom"]].carrier == "unicom" and by_id[ids["unicom"]].cost == Decimal("0.035")
        assert {k: by_id[ids[k]].skip_reason for k in ("hk", "black", "closed")} == {
            "hk": "hk_macau", "black": "blacklisted", "closed": "reservation_closed"}
        assert by_id[ids["closed"]].cost == 0
        assert (preview.recipients, preview.sendable, preview.parts, preview.cost) == (5, 2, 2, Decimal("0.085"))
        assert preview.skipped_by_reason == {"hk_macau": 1, "blacklisted": 1, "reservation_closed": 1}
        assert preview.missing_fields == []

        result = sms.queue(conn, source, template.body)
        assert (result.queued, result.parts, result.cost) == (2, 2, Decimal("0.085"))
        assert result.skipped_by_reason == preview.skipped_by_reason
        assert sms.quota_status(conn).used == 2

        log = sms.message_log(conn)
        assert sorted((r.reservation_id, r.customer_id, r.customer_name) for r in log) == sorted(
            [(ids["mobile"], None, "李预约"), (ids["unicom"], None, "赵预约")])
        assert {r.mobile_masked for r in log} == {"139****5678", "186****5678"}
        report = sms.cost_report(conn, dt.date.today(), by="branch")
        assert [(r.name, r.messages, r.parts, r.cost) for r in report] == [("北京金融街营业部", 2, 2, Decimal("0.085"))]


def test_placeholder_missing_refuses_and_ids_are_checked(desk):
    rid = reserve(desk, "吴预约", "13912340000")
    with desk.session("res_info") as conn:
        with pytest.raises(CrmRefusal) as refused:
            sms.queue(conn, Src(reservation_ids=[rid]), "x" * 501)
        assert refused.value.kind == "invalid_input"
        with pytest.raises(CrmRefusal) as refused:
            sms.render_preview(conn, Src(reservation_ids=["1; DROP"]), "x")
        assert "is not a reservation id" in refused.value.message
        with pytest.raises(CrmRefusal):
            sms.render_preview(conn, Src(reservation_ids=[rid], customer_ids=[1]), "x")
        with pytest.raises(CrmRefusal) as refused:
            sms.recipient_ids_sql(Src(reservation_ids=[rid]))
        assert "only customers" in refused.value.message
        assert sms.quota_status(conn).used == 0


def test_the_agent_delivers_reservation_messages_through_the_gateway(desk):
    """A prospect's message goes through the agent and the local gateway like a customer's."""
    rid = reserve(desk, "郑预约", "13912349999")
    with desk.session("res_info") as conn:
        sms.queue(conn, Src(reservation_ids=[rid]), "您好{姓名}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gateway = SmsGateway(TOKEN, port=port).start()
    try:
        with jobs.connect_agent(desk.admin_url) as agent:
            provider = sms_dispatch.HttpProvider(f"http://127.0.0.1:{port}", TOKEN, timeout=(0.5, 2))
            for _ in range(3):
                sms_dispatch.dispatch(agent, provider, backoff_base=0)
        stats = requests.get(f"{gateway.url}/v1/stats", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5).json()
    finally:
        gateway.stop()
    assert stats["accepted"] == 1
    with desk.session("res_info") as conn:
        [row] = sms.message_log(conn)
    assert (row.status, row.reservation_id, row.customer_name, row.text) == ("delivered", rid, "郑预约", "您好郑预约")
