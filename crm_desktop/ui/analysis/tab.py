"""多维分析 Analysis tab: build a pivot by dragging fields, see it as a grid and a chart, drill
into any cell, save layouts, run ready-made reports and export.

Every change of the layout re-runs it (debounced) through the TaskRunner with one key, so a
newer layout cancels the running PostgreSQL query; the engine (services.pivot) aggregates in
PostgreSQL as the signed-in staff member, so row-level security decides every number.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QGridLayout, QHBoxLayout, QHeaderView,
                               QLabel, QMenu, QMessageBox, QProgressBar, QPushButton, QSplitter, QTableView,
                               QToolButton, QVBoxLayout, QWidget)

from crm_desktop.services import pivot
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.replica import ReadRouter
from crm_desktop.services.pivot_layout import (TOP_INSTEAD, ZONES, Edit, LayoutEditor, MisplacedField,
                                               layout_from_json, layout_to_json)
from crm_desktop.services.tasks import TaskContext
from crm_desktop.ui.analysis.chart import ChartPanel
from crm_desktop.ui.analysis.common import field_label, lang, translate
from crm_desktop.ui.analysis.dialogs import FactsDialog, ManageLayoutsDialog, SaveLayoutDialog
from crm_desktop.ui.analysis.fields import FieldList, Zone, zone_title
from crm_desktop.ui.analysis.filters import AssetEdgesDialog, DateRangeBar, MemberPicker, TopNBar, preset_range
from crm_desktop.ui.analysis.grid_model import PivotGridModel
from crm_desktop.ui.tab_base import CrmTab
from crm_desktop.ui.messages import refusal_text

RUN_KEY = "analysis-run"
RUN_DEBOUNCE_MS = 200
FACTS_LIMIT = 1000


# Worker functions (run on a TaskRunner thread with the staff member's own connection) --------------

# Pivots (ready-made reports included) and drill-down facts are the heavy reads: a read replica
# answers them when the profile names one (services/replica.py); layouts, which the user
# edits, and member lists for the pickers stay on the primary.

def _run_layout(ctx: TaskContext, connector, layout: pivot.Layout) -> tuple[pivot.PivotResult, float]:
    started = time.perf_counter()
    result = ReadRouter.of(connector).run(ctx, lambda conn: pivot.run(conn, layout, ctx))
    return result, time.perf_counter() - started


def _report_layout(ctx: TaskContext, connector, key: str) -> pivot.Layout:
    return pivot.report_layout(ctx.watch(connector.connection()), key)


def _member_counts(ctx: TaskContext, connector) -> dict:
    return pivot.member_counts(ctx.watch(connector.connection()))


def _members(ctx: TaskContext, connector, dimension: str, layout: pivot.Layout, language: str) -> list:
    conn = ctx.watch(connector.connection())
    return pivot.members(conn, dimension, layout, lang=language)


def _facts(ctx: TaskContext, connector, layout: pivot.Layout, row, column, limit: int) -> list[dict]:
    return ReadRouter.of(connector).run(ctx, lambda conn: pivot.facts_for_cell(conn, layout, row, column,
                                                                                limit=limit))


def _list_layouts(ctx: TaskContext, connector) -> list:
    return pivot.list_layouts(connector.connection())


def _save_layout(ctx: TaskContext, connector, name: str, layout: pivot.Layout, shared: bool) -> Any:
    return pivot.save_layout(connector.connection(), name, layout, shared)


def _delete_layout(ctx: TaskContext, connector, layout_id: int) -> Any:
    return pivot.delete_layout(connector.connection(), layout_id)


def _export(ctx: TaskContext, connector, details: dict, headers, rows, path: str, formats, language: str,
            conditions: list[tuple[str, str]]):
    from crm_desktop.services import export

    return export.export_table(ctx, connector.connection(), "analysis", details, headers, rows, path, formats,
                               lang=language, conditions=conditions)


def source_text(source: str) -> str:
    names = {"branch_month": translate("Analysis", "branch × month summary"),
             "customer_month": translate("Analysis", "customer × month summary"),
             "facts": translate("Analysis", "daily facts"),
             "targets": translate("Analysis", "sales targets")}
    parts = [names.get(part, part) for part in source.split("+") if part]
    return " + ".join(parts)


def period_text(period: tuple[dt.date, dt.date] | None) -> str:
    """The dates the figures are for, as the status line names them."""
    if period is None:
        return translate("Analysis", "no loaded data in this period")
    return translate("Analysis", "figures for %1 – %2").replace("%1", period[0].isoformat()) \
        .replace("%2", period[1].isoformat())


class AnalysisTab(CrmTab):
    open_customers = Signal(object)     # services.customer_query.filters.Node: the customers behind a cell
    result_shown = Signal()             # a new result is in the grid (tests, screenshots)

    def __init__(self, runner, connector, info, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.connector, self.info = runner, connector, info
        self.settings = QSettings()
        self.anchor: dt.date = info.last_load_date or dt.date.today()
        self.result: pivot.PivotResult | None = None
        self.elapsed = 0.0
        self._handle = None
        self._run_serial = 0
        self._started = False
        self._member_counts: dict | None = None
        self._filter_labels: dict[str, dict] = {}
        self._saved_layouts: list = []
        self._dialogs: list = []
        self._report: tuple[str, pivot.Layout] | None = None     # the ready-made report shown, as it ran
        self.ask_large = self._ask_large          # tests replace the question
        start, end = preset_range("this_year", self.anchor)
        self.editor = LayoutEditor(pivot.Layout(rows=("branch",), columns=("month",),
                                                values=(pivot.Value("commission"),), start=start, end=end))
        self._restore()

        # left: fields and zones ------------------------------------------------------------------
        self.fields = FieldList()
        self.fields.add_requested.connect(lambda kind, key, zone: self.add_field(kind, key, zone))
        self.zones: dict[str, Zone] = {}
        zones_box = QGridLayout()
        zones_box.setSpacing(4)
        for i, zone in enumerate(ZONES):
            widget = Zone(zone)
            widget.dropped.connect(lambda payload, target, row: self._apply(self.editor.drop, payload, target, row))
            widget.remove_requested.connect(self.remove_entry)
            widget.move_requested.connect(self.move_entry)
            widget.move_to_requested.connect(self.move_entry_to)
            widget.edit_requested.connect(self.edit_entry)
            widget.func_changed.connect(self.set_function)
            self.zones[zone] = widget
            title = QLabel(zone_title(zone))
            title.setStyleSheet("font-weight: 600; color: #333;")
            zones_box.addWidget(title, (i // 2) * 2, i % 2)
            zones_box.addWidget(widget, (i // 2) * 2 + 1, i % 2)
        hint = QLabel(self.tr("Drag fields into the zones, or select one and press Ctrl+1…4 "
                              "(rows, columns, values, filters). Delete removes."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #777; font-size: 11px;")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        fields_title = QLabel(self.tr("Fields"))
        fields_title.setStyleSheet("font-weight: 600; color: #333;")
        left_layout.addWidget(fields_title)
        left_layout.addWidget(self.fields, 3)
        left_layout.addLayout(zones_box, 2)
        left_layout.addWidget(hint)

        # tool row ------------------------------------------------------------------------------------
        self.reports_button = QToolButton(objectName="reportsButton", text=self.tr("Reports"))
        self.reports_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.reports_menu = QMenu(self)
        self.reports_menu.aboutToShow.connect(self._fill_reports)
        self.reports_button.setMenu(self.reports_menu)
        self.layouts_button = QToolButton(objectName="layoutsButton", text=self.tr("Layouts"))
        self.layouts_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.layouts_menu = QMenu(self)
        self.layouts_menu.aboutToShow.connect(self._fill_layouts)
        self.layouts_button.setMenu(self.layouts_menu)
        self.export_button = QPushButton(self.tr("Export…"), objectName="analysisExport")
        self.export_button.setVisible(info.can("export"))
        self.export_button.clicked.connect(self.export_grid)
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="analysisRefresh")
        self.refresh_button.setToolTip(self.tr("Run the layout again (F5)"))
        self.refresh_button.clicked.connect(self.run_now)
        self.busy = QProgressBar(maximum=0, textVisible=False, objectName="analysisBusy")
        self.busy.setFixedSize(90, 8)
        self.busy.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="analysisCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.status = QLabel(objectName="analysisStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tools = QHBoxLayout()
        for widget in (self.reports_button, self.layouts_button, self.export_button, self.refresh_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.status)
        tools.addWidget(self.busy)
        tools.addWidget(self.cancel_button)

        # options row: period, asset ranges, ranking, totals, heat --------------------------------------
        self.dates = DateRangeBar(self.anchor)
        self.dates.changed.connect(self._dates_changed)
        self.edges_button = QPushButton(self.tr("Asset ranges…"), objectName="assetEdgesButton")
        self.edges_button.clicked.connect(self.edit_asset_edges)
        self.top = TopNBar()
        self.top.changed.connect(self._top_changed)
        self.totals = QCheckBox(self.tr("Subtotals"), objectName="totalsToggle")
        self.totals.toggled.connect(lambda on: self.set_layout(replace(self.layout_state, totals=on)))
        self.heat = QCheckBox(self.tr("Heat map"), objectName="heatToggle")
        self.heat.toggled.connect(self._heat_toggled)
        options = QHBoxLayout()
        options.addWidget(self.dates)
        options.addWidget(self.edges_button)
        options.addSpacing(12)
        options.addWidget(self.top)
        options.addStretch(1)
        options.addWidget(self.totals)
        options.addWidget(self.heat)

        # grid and chart ------------------------------------------------------------------------------------
        self.model = PivotGridModel(self)
        self.view = QTableView(objectName="analysisGrid")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(self._header_clicked)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._grid_menu)
        self.message = QLabel(objectName="analysisMessage", alignment=Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #666; font-size: 13px; padding: 16px;")
        self.message.hide()
        self.chart = ChartPanel()
        self._sort: tuple[int, Qt.SortOrder] | None = None

        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.message)
        grid_layout.addWidget(self.view, 1)
        self.right_split = QSplitter(Qt.Orientation.Vertical)
        self.right_split.addWidget(grid_box)
        self.right_split.addWidget(self.chart)
        self.right_split.setStretchFactor(0, 3)
        self.right_split.setStretchFactor(1, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        right_layout.addLayout(tools)
        right_layout.addLayout(options)
        right_layout.addWidget(self.right_split, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.split)

        QShortcut(QKeySequence("F5"), self, activated=self.run_now)
        QShortcut(QKeySequence.StandardKey.Copy, self.view, activated=self.copy_selection)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.view, activated=self._drill_current)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self.view, activated=self._toggle_current)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.cancel)
        self._debounce = QTimer(self, singleShot=True, interval=RUN_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_now)
        self._sync_widgets()

    # connection ---------------------------------------------------------------------------------------
    def set_connector(self, connector) -> None:
        self.connector = connector

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._started:
            self._started = True
            # What the user can see, counted once, so the size guard can warn before a query.
            self.runner.run(_member_counts, self.connector, key="analysis-member-counts",
                            on_success=self._got_member_counts, on_failure=lambda _error: self.run_now())
            self._reload_layouts()

    def _got_member_counts(self, counts: dict) -> None:
        self._member_counts = counts
        self.run_now()

    # layout state (the rules are services.pivot_layout's) ------------------------------------------
    @property
    def layout_state(self) -> pivot.Layout:
        return self.editor.layout

    def set_layout(self, layout: pivot.Layout, run: bool = True) -> None:
        """Make `layout` the pane's layout: the zones show it and (debounced) it runs."""
        changed = self.editor.replace(layout)
        self._sync_widgets()
        self._remember()
        if run and (changed or self.result is None):
            self._debounce.start()

    def _apply(self, step, *args) -> None:
        """Carry out one editing step of the editor: show its layout, keep its selection, ask for
        the members of the filter it added."""
        try:
            edit: Edit = step(*args)
        except MisplacedField:
            self._say(self.tr("Measures go to Values; dimensions go to Rows, Columns or Filters."))
            return
        if edit.layout is not None:
            self.set_layout(edit.layout, run=edit.run)
        if edit.select is not None:
            zone, row = edit.select
            self.zones[zone].setCurrentRow(row)
        if edit.pick_members is not None:
            self.pick_members(edit.pick_members)

    def add_field(self, kind: str, key: str, zone: str = "", row: int | None = None) -> None:
        """Put a field into a zone (zone '' = where it fits: dimension -> rows, measure -> values)."""
        self._apply(self.editor.add_field, kind, key, zone, row)

    def remove_entry(self, zone: str, row: int) -> None:
        self._apply(self.editor.remove, zone, row)

    def move_entry(self, zone: str, row: int, delta: int) -> None:
        self._apply(self.editor.move, zone, row, delta)

    def move_entry_to(self, zone: str, row: int, target: str, position: int | None = None) -> None:
        self._apply(self.editor.move_to, zone, row, target, position)

    def set_function(self, row: int, func: str) -> None:
        self._apply(self.editor.set_function, row, func)

    def edit_entry(self, zone: str, row: int) -> None:
        if zone == "filters":
            filters = self.layout_state.filters
            if 0 <= row < len(filters):
                self.pick_members(filters[row].dimension)
        elif zone == "values":
            chip = self.zones["values"].chip(row)
            if chip is not None and chip.func.isEnabled():
                chip.func.setFocus()
                chip.func.showPopup()

    # widgets from the state ----------------------------------------------------------------------------------
    def _sync_widgets(self) -> None:
        layout = self.layout_state
        self.zones["rows"].set_entries([("dim", d, field_label("dim", d)) for d in layout.rows])
        self.zones["columns"].set_entries([("dim", d, field_label("dim", d)) for d in layout.columns])
        self.zones["values"].set_entries([("measure", v.measure, v.label(lang())) for v in layout.values],
                                         values=list(layout.values))
        self.zones["filters"].set_entries([("dim", f.dimension, self._filter_text(f)) for f in layout.filters])
        self.dates.set_range(layout.start, layout.end)
        self.top.set_state(layout.values, layout.top)
        self.totals.blockSignals(True)
        self.totals.setChecked(layout.totals)
        self.totals.blockSignals(False)
        if tuple(layout.asset_edges) != tuple(pivot.DEFAULT_ASSET_EDGES):
            self.edges_button.setText(self.tr("Asset ranges (custom)…"))
        else:
            self.edges_button.setText(self.tr("Asset ranges…"))

    def _filter_text(self, member_filter: pivot.MemberFilter) -> str:
        name = field_label("dim", member_filter.dimension)
        members = member_filter.members
        if not members:
            return self.tr("%1: all").replace("%1", name)
        labels = self._filter_labels.get(member_filter.dimension, {})
        if len(members) <= 2:
            texts = [labels.get(m) or pivot.member_text(member_filter.dimension, m, lang(), self.layout_state.asset_edges)
                     for m in members]
            return f"{name}: {', '.join(texts)}"
        return self.tr("%1: %2 selected").replace("%1", name).replace("%2", str(len(members)))

    def _dates_changed(self) -> None:
        start, end = self.dates.range()
        self.set_layout(replace(self.layout_state, start=start, end=end))

    def _top_changed(self) -> None:
        self.set_layout(replace(self.layout_state, top=self.top.top()))

    def _heat_toggled(self, on: bool) -> None:
        self.model.heat = on
        self.view.viewport().update()

    def edit_asset_edges(self) -> None:
        dialog = AssetEdgesDialog(tuple(self.layout_state.asset_edges), self)
        dialog.accepted.connect(lambda: self.set_layout(replace(self.layout_state, asset_edges=dialog.edges)))
        self._keep(dialog)
        dialog.open()

    def pick_members(self, dimension: str) -> MemberPicker:
        scope = self.editor.member_scope(dimension)

        def start(done, failed) -> None:
            def got(members: list) -> None:
                self._filter_labels[dimension] = {key: label for key, label in members}
                done(members)

            self.runner.run(_members, self.connector, dimension, scope, lang(), key="analysis-members",
                            on_success=got, on_failure=lambda e: failed(self._error_text(e)))

        dialog = MemberPicker(dimension, self.editor.members_of(dimension), start, self)
        dialog.accepted.connect(lambda: self._apply(self.editor.set_members, dimension, dialog.chosen))
        dialog.rejected.connect(lambda: self.result is None and self._debounce.start())
        self._keep(dialog)
        dialog.open()
        return dialog

    def _keep(self, dialog) -> None:
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _=0: (dialog in self._dialogs and self._dialogs.remove(dialog),
                                             dialog.deleteLater()))

    # running ----------------------------------------------------------------------------------------------------
    def run_now(self, confirmed: bool = False) -> None:
        self._debounce.stop()
        layout = self.layout_state
        if not layout.values:
            self._show_message(self.tr("Drag a measure (for example 佣金 commission) into Values to see numbers."))
            return
        if not confirmed:
            cells = self.editor.oversized(self._member_counts)
            if cells is not None:
                self._guard(cells)
                return
        self._run_serial += 1
        serial = self._run_serial
        self._set_busy(True)
        self.status.setStyleSheet("color: #555;")
        self.status.setText(self.tr("Running…"))
        self._handle = self.runner.run(_run_layout, self.connector, layout, key=RUN_KEY,
                                       on_success=lambda answer: self._show(answer, serial),
                                       on_failure=lambda error: self._failed(error, serial))

    def _guard(self, cells: int) -> None:
        choice = self.ask_large(cells)
        if choice == "top":
            self._apply(self.editor.top_instead)
        elif choice == "run":
            self.run_now(confirmed=True)
        else:
            self._set_busy(False)
            self.status.setText(self.tr("Not run: the result would be too large."))

    def _ask_large(self, cells: int) -> str:
        if cells < 0:
            text = self.tr("This layout has one row per customer and may give many thousands of cells, which is "
                           "slow to show and hard to read. Show the top %3 rows by the first value instead?")
        else:
            text = self.tr("This layout gives about %1 cells (more than %2), which is slow to show and hard "
                           "to read. Show the top %3 rows by the first value instead?")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("A large result"),
                          text.replace("%1", f"{cells:,}").replace("%2", f"{pivot.MAX_CELLS:,}")
                          .replace("%3", str(TOP_INSTEAD)), parent=self)
        top = box.addButton(self.tr("Show top %1").replace("%1", str(TOP_INSTEAD)), QMessageBox.ButtonRole.AcceptRole)
        run = box.addButton(self.tr("Run anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return "top" if box.clickedButton() is top else "run" if box.clickedButton() is run else "cancel"

    def cancel(self) -> None:
        if self._handle is None or self._handle.done:
            return
        self._handle.cancel()
        self._run_serial += 1          # a result that was already on its way is dropped
        self._set_busy(False)
        self.status.setStyleSheet("color: #8a6d00;")
        self.status.setText(self.tr("Cancelled."))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.cancel_button.setVisible(busy)

    @property
    def running(self) -> bool:
        return self.cancel_button.isVisible()

    def _show(self, answer: tuple[pivot.PivotResult, float], serial: int) -> None:
        if serial != self._run_serial:
            return
        result, seconds = answer
        grid = result.grid()
        self._set_busy(False)
        self.result, self.elapsed = result, seconds
        self.model.set_grid(grid)
        self._sort = None
        self.view.horizontalHeader().setSortIndicatorShown(False)
        self.chart.set_grid(grid, self.model._order)
        if not result.records:
            self._show_message(self.tr("No data for this layout and period."))
        else:
            self.message.hide()
            self.view.show()
        self._fit_columns()
        text = self.tr("%1 · %2 s · %3 cells").replace("%1", source_text(result.source)) \
            .replace("%2", f"{seconds:.2f}").replace("%3", f"{grid.cell_count:,}")
        text = " · ".join(part for part in (self._report_name(result.layout), period_text(result.period), text)
                          if part)
        if result.truncated:
            text += " · " + self.tr("truncated: narrow the layout")
        self.status.setStyleSheet("color: #555;" if not result.truncated else "color: #b00020;")
        self.status.setText(text)
        self.status.setToolTip(self.tr("Which table answered and how long the server took"))
        self.result_shown.emit()

    def _fit_columns(self) -> None:
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(max(header.sectionSize(column), 70), 260))

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _error_text(self, error: BaseException) -> str:
        return refusal_text(error) if isinstance(error, CrmRefusal) else self.tr("Unexpected error: %1").replace(
            "%1", str(error))

    def _failed(self, error: BaseException, serial: int) -> None:
        if serial != self._run_serial:
            return
        self._set_busy(False)
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(self._error_text(error))
        self.status.setToolTip(self._error_text(error))

    def _say(self, text: str) -> None:
        self.status.setStyleSheet("color: #8a6d00;")
        self.status.setText(text)

    # grid interaction ------------------------------------------------------------------------------------------
    def _header_clicked(self, section: int) -> None:
        if self.model.grid is None:
            return
        if section < self.model.header_columns:
            self._sort = None
            self.view.horizontalHeader().setSortIndicatorShown(False)
            self.model.sort(section)
        else:
            order = Qt.SortOrder.DescendingOrder
            if self._sort is not None and self._sort[0] == section and self._sort[1] == Qt.SortOrder.DescendingOrder:
                order = Qt.SortOrder.AscendingOrder
            self.sort_by(section, order)
        self.chart.set_grid(self.model.grid, self.model._order)

    def sort_by(self, section: int, order: Qt.SortOrder = Qt.SortOrder.DescendingOrder) -> None:
        self._sort = (section, order)
        header = self.view.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(section, order)
        self.model.sort(section, order)

    def _double_clicked(self, index) -> None:
        group = self.model.group_at(index)
        if group is not None:
            self.model.toggle(group)
            return
        if self.model.cell_at(index) is not None:
            self.drill_to_customers(index)

    def _toggle_current(self) -> None:
        group = self.model.group_at(self.view.currentIndex())
        if group is not None:
            self.model.toggle(group)

    def _drill_current(self) -> None:
        index = self.view.currentIndex()
        if self.model.cell_at(index) is not None:
            self.drill_to_customers(index)
        else:
            self._toggle_current()

    def _cell_of(self, index) -> tuple | None:
        found = self.model.cell_at(index)
        if found is None and index.isValid() and self.model.grid is not None:
            key = self.model.row_key(index.row())
            totals = [c for c in self.model.grid.columns if c.depth == 0]
            if key is not None and totals:
                return key, totals[0]
        return found[:2] if found is not None else None

    def drill_to_customers(self, index) -> None:
        """The customers behind a cell, opened in the Customers tab as its filter."""
        cell = self._cell_of(index)
        if cell is None or self.result is None:
            return
        try:
            node = pivot.cell_filter(self.result.layout, cell[0], cell[1])
        except CrmRefusal as error:
            self._say(self._error_text(error))
            return
        self.open_customers.emit(node)

    def show_facts(self, index) -> None:
        """The daily rows behind a cell, in a detail table."""
        cell = self._cell_of(index)
        if cell is None or self.result is None:
            return
        title = self._cell_title(cell[0], cell[1])
        self._say(self.tr("Reading the daily rows…"))
        self.runner.run(_facts, self.connector, self.result.layout, cell[0], cell[1], FACTS_LIMIT,
                        key="analysis-facts",
                        on_success=lambda rows: self._facts_ready(title, rows),
                        on_failure=lambda error: self._say(self._error_text(error)))

    def _facts_ready(self, title: str, rows: list[dict]) -> None:
        self.status.clear()
        dialog = FactsDialog(title, rows, FACTS_LIMIT, self)
        self._keep(dialog)
        dialog.open()

    def _cell_title(self, row, column) -> str:
        grid = self.model.grid
        parts = [grid.member_label(d, m, lang()) for d, m in zip(grid.row_dims, row.members[:row.depth])]
        parts += [grid.member_label(d, m, lang()) for d, m in zip(grid.column_dims, column.members[:column.depth])]
        return " / ".join(p for p in parts if p) or self.tr("Total")

    def _grid_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        menu = QMenu(self)
        if index.isValid():
            group = self.model.group_at(index)
            if group is not None:
                text = self.tr("Expand group") if self.model.is_collapsed(group) else self.tr("Collapse group")
                menu.addAction(text, lambda: self.model.toggle(group))
            if self._cell_of(index) is not None:
                menu.addAction(self.tr("Open these customers in the Customers tab"), lambda: self.drill_to_customers(index))
                menu.addAction(self.tr("Show the daily rows…"), lambda: self.show_facts(index))
            menu.addSeparator()
        if self.model.grid is not None and len(self.model.grid.row_dims) > 1:
            menu.addAction(self.tr("Expand all"), lambda: self.model.collapse_to(None))
            menu.addAction(self.tr("Collapse all"), lambda: self.model.collapse_to(1))
        menu.addAction(self.tr("Copy"), self.copy_selection)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def copy_selection(self) -> None:
        indexes = sorted(self.view.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        columns = sorted({i.column() for i in indexes})
        lines = ["\t".join(str(self.model.headerData(c, Qt.Orientation.Horizontal) or "").replace("\n", " ")
                           for c in columns)]
        by_row: dict[int, dict[int, str]] = {}
        for index in indexes:
            by_row.setdefault(index.row(), {})[index.column()] = str(self.model.data(index) or "")
        for row in sorted(by_row):
            lines.append("\t".join(by_row[row].get(c, "") for c in columns))
        QGuiApplication.clipboard().setText("\n".join(lines))

    # reports and saved layouts -------------------------------------------------------------------------------------
    def _fill_reports(self) -> None:
        self.reports_menu.clear()
        if not pivot.REPORTS:
            self.reports_menu.addAction(self.tr("(no reports available)")).setEnabled(False)
        for key, report in pivot.REPORTS.items():
            self.reports_menu.addAction(report.label(lang()), lambda _=False, k=key: self.run_report(k))

    def run_report(self, key: str) -> None:
        """The report over its period of the loaded data (asked of the server first)."""
        self._say(self.tr("Running…"))
        self.runner.run(_report_layout, self.connector, key, key="analysis-report",
                        on_success=lambda layout: self._report_ready(key, layout),
                        on_failure=lambda error: self._say(self._error_text(error)))

    def _report_ready(self, key: str, layout: pivot.Layout) -> None:
        if "pyramid" in key:
            self.chart.set_kind("pyramid")
        elif "funnel" in key:
            self.chart.set_kind("funnel")
        self._report = (key, layout)
        self.set_layout(layout)

    def _report_name(self, layout: pivot.Layout) -> str:
        """The ready-made report's name while its layout is unchanged."""
        if self._report is None or self._report[1] != layout:
            return ""
        return pivot.REPORTS[self._report[0]].label(lang())

    def _fill_layouts(self) -> None:
        self.layouts_menu.clear()
        self.layouts_menu.addAction(self.tr("Save layout…"), self.save_layout)
        self.layouts_menu.addAction(self.tr("Manage layouts…"), self.manage_layouts)
        if self._saved_layouts:
            self.layouts_menu.addSeparator()
        for row in self._saved_layouts[:20]:
            from crm_desktop.ui.analysis.dialogs import layout_row_text

            self.layouts_menu.addAction(layout_row_text(row), lambda _=False, r=row: self.load_saved(r))

    def _reload_layouts(self, then=None) -> None:
        def got(rows) -> None:
            self._saved_layouts = [self._row_dict(r) for r in rows]
            if then is not None:
                then(self._saved_layouts)

        self.runner.run(_list_layouts, self.connector, key="analysis-layouts", on_success=got,
                        on_failure=lambda error: self._say(self._error_text(error)))

    @staticmethod
    def _row_dict(row: Any) -> dict:
        if isinstance(row, dict):
            return row
        if hasattr(row, "_asdict"):
            return row._asdict()
        if hasattr(row, "__dataclass_fields__"):
            return {name: getattr(row, name) for name in row.__dataclass_fields__}
        return dict(row)

    def save_layout(self) -> None:
        dialog = SaveLayoutDialog(self.info.can("admin_all"), parent=self)

        def accepted() -> None:
            name, shared = dialog.name.text().strip(), dialog.shared.isChecked()
            self.runner.run(_save_layout, self.connector, name, self.layout_state, shared, key="analysis-save",
                            on_success=lambda _: (self._say(self.tr("Layout “%1” saved.").replace("%1", name)),
                                                  self._reload_layouts()),
                            on_failure=lambda error: self._say(self._error_text(error)))

        dialog.accepted.connect(accepted)
        self._keep(dialog)
        dialog.open()

    def manage_layouts(self) -> ManageLayoutsDialog:
        dialog = ManageLayoutsDialog(self._saved_layouts, self)
        dialog.load_requested.connect(self.load_saved)

        def delete(row: dict) -> None:
            self.runner.run(_delete_layout, self.connector, row["id"], key="analysis-delete",
                            on_success=lambda _: self._reload_layouts(then=dialog.set_rows),
                            on_failure=lambda error: self._say(self._error_text(error)))

        dialog.delete_requested.connect(delete)
        self._keep(dialog)
        dialog.open()
        self._reload_layouts(then=dialog.set_rows)
        return dialog

    def load_saved(self, row: dict) -> None:
        layout = row.get("definition", row.get("layout"))
        try:
            if isinstance(layout, dict):
                layout = pivot.layout_from_dict(layout)
        except (CrmRefusal, KeyError, TypeError, ValueError) as error:
            self._say(self._error_text(error) if isinstance(error, CrmRefusal)
                      else self.tr("This saved layout cannot be read: %1").replace("%1", str(error)))
            return
        if isinstance(layout, pivot.Layout):
            self.set_layout(layout)

    # remembering the layout between sessions ---------------------------------------------------------------------
    def _settings_key(self) -> str:
        return f"analysis/{self.info.login}/layout"

    def _remember(self) -> None:
        self.settings.setValue(self._settings_key(), layout_to_json(self.layout_state))

    def _restore(self) -> None:
        remembered = layout_from_json(self.settings.value(self._settings_key(), "", str))
        if remembered is not None:
            self.editor.replace(remembered)

    # export ---------------------------------------------------------------------------------------------------------
    def export_grid(self) -> None:
        if self.result is None or self.model.grid is None:
            self._say(self.tr("Nothing to export yet."))
            return
        try:
            from crm_desktop.services import export
        except ImportError:
            self._say(self.tr("Export is not available in this version."))
            return
        name = export.default_file_name("analysis", lang())
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the grid"), name, self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        headers, kinds, rows = self.model.table(expanded=True)
        details = {"source": self.result.source, "cells": self.model.grid.cell_count}
        details["layout"] = pivot.layout_to_dict(self.result.layout)
        self._say(self.tr("Exporting…"))
        self.runner.run(_export, self.connector, details, headers, rows, path, kinds, lang(),
                        self.export_conditions(), key="analysis-export",
                        on_success=lambda done: self._say(self.tr("Exported %1 rows to %2")
                                                          .replace("%1", f"{done.rows:,}").replace("%2", done.path)),
                        on_failure=lambda error: self._say(self._error_text(error)))

    def export_conditions(self) -> list[tuple[str, str]]:
        """What the exported figures are of: report, period, filters, ranking."""
        layout = self.result.layout
        conditions = []
        report = self._report_name(layout)
        if report:
            conditions.append((self.tr("Report"), report))
        conditions.append((self.tr("Period"), period_text(self.result.period)))
        conditions.append((self.tr("Filters"), "; ".join(self._filter_text(f) for f in layout.filters)
                           or self.tr("none")))
        if layout.top is not None:
            ranking = self.tr("%1 %2 by %3").replace("%1", self.tr("bottom") if layout.top.bottom else self.tr("top")) \
                .replace("%2", str(layout.top.n)).replace("%3", layout.values[layout.top.value].label(lang()))
            if layout.top.below_zero:
                ranking += self.tr(", negative values only")
            conditions.append((self.tr("Ranking"), ranking))
        return conditions

    # CrmTab ---------------------------------------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return False
