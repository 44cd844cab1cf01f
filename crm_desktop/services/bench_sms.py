"""Benchmark of 短信 SMS (`crm-admin bench sms`); prints figures, asserts nothing.

On the currently seeded database (`crm-admin demo seed` first), as an information manager with
HQ scope (the login ``bench_sms``, created once with the demo password, the send right and
scope "all", so one sender can reach 10 000 customers; a demo branch has fewer):

1. preview and cost of the birthday greeting for 10 000 recipients (``sms.render_preview``, the
   send dialog's call: 200 rows shown, totals over all) against the issue's < 1 s;
2. queueing those 10 000 greetings (``sms.queue``: one server transaction that re-checks and
   charges the quota) against < 2 s;
3. the agent dispatching them over HTTP to the local gateway, run in its own process
   (``sms_dispatch.dispatch``, the job's code) with retries on: the gateway answers 503 to 2 % of the posts, which go again
   after their back-off (0 here) with the same idempotency key; against >= 500 messages/s; then
   the delivery reports.

The bench's messages, batches and usage are deleted afterwards; the quota is left as it was.
"""

from __future__ import annotations

import secrets
import statistics
import time
from typing import Callable

import psycopg
import requests
from psycopg import sql

from crm_desktop.agent import jobs, sms_dispatch
from crm_desktop.services import sms as sms_service
from crm_desktop.services.bench import BenchError, _close_staff, _open_staff
from crm_desktop.services.demo import DEMO_PASSWORD

LOGIN = "bench_sms"
RECIPIENTS = 10_000
PREVIEW_TARGET_S = 1.0
QUEUE_TARGET_S = 2.0
DISPATCH_TARGET_PER_S = 500.0


def _prepare(admin_url: str, recipients: int) -> list[int]:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        ids = [r[0] for r in admin.execute(
            "SELECT x.customer_id FROM crm.customer_ext x JOIN crm.customer c ON c.id = x.customer_id "
            "WHERE x.mobile ~ '^1[3-9][0-9]{9}$' AND c.gender IS NOT NULL ORDER BY x.customer_id LIMIT %s",
            (recipients,))]
        if len(ids) < recipients:
            raise BenchError(f"the database has {len(ids)} customers with a mobile; seed at least {recipients} "
                             "(crm-admin demo seed)")
        if not admin.execute("SELECT EXISTS (SELECT 1 FROM crm.staff WHERE login = %s)", (LOGIN,)).fetchone()[0]:
            hq = admin.execute("SELECT code FROM crm.branch WHERE kind = 'hq' ORDER BY id LIMIT 1").fetchone()
            if hq is None:
                raise BenchError("no HQ branch: seed the demo first (crm-admin demo seed)")
            admin.execute("SELECT crm.create_staff(%s, %s, %s, NULL, 'hq', %s, '{}', 'all', true, '{}', false)",
                          (LOGIN, "短信压测", hq[0], ["info_manager"]))
            admin.execute(sql.SQL("ALTER ROLE {} PASSWORD {} VALID UNTIL 'infinity'").format(
                sql.Identifier(LOGIN), sql.Literal(DEMO_PASSWORD)))
            admin.execute("SELECT crm_server.accept_password(%s)", (LOGIN,))
            admin.execute("UPDATE crm.staff SET must_change_password = false, password_expires_at = NULL "
                          "WHERE login = %s", (LOGIN,))
        _cleanup(admin)
        admin.execute("INSERT INTO crm.sms_quota (staff_id, monthly_quota) SELECT id, 10000000 FROM crm.staff "
                      "WHERE login = %s ON CONFLICT (staff_id) DO UPDATE SET monthly_quota = 10000000", (LOGIN,))
        admin.execute("INSERT INTO crm.sms_branch_volume (branch_id, monthly_volume) "
                      "SELECT branch_id, 100000000 FROM crm.staff WHERE login = %s "
                      "ON CONFLICT (branch_id) DO NOTHING", (LOGIN,))
    return ids


class _GatewayProcess:
    """The local gateway in its own process (as at HQ: the agent does not share its interpreter)."""

    def __init__(self, token: str):
        import os
        import socket
        import subprocess
        import sys

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._auth = {"Authorization": f"Bearer {token}"}
        self._process = subprocess.Popen([sys.executable, "-m", "crm_desktop.agent.sms_gateway", "--port", str(port)],
                                         env={**os.environ, "CRM_SMS_GATEWAY_TOKEN": token})
        deadline = time.monotonic() + 20
        while True:
            try:
                self.stats()
                return
            except requests.RequestException:
                if time.monotonic() > deadline or self._process.poll() is not None:
                    self.stop()
                    raise BenchError("the local SMS gateway did not start") from None
                time.sleep(0.1)

    def control(self, **settings) -> None:
        requests.post(f"{self.url}/v1/control", json=settings, headers=self._auth, timeout=5).raise_for_status()

    def stats(self) -> dict:
        response = requests.get(f"{self.url}/v1/stats", headers=self._auth, timeout=5)
        response.raise_for_status()
        return response.json()

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(10)


def _cleanup(admin: psycopg.Connection) -> None:
    staff = admin.execute("SELECT id FROM crm.staff WHERE login = %s", (LOGIN,)).fetchone()
    if staff is None:
        return
    admin.execute("DELETE FROM crm.sms_message WHERE sender_id = %s", staff)
    admin.execute("DELETE FROM crm.sms_batch WHERE sender_id = %s", staff)
    admin.execute("DELETE FROM crm.sms_staff_usage WHERE staff_id = %s", staff)
    admin.execute("UPDATE crm.sms_branch_usage u SET used = coalesce((SELECT sum(m.parts) FROM crm.sms_message m "
                  "WHERE m.sender_branch_id = u.branch_id AND m.month = u.month AND m.status <> 'failed'), 0)")


def sms(admin_url: str, out: Callable[[str], None] = print, recipients: int = RECIPIENTS) -> dict:
    ids = _prepare(admin_url, recipients)
    template = "尊敬的{姓名}{称呼}：{营业部}祝您生日快乐，身体健康，投资顺利！客户经理{员工}敬上"
    source = sms_service.RecipientSource(customer_ids=ids)
    result: dict = {"recipients": len(ids)}
    conn = _open_staff(admin_url, LOGIN, DEMO_PASSWORD)
    try:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            preview = sms_service.render_preview(conn, source, template)
            times.append(time.perf_counter() - started)
        result.update(preview_s_first=round(times[0], 3), preview_s_median=round(statistics.median(times), 3),
                      preview_parts=preview.parts, preview_cost=str(preview.cost), sendable=preview.sendable)
        out(f"preview + cost of {len(ids):,} recipients: {result['preview_s_median']:.3f} s median "
            f"(first {result['preview_s_first']:.3f} s; target < {PREVIEW_TARGET_S:.0f} s) -> "
            f"{preview.sendable:,} sendable, {preview.parts:,} parts, {preview.cost} CNY")
        started = time.perf_counter()
        queued = sms_service.queue(conn, source, template)
        result["queue_s"] = round(time.perf_counter() - started, 3)
        result["queued"] = queued.queued
        out(f"queue {queued.queued:,} greetings (one transaction, quota charged): {result['queue_s']:.3f} s "
            f"(target < {QUEUE_TARGET_S:.0f} s)")
    finally:
        _close_staff(conn)

    token = secrets.token_urlsafe(24)
    gateway = _GatewayProcess(token)
    try:
        with jobs.connect_agent(admin_url) as agent:
            gateway.control(fail_every=50)      # 2 % of the posts answer 503 and go again
            provider = sms_dispatch.HttpProvider(gateway.url, token)
            started = time.perf_counter()
            total = sms_dispatch.DispatchReport()
            while True:
                report = sms_dispatch.dispatch(agent, provider, backoff_base=0, reports=False)
                total.sent += report.sent
                total.retried += report.retried
                total.failed += report.failed
                if report.claimed == 0:
                    break
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            reports = sms_dispatch.collect_reports(agent, provider)
            report_seconds = time.perf_counter() - started
            stats = gateway.stats()
    finally:
        gateway.stop()
    result.update(dispatch_s=round(seconds, 3), dispatch_per_s=round(total.sent / seconds, 1),
                  sent=total.sent, retried=total.retried, failed=total.failed,
                  gateway_accepted=stats["accepted"], gateway_duplicates=stats["duplicates"],
                  reports=reports, reports_s=round(report_seconds, 3))
    out(f"agent dispatch to the local gateway: {total.sent:,} sent in {seconds:.2f} s = "
        f"{result['dispatch_per_s']:,.0f} messages/s (target >= {DISPATCH_TARGET_PER_S:.0f}); "
        f"{total.retried} retried after a 503, {total.failed} failed; gateway accepted "
        f"{result['gateway_accepted']:,} keys (each once: a repeated key is answered, not sent); "
        f"{reports:,} delivery reports in {report_seconds:.2f} s")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        _cleanup(admin)
    return result
