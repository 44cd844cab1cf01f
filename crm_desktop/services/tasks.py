"""What a background task sees: progress reporting and cancellation, without Qt.

Worker functions take a TaskContext as their first argument, so they can be tested
without threads. Cancelling cancels the PostgreSQL query the task registered, not
only the Python loop around it. `TaskContext.run(fn, ...)` makes the context the thread's
current task while fn runs: every connection the StaffConnector hands out on that thread is
registered with it (so no worker function can forget to make its query cancellable) and goes
back to the connector when the task is over.
"""

from __future__ import annotations

import threading
from typing import Callable

import psycopg

QUERY_CANCELED = psycopg.errors.QueryCanceled.sqlstate     # 57014
ProgressCallback = Callable[[str, int, int], None]      # (stage, done, total; total 0 = unknown)


class TaskCancelled(Exception):
    pass


_running = threading.local()


def current_task() -> "TaskContext | None":
    """The task this thread is running (inside TaskContext.run), else None."""
    return getattr(_running, "task", None)


class TaskContext:
    def __init__(self, progress: ProgressCallback | None = None):
        self._progress = progress
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._connections: list[psycopg.Connection] = []
        self._when_finished: list[Callable[[], None]] = []

    def run(self, fn: Callable, *args):
        """fn(self, *args) as this thread's current task; when it returns or raises, the task's
        connections stop being cancellable and the on_finish callbacks run (last first). A query
        that cancel() interrupted ends the task as TaskCancelled, not as an error."""
        outer = current_task()
        _running.task = self
        try:
            return fn(self, *args)
        except Exception as error:
            # Our own cancel, however the worker reported it (the query error, or a service's
            # refusal made from it): the task was cancelled, it did not fail.
            if self.cancelled and getattr(error, "sqlstate", None) == QUERY_CANCELED:
                raise TaskCancelled() from None
            raise
        finally:
            _running.task = outer
            self.release()
            with self._lock:
                callbacks, self._when_finished = self._when_finished, []
            for callback in reversed(callbacks):
                callback()

    def on_finish(self, callback: Callable[[], None]) -> None:
        """Call `callback()` on this thread once run() is over (e.g. give a connection back)."""
        with self._lock:
            self._when_finished.append(callback)

    # progress -------------------------------------------------------------------------
    def progress(self, stage: str, done: int, total: int) -> None:
        self.check()
        if self._progress is not None:
            self._progress(stage, done, total)

    # cancellation -----------------------------------------------------------------------
    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise TaskCancelled()

    def watch(self, conn: psycopg.Connection) -> psycopg.Connection:
        """Register a connection whose running query cancel() should interrupt (once is enough;
        the connector already registers every connection it hands to a running task)."""
        with self._lock:
            if not any(known is conn for known in self._connections):
                self._connections.append(conn)
        return conn

    def release(self) -> None:
        """The task is over: its connections go back to other work and must not be cancelled."""
        with self._lock:
            self._connections.clear()

    def cancel(self) -> None:
        self._cancelled.set()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.cancel_safe(timeout=2.0)
            except (psycopg.Error, AttributeError):
                pass


NULL_CONTEXT = TaskContext()
