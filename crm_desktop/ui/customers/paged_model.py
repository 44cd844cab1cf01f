"""A table model over millions of rows that holds only the pages near what is on screen.

Rows are addressed by position, but fetched by keyset (never OFFSET): a page next to a loaded
page continues from its first or last key; the last page is read backwards; a page far from
anything loaded is found by an approximate seek (a quantile of the sort key), so positions
far from the loaded pages are approximate until the user scrolls there — the scroll bar is
honest about size, not about the exact rank of a row in a 2-million-row list.

The source is a Qt-free object (services) whose methods take a connection:
`estimate_count(conn)` (and optionally `size(conn)` -> (rows, exact?), a better first
figure), `first(conn, limit)`, `after(conn, key, limit)`,
`before(conn, key, limit)`, `last(conn, limit)`, `seek(conn, fraction, limit)`; each page
method returns an object with `rows`, `first_key`, `last_key`, `has_more`.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from crm_desktop.ui.table_model import Column, cell_data
from crm_desktop.ui.tasks import TaskRunner

PLACEHOLDER = "…"
MAX_CACHED_PAGES = 40   # pages kept in memory; far-away ones are dropped and re-fetched


class PagedRowModel(QAbstractTableModel):
    count_changed = Signal(int, bool)       # rows, exact?
    loading_changed = Signal(bool)
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, connection: Callable[[], Any], columns: list[Column],
                 page_size: int = 200, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.connection = connection
        self.columns = [Column.of(c) for c in columns]
        self.page_size = page_size
        self.source = None
        self._total = 0
        self._exact = False
        self._pages: dict[int, Any] = {}
        self._pending: set[int] = set()
        self._deferred: set[int] = set()   # waiting for a neighbour page to chain from
        self._generation = 0
        self._recent: list[int] = []
        self._fetches: dict[int, Any] = {}   # page -> TaskHandle of its fetch in flight
        self.pages_fetched = 0   # for tests and benchmarks: how much was ever read

    # setup -----------------------------------------------------------------------------
    def set_source(self, source, columns: list[Column] | None = None) -> None:
        """A new query: forget everything, estimate the size, load the first page. `columns`
        replaces the columns too (inside the same reset: the column chooser)."""
        self._generation += 1
        # A newer query cancels the older one's page fetches on the server (the first page's
        # fetch is keyed, so the runner cancels that one).
        for handle in self._fetches.values():
            handle.cancel()
        self._fetches.clear()
        self.beginResetModel()
        if columns is not None:
            self.columns = [Column.of(c) for c in columns]
        self.source = source
        self._pages.clear()
        self._pending.clear()
        self._deferred.clear()
        self._recent.clear()
        self._total = 0
        self._exact = False
        self.endResetModel()
        if source is None:
            return
        generation = self._generation
        self.loading_changed.emit(True)
        self.runner.run(_first_with_estimate, self.connection, source, self.page_size,
                        on_success=lambda result: self._first_arrived(generation, *result),
                        on_failure=self._failed, key=f"paged-{id(self)}-first")

    def _first_arrived(self, generation: int, page, count: int, exact: bool) -> None:
        if generation != self._generation:
            return
        self.loading_changed.emit(False)
        total = len(page.rows) if not page.has_more else max(count, len(page.rows) + 1)
        self._exact = exact or not page.has_more
        self._store(0, page)
        self._resize(total)
        self.count_changed.emit(self._total, self._exact)

    def _failed(self, error: BaseException) -> None:
        self.loading_changed.emit(False)
        self.failed.emit(error)

    def set_exact_count(self, count: int) -> None:
        self._exact = True
        self._resize(count)
        self.count_changed.emit(self._total, True)

    # Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < self._total):
            return None
        row = self.row(index.row())
        column = self.columns[index.column()]
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._request(index.row() // self.page_size)
                return PLACEHOLDER
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#999999")
            return None
        return cell_data(column, row, role)

    # rows ---------------------------------------------------------------------------------------
    def row(self, position: int) -> dict | None:
        """The loaded row at a position, or None when its page is not (yet) loaded."""
        page = self._pages.get(position // self.page_size)
        if page is None:
            return None
        offset = position % self.page_size
        return page.rows[offset] if offset < len(page.rows) else None

    def loaded_rows(self) -> int:
        return sum(len(p.rows) for p in self._pages.values())

    def loaded_between(self, first: int, last: int) -> list[tuple[int, dict]]:
        """(position, row) of the loaded rows from first to last, by walking the loaded pages
        (never the positions: a selection may span millions of rows)."""
        out = []
        for number in sorted(self._pages):
            start = number * self.page_size
            rows = self._pages[number].rows
            if start > last or start + len(rows) <= first:
                continue
            for offset in range(max(first - start, 0), min(last - start + 1, len(rows))):
                out.append((start + offset, rows[offset]))
        return out

    def is_exact(self) -> bool:
        return self._exact

    def ensure_loaded(self, first: int, last: int) -> None:
        """Request every page covering rows first..last (the view calls this on scroll)."""
        wanted = [p for p in range(max(first, 0) // self.page_size, min(last, self._total - 1) // self.page_size + 1)
                  if p not in self._pages]
        loaded = list(self._pages) or [0]
        # Nearest to what is loaded first, so the others can chain from it by keyset.
        for page in sorted(wanted, key=lambda p: min(abs(p - q) for q in loaded)):
            self._request(page)

    # fetching -----------------------------------------------------------------------------------
    def _last_page_index(self) -> int:
        return max(self._total - 1, 0) // self.page_size

    def _request(self, page: int) -> None:
        if self.source is None or page in self._pages or page in self._pending:
            return
        self._pending.add(page)
        size = self.page_size
        if page - 1 in self._pages and self._pages[page - 1].last_key is not None:
            fn, args = _after, (self._pages[page - 1].last_key, size)
        elif page + 1 in self._pages and self._pages[page + 1].first_key is not None:
            fn, args = _before, (self._pages[page + 1].first_key, size)
        elif page == self._last_page_index() and page > 0:
            fn, args = _last, (self._total - page * size,)
        elif page - 1 in self._pending or page + 1 in self._pending:
            self._pending.discard(page)
            self._deferred.add(page)   # a neighbour is on its way: chain from it instead of seeking
            return
        else:
            fn, args = _seek, (page * size / max(self._total, 1), size)
        generation = self._generation
        self.loading_changed.emit(True)
        self._fetches[page] = self.runner.run(
            fn, self.connection, self.source, *args,
            on_success=lambda result: self._page_arrived(generation, page, fn, result),
            on_failure=lambda error: self._page_failed(generation, page, error))

    def _page_failed(self, generation: int, page: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetches.pop(page, None)
            self._pending.discard(page)
            self._failed(error)

    def _page_arrived(self, generation: int, page: int, fn, result) -> None:
        if generation != self._generation:
            return
        self._fetches.pop(page, None)
        self._pending.discard(page)
        self.loading_changed.emit(bool(self._pending))
        self._store(page, result)
        if fn is _after and not result.has_more:
            # The true end is here: the estimate was off.
            self._exact = True
            self._resize(page * self.page_size + len(result.rows))
            self.count_changed.emit(self._total, True)
        elif fn is _before and not result.has_more and page > 0:
            # Nothing before this page: it is the start; the estimate was off.
            self._shift_to_start(page)
        elif fn in (_after, _seek) and result.has_more and (page + 2) * self.page_size > self._total:
            # More rows lie beyond a page that reaches the estimated last page: the estimate was
            # low. Make room for one more page, read by keyset from this one (never shown as the
            # list's true end), so the count never stays below the rows already read.
            self._resize((page + 2) * self.page_size + 1)
            self.count_changed.emit(self._total, False)
        first = page * self.page_size
        last = min(first + len(result.rows), self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))
        for neighbour in (page - 1, page + 1):
            if neighbour in self._deferred:
                self._deferred.discard(neighbour)
                self._request(neighbour)

    def _store(self, page: int, result) -> None:
        self.pages_fetched += 1
        self._pages[page] = result
        self._recent = [p for p in self._recent if p != page] + [page]
        while len(self._recent) > MAX_CACHED_PAGES:
            self._pages.pop(self._recent.pop(0), None)

    def _shift_to_start(self, page: int) -> None:
        self.beginResetModel()
        self._pages = {0: self._pages[page]}
        self._recent = [0]
        self._pending.clear()
        self.endResetModel()

    def _resize(self, total: int) -> None:
        total = max(total, 0)
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        elif total < self._total:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            for page in [p for p in self._pages if p * self.page_size >= total]:
                self._pages.pop(page)
            self.endRemoveRows()


# Worker functions (plain, Qt-free) --------------------------------------------------------------

def _watched(ctx, connection):
    """The worker's connection, registered for cancel(); a fetch cancelled while it waited in
    the pool's queue (its query is stale) does not start at all."""
    ctx.check()
    return ctx.watch(connection())


def _first_with_estimate(ctx, connection, source, limit):
    """The first page and the list's size: (page, rows, exact?). Exact when the list ends on
    this page; else the source's `size(conn)` -> (rows, exact) when it has one, or its estimate."""
    conn = _watched(ctx, connection)
    page = source.first(conn, limit)
    if not page.has_more:
        return page, len(page.rows), True
    size = getattr(source, "size", None)
    if size is not None:
        return (page, *size(conn))
    return page, source.estimate_count(conn), False


def _after(ctx, connection, source, key, limit):
    return source.after(_watched(ctx, connection), key, limit)


def _before(ctx, connection, source, key, limit):
    return source.before(_watched(ctx, connection), key, limit)


def _last(ctx, connection, source, limit):
    return source.last(_watched(ctx, connection), limit)


def _seek(ctx, connection, source, fraction, limit):
    return source.seek(_watched(ctx, connection), fraction, limit)
