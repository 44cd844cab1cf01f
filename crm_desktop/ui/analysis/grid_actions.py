"""What the user does on the Analysis pane's result grid: sort by a header, expand and collapse
groups, copy the selection, and drill into a cell -- its customers (opened in the Customers tab
as a filter) or its daily rows (read in the background, shown in a detail table).

`install(tab)` connects the grid's header clicks, double-clicks, context menu and keys
(Ctrl+C, Return, Space) to a `GridActions`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from crm_desktop.services import pivot
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui.analysis import work
from crm_desktop.ui.analysis.common import lang
from crm_desktop.ui.analysis.dialogs import FactsDialog
from crm_desktop.ui.analysis.features import AnalysisPane

FACTS_LIMIT = 1000


class GridActions(QObject):
    def __init__(self, tab: AnalysisPane):
        super().__init__(tab)
        self.tab = tab
        self.sorted_by: tuple[int, Qt.SortOrder] | None = None     # forgotten with each new result
        view = tab.view
        view.horizontalHeader().sectionClicked.connect(self._header_clicked)
        view.doubleClicked.connect(self._double_clicked)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._grid_menu)
        QShortcut(QKeySequence.StandardKey.Copy, view, activated=self.copy_selection)
        QShortcut(QKeySequence(Qt.Key.Key_Return), view, activated=self._drill_current)
        QShortcut(QKeySequence(Qt.Key.Key_Space), view, activated=self._toggle_current)
        tab.result_shown.connect(self._forget_sort)

    def _forget_sort(self) -> None:
        self.sorted_by = None

    # sorting ------------------------------------------------------------------------------------------
    def _header_clicked(self, section: int) -> None:
        model = self.tab.model
        if model.grid is None:
            return
        if section < model.header_columns:
            self.sorted_by = None
            self.tab.view.horizontalHeader().setSortIndicatorShown(False)
            model.sort(section)
        else:
            order = Qt.SortOrder.DescendingOrder
            if self.sorted_by == (section, Qt.SortOrder.DescendingOrder):
                order = Qt.SortOrder.AscendingOrder
            self.sort_by(section, order)
        self.tab.chart.set_grid(model.grid, model.order)

    def sort_by(self, section: int, order: Qt.SortOrder = Qt.SortOrder.DescendingOrder) -> None:
        self.sorted_by = (section, order)
        header = self.tab.view.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(section, order)
        self.tab.model.sort(section, order)

    # groups and drilling --------------------------------------------------------------------------------
    def _double_clicked(self, index) -> None:
        group = self.tab.model.group_at(index)
        if group is not None:
            self.tab.model.toggle(group)
            return
        if self.tab.model.cell_at(index) is not None:
            self.drill_to_customers(index)

    def _toggle_current(self) -> None:
        group = self.tab.model.group_at(self.tab.view.currentIndex())
        if group is not None:
            self.tab.model.toggle(group)

    def _drill_current(self) -> None:
        index = self.tab.view.currentIndex()
        if self.tab.model.cell_at(index) is not None:
            self.drill_to_customers(index)
        else:
            self._toggle_current()

    def _cell_of(self, index) -> tuple | None:
        model = self.tab.model
        found = model.cell_at(index)
        if found is None and index.isValid() and model.grid is not None:
            key = model.row_key(index.row())
            totals = [c for c in model.grid.columns if c.depth == 0]
            if key is not None and totals:
                return key, totals[0]
        return found[:2] if found is not None else None

    def drill_to_customers(self, index) -> None:
        """The customers behind a cell, opened in the Customers tab as its filter."""
        cell = self._cell_of(index)
        if cell is None or self.tab.result is None:
            return
        try:
            node = pivot.cell_filter(self.tab.result.layout, cell[0], cell[1])
        except CrmRefusal as error:
            self.tab.say(self.tab.error_text(error))
            return
        self.tab.open_customers.emit(node)

    def show_facts(self, index) -> None:
        """The daily rows behind a cell, in a detail table."""
        tab = self.tab
        cell = self._cell_of(index)
        if cell is None or tab.result is None:
            return
        title = self._cell_title(cell[0], cell[1])
        tab.say(self.tr("Reading the daily rows…"))
        tab.runner.run(work.facts, tab.connector, tab.result.layout, cell[0], cell[1], FACTS_LIMIT,
                       key="analysis-facts",
                       on_success=lambda rows: self._facts_ready(title, rows),
                       on_failure=lambda error: tab.say(tab.error_text(error)))

    def _facts_ready(self, title: str, rows: list[dict]) -> None:
        self.tab.status.clear()
        dialog = FactsDialog(title, rows, FACTS_LIMIT, self.tab)
        self.tab.keep(dialog)
        dialog.open()

    def _cell_title(self, row, column) -> str:
        grid = self.tab.model.grid
        parts = [grid.member_label(d, m, lang()) for d, m in zip(grid.row_dims, row.members[:row.depth])]
        parts += [grid.member_label(d, m, lang()) for d, m in zip(grid.column_dims, column.members[:column.depth])]
        return " / ".join(p for p in parts if p) or self.tr("Total")

    # the context menu and copying ------------------------------------------------------------------------
    def _grid_menu(self, pos) -> None:
        model, view = self.tab.model, self.tab.view
        index = view.indexAt(pos)
        menu = QMenu(self.tab)
        if index.isValid():
            group = model.group_at(index)
            if group is not None:
                text = self.tr("Expand group") if model.is_collapsed(group) else self.tr("Collapse group")
                menu.addAction(text, lambda: model.toggle(group))
            if self._cell_of(index) is not None:
                menu.addAction(self.tr("Open these customers in the Customers tab"), lambda: self.drill_to_customers(index))
                menu.addAction(self.tr("Show the daily rows…"), lambda: self.show_facts(index))
            menu.addSeparator()
        if model.grid is not None and len(model.grid.row_dims) > 1:
            menu.addAction(self.tr("Expand all"), lambda: model.collapse_to(None))
            menu.addAction(self.tr("Collapse all"), lambda: model.collapse_to(1))
        menu.addAction(self.tr("Copy"), self.copy_selection)
        menu.exec(view.viewport().mapToGlobal(pos))

    def copy_selection(self) -> None:
        model = self.tab.model
        indexes = sorted(self.tab.view.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        columns = sorted({i.column() for i in indexes})
        lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal) or "").replace("\n", " ")
                           for c in columns)]
        by_row: dict[int, dict[int, str]] = {}
        for index in indexes:
            by_row.setdefault(index.row(), {})[index.column()] = str(model.data(index) or "")
        for row in sorted(by_row):
            lines.append("\t".join(by_row[row].get(c, "") for c in columns))
        QGuiApplication.clipboard().setText("\n".join(lines))


def install(tab: AnalysisPane) -> GridActions:
    return GridActions(tab)
