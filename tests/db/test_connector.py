"""StaffConnector hands each worker thread its own signed-in connection, ready for a new task."""

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
