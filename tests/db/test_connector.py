"""StaffConnector hands each task a signed-in connection, ready for it: few per client (the
sign-in's and LISTEN at rest, a bound while busy), idle ones closed and reopened without a new
sign-in in the audit."""

from __future__ import annotations

import psycopg
import pytest

from crm_desktop.services import auth
from crm_desktop.services.connector import StaffConnector
from tests.support import TEST_PASSWORD


@pytest.fixture
def connector(db):
    db.make_staff("conn_user")
    profile = auth.ServerProfile.from_conninfo("test", db.admin_url)
    made = StaffConnector(profile, "conn_user", TEST_PASSWORD)
    yield made
    made.close()


def test_one_connection_per_thread_with_a_session(connector):
    conn = connector.connection()
    assert connector.connection() is conn
    assert conn.execute("SELECT crm.current_staff_id() IS NOT NULL").fetchone()[0]


def test_a_failed_transaction_left_by_a_task_is_ended_before_the_next(connector):
    """A late cancel can abort the ROLLBACK that ends a cancelled task's transaction; the next
    task on that thread must still get a usable connection (and its session)."""
    conn = connector.connection()
    conn.execute("BEGIN")
    with pytest.raises(psycopg.errors.DivisionByZero):
        conn.execute("SELECT 1 / 0")
    again = connector.connection()
    assert again is conn
    assert again.execute("SELECT crm.current_staff_id() IS NOT NULL").fetchone()[0]


# the connection budget ------------------------------------------------------------------------

import threading  # noqa: E402
import time  # noqa: E402

from crm_desktop.services.tasks import TaskContext  # noqa: E402


def _backends(db, login: str) -> int:
    return db.scalar("SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (login,))


def _wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def signed_in(db):
    """A client as the app has it after sign-in: the sign-in's connection adopted, LISTEN open."""
    db.make_staff("budget_user")
    profile = auth.ServerProfile.from_conninfo("test", db.admin_url)
    conn, info = auth.sign_in(profile, "budget_user", TEST_PASSWORD)
    made = StaffConnector(profile, "budget_user", TEST_PASSWORD, max_workers=3, idle_close_s=0.5)
    made.adopt(conn)
    listen = made.dedicated_connection()
    listen.execute("LISTEN crm_t1_loaded")
    yield made, info
    listen.close()
    made.close()


def _run_tasks(connector: StaffConnector, count: int, seconds: float) -> list[BaseException]:
    errors: list[BaseException] = []

    def task(ctx: TaskContext) -> None:
        connector.connection().execute("SELECT pg_sleep(%s)", (seconds,))

    def thread() -> None:
        try:
            TaskContext().run(task)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=thread) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def test_two_connections_at_rest_and_the_bound_under_load(db, signed_in):
    connector, _ = signed_in
    assert _backends(db, "budget_user") == 2            # the sign-in's + LISTEN
    peak, held_peak = [0], [0]
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _backends(db, "budget_user"))
            held_peak[0] = max(held_peak[0], connector.held())
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        assert _run_tasks(connector, 8, 0.3) == []       # eight tasks at once, three connections
    finally:
        stop.set()
        watcher.join()
    assert 2 + 1 <= peak[0] <= 3 + 1                     # extra connections opened, never above the bound
    # Seen while the tasks ran: read after them, the idle close (0.5 s) had sometimes begun.
    assert 2 <= held_peak[0] <= 3
    # Unused for idle_close_s: the extra ones close, the sign-in's stays.
    assert _wait_for(lambda: _backends(db, "budget_user") == 2)
    assert connector.held() == 1


def test_idle_close_and_transparent_reopen_are_not_sign_ins(db, signed_in):
    connector, info = signed_in
    for _ in range(2):
        assert _run_tasks(connector, 3, 0.2) == []
        assert _wait_for(lambda: _backends(db, "budget_user") == 2)
    assert _run_tasks(connector, 3, 0.05) == []
    sessions = db.scalar(
        "SELECT json_agg(json_build_object('id', id, 'from', resumed_from, 'closed', closed_at IS NOT NULL, "
        "'reason', close_reason) ORDER BY id) FROM crm.app_session WHERE login = 'budget_user'")
    sign_ins = [s for s in sessions if s["from"] is None]
    assert [s["id"] for s in sign_ins] == [info.session_id]
    resumed = [s for s in sessions if s["from"] is not None]
    assert len(resumed) >= 2 and all(s["from"] == info.session_id for s in resumed)
    assert all(s["reason"] == "logout" for s in resumed if s["closed"])
    events = db.scalar("SELECT array_agg(outcome ORDER BY id) FROM crm.login_event WHERE login = 'budget_user'")
    assert events == ["success"]                         # one sign-in, no sign-out while signed in
    connector.close()
    assert _wait_for(lambda: _backends(db, "budget_user") == 1)   # only LISTEN (the test's) left
    events = db.scalar("SELECT array_agg(outcome ORDER BY id) FROM crm.login_event WHERE login = 'budget_user'")
    assert events == ["success", "logout"]


def test_a_forced_logout_is_not_undone_by_a_worker(db, signed_in):
    """The sign-in's backend terminated: a new worker connection cannot continue it."""
    from crm_desktop.services.errors import ConnectionLost

    connector, info = signed_in
    with db.admin() as admin:
        admin.execute("SELECT pg_terminate_backend(pid, 5000) FROM crm.app_session WHERE id = %s", (info.session_id,))
    blocker, holding = threading.Event(), threading.Event()

    def busy(ctx: TaskContext) -> None:       # keeps the sign-in's connection (dead, not yet known)
        holding.set()
        blocker.wait(5)

    # The client does not know yet that its sign-in connection is dead (a task holds it); the
    # next task needs another connection, asks to resume the sign-in and is told to sign in again.
    holder = threading.Thread(target=lambda: TaskContext().run(lambda ctx: (connector.connection(), busy(ctx))))
    holder.start()
    assert holding.wait(10)      # (a 0.3 s sleep here let the next task take it first on a busy machine)
    with pytest.raises(ConnectionLost):
        TaskContext().run(lambda ctx: connector.connection())
    blocker.set()
    holder.join()


def test_a_full_server_makes_tasks_share_the_clients_connection(db, signed_in):
    """max_connections reached: the extra connection is refused by the server, so the tasks wait
    for the client's own connection instead of failing."""
    connector, _ = signed_in
    with db.admin() as admin:
        admin.execute("ALTER ROLE budget_user CONNECTION LIMIT 2")     # sign-in's + LISTEN: full
    try:
        assert _run_tasks(connector, 4, 0.1) == []
        assert connector.held() == 1
    finally:
        with db.admin() as admin:
            admin.execute("ALTER ROLE budget_user CONNECTION LIMIT -1")
