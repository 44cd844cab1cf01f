"""What a feature installed on the customer list may use of the Customers tab.

A feature (filter builder, column chooser, export and summary, customer groups, approval
requests) is added by its `install(tab)` in `CustomersTab.__init__`, which keeps what install
returns. The feature takes the tab as a `CustomerList`: it uses only the names declared here
(tests/unit/test_tab_features.py checks that), never the tab's private state. The tab is a
QWidget: features parent their widgets and shortcuts to it. To give features something new,
add it to the tab as a public name and declare it here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLayout, QLineEdit, QTableView

from crm_desktop.ui.tab_base import TabContext

if TYPE_CHECKING:
    from crm_desktop.services.customer_query.filters import Node
    from crm_desktop.services.customer_query.query import CustomerQuery
    from crm_desktop.ui.customers.paged_model import PagedRowModel


@runtime_checkable
class CustomerList(TabContext, Protocol):
    # the widgets features extend
    tools: QHBoxLayout                  # the row of actions above the list: features add their buttons
    view: QTableView                    # the list (context menu actions, selection, header)
    model: PagedRowModel
    search: QLineEdit
    pool_toggle: QCheckBox

    def layout(self) -> QLayout: ...

    # the filter
    filter_node: Node | None
    filter_changed: SignalInstance      # emits the new filter_node

    def apply_filter(self, node: Node | None) -> None: ...

    # what the list shows
    visible_columns: tuple[str, ...]
    sort_column: str
    sort_descending: bool

    def current_query(self) -> CustomerQuery: ...

    def set_visible_columns(self, keys) -> None: ...

    def fit_columns(self) -> None: ...

    def keep_column_widths(self) -> None: ...

    # the selection
    def selected_row_count(self) -> int: ...

    def selected_customer_ids(self) -> list[int]: ...

    def whole_list_selected(self) -> bool: ...
