"""Connections that refuse to run on the GUI thread.

The GUI enables the guard at start-up; from then on any query issued from the main
(GUI) thread raises GuiThreadQueryError instead of freezing the window. The CLI and the
agent never enable it.
"""

from __future__ import annotations

import threading

import psycopg

_guard_enabled = False


class GuiThreadQueryError(RuntimeError):
    pass


def enable_gui_thread_guard(enabled: bool = True) -> None:
    global _guard_enabled
    _guard_enabled = enabled


def _check_thread() -> None:
    if _guard_enabled and threading.current_thread() is threading.main_thread():
        raise GuiThreadQueryError("database access from the GUI thread: run it in a worker")


class GuardedConnection(psycopg.Connection):
    def execute(self, *args, **kwargs):
        _check_thread()
        return super().execute(*args, **kwargs)

    def cursor(self, *args, **kwargs):
        _check_thread()
        return super().cursor(*args, **kwargs)

    @classmethod
    def connect(cls, *args, **kwargs):
        _check_thread()
        return super().connect(*args, **kwargs)
