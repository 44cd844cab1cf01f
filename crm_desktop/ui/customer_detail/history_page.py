"""Assets and trading: a small matplotlib chart over the daily facts and the same figures as a table."""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import matplotlib.dates as mdates
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSizePolicy,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from crm_desktop.ui import gain_colours
from crm_desktop.ui.chart_fonts import use_cjk_font
from crm_desktop.ui.customer_detail.common import as_float, fmt_money
from crm_desktop.ui.customer_detail.window_parts import DetailWindowParts
from crm_desktop.ui.table_model import Column, RowFilterProxyModel, RowTableModel


PERIODS = (30, 60, 120, 250, 500)
DEFAULT_DAYS = 120
ASSETS_COLOR, VOLUME_COLOR, COMMISSION_COLOR = "#1f5fa8", "#9bbbe0", "#e08a2c"


@contextmanager
def missing_glyphs_quiet():
    """Drawing without complaints about glyphs a PC's fonts lack (no CJK font installed: the
    labels show boxes, the chart still works)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        warnings.filterwarnings("ignore", message=r"Matplotlib currently does not support", category=UserWarning)
        yield


def warm_up() -> None:
    """Exercise the charting library once (fonts, a drawn figure with Chinese text) off screen.
    Called in a worker after sign-in, so that the first customer window does not spend seconds
    loading matplotlib on the GUI thread (issue #12 item 12)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    use_cjk_font()
    figure = Figure(figsize=(2, 1))
    axes = figure.subplots()
    axes.plot([0, 1], [0, 1])
    axes.set_ylabel("总资产")
    with missing_glyphs_quiet():
        FigureCanvasAgg(figure).draw()


class ChartCanvas(FigureCanvasQTAgg):
    """A canvas that draws without complaining about glyphs a PC's fonts lack (no CJK font
    installed: the labels show boxes, the chart still works)."""

    def draw(self) -> None:
        with missing_glyphs_quiet():
            super().draw()


class TenThousandsFormatter(Formatter):
    """Axis labels in 万 (10 000 CNY) with as few decimals as tell the ticks apart: assets moving
    between 33 000 and 36 000 read 3.3, 3.4, 3.5, not 3, 3, 4."""

    @staticmethod
    def _texts(values: list[float]) -> list[str]:
        scaled = [v / 10_000 for v in values]
        decimals = next((d for d in range(5) if all(abs(round(t, d) - t) < 1e-9 for t in scaled)), 4)
        return [f"{t:,.{decimals}f}" for t in scaled]

    def format_ticks(self, values) -> list[str]:
        return self._texts(list(values))

    def __call__(self, value: float, pos: object = None) -> str:
        return self._texts([value])[0]


# Dates as numbers in either language (ConciseDateFormatter's defaults are English month names).
DATE_FORMATS = dict(formats=["%Y", "%Y-%m", "%m-%d", "%H:%M", "%H:%M", "%S.%f"],
                    zero_formats=["", "%Y", "%Y-%m", "%m-%d", "%H:%M", "%H:%M"],
                    offset_formats=["", "%Y", "%Y-%m", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"])


class HistoryPage(QWidget):
    def __init__(self, dialog: DetailWindowParts):
        super().__init__(dialog)
        self.setObjectName("historyPage")
        self.dialog = dialog
        self.rows: list[dict] = []
        use_cjk_font()

        self.period = QComboBox(objectName="periodCombo")
        for days in PERIODS:
            self.period.addItem(self.tr("Last %1 trading days").replace("%1", str(days)), days)
        self.period.setCurrentIndex(PERIODS.index(DEFAULT_DAYS))
        self.period.currentIndexChanged.connect(lambda _: self.dialog.reload_history())
        self.summary = QLabel(objectName="historySummary")
        self.summary.setStyleSheet("color: #666;")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Period:")))
        top.addWidget(self.period)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)

        self.figure = Figure(figsize=(8, 3.6), dpi=100, layout="constrained")
        self.canvas = ChartCanvas(self.figure)
        self.canvas.setObjectName("historyChart")
        self.canvas.setMinimumHeight(240)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.assets_axes = None
        self.trading_axes = None
        self.commission_axes = None

        self.model = RowTableModel([
            Column("trade_date", self.tr("Date")),
            Column("total_assets", self.tr("Total assets"), fmt_money),
            Column("market_value", self.tr("Market value"), fmt_money),
            Column("cash", self.tr("Cash"), fmt_money),
            Column("trade_volume", self.tr("Trade volume"), fmt_money),
            Column("commission", self.tr("Commission"), fmt_money),
            Column("net_commission", self.tr("Net commission"), fmt_money),
            Column("pnl", self.tr("Profit/loss"), fmt_money,
                   foreground=lambda row: gain_colours.colour_of(row["pnl"])),
        ], self)
        self.proxy = RowFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(objectName="historyTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        gain_colours.notifier().changed.connect(self.table.viewport().update)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        splitter = QSplitter(Qt.Orientation.Vertical, objectName="historySplitter")
        splitter.addWidget(self.canvas)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.show_rows([])

    def days(self) -> int:
        return int(self.period.currentData() or DEFAULT_DAYS)

    def show_rows(self, rows: list[dict]) -> None:
        self.rows = list(rows)
        self.model.set_rows(self.rows)
        if self.rows:
            first, last = self.rows[0]["trade_date"], self.rows[-1]["trade_date"]
            volume = sum(as_float(r["trade_volume"]) for r in self.rows)
            commission = sum(as_float(r["commission"]) for r in self.rows)
            self.summary.setText(self.tr("%1 to %2: trade volume %3, commission %4 (CNY)")
                                 .replace("%1", first.isoformat()).replace("%2", last.isoformat())
                                 .replace("%3", fmt_money(volume)).replace("%4", fmt_money(commission)))
        else:
            self.summary.setText(self.tr("No daily data loaded for this customer."))
        self._plot()

    def _plot(self) -> None:
        figure = self.figure
        figure.clear()
        self.assets_axes = self.trading_axes = self.commission_axes = None
        if not self.rows:
            figure.text(0.5, 0.5, self.tr("No daily data"), ha="center", va="center", color="#888", fontsize=12)
            self.canvas.draw_idle()
            return
        dates = [r["trade_date"] for r in self.rows]
        assets = [as_float(r["total_assets"]) for r in self.rows]
        volume = [as_float(r["trade_volume"]) for r in self.rows]
        commission = [as_float(r["commission"]) for r in self.rows]

        top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[3, 2])
        top.plot(dates, assets, color=ASSETS_COLOR, linewidth=1.6, marker="o" if len(dates) < 40 else None,
                 markersize=3, label=self.tr("Total assets"))
        top.fill_between(dates, assets, min(assets), color=ASSETS_COLOR, alpha=0.08)
        top.set_ylabel(self.tr("Assets (10k CNY)"))
        top.yaxis.set_major_formatter(TenThousandsFormatter())
        top.grid(True, axis="y", color="#e5e5e5")

        # Volume (left axis) and commission (right axis) side by side on each day.
        days = [mdates.date2num(d) for d in dates]
        bottom.bar([x - 0.2 for x in days], volume, width=0.4, color=VOLUME_COLOR, label=self.tr("Trade volume"))
        bottom.set_ylabel(self.tr("Volume (10k CNY)"))
        bottom.yaxis.set_major_formatter(TenThousandsFormatter())
        bottom.grid(True, axis="y", color="#e5e5e5")
        right = bottom.twinx()
        right.bar([x + 0.2 for x in days], commission, width=0.4, color=COMMISSION_COLOR,
                  label=self.tr("Commission"))
        right.set_ylabel(self.tr("Commission (CNY)"))
        handles = [*top.get_lines(), *bottom.containers, *right.containers]
        figure.legend(handles, [h.get_label() for h in handles], loc="outside upper right", ncols=3,
                      fontsize=8, frameon=False)

        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        bottom.xaxis.set_major_locator(locator)
        bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, **DATE_FORMATS))
        for axes in (top, bottom, right):
            axes.tick_params(labelsize=8)
            for side in ("top",):
                axes.spines[side].set_visible(False)
        self.assets_axes, self.trading_axes, self.commission_axes = top, bottom, right
        self.canvas.draw_idle()

    # for tests and the screenshot ---------------------------------------------------------------------
    def plotted(self) -> dict[str, int]:
        return {"lines": len(self.assets_axes.get_lines()) if self.assets_axes else 0,
                "volume_bars": len(self.trading_axes.patches) if self.trading_axes else 0,
                "commission_bars": len(self.commission_axes.patches) if self.commission_axes else 0}

