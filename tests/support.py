"""Test support: a fresh CRM database per test on the session's PostgreSQL, and staff logins.

Roles are cluster-wide in PostgreSQL, so a test database is cloned from a migrated
template and every role a test creates is dropped when the test ends; baseline roles
(from the template) get their password and validity restored if a test changed them.
"""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from crm_desktop.services import machine

TEST_PASSWORD = "Tq7-river-lantern"
APP_VERSION = "test"

_counter = itertools.count(1)

# Set by tests/conftest.py's pytest_runtest_makereport when a test's set-up or call fails.
FAILED = pytest.StashKey[bool]()


def failed(request) -> bool:
    """Whether the test (its set-up or call) has failed: the leak checks after it then stay
    quiet, as the test stopped before its own clean-up and its failure is the one to read."""
    return request.node.stash.get(FAILED, False)


def with_dbname(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo(**params)


@dataclass
class StaffLogin:
    login: str
    password: str
    staff_id: int


@dataclass
class TestDatabase:
    admin_url: str
    name: str
    scram_verifier: str
    created_logins: list[str] = field(default_factory=list)
    _shared_admin: psycopg.Connection | None = field(default=None, repr=False)

    # Connections -----------------------------------------------------------------------

    def conninfo_for(self, login: str, password: str | None = None) -> str:
        params = conninfo_to_dict(self.admin_url)
        params.pop("password", None)
        params["user"] = login
        if password is not None:
            params["password"] = password
        return make_conninfo(**params)

    def admin(self, autocommit: bool = True) -> psycopg.Connection:
        return psycopg.connect(self.admin_url, autocommit=autocommit)

    @contextmanager
    def one_admin_connection(self) -> Iterator[None]:
        """Within the block the data helpers below share one admin connection: building a world
        of a dozen staff and customers opened some thirty, each costing more than its statements
        (a world's setup took 6–10 s, machine under load)."""
        with self.admin() as conn:
            self._shared_admin = conn
            try:
                yield
            finally:
                self._shared_admin = None

    @contextmanager
    def _helper_admin(self) -> Iterator[psycopg.Connection]:
        if self._shared_admin is not None:
            yield self._shared_admin
        else:
            with self.admin() as conn:
                yield conn

    def connect(self, login: str, password: str = TEST_PASSWORD, autocommit: bool = True) -> psycopg.Connection:
        """A plain connection as a staff login, no CRM session opened."""
        return psycopg.connect(self.conninfo_for(login, password), autocommit=autocommit)

    def session(self, login: str, password: str = TEST_PASSWORD, macs: list[str] | None = None,
                hostname: str = "test-pc") -> psycopg.Connection:
        """A connection as a staff login with crm.open_session() done (this PC's MACs by default)."""
        conn = self.connect(login, password)
        try:
            conn.execute("SELECT * FROM crm.open_session(%s, %s, %s)",
                         (macs if macs is not None else machine.local_macs(), hostname, APP_VERSION))
        except Exception:
            conn.close()
            raise
        return conn

    # Data -------------------------------------------------------------------------------

    def make_branch(self, code: str, name: str | None = None, kind: str = "branch") -> int:
        with self._helper_admin() as conn:
            row = conn.execute(
                "INSERT INTO crm.branch (code, name, kind) VALUES (%s, %s, %s) "
                "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id",
                (code, name or f"{code} 营业部", kind)).fetchone()
            return row[0]

    def make_staff(self, login: str, branch: str = "BR01", *, name: str | None = None,
                   superior: str | None = None, staff_type: str = "marketing",
                   roles: tuple[str, ...] = ("marketing",), posts: tuple[str, ...] = (),
                   scope: str = "own", public_pool: bool = False, branch_scope: tuple[str, ...] = (),
                   bind_this_pc: bool = True, mac_binding: bool = True,
                   ready: bool = True) -> StaffLogin:
        """Create a staff login through crm.create_staff(); `ready` sets TEST_PASSWORD and
        clears the must-change flag (as an operator would after a first login)."""
        with self._helper_admin() as conn:
            if ready:
                # The temporary password is replaced below at once: hashing it with the server's
                # 40 000 SCRAM iterations (0.25 s here) would be wasted on every test login.
                conn.execute("SET scram_iterations = 4096")
            temp = conn.execute(
                "SELECT crm.create_staff(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (login, name or login, branch, superior, staff_type, list(roles), list(posts), scope,
                 public_pool, list(branch_scope), mac_binding)).fetchone()[0]
            self.created_logins.append(login)
            staff_id = conn.execute("SELECT id FROM crm.staff WHERE login = %s", (login,)).fetchone()[0]
            if bind_this_pc:
                for mac in machine.local_macs():
                    conn.execute("SELECT crm.bind_mac(%s, %s, 'test pc')", (login, mac))
            if not ready:
                return StaffLogin(login, temp, staff_id)
            conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {} VALID UNTIL 'infinity'").format(
                sql.Identifier(login), sql.Literal(self.scram_verifier)))
            # Set by hand as the superuser: accepted as sanctioned, or the agent would force a change.
            conn.execute("SELECT crm_server.accept_password(%s)", (login,))
            conn.execute("UPDATE crm.staff SET must_change_password = false, password_expires_at = NULL "
                         "WHERE id = %s", (staff_id,))
            return StaffLogin(login, TEST_PASSWORD, staff_id)

    def make_customer(self, account_no: str, branch: str = "BR01", *, name: str = "张三",
                      mobile: str | None = None, id_no: str | None = None,
                      open_date: str = "2024-01-02", birthday: str | None = "1980-05-06") -> int:
        with self._helper_admin() as conn:
            cid = conn.execute(
                "INSERT INTO crm.customer (account_no, name, id_no, mobile, gender, birthday, open_date, "
                "branch_id, loaded_for) SELECT %s, %s, %s, %s, 'M', %s, %s, b.id, %s "
                "FROM crm.branch b WHERE b.code = %s RETURNING id",
                (account_no, name, id_no, mobile, birthday, open_date, open_date, branch)).fetchone()[0]
            conn.execute("INSERT INTO crm.customer_ext (customer_id, branch_id, mobile) "
                         "SELECT id, branch_id, mobile FROM crm.customer WHERE id = %s", (cid,))
            return cid

    def relate(self, customer_id: int, login: str, kind: str = "development") -> int:
        with self._helper_admin() as conn:
            return conn.execute(
                "INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind) "
                "SELECT c.id, c.branch_id, s.id, %s FROM crm.customer c, crm.staff s "
                "WHERE c.id = %s AND s.login = %s RETURNING id", (kind, customer_id, login)).fetchone()[0]

    def scalar(self, query: str, params: tuple = ()) -> object:
        with self._helper_admin() as conn:
            row = conn.execute(query, params).fetchone()
            return row[0] if row else None


def _copy_of_template(cluster_admin_url: str, template: str, scram_verifier: str) -> TestDatabase:
    name = f"crm_t{next(_counter)}"
    with psycopg.connect(with_dbname(cluster_admin_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
    return TestDatabase(admin_url=with_dbname(cluster_admin_url, name), name=name, scram_verifier=scram_verifier)


def _drop(cluster_admin_url: str, name: str) -> None:
    with psycopg.connect(with_dbname(cluster_admin_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


class TemplateCopies:
    """Copies of a template made one test ahead in a background thread, `prepare` done on each:
    CREATE DATABASE … TEMPLATE takes 0.3–1.5 s on this machine (longer than most tests' own
    work), and made while the previous test runs it no longer adds to the suite's time.

    A copy is taken as it was made; everything that depends on the moment (the auth log's
    position, roles) is done by test_database when the test takes it."""

    def __init__(self, cluster_admin_url: str, template: str, scram_verifier: str,
                 prepare: Callable[[TestDatabase], None] = lambda database: None):
        self._args = (cluster_admin_url, template, scram_verifier)
        self._prepare = prepare
        self._maker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="template-copies")
        self._next = self._maker.submit(self._make)

    def _make(self) -> TestDatabase:
        database = _copy_of_template(*self._args)
        try:
            self._prepare(database)
        except BaseException:
            _drop(self._args[0], database.name)
            raise
        return database

    def take(self) -> TestDatabase:
        try:
            database = self._next.result()
        except psycopg.Error:
            # e.g. a test was connected to the template when the copy started (CREATE DATABASE
            # refuses then): made again now, a failure that persists is the test's to report.
            database = self._make()
        self._next = self._maker.submit(self._make)
        return database

    def close(self) -> None:
        try:
            spare = self._next.result()
        except psycopg.Error:
            spare = None
        self._maker.shutdown()
        if spare is not None:
            _drop(self._args[0], spare.name)


@contextmanager
def test_database(cluster_admin_url: str, template: str, scram_verifier: str,
                  baseline_roles: dict[str, tuple], copies: TemplateCopies | None = None,
                  test_failed: Callable[[], bool] = lambda: False) -> Iterator[TestDatabase]:
    """A copy of `template` as the caller's own database (taken from `copies`, made from that
    template, when given); dropped afterwards, with the staff roles put back as they were.
    Connections to it still open at the end fail the caller, unless `test_failed()` says the test
    already failed (it stopped before its own clean-up, and that failure is the one to read)."""
    database = copies.take() if copies is not None else _copy_of_template(cluster_admin_url, template, scram_verifier)
    with database.admin() as conn:
        # Failed logins of earlier tests are history for this database: start reading the log now.
        last = conn.execute("SELECT name, size FROM pg_ls_logdir() WHERE name LIKE '%%.json' "
                            "ORDER BY name DESC LIMIT 1").fetchone()
        if last:
            conn.execute("SELECT crm.agent_skip_auth_log(%s, %s)", last)
    passed = False
    try:
        yield database
        passed = True
    finally:
        with psycopg.connect(with_dbname(cluster_admin_url, "postgres"), autocommit=True) as conn:
            # Checked before DROP … WITH (FORCE) would end them silently.
            left_open = sessions_left_open(conn, database.name) if passed and not test_failed() else []
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database.name)))
            restore_roles(conn, baseline_roles)
    assert not left_open, f"the test left connections to its database open: {left_open}"


# A closed connection's backend leaves pg_stat_activity when its process has exited, a moment
# after the client's close() returned (longer on a loaded machine).
SESSION_EXIT_GRACE_S = 10.0


def sessions_left_open(conn: psycopg.Connection, dbname: str) -> list[tuple]:
    """The client sessions still connected to `dbname` once those closing have had time to go: a
    connection (a connector's, a listener's, an agent's) that outlives its test keeps working on
    into the next one, or is the sign of a product leak."""
    deadline = time.monotonic() + SESSION_EXIT_GRACE_S
    while True:
        sessions = conn.execute(
            "SELECT usename, application_name, state, left(query, 120) FROM pg_stat_activity "
            "WHERE datname = %s AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
            (dbname,)).fetchall()
        if not sessions or time.monotonic() > deadline:
            return sessions
        time.sleep(0.05)


def snapshot_roles(conn: psycopg.Connection) -> dict[str, tuple]:
    return {r[0]: tuple(r[1:]) for r in conn.execute(
        "SELECT rolname, rolpassword, rolvaliduntil::text, rolcanlogin FROM pg_authid "
        "WHERE pg_has_role(oid, 'crm_staff', 'MEMBER') AND rolname <> 'crm_staff' AND rolname <> 'crm_owner'")}


def restore_roles(conn: psycopg.Connection, baseline: dict[str, tuple]) -> None:
    """Drop the staff roles a test created; put baseline roles back as they were."""
    now = snapshot_roles(conn)
    for role in now.keys() - baseline.keys():
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
    for role, (password, valid_until, can_login) in baseline.items():
        if now.get(role) != (password, valid_until, can_login):
            conn.execute(sql.SQL("ALTER ROLE {} {} PASSWORD {} VALID UNTIL {}").format(
                sql.Identifier(role), sql.SQL("LOGIN" if can_login else "NOLOGIN"),
                sql.Literal(password), sql.Literal(valid_until or "infinity")))



def wait_idle(*runners, timeout_s: float = 15.0) -> None:
    """Until every task of `runners` (ui.tasks.TaskRunner) has ended and its result has been
    delivered, including the tasks those results start (`runner.wait()` returns after the first
    round only): the condition to wait for before asserting what no worker may change any more,
    where a fixed qtbot.wait(N) fails on a busy machine. Delivers posted events only, never the
    deferred deletes of the widgets pytest-qt closed before the fixtures' clean-up (qtbot.wait
    does those, and a late result then met a deleted model)."""
    deadline = time.monotonic() + timeout_s
    while any(runner.busy for runner in runners):
        assert time.monotonic() < deadline, "background tasks still running"
        for runner in runners:
            runner.wait(20)
