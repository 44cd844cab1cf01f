"""The analysis chart's labels never overlap: many categories slant and thin, pies put names in
a legend (no database: a grid built from records)."""

from __future__ import annotations

import math

import pytest

from crm_desktop.services import pivot
from crm_desktop.ui.analysis.chart import ChartPanel
from crm_desktop.ui.analysis.common import lang


def ranking_grid(count: int) -> pivot.Grid:
    layout = pivot.Layout(rows=("customer",), values=(pivot.Value("pnl"),), totals=False,
                          top=pivot.TopN(count, 0, bottom=True, below_zero=True))
    records = [(cid, 0, -1_000_000 * (count - cid)) for cid in range(count)]
    labels = {"customer": {cid: f"1101000{cid:05d} 客户姓名{cid}" for cid in range(count)}}
    return pivot.PivotResult(layout, records, labels, "facts").grid()


def asset_range_grid(counts: list[int]) -> pivot.Grid:
    layout = pivot.Layout(rows=("asset_range",), values=(pivot.Value("customers", "count"),), totals=False)
    return pivot.PivotResult(layout, [(i, 0, n) for i, n in enumerate(counts)], {}, "facts").grid()


def overlapping(texts) -> list[tuple[str, str]]:
    """Pairs of texts that overlap. Flat texts by their boxes; parallel slanted texts (tick
    labels) by the distance between their lines against the text's height."""
    texts = [t for t in texts if t.get_visible() and t.get_text()]
    slanted = [t for t in texts if t.get_rotation()]
    if slanted:
        angle = math.radians(slanted[0].get_rotation())
        figure = slanted[0].get_figure()
        height = slanted[0].get_fontsize() * figure.dpi / 72
        xs = sorted(t.get_window_extent().x1 for t in slanted)       # right ends: the anchors
        return [(str(a), str(b)) for a, b in zip(xs, xs[1:]) if (b - a) * math.sin(angle) < height]
    boxes = [(t.get_text(), t.get_window_extent()) for t in texts]
    return [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1:] if box_a.overlaps(box_b)]


@pytest.fixture
def chart(qtbot):
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 420)
    panel.show()
    return panel


@pytest.mark.parametrize("count", [3, 12, 40])
def test_category_labels_of_a_ranking_never_overlap(chart, count):
    chart.set_kind("bar")
    chart.set_grid(ranking_grid(count))
    axes = chart.figure.axes[0]
    ticks = axes.get_xticklabels()
    assert ticks and overlapping(ticks) == []
    if count == 3:
        assert {t.get_rotation() for t in ticks} == {0.0}            # few: flat, every one
        assert len(ticks) == 3
    else:
        assert {t.get_rotation() for t in ticks} == {45.0}
    assert all(len(t.get_text()) <= 16 for t in ticks)


def test_pie_names_its_slices_in_a_legend_and_labels_only_wide_wedges(chart):
    chart.set_kind("pie")
    chart.set_grid(asset_range_grid([11, 306, 417, 85, 54, 1]))      # two thin slices side by side
    axes = chart.figure.axes[0]
    legend = axes.get_legend()
    assert [t.get_text() for t in legend.get_texts()][5].endswith("0.1%")
    shares = [t for t in axes.texts if t.get_text()]
    assert len(shares) == 4                                         # 1.3 % and 0.1 % stay off the pie
    assert overlapping(shares) == []


@pytest.mark.parametrize("width, whole", [(400, True), (150, False)])
def test_a_value_chip_elides_its_name_instead_of_cutting_it(qtbot, width, whole):
    """The 值 zone: "总资产(期末)" either whole or ending in "…" with the whole name as tooltip."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from crm_desktop.ui.analysis.fields import ValueChip

    holder = QWidget()
    qtbot.addWidget(holder)
    chip = ValueChip(pivot.Value("assets_end"))
    QVBoxLayout(holder).addWidget(chip)
    holder.resize(width, 40)
    holder.show()
    qtbot.waitExposed(holder)
    label = chip.label
    name = pivot.MEASURES["assets_end"].label("en" if label.full_text.isascii() else "zh")
    assert label.full_text == name
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
    if whole:
        assert label.text() == name and label.toolTip() == ""
    else:
        assert label.text().endswith("…") and label.toolTip() == name


def test_a_row_without_a_member_is_named_not_taken_for_the_total(chart):
    """The public pool's customers under 员工 (staff id NULL) were a bar labelled 合计 beside the
    staff members' bars, and a blank row header in the grid."""
    layout = pivot.Layout(rows=("staff",), values=(pivot.Value("commission"),), totals=False)
    grid = pivot.PivotResult(layout, [(11, 0, 500), (None, 0, 700)], {"staff": {11: "刘川超"}}, "facts").grid()
    chart.set_kind("bar")
    chart.set_grid(grid)
    ticks = [t.get_text() for t in chart.figure.axes[0].get_xticklabels()]
    assert ticks == ["刘川超", grid.member_label("staff", None, lang())]
    assert grid.member_label("staff", None, "zh") == "（无）" and grid.member_label("staff", None, "en") == "(none)"
