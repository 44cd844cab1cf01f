"""A newer query cancels the older one on the server (issue #4): when the paged model gets a new
source, the page fetches still running for the old one are cancelled (ctx.cancel() ->
connection.cancel_safe(), which cancels the PostgreSQL query), not left to finish."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import psycopg

from crm_desktop.ui.customers.paged_model import PagedRowModel


@dataclass
class Page:
    rows: list
    first_key: tuple | None
    last_key: tuple | None
    has_more: bool


class CancellableConnection:
    """Stands in for a psycopg connection: a 'query' blocks until cancel_safe() is called."""

    def __init__(self):
        self.cancelled = threading.Event()

    def cancel_safe(self, timeout: float = 2.0) -> None:
        self.cancelled.set()


class SlowSeekSource:
    """First page at once; a seek 'runs on the server' until cancelled (or 10 s)."""

    def __init__(self, connection: CancellableConnection):
        self.connection = connection
        self.seeks_started = threading.Event()
        self.seeks_finished = 0

    def estimate_count(self, conn):
        return 100_000

    def first(self, conn, limit):
        rows = [{"id": i} for i in range(limit)]
        return Page(rows, (0, 0), (limit - 1, limit - 1), True)

    def seek(self, conn, fraction, limit):
        self.seeks_started.set()
        if not conn.cancelled.wait(10):
            self.seeks_finished += 1
        raise psycopg.errors.QueryCanceled("canceling statement due to user request")   # as the server says


class FastSource(SlowSeekSource):
    def seek(self, conn, fraction, limit):
        raise AssertionError("not used")


def test_new_source_cancels_the_old_sources_page_fetches(qtbot, runner, model_tester):
    connection = CancellableConnection()
    model = PagedRowModel(runner, lambda: connection, [("id", "ID")], page_size=100)
    model_tester(model)
    old = SlowSeekSource(connection)
    with qtbot.waitSignal(model.count_changed, timeout=5000):
        model.set_source(old)
    model.ensure_loaded(50_000, 50_050)                 # far away: a seek, which "runs" on the server
    assert old.seeks_started.wait(5)
    unexpected: list = []
    runner.unexpected_error.connect(unexpected.append)
    with qtbot.waitSignal(model.count_changed, timeout=5000):
        model.set_source(FastSource(connection))        # the user typed on: a newer query
    assert connection.cancelled.wait(5), "the stale page fetch was not cancelled"
    assert runner.wait(5000) and old.seeks_finished == 0
    qtbot.wait(10)
    assert model.row(0) == {"id": 0}
    assert unexpected == []
