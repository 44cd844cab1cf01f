"""Smoke runs of `crm-admin bench export` and `crm-admin bench scroll` on a small seed: they run
and print their figures. The figures themselves are never asserted (DESIGN.md section 7)."""

from __future__ import annotations

from crm_desktop.tools import demo
from crm_desktop.tools.bench import export as bench_export
from crm_desktop.ui.bench import scroll as bench_scroll


def test_export_and_scroll_benchmarks_run_on_a_small_seed(qtbot, demo_db, gate_password):
    # The demo of the export, sales-target and bench load tests: copied from the session's seed.
    db = demo_db(customers=1500, days=3, seed=3)
    lines: list[str] = []
    figures = bench_export.export(db.admin_url, lines.append, rows=800, small=200)
    assert {"small", "large"} <= figures.keys() and figures["large"]["rows"] > figures["small"]["rows"] > 0
    assert any("rows/s" in line for line in lines)
    lines.clear()
    scrolled = bench_scroll.scroll(db.admin_url, lines.append, password=demo.DEMO_PASSWORD,
                                  gate_password=gate_password)
    # Positions reached by an approximate seek may be off by a row or two (paged_model.py).
    visible = db.scalar("SELECT count(*) FROM crm.customer")
    assert abs(scrolled["rows"] - visible) <= 2 and scrolled["steps"] > 1
    assert any("RSS" in line for line in lines)
    print("\n".join(lines))
