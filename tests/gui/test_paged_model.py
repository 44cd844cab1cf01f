"""The paged model against an in-memory keyset source: it reads only the pages it shows."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from crm_desktop.ui.customers.paged_model import PLACEHOLDER, PagedRowModel


@dataclass
class Page:
    rows: list
    first_key: tuple | None
    last_key: tuple | None
    has_more: bool


class ListSource:
    """Keyset semantics over a sorted list (the tests' stand-in for the customer query)."""

    def __init__(self, n: int, estimate: int | None = None):
        self.keys = [(i * 2, i) for i in range(n)]
        self.estimate = n if estimate is None else estimate
        self.calls = []

    def _page(self, start: int, stop: int, more: bool) -> Page:
        rows = [{"id": k[1], "name": f"客户{k[1]:06d}", "key": k} for k in self.keys[start:stop]]
        return Page(rows, rows[0]["key"] if rows else None, rows[-1]["key"] if rows else None, more)

    def estimate_count(self, conn):
        return self.estimate

    def first(self, conn, limit):
        self.calls.append("first")
        return self._page(0, limit, limit < len(self.keys))

    def after(self, conn, key, limit):
        self.calls.append("after")
        start = bisect.bisect_right(self.keys, key)
        return self._page(start, start + limit, start + limit < len(self.keys))

    def before(self, conn, key, limit):
        self.calls.append("before")
        stop = bisect.bisect_left(self.keys, key)
        start = max(0, stop - limit)
        return self._page(start, stop, start > 0)

    def last(self, conn, limit):
        self.calls.append("last")
        return self._page(len(self.keys) - limit, len(self.keys), len(self.keys) > limit)

    def seek(self, conn, fraction, limit):
        self.calls.append("seek")
        start = int(fraction * len(self.keys))
        return self._page(start, start + limit, start + limit < len(self.keys))


COLUMNS = [("id", "ID"), ("name", "Name")]


@pytest.fixture
def model(qtbot, runner, model_tester):
    paged = PagedRowModel(runner, lambda: None, COLUMNS, page_size=100)
    model_tester(paged)
    return paged


@pytest.fixture
def large_model(qtbot, runner):
    """For sources of 100 000 rows, without a model tester: it walks every row on every signal
    of the model (each page that arrives), about 50 s a test. The same model is under a tester
    in the small-source tests here and in the Customers tab tests."""
    return PagedRowModel(runner, lambda: None, COLUMNS, page_size=100)


def wait_loaded(qtbot, model, row):
    qtbot.waitUntil(lambda: model.row(row) is not None, timeout=5000)


def test_first_page_and_size_estimate(qtbot, large_model):
    source = ListSource(100_000)
    with qtbot.waitSignal(large_model.count_changed, timeout=5000) as blocker:
        large_model.set_source(source)
    assert blocker.args == [100_000, False]
    assert large_model.rowCount() == 100_000
    assert large_model.index(5, 1).data() == "客户000005"
    assert large_model.index(500, 1).data() == PLACEHOLDER


def test_jump_to_end_reads_a_few_pages_only(qtbot, large_model):
    source = ListSource(100_000)
    with qtbot.waitSignal(large_model.count_changed, timeout=5000):
        large_model.set_source(source)
    last = large_model.rowCount() - 1
    large_model.index(last, 0).data()              # what a view does after Ctrl+End
    wait_loaded(qtbot, large_model, last)
    assert large_model.index(last, 1).data() == "客户099999"
    large_model.ensure_loaded(last - 250, last)     # scrolling up a little continues by keyset
    wait_loaded(qtbot, large_model, last - 250)
    assert large_model.index(last - 250, 0).data() == str(99_999 - 250)
    assert large_model.pages_fetched <= 5 and "seek" not in source.calls
    assert large_model.loaded_rows() <= 5 * 100


def test_far_jump_seeks_and_neighbours_continue_by_keyset(qtbot, large_model):
    source = ListSource(100_000)
    with qtbot.waitSignal(large_model.count_changed, timeout=5000):
        large_model.set_source(source)
    large_model.ensure_loaded(50_000, 50_010)
    wait_loaded(qtbot, large_model, 50_000)
    large_model.ensure_loaded(50_100, 50_110)
    wait_loaded(qtbot, large_model, 50_100)
    assert source.calls == ["first", "seek", "after"]
    before, after = large_model.row(50_099), large_model.row(50_100)
    assert after["key"] > before["key"]


def test_overestimated_size_shrinks_at_the_true_end(qtbot, model):
    source = ListSource(250, estimate=10_000)
    with qtbot.waitSignal(model.count_changed, timeout=5000):
        model.set_source(source)
    model.ensure_loaded(100, 110)
    wait_loaded(qtbot, model, 100)
    model.ensure_loaded(200, 210)
    qtbot.waitUntil(lambda: model.rowCount() == 250 and model.is_exact(), timeout=5000)


def test_small_result_is_exact_at_once(qtbot, model):
    with qtbot.waitSignal(model.count_changed, timeout=5000) as blocker:
        model.set_source(ListSource(42))
    assert blocker.args == [42, True]


def test_new_query_drops_stale_pages(qtbot, model):
    with qtbot.waitSignal(model.count_changed, timeout=5000):
        model.set_source(ListSource(1000))
    with qtbot.waitSignal(model.count_changed, timeout=5000):
        model.set_source(ListSource(10))
    assert model.rowCount() == 10
    assert model.index(0, Qt.AlignmentFlag.AlignLeft and 1).data() == "客户000000"


def test_underestimated_size_grows_as_rows_are_read(qtbot, model):
    """Issue #12 item 3: an estimate far below the truth (about 201 for 1 898) never caps the
    list: rows read past the estimated end make it longer, never shorter than what is loaded."""
    source = ListSource(1_898, estimate=201)
    with qtbot.waitSignal(model.count_changed, timeout=5000):
        model.set_source(source)
    assert model.rowCount() == 201 and not model.is_exact()
    for position in range(150, 1_898, 100):
        qtbot.waitUntil(lambda: model.rowCount() > position, timeout=5000)
        model.ensure_loaded(position, position + 10)
        wait_loaded(qtbot, model, position)
        assert model.rowCount() > model.loaded_between(0, model.rowCount())[-1][0]
    qtbot.waitUntil(lambda: model.rowCount() == 1_898 and model.is_exact(), timeout=5000)
    assert "seek" not in source.calls


def test_a_source_that_counts_its_size_is_exact_at_once(qtbot, model):
    class Counted(ListSource):
        def size(self, conn):
            return len(self.keys), True

    with qtbot.waitSignal(model.count_changed, timeout=5000) as blocker:
        model.set_source(Counted(377, estimate=201))
    assert blocker.args == [377, True]
