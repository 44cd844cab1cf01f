"""Benchmark of 短信 SMS (`crm-admin bench sms`); prints figures, asserts nothing.

On the currently seeded database (`crm-admin demo seed` first), as an information manager with
HQ scope (the login ``bench_sms``, created once with the demo password, the send right and
scope "all", so one sender can reach 10 000 customers; a demo branch has fewer):

1. preview and cost of the birthday greeting for 10 000 recipients (``sms.render_preview``, the
   send dialog's call: 200 rows shown, totals over all) against the issue's < 1 s;
2. queueing those 10 000 greetings (``sms.queue``: one server transaction that re-checks and
   charges the quota) against < 2 s; with, from the same run, the cost of the outbox rows' two
   foreign keys that 0022 dropped (the same 10 000 rows inserted into a scratch copy of the
   outbox with and without them), so the figure can be read under whatever load the machine has;
3. the agent dispatching them over HTTP to the local gateway, run in its own process
   (``sms_dispatch.dispatch``, the job's code) with retries on: the gateway answers 503 to 2 % of the posts, which go again
   after their back-off (0 here) with the same idempotency key; against >= 500 messages/s; then
   the delivery reports;
4. the send dialog's preview of the whole list (no filter), counted chunk by chunk as the
   dialog does (services.sms.preview_step): time to the first rows and totals, per chunk, whole;
5. the 2 M-recipient path in design: the whole list queued server-side in chunks (progress and
   Stop between chunks, no id through the client), its rate per customer;
6. 短信记录 over LOG_MESSAGES messages (written straight into the outbox): the first page, a deep
   page sought by its key (services.sms.log_statement) against the same page by OFFSET (the
   baseline, same run), the count, and the streamed export of every message (rows/s).

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
from crm_desktop.tools.bench.connections import BenchError, close_staff, open_staff
from crm_desktop.tools.demo import DEMO_PASSWORD

LOGIN = "bench_sms"
RECIPIENTS = 10_000
LOG_MESSAGES = 300_000
CHUNK = 5_000
LOG_PAGE = 200
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
        # The log export needs the export right (crm.begin_export checks it).
        admin.execute("INSERT INTO crm.staff_role (staff_id, role_code) SELECT id, 'data_export' FROM crm.staff "
                      "WHERE login = %s ON CONFLICT DO NOTHING", (LOGIN,))
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


def sms(admin_url: str, out: Callable[[str], None] = print, recipients: int = RECIPIENTS,
        password: str = DEMO_PASSWORD) -> dict:
    ids = _prepare(admin_url, recipients)
    template = "尊敬的{姓名}{称呼}：{营业部}祝您生日快乐，身体健康，投资顺利！客户经理{员工}敬上"
    source = sms_service.RecipientSource(customer_ids=ids)
    result: dict = {"recipients": len(ids)}
    conn = open_staff(admin_url, LOGIN, password)
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
        close_staff(conn)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        with_fk, without_fk = _foreign_key_cost(admin, queued.batch_id)
    result.update(insert_with_fk_s=with_fk, insert_without_fk_s=without_fk)
    out(f"  same run, the batch's {queued.queued:,} outbox rows into a scratch copy of the outbox (median of 3, "
        f"alternating): {with_fk:.3f} s with the two foreign keys 0022 dropped, {without_fk:.3f} s without")

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
    result.update(_whole_list_preview(admin_url, password, out, template))
    result.update(_chunked(admin_url, password, out, template))
    result.update(_log(admin_url, password, out, ids))
    return result


def _whole_list_preview(admin_url: str, password: str, out: Callable[[str], None], template: str) -> dict:
    """The send dialog's preview of the whole list (every customer the bench sender sees, no
    filter), counted as the dialog counts it (services.sms.preview_step: a first chunk of
    sms.PREVIEW_FIRST_CHUNK with the rows, then PREVIEW_CHUNK at a time): the seconds until the first
    rows and totals show, per chunk (each one cancellable statement: how long Stop waits at most),
    and for the whole count, with 2 M / rate what a 2 M list would take."""
    from crm_desktop.services.customer_query.query import CustomerQuery

    source = sms_service.RecipientSource(customer_filter=CustomerQuery())
    conn = open_staff(admin_url, LOGIN, password)
    try:
        started = time.perf_counter()
        marks, total, after, last_id = [], None, 0, None
        while after is not None:
            step = sms_service.preview_step(conn, source, template, after=after, last_id=last_id,
                                            chunk=sms_service.PREVIEW_CHUNK if total else sms_service.PREVIEW_FIRST_CHUNK,
                                            rows=0 if total else sms_service.DEFAULT_PREVIEW_ROWS)
            marks.append(time.perf_counter())
            total = step.preview if total is None else total.plus(step.preview)
            after, last_id = step.after, step.last_id
        seconds = time.perf_counter() - started
    finally:
        close_staff(conn)
    first = marks[0] - started
    per_chunk = [b - a for a, b in zip(marks, marks[1:])] or [seconds]
    rate = total.recipients / seconds
    out(f"send dialog preview of the whole list ({total.recipients:,} customers, {total.sendable:,} sendable, "
        f"{total.parts:,} parts, {total.cost} CNY): first rows and totals after {first:.2f} s, then "
        f"{len(per_chunk)} chunks of {sms_service.PREVIEW_CHUNK:,} at {statistics.median(per_chunk):.2f} s median "
        f"(max {max(per_chunk):.2f} s: the longest Stop waits), whole count {seconds:.2f} s = {rate:,.0f} "
        f"customers/s -> 2 000 000 customers in about {2_000_000 / rate:.0f} s, the totals growing meanwhile")
    return {"list_preview_recipients": total.recipients, "list_preview_first_s": round(first, 3),
            "list_preview_chunk_s_median": round(statistics.median(per_chunk), 3),
            "list_preview_chunk_s_max": round(max(per_chunk), 3), "list_preview_s": round(seconds, 2),
            "list_preview_per_s": round(rate)}


def _chunked(admin_url: str, password: str, out: Callable[[str], None], template: str) -> dict:
    """The 2 M-recipient path: every customer the bench sender sees (the whole list, no filter),
    queued server-side in chunks of CHUNK (services.sms.queue_in_chunks); the seconds per chunk
    give the rate, and 2 M / rate what a 2 M list would take."""
    from crm_desktop.services.customer_query.query import CustomerQuery
    from crm_desktop.services.tasks import TaskContext

    marks: list[float] = []
    conn = open_staff(admin_url, LOGIN, password)
    try:
        started = time.perf_counter()
        ctx = TaskContext(lambda stage, done, total: marks.append(time.perf_counter()))
        chunked = sms_service.queue_in_chunks(conn, sms_service.RecipientSource(customer_filter=CustomerQuery()),
                                              template, ctx, chunk=CHUNK)
        seconds = time.perf_counter() - started
    finally:
        close_staff(conn)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            _cleanup(admin)
    per_chunk = [b - a for a, b in zip(marks, marks[1:])]
    rate = chunked.done / seconds
    out(f"the whole list ({chunked.recipients:,} customers) queued in {len(per_chunk)} chunks of {CHUNK:,}: "
        f"{seconds:.2f} s ({chunked.queued:,} queued), {statistics.median(per_chunk):.2f} s a chunk, "
        f"{rate:,.0f} customers/s -> 2 000 000 customers in about {2_000_000 / rate / 60:.1f} min, "
        f"with progress and Stop after every chunk")
    return {"chunked_recipients": chunked.recipients, "chunked_queued": chunked.queued, "chunked_s": round(seconds, 2),
            "chunk_s_median": round(statistics.median(per_chunk), 3), "chunked_per_s": round(rate)}


def _foreign_key_cost(admin: psycopg.Connection, batch_id: int, rounds: int = 3) -> tuple[float, float]:
    """Median seconds to insert the batch's rows into a scratch copy of the outbox (its indexes and
    generated column) with the foreign keys to crm.customer and crm.sms_batch, and without them;
    the two alternate `rounds` times so that a change in the machine's load hits both."""
    columns = ("batch_id, customer_id, branch_id, sender_id, sender_branch_id, month, mobile, carrier, body, chars, "
               "parts, cost")
    times: dict[bool, list[float]] = {True: [], False: []}
    with admin.transaction(force_rollback=True):
        # Not a temporary table: those may not reference permanent ones. Rolled back, so never kept.
        admin.execute("CREATE TABLE crm.bench_outbox (LIKE crm.sms_message INCLUDING ALL)")
        for _ in range(rounds):
            for with_keys in (True, False):
                if with_keys:
                    admin.execute("ALTER TABLE crm.bench_outbox "
                                  "ADD CONSTRAINT bench_batch FOREIGN KEY (batch_id) REFERENCES crm.sms_batch, "
                                  "ADD CONSTRAINT bench_customer FOREIGN KEY (customer_id) REFERENCES crm.customer")
                started = time.perf_counter()
                admin.execute(f"INSERT INTO crm.bench_outbox ({columns}) SELECT {columns} FROM crm.sms_message "
                              "WHERE batch_id = %s ORDER BY customer_id", (batch_id,))
                times[with_keys].append(time.perf_counter() - started)
                admin.execute("DELETE FROM crm.bench_outbox")
                if with_keys:
                    admin.execute("ALTER TABLE crm.bench_outbox DROP CONSTRAINT bench_batch, DROP CONSTRAINT bench_customer")
    return round(statistics.median(times[True]), 3), round(statistics.median(times[False]), 3)


def _log(admin_url: str, password: str, out: Callable[[str], None], ids: list[int],
         messages: int = LOG_MESSAGES) -> dict:
    """短信记录 paging and export over `messages` outbox rows of the bench sender (1 000 per batch,
    one queued_at per batch as sms_queue writes them, spread over the last 60 days)."""
    import tempfile
    from pathlib import Path

    from crm_desktop.services import sms_reports
    from crm_desktop.services.tasks import TaskContext

    result: dict = {"log_messages": messages}
    with psycopg.connect(admin_url, autocommit=True) as admin:
        staff_id, branch_id = admin.execute("SELECT id, branch_id FROM crm.staff WHERE login = %s", (LOGIN,)).fetchone()
        started = time.perf_counter()
        with admin.transaction():
            batches = -(-messages // 1000)
            admin.execute(
                "INSERT INTO crm.sms_batch (sender_id, branch_id, template, recipients, queued, parts, cost, created_at) "
                "SELECT %s, %s, 'bench', 1000, 1000, 1000, 50, now() - make_interval(mins => g * 60 * 24 * 60 / %s) "
                "FROM generate_series(1, %s) g", (staff_id, branch_id, batches, batches))
            admin.execute(
                "INSERT INTO crm.sms_message (batch_id, customer_id, branch_id, sender_id, sender_branch_id, month, "
                "mobile, carrier, body, chars, parts, cost, status, queued_at, sent_at) "
                "SELECT b.ids[1 + g / 1000], c.ids[1 + g %% cardinality(c.ids)], %s, %s, %s, "
                "date_trunc('month', b.ats[1 + g / 1000])::date, '139' || lpad((g %% 100000000)::text, 8, '0'), "
                "'mobile', '尊敬的客户：祝您生日快乐！', 13, 1, 0.05, 'delivered', b.ats[1 + g / 1000], b.ats[1 + g / 1000] "
                "FROM generate_series(0, %s - 1) g "
                "CROSS JOIN (SELECT %s::bigint[] AS ids) c "
                "CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids, array_agg(created_at ORDER BY id) AS ats "
                "              FROM crm.sms_batch WHERE sender_id = %s AND template = 'bench') b",
                (branch_id, staff_id, branch_id, messages, ids, staff_id))
        admin.execute("ANALYZE crm.sms_message")
        out(f"短信记录: wrote {messages:,} messages in {time.perf_counter() - started:.1f} s")
        deep_offset = messages - LOG_PAGE
        key = admin.execute("SELECT queued_at, id FROM crm.sms_message ORDER BY queued_at DESC, id DESC "
                            "OFFSET %s LIMIT 1", (deep_offset - 1,)).fetchone()
    conn = open_staff(admin_url, LOGIN, password)
    try:
        def timed(fn, repeat: int = 3) -> tuple[float, object]:
            times, value = [], None
            for _ in range(repeat):
                started = time.perf_counter()
                value = fn()
                times.append(time.perf_counter() - started)
            return round(statistics.median(times), 4), value

        first_s, first = timed(lambda: sms_service.message_log(conn, limit=LOG_PAGE))
        deep_s, deep = timed(lambda: sms_service.message_log(conn, after=tuple(key), limit=LOG_PAGE))
        statement, params = sms_service.log_statement()
        offset_statement = sql.SQL("{} OFFSET %(offset)s LIMIT %(limit)s").format(statement)
        offset_s, offset_rows = timed(lambda: conn.execute(offset_statement, {**params, "offset": deep_offset,
                                                                               "limit": LOG_PAGE}).fetchall())
        assert [m.id for m in deep] == [r[0] for r in offset_rows], "the keyset page differs from the OFFSET page"
        count_s, total = timed(lambda: sms_service.message_count(conn), repeat=1)
        pages = deep_offset // LOG_PAGE + 1
        out(f"  first page of {len(first)}: {first_s * 1000:.1f} ms; page {pages:,} by its key: {deep_s * 1000:.1f} ms "
            f"(the same page by OFFSET, the old way: {offset_s * 1000:.1f} ms); count of {total:,}: {count_s:.2f} s")
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            exported = sms_reports.export_log(TaskContext(), conn, {}, Path(folder) / "log.xlsx", "zh")
            export_s = time.perf_counter() - started
        out(f"  export of all {exported.rows:,} messages (streamed, one snapshot): {export_s:.1f} s = "
            f"{exported.rows / export_s:,.0f} rows/s")
        result.update(log_first_page_s=first_s, log_deep_page_s=deep_s, log_deep_page_offset_s=offset_s,
                      log_deep_page_number=pages, log_count_s=count_s, log_export_rows=exported.rows,
                      log_export_s=round(export_s, 2), log_export_rows_per_s=round(exported.rows / export_s))
    finally:
        close_staff(conn)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            _cleanup(admin)
    return result
