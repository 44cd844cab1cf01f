"""公共池回收 security, as staff roles talking to PostgreSQL directly (psycopg, no app code): only HQ
sets the policy; only the agent recycles; a reversal needs a marketing director of that branch
(or HQ marketing), never for one's own customer, never across branches; no write path around
the definer functions; the gate, no session, hostile and megabyte input change nothing."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from crm_desktop.agent import jobs
from tests.security.helpers import expect_error, unchanged


@pytest.fixture
def recycled(db):
    """BR01: director → mkt (owner of C1, recycled), a trading manager; BR02: its own director; HQ."""
    db.make_branch("BR02")
    db.make_staff("dir1", staff_type="manager", roles=("marketing_director",), posts=("marketing_director",),
                  scope="subordinates", public_pool=True)
    db.make_staff("mkt1", superior="dir1")
    db.make_staff("trade1", staff_type="manager", roles=("trading_manager",), posts=("trading_manager",),
                  scope="branch", public_pool=True)
    db.make_staff("dir2", branch="BR02", staff_type="manager", roles=("marketing_director",),
                  posts=("marketing_director",), scope="subordinates", public_pool=True)
    db.make_staff("hqm", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",),
                  scope="all", public_pool=True)
    db.make_staff("hqadmin", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    own = db.make_customer("C1", name="客户一")
    mine = db.make_customer("C2", name="客户二")          # the director's own customer
    db.relate(own, "mkt1")
    db.relate(mine, "dir1")
    with db.admin() as conn:
        conn.execute("UPDATE crm.relationship SET valid_from = current_date - 400")
        conn.execute("UPDATE crm.pool_recycle_policy SET enabled = true, enabled_since = current_date - 400")
    with jobs.connect_agent(db.admin_url) as conn:
        conn.execute("SELECT * FROM crm.agent_recycle_pool()").fetchall()
    with db.admin() as conn:
        items = dict(conn.execute("SELECT customer_id, id FROM crm.pool_recycle_item").fetchall())
    return db, items[own], items[mine]


def sessions(db, *logins):
    return {login: db.session(login) for login in logins}


def close(conns: dict) -> None:
    for conn in conns.values():
        conn.close()


def test_only_hq_sets_the_policy(recycled):
    db, _, _ = recycled
    conns = sessions(db, "dir1", "mkt1", "trade1", "hqm")
    conns["no session"] = db.connect("hqadmin")     # no CRM session: not HQ, not anybody
    try:
        with unchanged(db):
            for conn in conns.values():
                expect_error(conn, "SELECT crm.set_pool_recycle_policy(false, 180, 14)", sqlstate="42501")
                expect_error(conn, "UPDATE crm.pool_recycle_policy SET enabled = false", sqlstate="42501")
    finally:
        close(conns)
    with db.session("hqadmin") as conn:
        with unchanged(db):
            for args in [(True, 10**9, 14), (True, 180, 180), (True, None, 14), (True, 6, 1), (True, 180, -1)]:
                expect_error(conn, "SELECT crm.set_pool_recycle_policy(%s, %s, %s)", args, sqlstate="22023")
            expect_error(conn, "SELECT crm.set_pool_recycle_policy(true, ('x' || repeat('9', 1000000))::integer, 14)",
                         sqlstate="22P02")
        conn.execute("SELECT crm.set_pool_recycle_policy(false, 180, 14)")
        assert db.scalar("SELECT updated_by FROM crm.pool_recycle_policy") == "hqadmin"


def test_staff_cannot_recycle_or_write_the_report(recycled):
    db, item, _ = recycled
    conns = sessions(db, "hqadmin", "dir1")
    try:
        with unchanged(db):
            conn = conns["hqadmin"]
            expect_error(conn, "SELECT * FROM crm.agent_recycle_pool()", sqlstate="42501")
            expect_error(conn, "SELECT * FROM crm.pool_recycle_candidates(NULL, NULL, current_date + 9999)",
                         sqlstate="42501")
            expect_error(conn, "INSERT INTO crm.pool_recycle_run (branch_id, days, customers, relationships) "
                               "VALUES (1, 1, 1, 1)", sqlstate="42501")
            expect_error(conn, "UPDATE crm.pool_recycle_item SET reversed_at = now(), reversed_by = 'x'",
                         sqlstate="42501")
            expect_error(conn, "DELETE FROM crm.pool_recycle_item", sqlstate="42501")
            expect_error(conns["dir1"], "UPDATE crm.relationship SET status = 'live', valid_to = NULL, "
                                        "release_reason = NULL", sqlstate="42501")
    finally:
        close(conns)


def test_reversal_scope(recycled):
    db, item, own_item = recycled
    conns = sessions(db, "dir2", "mkt1", "trade1", "hqadmin", "dir1")
    conns["no session"] = db.connect("dir1")
    try:
        with unchanged(db):
            conn = conns["dir2"]                      # another branch's director: not even found
            expect_error(conn, "SELECT crm.reverse_recycling(%s)", (item,), sqlstate="P0002")
            assert conn.execute("SELECT count(*) FROM crm.pool_recycle_item").fetchone()[0] == 0
            assert conn.execute("SELECT count(*) FROM crm.pool_recycle_run").fetchone()[0] == 0
            for login in ("mkt1", "trade1", "hqadmin"):   # no director / HQ marketing post
                expect_error(conns[login], "SELECT crm.reverse_recycling(%s)", (item,), sqlstate="42501")
            conn = conns["dir1"]                      # their own customer: four eyes
            expect_error(conn, "SELECT crm.reverse_recycling(%s)", (own_item,), sqlstate="CR033")
            expect_error(conn, "SELECT crm.reverse_recycling(%s)", (10**12,), sqlstate="P0002")
            expect_error(conn, "SELECT crm.reverse_recycling(%s, %s)", (item, "长" * 1_000_000), sqlstate="22023")
            conn = conns["no session"]
            expect_error(conn, "SELECT crm.reverse_recycling(%s)", (item,), sqlstate="CR005")
            expect_error(conn, "SELECT * FROM crm.my_recycling_due(10)", sqlstate="CR005")
    finally:
        close(conns)
    with db.session("hqm") as conn:               # HQ marketing may, for any branch
        hostile = "\u202e回收错误\u200b<script>'; DROP TABLE crm.staff; --"
        conn.execute("SELECT crm.reverse_recycling(%s, %s)", (own_item, hostile))
        assert db.scalar("SELECT reverse_note FROM crm.pool_recycle_item WHERE id = %s", (own_item,)) == hostile
    with db.session("dir1") as conn:
        conn.execute("SELECT crm.reverse_recycling(%s, '误回收')", (item,))
        expect_error(conn, "SELECT crm.reverse_recycling(%s)", (item,), sqlstate="CR030")
    assert db.scalar("SELECT count(*) FROM crm.relationship WHERE status = 'live'") == 2


def test_the_gate_can_do_nothing(recycled, gate):
    db, item, _ = recycled
    with unchanged(db):
        for query, params in [("SELECT crm.set_pool_recycle_policy(false, 180, 14)", None),
                              ("SELECT crm.reverse_recycling(%s)", (item,)),
                              ("SELECT * FROM crm.my_recycling_due(10)", None),
                              ("SELECT * FROM crm.agent_recycle_pool()", None),
                              ("SELECT * FROM crm.pool_recycle_policy", None),
                              ("SELECT * FROM crm.pool_recycle_item", None)]:
            with pytest.raises(psycopg.Error) as info:
                gate.execute(query, params)
            assert info.value.sqlstate == "42501"


def test_due_list_is_the_callers_own(recycled):
    db, _, _ = recycled
    soon = db.make_customer("C3", name="客户三")
    db.relate(soon, "mkt1")
    with db.admin() as conn:
        conn.execute("UPDATE crm.relationship SET valid_from = current_date - 170 WHERE customer_id = %s", (soon,))
    with db.session("mkt1") as conn:
        assert [r[0] for r in conn.execute("SELECT customer_id FROM crm.my_recycling_due(10)")] == [soon]
    with db.session("dir1") as conn:                  # the superior is not the owner
        assert conn.execute("SELECT count(*) FROM crm.my_recycling_due(10)").fetchone()[0] == 0
    assert dt.date.today()
