"""RLS: nothing before crm.open_session, and each customer scope sees exactly its customers."""

from __future__ import annotations

import pytest

from tests.security.helpers import accounts

SESSION_TABLES = ("customer", "customer_ext", "customer_daily", "relationship", "visit", "staff",
                  "app_session", "login_event", "audit_log", "staff_mac", "staff_role", "branch", "policy")

# Expected customer sets per login (see helpers.build_world for the world).
EXPECTED = {
    # own: development A1, services A2 and S1; R1 was released.
    "mkt_a": {"A1", "A2", "S1"},
    # own + public pool of BR01 (A2 has only a service relationship; R1 released; P1 none).
    "mkt_b": {"B1", "S1", "A2", "P1", "R1"},
    # subordinates: self + mkt_a + mkt_b.
    "devmgr": {"M1", "A1", "A2", "S1", "B1"},
    "director": {"D1", "M1", "A1", "A2", "S1", "B1"},
    # branch scope: own branch BR01 + BR02 from 营业部范围, not BR03.
    "viewer": {"A1", "A2", "B1", "S1", "M1", "D1", "P1", "R1", "X2", "P2"},
    # all: every branch.
    "hq_all": {"A1", "A2", "B1", "S1", "M1", "D1", "P1", "R1", "X2", "P2", "Z3"},
    "mkt_c": {"X2"},
    # A branch administrator is not a customer viewer: scope own, no relationships.
    "admin01": set(),
}

DAILY_CUSTOMERS = {"A1", "B1", "P1", "P2", "X2", "Z3"}
RELATED = {"A1", "A2", "B1", "S1", "M1", "D1", "R1", "X2"}   # customers with any relationship row


def test_nothing_visible_before_open_session(world):
    db = world.db
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.visit (customer_id, branch_id, staff_id, visited_at, channel, content) "
                     "VALUES (%s, 1, %s, now(), 'phone', '回访')",
                     (world.customers["A1"], world.staff["mkt_a"].staff_id))
    # The same login with a real session on another connection: the key is the backend.
    with db.session("mkt_a") as with_session, db.connect("mkt_a") as bare, db.connect("hq_all") as bare_hq:
        assert with_session.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 3
        for conn in (bare, bare_hq):
            assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is None
            for table in SESSION_TABLES:
                assert conn.execute(f"SELECT count(*) FROM crm.{table}").fetchone()[0] == 0, table
            for view in ("staff_overview", "session_overview"):
                assert conn.execute(f"SELECT count(*) FROM crm.{view}").fetchone()[0] == 0, view
    # ... and the admin does see the rows that were hidden.
    for table in ("customer", "customer_ext", "customer_daily", "relationship", "visit", "staff",
                  "app_session", "login_event", "audit_log"):
        assert db.scalar(f"SELECT count(*) FROM crm.{table}") > 0, table


@pytest.mark.parametrize("login", sorted(EXPECTED))
def test_each_scope_sees_exactly_its_customers(world, login):
    expected = EXPECTED[login]
    with world.session(login) as conn:
        assert accounts(conn) == expected
        assert accounts(conn, "SELECT c.account_no FROM crm.customer_ext e "
                              "JOIN crm.customer c ON c.id = e.customer_id") == expected
        # T+1 facts follow the customer's visibility.
        assert accounts(conn, "SELECT DISTINCT c.account_no FROM crm.customer_daily d "
                              "JOIN crm.customer c ON c.id = d.customer_id") == expected & DAILY_CUSTOMERS
        # Without the join (a modified client counting facts directly).
        ids = {world.customers[a] for a in expected & DAILY_CUSTOMERS}
        assert {r[0] for r in conn.execute("SELECT DISTINCT customer_id FROM crm.customer_daily")} == ids
        # Relationships: every relationship row of a visible customer, none of an invisible one.
        rel_ids = {r[0] for r in conn.execute("SELECT DISTINCT customer_id FROM crm.relationship")}
        assert rel_ids == {world.customers[a] for a in expected & RELATED}


def test_public_pool_flag_decides_pool_visibility(world):
    """mkt_a and mkt_b differ only in public_pool; flipping it flips the pool."""
    pool_br01 = {"A2", "P1", "R1"}
    with world.session("mkt_a") as conn:
        assert not (accounts(conn) & {"P1", "R1"})
    with world.db.admin() as conn:
        conn.execute("SELECT crm.set_scope('mkt_a', NULL, true, NULL)")
    with world.session("mkt_a") as conn:
        assert accounts(conn) == EXPECTED["mkt_a"] | pool_br01
    with world.db.admin() as conn:
        conn.execute("SELECT crm.set_scope('mkt_b', NULL, false, NULL)")
    with world.session("mkt_b") as conn:
        assert accounts(conn) == {"B1", "S1"}


def test_public_pool_follows_branch_scope(world):
    """The pool of a branch-scope branch (BR02) is visible to an own-scope pool viewer with it."""
    db = world.db
    db.make_staff("pooler", public_pool=True, branch_scope=("BR02",))
    with db.session("pooler") as conn:
        assert accounts(conn) == {"A2", "P1", "R1", "P2"}


def test_staff_rows_follow_scope(world):
    with world.session("mkt_b"), world.session("mkt_c"), world.session("mkt_a") as conn:
        # Colleagues of the own branch (a staff list), never other branches' staff.
        logins = {r[0] for r in conn.execute("SELECT login FROM crm.staff")}
        assert "mkt_c" not in logins and "admin02" not in logins and "hq_all" not in logins
        assert {"mkt_a", "mkt_b", "director"} <= logins
        # Sessions, login events, MAC bindings: only one's own.
        assert {r[0] for r in conn.execute("SELECT login FROM crm.app_session")} == {"mkt_a"}
        assert {r[0] for r in conn.execute("SELECT login FROM crm.login_event")} <= {"mkt_a"}
        assert {r[0] for r in conn.execute("SELECT staff_id FROM crm.staff_mac")} == {world.staff["mkt_a"].staff_id}


def staff_callable_helpers(db) -> list[tuple[str, bool]]:
    """Argument-less crm functions staff may EXECUTE (the RLS helpers among them): (name, returns set)."""
    with db.admin() as conn:
        return conn.execute(
            "SELECT p.proname, p.proretset FROM pg_proc p WHERE p.pronamespace = 'crm'::regnamespace "
            "AND p.pronargs = 0 AND p.prorettype <> 'trigger'::regtype "
            "AND p.proname NOT IN ('close_session', 'touch_session') "
            # a configuration constant (the default asset-range edges), not a visibility helper
            "AND p.proname <> 'pivot_default_asset_edges' "
            # the schema revision is public by design: sign-in compares it with the app's (#17)
            "AND p.proname <> 'schema_revision' "
            # a standby's replay lag, no CRM data; and the replica secret, refused without a
            # session (both: tests/security/test_replica_session.py)
            "AND p.proname NOT IN ('replica_status', 'issue_replica_secret') "
            "AND has_function_privilege('crm_staff', p.oid, 'EXECUTE') ORDER BY 1").fetchall()


def test_policy_helpers_answer_nothing_without_a_session(world):
    """Staff may EXECUTE the RLS helpers directly: without a session they must reveal nothing."""
    helpers = staff_callable_helpers(world.db)
    assert len(helpers) >= 5
    with world.db.connect("hq_all") as conn:
        for name, returns_set in helpers:
            if returns_set:
                assert conn.execute(f"SELECT count(*) FROM crm.{name}()").fetchone()[0] == 0, name
            else:
                value = conn.execute(f"SELECT crm.{name}()").fetchone()[0]
                assert value in (None, False, [], 0), (name, value)


def test_policy_helpers_reveal_no_pool_without_pool_scope(world):
    """The pool helpers answer only for staff whose 客户范围 includes the pool."""
    helpers = dict(staff_callable_helpers(world.db))
    pool_helpers = [n for n in helpers if "pool" in n and n != "my_public_pool"]
    assert pool_helpers
    for login, expect_pool in (("mkt_a", False), ("mkt_b", True)):
        with world.session(login) as conn:
            for name in pool_helpers:
                if helpers[name]:
                    answer = conn.execute(f"SELECT count(*) FROM crm.{name}()").fetchone()[0]
                else:
                    answer = len(conn.execute(f"SELECT crm.{name}()").fetchone()[0] or [])
                assert bool(answer) == expect_pool, (login, name, answer)


def test_session_is_keyed_by_backend_start(world):
    """A session row for this pid but another backend start (a reused pid) grants nothing."""
    db = world.db
    with world.session("mkt_a") as conn:
        assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 3
        with db.admin() as admin:
            admin.execute("UPDATE crm.app_session SET backend_start = backend_start - interval '1 hour' "
                          "WHERE login = 'mkt_a' AND closed_at IS NULL")
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is None
        assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 0
        # A session row of another login on this pid grants nothing either.
        with db.admin() as admin:
            admin.execute("UPDATE crm.app_session SET backend_start = backend_start + interval '1 hour', "
                          "login = 'hq_all', staff_id = %s WHERE login = 'mkt_a' AND closed_at IS NULL",
                          (world.staff["hq_all"].staff_id,))
        assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 0
