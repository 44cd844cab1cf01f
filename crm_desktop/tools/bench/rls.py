"""`crm-admin bench rls`: what row-level security costs. Prints figures; not timed assertions.

`rls(admin_url)` times `SELECT count(*) FROM crm.customer` on a database seeded with the demo
generator (crm_desktop.tools.demo): as a marketing director (客户范围 subordinates + public
pool), as an HQ user (scope all) and as the superuser (no RLS), each after a warm-up, median of
several runs, and shows how the director's plan evaluates the policy helpers (InitPlans: once
per statement, not per row).
"""

from __future__ import annotations

import statistics
import time
from typing import Callable

import psycopg

from crm_desktop.tools.bench.connections import BenchError, close_staff, open_staff
from crm_desktop.tools.demo import DEMO_PASSWORD

COUNT_QUERY = "SELECT count(*) FROM crm.customer"
DIRECTOR_TARGET_MS = 100.0       # on 1 M customers
HQ_RATIO_TARGET = 1.5            # HQ user vs superuser


def _time_query(conn: psycopg.Connection, query: str, runs: int) -> tuple[int, list[float]]:
    rows = conn.execute(query).fetchone()[0]                     # warm-up (caches, plan)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        conn.execute(query).fetchone()
        times.append((time.perf_counter() - started) * 1000.0)
    return rows, times


def _figures(login: str, rows: int, times: list[float]) -> dict:
    return {"login": login, "rows": rows, "median_ms": round(statistics.median(times), 2),
            "min_ms": round(min(times), 2), "max_ms": round(max(times), 2)}


def plan_lines(conn: psycopg.Connection, query: str = COUNT_QUERY) -> list[str]:
    """EXPLAIN (ANALYZE, VERBOSE) of `query`: the lines that show how the policy runs."""
    return [r[0] for r in conn.execute(f"EXPLAIN (ANALYZE, VERBOSE, COSTS OFF) {query}")]


def _policy_lines(plan: list[str]) -> list[str]:
    """InitPlans with the helper each one calls, the scan, its filter and any SubPlan."""
    keep: list[str] = []
    for i, line in enumerate(plan):
        text = line.strip()
        if text.startswith(("InitPlan", "SubPlan")):
            output = next((p.strip() for p in plan[i + 1:i + 4] if p.strip().startswith("Output:")), "")
            keep.append(f"{text}  {output}".rstrip())
        elif "Scan" in text or text.startswith(("Filter:", "Index Cond:", "Workers Launched:",
                                                 "Execution Time:")):
            keep.append(text)
    return keep


def rls(admin_url: str, out: Callable[[str], None] = print, *, runs: int = 7,
        director: str = "bj01_director", hq: str = "hq_marketing", marketer: str = "bj01_mkt01",
        password: str = DEMO_PASSWORD) -> dict:
    """Time count(*) over crm.customer under RLS; print and return the figures."""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        customers = admin.execute("SELECT count(*) FROM crm.customer").fetchone()[0]
        known = {r[0] for r in admin.execute(
            "SELECT login FROM crm.staff WHERE login = ANY (%s) AND status = 'active'",
            ([director, hq, marketer],))}
        missing = [x for x in (director, hq) if x not in known]
        if customers == 0 or missing:
            raise BenchError("seed the demo data first (crm-admin demo seed): "
                             + (f"no staff {', '.join(missing)}" if missing else "no customers"))
        admin.execute("ANALYZE crm.customer")
        su_rows, su_times = _time_query(admin, COUNT_QUERY, runs)

    result: dict = {"customers": customers, "runs": runs, "query": COUNT_QUERY}
    conn = open_staff(admin_url, director, password)
    try:
        d_rows, d_times = _time_query(conn, COUNT_QUERY, runs)
        plan = plan_lines(conn)
    finally:
        close_staff(conn)
    conn = open_staff(admin_url, hq, password)
    try:
        h_rows, h_times = _time_query(conn, COUNT_QUERY, runs)
    finally:
        close_staff(conn)
    m_fig = None
    if marketer in known:
        conn = open_staff(admin_url, marketer, password)
        try:
            m_fig = _figures(marketer, *_time_query(conn, COUNT_QUERY, runs))
        finally:
            close_staff(conn)

    d_fig, h_fig, s_fig = _figures(director, d_rows, d_times), _figures(hq, h_rows, h_times), \
        _figures("superuser", su_rows, su_times)
    ratio = h_fig["median_ms"] / s_fig["median_ms"] if s_fig["median_ms"] > 0 else float("inf")
    director_ok = d_fig["median_ms"] < DIRECTOR_TARGET_MS
    hq_ok = ratio <= HQ_RATIO_TARGET
    result.update({
        "director": d_fig, "hq": h_fig, "superuser": s_fig, "marketer": m_fig,
        "hq_ratio": round(ratio, 2),
        "targets": {"director_ms": DIRECTOR_TARGET_MS, "hq_ratio": HQ_RATIO_TARGET},
        "met": {"director": director_ok, "hq_ratio": hq_ok},
        "plan": _policy_lines(plan),
    })

    out(f"RLS benchmark: {COUNT_QUERY}  ({customers:,} customers; median of {runs} after a warm-up)")
    out(f"  (a) director   {director:<14} {d_fig['rows']:>10,} rows {d_fig['median_ms']:9.1f} ms"
        f"   target < {DIRECTOR_TARGET_MS:.0f} ms on 1 M customers: {'met' if director_ok else 'MISSED'}")
    out(f"  (b) HQ user    {hq:<14} {h_fig['rows']:>10,} rows {h_fig['median_ms']:9.1f} ms"
        f"   = {ratio:.2f} x superuser, target <= {HQ_RATIO_TARGET} x: {'met' if hq_ok else 'MISSED'}")
    out(f"  (c) superuser  {'(no RLS)':<14} {s_fig['rows']:>10,} rows {s_fig['median_ms']:9.1f} ms")
    if m_fig:
        out(f"      marketer   {marketer:<14} {m_fig['rows']:>10,} rows {m_fig['median_ms']:9.1f} ms   (scope own)")
    out("  director's plan (policy helpers as InitPlans, evaluated once per statement):")
    for line in result["plan"]:
        out(f"    {line}")
    return result
