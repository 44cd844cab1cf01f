"""Benchmark of the hand-over of a leaving marketer's customers (`crm-admin bench handover`,
issue #15); prints figures, asserts nothing.

On the currently seeded demo database (`crm-admin demo seed` first): 5 000 extra BJ01 customers
developed by ``bj01_mkt01`` since 30 days ago are created as the superuser; then, each with their
own CRM session (RLS on), ``bj01_devmgr`` asks to hand all of bj01_mkt01's development customers
to ``bj01_mkt02`` from today (``approvals.request_handover``), ``bj01_trading`` approves step 1
and ``bj01_director`` step 2, whose transaction applies the effect (5 000 relationships ended
on the day, 5 000 begun on it). Timed: request, list's first page, each decision, and the total
against the issue's < 5 s. Afterwards the bench's customers, relationships and requests are
deleted again (the audit log keeps its rows, as it keeps every change).

``past_days``: a past-dated hand-over instead, effective that many days before the latest loaded
trading day. The bench's customers then have daily facts on every loaded day from 60 days before
the effective date (in the rollups and crm.sales_result_day before the clock starts), so the
approval re-attributes weeks of loaded figures: the customer-month rollup, the branch rollup and
the sales results of those days are brought up to date in the approving transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Callable

import psycopg

from crm_desktop.services import approvals as approvals_service
from crm_desktop.tools.bench.connections import BenchError, close_staff, open_staff

TARGET_S = 5.0
CUSTOMERS = 5000
PREFIX = "BENCHHO"
GIVER, RECEIVER = "bj01_mkt01", "bj01_mkt02"
REQUESTER, FIRST, SECOND = "bj01_devmgr", "bj01_trading", "bj01_director"


def _cleanup(admin: psycopg.Connection) -> None:
    # The sales results of the days the bench's customers had facts on (they carry no customer
    # id the loop below could delete by): recomputed once the facts are gone.
    fact_days = admin.execute("""
        SELECT min(d.trade_date), max(d.trade_date) FROM crm.customer_daily d
         WHERE d.customer_id IN (SELECT id FROM crm.customer WHERE account_no LIKE %s)""", (PREFIX + "%",)).fetchone()
    admin.execute("SET session_replication_role = replica")
    try:
        admin.execute("""
            CREATE TEMP TABLE IF NOT EXISTS bench_ho_customer AS
            SELECT id FROM crm.customer WHERE account_no LIKE %s""", (PREFIX + "%",))
        admin.execute("""
            DELETE FROM crm.approval_step s USING crm.approval_request_customer k, bench_ho_customer b
             WHERE k.customer_id = b.id AND s.request_id = k.request_id""")
        admin.execute("""
            CREATE TEMP TABLE bench_ho_request AS
            SELECT DISTINCT k.request_id FROM crm.approval_request_customer k JOIN bench_ho_customer b ON b.id = k.customer_id""")
        # Every crm table keyed on the customer (the T+1 mirrors, the rollups, ...), then the rest.
        tables = [r[0] for r in admin.execute("""
            SELECT DISTINCT c.table_name FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = 'crm' AND c.column_name = 'customer_id' AND t.table_type = 'BASE TABLE'
               AND c.table_name <> 'approval_request'""")]
        for table in tables:
            admin.execute(f"DELETE FROM crm.{table} x USING bench_ho_customer b WHERE x.customer_id = b.id")
        admin.execute("DELETE FROM crm.approval_request r USING bench_ho_request q WHERE r.id = q.request_id")
        admin.execute("DELETE FROM crm.customer c USING bench_ho_customer b WHERE c.id = b.id")
        admin.execute("DROP TABLE bench_ho_customer, bench_ho_request")
    finally:
        admin.execute("SET session_replication_role = origin")
    if fact_days[0] is not None:
        months = admin.execute("SELECT array_agg(DISTINCT date_trunc('month', d)::date) FROM "
                               "generate_series(%s::date, %s::date, interval '1 day') d", fact_days).fetchone()[0]
        admin.execute("SELECT crm.refresh_pivot_rollups(%s::date[])", (months,))
        admin.execute("SELECT crm.refresh_sales_results(%s, %s)", fact_days)


def _loaded_days(admin: psycopg.Connection, first: dt.date) -> list[dt.date]:
    """The loaded trading days from `first` on (a skip scan of the date index)."""
    return [r[0] for r in admin.execute("""
        WITH RECURSIVE d(day) AS (
            SELECT min(x.trade_date) FROM crm.customer_daily x WHERE x.trade_date >= %s
            UNION ALL
            SELECT (SELECT min(x.trade_date) FROM crm.customer_daily x WHERE x.trade_date > d.day)
              FROM d WHERE d.day IS NOT NULL)
        SELECT day FROM d WHERE day IS NOT NULL ORDER BY day""", (first,))]


def _add_facts(admin: psycopg.Connection, days: list[dt.date]) -> None:
    """Daily facts of the bench's customers on the given days (figures varying by customer and
    day), then the sales results of those days as the T+1 load leaves them (the insert's trigger
    brings the rollups up to date)."""
    admin.execute("""
        INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, market_value_cents,
                                        cash_cents, trade_volume_cents, commission_cents, net_commission_cents,
                                        interest_spread_cents, pnl_cents, vip_level)
        SELECT c.branch_id, c.id, d.day, a.assets, a.assets * 3 / 4, a.assets - a.assets * 3 / 4,
               (c.id * 7 + d.n) %% 90000 * 1000, (c.id + d.n) %% 9000 * 10, (c.id + d.n) %% 9000 * 7,
               (c.id * 3 + d.n) %% 500 * 10, ((c.id + d.n * 13) %% 20001 - 10000) * 100, 0
          FROM crm.customer c
         CROSS JOIN unnest(%s::date[]) WITH ORDINALITY AS d(day, n)
         CROSS JOIN LATERAL (SELECT (c.id %% 5000 + 1) * 200000 + d.n * 10000 AS assets) a
         WHERE c.account_no LIKE %s""", (days, PREFIX + "%"))
    admin.execute("SELECT crm.refresh_sales_results(%s, %s)", (days[0], days[-1]))


def handover(admin_url: str, password: str, out: Callable[[str], None] = print, customers: int = CUSTOMERS,
             past_days: int = 0) -> dict:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        effective = dt.date.today()
        if past_days > 0:
            latest = admin.execute("SELECT max(trade_date) FROM crm.customer_daily").fetchone()[0]
            if latest is None:
                raise BenchError("a past-dated hand-over needs loaded daily facts: run `crm-admin demo seed` first")
            effective = latest - dt.timedelta(days=past_days)
        began = effective - dt.timedelta(days=60)
        logins = {r[0] for r in admin.execute("SELECT login FROM crm.staff WHERE login = ANY (%s)",
                                              ([GIVER, RECEIVER, REQUESTER, FIRST, SECOND],))}
        if len(logins) < 5:
            raise BenchError("the demo logins are missing: run `crm-admin demo seed` first")
        _cleanup(admin)
        # The giver's existing customers stay theirs: the bench hands over only its own ones.
        held = admin.execute("SELECT count(*) FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id "
                             "WHERE s.login = %s AND r.kind = 'development' AND r.status = 'live'",
                             (GIVER,)).fetchone()[0]
        admin.execute("""
            INSERT INTO crm.customer (account_no, name, gender, birthday, open_date, branch_id, loaded_for)
            SELECT %(prefix)s || lpad(i::text, 6, '0'), '交接客户' || i, CASE WHEN i %% 2 = 0 THEN 'M' ELSE 'F' END,
                   date '1970-01-01' + i %% 12000, %(opened)s, b.id, %(opened)s
              FROM generate_series(1, %(n)s) i, crm.branch b WHERE b.code = 'BJ01'""",
                      {"prefix": PREFIX, "n": customers, "opened": began - dt.timedelta(days=30)})
        if past_days > 0:
            _add_facts(admin, _loaded_days(admin, began))
        admin.execute("""
            INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from)
            SELECT c.id, c.branch_id, s.id, 'development', %s
              FROM crm.customer c, crm.staff s WHERE c.account_no LIKE %s AND s.login = %s""",
                      (began, PREFIX + "%", GIVER))
        admin.execute("ANALYZE crm.relationship")
        ids = [r[0] for r in admin.execute("SELECT id FROM crm.customer WHERE account_no LIKE %s ORDER BY id",
                                           (PREFIX + "%",))]
    result: dict = {"customers": len(ids), "giver_other_customers": held, "effective": effective.isoformat()}
    connections = {login: open_staff(admin_url, login, password) for login in (REQUESTER, FIRST, SECOND)}
    try:
        started = time.perf_counter()
        request = approvals_service.request_handover(connections[REQUESTER], GIVER, RECEIVER, "development",
                                                     effective, ids, "bench handover")
        result["request_s"] = round(time.perf_counter() - started, 3)
        step = time.perf_counter()
        page = approvals_service.request_customers(connections[FIRST], request)
        result["first_page_ms"] = round((time.perf_counter() - step) * 1000, 1)
        result["first_page_rows"] = len(page)
        step = time.perf_counter()
        approvals_service.decide(connections[FIRST], request, 1, "approved")
        result["step1_s"] = round(time.perf_counter() - step, 3)
        step = time.perf_counter()
        status = approvals_service.decide(connections[SECOND], request, 2, "approved")
        result["step2_apply_s"] = round(time.perf_counter() - step, 3)
        result["total_s"] = round(time.perf_counter() - started, 3)
        result["status"] = status
    finally:
        for conn in connections.values():
            close_staff(conn)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        result["handed"] = admin.execute("""
            SELECT count(*) FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id
              JOIN crm.customer c ON c.id = r.customer_id
             WHERE c.account_no LIKE %s AND s.login = %s AND r.status = 'live' AND r.valid_from = %s""",
                                         (PREFIX + "%", RECEIVER, effective)).fetchone()[0]
        result["ended"] = admin.execute("""
            SELECT count(*) FROM crm.relationship r JOIN crm.customer c ON c.id = r.customer_id
             WHERE c.account_no LIKE %s AND r.status = 'released' AND r.valid_to = %s""",
                                        (PREFIX + "%", effective)).fetchone()[0]
        result["facts_reattributed"] = admin.execute("""
            SELECT count(*) FROM crm.customer_daily d JOIN crm.customer c ON c.id = d.customer_id
             WHERE c.account_no LIKE %s AND d.trade_date >= %s""", (PREFIX + "%", effective)).fetchone()[0]
        _cleanup(admin)
    met = result["total_s"] < TARGET_S and result["status"] == "approved"
    out(f"hand-over of {result['customers']:,} development customers {GIVER} -> {RECEIVER} (from "
        f"{'today' if past_days <= 0 else effective.isoformat()}; {result['facts_reattributed']:,} loaded daily "
        f"facts re-attributed): "
        f"request {result['request_s']:.2f} s, first page of the list ({result['first_page_rows']} rows) "
        f"{result['first_page_ms']:.1f} ms, step 1 {result['step1_s']:.2f} s, step 2 with the effect "
        f"{result['step2_apply_s']:.2f} s; total {result['total_s']:.2f} s (target < {TARGET_S:.0f} s: "
        f"{'met' if met else 'MISSED'}); {result['status']}: {result['handed']:,} begun on the day, "
        f"{result['ended']:,} ended on it")
    return result
