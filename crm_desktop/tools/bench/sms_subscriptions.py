"""Benchmark of 信息栏目 at scale (`crm-admin bench sms-subscriptions [--subscribers N]`); prints
figures, asserts nothing.

On the seeded demo database (`crm-admin demo seed`), in a scratch column of its own:

1. subscribe: BJ01's information manager (bj01_info) subscribes the whole 客户 list they see
   (services.sms_subscriptions.subscribe: the filter resolved on the server, one statement);
2. the rest of the N subscribers written straight in (the first N customers, each sent by an
   information manager of its branch), then HQ's preview of an issue over all of them
   (services.sms_subscriptions.issue_preview, hq_admin);
3. fan-out: the issue published and queued by the agent's call (crm.sms_agent_deliver_issues,
   one chunk of subscribers per transaction, as the agent job runs it): seconds per chunk (how
   long one transaction holds the senders' quota rows) and in all, with 2 M / rate.

Afterwards the scratch column, its subscriptions, deliveries, messages and batches are deleted and
the senders' quotas, volumes and this month's usage are put back as they were.
"""

from __future__ import annotations

import statistics
import time
from typing import Callable

import psycopg
from psycopg.types.json import Jsonb

from crm_desktop.agent import jobs
from crm_desktop.services import sms_subscriptions as subs
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.services.sms import RecipientSource
from crm_desktop.tools.bench.connections import BenchError, close_staff, open_staff
from crm_desktop.tools.demo import DEMO_PASSWORD

SUBSCRIBER = "bj01_info"
HQ = "hq_admin"
SUBSCRIBERS = 200_000
COLUMN = "压测栏目"
TEXT = "早盘提示：{姓名}{称呼}您好，今日关注新股申购与两市成交变化，{营业部}{员工}敬上"
_SAVED = ("sms_quota", "sms_branch_volume", "sms_staff_usage", "sms_branch_usage")


def sms_subscriptions(admin_url: str, out: Callable[[str], None] = print, subscribers: int = SUBSCRIBERS,
                      password: str = DEMO_PASSWORD) -> dict:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        senders = admin.execute(
            "SELECT DISTINCT ON (s.branch_id) s.branch_id, s.id FROM crm.staff s "
            "JOIN crm.staff_role sr ON sr.staff_id = s.id AND sr.role_code = 'info_manager' "
            "WHERE s.status = 'active' ORDER BY s.branch_id, (s.login = %s) DESC, s.id", (SUBSCRIBER,)).fetchall()
        if not senders or not admin.execute("SELECT EXISTS (SELECT 1 FROM crm.staff WHERE login = %s)",
                                            (SUBSCRIBER,)).fetchone()[0]:
            raise BenchError("no demo information managers: seed the demo first (crm-admin demo seed)")
        saved = {table: admin.execute(f"SELECT to_jsonb(t) FROM crm.{table} t").fetchall() for table in _SAVED}
        _cleanup(admin)
        admin.execute("UPDATE crm.sms_quota SET monthly_quota = 10000000 WHERE staff_id = ANY (%s)",
                      ([s[1] for s in senders],))
        admin.execute("INSERT INTO crm.sms_quota (staff_id, monthly_quota) SELECT unnest(%s::int[]), 10000000 "
                      "ON CONFLICT (staff_id) DO NOTHING", ([s[1] for s in senders],))
        admin.execute("INSERT INTO crm.sms_branch_volume (branch_id, monthly_volume) SELECT unnest(%s::smallint[]), "
                      "100000000 ON CONFLICT (branch_id) DO UPDATE SET monthly_volume = 100000000",
                      ([s[0] for s in senders],))
    result: dict = {}
    try:
        hq = open_staff(admin_url, HQ, password)
        try:
            column = subs.save_column(hq, None, COLUMN, "bench")
        finally:
            close_staff(hq)
        conn = open_staff(admin_url, SUBSCRIBER, password)
        try:
            started = time.perf_counter()
            changed = subs.subscribe(conn, column, RecipientSource(customer_filter=CustomerQuery()))
            seconds = time.perf_counter() - started
        finally:
            close_staff(conn)
        result.update(subscribe_customers=changed.changed, subscribe_s=round(seconds, 2))
        out(f"subscribe the whole list ({changed.changed:,} customers of BJ01, one server statement): {seconds:.2f} s "
            f"= {changed.changed / seconds:,.0f} customers/s")
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute("""
                INSERT INTO crm.sms_subscription (column_id, customer_id, branch_id, sender_id)
                SELECT %(column)s, c.id, c.branch_id, s.sender_id
                  FROM (SELECT id, branch_id FROM crm.customer ORDER BY id LIMIT %(n)s) c
                  JOIN (SELECT unnest(%(branches)s::smallint[]) AS branch_id, unnest(%(ids)s::int[]) AS sender_id) s
                    ON s.branch_id = c.branch_id
                ON CONFLICT (column_id, customer_id) WHERE ended_at IS NULL DO NOTHING""",
                          {"column": column, "n": subscribers, "branches": [s[0] for s in senders],
                           "ids": [s[1] for s in senders]})
            admin.execute("ANALYZE crm.sms_subscription")
            total = admin.execute("SELECT count(*) FROM crm.sms_subscription WHERE column_id = %s AND ended_at IS NULL",
                                  (column,)).fetchone()[0]
        hq = open_staff(admin_url, HQ, password)
        try:
            started = time.perf_counter()
            preview = subs.issue_preview(hq, column, TEXT)
            preview_s = time.perf_counter() - started
            issue = subs.publish_issue(hq, column, TEXT)
        finally:
            close_staff(hq)
        result.update(subscribers=total, preview_s=round(preview_s, 2))
        out(f"HQ preview of an issue to {total:,} subscribers ({preview.sendable:,} sendable, {preview.parts:,} parts, "
            f"{preview.cost} CNY): {preview_s:.2f} s")
        chunks: list[float] = []
        queued = 0
        with jobs.connect_agent(admin_url) as agent:
            started = time.perf_counter()
            while True:
                mark = time.perf_counter()
                done = agent.execute("SELECT crm.sms_agent_deliver_issues(1)").fetchone()[0]
                if done["chunks"] == 0:
                    break
                chunks.append(time.perf_counter() - mark)
                queued += done["queued"]
            seconds = time.perf_counter() - started
        with psycopg.connect(admin_url, autocommit=True) as admin:
            finished = admin.execute("SELECT delivered_at IS NOT NULL FROM crm.sms_column_issue WHERE id = %s",
                                     (issue,)).fetchone()[0]
        rate = total / seconds
        result.update(fanout_s=round(seconds, 2), fanout_chunks=len(chunks), fanout_queued=queued,
                      fanout_chunk_s_median=round(statistics.median(chunks), 3),
                      fanout_chunk_s_max=round(max(chunks), 3), fanout_per_s=round(rate))
        out(f"agent fan-out of the issue: {queued:,} queued in {len(chunks)} transactions (chunks), {seconds:.2f} s "
            f"in all, {statistics.median(chunks):.2f} s a chunk median (max {max(chunks):.2f} s), {rate:,.0f} "
            f"subscribers/s -> 2 000 000 subscribers in about {2_000_000 / rate / 60:.1f} min, none of it one long "
            f"transaction; issue finished: {finished}")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            _cleanup(admin)
            with admin.transaction():
                for table, rows in saved.items():
                    admin.execute(f"DELETE FROM crm.{table}")
                    admin.execute(f"INSERT INTO crm.{table} SELECT (jsonb_populate_record(NULL::crm.{table}, r)).* "
                                  "FROM unnest(%s::jsonb[]) r", ([Jsonb(r[0]) for r in rows],))
    return result


def _cleanup(admin: psycopg.Connection) -> None:
    with admin.transaction():
        # The deliveries go first; without this every deleted message would look for them in
        # crm.sms_issue_delivery (no index on message_id: the product never deletes messages).
        admin.execute("SET LOCAL session_replication_role = replica")
        admin.execute("CREATE TEMP TABLE bench_issue ON COMMIT DROP AS SELECT i.id FROM crm.sms_column_issue i "
                      "JOIN crm.sms_column c ON c.id = i.column_id WHERE c.name = %s", (COLUMN,))
        admin.execute("CREATE TEMP TABLE bench_batch ON COMMIT DROP AS SELECT b.id FROM crm.sms_batch b "
                      "WHERE b.source ->> 'kind' = 'column_issue' AND (b.source ->> 'issue_id')::bigint IN "
                      "(SELECT id FROM bench_issue)")
        admin.execute("DELETE FROM crm.sms_issue_delivery WHERE issue_id IN (SELECT id FROM bench_issue)")
        admin.execute("DELETE FROM crm.sms_message WHERE batch_id IN (SELECT id FROM bench_batch)")
        admin.execute("DELETE FROM crm.sms_batch WHERE id IN (SELECT id FROM bench_batch)")
        admin.execute("DELETE FROM crm.sms_column_issue WHERE id IN (SELECT id FROM bench_issue)")
        admin.execute("DELETE FROM crm.sms_subscription s USING crm.sms_column c WHERE c.id = s.column_id "
                      "AND c.name = %s", (COLUMN,))
        admin.execute("DELETE FROM crm.sms_column WHERE name = %s", (COLUMN,))
