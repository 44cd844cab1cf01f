"""What a background task sees: progress reporting and cancellation, without Qt.

Worker functions take a TaskContext as their first argument, so they can be tested
without threads. Cancelling cancels the PostgreSQL query the task registered, not
only the Python loop around it.
"""

from __future__ import annotations

import threading
from typing import Callable

import psycopg

ProgressCallback = Callable[[str, int, int], None]      # (stage, done, total; total 0 = unknown)


class TaskCancelled(Exception):
    pass


class TaskContext:
    def __init__(self, progress: ProgressCallback | None = None):
        self._progress = progress
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._connections: list[psycopg.Connection] = []

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
        """Register a connection whose running query cancel() should interrupt."""
        with self._lock:
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
