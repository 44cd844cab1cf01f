"""Benchmark of the hand-over of a leaving marketer's customers (`crm-admin bench handover`,
issue #15); prints figures, asserts nothing.

On the currently seeded demo database (`crm-admin demo seed` first): 5 000 extra BJ01 customers
developed by ``bj01_mkt01`` since 30 days ago are created as the superuser; then, each with their
own CRM session (RLS on), ``bj01_devmgr`` asks to hand all of bj01_mkt01's development customers
to ``bj01_mkt02`` from today (``approvals.request_handover``), ``bj01_trading`` approves step 1
and ``bj01_director`` step 2, whose transaction applies the effect (5 000 relationships ended
yesterday, 5 000 begun today). Timed: request, list's first page, each decision, and the total
against the issue's < 5 s. Afterwards the bench's customers, relationships and requests are
deleted again (the audit log keeps its rows, as it keeps every change).
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


def handover(admin_url: str, password: str, out: Callable[[str], None] = print, customers: int = CUSTOMERS) -> dict:
    with psycopg.connect(admin_url, autocommit=True) as admin:
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
                   date '1970-01-01' + i %% 12000, current_date - 60, b.id, current_date - 60
              FROM generate_series(1, %(n)s) i, crm.branch b WHERE b.code = 'BJ01'""",
                      {"prefix": PREFIX, "n": customers})
        admin.execute("""
            INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from)
            SELECT c.id, c.branch_id, s.id, 'development', current_date - 30
              FROM crm.customer c, crm.staff s WHERE c.account_no LIKE %s AND s.login = %s""", (PREFIX + "%", GIVER))
        admin.execute("ANALYZE crm.relationship")
        ids = [r[0] for r in admin.execute("SELECT id FROM crm.customer WHERE account_no LIKE %s ORDER BY id",
                                           (PREFIX + "%",))]
    result: dict = {"customers": len(ids), "giver_other_customers": held}
    connections = {login: open_staff(admin_url, login, password) for login in (REQUESTER, FIRST, SECOND)}
    try:
        started = time.perf_counter()
        request = approvals_service.request_handover(connections[REQUESTER], GIVER, RECEIVER, "development",
                                                     dt.date.today(), ids, "bench handover")
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
             WHERE c.account_no LIKE %s AND s.login = %s AND r.status = 'live' AND r.valid_from = current_date""",
                                         (PREFIX + "%", RECEIVER)).fetchone()[0]
        result["ended_yesterday"] = admin.execute("""
            SELECT count(*) FROM crm.relationship r JOIN crm.customer c ON c.id = r.customer_id
             WHERE c.account_no LIKE %s AND r.status = 'released' AND r.valid_to = current_date - 1""",
                                                  (PREFIX + "%",)).fetchone()[0]
        _cleanup(admin)
    met = result["total_s"] < TARGET_S and result["status"] == "approved"
    out(f"hand-over of {result['customers']:,} development customers {GIVER} -> {RECEIVER} (from today): "
        f"request {result['request_s']:.2f} s, first page of the list ({result['first_page_rows']} rows) "
        f"{result['first_page_ms']:.1f} ms, step 1 {result['step1_s']:.2f} s, step 2 with the effect "
        f"{result['step2_apply_s']:.2f} s; total {result['total_s']:.2f} s (target < {TARGET_S:.0f} s: "
        f"{'met' if met else 'MISSED'}); {result['status']}: {result['handed']:,} begun today, "
        f"{result['ended_yesterday']:,} ended yesterday")
    return result
