"""PostgreSQL LISTEN/NOTIFY as Qt signals, off the GUI thread.

A `NotificationListener` owns one dedicated connection (made by the `connect` callable it is
given, on its worker thread) and LISTENs to its channels. A plain Python thread waits in
`conn.notifies(timeout=...)`; every notification is emitted as `notified(channel, payload)`,
which Qt queues to the receiver's (GUI) thread. A lost connection is retried quietly with a
growing pause (1 s … 30 s); `stop()` ends the thread within about `poll_seconds` and closes the
connection. Used for `crm_t1_loaded` (status bar date) and reusable for other channels, e.g.
the Approvals tab badge::

    listener = NotificationListener(connect, ["crm_t1_loaded"], parent=self)
    listener.subscribe("crm_t1_loaded", self.on_loaded)   # slot(payload: str)
    listener.start()
    ...
    listener.stop()
"""

from __future__ import annotations

import logging
import threading
from typing import Callable, Iterable

import psycopg
from psycopg import sql
from PySide6.QtCore import QObject, Qt, Signal

from crm_desktop.services.tasks import TaskCancelled

_log = logging.getLogger(__name__)


class NotificationListener(QObject):
    notified = Signal(str, str)        # channel, payload
    connected_changed = Signal(bool)   # the listening connection is up / lost

    def __init__(self, connect: Callable[[], psycopg.Connection], channels: Iterable[str],
                 parent: QObject | None = None, *, poll_seconds: float = 0.25, max_backoff: float = 30.0):
        super().__init__(parent)
        self._connect = connect
        self._channels = list(dict.fromkeys(channels))
        self._poll = poll_seconds
        self._max_backoff = max_backoff
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: psycopg.Connection | None = None
        self._lock = threading.Lock()
        self.listening = threading.Event()   # set while LISTEN is in place (tests wait on it)

    # public ---------------------------------------------------------------------------------
    def subscribe(self, channel: str, slot: Callable[[str], None]) -> None:
        """Call `slot(payload)` in the receiver's thread for each notification on `channel`."""
        if channel not in self._channels:
            raise ValueError(f"not listening to {channel!r}")
        # Queued: the worker thread emits; the slot runs in the thread of this object (the GUI).
        self.notified.connect(lambda ch, payload: slot(payload) if ch == channel else None,
                              Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="crm-listen", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and close the connection; returns once the worker has ended."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        self._close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # worker -----------------------------------------------------------------------------------
    def _run(self) -> None:
        backoff = 1.0
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except TaskCancelled:
                return   # signed out: nobody to notify any more
            except Exception as error:   # no server, signed out, wrong password: retry quietly
                _log.debug("listener: connect failed: %s", error)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self._max_backoff)
                continue
            with self._lock:
                self._conn = conn
            try:
                if not conn.autocommit:
                    conn.autocommit = True
                for channel in self._channels:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                self.listening.set()
                self.connected_changed.emit(True)
                backoff = 1.0
                while not self._stop.is_set():
                    for note in conn.notifies(timeout=self._poll):
                        if self._stop.is_set():
                            break
                        self.notified.emit(note.channel, note.payload)
            except Exception as error:
                if not self._stop.is_set():
                    _log.debug("listener: connection lost: %s", error)
                    self.listening.clear()
                    self.connected_changed.emit(False)
                    self._stop.wait(backoff)
                    backoff = min(backoff * 2, self._max_backoff)
            finally:
                self.listening.clear()
                self._close()

    def _close(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            try:
                conn.close()
            except Exception:
                pass
