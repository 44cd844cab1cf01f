"""Connections of a signed-in staff member: one per worker thread, each with its CRM session.

Workers own their connections (DESIGN.md section 5). The password stays in memory only
while signed in, to open those connections; `close()` forgets it.
"""

from __future__ import annotations

import threading

import psycopg

from crm_desktop.db.connection import GuardedConnection
from crm_desktop.services import auth
from crm_desktop.services.tasks import TaskCancelled


def _ready(conn: GuardedConnection) -> GuardedConnection:
    """A connection a task may use: a previous task on this thread may have left a transaction
    open or failed (a cancel is asynchronous and can abort the statement after the one it was
    meant for, e.g. the ROLLBACK); end it here, not in the next task's first query."""
    if conn.info.transaction_status in (psycopg.pq.TransactionStatus.INERROR,
                                        psycopg.pq.TransactionStatus.INTRANS):
        try:
            conn.rollback()
        except psycopg.Error:
            conn.close()
    return conn


class StaffConnector:
    def __init__(self, profile: auth.ServerProfile, login: str, password: str,
                 macs: list[str] | None = None, hostname: str | None = None):
        self.profile = profile
        self.login = login
        self._password: str | None = password
        self._macs = macs
        self._hostname = hostname
        # OS thread id -> that thread's connection. Not threading.local(): a QThreadPool thread
        # gets a fresh Python thread state for every task (PySide6 6.12 here), so a thread-local
        # was empty each time and every task opened -- and kept -- one more connection.
        self._by_thread: dict[int, GuardedConnection] = {}
        self._lock = threading.Lock()
        self._all: list[GuardedConnection] = []
        self._spare: list[GuardedConnection] = []

    def adopt(self, conn: GuardedConnection) -> None:
        """Hand over an already signed-in connection; the next worker without one takes it."""
        with self._lock:
            self._spare.append(conn)
            self._all.append(conn)

    def connection(self) -> GuardedConnection:
        """This thread's connection, opened (with crm.open_session) on first use."""
        ident = threading.get_ident()
        with self._lock:
            conn = self._by_thread.get(ident)
        if conn is not None and not conn.closed and not _ready(conn).closed:
            return conn
        with self._lock:
            conn = self._spare.pop() if self._spare else None
        if conn is None or conn.closed:
            password = self._password
            if password is None:
                raise TaskCancelled()  # signed out: the work no longer has anyone to serve
            conn = auth.connect(self.profile, self.login, password)
            try:
                auth.open_session(conn, self._macs, self._hostname)
            except BaseException:
                conn.close()
                raise
            with self._lock:
                signed_out = self._password is None
                if not signed_out:
                    self._all.append(conn)
            if signed_out:
                # close() ran while this connection was being opened: do not leave it behind.
                auth.close_session(conn)
                conn.close()
                raise TaskCancelled()
        with self._lock:
            self._by_thread[ident] = conn
        return conn

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
        with self._lock:
            connections, self._all, self._spare = self._all, [], []
            self._by_thread = {}
        for conn in connections:
            if not conn.closed:
                try:
                    conn.execute("SELECT crm.close_session()")
                except psycopg.Error:
                    pass
                conn.close()

    def close(self) -> None:
        with self._lock:
            self._password = None
        self.reset()
