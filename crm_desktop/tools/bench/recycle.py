"""`crm-admin bench recycle`: the public pool recycling scan (公共池回收) on the demo data. Prints
figures; not timed assertions.

In ONE transaction that is rolled back at the end (the demo data is left as it was): the policy
is switched on (180 days, 14 days warning, on for a year), about two thirds of the developed
customers get a visit at a random time within the last year (the demo seed writes no visits),
then it times

* the scan alone: crm.pool_recycle_candidates over every branch (what is due today),
* one agent round: crm.agent_recycle_pool() as crm_agent (at most 500 customers per branch:
  scan + release + report rows), and from it the cost per recycled customer,
* one owner's 即将回收 list: the candidates of the marketer with most customers, due within the
  warning days (what crm.my_recycling_due runs for 今日提醒),

and extrapolates the scan linearly to 2 000 000 customers (target < 30 s): it is one pass over the
live development relationships with two index probes per customer (visits, SMS), so its time
grows with the customers, not with the branches.
"""

from __future__ import annotations

import time
from typing import Callable

import psycopg

from crm_desktop.tools.bench.connections import BenchError

TARGET_CUSTOMERS = 2_000_000
TARGET_SECONDS = 30.0
VISITED_SHARE = 0.66


def _timed(conn: psycopg.Connection, query: str, params: tuple = ()) -> tuple[list[tuple], float]:
    started = time.perf_counter()
    rows = conn.execute(query, params).fetchall()
    return rows, time.perf_counter() - started


def recycle(admin_url: str, out: Callable[[str], None] = print, **_: object) -> dict:
    with psycopg.connect(admin_url) as conn:
        customers = conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0]
        developed = conn.execute("SELECT count(*) FROM crm.relationship "
                                 "WHERE kind = 'development' AND status = 'live'").fetchone()[0]
        if customers == 0 or developed == 0:
            raise BenchError("seed the demo data first (crm-admin demo seed): no developed customers")
        try:
            conn.execute("UPDATE crm.pool_recycle_policy SET enabled = true, days = 180, warning_days = 14, "
                         "enabled_since = current_date - 365")
            started = time.perf_counter()
            # Bench rows only, rolled back: written like the demo seed writes its bulk (no audit rows).
            conn.execute("SET LOCAL session_replication_role = replica")
            visits = conn.execute(
                """INSERT INTO crm.visit (customer_id, branch_id, staff_id, visited_at, channel, content)
                   SELECT r.customer_id, r.branch_id, r.staff_id,
                          now() - make_interval(secs => (hashint8extended(r.customer_id, 7) & 31535999)::double precision),
                          'phone', 'bench'
                     FROM crm.relationship r
                    WHERE r.kind = 'development' AND r.status = 'live'
                      AND (hashint8extended(r.customer_id, 3) & 1023) < %s""",
                (int(VISITED_SHARE * 1024),)).rowcount
            conn.execute("SET LOCAL session_replication_role = origin")
            conn.execute("ANALYZE crm.visit")
            conn.execute("ANALYZE crm.relationship")
            setup = time.perf_counter() - started

            out(f"customers {customers:,}, live development relationships {developed:,}, "
                f"visits added for the bench {visits:,} ({setup:.1f} s, rolled back at the end)")
            conn.execute("SELECT count(*) FROM crm.pool_recycle_candidates(NULL, NULL, current_date)")  # warm-up
            rows, scan = _timed(conn, "SELECT count(*) FROM crm.pool_recycle_candidates(NULL, NULL, current_date)")
            due = rows[0][0]
            out(f"scan (due today, every branch): {due:,} customers in {scan:.2f} s; "
                f"extrapolated to {TARGET_CUSTOMERS:,} customers {scan * TARGET_CUSTOMERS / customers:.1f} s "
                f"(target < {TARGET_SECONDS:.0f} s)")
            owner = conn.execute("SELECT staff_id, count(*) FROM crm.relationship WHERE kind = 'development' "
                                 "AND status = 'live' GROUP BY 1 ORDER BY 2 DESC LIMIT 1").fetchone()
            rows, owner_seconds = _timed(
                conn, "SELECT count(*) FROM crm.pool_recycle_candidates(NULL, %s, current_date + 14)", (owner[0],))
            owner_due = rows[0][0]
            out(f"owner's 即将回收 list (staff {owner[0]}, {owner[1]:,} customers): {owner_due:,} due within "
                f"14 days, {owner_seconds * 1000:.1f} ms")
            conn.execute("SET ROLE crm_agent")
            rows, round_seconds = _timed(conn, "SELECT * FROM crm.agent_recycle_pool()")
            conn.execute("RESET ROLE")
            recycled = sum(r[2] for r in rows)
            per_customer = round_seconds / max(recycled, 1)
            out(f"one agent round (at most 500 customers per branch): {recycled:,} customers in {len(rows)} "
                f"branches, {round_seconds:.2f} s ({per_customer * 1000:.1f} ms per customer: release, "
                f"customer list and analysis rollup triggers, audit); the {due:,} due today take about "
                f"{due / max(recycled, 1):.0f} rounds")
        finally:
            conn.rollback()

    factor = TARGET_CUSTOMERS / customers
    result = {
        "customers": customers, "live_development_relationships": developed, "visits_added": visits,
        "setup_seconds": round(setup, 2), "due_today": due, "scan_seconds": round(scan, 3),
        "recycle_round_seconds": round(round_seconds, 3), "recycled": recycled, "branches_with_runs": len(rows),
        "ms_per_recycled_customer": round(per_customer * 1000, 2),
        "owner_staff_id": owner[0], "owner_customers": owner[1], "owner_due_within_warning": owner_due,
        "owner_list_ms": round(owner_seconds * 1000, 1),
        "extrapolated_scan_seconds_2m": round(scan * factor, 1),
        "target_seconds_2m": TARGET_SECONDS,
    }
    out("rolled back: the demo data is unchanged")
    return result
