"""多维分析 Analysis pane (issue #6): field list, drop zones, result grid, chart, drill-down.

The tab is ui/analysis/tab.py (import it from there); its features are the modules beside it.
"""
