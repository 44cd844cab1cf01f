"""Helpers for the security tests: expected refusals, "nothing changed", a small world.

Everything here talks to PostgreSQL directly with psycopg; the only project code used is
tests/support.py (fixtures) and, for the agent tests, crm_desktop.agent.jobs.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

import psycopg
import pytest
from psycopg import sql

from tests.support import APP_VERSION, StaffLogin, TestDatabase

# A MAC no test binds to anything.
FOREIGN_MAC = "0e:11:22:33:44:55"


def expect_error(conn: psycopg.Connection, query: str, params: tuple | list | None = None, *,
                 sqlstate: str) -> psycopg.Error:
    """Run `query` and require that it fails with exactly `sqlstate`."""
    with pytest.raises(psycopg.Error) as info:
        conn.execute(query, params)
    assert info.value.sqlstate == sqlstate, f"expected {sqlstate}, got {info.value.sqlstate}: {info.value}"
    return info.value


def expect_login_refused(db: TestDatabase, login: str, password: str) -> str:
    """A connection attempt that PostgreSQL refuses; returns the server's message."""
    with pytest.raises(psycopg.OperationalError) as info:
        db.connect(login, password).close()
    message = str(info.value)
    assert "password authentication failed" in message, message
    return message


def snapshot(db: TestDatabase) -> dict[str, object]:
    """Every row of every crm table (as a digest) plus the staff roles' credentials."""
    state: dict[str, object] = {}
    with db.admin() as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'crm'::regnamespace "
            "AND c.relkind IN ('r', 'p') ORDER BY 1")]
        for table in tables:
            state[table] = conn.execute(sql.SQL(
                "SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') "
                "FROM crm.{} x").format(sql.Identifier(table))).fetchone()[0]
        state["roles"] = conn.execute(
            "SELECT rolname, rolpassword, rolvaliduntil::text, rolcanlogin FROM pg_authid "
            "WHERE pg_has_role(oid, 'crm_staff', 'MEMBER') ORDER BY 1").fetchall()
    return state


@contextmanager
def unchanged(db: TestDatabase) -> Iterator[None]:
    """Asserts that the block changes no row of the CRM and no staff credential."""
    before = snapshot(db)
    yield
    after = snapshot(db)
    changed = sorted(k for k in before if before[k] != after.get(k))
    assert not changed, f"refused action changed: {changed}"


def open_session(conn: psycopg.Connection, macs: list[str], hostname: str = "test-pc") -> tuple:
    return conn.execute("SELECT * FROM crm.open_session(%s, %s, %s)", (macs, hostname, APP_VERSION)).fetchone()


def accounts(conn: psycopg.Connection, query: str = "SELECT account_no FROM crm.customer") -> set[str]:
    return {r[0] for r in conn.execute(query)}


def wait_for(predicate: Callable[[], object], timeout: float = 5.0, interval: float = 0.1) -> object:
    """Polls until `predicate()` is truthy (the server log is written asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def connection_is_dead(conn: psycopg.Connection) -> psycopg.OperationalError:
    """The next query on a terminated backend raises 57P01 (admin_shutdown: the client can tell
    the user why), and the connection is closed."""
    with pytest.raises(psycopg.OperationalError) as info:
        conn.execute("SELECT 1")
    assert info.value.sqlstate == "57P01", f"unexpected {info.value.sqlstate}: {info.value}"
    assert conn.closed
    return info.value


# The world of the visibility tests -------------------------------------------------------

@dataclass
class World:
    db: TestDatabase
    staff: dict[str, StaffLogin] = field(default_factory=dict)
    customers: dict[str, int] = field(default_factory=dict)

    def session(self, login: str) -> psycopg.Connection:
        return self.db.session(login)


def build_world(db: TestDatabase) -> World:
    """BR01 hierarchy director → devmgr → mkt_a, mkt_b; BR02 and BR03 with their own customers.

    Customers (account_no):
      A1  BR01 development mkt_a            A2  BR01 service mkt_a only (so: public pool)
      B1  BR01 development mkt_b            S1  BR01 development mkt_b + service mkt_a
      M1  BR01 development devmgr           D1  BR01 development director
      P1  BR01 no relationship (pool)       R1  BR01 development mkt_a, released (pool)
      X2  BR02 development mkt_c            P2  BR02 no relationship (pool)
      Z3  BR03 no relationship (pool)
    """
    world = World(db)
    with db.one_admin_connection():
        for code in ("BR02", "BR03"):
            db.make_branch(code)
        mk = world.staff
        mk["director"] = db.make_staff("director", staff_type="manager", scope="subordinates")
        mk["devmgr"] = db.make_staff("devmgr", staff_type="manager", superior="director", scope="subordinates")
        mk["mkt_a"] = db.make_staff("mkt_a", superior="devmgr")
        mk["mkt_b"] = db.make_staff("mkt_b", superior="devmgr", public_pool=True)
        mk["viewer"] = db.make_staff("viewer", scope="branch", branch_scope=("BR02",))
        mk["hq_all"] = db.make_staff("hq_all", branch="HQ", staff_type="hq", scope="all")
        mk["mkt_c"] = db.make_staff("mkt_c", branch="BR02")
        mk["admin01"] = db.make_staff("admin01", staff_type="back_office", roles=("branch_admin",))
        mk["admin02"] = db.make_staff("admin02", branch="BR02", staff_type="back_office", roles=("branch_admin",))

        c = world.customers
        for acct, branch in (("A1", "BR01"), ("A2", "BR01"), ("B1", "BR01"), ("S1", "BR01"), ("M1", "BR01"),
                             ("D1", "BR01"), ("P1", "BR01"), ("R1", "BR01"), ("X2", "BR02"), ("P2", "BR02"),
                             ("Z3", "BR03")):
            c[acct] = db.make_customer(acct, branch, name=f"客户{acct}")
        db.relate(c["A1"], "mkt_a")
        db.relate(c["A2"], "mkt_a", kind="service")
        db.relate(c["B1"], "mkt_b")
        db.relate(c["S1"], "mkt_b")
        db.relate(c["S1"], "mkt_a", kind="service")
        db.relate(c["M1"], "devmgr")
        db.relate(c["D1"], "director")
        released = db.relate(c["R1"], "mkt_a")
        db.relate(c["X2"], "mkt_c")
        with db.admin() as conn:
            conn.execute("UPDATE crm.relationship SET status = 'released', valid_to = current_date, "
                         "released_at = now(), released_by = current_user WHERE id = %s", (released,))
            conn.execute("SELECT crm.customer_daily_partition(d) FROM (VALUES (date '2024-03-01'), (date '2024-03-04')) v(d)")
            for acct in ("A1", "B1", "P1", "P2", "X2", "Z3"):
                conn.execute(
                    "INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, "
                    "market_value_cents, cash_cents, trade_volume_cents, commission_cents, net_commission_cents, "
                    "interest_spread_cents, pnl_cents) "
                    "SELECT branch_id, id, d, 100000, 60000, 40000, 5000, 30, 20, 1, -7 FROM crm.customer, "
                    "(VALUES (date '2024-03-01'), (date '2024-03-04')) v(d) WHERE id = %s", (c[acct],))
    return world


# The server log (jsonlog), read as the test's superuser --------------------------------------

def log_position(db: TestDatabase) -> tuple[str, int]:
    with db.admin() as conn:
        row = conn.execute("SELECT name, size FROM pg_ls_logdir() WHERE name LIKE '%%.json' "
                           "ORDER BY name DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else ("", 0)


def log_entries_since(db: TestDatabase, position: tuple[str, int]) -> list[dict]:
    """Complete jsonlog entries written after `position` (a later file is read from its start)."""
    import json

    entries = []
    with db.admin() as conn:
        log_dir = conn.execute("SELECT current_setting('log_directory')").fetchone()[0]
        files = conn.execute("SELECT name, size FROM pg_ls_logdir() WHERE name LIKE '%%.json' AND name >= %s "
                             "ORDER BY name", (position[0],)).fetchall()
        for name, size in files:
            start = position[1] if name == position[0] else 0
            if size <= start:
                continue
            data = bytes(conn.execute("SELECT pg_read_binary_file(%s, %s, %s)",
                                      (f"{log_dir}/{name}", start, size - start)).fetchone()[0])
            for line in data[: data.rfind(b"\n") + 1].decode("utf-8", "replace").splitlines():
                try:
                    entries.append(json.loads(line))
                except ValueError:
                    pass
    return entries


def auth_failures_logged(db: TestDatabase, position: tuple[str, int], login: str, at_least: int = 1) -> list[dict]:
    """Polls the log (written asynchronously by the collector) for 28P01 lines of `login`."""
    def found():
        lines = [e for e in log_entries_since(db, position)
                 if e.get("user") == login and e.get("state_code") == "28P01"]
        return lines if len(lines) >= at_least else None
    return wait_for(found) or []
