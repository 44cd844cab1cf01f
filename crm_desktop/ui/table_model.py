"""A reusable read-only table model over a list of dict rows, with column specs.

    columns = [
        Column("login", tr("Login")),
        Column("total_assets_cents", tr("Assets"), format_cents),          # numbers align right
        Column(lambda row: row["first"] + row["last"], tr("Name")),        # computed cell
        ("status", tr("Status"), status_label),                            # a plain tuple works too
    ]
    model = RowTableModel(columns, parent=self)
    model.set_rows(rows)                        # list[dict] from a service, in a worker's result
    proxy = RowFilterProxyModel(self)           # sorting on the raw values, text filter
    proxy.setSourceModel(model)
    view.setModel(proxy); view.setSortingEnabled(True)
    row = model.row(proxy.mapToSource(view.currentIndex()).row())

Sorting compares the raw values in Python (None first, numbers as numbers, dates as dates),
not the display text; filtering matches every word of the filter against the display text
of all columns. The model never talks to the database: rows arrive from workers.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

# Roles beyond Qt's: the raw value of a cell, and the whole row dict.
RAW_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


def _flag_int(flag: Any) -> int:
    return int(flag.value) if hasattr(flag, "value") else int(flag)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def default_text(value: Any) -> str:
    """Display text for a raw value when a column has no formatter."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(default_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, Decimal):
        return f"{value:,}"
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column: where its value comes from, its header and how it is shown.

    key        a row dict key, or a callable(row) -> value
    header     the header text (already translated by the caller)
    formatter  callable(value) -> str, called for values other than None (shown empty);
               default: `default_text`
    align      Qt alignment (vertically centred unless given); default: right for numbers,
               left otherwise
    sort_key   callable(value) -> comparable; default: the raw value
    tooltip    callable(row) -> str | None; default: the display text when it is long
    foreground callable(row) -> color name / QColor | None (e.g. grey for closed rows)
    """

    key: str | Callable[[dict], Any]
    header: str
    formatter: Callable[[Any], str] | None = None
    align: Qt.AlignmentFlag | None = None
    sort_key: Callable[[Any], Any] | None = None
    tooltip: Callable[[dict], str | None] | None = None
    foreground: Callable[[dict], Any] | None = None

    @classmethod
    def of(cls, spec: "Column | Sequence") -> "Column":
        if isinstance(spec, Column):
            return spec
        return cls(*spec)

    def value(self, row: dict) -> Any:
        return self.key(row) if callable(self.key) else row.get(self.key)

    def text(self, row: dict) -> str:
        value = self.value(row)
        if value is None:
            return ""
        return (self.formatter or default_text)(value)


def cell_data(column: Column, row: dict, role: int, row_foreground: Callable[[dict], Any] | None = None,
              long_text: int = 40) -> Any:
    """What a cell shows for `role`; shared by every model over dict rows."""
    if role == Qt.ItemDataRole.DisplayRole:
        return column.text(row)
    if role == Qt.ItemDataRole.TextAlignmentRole:
        if column.align is not None:
            align = column.align
            if not align & Qt.AlignmentFlag.AlignVertical_Mask:
                align |= Qt.AlignmentFlag.AlignVCenter
            return _flag_int(align)
        return _flag_int(_RIGHT if is_number(column.value(row)) else _LEFT)
    if role == Qt.ItemDataRole.ToolTipRole:
        if column.tooltip is not None:
            return column.tooltip(row)
        text = column.text(row)
        return text if len(text) > long_text or "\n" in text else None
    if role == Qt.ItemDataRole.ForegroundRole:
        color = column.foreground(row) if column.foreground is not None else None
        if color is None and row_foreground is not None:
            color = row_foreground(row)
        return QBrush(QColor(color)) if color is not None else None
    if role == RAW_ROLE:
        value = column.value(row)
        return value if isinstance(value, (str, int, float, bool)) or value is None else default_text(value)
    if role == ROW_ROLE:
        return row
    return None


class RowTableModel(QAbstractTableModel):
    """Read-only rows (dicts) × columns (Column specs)."""

    LONG_TEXT = 40   # display texts longer than this get the full text as tooltip

    def __init__(self, columns: Iterable[Column | Sequence], parent: QObject | None = None):
        super().__init__(parent)
        self._columns: list[Column] = [Column.of(c) for c in columns]
        self._rows: list[dict] = []
        self._row_foreground: Callable[[dict], Any] | None = None

    # content -----------------------------------------------------------------------------
    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    @property
    def rows(self) -> list[dict]:
        return list(self._rows)

    def set_rows(self, rows: Iterable[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_columns(self, columns: Iterable[Column | Sequence]) -> None:
        self.beginResetModel()
        self._columns = [Column.of(c) for c in columns]
        self.endResetModel()

    def set_row_foreground(self, fn: Callable[[dict], Any] | None) -> None:
        """A colour for whole rows (a column's own `foreground` wins)."""
        self._row_foreground = fn
        if self._rows and self._columns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1),
                                  [Qt.ItemDataRole.ForegroundRole])

    def row(self, index: int | QModelIndex) -> dict:
        if isinstance(index, (QModelIndex, QPersistentModelIndex)):
            index = index.row()
        return self._rows[index]

    def column(self, index: int) -> Column:
        return self._columns[index]

    def find(self, predicate: Callable[[dict], bool]) -> int:
        """The first row number matching `predicate`, or -1."""
        for number, row in enumerate(self._rows):
            if predicate(row):
                return number
        return -1

    def sort_value(self, index: QModelIndex) -> Any:
        column = self._columns[index.column()]
        value = column.value(self._rows[index.row()])
        return column.sort_key(value) if column.sort_key is not None else value

    # Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        return cell_data(self._columns[index.column()], self._rows[index.row()], role, self._row_foreground,
                         self.LONG_TEXT)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                align = self._columns[section].align
                if align is not None and align & Qt.AlignmentFlag.AlignRight:
                    return _flag_int(_RIGHT)
                return _flag_int(_LEFT)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


def _order_key(value: Any) -> tuple:
    """Python ordering for mixed cell values: None first, then numbers, then the rest."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, int(value))
    if is_number(value):
        return (1, value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        if isinstance(value, _dt.datetime):
            stamp = value.timestamp() if value.tzinfo is not None else value.replace(tzinfo=_dt.timezone.utc).timestamp()
        else:
            stamp = _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.timezone.utc).timestamp()
        return (2, stamp)
    if isinstance(value, _dt.timedelta):
        return (1, value.total_seconds())
    if isinstance(value, (list, tuple)):
        return (3, len(value), default_text(value).casefold())
    return (3, 0, str(value).casefold())


class RowFilterProxyModel(QSortFilterProxyModel):
    """Sorts a RowTableModel on raw values; filters rows by words and an optional predicate."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._words: list[str] = []
        self._predicate: Callable[[dict], bool] | None = None
        self.setFilterKeyColumn(-1)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        words = [w.casefold() for w in text.split()]
        if words != self._words:
            self._change_filter(lambda: setattr(self, "_words", words))

    def set_predicate(self, predicate: Callable[[dict], bool] | None) -> None:
        self._change_filter(lambda: setattr(self, "_predicate", predicate))

    def _change_filter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):       # Qt >= 6.9
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def row(self, proxy_index: QModelIndex | int) -> dict:
        """The source row dict behind a proxy index (or proxy row number)."""
        if isinstance(proxy_index, int):
            proxy_index = self.index(proxy_index, 0)
        return self.sourceModel().row(self.mapToSource(proxy_index).row())

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, RowTableModel):
            return super().filterAcceptsRow(source_row, source_parent)
        row = model.row(source_row)
        if self._predicate is not None and not self._predicate(row):
            return False
        if not self._words:
            return True
        haystack = " ".join(column.text(row) for column in model.columns).casefold()
        return all(word in haystack for word in self._words)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,  # noqa: N802
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, RowTableModel):
            return super().lessThan(left, right)
        a, b = _order_key(model.sort_value(left)), _order_key(model.sort_value(right))
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


# Views ------------------------------------------------------------------------------------------

def make_table(parent: QWidget, model: RowTableModel, object_name: str) -> tuple[QTableView, RowFilterProxyModel]:
    proxy = RowFilterProxyModel(parent)
    proxy.setSourceModel(model)
    view = QTableView(parent, objectName=object_name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view, proxy


def set_column_widths(view: QTableView, widths: list[int]) -> None:
    """Widths in digit widths, so they follow the font."""
    unit = view.fontMetrics().horizontalAdvance("0")
    for column, chars in enumerate(widths):
        view.setColumnWidth(column, chars * unit + 16)


def fit_columns(view: QTableView, texts: Sequence[Iterable[str | tuple[str, Any]]], widest_chars: int = 40) -> None:
    """Each column as wide as its header and the texts given for it -- its widest expected value
    and the rows in view, each a string or (string, the QFont it is drawn in) -- capped at
    `widest_chars` digit widths. Never through the model's rows: Qt's resizeColumnsToContents on
    a view that is not on screen asks every row for its size hint, which over a paged list of
    2 000 000 customers fetches page after page for minutes."""
    model = view.model()
    header = view.horizontalHeader()
    style = view.style()
    cells = view.fontMetrics()
    titles = header.fontMetrics()
    cell_margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1) + 8
    header_margin = (2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
                     + style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + 8)
    widest = widest_chars * cells.horizontalAdvance("0")
    for column, column_texts in enumerate(texts):
        if column >= model.columnCount():
            break
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = titles.horizontalAdvance(title) + header_margin
        for item in column_texts:
            text, font = item if isinstance(item, tuple) else (item, None)
            if text:
                advance = (QFontMetrics(font) if font is not None else cells).horizontalAdvance(text)
                width = max(width, min(advance + cell_margin, widest))
        view.setColumnWidth(column, width)


def texts_in_view(view: QTableView) -> list[list[tuple[str, Any]]]:
    """Per column, the display texts of the rows the view shows (from the top when it is not on
    screen) with the font each is drawn in (None: the view's): what sizing may read without
    walking the model."""
    model = view.model()
    top = max(view.rowAt(0), 0)
    shown = view.viewport().height() // max(view.verticalHeader().defaultSectionSize(), 1) + 1
    rows = range(top, min(top + max(shown, 1), model.rowCount()))
    return [[(str(model.index(row, column).data() or ""), model.index(row, column).data(Qt.ItemDataRole.FontRole))
             for row in rows] for column in range(model.columnCount())]


def fit_columns_to_view(view: QTableView, widest: Sequence[str] = (), widest_chars: int = 40) -> None:
    """fit_columns over the rows in view and, per column, its widest expected value (if given)."""
    texts = texts_in_view(view)
    fit_columns(view, [column + ([widest[number]] if number < len(widest) else [])
                       for number, column in enumerate(texts)], widest_chars)
