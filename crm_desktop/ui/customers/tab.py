"""客户 Customers tab: a list over millions of customers, searched as you type.

The list is a PagedRowModel over the customer query engine (services.customer_query): only the
pages near the viewport are ever fetched, and every query runs as the signed-in staff member,
so row-level security decides what appears.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QTableView, QToolButton, QVBoxLayout)

from crm_desktop.services.customer_query import columns as list_columns
from crm_desktop.services.customer_query.list_source import LIST_COLUMNS, SORTABLE, CustomerListSource, can_see_pool
from crm_desktop.services.customer_query.search import WHOLE_NUMBER_LENGTHS, search_kind
from crm_desktop.services.customer_query.words import VALUE_LABELS, value_label
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskContext
from crm_desktop.ui.approvals import requests as approval_requests
from crm_desktop.ui.customer_groups import install as groups_install
from crm_desktop.ui.customers import column_chooser, export, filter_builder
from crm_desktop.ui.customers.paged_model import PagedRowModel
from crm_desktop.ui.empty_hint import EmptyHint
from crm_desktop.ui.sms import install as sms_install
from crm_desktop.ui.sms import subscriptions_install
from crm_desktop.ui.detail_windows import DetailWindows
from crm_desktop.ui.messages import refusal_text
from crm_desktop.ui.tab_base import CrmTab
from crm_desktop.ui.table_model import Column, fit_columns

SEARCH_DEBOUNCE_MS = 250
MENU_BUTTON_STYLE = ("QToolButton { padding-right: 16px; }"
                     "QToolButton::menu-indicator { subcontrol-origin: padding; subcontrol-position: center right;"
                     " right: 4px; }")

# The widest value a column is expected to show, by column and else by type: the list's widths
# come from these, the header and the rows in view -- never from walking the model.
WIDEST_BY_COLUMN = {"account_no": "0" * 12, "name": "欧阳某某某", "mobile": "0" * 11, "ext_mobile": "0" * 11,
                    "id_no": "0" * 17 + "X", "branch": "BJ01", "branch_name": "北京某某路营业部",
                    "developer": "欧阳某某某", "service_staff": "欧阳某某某", "ext_modified_by": "bj01_mkt01"}
WIDEST_BY_TYPE = {list_columns.DATE: "2026-12-31", list_columns.DATETIME: "2026-12-31 23:59:59",
                  list_columns.NUMBER: "100", list_columns.MONEY: "999,999,999.99", list_columns.BOOL: "✓"}


def _lang() -> str:
    from crm_desktop.ui.admin.common import chinese_ui

    return "zh" if chinese_ui() else "en"


def _money(cents) -> str:
    return f"{cents / 100:,.2f}"


def _exact_count(ctx: TaskContext, connector, source) -> int:
    return source.exact_count(ctx.watch(connector.connection()), ctx)


class CustomersTab(CrmTab):
    filter_changed = Signal(object)      # the new filter_node (None: no filter)

    def __init__(self, runner, connector, info, parent=None):
        super().__init__(parent)
        self.runner, self.connector, self.info = runner, connector, info
        self.detail_windows = DetailWindows()      # open customer windows and their unsaved edits
        self.filter_node = None          # the filter builder's tree (services.customer_query.filters.Node)
        self.visible_columns: tuple[str, ...] = LIST_COLUMNS   # in the order shown
        self.sort_column = "account_no"
        self.sort_descending = False

        self.search = QLineEdit(objectName="customerSearch", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Account number, mobile, ID number or name…"))
        self.search.textChanged.connect(self._schedule_search)
        self.search.returnPressed.connect(self.run_query)
        self.pool_toggle = QCheckBox(self.tr("Public pool only (公有客户)"), objectName="poolToggle")
        self.pool_toggle.setVisible(can_see_pool(info))
        self.pool_toggle.toggled.connect(lambda _: self.run_query())
        self.count_label = QLabel(objectName="customerCount")
        self.search_hint = QLabel(objectName="searchHint")
        self.search_hint.setStyleSheet("color: #8a5a00;")
        self.search_hint.setWordWrap(True)
        self.search_hint.hide()
        self.exact_button = QPushButton(self.tr("Exact count"), objectName="exactCount", flat=True)
        self.exact_button.clicked.connect(self.count_exactly)
        self.busy = QProgressBar(maximum=0, textVisible=False, objectName="customerBusy")
        self.busy.setFixedSize(80, 6)
        self.busy.hide()

        self.model = PagedRowModel(runner, self._connection, self._columns(), parent=self)
        self.model.count_changed.connect(self._show_count)
        self.model.loading_changed.connect(self.busy.setVisible)
        self.model.failed.connect(self._failed)
        self.view = QTableView(objectName="customerTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        # Fit columns to what is on screen only: the default (1 000 rows) makes the paged model
        # fetch and seek pages the user never asked for.
        header.setResizeContentsPrecision(0)
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.fit_columns()
        self.view.doubleClicked.connect(lambda index: self.open_detail(index.row()))
        self.view.verticalScrollBar().valueChanged.connect(lambda _: self._prefetch())
        self._counted = False            # the current list's count has arrived (an empty list is empty)
        self.empty_hint = EmptyHint(self.view, self._empty_text)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.pool_toggle)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.count_label)
        top.addWidget(self.exact_button)
        # A row of actions on the list (filter, columns, groups, summary, export); features add
        # their buttons here through their own install() functions.
        self.tools = QHBoxLayout()
        self.tools.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search_hint)
        layout.addLayout(self.tools)
        layout.addWidget(self.view, 1)

        QShortcut(QKeySequence.StandardKey.Copy, self.view, activated=self.copy_selection)
        QShortcut(QKeySequence("Ctrl+End"), self.view, activated=self.go_to_end)
        QShortcut(QKeySequence("Ctrl+Home"), self.view, activated=lambda: self.view.scrollToTop())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.view, activated=self._open_current)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_query)
        self._started = False
        self._sized = False
        # The features on the list; each uses only what CustomerList (features.py) declares.
        self.exporter = export.install(self)                 # Summary… and Export… (Export only with the right)
        self.column_layout = column_chooser.install(self)   # columns, order and widths per user (before any query)
        self.filter_tools = filter_builder.install(self)     # Filter… button, saved filters, chips, Ctrl+Shift+F
        self.customer_groups = groups_install.install(self)         # 客户群: Groups… / Add to group
        self.approval_requests = approval_requests.install_customers(self)   # 认领 / Assign service staff… (context menu)
        self.sms = sms_install.install_customers(self)     # 短信: Send SMS to the selection or the whole list
        self.sms_subscriptions = subscriptions_install.install_customers(self)   # 信息栏目: subscribe / unsubscribe
        self.tools.addStretch(1)         # after every install: the actions keep their natural width
        for button in self.findChildren(QToolButton):
            if button.menu() is not None and button.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup:
                # The style draws an instant popup's arrow inside the text's box: give it room.
                button.setStyleSheet(MENU_BUTTON_STYLE)

    # columns ---------------------------------------------------------------------------------
    def _columns(self) -> list[Column]:
        lang = _lang()
        columns = []
        for key in self.visible_columns:
            spec = list_columns.COLUMNS[key]
            formatter = _money if spec.unit == "cents" else None
            if key in VALUE_LABELS:
                formatter = (lambda k: lambda value: value_label(k, value, lang))(key)
            columns.append(Column(key, spec.label(lang), formatter))
        return columns

    def widest_expected(self, key: str) -> str:
        """The widest text a column is expected to show (its words for coded values)."""
        if key in VALUE_LABELS:
            labels = [value_label(key, code, _lang()) for code in VALUE_LABELS[key]]
            return max(labels, key=self.view.fontMetrics().horizontalAdvance)
        spec = list_columns.COLUMNS[key]
        return WIDEST_BY_COLUMN.get(key) or WIDEST_BY_TYPE.get(spec.type, "")

    def rows_in_view(self) -> list[dict]:
        """The loaded rows the view shows (from the top when it is not on screen); never asks for a page."""
        top = max(self.view.rowAt(0), 0)
        shown = max(self.view.viewport().height() // max(self.view.verticalHeader().defaultSectionSize(), 1), 1) + 1
        rows = (self.model.row(position) for position in range(top, min(top + shown, self.model.rowCount())))
        return [row for row in rows if row is not None]

    def fit_columns(self) -> None:
        """Widths from each column's widest expected value, its header and the rows in view."""
        rows = self.rows_in_view()
        fit_columns(self.view, [[self.widest_expected(column.key)] + [column.text(row) for row in rows]
                                for column in self.model.columns])

    # queries ---------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.run_query()

    def _connection(self):
        return self.connector.connection()

    def set_connector(self, connector) -> None:
        self.connector = connector

    def _schedule_search(self) -> None:
        self._debounce.start()

    def current_source(self) -> CustomerListSource:
        return CustomerListSource(
            search=self.search.text().strip(), sort=self.sort_column, descending=self.sort_descending,
            public_pool_only=self.pool_toggle.isChecked(), filter=self.filter_node,
            columns=tuple(self.visible_columns))

    def current_query(self):
        """What the list shows now (search, filter, pool, sort, columns), as the engine's query."""
        return self.current_source().query

    def apply_filter(self, node) -> None:
        """Replace the active filter (None: no filter) and run the list again."""
        self.filter_node = node
        self.filter_changed.emit(node)
        self.run_query()

    def set_visible_columns(self, keys) -> None:
        """Show (and query) only these columns, in this order (the column chooser)."""
        self.visible_columns = tuple(keys)
        if self._started:
            self.count_label.setText(self.tr("Searching…"))
        self.model.set_source(self.current_source() if self._started else None, columns=self._columns())
        self.fit_columns()        # new columns: from their type and header (remembered widths are put back after)

    def selected_spans(self) -> list[tuple[int, int]]:
        """The selected rows as sorted, merged (first, last) spans. From the selection's ranges:
        selectedIndexes() makes one index per cell, 20 million of them after Ctrl+A on a big list."""
        merged: list[tuple[int, int]] = []
        for top, bottom in sorted((r.top(), r.bottom()) for r in self.view.selectionModel().selection()):
            if merged and top <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
            else:
                merged.append((top, bottom))
        return merged

    def selected_row_count(self) -> int:
        return sum(last - first + 1 for first, last in self.selected_spans())

    def whole_list_selected(self) -> bool:
        rows = self.model.rowCount()
        return rows > 0 and self.selected_spans() == [(0, rows - 1)]

    def selected_customer_ids(self) -> list[int]:
        """Ids of the selected rows that are loaded (a row's page may not have been fetched)."""
        return [row["id"] for first, last in self.selected_spans()
                for _, row in self.model.loaded_between(first, last)]

    def run_query(self) -> None:
        self._debounce.stop()
        self._show_search_hint()
        self.count_label.setText(self.tr("Searching…"))
        self._counted = False
        self.model.set_source(self.current_source())

    def _empty_text(self) -> str:
        if not self._counted:
            return ""
        if self.search.text().strip() or self.filter_node is not None or self.pool_toggle.isChecked():
            return self.tr("No customer matches the search or the filter.")
        return self.tr("You have no customers yet. The list shows the customers you (or your team) develop or "
                       "serve, and those of the branches your customer scope includes; a customer appears when "
                       "a development or service relationship with you is approved.")

    def _show_search_hint(self) -> None:
        """Say what a number searches when it cannot be a whole mobile or ID number: personal data
        is compared only whole, so "139" finds account numbers starting with 139 and no mobiles
        (issue #12 item 9)."""
        kind, digits = search_kind(self.search.text())
        partial = kind == "digits" and len(digits) not in WHOLE_NUMBER_LENGTHS
        if partial:
            self.search_hint.setText(self.tr("Mobile and ID numbers are found only when typed whole (11 digits "
                                             "for a mobile); fewer digits find account numbers starting with them."))
        self.search_hint.setVisible(partial)

    def _sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        columns = self.model.columns
        key = columns[section].key if 0 <= section < len(columns) else None   # logical index: moves don't matter
        if key is None or key not in SORTABLE:
            return
        self.sort_column = key
        self.sort_descending = order == Qt.SortOrder.DescendingOrder
        self.run_query()

    def keep_column_widths(self) -> None:
        """The widths were put back (remembered per user): do not size the columns to the first page."""
        self._sized = True

    def _show_count(self, rows: int, exact: bool) -> None:
        if not self._sized and rows:
            self._sized = True
            self.fit_columns()
        text = self.tr("%1 customers") if exact else self.tr("about %1 customers (rough estimate)")
        self.count_label.setText(text.replace("%1", f"{rows:,}"))
        self._counted = True
        self.empty_hint.refresh()
        self.count_label.setToolTip("" if exact else self.tr(
            "Estimated from the database's statistics, which can be far off for a filter; "
            "“Exact count” counts every customer of the list."))
        self.exact_button.setVisible(not exact)

    def count_exactly(self) -> None:
        source = self.model.source
        if source is None:
            return
        self.count_label.setText(self.tr("Counting…"))
        self.runner.run(_exact_count, self.connector, source, key="customer-exact-count",
                        on_success=lambda n: self.model.source is source and self.model.set_exact_count(n),
                        on_failure=self._failed)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, CrmRefusal):
            self.count_label.setText(refusal_text(error))

    # navigation --------------------------------------------------------------------------------
    def _prefetch(self) -> None:
        top = self.view.rowAt(0)
        bottom = self.view.rowAt(self.view.viewport().height() - 1)
        if top >= 0:
            self.model.ensure_loaded(top, bottom if bottom >= 0 else top + 50)

    def go_to_end(self) -> None:
        if self.model.rowCount():
            last = self.model.index(self.model.rowCount() - 1, 0)
            self.view.scrollTo(last)
            self.view.setCurrentIndex(last)

    def copy_selection(self) -> None:
        """Selected rows (or cells) as tab-separated text, header first (FAQ 41). Only loaded rows
        can be copied; when the selection reaches rows not fetched yet, the status says so (the
        whole list goes out through Export)."""
        ranges = list(self.view.selectionModel().selection())
        if not ranges:
            return
        cells: dict[int, set[int]] = {}          # loaded row position -> selected columns
        for selected in ranges:
            for position, _ in self.model.loaded_between(selected.top(), selected.bottom()):
                cells.setdefault(position, set()).update(range(selected.left(), selected.right() + 1))
        header = self.view.horizontalHeader()
        columns = sorted(set().union(*cells.values()) if cells else set(), key=header.visualIndex)   # as shown
        lines = ["\t".join(self.model.headerData(c, Qt.Orientation.Horizontal) for c in columns)]
        for position in sorted(cells):
            chosen = cells[position]
            lines.append("\t".join((self.model.index(position, c).data() or "") if c in chosen else ""
                                   for c in columns))
        QGuiApplication.clipboard().setText("\n".join(lines))
        selected = self.selected_row_count()
        if len(cells) < selected:
            self.count_label.setText(self.tr("Copied %1 of %2 selected rows (the others are not loaded yet; "
                                             "Export writes the whole list)")
                                     .replace("%1", f"{len(cells):,}").replace("%2", f"{selected:,}"))

    def _open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.open_detail(index.row())

    def open_detail(self, position: int) -> None:
        row = self.model.row(position)
        if row is None:
            return
        self.detail_windows.open(self, self.runner, self.connector, row["id"])

    # unsaved edits live in open detail windows -----------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.detail_windows.has_unsaved_changes()

    def save_changes(self) -> bool:
        return self.detail_windows.save_changes()

    def discard_changes(self) -> None:
        self.detail_windows.discard_changes()
