"""The SMS outbox sent by the agent (agent/sms_dispatch.py) to the real local gateway over HTTP
(agent/sms_gateway.py): the gateway down then up (each message delivered exactly once, the
gateway counts), numbers refused or undeliverable (failed with the reason, quota given back),
an agent killed mid-batch and restarted (no double send), bounded retries, the token and the
configuration."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
import time

import pytest
import requests

from crm_desktop.agent import jobs, sms_dispatch
from crm_desktop.agent.sms_gateway import SmsGateway
from crm_desktop.services import sms

TOKEN = "test-token-" + secrets.token_hex(8)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def outbox(db):
    """An information manager with a quota and 12 queued greetings (numbers 13900000000..11)."""
    db.make_staff("disp_info", name="王信息", roles=("info_manager",), scope="branch", public_pool=True)
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.sms_quota (staff_id, monthly_quota) SELECT id, 1000 FROM crm.staff "
                     "WHERE login = 'disp_info'")
    ids = [db.make_customer(f"D{i:03d}", mobile=f"139{i:08d}") for i in range(12)]
    with db.session("disp_info") as conn:
        assert sms.queue(conn, sms.RecipientSource(customer_ids=ids), "{姓名}您好，祝您生日快乐").queued == 12
    return db


def agent(db):
    return jobs.connect_agent(db.admin_url)


def statuses(db) -> dict[str, int]:
    with db.admin() as conn:
        return dict(conn.execute("SELECT status, count(*) FROM crm.sms_message GROUP BY 1").fetchall())


def used(db) -> int:
    return db.scalar("SELECT coalesce(sum(used), 0) FROM crm.sms_staff_usage")


def control(gateway: SmsGateway, **settings) -> None:
    requests.post(f"{gateway.url}/v1/control", json=settings, headers={"Authorization": f"Bearer {TOKEN}"},
                  timeout=5).raise_for_status()


def test_gateway_down_then_up_delivers_each_message_exactly_once(outbox):
    db = outbox
    port = free_port()
    provider = sms_dispatch.HttpProvider(f"http://127.0.0.1:{port}", TOKEN, timeout=(0.5, 2))
    with agent(db) as conn:
        # Nobody listens yet: everything waits, nothing is lost.
        report = sms_dispatch.dispatch(conn, provider, backoff_base=0, batch=5)
        assert report.sent == 0 and report.retried == 5 and statuses(db) == {"queued": 12}
        assert jobs.backlog(conn)["sms_outbox_waiting"] == 12      # `crm-admin agent status` shows it
        gateway = SmsGateway(TOKEN, port=port).start()
        try:
            report = sms_dispatch.dispatch(conn, provider, backoff_base=0, batch=5, max_rounds=1)
            assert report.sent == 5
            state = gateway.state
        finally:
            gateway.stop()                  # stopped halfway
        report = sms_dispatch.dispatch(conn, provider, backoff_base=0, batch=5, reports=False)
        assert report.sent == 0 and statuses(db).get("queued") == 7
        gateway = SmsGateway(TOKEN, port=port, state=state).start()     # up again, it remembers
        try:
            control(gateway, fail_next=3)   # and still hiccups a few times
            for _ in range(5):
                sms_dispatch.dispatch(conn, provider, backoff_base=0, batch=5)
            stats = requests.get(f"{gateway.url}/v1/stats", headers={"Authorization": f"Bearer {TOKEN}"},
                                 timeout=5).json()
        finally:
            gateway.stop()
    assert statuses(db) == {"delivered": 12}
    with agent(db) as conn:
        assert jobs.backlog(conn)["sms_outbox_waiting"] == 0 and jobs.backlog(conn)["sms_awaiting_delivery_report"] == 0
    assert stats["accepted"] == 12 and sorted(stats["deliveries"].values()) == [1] * 12
    assert used(db) == 12
    with db.admin() as conn:
        rows = conn.execute("SELECT provider_id, attempts, sent_at IS NOT NULL, reported_at IS NOT NULL "
                            "FROM crm.sms_message").fetchall()
    assert len({r[0] for r in rows}) == 12 and all(r[2] and r[3] for r in rows)
    assert max(r[1] for r in rows) >= 2


@pytest.mark.parametrize("post_size", [1, 100], ids=["one_by_one", "batch_posts"])
def test_refused_and_undeliverable_numbers_fail_with_the_reason_and_give_the_quota_back(outbox, post_size):
    db = outbox
    with SmsGateway(TOKEN) as gateway, agent(db) as conn:
        control(gateway, reject=["13900000001"], undeliverable=["13900000002"])
        report = sms_dispatch.dispatch(conn, sms_dispatch.HttpProvider(gateway.url, TOKEN), post_size=post_size)
    assert (report.sent, report.failed) == (11, 1)
    assert statuses(db) == {"delivered": 10, "failed": 2}
    assert used(db) == 10 and db.scalar("SELECT sum(used) FROM crm.sms_branch_usage") == 10
    with db.admin() as conn:
        reasons = dict(conn.execute("SELECT mobile, failed_reason FROM crm.sms_message WHERE status = 'failed'"))
    assert "refused by the carrier" in reasons["13900000001"] and "unreachable" in reasons["13900000002"]
    with db.session("disp_info") as conn:
        assert sms.quota_status(conn).remaining == 990
        assert sms.message_count(conn, status="failed") == 2
        assert [r.failed for r in sms.cost_report(conn, dt.date.today())] == [2]


def test_agent_killed_mid_batch_and_restarted_sends_nothing_twice(outbox):
    db = outbox
    with SmsGateway(TOKEN) as gateway:
        provider = sms_dispatch.HttpProvider(gateway.url, TOKEN)
        with agent(db) as conn:
            claimed = conn.execute("SELECT id, idempotency_key, mobile, body FROM crm.sms_agent_claim(12, 1)").fetchall()
            # The first agent posts half of them, then dies before recording anything.
            for _, key, mobile, body in claimed[:6]:
                assert provider.send(str(key), mobile, body).outcome == "sent"
        assert statuses(db) == {"sending": 12}
        time.sleep(1.2)                     # its lease runs out
        with agent(db) as conn:
            report = sms_dispatch.dispatch(conn, provider)
        assert report.sent == 12
        assert gateway.state.accepted == 12 and gateway.state.duplicates == 6
        assert sorted(gateway.state.deliveries.values()) == [1] * 12
    assert statuses(db) == {"delivered": 12}


def test_retries_are_bounded_and_the_quota_comes_back(outbox):
    db = outbox
    with db.admin() as conn:
        conn.execute("UPDATE crm.sms_settings SET max_attempts = 2")
    with SmsGateway(TOKEN) as gateway, agent(db) as conn:
        control(gateway, fail=True)
        provider = sms_dispatch.HttpProvider(gateway.url, TOKEN)
        sms_dispatch.dispatch(conn, provider, backoff_base=0)
        assert statuses(db) == {"queued": 12}
        sms_dispatch.dispatch(conn, provider, backoff_base=0)
        assert gateway.state.accepted == 0
    assert statuses(db) == {"failed": 12} and used(db) == 0
    assert db.scalar("SELECT min(failed_reason) FROM crm.sms_message").startswith("not sent after 2 attempts")


def test_backoff_grows_and_is_capped():
    assert [sms_dispatch.backoff(a, 5) for a in (1, 2, 3)] == [5, 10, 20]
    assert sms_dispatch.backoff(30, 5) == sms_dispatch.BACKOFF_CAP


def test_gateway_wants_the_token_and_sane_requests():
    with SmsGateway(TOKEN) as gateway:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {TOKEN}x"}):
            response = requests.post(f"{gateway.url}/v1/messages", headers=headers, timeout=5,
                                     json={"to": "13900000000", "text": "x", "idempotency_key": "k" * 20})
            assert response.status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        for body in ({"to": "abc", "text": "x", "idempotency_key": "k" * 20}, {"to": "13900000000", "text": ""},
                     {"to": "13900000000", "text": "x"}):
            assert requests.post(f"{gateway.url}/v1/messages", json=body, headers=auth, timeout=5).status_code == 400
        big = requests.post(f"{gateway.url}/v1/messages", data=b"x" * 5_000_000, headers=auth, timeout=5)
        assert big.status_code == 400
        assert gateway.state.accepted == 0


def test_configuration_token_file_only_for_the_agent(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_HOME", str(tmp_path))
    monkeypatch.setattr(sms_dispatch.credentials_store, "available", lambda: False)
    assert sms_dispatch.load_config() is None
    sms_dispatch.save_config("http://127.0.0.1:1", TOKEN)
    token_file = tmp_path / "agent" / "sms_gateway.token"
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert sms_dispatch.load_config() == ("http://127.0.0.1:1", TOKEN)
    os.chmod(token_file, 0o644)
    with pytest.raises(PermissionError):
        sms_dispatch.load_config()


def test_agent_round_runs_the_sms_job(outbox, tmp_path, monkeypatch):
    db = outbox
    monkeypatch.setenv("CRM_HOME", str(tmp_path))
    monkeypatch.setattr(sms_dispatch.credentials_store, "available", lambda: False)
    with SmsGateway(TOKEN) as gateway:
        sms_dispatch.save_config(gateway.url, TOKEN)
        report = jobs.run_once(db.admin_url)
    assert "sms_dispatch" not in report.errors
    assert statuses(db) == {"delivered": 12}
    with agent(db) as conn:
        health = {r[0]: r for r in conn.execute("SELECT job, ok FROM crm.agent_health()")}
    assert health["sms_dispatch"][1] is True


def test_embedded_start_runs_the_local_gateway_so_sending_works_at_once(outbox, tmp_path, monkeypatch):
    """What the app does on the embedded demo (__main__ hands the GUI agent.jobs.start_in_thread):
    the in-process agent and the local gateway start together; queued greetings are delivered
    without any setup."""
    db = outbox
    monkeypatch.setenv("CRM_HOME", str(tmp_path))
    monkeypatch.setattr(sms_dispatch.credentials_store, "available", lambda: False)
    stop = jobs.start_in_thread(db.admin_url, interval=0.5)
    try:
        deadline = time.monotonic() + 30
        while statuses(db) != {"delivered": 12} and time.monotonic() < deadline:
            time.sleep(0.3)
    finally:
        stop.set()
    assert statuses(db) == {"delivered": 12}
    url, _ = sms_dispatch.load_config()
    assert url.startswith("http://127.0.0.1:") and not sms_dispatch.uses_real_provider()
