"""Exporting the Analysis pane's grid to an Excel workbook (services.export.export_table, in the
background): every row expanded, with a sheet saying what the figures are of -- the ready-made
report, the period, the filters and the ranking. The Export… button shows only for staff with
the export right; the server refuses the others anyway.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QPushButton

from crm_desktop.services import pivot
from crm_desktop.ui.analysis import work
from crm_desktop.ui.analysis.common import lang, period_text, translate
from crm_desktop.ui.analysis.features import AnalysisPane


class GridExport(QObject):
    def __init__(self, tab: AnalysisPane):
        super().__init__(tab)
        self.tab = tab
        self.button = QPushButton(self.tr("Export…"), objectName="analysisExport")
        self.button.setVisible(tab.info.can("export"))
        self.button.clicked.connect(self.ask_path)
        tab.tools.addWidget(self.button)

    def ask_path(self) -> None:
        tab = self.tab
        if tab.result is None or tab.model.grid is None:
            tab.say(self.tr("Nothing to export yet."))
            return
        try:
            from crm_desktop.services import export
        except ImportError:
            tab.say(self.tr("Export is not available in this version."))
            return
        name = export.default_file_name("analysis", lang())
        # The tab's context: the file dialog's filter was translated there before this module existed.
        path, _ = QFileDialog.getSaveFileName(tab, self.tr("Export the grid"), name,
                                              translate("AnalysisTab", "Excel workbook (*.xlsx)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        tab = self.tab
        headers, kinds, rows = tab.model.table(expanded=True)
        details = {"source": tab.result.source, "cells": tab.model.grid.cell_count}
        details["layout"] = pivot.layout_to_dict(tab.result.layout)
        tab.say(self.tr("Exporting…"))
        tab.runner.run(work.export_grid, tab.connector, details, headers, rows, path, kinds, lang(),
                       self.conditions(), key="analysis-export",
                       on_success=lambda done: tab.say(self.tr("Exported %1 rows to %2")
                                                       .replace("%1", f"{done.rows:,}").replace("%2", done.path)),
                       on_failure=lambda error: tab.say(tab.error_text(error)))

    def conditions(self) -> list[tuple[str, str]]:
        """What the exported figures are of: report, period, filters, ranking."""
        layout = self.tab.result.layout
        conditions = []
        report = self.tab.report_name(layout)
        if report:
            conditions.append((self.tr("Report"), report))
        conditions.append((self.tr("Period"), period_text(self.tab.result.period)))
        conditions.append((self.tr("Filters"), "; ".join(self.tab.filter_text(f) for f in layout.filters)
                           or self.tr("none")))
        if layout.top is not None:
            ranking = self.tr("%1 %2 by %3").replace("%1", self.tr("bottom") if layout.top.bottom else self.tr("top")) \
                .replace("%2", str(layout.top.n)).replace("%3", layout.values[layout.top.value].label(lang()))
            if layout.top.below_zero:
                ranking += self.tr(", negative values only")
            conditions.append((self.tr("Ranking"), ranking))
        return conditions


def install(tab: AnalysisPane) -> GridExport:
    return GridExport(tab)
