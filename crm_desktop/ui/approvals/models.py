"""A list model read page by page by keyset (``fetch(conn, after_id=…, limit=…)``): the first
page on reload, the next one when the view scrolls to the end (canFetchMore / fetchMore). Rows
are dicts with a unique ``id``; the model never talks to the database itself — pages come from
the runner's workers."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from crm_desktop.ui.table_model import Column, cell_data

PAGE_SIZE = 200


def _fetch_page(ctx, connection: Callable[[], Any], fetch: Callable, after_id, limit: int) -> list[dict]:
    ctx.check()
    conn = ctx.watch(connection())
    return list(fetch(conn, after_id=after_id, limit=limit))


class KeysetModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    failed = Signal(object)
    reloaded = Signal()          # the first page of a reload arrived

    def __init__(self, runner, connection: Callable[[], Any], columns: list[Column], fetch: Callable | None = None,
                 page_size: int = PAGE_SIZE, parent=None, key: str = "id"):
        super().__init__(parent)
        self.runner, self.connection = runner, connection
        self.columns = [Column.of(c) for c in columns]
        self.fetch = fetch
        self.page_size = page_size
        self.key = key
        self._rows: list[dict] = []
        self._has_more = False
        self._loading = None           # TaskHandle of the fetch in flight
        self._generation = 0
        self.row_foreground: Callable[[dict], Any] | None = None
        self.loaded_once = False

    # loading ----------------------------------------------------------------------------------------
    def set_fetch(self, fetch: Callable) -> None:
        self.fetch = fetch
        self.reload()

    def reload(self) -> None:
        """Read the first page again; the old rows stay until it arrives (no flicker)."""
        if self.fetch is None:
            return
        self._generation += 1
        if self._loading is not None:
            self._loading.cancel()
        self._start(None, replace=True)

    def _start(self, after_id, replace: bool) -> None:
        generation = self._generation
        self.loading_changed.emit(True)
        self._loading = self.runner.run(
            _fetch_page, self.connection, self.fetch, after_id, self.page_size,
            on_success=lambda rows: self._arrived(generation, rows, replace),
            on_failure=lambda error: self._failed(generation, error))

    def _arrived(self, generation: int, rows: list[dict], replace: bool) -> None:
        if generation != self._generation:
            return
        self._loading = None
        self._has_more = len(rows) >= self.page_size
        if replace:
            self.loaded_once = True
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            self.reloaded.emit()
        elif rows:
            known = {r.get(self.key) for r in self._rows}
            rows = [r for r in rows if r.get(self.key) not in known]
            if rows:
                self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
        self.loading_changed.emit(False)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = None
        self.loading_changed.emit(False)
        self.failed.emit(error)

    @property
    def loading(self) -> bool:
        return self._loading is not None

    @property
    def has_more(self) -> bool:
        return self._has_more

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self._has_more and self._loading is None and bool(self._rows)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self._start(self._rows[-1].get(self.key), replace=False)

    # rows ----------------------------------------------------------------------------------------------
    @property
    def rows(self) -> list[dict]:
        return list(self._rows)

    def row(self, index: int | QModelIndex) -> dict | None:
        if isinstance(index, (QModelIndex, QPersistentModelIndex)):
            index = index.row()
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def find(self, key_value) -> int:
        for number, row in enumerate(self._rows):
            if row.get(self.key) == key_value:
                return number
        return -1

    def remove(self, key_values) -> None:
        """Drop rows (decided or withdrawn) without waiting for the reload."""
        for value in key_values:
            number = self.find(value)
            if number >= 0:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self._rows[number]
                self.endRemoveRows()

    # Qt model API --------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        return cell_data(self.columns[index.column()], self._rows[index.row()], role, self.row_foreground)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None
