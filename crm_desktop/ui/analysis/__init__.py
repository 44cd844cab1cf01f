"""多维分析 Analysis pane (issue #6): field list, drop zones, result grid, chart, drill-down."""

from crm_desktop.ui.analysis.tab import AnalysisTab

__all__ = ["AnalysisTab"]
