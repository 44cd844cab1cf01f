"""The Analysis pane's ready-made reports (services.pivot.REPORTS): the Reports menu, running one
over the period of the loaded data (asked of the server first), and its name while the layout
it ran stays unchanged (the status line and the export name it).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from crm_desktop.services import pivot
from crm_desktop.ui.analysis import work
from crm_desktop.ui.analysis.common import lang, menu_button
from crm_desktop.ui.analysis.features import AnalysisPane


class Reports(QObject):
    def __init__(self, tab: AnalysisPane):
        super().__init__(tab)
        self.tab = tab
        self.shown: tuple[str, pivot.Layout] | None = None      # the report shown, as it ran
        self.button, self.menu = menu_button("reportsButton", self.tr("Reports"), self._fill_menu, tab)
        tab.tools.addWidget(self.button)

    def _fill_menu(self) -> None:
        self.menu.clear()
        if not pivot.REPORTS:
            self.menu.addAction(self.tr("(no reports available)")).setEnabled(False)
        for key, report in pivot.REPORTS.items():
            self.menu.addAction(report.label(lang()), lambda _=False, k=key: self.run(k))

    def run(self, key: str) -> None:
        """The report over its period of the loaded data (asked of the server first)."""
        tab = self.tab
        tab.say(self.tr("Running…"))
        tab.runner.run(work.report_layout, tab.connector, key, key="analysis-report",
                       on_success=lambda layout: self._ready(key, layout),
                       on_failure=lambda error: tab.say(tab.error_text(error)))

    def _ready(self, key: str, layout: pivot.Layout) -> None:
        if "pyramid" in key:
            self.tab.chart.set_kind("pyramid")
        elif "funnel" in key:
            self.tab.chart.set_kind("funnel")
        self.shown = (key, layout)
        self.tab.set_layout(layout)

    def name(self, layout: pivot.Layout) -> str:
        """The ready-made report's name while its layout is unchanged."""
        if self.shown is None or self.shown[1] != layout:
            return ""
        return pivot.REPORTS[self.shown[0]].label(lang())


def install(tab: AnalysisPane) -> Reports:
    return Reports(tab)
