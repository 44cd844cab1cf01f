"""The database connections of a signed-in staff member: few, bounded, each with its CRM session.

HQ serves thousands of clients from one server (DESIGN.md sections 2 and 5), so a client holds
one connection for work at rest (the sign-in's, adopted) plus the LISTEN connection
(`dedicated_connection`), and at most `max_workers` while busy. A task borrows a connection for
as long as it runs: `connection()` inside `TaskContext.run` (ui/tasks.py runs every task so)
registers it for cancelling and gives it back when the task is over; outside a task the thread
keeps it. When the server refuses an extra connection (max_connections, connect timeout) the task
waits for one the client holds. A connection beyond the sign-in's that nobody used for
`idle_close_s` is closed by a small reaper thread and reopened on demand with `crm.resume_session`, which requires the live
sign-in of the same login on this PC and re-checks account and MAC binding but is not a new
sign-in in the audit.

Public API (stable; the replica routing may wrap it): `connection()`, `adopt(conn)`,
`dedicated_connection()`, `set_password()`, `reset()`, `close()`, `held()` (how many are
open), and the keyword arguments `max_workers` and `idle_close_s`. The password stays in memory
only while signed in, to open connections; `close()` forgets it.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

import psycopg

from crm_desktop import config
from crm_desktop.db.connection import GuardedConnection
from crm_desktop.services import auth
from crm_desktop.services.errors import ConnectionLost
from crm_desktop.services.tasks import TaskCancelled, current_task

_WAIT_SLICE_S = 0.25      # how often a task waiting for a connection looks at its cancel flag
_SERVER_FULL_PAUSE_S = 10.0   # after the server refused an extra connection, use our own for this long


class ServerFull(Exception):
    """The server refused (or had no time for) an extra connection while this client has one."""


def _ready(conn: GuardedConnection) -> GuardedConnection:
    """A connection a task may use: a previous task may have left a transaction open or failed
    (a cancel is asynchronous and can abort the statement after the one it was meant for, e.g.
    the ROLLBACK); end it here, not in the next task's first query."""
    if conn.info.transaction_status in (psycopg.pq.TransactionStatus.INERROR,
                                        psycopg.pq.TransactionStatus.INTRANS):
        try:
            conn.rollback()
        except psycopg.Error:
            conn.close()
    return conn


def _end(conn: GuardedConnection) -> None:
    if not conn.closed:
        auth.close_session(conn)
        conn.close()


class StaffConnector:
    def __init__(self, profile: auth.ServerProfile, login: str, password: str,
                 macs: list[str] | None = None, hostname: str | None = None, *,
                 max_workers: int | None = None, idle_close_s: float | None = None):
        self.profile = profile
        self.login = login
        self.max_workers = max_workers or config.worker_connections()
        self.idle_close_s = idle_close_s if idle_close_s is not None else config.idle_close_seconds()
        self._password: str | None = password
        self._macs = macs
        self._hostname = hostname
        self._changed = threading.Condition()
        # OS thread id -> the connection it borrowed. Not threading.local(): a QThreadPool thread
        # gets a fresh Python thread state for every task (PySide6 6.12 here).
        self._lent: dict[int, GuardedConnection] = {}
        self._idle: list[tuple[GuardedConnection, float]] = []    # (connection, unused since)
        self._opening = 0                                       # being opened right now
        self._sign_in: GuardedConnection | None = None           # kept open at rest
        self._server_full_until = 0.0
        self._reaper: threading.Thread | None = None
        self._stop = threading.Event()

    # public ------------------------------------------------------------------------------------
    def adopt(self, conn: GuardedConnection) -> None:
        """Hand over the sign-in's connection (crm.open_session ran on it): the one kept at rest,
        taken first by the next task."""
        with self._changed:
            self._sign_in = conn
            self._idle.append((conn, time.monotonic()))
            self._changed.notify()

    def connection(self) -> GuardedConnection:
        """The connection this thread works on: inside a task it is registered for cancelling and
        given back when the task ends; a new one opens (crm.resume_session) only below the bound,
        else the task waits for one. TaskCancelled once signed out or the task is cancelled."""
        ident = threading.get_ident()
        with self._changed:
            conn = self._lent.get(ident)
        if conn is not None:
            if not _ready(conn).closed:
                return conn
            with self._changed:
                self._lent.pop(ident, None)      # lost: it no longer counts against the bound
        conn = self._borrow()
        with self._changed:
            self._lent[ident] = conn
        task = current_task()
        if task is not None:
            task.watch(conn)
            task.on_finish(lambda: self._give_back(ident, conn))
        return conn

    def held(self) -> int:
        """Connections open or being opened for work (the LISTEN connection not counted)."""
        with self._changed:
            return self._opening + len(self._lent) + len(self._idle)

    def dedicated_connection(self, profile: auth.ServerProfile | None = None) -> GuardedConnection:
        """A new connection of this login outside the worker pool and without a CRM session
        (for LISTEN: RLS shows it nothing; or, with `profile`, to a read replica, where
        services/replica.py proves the session); the caller closes it. TaskCancelled once signed out."""
        password = self._password
        if password is None:
            raise TaskCancelled()
        return auth.connect(profile or self.profile, self.login, password)

    def set_password(self, password: str) -> None:
        self._password = password

    def reset(self) -> None:
        """Close every connection (with crm.close_session); new ones open on next use.
        Call it from a worker: it talks to the server."""
        with self._changed:
            connections = list(self._lent.values()) + [conn for conn, _ in self._idle]
            self._lent, self._idle = {}, []
            self._changed.notify_all()
        # The sign-in's connection last: closing it first would log a sign-out while the
        # client's other sessions are still open.
        connections.sort(key=lambda conn: conn is self._sign_in)
        for conn in connections:
            try:
                _end(conn)
            except psycopg.Error:
                pass

    def close(self) -> None:
        with self._changed:
            self._password = None
        self._stop.set()
        self.reset()

    # borrowing ---------------------------------------------------------------------------------
    def _borrow(self) -> GuardedConnection:
        task = current_task()
        while True:
            with self._changed:
                if self._password is None:
                    raise TaskCancelled()      # signed out: the work has nobody to serve
                conn = self._take_idle()
                held = self._opening + len(self._lent) + len(self._idle)
                if conn is None and held < self.max_workers and (held == 0 or time.monotonic() >= self._server_full_until):
                    self._opening += 1
                    break
                if conn is None:
                    self._changed.wait(_WAIT_SLICE_S)
            if conn is not None:
                if not _ready(conn).closed:
                    return conn
                continue                        # dropped by the server meanwhile: next one
            if task is not None:
                task.check()
        try:
            return self._open()
        except ServerFull:
            # An extra connection is only a convenience: while the server has no slot (or no time)
            # for one, the task waits for one of this client's own instead of failing.
            with self._changed:
                self._server_full_until = time.monotonic() + _SERVER_FULL_PAUSE_S
        finally:
            with self._changed:
                self._opening -= 1
                self._changed.notify()
        return self._borrow()

    def _take_idle(self) -> GuardedConnection | None:
        """The sign-in's connection if it is free, else the most recently used (the others age
        towards the idle close). Call with the lock held."""
        self._idle = [(conn, since) for conn, since in self._idle if not conn.closed]
        if not self._idle:
            return None
        index = next((i for i, (conn, _) in enumerate(self._idle) if conn is self._sign_in), len(self._idle) - 1)
        return self._idle.pop(index)[0]

    def _open(self) -> GuardedConnection:
        password = self._password
        if password is None:
            raise TaskCancelled()
        sign_in = self._sign_in
        # A lost sign-in connection (server restart, network) means a new sign-in, audited as
        # one; while it lives every other connection continues it.
        first = sign_in is None or sign_in.closed
        try:
            conn = auth.connect(self.profile, self.login, password)
        except ConnectionLost as refusal:
            with self._changed:
                others = len(self._lent) + len(self._idle)
            if first or not others:
                raise
            raise ServerFull() from refusal
        try:
            if first:
                auth.open_session(conn, self._macs, self._hostname)
            else:
                auth.resume_session(conn, self._macs, self._hostname)
        except BaseException:
            conn.close()
            raise
        with self._changed:
            signed_out = self._password is None
            if first and not signed_out:
                self._sign_in = conn
            if not signed_out:
                self._start_reaper()
        if signed_out:
            # close() ran while this connection was being opened: do not leave it behind.
            _end(conn)
            raise TaskCancelled()
        return conn

    def _give_back(self, ident: int, conn: GuardedConnection) -> None:
        with self._changed:
            if self._lent.get(ident) is not conn:
                return                          # reset() took it meanwhile
            del self._lent[ident]
            if not conn.closed:
                self._idle.append((conn, time.monotonic()))
            self._changed.notify()

    # closing idle connections ------------------------------------------------------------------
    def _start_reaper(self) -> None:
        if self._reaper is None or not self._reaper.is_alive():
            self._reaper = start_idle_reaper(f"crm-idle-close-{self.login}", self.idle_close_s, self._stop,
                                             self._expired, _end)

    def _expired(self, now: float) -> list[GuardedConnection]:
        with self._changed:
            expired = [conn for conn, since in self._idle
                       if conn is not self._sign_in and now - since >= self.idle_close_s]
            self._idle = [(conn, since) for conn, since in self._idle
                          if not any(conn is gone for gone in expired)]
        return expired


def start_idle_reaper(name: str, idle_close_s: float, stop: threading.Event,
                      expired: Callable[[float], list[GuardedConnection]],
                      close: Callable[[GuardedConnection], None]) -> threading.Thread:
    """A daemon thread that, until `stop` is set, closes what `expired(now)` hands over (the
    caller takes those connections out of its pool under its own lock) about every quarter of
    `idle_close_s`: the primary's worker connections here, the replica connections in
    services/replica.py."""
    period = max(0.05, min(idle_close_s / 4, 5.0))

    def reap() -> None:
        while not stop.wait(period):
            for conn in expired(time.monotonic()):
                try:
                    close(conn)
                except psycopg.Error:
                    pass

    thread = threading.Thread(target=reap, name=name, daemon=True)
    thread.start()
    return thread

