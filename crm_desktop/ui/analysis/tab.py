"""多维分析 Analysis tab: build a pivot by dragging fields, see it as a grid and a chart, drill
into any cell, save layouts, run ready-made reports and export.

Every change of the layout re-runs it (debounced) through the TaskRunner with one key, so a
newer layout cancels the running PostgreSQL query; the engine (services.pivot) aggregates in
PostgreSQL as the signed-in staff member, so row-level security decides every number.

This module lays the pane out and keeps its layout; the rest are features installed on the tab,
each using only what features.AnalysisPane declares: running (debounce, size guard, cancel,
showing the result), editing (fields, zones, member picker, options), grid_actions (sorting,
groups, copying, drill-down), reports, saved_layouts and export. Their worker functions are in
work.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from crm_desktop.services import pivot
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.pivot_layout import ZONES, LayoutEditor, layout_from_json, layout_to_json
from crm_desktop.ui.analysis import editing, export, grid_actions, reports, running, saved_layouts
from crm_desktop.ui.analysis.chart import ChartPanel
from crm_desktop.ui.analysis.common import field_label, lang
from crm_desktop.ui.analysis.fields import FieldList, Zone, zone_title
from crm_desktop.ui.analysis.filters import DateRangeBar, TopNBar, preset_range
from crm_desktop.ui.analysis.grid_model import PivotGridModel
from crm_desktop.ui.messages import refusal_text
from crm_desktop.ui.tab_base import CrmTab

BOLD_TITLE = "font-weight: 600; color: #333;"


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
        self.filter_labels: dict[str, dict] = {}
        self._started = False
        self._dialogs: list = []
        start, end = preset_range("this_year", self.anchor)
        self.editor = LayoutEditor(pivot.Layout(rows=("branch",), columns=("month",),
                                                values=(pivot.Value("commission"),), start=start, end=end))
        self._restore()

        # left: fields and zones ------------------------------------------------------------------
        self.fields = FieldList()
        self.zones: dict[str, Zone] = {zone: Zone(zone) for zone in ZONES}
        zones_box = QGridLayout()
        zones_box.setSpacing(4)
        for i, zone in enumerate(ZONES):
            zones_box.addWidget(self._title(zone_title(zone)), (i // 2) * 2, i % 2)
            zones_box.addWidget(self.zones[zone], (i // 2) * 2 + 1, i % 2)
        hint = QLabel(self.tr("Drag fields into the zones, or select one and press Ctrl+1…4 "
                              "(rows, columns, values, filters). Delete removes."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #777; font-size: 11px;")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addWidget(self._title(self.tr("Fields")))
        left_layout.addWidget(self.fields, 3)
        left_layout.addLayout(zones_box, 2)
        left_layout.addWidget(hint)

        # tool row: the features' buttons (installed below), then refresh and the run's state ------------
        self.tools = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="analysisRefresh")
        self.refresh_button.setToolTip(self.tr("Run the layout again (F5)"))
        self.busy = QProgressBar(maximum=0, textVisible=False, objectName="analysisBusy")
        self.busy.setFixedSize(90, 8)
        self.busy.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="analysisCancel")
        self.cancel_button.hide()
        self.status = QLabel(objectName="analysisStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # options row: period, asset ranges, ranking, totals, heat --------------------------------------
        self.dates = DateRangeBar(self.anchor)
        self.edges_button = QPushButton(self.tr("Asset ranges…"), objectName="assetEdgesButton")
        self.top = TopNBar()
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
        self.message = QLabel(objectName="analysisMessage", alignment=Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #666; font-size: 13px; padding: 16px;")
        self.message.hide()
        self.chart = ChartPanel()

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
        right_layout.addLayout(self.tools)
        right_layout.addLayout(options)
        right_layout.addWidget(self.right_split, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([300, 900])
        QVBoxLayout(self).setContentsMargins(6, 6, 6, 6)
        self.layout().addWidget(self.split)

        # the features; each uses only what features.AnalysisPane declares
        self.run = running.install(self)                    # F5, Esc; runs after each change of the layout
        self.editing = editing.install(self)                # drags, keys and menus on fields and zones; options
        self.grid_actions = grid_actions.install(self)      # sorting, groups, copy, drill-down on the grid
        self.reports = reports.install(self)                # Reports menu
        self.saved_layouts = saved_layouts.install(self)    # Layouts menu: save, manage, load
        self.exporter = export.install(self)                # Export… (only with the export right)
        self.tools.addWidget(self.refresh_button)          # after the features' buttons
        self.tools.addStretch(1)
        for widget in (self.status, self.busy, self.cancel_button):
            self.tools.addWidget(widget)
        # what the main window and the tests call on the tab
        self.run_now, self.cancel = self.run.run_now, self.run.cancel
        self.ask_large = self.run.ask_large          # tests replace the question
        self.run_report = self.reports.run
        self.save_layout, self.manage_layouts = self.saved_layouts.save, self.saved_layouts.manage
        self.load_saved = self.saved_layouts.load
        self.export_button, self.export_to = self.exporter.button, self.exporter.export_to
        self.sort_by, self.show_facts = self.grid_actions.sort_by, self.grid_actions.show_facts
        self._sync_widgets()

    @staticmethod
    def _title(text: str) -> QLabel:
        title = QLabel(text)
        title.setStyleSheet(BOLD_TITLE)
        return title

    # connection ---------------------------------------------------------------------------------------
    def set_connector(self, connector) -> None:
        self.connector = connector

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.run.start()
            self.saved_layouts.reload()

    @property
    def running(self) -> bool:
        return self.run.running

    # the layout (the rules are services.pivot_layout's) ------------------------------------------
    @property
    def layout_state(self) -> pivot.Layout:
        return self.editor.layout

    def set_layout(self, layout: pivot.Layout, run: bool = True) -> None:
        """Make `layout` the pane's layout: the zones show it and (debounced) it runs."""
        changed = self.editor.replace(layout)
        self._sync_widgets()
        self.settings.setValue(self._settings_key(), layout_to_json(self.layout_state))
        if run and (changed or self.result is None):
            self.run.debounce.start()

    def run_later(self) -> None:
        """Run the layout after the debounce (a newer change restarts the wait)."""
        self.run.debounce.start()

    def _sync_widgets(self) -> None:
        layout = self.layout_state
        self.zones["rows"].set_entries([("dim", d, field_label("dim", d)) for d in layout.rows])
        self.zones["columns"].set_entries([("dim", d, field_label("dim", d)) for d in layout.columns])
        self.zones["values"].set_entries([("measure", v.measure, v.label(lang())) for v in layout.values],
                                         values=list(layout.values))
        self.zones["filters"].set_entries([("dim", f.dimension, self.filter_text(f)) for f in layout.filters])
        self.dates.set_range(layout.start, layout.end)
        self.top.set_state(layout.values, layout.top)
        self.totals.blockSignals(True)
        self.totals.setChecked(layout.totals)
        self.totals.blockSignals(False)
        if tuple(layout.asset_edges) != tuple(pivot.DEFAULT_ASSET_EDGES):
            self.edges_button.setText(self.tr("Asset ranges (custom)…"))
        else:
            self.edges_button.setText(self.tr("Asset ranges…"))

    def apply_edit(self, step, *args) -> None:
        """Carry out one step of the editor (services.pivot_layout) and show it."""
        self.editing.apply(step, *args)

    def filter_text(self, member_filter: pivot.MemberFilter) -> str:
        name = field_label("dim", member_filter.dimension)
        members = member_filter.members
        if not members:
            return self.tr("%1: all").replace("%1", name)
        labels = self.filter_labels.get(member_filter.dimension, {})
        if len(members) <= 2:
            texts = [labels.get(m) or pivot.member_text(member_filter.dimension, m, lang(), self.layout_state.asset_edges)
                     for m in members]
            return f"{name}: {', '.join(texts)}"
        return self.tr("%1: %2 selected").replace("%1", name).replace("%2", str(len(members)))

    def show_filter_labels(self, labels: dict[str, dict]) -> None:
        """Name the filters' members by the labels a run read (a saved or restored layout's
        filter holds ids until then; the member picker names them otherwise)."""
        dimensions = {f.dimension for f in self.layout_state.filters}
        for dimension in dimensions & labels.keys():
            self.filter_labels.setdefault(dimension, {}).update(labels[dimension])
        if dimensions & labels.keys():
            self.zones["filters"].set_entries([("dim", f.dimension, self.filter_text(f))
                                               for f in self.layout_state.filters])

    def report_name(self, layout: pivot.Layout) -> str:
        return self.reports.name(layout)

    def _heat_toggled(self, on: bool) -> None:
        self.model.heat = on
        self.view.viewport().update()

    def say(self, text: str) -> None:
        self.status.setStyleSheet("color: #8a6d00;")
        self.status.setText(text)

    def error_text(self, error: BaseException) -> str:
        return refusal_text(error) if isinstance(error, CrmRefusal) else self.tr("Unexpected error: %1").replace(
            "%1", str(error))

    def keep(self, dialog) -> None:
        """Hold a modeless dialog of the pane until it is closed."""
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _=0: (dialog in self._dialogs and self._dialogs.remove(dialog),
                                             dialog.deleteLater()))

    # remembering the layout between sessions ---------------------------------------------------------------------
    def _settings_key(self) -> str:
        return f"analysis/{self.info.login}/layout"

    def _restore(self) -> None:
        remembered = layout_from_json(self.settings.value(self._settings_key(), "", str))
        if remembered is not None:
            self.editor.replace(remembered)

    # CrmTab ---------------------------------------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return False
