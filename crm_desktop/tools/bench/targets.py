"""`crm-admin bench targets`: the 销售任务 completion list for an HQ manager. Prints figures; not
timed assertions.

On a seeded demo database: when fewer than `staff` staff members hold monthly targets, the
benchmark adds its own staff rows (logins bench_target_NNNN, no PostgreSQL role: nobody signs in
as them), daily results for them on every loaded day of the month (shaped like the demo's own
rows) and four monthly targets each, commits them, times the first page of the completion list
(crm.sales_target_progress sorted by completion, as the tab asks for it) as hq_marketing and the
own targets of a marketer (我的任务), and removes everything it added. Median of `runs` after
a warm-up. Target: < 300 ms for 2 000 staff.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from typing import Callable

import psycopg

from crm_desktop.services import sales_targets
from crm_desktop.tools.bench.connections import BenchError, close_staff, open_staff
from crm_desktop.tools.demo import DEMO_PASSWORD

TARGET_MS = 300.0
PREFIX = "bench_target_"


def _times(fn: Callable[[], object], runs: int) -> list[float]:
    fn()                                              # warm-up (plans, caches)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000.0)
    return times


def _add_bench_staff(admin: psycopg.Connection, month: date, missing: int) -> None:
    """`missing` staff of the demo's branches with results on each loaded day of `month` and four
    monthly targets each (set by 'bench')."""
    admin.execute(
        """INSERT INTO crm.staff (login, name, branch_id, staff_type, status, must_change_password, created_by)
           SELECT %(prefix)s || lpad(n::text, 5, '0'), '压测员工' || n, b.id, 'marketing', 'active', false, 'bench'
             FROM generate_series(1, %(missing)s) n
             JOIN LATERAL (SELECT id FROM crm.branch WHERE kind = 'branch' ORDER BY id
                            OFFSET n %% (SELECT count(*) FROM crm.branch WHERE kind = 'branch') LIMIT 1) b ON true""",
        {"prefix": PREFIX, "missing": missing})
    admin.execute(
        """INSERT INTO crm.sales_result_day (trade_date, branch_id, staff_id, customers, net_inflow_cents,
                                             trade_volume_cents, commission_cents, net_commission_cents,
                                             interest_spread_cents, pnl_cents)
           SELECT d.trade_date, s.branch_id, s.id, 1000, (hashint4(s.id + d.k) %% 10000000)::bigint,
                  abs(hashint4(s.id * 3 + d.k))::bigint, abs(hashint4(s.id * 5 + d.k) %% 1000000)::bigint,
                  abs(hashint4(s.id * 7 + d.k) %% 800000)::bigint, abs(hashint4(s.id * 11 + d.k) %% 300000)::bigint,
                  (hashint4(s.id * 13 + d.k) %% 5000000)::bigint
             FROM crm.staff s
            CROSS JOIN (SELECT DISTINCT r.trade_date, extract(day FROM r.trade_date)::integer AS k
                          FROM crm.sales_result_day r
                         WHERE r.trade_date >= %(month)s AND r.trade_date < %(month)s::date + interval '1 month') d
            WHERE s.login LIKE %(like)s""", {"month": month, "like": PREFIX + "%"})
    admin.execute(
        """INSERT INTO crm.sales_target (subject_kind, staff_id, branch_id, period_kind, period_start, metric,
                                         target_value, set_by)
           SELECT 'staff', s.id, s.branch_id, 'month', %(month)s, m.metric, m.value, 'bench'
             FROM crm.staff s
            CROSS JOIN (VALUES ('new_accounts', 20), ('net_inflow', 500000000), ('commission', 10000000),
                               ('contribution', 15000000)) m(metric, value)
            WHERE s.login LIKE %(like)s""", {"month": month, "like": PREFIX + "%"})


def _remove_bench_staff(admin: psycopg.Connection) -> None:
    like = PREFIX + "%"
    admin.execute("DELETE FROM crm.sales_target WHERE staff_id IN (SELECT id FROM crm.staff WHERE login LIKE %s)",
                  (like,))
    admin.execute("DELETE FROM crm.sales_result_day WHERE staff_id IN (SELECT id FROM crm.staff WHERE login LIKE %s)",
                  (like,))
    admin.execute("DELETE FROM crm.staff WHERE login LIKE %s AND created_by = 'bench'", (like,))


def targets(admin_url: str, out: Callable[[str], None] = print, *, staff: int = 2000, runs: int = 7,
            hq: str = "hq_marketing", marketer: str = "bj01_mkt01", password: str = DEMO_PASSWORD) -> dict:
    """Time the HQ completion list over `staff` staff with monthly targets; print and return the figures."""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        latest = admin.execute("SELECT max(trade_date) FROM crm.sales_result_day").fetchone()[0]
        if latest is None or not admin.execute("SELECT 1 FROM crm.staff WHERE login = %s", (hq,)).fetchone():
            raise BenchError("seed the demo data first (crm-admin demo seed): no daily results or no " + hq)
        month = date(latest.year, latest.month, 1)
        customers = admin.execute("SELECT count(*) FROM crm.customer").fetchone()[0]
        with_targets = admin.execute("SELECT count(DISTINCT staff_id) FROM crm.sales_target WHERE period_kind = 'month' "
                                     "AND period_start = %s AND subject_kind = 'staff'", (month,)).fetchone()[0]
        missing = max(0, staff - with_targets)
        _remove_bench_staff(admin)
        if missing:
            with admin.transaction():
                _add_bench_staff(admin, month, missing)
            admin.execute("ANALYZE crm.sales_result_day")
            admin.execute("ANALYZE crm.sales_target")
            admin.execute("ANALYZE crm.staff")
    try:
        conn = open_staff(admin_url, hq, password)
        try:
            page, total = sales_targets.progress_page(conn, "month", month, sort="completion", limit=200)
            hq_times = _times(lambda: sales_targets.progress_page(conn, "month", month, sort="completion",
                                                                  limit=200), runs)
            last_times = _times(lambda: sales_targets.progress_page(conn, "month", month, sort="subject_name",
                                                                    descending=True, offset=max(0, total - 200),
                                                                    limit=200), runs)
        finally:
            close_staff(conn)
        mine_times, mine_rows = [], 0
        with psycopg.connect(admin_url, autocommit=True) as admin:
            has_marketer = admin.execute("SELECT 1 FROM crm.staff WHERE login = %s", (marketer,)).fetchone()
        if has_marketer:
            conn = open_staff(admin_url, marketer, password)
            try:
                mine_rows = len(sales_targets.my_progress(conn, "month", month))
                mine_times = _times(lambda: sales_targets.my_progress(conn, "month", month), runs)
            finally:
                close_staff(conn)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            _remove_bench_staff(admin)

    median = round(statistics.median(hq_times), 1)
    result = {"customers": customers, "month": month.isoformat(), "staff_with_targets": with_targets + missing,
              "bench_staff_added": missing, "targets": total, "page_rows": len(page), "runs": runs,
              "hq_first_page_ms": median, "hq_last_page_ms": round(statistics.median(last_times), 1),
              "marketer_rows": mine_rows,
              "marketer_ms": round(statistics.median(mine_times), 1) if mine_times else None,
              "target_ms": TARGET_MS, "met": median < TARGET_MS}
    out(f"销售任务 completion benchmark ({customers:,} customers, month {month:%Y-%m}; median of {runs} after a warm-up)")
    out(f"  staff with monthly targets: {result['staff_with_targets']:,} ({missing:,} added by the benchmark), "
        f"{total:,} targets")
    out(f"  HQ ({hq}) first page, sorted by completion: {median:8.1f} ms   target < {TARGET_MS:.0f} ms: "
        f"{'met' if result['met'] else 'MISSED'}")
    out(f"  HQ last page, sorted by name descending:    {result['hq_last_page_ms']:8.1f} ms")
    if mine_times:
        out(f"  marketer ({marketer}) 我的任务, {mine_rows} targets:   {result['marketer_ms']:8.1f} ms")
    return result
