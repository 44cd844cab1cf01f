"""Heavy reads on read replicas (issue #16, DESIGN.md section 2), without Qt.

A server profile may name streaming replicas of its server (``analysis_hosts``). The analysis
pane, the ready-made reports, customer-group statistics and the rows of exports read there when
one is configured, reachable and not too far behind; everything that writes, and the lists a
user edits from, stay on the primary (``StaffConnector.connection()``)::

    reads = ReadRouter.of(connector)              # one per signed-in connector
    result = reads.run(ctx, lambda conn: pivot.run(conn, layout, ctx))

Proof of session: a hot standby cannot write a session row, so the router asks the primary for a
replica secret (``crm.issue_replica_secret()``: the session row keeps its hash) and presents it
on each replica connection (``crm.attach_replica_session``); ``crm.current_staff_id()`` accepts
it only for the same login while the replicated session row is open. One secret serves all of
a sign-in's replica connections; when its session row closes (that primary connection was
closed), the next task finds no staff member on the replica and gets a new secret.

Replica connections follow the primary's connection budget: one unused for the connector's
`idle_close_s` (CRM_IDLE_CLOSE_S, 60 s) is closed -- none is kept at rest -- and the next heavy
read on that thread opens a new one, which proves the session again with the sign-in's secret (a
new backend has no proof: the secret lives in a setting of the connection), or with a new secret
when the session row of the old one has closed meanwhile.

Before each task the replica says, in the same round trip as the session check, how far its
replay is behind (``crm.replica_status()``); more than ``max_lag_s`` (default 5 minutes), a
replica that cannot be reached, or a replica connection that fails during the task sends the
work to the primary, and a down replica is retried after ``RETRY_DOWN_S``. Every change of where
heavy reads go is reported to ``on_route`` (the status bar says it).
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass
from typing import Callable, TypeVar

import psycopg

from crm_desktop.db.connection import GuardedConnection
from crm_desktop.services.connector import start_idle_reaper
from crm_desktop.services.errors import CrmRefusal, as_refusal
from crm_desktop.services.tasks import TaskCancelled, TaskContext

DEFAULT_MAX_LAG_S = 300.0
RETRY_DOWN_S = 60.0         # a replica that failed is tried again after this long
ATTACH_WAIT_S = 5.0         # a new secret must replay to the replica before it proves anything
ATTACH_POLL_S = 0.1

T = TypeVar("T")

# Where heavy reads go and why.
REPLICA = "replica"                 # on a replica, caught up within the limit
NOT_CONFIGURED = "not_configured"   # the profile names no replica: the primary, nothing to say
UNREACHABLE = "unreachable"         # connecting or querying failed
LAGGING = "lagging"                 # replay behind by more than the limit
NOT_A_STANDBY = "not_a_standby"     # the host named is no standby (a promoted or misconfigured one)


@dataclass(frozen=True)
class ReadRoute:
    reason: str
    host: str | None = None
    lag_seconds: float | None = None
    detail: str | None = None

    @property
    def on_replica(self) -> bool:
        return self.reason == REPLICA

    @property
    def fell_back(self) -> bool:
        """A replica is configured but the primary answers: the user should know."""
        return self.reason not in (REPLICA, NOT_CONFIGURED)


def issue_secret(primary: psycopg.Connection) -> str:
    """A new replica secret for the session of this primary connection."""
    return _call(primary, "SELECT crm.issue_replica_secret()")[0]


def attach(replica: psycopg.Connection, secret: str) -> int:
    """Prove the session on a replica connection; CrmRefusal('no_session') when the secret is not
    (yet) that of an open session of this login there. Returns the staff id."""
    return _call(replica, "SELECT crm.attach_replica_session(%s)", (secret,))[0]


def replica_state(conn: psycopg.Connection) -> tuple[int | None, bool, float | None]:
    """(staff id this connection acts for, is it a standby, seconds behind) in one round trip."""
    return _call(conn, "SELECT crm.current_staff_id(), r.in_recovery, r.lag_seconds FROM crm.replica_status() r")


def _call(conn: psycopg.Connection, statement: str, params: tuple | None = None) -> tuple:
    try:
        return tuple(conn.execute(statement, params).fetchone())
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None or isinstance(error, psycopg.OperationalError):
            raise
        raise refusal from error


class ReadRouter:
    """Where one signed-in connector's heavy reads run. Thread-safe; each worker thread keeps its
    own replica connection, as it keeps its own primary one."""

    _routers: "weakref.WeakKeyDictionary[object, ReadRouter]" = weakref.WeakKeyDictionary()
    _routers_lock = threading.Lock()

    @classmethod
    def of(cls, connector) -> "ReadRouter":
        """The router of `connector` (a services.connector.StaffConnector), made on first use."""
        with cls._routers_lock:
            router = cls._routers.get(connector)
            if router is None:
                router = cls._routers[connector] = cls(connector)
            return router

    @classmethod
    def close_of(cls, connector) -> None:
        """Sign-out: close `connector`'s replica connections, if it has a router (from a worker)."""
        with cls._routers_lock:
            router = cls._routers.pop(connector, None)
        if router is not None:
            router.close()

    def __init__(self, connector, max_lag_s: float = DEFAULT_MAX_LAG_S,
                 on_route: Callable[[ReadRoute], None] | None = None):
        self.connector = connector
        self.hosts = tuple(connector.profile.analysis_hosts)
        self.max_lag_s = max_lag_s
        self.on_route = on_route
        self.idle_close_s = connector.idle_close_s
        self._lock = threading.Lock()
        self._by_thread: dict[int, tuple[GuardedConnection, str]] = {}    # thread -> (conn, host)
        self._used_at: dict[int, float] = {}       # thread -> when its connection was last in use
        self._busy: set[int] = set()               # threads running a task: never reaped under them
        self._stop = threading.Event()
        self._reaper: threading.Thread | None = None
        self._secret: str | None = None
        self._down_until: dict[str, float] = {}
        self._route = ReadRoute(NOT_CONFIGURED)
        self._closed = False

    @property
    def route(self) -> ReadRoute:
        return self._route

    # The one entry point -------------------------------------------------------------------

    def run(self, ctx: TaskContext | None, work: Callable[[psycopg.Connection], T]) -> T:
        """`work(conn)` on a replica when one may answer, else on the primary. A replica failing
        during the work (not a cancel) is marked down and the work runs again on the primary."""
        ident = threading.get_ident()
        with self._lock:
            self._busy.add(ident)
        try:
            conn, host = self.connection()
            if ctx is not None:
                ctx.watch(conn)
            if host is None:
                return work(conn)
            try:
                return work(conn)
            except (psycopg.OperationalError, CrmRefusal) as error:
                if (ctx is not None and ctx.cancelled) or not _is_connection_failure(error, conn):
                    raise
                self._mark_down(host, _first_line(error))
                primary = self.connector.connection()
                if ctx is not None:
                    ctx.watch(primary)
                return work(primary)
        finally:
            with self._lock:
                self._busy.discard(ident)
                self._used_at[ident] = time.monotonic()

    def connection(self) -> tuple[GuardedConnection, str | None]:
        """(connection, replica host or None for the primary) for a heavy read on this thread."""
        if not self.hosts:
            return self.connector.connection(), None
        for host, port in self.hosts:
            if self._down_until.get(host, 0.0) > time.monotonic():
                continue
            conn = self._replica_for_thread(host, port)
            if conn is not None:
                return conn, host
        return self.connector.connection(), None

    def held(self) -> int:
        """Replica connections open now (none at rest once the idle close has run)."""
        with self._lock:
            return sum(not conn.closed for conn, _ in self._by_thread.values())

    def close(self) -> None:
        """Close the replica connections (sign-out); talks to the replicas: call it from a worker."""
        self._stop.set()
        with self._lock:
            self._closed = True
            connections, self._by_thread = [c for c, _ in self._by_thread.values()], {}
            self._secret = None
        for conn in connections:
            conn.close()

    def _expired(self, now: float) -> list[GuardedConnection]:
        """Take out the connections of threads not running a task that nobody used for idle_close_s."""
        with self._lock:
            idle = [ident for ident in self._by_thread
                    if ident not in self._busy and now - self._used_at.get(ident, now) >= self.idle_close_s]
            return [self._by_thread.pop(ident)[0] for ident in idle]

    # Replica connections -----------------------------------------------------------------

    def _replica_for_thread(self, host: str, port: str | None) -> GuardedConnection | None:
        ident = threading.get_ident()
        with self._lock:
            known = self._by_thread.get(ident)
            self._used_at[ident] = time.monotonic()     # not reaped while it is being handed out
        conn = known[0] if known is not None and known[1] == host and not known[0].closed else None
        try:
            if conn is None:
                if known is not None:
                    known[0].close()
                conn = self.connector.dedicated_connection(self.connector.profile.on_host(host, port))
                with self._lock:
                    if self._closed:
                        conn.close()
                        raise TaskCancelled()
                    self._by_thread[ident] = (conn, host)
                    if self._reaper is None:
                        self._reaper = start_idle_reaper("crm-replica-idle-close", self.idle_close_s, self._stop,
                                                         self._expired, lambda conn: conn.close())
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.rollback()
            staff_id, standby, lag = replica_state(conn)
            if not standby:
                self._mark_down(host, None, NOT_A_STANDBY)
                return None
            if lag is not None and lag > self.max_lag_s:
                self._report(ReadRoute(LAGGING, host, lag))
                return None
            if staff_id is None:
                self._prove_session(conn)
            self._report(ReadRoute(REPLICA, host, lag))
            return conn
        except TaskCancelled:
            raise
        except CrmRefusal as refusal:
            # no_session: the new secret did not replay in time, the replica is behind whatever it
            # says. Anything else (no server there, a password the replica has not replayed yet):
            # the replica cannot serve this sign-in now.
            if refusal.kind != "no_session":
                self._forget(ident, conn)
            self._mark_down(host, _first_line(refusal), LAGGING if refusal.kind == "no_session" else UNREACHABLE)
            return None
        except psycopg.Error as error:
            self._forget(ident, conn)
            self._mark_down(host, _first_line(error))
            return None

    def _prove_session(self, conn: GuardedConnection) -> None:
        """Attach with the sign-in's secret; a secret whose session row closed (or none yet) is
        replaced by a new one from this thread's primary connection, then waited for until the
        replica has replayed it (CrmRefusal no_session if it does not within ATTACH_WAIT_S)."""
        with self._lock:
            secret = self._secret
        if secret is not None:
            try:
                attach(conn, secret)
                return
            except CrmRefusal as refusal:
                if refusal.kind != "no_session":
                    raise
        secret = issue_secret(self.connector.connection())
        with self._lock:
            self._secret = secret
        deadline = time.monotonic() + ATTACH_WAIT_S
        while True:
            try:
                attach(conn, secret)
                return
            except CrmRefusal as refusal:
                if refusal.kind != "no_session" or time.monotonic() >= deadline:
                    raise
            time.sleep(ATTACH_POLL_S)

    def _forget(self, ident: int, conn: GuardedConnection | None) -> None:
        with self._lock:
            known = self._by_thread.get(ident)
            if known is not None and known[0] is conn:
                del self._by_thread[ident]
        if conn is not None:
            conn.close()

    def _mark_down(self, host: str, detail: str | None, reason: str = UNREACHABLE) -> None:
        self._down_until[host] = time.monotonic() + RETRY_DOWN_S
        self._report(ReadRoute(reason, host, None, detail))

    def _report(self, route: ReadRoute) -> None:
        with self._lock:
            changed = (route.reason, route.host) != (self._route.reason, self._route.host)
            self._route = route
        if changed and self.on_route is not None:
            self.on_route(route)


def _first_line(error: BaseException) -> str | None:
    text = str(error).strip()
    return text.splitlines()[0] if text else None


def _is_connection_failure(error: BaseException, conn: psycopg.Connection) -> bool:
    """The replica went away or cut the query short (a standby cancels a query whose rows
    replay removes: 40001 with hot_standby_feedback off), as opposed to a refusal."""
    if conn.closed or isinstance(error, psycopg.OperationalError):
        return True
    return isinstance(error, CrmRefusal) and error.kind == "connection_lost"
