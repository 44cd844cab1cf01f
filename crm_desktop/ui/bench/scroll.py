"""`crm-admin bench scroll`: application memory after scrolling through the whole customer list.
Prints figures; asserts nothing.

The real Customers tab (offscreen), signed in as an HQ user (hq_marketing: every customer
visible, RLS on), is scrolled from the first row to the last one viewport at a time, as a user
dragging through the list would: each step sets the vertical scroll bar (the tab prefetches the
pages around the viewport; the view paints, which asks for the rows) and waits until the rows
on screen are loaded. Printed: the process RSS after sign-in with the first page, after the
whole list, the peak, the pages fetched and the time (issue #4: application < 400 MB).
"""

from __future__ import annotations

import os
import time
from typing import Callable

TARGET_MB = 400.0


def scroll(admin_url: str, out: Callable[[str], None] = print, *, login: str = "hq_marketing",
           password: str, gate_password: str | None = None, max_rows: int | None = None,
           step_timeout: float = 60.0) -> dict:
    """Scroll the whole list (or its first `max_rows` rows); print and return the figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import psutil
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from crm_desktop.db import bootstrap
    from crm_desktop.services import auth
    from crm_desktop.services.connector import StaffConnector
    from crm_desktop.ui.customers.tab import CustomersTab
    from crm_desktop.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    process = psutil.Process()

    def rss_mb() -> float:
        return process.memory_info().rss / 1e6

    def pump_until(predicate: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                return False
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.0005)
        return True

    gate = gate_password if gate_password is not None else bootstrap.target().gate_password
    profile = auth.ServerProfile.from_conninfo("bench", admin_url, gate_password=gate)
    runner = TaskRunner()
    conn, info = auth.sign_in(profile, login, password)
    connector = StaffConnector(profile, login, password)
    connector.adopt(conn)
    tab = CustomersTab(runner, connector, info)
    tab.resize(1280, 800)
    tab.show()
    model, view = tab.model, tab.view
    try:
        if not pump_until(lambda: model.rowCount() > 0 and model.row(0) is not None, step_timeout):
            raise RuntimeError("the first page did not arrive")
        app.processEvents()
        before = rss_mb()
        peak = before
        started = time.perf_counter()
        bar = view.verticalScrollBar()
        visible = max(1, view.rowAt(view.viewport().height() - 1) - view.rowAt(0))
        steps = 0
        top = 0
        while True:
            total = model.rowCount()
            last = (total if max_rows is None else min(total, max_rows)) - 1
            bottom = min(top + visible, last)
            if not pump_until(lambda: model.row(top) is not None and model.row(bottom) is not None, step_timeout):
                raise RuntimeError(
                    f"rows {top}..{bottom} did not load within {step_timeout:.0f} s (pending pages "
                    f"{sorted(model._pending)}, deferred {sorted(model._deferred)}, loaded near: "
                    f"{[p for p in sorted(model._pages) if abs(p - top // model.page_size) < 3]}, "
                    f"rows {model.rowCount()}, status {tab.count_label.text()!r})")
            steps += 1
            if steps % 100 == 0:
                peak = max(peak, rss_mb())
            if bottom >= last:
                if max_rows is not None or model.is_exact():
                    break
                # At the estimated end: the last page read tells the true size (or nothing changes).
                pump_until(lambda: model.is_exact() or model.rowCount() != total, 2.0)
                if model.rowCount() == total:
                    break
                continue
            top = bottom
            bar.setValue(top)
            app.processEvents()
        seconds = time.perf_counter() - started
        runner.wait(30000)
        app.processEvents()
        after = rss_mb()
        peak = max(peak, after)
        rows = model.rowCount() if max_rows is None else min(model.rowCount(), max_rows)
        figures = {"login": login, "rows": rows, "exact": model.is_exact(), "steps": steps,
                   "pages_fetched": model.pages_fetched, "loaded_rows_kept": model.loaded_rows(),
                   "seconds": round(seconds, 1), "rss_before_mb": round(before, 1), "rss_after_mb": round(after, 1),
                   "rss_peak_mb": round(peak, 1), "target_mb": TARGET_MB, "met": peak < TARGET_MB,
                   }
    finally:
        tab.close()
        runner.cancel_all()
        runner.wait(10000)
        connector.close()
        tab.deleteLater()
        app.processEvents()
    out(f"Scrolling the whole Customers list as {login} ({figures['rows']:,} rows{'' if figures['exact'] else ', estimated'}, "
        f"{figures['steps']:,} viewport steps, {figures['pages_fetched']:,} pages fetched, {figures['seconds']:.0f} s)")
    out(f"  process RSS: {figures['rss_before_mb']:.0f} MB after the first page -> {figures['rss_after_mb']:.0f} MB "
        f"at the end (peak sampled {figures['rss_peak_mb']:.0f} MB); rows kept in memory: "
        f"{figures['loaded_rows_kept']:,}; target < {TARGET_MB:.0f} MB: {'met' if figures['met'] else 'MISSED'}")
    return figures
