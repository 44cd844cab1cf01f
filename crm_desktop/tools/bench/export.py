"""Benchmark of the list export (`crm-admin bench export`); prints figures, asserts nothing.

On the currently seeded database (`crm-admin demo seed --customers 2000000 --days 5` first), as
an HQ user (hq_marketing: RLS on, every customer visible) with their own CRM session: the
export of about 100 000 rows x 10 columns (an open-date filter chosen so the list has that many
rows) through services.export -- the real path: crm.begin_export, a server-side cursor, XlsxWriter
in constant-memory mode, crm.finish_export. Printed: rows/s (wall time, query included) against
the issue's >= 15 000 rows/s, and the peak RSS growth of this process during the export (sampled
every 5 ms), for a 10 000-row and a 100 000-row export: equal growth = memory flat in the row
count.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

import psutil
import psycopg

from crm_desktop.services import export as export_service
from crm_desktop.tools.bench.connections import BenchError, close_staff, open_staff
from crm_desktop.services.customer_query.filters import Condition, Group
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.tools.demo import DEMO_PASSWORD
from crm_desktop.services.tasks import TaskContext

COLUMNS = ("account_no", "name", "gender", "birthday", "open_date", "branch_name", "status", "mobile",
           "developer", "total_assets")
TARGET_ROWS_PER_S = 15000.0


class _PeakRss:
    """Peak resident set size of this process while the block runs (a sampling thread)."""

    def __init__(self, interval: float = 0.005):
        self.process = psutil.Process()
        self.interval = interval
        self.before = self.peak = 0
        self._stop = threading.Event()

    def __enter__(self) -> "_PeakRss":
        self.before = self.peak = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.interval)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.before) / 1e6


def _query_for(admin: psycopg.Connection, rows: int) -> CustomerQuery:
    """A list of about `rows` customers: open_date before the date at that rank (setup, as the
    superuser; not timed)."""
    found = admin.execute("SELECT open_date FROM crm.customer ORDER BY open_date OFFSET %s LIMIT 1",
                          (rows,)).fetchone()
    if found is None:
        return CustomerQuery(columns=COLUMNS)
    return CustomerQuery(columns=COLUMNS, sort="account_no",
                         filter=Group("and", [Condition("open_date", "lt", found[0].isoformat())]))


def _one(conn: psycopg.Connection, query: CustomerQuery, folder: Path, name: str) -> dict:
    path = folder / name
    with _PeakRss() as rss:
        result = export_service.export_customers(TaskContext(), conn, query, path, "zh")
    size = path.stat().st_size
    path.unlink()
    return {"rows": result.rows, "seconds": round(result.seconds, 3),
            "rows_per_s": round(result.rows / result.seconds) if result.seconds > 0 else None,
            "peak_rss_growth_mb": round(rss.growth_mb, 1), "rss_before_mb": round(rss.before / 1e6, 1),
            "file_mb": round(size / 1e6, 1)}


def export(admin_url: str, out: Callable[[str], None] = print, *, rows: int = 100_000, small: int = 10_000,
           login: str = "hq_marketing", password: str = DEMO_PASSWORD) -> dict:
    """Time a 10-column list export of ~`rows` rows (and of ~`small` rows for the memory
    comparison); print and return the figures."""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        total = admin.execute("SELECT count(*) FROM crm.customer").fetchone()[0]
        if not admin.execute("SELECT EXISTS (SELECT 1 FROM crm.staff WHERE login = %s AND status = 'active')",
                             (login,)).fetchone()[0] or total == 0:
            raise BenchError("seed the demo data first (crm-admin demo seed --customers 2000000 --days 5)")
        big_query, small_query = _query_for(admin, rows), _query_for(admin, small)
    result: dict = {"customers": total, "login": login, "columns": list(COLUMNS)}
    out(f"Export benchmark ({total:,} customers; {len(COLUMNS)} columns; as {login}, RLS on; XlsxWriter "
        f"constant_memory from a server-side cursor)")
    conn = open_staff(admin_url, login, password)
    try:
        with tempfile.TemporaryDirectory(prefix="crm-bench-export-") as folder:
            _one(conn, CustomerQuery(columns=COLUMNS, search="1"), Path(folder), "warmup.xlsx")   # imports, caches
            result["small"] = _one(conn, small_query, Path(folder), "small.xlsx")
            result["large"] = _one(conn, big_query, Path(folder), "large.xlsx")
    finally:
        close_staff(conn)
    for label, fig in (("small", result["small"]), ("large", result["large"])):
        met = fig["rows_per_s"] is not None and fig["rows_per_s"] >= TARGET_ROWS_PER_S
        out(f"  {fig['rows']:>9,} rows: {fig['seconds']:6.2f} s = {fig['rows_per_s'] or 0:>7,} rows/s "
            f"(target >= {TARGET_ROWS_PER_S:,.0f}: {'met' if met else 'MISSED'}); peak RSS growth "
            f"{fig['peak_rss_growth_mb']:.1f} MB; file {fig['file_mb']:.1f} MB")
    ratio = result["large"]["rows"] / max(result["small"]["rows"], 1)
    out(f"  memory: {ratio:.0f}x the rows, peak RSS growth {result['small']['peak_rss_growth_mb']:.1f} -> "
        f"{result['large']['peak_rss_growth_mb']:.1f} MB (process RSS before: "
        f"{result['large']['rss_before_mb']:.0f} MB; pid {os.getpid()})")
    return result
