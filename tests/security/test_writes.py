"""Direct writes: comprehensive data is read-only, extended data only for related customers,
and everything with a workflow is written only by the definer functions."""

from __future__ import annotations

from psycopg import sql

from tests.security.helpers import expect_error, unchanged


def test_comprehensive_data_is_read_only(world):
    db = world.db
    a1 = world.customers["A1"]
    with world.session("mkt_a") as conn, unchanged(db):
        expect_error(conn, "UPDATE crm.customer SET name = '改名' WHERE id = %s", (a1,), sqlstate="42501")
        expect_error(conn, "UPDATE crm.customer SET developer_id = NULL WHERE id = %s", (a1,), sqlstate="42501")
        expect_error(conn, "INSERT INTO crm.customer (account_no, name, open_date, branch_id, loaded_for) "
                           "VALUES ('NEW1', '新客户', current_date, 1, current_date)", sqlstate="42501")
        expect_error(conn, "DELETE FROM crm.customer WHERE id = %s", (a1,), sqlstate="42501")
        expect_error(conn, "TRUNCATE crm.customer CASCADE", sqlstate="42501")
        expect_error(conn, "UPDATE crm.customer_daily SET pnl_cents = 0", sqlstate="42501")
        expect_error(conn, "DELETE FROM crm.customer_daily", sqlstate="42501")
    # Even a scope-"all" viewer: reading everything is not writing anything.
    with world.session("hq_all") as conn, unchanged(db):
        expect_error(conn, "UPDATE crm.customer SET mobile = '13800000000'", sqlstate="42501")


def test_extended_data_of_another_staff_cannot_be_changed(world):
    db = world.db
    c = world.customers
    with world.session("mkt_a") as conn:
        with unchanged(db):
            # mkt_b's customer: invisible, so 0 rows (not found or not permitted).
            cur = conn.execute("UPDATE crm.customer_ext SET notes = '抢客户' WHERE customer_id = %s", (c["B1"],))
            assert cur.rowcount == 0
        # An UPDATE with no WHERE reaches only mkt_a's own customers.
        cur = conn.execute("UPDATE crm.customer_ext SET notes = '全部'")
        assert cur.rowcount == 3
    with db.admin() as admin:
        touched = dict(admin.execute(
            "SELECT c.account_no, e.modified_by FROM crm.customer_ext e "
            "JOIN crm.customer c ON c.id = e.customer_id WHERE e.notes = '全部'").fetchall())
    assert touched == {"A1": "mkt_a", "A2": "mkt_a", "S1": "mkt_a"}

    with world.session("mkt_a") as conn:
        row = conn.execute(
            "UPDATE crm.customer_ext SET mobile = '13912345678', address = '金融街1号' WHERE customer_id = %s "
            "RETURNING version, modified_by, modified_at IS NOT NULL", (c["A1"],)).fetchone()
        assert row == (3, "mkt_a", True)   # version 2 was the UPDATE without WHERE above
        # Version, modifier and keys are the server's: not even updatable.
        with unchanged(db):
            for column, value in (("version", 1), ("modified_by", "mkt_b"), ("modified_at", None),
                                  ("customer_id", c["B1"]), ("branch_id", 2)):
                expect_error(conn, sql.SQL("UPDATE crm.customer_ext SET {} = %s WHERE customer_id = %s")
                             .format(sql.Identifier(column)), (value, c["A1"]), sqlstate="42501")
            expect_error(conn, "INSERT INTO crm.customer_ext (customer_id, branch_id) VALUES (%s, 1)",
                         (c["P1"],), sqlstate="42501")
            expect_error(conn, "DELETE FROM crm.customer_ext WHERE customer_id = %s", (c["A1"],),
                         sqlstate="42501")
    assert db.scalar("SELECT mobile FROM crm.customer_ext WHERE customer_id = %s", (c["A1"],)) == "13912345678"
    # The counter copy is untouched by an ext edit.
    assert db.scalar("SELECT mobile FROM crm.customer WHERE id = %s", (c["A1"],)) is None


def test_viewers_read_but_do_not_write_extended_data(world):
    db = world.db
    c = world.customers
    for login, readable in (("viewer", "A1"), ("hq_all", "A1"), ("mkt_b", "P1")):
        with world.session(login) as conn, unchanged(db):
            assert conn.execute("SELECT count(*) FROM crm.customer_ext WHERE customer_id = %s",
                                (c[readable],)).fetchone()[0] == 1
            cur = conn.execute("UPDATE crm.customer_ext SET notes = 'x' WHERE customer_id = %s", (c[readable],))
            assert cur.rowcount == 0, login


def test_superior_may_edit_subordinates_customers(world):
    """The write policy is "related to the caller or their subtree" (0001_security.sql)."""
    c = world.customers
    with world.session("director") as conn:
        assert conn.execute("UPDATE crm.customer_ext SET notes = '经理备注' WHERE customer_id = %s "
                            "RETURNING modified_by", (c["A1"],)).fetchone() == ("director",)
    with world.session("devmgr") as conn:
        assert conn.execute("UPDATE crm.customer_ext SET notes = 'x' WHERE customer_id = %s",
                            (c["D1"],)).rowcount == 0


WORKFLOW_TABLES = ("app_session", "relationship", "staff", "staff_mac", "staff_role", "staff_post",
                   "staff_branch_scope", "login_event", "audit_log", "policy", "auth_failure",
                   "agent_state", "common_password", "branch", "role", "role_permission", "permission",
                   "t1_load", "vip_level", "staff_type", "approval_post", "customer", "customer_daily")


def test_no_direct_write_to_workflow_tables(world):
    db = world.db
    with world.session("admin01") as conn, unchanged(db):
        for table in WORKFLOW_TABLES:
            column = conn.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                "AND NOT attisdropped AND attidentity = '' ORDER BY attnum LIMIT 1",
                (f"crm.{table}",)).fetchone()[0]
            ident = sql.Identifier("crm", table)
            expect_error(conn, sql.SQL("INSERT INTO {} DEFAULT VALUES").format(ident), sqlstate="42501")
            expect_error(conn, sql.SQL("UPDATE {} SET {} = {}").format(
                ident, sql.Identifier(column), sql.Identifier(column)), sqlstate="42501")
            expect_error(conn, sql.SQL("DELETE FROM {}").format(ident), sqlstate="42501")
            expect_error(conn, sql.SQL("TRUNCATE {} CASCADE").format(ident), sqlstate="42501")
        # The two tables staff do write directly: only the granted statements.
        for statement in ("INSERT INTO crm.customer_ext DEFAULT VALUES", "DELETE FROM crm.customer_ext",
                          "TRUNCATE crm.customer_ext", "TRUNCATE crm.visit",
                          "UPDATE crm.visit SET staff_id = staff_id", "UPDATE crm.visit SET branch_id = 1",
                          "INSERT INTO crm.visit (customer_id, staff_id, visited_at, channel, content) "
                          "VALUES (1, 1, now(), 'phone', 'x')"):
            expect_error(conn, statement, sqlstate="42501")


def test_staff_cannot_grant_themselves_anything(world):
    db = world.db
    with world.session("mkt_a") as conn, unchanged(db):
        expect_error(conn, "INSERT INTO crm.staff_role (staff_id, role_code) VALUES (%s, 'hq_admin')",
                     (world.staff["mkt_a"].staff_id,), sqlstate="42501")
        expect_error(conn, "UPDATE crm.staff SET customer_scope = 'all' WHERE login = 'mkt_a'", sqlstate="42501")
        expect_error(conn, "INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind) "
                           "VALUES (%s, 1, %s, 'development')",
                     (world.customers["P1"], world.staff["mkt_a"].staff_id), sqlstate="42501")
        expect_error(conn, "UPDATE crm.app_session SET staff_id = %s", (world.staff["hq_all"].staff_id,),
                     sqlstate="42501")
        expect_error(conn, "GRANT crm_staff TO mkt_b", sqlstate="42501")
        expect_error(conn, "SET ROLE crm_owner", sqlstate="42501")
        expect_error(conn, "SET SESSION AUTHORIZATION hq_all", sqlstate="42501")
        expect_error(conn, "CREATE TABLE crm.mine (x int)", sqlstate="42501")
        expect_error(conn, "CREATE FUNCTION crm.current_staff_id(x int) RETURNS int LANGUAGE sql AS 'select 1'",
                     sqlstate="42501")


def test_visits_only_for_visible_customers_and_only_own(world):
    db = world.db
    c = world.customers
    insert = ("INSERT INTO crm.visit (customer_id, visited_at, channel, content) "
              "VALUES (%s, now(), 'phone', '回访') RETURNING staff_id, branch_id")
    with world.session("mkt_a") as conn:
        with unchanged(db):
            expect_error(conn, insert, (c["B1"],), sqlstate="42501")    # RLS WITH CHECK: invisible customer
            expect_error(conn, insert, (c["X2"],), sqlstate="42501")
        assert conn.execute(insert, (c["A1"],)).fetchone()[0] == world.staff["mkt_a"].staff_id
    with world.session("mkt_b") as conn, unchanged(db):
        # mkt_a's visit is not mkt_b's to change (and A1 is not even visible to mkt_b).
        assert conn.execute("UPDATE crm.visit SET content = '改' ").rowcount == 0
        assert conn.execute("DELETE FROM crm.visit").rowcount == 0


def test_no_locks_on_what_staff_cannot_change(world):
    db = world.db
    with world.session("viewer") as conn, unchanged(db):
        for table in ("staff", "policy", "customer", "app_session", "relationship"):
            expect_error(conn, f"SELECT 1 FROM crm.{table} FOR UPDATE", sqlstate="42501")
            conn.execute("BEGIN")
            expect_error(conn, f"LOCK TABLE crm.{table} IN EXCLUSIVE MODE", sqlstate="42501")
            conn.execute("ROLLBACK")
        # Extended data the viewer may read but not write: FOR UPDATE finds nothing to lock.
        assert conn.execute("SELECT count(*) FROM crm.customer_ext").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM (SELECT 1 FROM crm.customer_ext FOR UPDATE) x").fetchone()[0] == 0


def test_staff_cannot_end_other_backends(world):
    with world.session("mkt_b") as victim, world.session("mkt_a") as conn:
        pid = victim.info.backend_pid
        expect_error(conn, "SELECT pg_terminate_backend(%s)", (pid,), sqlstate="42501")
        expect_error(conn, "SELECT pg_cancel_backend(%s)", (pid,), sqlstate="42501")
        assert victim.execute("SELECT crm.current_staff_id()").fetchone()[0] == world.staff["mkt_b"].staff_id
