"""What a feature installed on the Analysis pane may use of the Analysis tab.

A feature (running the layout, layout editing, grid actions and drill-down, ready-made reports, saved layouts,
export) is added by its `install(tab)` in `AnalysisTab.__init__`, which keeps what install
returns. The feature takes the tab as an `AnalysisPane`: it uses only the names declared here
(tests/unit/test_tab_features.py checks that), never the tab's private state. The tab is a
QWidget: features parent their widgets, menus, dialogs and shortcuts to it. To give features
something new, add it to the tab as a public name and declare it here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QTableView

from crm_desktop.ui.tab_base import TabContext

if TYPE_CHECKING:
    from crm_desktop.services import pivot
    from crm_desktop.services.pivot_layout import Edit, LayoutEditor
    from crm_desktop.ui.analysis.chart import ChartPanel
    from crm_desktop.ui.analysis.fields import FieldList, Zone
    from crm_desktop.ui.analysis.filters import DateRangeBar, TopNBar
    from crm_desktop.ui.analysis.grid_model import PivotGridModel


@runtime_checkable
class AnalysisPane(TabContext, Protocol):
    # the widgets features extend or read
    tools: QHBoxLayout                  # the tool row: features add their buttons, in the order installed
    fields: FieldList
    zones: dict[str, Zone]              # rows, columns, values, filters
    dates: DateRangeBar
    top: TopNBar
    edges_button: QPushButton
    refresh_button: QPushButton
    cancel_button: QPushButton          # shown while a run can be cancelled
    busy: QProgressBar
    status: QLabel                      # the status line of the tool row
    message: QLabel                     # said instead of the grid (no measure, no data)
    view: QTableView                    # the grid
    model: PivotGridModel
    chart: ChartPanel

    # the layout (its editing rules are services.pivot_layout's)
    editor: LayoutEditor
    filter_labels: dict[str, dict]      # dimension -> {member: label} as the member picker read them

    @property
    def layout_state(self) -> pivot.Layout: ...

    def set_layout(self, layout: pivot.Layout, run: bool = True) -> None: ...

    def apply_edit(self, step: Callable[..., Edit], *args) -> None: ...     # one step of the editor, shown

    def filter_text(self, member_filter: pivot.MemberFilter) -> str: ...

    def show_filter_labels(self, labels: dict[str, dict]) -> None: ...   # member labels a run read

    # the result shown and its run
    result: pivot.PivotResult | None   # written by the running feature only
    elapsed: float                      # seconds the server took for it
    ask_large: Callable[[int], str]     # before a large run: 'top', 'run' or 'cancel' (tests replace it)
    result_shown: SignalInstance        # a new result is in the grid
    open_customers: SignalInstance      # emits the customers behind a cell (a customer_query Node)

    def run_later(self) -> None: ...

    def report_name(self, layout: pivot.Layout) -> str: ...

    # messages and dialogs
    def say(self, text: str) -> None: ...

    def error_text(self, error: BaseException) -> str: ...

    def keep(self, dialog) -> None: ...
