"""HQ's VIP thresholds and default asset ranges (issue #15) end to end: new thresholds give the
new level at the next T+1 load (earlier days keep theirs; the customer list's latest values and
the month rollup follow the load); new default edges are what the pivot's asset ranges, members
and reports use at once, answered from the customer rollup (the branch rollup keeps its bands)."""

from __future__ import annotations

import bisect
from datetime import date
from pathlib import Path

from crm_desktop.services import pivot, reference_settings, t1_load
from crm_desktop.services.pivot import Layout, Value
from crm_desktop.tools import demo

DATA = Path(__file__).resolve().parent.parent / "data" / "t1"
D1, D2 = date(2024, 1, 3), date(2024, 1, 4)
NEW_THRESHOLDS = [600_000, 3_000_000, 20_000_000]          # yuan: silver, gold, diamond


def _level(cents: int, thresholds_yuan: list[int]) -> int:
    return bisect.bisect_right([t * 100 for t in thresholds_yuan], cents)


def test_new_vip_thresholds_apply_from_the_next_load(db):
    db.make_staff("hqadmin", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    with db.admin() as conn:
        t1_load.load_export(conn, DATA / "gbk", D1)
        before = dict(conn.execute("SELECT customer_id, vip_level FROM crm.customer_daily WHERE trade_date = %s",
                                   (D1,)).fetchall())
    with db.session("hqadmin") as conn:
        old = [int(r["min_assets"]) for r in reference_settings.vip_levels(conn)[1:]]
        reference_settings.set_vip_thresholds(conn, NEW_THRESHOLDS)
        assert [int(r["min_assets"]) for r in reference_settings.vip_levels(conn)[1:]] == NEW_THRESHOLDS
    with db.admin() as conn:
        # Nothing already loaded moved.
        assert dict(conn.execute("SELECT customer_id, vip_level FROM crm.customer_daily WHERE trade_date = %s",
                                 (D1,)).fetchall()) == before
        t1_load.load_export(conn, DATA / "utf8bom", D2)
        day1 = conn.execute("SELECT total_assets_cents, vip_level FROM crm.customer_daily "
                            "WHERE trade_date = %s", (D1,)).fetchall()
        day2 = conn.execute("SELECT d.customer_id, d.total_assets_cents, d.vip_level, l.vip_level, m.vip_end "
                            "FROM crm.customer_daily d JOIN crm.customer_latest l USING (customer_id) "
                            "JOIN crm.pivot_customer_month m ON m.customer_id = d.customer_id AND m.month = %s "
                            "WHERE d.trade_date = %s", (D2.replace(day=1), D2)).fetchall()
    assert all(level == _level(cents, old) for cents, level in day1)
    assert len(day2) == 6
    for _, cents, level, latest, month_end in day2:
        assert level == latest == month_end == _level(cents, NEW_THRESHOLDS)
    # The data set has customers whose level the change moved (523 456.78 yuan: silver -> standard).
    assert any(_level(cents, old) != _level(cents, NEW_THRESHOLDS) for _, cents, *_ in day2)


def _band_counts(result: pivot.PivotResult) -> dict[int, int]:
    return {r[0]: r[2] for r in result.records if r[1] == 0}


def test_the_pivot_follows_the_default_asset_edges(demo_db):
    database = demo_db(300, 40)
    edges = (20_000, 200_000, 1_000_000)
    layout = Layout(rows=("asset_range",), values=(Value("customers", "count"),))
    with database.session("hq_admin", demo.DEMO_PASSWORD) as admin, \
            database.session("hq_marketing", demo.DEMO_PASSWORD) as conn:
        _, latest = pivot.data_bounds(conn)
        one_month = Layout(rows=("asset_range",), values=(Value("customers", "count"),),
                           start=latest.replace(day=1), end=latest)
        assert pivot.run(conn, one_month).source == "branch_month"
        builtin = _band_counts(pivot.run(conn, layout))
        reference_settings.set_default_asset_edges(admin, list(edges))
        assert reference_settings.default_asset_edges(conn) == edges

        result = pivot.run(conn, layout)
        assert result.layout.asset_edges == edges and result.source != "branch_month"
        got = _band_counts(result)
        # The same numbers as a layout that chose these edges itself, and as the facts say.
        assert got == _band_counts(pivot.run(conn, Layout(rows=("asset_range",), values=layout.values,
                                                          asset_edges=edges)))
        oracle = dict(conn.execute(
            "SELECT width_bucket(total_assets_cents, %s::bigint[]), count(*) FROM "
            "(SELECT DISTINCT ON (customer_id) total_assets_cents FROM crm.customer_daily "
            " ORDER BY customer_id, trade_date DESC) x GROUP BY 1", ([e * 100 for e in edges],)).fetchall())
        assert got == oracle and got != builtin and set(got) <= set(range(len(edges) + 1))
        assert result.grid().member_label("asset_range", 1) == "2万 – 20万"
        # The branch rollup's bands stay; a single month is answered from the customer rollup.
        month_result = pivot.run(conn, one_month)
        assert month_result.source == "customer_month" and set(_band_counts(month_result)) <= {0, 1, 2, 3}

        assert [k for k, _ in pivot.members(conn, "asset_range")] == [0, 1, 2, 3]
        loss = pivot.report_layout(conn, "loss_ranking")
        assert loss.asset_edges == edges and loss.filters[0].members == (1, 2, 3)

        reference_settings.set_default_asset_edges(admin, list(pivot.DEFAULT_ASSET_EDGES))
        assert pivot.run(conn, one_month).source == "branch_month"
        assert _band_counts(pivot.run(conn, layout)) == builtin
