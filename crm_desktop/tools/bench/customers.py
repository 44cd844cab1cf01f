"""Benchmark of the Customers list engine (`crm-admin bench customers`); prints figures, asserts
nothing.

On the currently seeded database (`crm-admin demo seed --customers 2000000 --days 5` first), as
a marketing director (bj01_director) and as an HQ user (hq_marketing), each with their own CRM
session (so RLS applies): the first page, account-number prefix / mobile / ID-number / name
searches, a change of sort column, the last page (Ctrl+End), a jump to 50 % and the count
estimate -- each the median of several runs after a warm-up, printed next to its target from
issue #4. Searches use a different visible customer on every run.
"""

from __future__ import annotations

import statistics
import time
from typing import Callable

import psycopg

from crm_desktop.tools.bench.connections import BenchError, close_staff, open_staff
from crm_desktop.services.customer_query.counting import estimate_count, forget_calibration
from crm_desktop.services.customer_query.latest import refresh_latest
from crm_desktop.services.customer_query.paging import fetch_last_page, fetch_page
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.services.customer_query.seeking import seek_fraction
from crm_desktop.tools.demo import DEMO_PASSWORD

# Targets of issue #4 (milliseconds).
TARGETS: dict[str, float] = {
    "first_page": 150.0, "next_page": 150.0, "account_prefix": 50.0, "mobile": 50.0, "id_no": 50.0,
    "name_contains": 150.0, "name_contains_1char": 150.0,
    "sort_name": 300.0, "sort_open_date_desc": 300.0, "sort_total_assets_desc": 300.0, "sort_developer": 300.0,
    "last_page": 100.0, "seek_50": 100.0, "estimate_count": 100.0,
}
LABELS: dict[str, str] = {
    "first_page": "first page (200 rows)",
    "next_page": "next page (scrolling)",
    "account_prefix": "资金账号 prefix search",
    "mobile": "mobile search (11 digits)",
    "id_no": "ID-number search",
    "name_contains": "name contains (2 chars)",
    "name_contains_1char": "name contains (1 char)",
    "sort_name": "sort by name",
    "sort_open_date_desc": "sort by open date desc",
    "sort_total_assets_desc": "sort by total assets desc",
    "sort_developer": "sort by developer",
    "last_page": "last page (Ctrl+End)",
    "seek_50": "jump to 50 %",
    "estimate_count": "count estimate",
}


def _samples(conn: psycopg.Connection, admin: psycopg.Connection, count: int) -> list[dict]:
    """`count` visible customers spread over the id range (not timed); their full mobile and ID
    number (which staff cannot read) from the admin connection."""
    top = conn.execute("SELECT max(id) FROM crm.customer").fetchone()[0] or 0
    found: list[dict] = []
    for i in range(count):
        row = conn.execute(
            "SELECT id, account_no, name FROM crm.customer WHERE id >= %s AND mobile_masked IS NOT NULL "
            "AND id_no_masked IS NOT NULL AND char_length(name) >= 2 ORDER BY id LIMIT 1",
            (top * (i + 1) // (count + 1),)).fetchone()
        if row:
            mobile, id_no = admin.execute("SELECT mobile, id_no FROM crm.customer WHERE id = %s", (row[0],)).fetchone()
            found.append({"account_no": row[1], "mobile": mobile, "id_no": id_no, "name": row[2]})
    if not found:
        raise BenchError("no visible customers with a mobile and an ID number")
    return found


def _time(fn: Callable[[int], object], runs: int) -> list[float]:
    fn(0)                                                         # warm-up (caches, catalog)
    times = []
    for i in range(runs):
        started = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - started) * 1000.0)
    return times


def _measure(conn: psycopg.Connection, admin: psycopg.Connection, runs: int) -> dict[str, dict]:
    samples = _samples(conn, admin, runs + 1)

    def sample(i: int) -> dict:
        return samples[i % len(samples)]

    base = CustomerQuery()
    first = fetch_page(conn, base)
    forget_calibration(conn)
    started = time.perf_counter()
    estimate_count(conn, base)
    calibration_ms = (time.perf_counter() - started) * 1000.0
    ops: dict[str, Callable[[int], object]] = {
        "first_page": lambda i: fetch_page(conn, base),
        "next_page": lambda i: fetch_page(conn, base, after=first.last_key),
        "account_prefix": lambda i: fetch_page(conn, CustomerQuery(search=sample(i)["account_no"][:9])),
        "mobile": lambda i: fetch_page(conn, CustomerQuery(search=sample(i)["mobile"])),
        "id_no": lambda i: fetch_page(conn, CustomerQuery(search=sample(i)["id_no"])),
        "name_contains": lambda i: fetch_page(conn, CustomerQuery(search=sample(i)["name"][-2:])),
        "name_contains_1char": lambda i: fetch_page(conn, CustomerQuery(search=sample(i)["name"][-1:])),
        "sort_name": lambda i: fetch_page(conn, CustomerQuery(sort="name")),
        "sort_open_date_desc": lambda i: fetch_page(conn, CustomerQuery(sort="open_date", descending=True)),
        "sort_total_assets_desc": lambda i: fetch_page(conn, CustomerQuery(sort="total_assets",
                                                                             descending=True)),
        "sort_developer": lambda i: fetch_page(conn, CustomerQuery(sort="developer")),
        "last_page": lambda i: fetch_last_page(conn, base),
        "seek_50": lambda i: seek_fraction(conn, base, 0.5),
        "estimate_count": lambda i: estimate_count(conn, base),
    }
    figures: dict[str, dict] = {}
    for name, fn in ops.items():
        times = _time(fn, runs)
        median = statistics.median(times)
        figures[name] = {"median_ms": round(median, 2), "min_ms": round(min(times), 2),
                         "max_ms": round(max(times), 2), "target_ms": TARGETS[name],
                         "met": median < TARGETS[name]}
    figures["estimate_count"]["first_call_ms"] = round(calibration_ms, 2)
    return figures


def customers(admin_url: str, out: Callable[[str], None] = print, *, runs: int = 7,
              director: str = "bj01_director", hq: str = "hq_marketing", password: str = DEMO_PASSWORD) -> dict:
    """Time the Customers list operations; print and return the figures."""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        total = admin.execute("SELECT count(*) FROM crm.customer").fetchone()[0]
        known = {r[0] for r in admin.execute(
            "SELECT login FROM crm.staff WHERE login = ANY (%s) AND status = 'active'", ([director, hq],))}
        missing = [x for x in (director, hq) if x not in known]
        if total == 0 or missing:
            raise BenchError("seed the demo data first (crm-admin demo seed --customers 2000000 --days 5): "
                             + (f"no staff {', '.join(missing)}" if missing else "no customers"))
        if admin.execute("SELECT to_regclass('crm.customer_latest') IS NULL").fetchone()[0]:
            raise BenchError("the database lacks migration 0002 (crm-admin db upgrade)")
        notes = []
        if admin.execute("SELECT NOT EXISTS (SELECT 1 FROM crm.customer_latest) "
                         "AND EXISTS (SELECT 1 FROM crm.customer_daily)").fetchone()[0]:
            started = time.perf_counter()
            rows = refresh_latest(admin)
            notes.append(f"crm.customer_latest was empty (a seed without refresh_latest): filled "
                         f"{rows:,} rows in {time.perf_counter() - started:.1f} s")
            admin.execute("ANALYZE crm.customer_latest")
        if admin.execute("SELECT last_analyze IS NULL AND last_autoanalyze IS NULL FROM pg_stat_user_tables "
                         "WHERE relid = 'crm.customer_latest'::regclass").fetchone()[0]:
            admin.execute("ANALYZE crm.customer_latest")
            notes.append("crm.customer_latest had no planner statistics yet: analyzed it")

    result: dict = {"customers": total, "runs": runs, "logins": {}, "notes": notes}
    out(f"Customers list benchmark ({total:,} customers; median of {runs} runs after a warm-up; "
        f"RLS as each login)")
    for note in notes:
        out(f"  note: {note}")
    for login in (director, hq):
        conn = open_staff(admin_url, login, password)
        try:
            visible = conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0]
            with psycopg.connect(admin_url, autocommit=True) as admin:
                figures = _measure(conn, admin, runs)
        finally:
            close_staff(conn)
        result["logins"][login] = {"visible": visible, "figures": figures}
        out(f"  {login} ({visible:,} visible customers)")
        for name, fig in figures.items():
            extra = (f"  (first call, with the visible-count calibration: {fig['first_call_ms']:.1f} ms)"
                     if "first_call_ms" in fig else "")
            out(f"    {LABELS[name]:<28} {fig['median_ms']:8.1f} ms   target < {fig['target_ms']:.0f} ms: "
                f"{'met' if fig['met'] else 'MISSED'}{extra}")
    return result
