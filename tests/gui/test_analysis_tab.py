"""多维分析 Analysis tab against the real database: build a layout with the keyboard and by drag
and drop, compare the grid with direct SQL sums, drill into a cell, cancel, export, no tab
without the analysis right."""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import replace

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from crm_desktop.services import auth, pivot
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.analysis.tab import AnalysisTab
from crm_desktop.ui.analysis.common import format_number
from crm_desktop.ui.analysis.fields import _mime
from crm_desktop.ui.analysis.grid_model import RAW_ROLE
from crm_desktop.ui.main_window import MainWindow
from tests.support import TEST_PASSWORD

TIMEOUT = 15000
DAYS = (dt.date(2025, 3, 3), dt.date(2025, 3, 4), dt.date(2025, 4, 1))
START, END = dt.date(2025, 3, 1), dt.date(2025, 4, 30)

# (account, branch, commission cents per day, vip level)
CUSTOMERS = (("A001", "BR01", 1_000, 0), ("A002", "BR01", 2_500, 1), ("A003", "BR01", 300, 0),
             ("B001", "BR02", 7_000, 2), ("B002", "BR02", 1_200, 0))


@pytest.fixture
def data(db):
    db.make_branch("BR02", "上海陆家嘴营业部")
    db.make_staff("an_hq", branch="HQ", name="分析员", roles=("analyst", "data_export"), staff_type="hq", scope="all",
                  branch_scope=("BR01", "BR02"))
    db.make_staff("plain_mkt", name="营销")
    ids = {}
    for account, branch, commission, vip in CUSTOMERS:
        ids[account] = db.make_customer(account, branch, name=f"客户{account}")
    with db.admin() as conn:
        for account, branch, commission, vip in CUSTOMERS:
            for n, day in enumerate(DAYS):
                conn.execute("SELECT crm.customer_daily_partition(%s)", (day,))
                conn.execute(
                    "INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, "
                    "market_value_cents, cash_cents, trade_volume_cents, commission_cents, net_commission_cents, "
                    "interest_spread_cents, pnl_cents, vip_level) SELECT c.branch_id, c.id, %s, %s, 0, 0, %s, %s, "
                    "%s, 0, %s, %s FROM crm.customer c WHERE c.id = %s",
                    (day, 100_000_00 * (vip + 1), commission * 40, commission + n, commission // 2,
                     -commission if account == "B002" else commission, vip, ids[account]))
        conn.execute("SELECT crm.refresh_pivot_rollups()")
    return ids


def sign_in(profile, login):
    conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
    connector = StaffConnector(profile, login, TEST_PASSWORD)
    connector.adopt(conn)
    return connector, info


@pytest.fixture
def tab(qtbot, db, data, runner, profile, model_tester):
    connector, info = sign_in(profile, "an_hq")
    widget = AnalysisTab(runner, connector, info)
    qtbot.addWidget(widget)
    model_tester(widget.model)
    item_widget_testers = model_tester(widget.fields.model(), *(zone.model() for zone in widget.zones.values()))
    widget.set_layout(pivot.Layout(values=(pivot.Value("commission"),), start=START, end=END), run=False)
    widget.resize(1300, 800)
    widget.show()
    yield widget
    for tester in item_widget_testers:
        shiboken6.delete(tester)
    runner.cancel_all()
    runner.wait()
    connector.close()


def wait_result(qtbot, tab, rows=None):
    def ready():
        return (not tab.running and not tab.run.debounce.isActive() and tab.result is not None
                and tab.result.layout == tab.layout_state and (rows is None or tab.result.layout.rows == rows))
    qtbot.waitUntil(ready, timeout=TIMEOUT)


def row_of(model, text):
    for r in range(model.rowCount()):
        if model.data(model.index(r, 0)).lstrip("▾▸ ").endswith(text):
            return r
    raise AssertionError(f"{text!r} not in the grid: {[model.data(model.index(r, 0)) for r in range(model.rowCount())]}")


def sql_commission(db, branch: str | None = None) -> int:
    return db.scalar("SELECT sum(d.commission_cents) FROM crm.customer_daily d JOIN crm.branch b ON b.id = d.branch_id "
                     "WHERE d.trade_date BETWEEN %s AND %s AND (%s::text IS NULL OR b.code = %s)",
                     (START, END, branch, branch))


def test_keyboard_adds_a_dimension_and_the_grid_matches_sql(qtbot, db, tab):
    wait_result(qtbot, tab, rows=())
    assert tab.model.rowCount() == 1
    assert tab.model.data(tab.model.index(0, 1), RAW_ROLE) == sql_commission(db)

    tab.fields.setFocus()
    tab.fields.select("dim", "branch")
    QTest.keyClick(tab.fields, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert tab.layout_state.rows == ("branch",)
    assert tab.zones["rows"].count() == 1
    wait_result(qtbot, tab, rows=("branch",))
    model = tab.model
    assert model.rowCount() == 3                       # two branches and the grand total
    for name, code in (("北京金融街营业部", "BR01"), ("上海陆家嘴营业部", "BR02")):
        r = row_of(model, name)
        assert model.data(model.index(r, 1), RAW_ROLE) == sql_commission(db, code)
        assert model.data(model.index(r, 1)) == format_number(sql_commission(db, code), "cents")
    total = model.rowCount() - 1
    assert model.data(model.index(total, 1), RAW_ROLE) == sql_commission(db)
    assert model.data(model.index(total, 1), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(total, 1)).startswith("¥")
    assert "s ·" in tab.status.text()                  # source and time taken

    # Delete in the zone removes it again; Ctrl+3 on a measure adds a second value.
    tab.zones["rows"].setFocus()
    tab.zones["rows"].setCurrentRow(0)
    QTest.keyClick(tab.zones["rows"], Qt.Key.Key_Delete)
    assert tab.layout_state.rows == ()
    tab.fields.setFocus()
    tab.fields.select("measure", "customers")
    QTest.keyClick(tab.fields, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert [v.measure for v in tab.layout_state.values] == ["commission", "customers"]
    # A measure does not go to rows.
    QTest.keyClick(tab.fields, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert tab.layout_state.rows == ()
    wait_result(qtbot, tab, rows=())
    assert tab.model.data(tab.model.index(0, 2), RAW_ROLE) == len(CUSTOMERS)


def drop(zone, payload: str):
    """What a drag from the field list (or another zone) delivers: enter, then drop."""
    mime = _mime(payload)
    pos = zone.viewport().rect().center()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)    # PySide6 marks the QPoint overload
        enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(zone.viewport(), enter)
    assert enter.isAccepted()
    event = QDropEvent(pos.toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(zone.viewport(), event)


def test_drag_and_drop_builds_rows_and_columns(qtbot, db, tab):
    wait_result(qtbot, tab, rows=())
    mime = tab.fields.mimeData([tab.fields.item_for("dim", "branch")])
    assert bytes(mime.data("application/x-crm-pivot-field").data()) == b"field:dim:branch"
    drop(tab.zones["rows"], "field:dim:branch")
    drop(tab.zones["columns"], "field:dim:month")
    assert tab.layout_state.rows == ("branch",) and tab.layout_state.columns == ("month",)
    wait_result(qtbot, tab, rows=("branch",))
    qtbot.waitUntil(lambda: tab.result.layout.columns == ("month",), timeout=TIMEOUT)
    model = tab.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[1:] == ["2025-03", "2025-04", "Total"] or headers[1:] == ["2025-03", "2025-04", "合计"]
    r = row_of(model, "上海陆家嘴营业部")
    march = db.scalar("SELECT sum(commission_cents) FROM crm.customer_daily d JOIN crm.branch b ON b.id = d.branch_id "
                      "WHERE b.code = 'BR02' AND trade_date < '2025-04-01'")
    assert model.data(model.index(r, 1), RAW_ROLE) == march
    # Moving a chip from columns to rows by dropping it there.
    drop(tab.zones["rows"], "zone:columns:0")
    assert tab.layout_state.rows == ("branch", "month") and tab.layout_state.columns == ()


def test_subtotals_collapse_and_sort_by_a_measure(qtbot, db, tab):
    tab.set_layout(pivot.Layout(rows=("branch", "vip_level"), values=(pivot.Value("commission"),),
                                start=START, end=END))
    wait_result(qtbot, tab, rows=("branch", "vip_level"))
    model = tab.model
    texts = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    subtotals = [r for r, t in enumerate(texts) if t.startswith("▸") or "subtotal" in t or "小计" in t]
    assert len(subtotals) == 2
    before = model.rowCount()
    group = model.group_at(model.index(subtotals[0], 0))
    assert group is not None
    model.toggle(group)
    assert model.rowCount() < before
    model.toggle(group)
    assert model.rowCount() == before
    # Sort by the value column, descending: the branch with the larger subtotal first.
    tab.sort_by(2, Qt.SortOrder.DescendingOrder)
    first = model.data(model.index(0, 0)).lstrip("▾ ")
    assert first.endswith("上海陆家嘴营业部")
    assert model.row_key(model.rowCount() - 1).depth == 0          # grand total still last
    # Negative values are red.
    tab.set_layout(pivot.Layout(rows=("branch",), values=(pivot.Value("pnl"),), start=START, end=END))
    wait_result(qtbot, tab, rows=("branch",))
    r = row_of(tab.model, "上海陆家嘴营业部")
    value = tab.model.data(tab.model.index(r, 1), RAW_ROLE)
    if value < 0:
        assert tab.model.data(tab.model.index(r, 1), Qt.ItemDataRole.ForegroundRole) is not None


def test_drill_down_opens_the_customers_tab_with_those_customers(qtbot, db, data, runner, profile):
    connector, info = sign_in(profile, "an_hq")
    window = MainWindow(runner, connector, info, profile)
    qtbot.addWidget(window)
    window.show()
    try:
        keys = [window.tabs.widget(i).objectName() for i in range(window.tabs.count())]
        assert "tab_analysis" in keys
        tab = window.tabs.widget(keys.index("tab_analysis"))
        window.tabs.setCurrentWidget(tab)
        tab.set_layout(pivot.Layout(rows=("branch",), values=(pivot.Value("commission"),), start=START, end=END))
        wait_result(qtbot, tab, rows=("branch",))
        r = row_of(tab.model, "上海陆家嘴营业部")
        index = tab.model.index(r, 1)
        rect = tab.view.visualRect(index)
        QTest.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
        QTest.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                          rect.center())
        customers = window.tabs.currentWidget()
        assert customers.objectName() == "tab_customers"
        assert customers.filter_node is not None
        qtbot.waitUntil(lambda: customers.model.rowCount() == 2 and customers.model.row(0) is not None
                        and customers.model.row(1) is not None, timeout=TIMEOUT)
        shown = {customers.model.row(i)["id"] for i in range(2)}
        assert shown == {data["B001"], data["B002"]}
    finally:
        runner.cancel_all()
        runner.wait()
        connector.close()


def test_daily_rows_behind_a_cell(qtbot, db, data, tab, model_tester):
    if not hasattr(pivot, "facts_for_cell"):
        pytest.skip("pivot.facts_for_cell has not landed")
    tab.set_layout(pivot.Layout(rows=("branch",), values=(pivot.Value("commission"),), start=START, end=END))
    wait_result(qtbot, tab, rows=("branch",))
    r = row_of(tab.model, "上海陆家嘴营业部")
    tab.show_facts(tab.model.index(r, 1))
    qtbot.waitUntil(lambda: bool(tab._dialogs) and hasattr(tab._dialogs[-1], "model"), timeout=TIMEOUT)
    dialog = tab._dialogs[-1]
    model_tester(dialog.model)
    assert dialog.model.rowCount() == 2 * len(DAYS)
    dialog.close()


def test_cancel_stops_the_query_on_the_server(qtbot, db, tab, monkeypatch):
    wait_result(qtbot, tab, rows=())

    def slow_run(conn, layout, ctx=None):
        ctx.watch(conn)
        conn.execute("SELECT pg_sleep(30)")
        raise AssertionError("not cancelled")

    monkeypatch.setattr(pivot, "run", slow_run)

    def sleeping() -> int:
        return db.scalar("SELECT count(*) FROM pg_stat_activity WHERE usename = 'an_hq' AND query LIKE '%%pg_sleep%%' "
                         "AND state = 'active'")

    tab.run_now()
    assert tab.running and tab.cancel_button.isVisible()
    qtbot.waitUntil(lambda: sleeping() == 1, timeout=TIMEOUT)
    QTest.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert not tab.running and not tab.busy.isVisible()
    assert tab.runner.wait(5000)
    assert sleeping() == 0
    assert tab.status.text()


def test_a_newer_layout_cancels_the_running_one(qtbot, db, tab, monkeypatch):
    wait_result(qtbot, tab, rows=())
    real = pivot.run

    def maybe_slow(conn, layout, ctx=None):
        if layout.rows == ("gender",):
            ctx.watch(conn)
            conn.execute("SELECT pg_sleep(30)")
        return real(conn, layout, ctx)

    monkeypatch.setattr(pivot, "run", maybe_slow)
    tab.set_layout(pivot.Layout(rows=("gender",), values=(pivot.Value("commission"),), start=START, end=END))
    tab.run_now()
    qtbot.waitUntil(lambda: db.scalar("SELECT count(*) FROM pg_stat_activity WHERE usename = 'an_hq' "
                                      "AND query LIKE '%%pg_sleep%%' AND state = 'active'") == 1, timeout=TIMEOUT)
    tab.set_layout(pivot.Layout(rows=("branch",), values=(pivot.Value("commission"),), start=START, end=END))
    tab.run_now()
    wait_result(qtbot, tab, rows=("branch",))
    assert tab.runner.wait(5000)


def test_large_result_guard_offers_top_n(qtbot, db, tab, monkeypatch):
    wait_result(qtbot, tab, rows=())
    monkeypatch.setattr(pivot, "estimate_cells", lambda layout, counts=None: 50_000 if layout.top is None else 50,
                        raising=False)
    asked = []
    tab.ask_large = lambda cells: asked.append(cells) or "top"
    tab.set_layout(pivot.Layout(rows=("customer",), values=(pivot.Value("pnl"),), start=START, end=END))
    tab.run_now()
    assert asked == [50_000]
    assert tab.layout_state.top == pivot.TopN(50, 0, False)
    wait_result(qtbot, tab, rows=("customer",))
    assert tab.result.layout.top is not None


def test_chart_and_png(qtbot, db, tab, tmp_path):
    tab.set_layout(pivot.Layout(rows=("branch",), columns=("month",), values=(pivot.Value("commission"),),
                                start=START, end=END))
    wait_result(qtbot, tab, rows=("branch",))
    for kind in ("bar", "stacked", "line", "pie", "pyramid", "funnel"):
        tab.chart.set_kind(kind)
        assert tab.chart.figure.axes
    path = tmp_path / "chart.png"
    tab.chart.save_png(str(path))
    assert path.stat().st_size > 1000


def test_export_the_grid_with_totals(qtbot, db, tab, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    tab.set_layout(pivot.Layout(rows=("branch",), values=(pivot.Value("commission"),), start=START, end=END))
    wait_result(qtbot, tab, rows=("branch",))
    assert tab.export_button.isVisible()
    path = tmp_path / "analysis.xlsx"
    tab.export_to(str(path))
    qtbot.waitUntil(path.exists, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "2" in tab.status.text() or "3" in tab.status.text(), timeout=TIMEOUT)
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4                                   # header, two branches, total
    assert rows[-1][1] == pytest.approx(int(sql_commission(db)) / 100)


def test_no_tab_without_the_analysis_right(qtbot, db, data, runner, profile):
    connector, info = sign_in(profile, "plain_mkt")
    window = MainWindow(runner, connector, info, profile)
    qtbot.addWidget(window)
    try:
        keys = [window.tabs.widget(i).objectName() for i in range(window.tabs.count())]
        assert "tab_analysis" not in keys
        assert not any(isinstance(window.tabs.widget(i), AnalysisTab) for i in range(window.tabs.count()))
    finally:
        runner.cancel_all()
        runner.wait()
        connector.close()


def test_filter_members_from_the_server(qtbot, db, tab):
    tab.set_layout(pivot.Layout(rows=("branch",), values=(pivot.Value("commission"),), start=START, end=END))
    wait_result(qtbot, tab, rows=("branch",))
    tab.fields.setFocus()
    tab.fields.select("dim", "branch")
    QTest.keyClick(tab.fields, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert [f.dimension for f in tab.layout_state.filters] == ["branch"]
    picker = tab._dialogs[-1]
    qtbot.waitUntil(lambda: picker.list.count() >= 2, timeout=TIMEOUT)
    for i in range(picker.list.count()):
        item = picker.list.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.text().endswith("上海陆家嘴营业部") else Qt.CheckState.Unchecked)
    picker._accept()
    branch_id = db.scalar("SELECT id FROM crm.branch WHERE code = 'BR02'")
    assert tab.layout_state.filters == (pivot.MemberFilter("branch", (branch_id,)),)
    assert "上海陆家嘴营业部" in tab.zones["filters"].item(0).text()
    wait_result(qtbot, tab, rows=("branch",))
    assert tab.model.rowCount() == 2                       # one branch and the total
    assert tab.model.data(tab.model.index(1, 1), RAW_ROLE) == sql_commission(db, "BR02")


def test_a_restored_staff_filter_names_the_staff_not_their_ids(qtbot, db, tab):
    """QA walk: a staff filter from a saved report or the last session read "Staff: 11, 12"; the
    run reads the members' names with the grid's labels and the chip shows them."""
    ids = tuple(sorted(db.scalar("SELECT array_agg(id) FROM crm.staff WHERE login IN ('plain_mkt', 'an_hq')")))
    tab.set_layout(pivot.Layout(rows=("branch",), values=(pivot.Value("commission"),), start=START, end=END,
                                filters=(pivot.MemberFilter("staff", ids),)))
    wait_result(qtbot, tab, rows=("branch",))
    chip = tab.zones["filters"].item(0).text()
    assert "营销" in chip and "分析员" in chip
    assert not any(str(i) in chip.split(":", 1)[1] for i in ids), chip


def test_saved_layouts_and_reports(qtbot, db, tab):
    layout = pivot.Layout(rows=("vip_level",), columns=("month",), values=(pivot.Value("pnl", "min"),),
                          start=START, end=END)
    tab.set_layout(layout)
    wait_result(qtbot, tab, rows=("vip_level",))
    assert tab.zones["values"].chip(0).func.currentData() == "min"
    tab.zones["values"].chip(0).func.setCurrentIndex(tab.zones["values"].chip(0).func.findData("max"))
    assert tab.layout_state.values == (pivot.Value("pnl", "max"),)
    tab.save_layout()
    dialog = tab._dialogs[-1]
    dialog.name.setText("最大盈亏")
    assert not dialog.shared.isVisible()                   # only HQ administrators publish
    dialog.accept()
    qtbot.waitUntil(lambda: any(r["name"] == "最大盈亏" for r in tab.saved_layouts.rows), timeout=TIMEOUT)
    saved = next(r for r in tab.saved_layouts.rows if r["name"] == "最大盈亏")

    tab.run_report("loss_ranking")
    qtbot.waitUntil(lambda: tab.layout_state.rows == ("customer",), timeout=TIMEOUT)
    assert tab.layout_state.top is not None and tab.layout_state.top.bottom and tab.layout_state.top.below_zero
    wait_result(qtbot, tab, rows=("customer",))
    values = [tab.model.data(tab.model.index(r, 1), RAW_ROLE) for r in range(tab.model.rowCount())]
    assert values == sorted(values)                        # the biggest loss first
    assert values and all(v < 0 for v in values)           # losses only: B002 alone lost money

    tab.load_saved(saved)
    assert tab.layout_state == replace(layout, values=(pivot.Value("pnl", "max"),))
    manage = tab.manage_layouts()
    qtbot.waitUntil(lambda: manage.list.count() >= 1, timeout=TIMEOUT)
    manage.list.setCurrentRow(0)
    manage._delete()
    qtbot.waitUntil(lambda: manage.list.count() == 0, timeout=TIMEOUT)
    manage.close()


def test_a_report_sets_its_whole_period_and_the_status_names_it(qtbot, db, tab):
    """亏损排名前50 then 资产区间分布: each report's period is its own (from the loaded data, start
    before end), the dates shown are the figures' dates, and the status line names the report."""
    wait_result(qtbot, tab, rows=())
    first, last = DAYS[0], DAYS[-1]
    tab.run_report("loss_ranking")
    qtbot.waitUntil(lambda: tab.layout_state.rows == ("customer",), timeout=TIMEOUT)
    wait_result(qtbot, tab, rows=("customer",))
    # The data starts in March: no whole quarter loaded, so the loaded period, said so.
    assert (tab.layout_state.start, tab.layout_state.end) == (first, last)
    assert tab.result.period == (first, last)
    assert "Loss ranking" in tab.status.text() and f"{first} – {last}" in tab.status.text()

    tab.run_report("asset_ranges")
    qtbot.waitUntil(lambda: tab.layout_state.rows == ("asset_range",), timeout=TIMEOUT)
    wait_result(qtbot, tab, rows=("asset_range",))
    start, end = tab.dates.range()
    assert (start, end) == (tab.layout_state.start, tab.layout_state.end) == (dt.date(2025, 4, 1), last)
    assert tab.result.period == (start, end)
    assert "Asset-range distribution" in tab.status.text() and "Loss ranking" not in tab.status.text()
    assert f"{start} – {end}" in tab.status.text()

    # Refresh runs what the pane shows; a changed layout is no longer the report.
    tab.refresh_button.click()
    wait_result(qtbot, tab, rows=("asset_range",))
    assert "Asset-range distribution" in tab.status.text()
    tab.set_layout(replace(tab.layout_state, start=first))
    wait_result(qtbot, tab, rows=("asset_range",))
    assert "Asset-range distribution" not in tab.status.text() and f"{first} – {last}" in tab.status.text()


def test_gains_and_losses_follow_the_colour_convention(qtbot, db, tab):
    """红涨绿跌 by default in the grid, its heat map and the chart; the other convention swaps them
    at once; amounts that are not gains or losses keep their neutral colours."""
    from matplotlib.colors import to_hex

    from crm_desktop.ui import gain_colours

    tab.set_layout(pivot.Layout(rows=("customer",), values=(pivot.Value("pnl"), pivot.Value("commission")),
                                start=START, end=END, totals=False, top=pivot.TopN(10)))
    wait_result(qtbot, tab, rows=("customer",))
    model = tab.model
    loser, winner = row_of(model, "客户B002"), row_of(model, "客户A001")

    def foreground(row, column=1):
        brush = model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole)
        return brush.color().name() if brush is not None else None

    def bar_colours():
        axes = tab.chart.figure.axes[0]
        return {to_hex(patch.get_facecolor()) for patch in axes.patches}

    assert gain_colours.convention() == gain_colours.RED_GAINS
    assert (foreground(winner), foreground(loser)) == (gain_colours.RED, gain_colours.GREEN)
    assert foreground(winner, 2) is None                   # commission: not a gain
    assert bar_colours() == {gain_colours.RED, gain_colours.GREEN}
    tab.heat.setChecked(True)
    background = model.data(model.index(loser, 1), Qt.ItemDataRole.BackgroundRole).color()
    assert background.green() > background.red()           # a loss: a green shade

    with qtbot.waitSignal(model.dataChanged):
        gain_colours.set_convention(gain_colours.GREEN_GAINS)
    assert (foreground(winner), foreground(loser)) == (gain_colours.GREEN, gain_colours.RED)
    assert bar_colours() == {gain_colours.RED, gain_colours.GREEN}
    background = model.data(model.index(loser, 1), Qt.ItemDataRole.BackgroundRole).color()
    assert background.red() > background.green()
    axes = tab.chart.figure.axes[0]
    by_height = sorted(axes.patches, key=lambda p: p.get_height())
    assert to_hex(by_height[0].get_facecolor()) == gain_colours.RED        # the loss, now red
    assert to_hex(by_height[-1].get_facecolor()) == gain_colours.GREEN
    with pytest.raises(ValueError):
        gain_colours.set_convention("blue")


def test_the_export_records_its_period_and_filters(qtbot, db, tab, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    tab.run_report("loss_ranking")
    qtbot.waitUntil(lambda: tab.layout_state.rows == ("customer",), timeout=TIMEOUT)
    wait_result(qtbot, tab, rows=("customer",))
    path = tmp_path / "losses.xlsx"
    tab.export_to(str(path))
    qtbot.waitUntil(lambda: path.exists() and "losses.xlsx" in tab.status.text(), timeout=TIMEOUT)
    book = openpyxl.load_workbook(path)
    assert len(book.worksheets) == 2
    conditions = dict(book.worksheets[1].iter_rows(values_only=True))
    period = f"{DAYS[0]} – {DAYS[-1]}"
    assert conditions["Report"] == "Loss ranking (top 50)" and period in conditions["Period"]
    assert conditions["Filters"].startswith(tab.filter_text(tab.layout_state.filters[0]))
    assert "50" in conditions["Ranking"] and "negative values only" in conditions["Ranking"]
    logged = db.scalar("SELECT details FROM crm.export_log WHERE kind = 'analysis' ORDER BY id DESC LIMIT 1")
    assert ["Period", conditions["Period"]] in logged["conditions"]
