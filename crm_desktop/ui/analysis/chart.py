"""The chart of the current result (matplotlib embedded): bar, stacked bar, line, pie, and the
ready-made customer pyramid (金字塔, by VIP level) and funnel views; export to PNG."""

from __future__ import annotations

import math
import warnings

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crm_desktop.services import pivot
from crm_desktop.ui import gain_colours
from crm_desktop.ui.analysis.common import lang, translate, value_unit
from crm_desktop.ui.chart_fonts import use_cjk_font

CHART_KINDS = ("bar", "stacked", "line", "pie", "pyramid", "funnel")
MAX_CATEGORIES = 40
LABEL_CHARS = 16               # longer category labels are cut with "…"
SLANTED_LABEL_PX = 16          # horizontal room a 45° label at 8-9 pt needs from its neighbour
PIE_LABEL_MIN_SHARE = 4.0      # % of a pie below which a wedge shows no share on itself
PALETTE = ("#3b75af", "#ef8636", "#519e3e", "#c53a32", "#8d69b8", "#84584e", "#d57dbf", "#7f7f7f",
           "#bcbc35", "#42b7c9")

def short_label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def label_width_px(text: str) -> float:
    """Rough width at the chart's 9 pt: CJK characters about twice a Latin one."""
    return sum(12 if ord(ch) > 0x2E80 else 6.5 for ch in text)


def chart_kind_label(kind: str) -> str:
    return {"bar": translate("Analysis", "Bar"), "stacked": translate("Analysis", "Stacked bar"),
            "line": translate("Analysis", "Line"), "pie": translate("Analysis", "Pie"),
            "pyramid": translate("Analysis", "Customer pyramid (by VIP level)"),
            "funnel": translate("Analysis", "Funnel")}[kind]


class ChartData:
    """Categories x series of one value of a grid (leaf rows and leaf columns, no totals)."""

    def __init__(self, grid: pivot.Grid, value: int, order: list[pivot.AxisKey] | None = None,
                 all_values: bool = False):
        language = lang()
        self.value = value
        rows = [k for k in (order or grid.rows) if not k.is_total] or list(grid.rows[-1:])
        self.truncated = len(rows) > MAX_CATEGORIES
        rows = rows[:MAX_CATEGORIES]
        self.categories = [" / ".join(grid.member_label(d, m, language) for d, m in zip(grid.row_dims, k.members))
                           or translate("Analysis", "Total") for k in rows]
        columns = [k for k in grid.columns if not k.is_total] or list(grid.columns[-1:])
        self.series: list[tuple[str, list[float], str]] = []     # label, values, unit
        if all_values and not grid.column_dims and len(grid.values) > 1:
            for v, spec in enumerate(grid.values):
                self.series.append((spec.label(language), [self._get(grid, r, columns[0], v) for r in rows],
                                    value_unit(spec)))
        else:
            spec = grid.values[value]
            for col in columns[:12]:
                label = " / ".join(grid.member_label(d, m, language) for d, m in zip(grid.column_dims, col.members))
                self.series.append((label or spec.label(language), [self._get(grid, r, col, value) for r in rows],
                                    value_unit(spec)))
        self.title = grid.values[value].label(language) if grid.values else ""
        # One value whose sign is a gain or a loss: its bars take the red/green convention.
        self.gain_loss = bool(grid.values) and not all_values and \
            grid.values[value].measure in gain_colours.GAIN_LOSS_MEASURES

    @staticmethod
    def _get(grid: pivot.Grid, row: pivot.AxisKey, col: pivot.AxisKey, value: int) -> float:
        cell = grid.cell(row, col)
        number = cell[value] if cell is not None and value < len(cell) else None
        return float(number) if number is not None else 0.0

    @property
    def money(self) -> bool:
        return any(unit == "cents" for _, _, unit in self.series)

    @property
    def percent(self) -> bool:
        return bool(self.series) and all(unit == "percent" for _, _, unit in self.series)


class ChartPanel(QWidget):
    kind_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("analysisChart")
        self.grid: pivot.Grid | None = None
        self.order: list[pivot.AxisKey] | None = None
        self.kind_box = QComboBox(objectName="chartKind")
        for kind in CHART_KINDS:
            self.kind_box.addItem(chart_kind_label(kind), kind)
        self.kind_box.currentIndexChanged.connect(lambda _: (self.redraw(), self.kind_changed.emit(self.kind)))
        self.value_box = QComboBox(objectName="chartValue")
        self.value_box.currentIndexChanged.connect(lambda _: self.redraw())
        self.export_button = QPushButton(translate("Analysis", "Save as PNG…"), objectName="chartExport")
        self.export_button.clicked.connect(self.export_png)
        self.note = QLabel(objectName="chartNote")
        self.note.setStyleSheet("color: #666;")
        self.figure = Figure(figsize=(6, 4), dpi=100, layout="constrained")
        use_cjk_font()
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(220)
        top = QHBoxLayout()
        top.addWidget(QLabel(translate("Analysis", "Chart:")))
        top.addWidget(self.kind_box)
        top.addWidget(QLabel(translate("Analysis", "Value:")))
        top.addWidget(self.value_box, 1)
        top.addWidget(self.note)
        top.addStretch()
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        gain_colours.notifier().changed.connect(self.redraw)

    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(kind)))

    def set_grid(self, grid: pivot.Grid | None, order: list[pivot.AxisKey] | None = None) -> None:
        self.grid, self.order = grid, order
        current = self.value_box.currentIndex()
        self.value_box.blockSignals(True)
        self.value_box.clear()
        if grid is not None:
            for spec in grid.values:
                self.value_box.addItem(spec.label(lang()))
            self.value_box.setCurrentIndex(min(max(current, 0), max(0, len(grid.values) - 1)))
        self.value_box.blockSignals(False)
        self.redraw()

    # drawing ---------------------------------------------------------------------------------------
    def redraw(self) -> None:
        self.figure.clear()
        self.note.clear()
        grid = self.grid
        if grid is None or not grid.rows or not grid.values:
            self.canvas.draw_idle()
            return
        import matplotlib

        use_cjk_font()
        with matplotlib.rc_context({"font.size": 9}), warnings.catch_warnings():
            warnings.simplefilter("ignore")       # a missing glyph must not break a chart
            # The funnel's stages may be the values themselves (one row, several counts).
            data = ChartData(grid, max(0, self.value_box.currentIndex()), self.order,
                             all_values=self.kind == "funnel")
            axes = self.figure.add_subplot(111)
            getattr(self, f"_draw_{self.kind}")(axes, data)
            if data.truncated:
                self.note.setText(translate("Analysis", "first %1 shown").replace("%1", str(MAX_CATEGORIES)))
            self.canvas.draw()

    @staticmethod
    def _scale(data: ChartData) -> tuple[float, str]:
        """Divisor from the value's units to the axis units, and the axis label."""
        if data.percent:
            return 0.01, "%"
        if not data.money:
            return 1.0, ""
        peak = max((abs(v) for _, values, _ in data.series for v in values), default=0) / 100
        zh = lang() == "zh"
        if peak >= 1e8:
            return 1e10, "亿元" if zh else "100M CNY"
        if peak >= 1e5:
            return 1e6, "万元" if zh else "10k CNY"
        return 100.0, "元" if zh else "CNY"

    def _axis(self, axes, data: ChartData, horizontal: bool = False) -> float:
        divisor, unit = self._scale(data)
        formatter = FuncFormatter(lambda x, _pos: f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2g}")
        (axes.xaxis if horizontal else axes.yaxis).set_major_formatter(formatter)
        label = data.title + (f" ({unit})" if unit else "")
        (axes.set_xlabel if horizontal else axes.set_ylabel)(label)
        axes.grid(axis="x" if horizontal else "y", color="#e3e3e3", linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        return divisor

    def _ticks(self, axes, data: ChartData) -> None:
        """Category labels that never overlap: flat while they fit, else slanted, and with many
        categories only every n-th (the bars keep their order; hovering is not needed to count)."""
        labels = [short_label(c) for c in data.categories]
        count = len(labels)
        room = max(200, self.canvas.width() * 0.85) / max(1, count)      # pixels per category
        widest = max((label_width_px(label) for label in labels), default=0)
        if widest <= room * 0.9:
            axes.set_xticks(list(range(count)), labels)
            return
        step = max(1, math.ceil(SLANTED_LABEL_PX / room))
        shown = list(range(0, count, step))
        axes.set_xticks(shown, [labels[i] for i in shown], rotation=45, ha="right", rotation_mode="anchor")

    def _legend(self, axes, data: ChartData) -> None:
        if len(data.series) > 1:
            axes.legend(fontsize=8, frameon=False)

    def _draw_bar(self, axes, data: ChartData) -> None:
        divisor = self._axis(axes, data)
        n = max(1, len(data.series))
        width = 0.8 / n
        for i, (label, values, _) in enumerate(data.series):
            colour = PALETTE[i % len(PALETTE)]
            colours = [gain_colours.colour_of(v) or colour for v in values] if n == 1 and data.gain_loss else colour
            axes.bar([x - 0.4 + width * (i + 0.5) for x in range(len(values))], [v / divisor for v in values],
                     width, label=label, color=colours)
        self._ticks(axes, data)
        self._legend(axes, data)

    def _draw_stacked(self, axes, data: ChartData) -> None:
        divisor = self._axis(axes, data)
        positive = [0.0] * len(data.categories)
        negative = [0.0] * len(data.categories)
        for i, (label, values, _) in enumerate(data.series):
            scaled = [v / divisor for v in values]
            bottoms = [positive[j] if v >= 0 else negative[j] for j, v in enumerate(scaled)]
            axes.bar(range(len(scaled)), scaled, 0.7, bottom=bottoms, label=label, color=PALETTE[i % len(PALETTE)])
            for j, v in enumerate(scaled):
                if v >= 0:
                    positive[j] += v
                else:
                    negative[j] += v
        self._ticks(axes, data)
        self._legend(axes, data)

    def _draw_line(self, axes, data: ChartData) -> None:
        divisor = self._axis(axes, data)
        for i, (label, values, _) in enumerate(data.series):
            axes.plot(range(len(values)), [v / divisor for v in values], marker="o", markersize=3,
                      label=label, color=PALETTE[i % len(PALETTE)])
        self._ticks(axes, data)
        self._legend(axes, data)

    def _draw_pie(self, axes, data: ChartData) -> None:
        label, values, _ = data.series[0]
        pairs = [(c, v) for c, v in zip(data.categories, values) if v > 0]
        if len(pairs) < len(values):
            self.note.setText(translate("Analysis", "negative and zero values are left out of a pie"))
        if not pairs:
            axes.text(0.5, 0.5, translate("Analysis", "Nothing to show"), ha="center", va="center")
            axes.set_axis_off()
            return
        total = sum(v for _, v in pairs)
        # Names and shares in a legend beside the pie, shares on the wedges only where they fit:
        # thin slices' labels would lie on top of each other.
        wedges, _texts, _shares = axes.pie(
            [v for _, v in pairs], autopct=lambda share: f"{share:.1f}%" if share >= PIE_LABEL_MIN_SHARE else "",
            startangle=90, counterclock=False, colors=[PALETTE[i % len(PALETTE)] for i in range(len(pairs))],
            wedgeprops={"linewidth": 1, "edgecolor": "white"}, textprops={"fontsize": 8}, pctdistance=0.72)
        axes.legend(wedges, [f"{short_label(c)}  {v / total:.1%}" for c, v in pairs], loc="center left",
                    bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
        axes.set_title(f"{data.title}" + (f" — {label}" if len(data.series) > 1 else ""))
        axes.axis("equal")

    def _centred(self, axes, data: ChartData, levels: list[tuple[str, float]], top_down: bool) -> None:
        divisor, unit = self._scale(data)
        peak = max((abs(v) for _, v in levels), default=0) or 1
        for i, (name, v) in enumerate(levels):
            y = -i if top_down else i
            width = abs(v)
            colour = PALETTE[i % len(PALETTE)]
            axes.barh(y, width, left=-width / 2, height=0.8, color=colour)
            text = f"{name}  {v / divisor:,.0f}{unit if unit else ''}"
            axes.text(0, y, text, ha="center", va="center", fontsize=9,
                      color="white" if width > peak * 0.35 else "black")
        axes.set_xlim(-peak * 0.6, peak * 0.6)
        axes.set_axis_off()
        axes.set_title(data.title)

    def _draw_pyramid(self, axes, data: ChartData) -> None:
        # Lowest level at the bottom (widest), the highest at the top; over months, the latest.
        label, values, _ = data.series[-1]
        self._centred(axes, data, list(zip(data.categories, values)), top_down=False)
        if len(data.series) > 1:
            axes.set_title(f"{data.title} — {label}")

    def _draw_funnel(self, axes, data: ChartData) -> None:
        if len(data.categories) == 1 and len(data.series) > 1:
            levels = [(label, values[0]) for label, values, _ in data.series]   # stages are the values
        else:
            label, values, _ = data.series[0]
            levels = list(zip(data.categories, values))
        self._centred(axes, data, levels, top_down=True)

    # export ---------------------------------------------------------------------------------------------
    def save_png(self, path: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")       # as in redraw: a PC without a CJK font still gets its file
            self.figure.savefig(path, dpi=150, facecolor="white")

    def export_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, translate("Analysis", "Save chart"),
                                              translate("Analysis", "chart") + ".png",
                                              translate("Analysis", "PNG image (*.png)"))
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            self.save_png(path)
