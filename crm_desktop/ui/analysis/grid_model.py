"""The result grid: a table model over pivot.Grid with subtotals, collapsing, sorting, colours.

Columns: one header column per row dimension (at least one), then one column per column key x
value. Rows: pivot.Grid's row keys, depth-first (members of a group, then its subtotal, the grand
total last). A group can be collapsed to its subtotal row; sorting by a value column orders the
members of every group by that value and groups by their subtotals, keeping each subtotal after
its group and the grand total last.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from crm_desktop.services import pivot
from crm_desktop.ui import gain_colours
from crm_desktop.ui.analysis.common import field_label, format_number, lang, translate, value_unit

SUBTOTAL_BG = QColor("#eef3fb")
TOTAL_BG = QColor("#dce7f7")
HEADER_BG = QColor("#f6f7f9")
NEGATIVE = QColor("#8a1c1c")     # a negative amount that is not a loss (gains and losses: gain_colours)
HEAT = QColor("#f4a259")

RAW_ROLE = Qt.ItemDataRole.UserRole + 1     # the unformatted value of a cell


def _blend(t: float, colour: QColor = HEAT) -> QColor:
    t = max(0.0, min(1.0, t)) * 0.75
    return QColor(round(255 + (colour.red() - 255) * t), round(255 + (colour.green() - 255) * t),
                  round(255 + (colour.blue() - 255) * t))


class PivotGridModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid: pivot.Grid | None = None
        self.heat = False
        self._lang = lang()
        self._order: list[pivot.AxisKey] = []          # grid rows in display order (sorted)
        self._visible: list[pivot.AxisKey] = []        # minus collapsed groups
        self._columns: list[tuple[pivot.AxisKey, int]] = []
        self._collapsed: set[tuple] = set()
        self._sort: tuple[int, bool] | None = None     # (model column, descending)
        self._range: dict[int, tuple[float, float]] = {}
        self._subtotals: set[tuple] = set()            # groups (member prefixes) with a subtotal row
        gain_colours.notifier().changed.connect(self._colours_changed)

    def _colours_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole])

    # content ---------------------------------------------------------------------------------
    def set_grid(self, grid: pivot.Grid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self._collapsed = set()
        self._sort = None
        self._columns = []
        self._range = {}
        self._subtotals = set()
        if grid is not None:
            self._subtotals = {k.members[:k.depth] for k in grid.rows if k.is_total and k.depth > 0}
            values = grid.values or ()
            self._columns = [(col, v) for col in grid.columns for v in range(len(values))]
            for v in range(len(values)):
                found = [cell[v] for (row, col), cell in grid.cells.items()
                         if not row.is_total and not col.is_total and cell is not None and cell[v] is not None]
                if found:
                    self._range[v] = (min(found), max(found))
        self._arrange()
        self.endResetModel()

    @property
    def order(self) -> list[pivot.AxisKey]:
        """The grid's rows in display order (sorted), collapsed groups' rows included."""
        return self._order

    @property
    def header_columns(self) -> int:
        return max(1, len(self.grid.row_dims)) if self.grid is not None else 0

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        if parent.isValid() or self.grid is None:
            return 0
        return self.header_columns + len(self._columns)

    def row_key(self, row: int) -> pivot.AxisKey | None:
        return self._visible[row] if 0 <= row < len(self._visible) else None

    def cell_at(self, index: QModelIndex) -> tuple[pivot.AxisKey, pivot.AxisKey, int] | None:
        """(row key, column key, value index) of a value cell; None for header columns."""
        if not index.isValid() or self.grid is None:
            return None
        column = index.column() - self.header_columns
        if column < 0 or column >= len(self._columns) or index.row() >= len(self._visible):
            return None
        col, value = self._columns[column]
        return self._visible[index.row()], col, value

    def value_at(self, index: QModelIndex) -> Any:
        found = self.cell_at(index)
        if found is None:
            return None
        row, col, value = found
        cell = self.grid.cell(row, col)
        return cell[value] if cell is not None else None

    # texts -------------------------------------------------------------------------------------
    def _member(self, level: int, key: pivot.AxisKey, dims: tuple[str, ...]) -> str:
        dim = dims[level]
        if dim == "asset_range":
            found = self.grid.labels.get(dim, {}).get(key.members[level])
            if found is not None:
                return found
        return self.grid.member_label(dim, key.members[level], self._lang)

    def column_title(self, column: int) -> str:
        """The text of a value column: its column members (or total) and, with several values,
        the value's label."""
        grid = self.grid
        col, v = self._columns[column]
        parts = []
        if grid.column_dims:
            if col.depth == 0:
                parts.append(translate("Analysis", "Total"))
            else:
                path = " / ".join(self._member(i, col, grid.column_dims) for i in range(col.depth))
                parts.append(path if not col.is_total else
                             translate("Analysis", "%1 subtotal").replace("%1", path))
        if len(grid.values) > 1 or not parts:
            parts.append(grid.values[v].label(self._lang))
        return "\n".join(parts)

    def _header_text(self, position: int, level: int, repeat: bool = False) -> str:
        key = self._visible[position]
        grid = self.grid
        if not grid.row_dims:
            return translate("Analysis", "Total")
        if key.depth == 0:
            return translate("Analysis", "Grand total") if level == 0 else ""
        if key.is_total:
            if level < key.depth - 1:
                return self._member(level, key, grid.row_dims)
            if level == key.depth - 1:
                marker = "▸ " if key.members[:key.depth] in self._collapsed else ""
                return marker + translate("Analysis", "%1 subtotal").replace(
                    "%1", self._member(level, key, grid.row_dims))
            return ""
        # A member row shows a level's label only on the first row of its group.
        previous = self._visible[position - 1] if position > 0 else None
        if not repeat and previous is not None and not previous.is_total \
                and previous.members[:level + 1] == key.members[:level + 1]:
            return ""
        text = self._member(level, key, grid.row_dims)
        if level < len(grid.row_dims) - 1 and grid.cells and self._has_subtotal(key.members[:level + 1]):
            text = "▾ " + text
        return text

    def _has_subtotal(self, prefix: tuple) -> bool:
        return prefix in self._subtotals

    # data ----------------------------------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.grid is None:
            return None
        position, column = index.row(), index.column()
        if position >= len(self._visible) or column >= self.columnCount():
            return None
        key = self._visible[position]
        header = column < self.header_columns
        if header:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._header_text(position, column)
            if role == Qt.ItemDataRole.FontRole and key.is_total:
                return self._bold()
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(TOTAL_BG if key.depth == 0 and self.grid.row_dims else
                              SUBTOTAL_BG if key.is_total else HEADER_BG)
            return None
        col, v = self._columns[column - self.header_columns]
        cell = self.grid.cell(key, col)
        value = cell[v] if cell is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_number(value, value_unit(self.grid.values[v]))
        if role == RAW_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (key.is_total or col.is_total):
            return self._bold()
        gain_loss = self.grid.values[v].measure in gain_colours.GAIN_LOSS_MEASURES
        if role == Qt.ItemDataRole.ForegroundRole:
            if gain_loss:
                colour = gain_colours.colour_of(value)
                return QBrush(QColor(colour)) if colour else None
            return QBrush(NEGATIVE) if value is not None and value < 0 else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if key.is_total and self.grid.row_dims:
                return QBrush(TOTAL_BG if key.depth == 0 else SUBTOTAL_BG)
            if col.is_total:
                return QBrush(SUBTOTAL_BG)
            if self.heat and value is not None and v in self._range:
                low, high = self._range[v]
                if gain_loss:
                    # Diverging: gains and losses each in their colour, deeper with their size.
                    peak = max(abs(low), abs(high)) or 1
                    colour = gain_colours.colour_of(value)
                    return QBrush(_blend(abs(value) / peak, QColor(colour))) if colour else None
                return QBrush(_blend((value - low) / (high - low) if high > low else 1.0))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            why_empty = pivot.empty_cell_reason(self.grid, key, col, v, self._lang) if value is None else None
            return f"{self.grid.values[v].label(self._lang)}: " + (
                why_empty or format_number(value, value_unit(self.grid.values[v])))
        return None

    @staticmethod
    def _bold() -> QFont:
        font = QFont()
        font.setBold(True)
        return font

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or self.grid is None or section >= self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < self.header_columns:
                dims = self.grid.row_dims
                return field_label("dim", dims[section]) if dims else ""
            return self.column_title(section - self.header_columns)
        if role == Qt.ItemDataRole.ToolTipRole and section >= self.header_columns:
            return translate("Analysis", "Click to sort by this value")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # collapsing ------------------------------------------------------------------------------------
    def group_at(self, index: QModelIndex) -> tuple | None:
        """The group (members prefix) a header cell can collapse or expand, if any."""
        if not index.isValid() or self.grid is None or index.column() >= self.header_columns:
            return None
        key = self._visible[index.row()]
        level = index.column()
        nr = len(self.grid.row_dims)
        if level >= nr - 1:
            return None
        if key.is_total:
            return key.members[:key.depth] if key.depth == level + 1 else None
        prefix = key.members[:level + 1]
        return prefix if self._has_subtotal(prefix) else None

    def is_collapsed(self, group: tuple) -> bool:
        return group in self._collapsed

    def toggle(self, group: tuple) -> None:
        self.set_collapsed(group, group not in self._collapsed)

    def set_collapsed(self, group: tuple, collapsed: bool) -> None:
        if collapsed == (group in self._collapsed):
            return
        self.beginResetModel()
        if collapsed:
            self._collapsed.add(group)
        else:
            self._collapsed.discard(group)
        self._filter()
        self.endResetModel()

    def collapse_to(self, level: int | None) -> None:
        """Show only groups down to `level` row dimensions (None: expand everything)."""
        self.beginResetModel()
        self._collapsed = set()
        if level is not None and self.grid is not None:
            self._collapsed = {k.members[:k.depth] for k in self._order
                               if k.is_total and k.depth >= max(1, level) and k.depth > 0}
        self._filter()
        self.endResetModel()

    # sorting -----------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.grid is None:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keys = [(self._visible[i.row()], i.column()) if i.isValid() and i.row() < len(self._visible) else None
                for i in persistent]
        self._sort = None if column < self.header_columns else (column - self.header_columns,
                                                                 order == Qt.SortOrder.DescendingOrder)
        self._arrange()
        where = {k: r for r, k in enumerate(self._visible)}
        for index, found in zip(persistent, keys):
            if found is None or found[0] not in where:
                self.changePersistentIndex(index, QModelIndex())
            else:
                self.changePersistentIndex(index, self.index(where[found[0]], found[1]))
        self.layoutChanged.emit()

    def _arrange(self) -> None:
        grid = self.grid
        if grid is None:
            self._order, self._visible = [], []
            return
        original = {k: i for i, k in enumerate(grid.rows)}
        if self._sort is None or not grid.row_dims:
            self._order = list(grid.rows)
        else:
            column, descending = self._sort
            col, v = self._columns[column]
            nr = len(grid.row_dims)
            by_prefix = {k.members[:k.depth]: k for k in grid.rows}

            def value_of(prefix: tuple) -> tuple:
                key = by_prefix.get(prefix)
                cell = grid.cell(key, col) if key is not None else None
                value = cell[v] if cell is not None else None
                if value is None:
                    return (1, 0)
                return (0, -value if descending else value)

            def sort_key(k: pivot.AxisKey) -> tuple:
                parts = []
                for level in range(nr):
                    if level < k.depth:
                        prefix = k.members[:level + 1]
                        first = by_prefix.get(prefix)
                        parts.append((0, value_of(prefix), original.get(first, original[k])))
                    else:
                        parts.append((1,))
                return tuple(parts)

            self._order = sorted(grid.rows, key=sort_key)
        self._filter()

    def _filter(self) -> None:
        if not self._collapsed:
            self._visible = list(self._order)
            return

        def hidden(k: pivot.AxisKey) -> bool:
            # Inside a collapsed group: any real member row below it, or a deeper subtotal.
            return any(k.members[:d] in self._collapsed for d in range(1, k.depth))

        self._visible = [k for k in self._order if not hidden(k)]

    # export ---------------------------------------------------------------------------------------------
    def table(self, expanded: bool = True) -> tuple[list[str], list[str], list[list[Any]]]:
        """Headers, cell kinds ('text' / 'money' / 'percent' / 'number') and rows of the whole grid with its
        totals (every group expanded when `expanded`), for an export."""
        grid = self.grid
        if grid is None:
            return [], [], []
        headers = [str(self.headerData(c, Qt.Orientation.Horizontal)).replace("\n", " ")
                   for c in range(self.columnCount())]
        kinds = ["text"] * self.header_columns + [
            {"cents": "money", "percent": "percent"}.get(value_unit(grid.values[v]), "number") for _, v in self._columns]
        saved = self._collapsed
        if expanded:
            self._collapsed = set()
            self._filter()
        rows = []
        try:
            for position, key in enumerate(self._visible):
                texts = [self._header_text(position, level, repeat=True).removeprefix("▾ ").removeprefix("▸ ")
                         for level in range(self.header_columns)]
                values = []
                for col, v in self._columns:
                    cell = grid.cell(key, col)
                    values.append(cell[v] if cell is not None else None)
                rows.append(texts + values)
        finally:
            self._collapsed = saved
            self._filter()
        return headers, kinds, rows
