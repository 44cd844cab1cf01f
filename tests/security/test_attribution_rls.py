"""Attribution by date (issue #15) under row-level security, as staff roles through psycopg.

The customer-month rollup now keys on the staff that held each customer on the month's days,
and crm.customer_daily_owner joins the facts to the relationships by day: neither may show a
staff member more than their scope, nobody but the server writes the rollup, and the superior
hierarchy stays free of cycles whoever changes it.
"""

from __future__ import annotations

import datetime as dt

import psycopg

from tests.security.helpers import expect_error

HANDOVER = dt.date(2024, 3, 4)


def _hand_a1_to_mkt_b(world) -> None:
    """A1 was mkt_a's from January; mkt_b holds it from 4 March 2024 (dated in the past)."""
    a1 = world.customers["A1"]
    with world.db.admin() as conn:
        conn.execute("UPDATE crm.relationship SET valid_from = DATE '2024-01-02' WHERE customer_id = %s", (a1,))
        conn.execute("UPDATE crm.relationship SET status = 'released', valid_to = %s, released_at = now(), "
                     "released_by = 'test' WHERE customer_id = %s AND status = 'live'", (HANDOVER, a1))
        conn.execute("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from) "
                     "SELECT id, branch_id, %s, 'development', %s FROM crm.customer WHERE id = %s",
                     (world.staff["mkt_b"].staff_id, HANDOVER, a1))


def test_the_rollup_by_holder_shows_only_whole_branches_in_scope(world):
    _hand_a1_to_mkt_b(world)
    with world.db.admin() as conn:
        split = conn.execute("SELECT developer_id, days FROM crm.pivot_customer_month WHERE customer_id = %s "
                             "ORDER BY days, developer_id", (world.customers["A1"],)).fetchall()
        branches = dict(conn.execute("SELECT code, id FROM crm.branch"))
    assert sorted(split) == sorted([(world.staff["mkt_a"].staff_id, 1), (world.staff["mkt_b"].staff_id, 1)])
    c = world.customers
    with world.session("viewer") as conn:          # 营业部范围: their own BR01 and BR02, not BR03
        assert {r[0] for r in conn.execute("SELECT DISTINCT branch_id FROM crm.pivot_customer_month")} == \
            {branches["BR01"], branches["BR02"]}
        assert {r[0] for r in conn.execute("SELECT DISTINCT customer_id FROM crm.customer_daily_owner")} == \
            {c["A1"], c["B1"], c["P1"], c["X2"], c["P2"]}
    for login in ("mkt_a", "mkt_b", "devmgr", "director"):
        with world.session(login) as conn:
            assert conn.execute("SELECT count(*) FROM crm.pivot_customer_month").fetchone()[0] == 0, login


def test_facts_by_holder_follow_the_customer_policy(world):
    _hand_a1_to_mkt_b(world)
    a1 = world.customers["A1"]
    mkt_a, mkt_b = world.staff["mkt_a"].staff_id, world.staff["mkt_b"].staff_id
    # devmgr sees A1 (now mkt_b's, below them) and which of their staff held it on each day.
    with world.session("devmgr") as conn:
        rows = conn.execute("SELECT trade_date, developer_id FROM crm.customer_daily_owner WHERE customer_id = %s "
                            "ORDER BY 1", (a1,)).fetchall()
        assert rows == [(dt.date(2024, 3, 1), mkt_a), (HANDOVER, mkt_b)]
    # mkt_a no longer holds A1: neither its facts nor the days credited to mkt_a are visible.
    with world.session("mkt_a") as conn:
        assert conn.execute("SELECT count(*) FROM crm.customer_daily_owner WHERE customer_id = %s",
                            (a1,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM crm.customer_daily_owner WHERE developer_id = %s "
                            "AND customer_id <> ALL (SELECT id FROM crm.customer)", (mkt_a,)).fetchone()[0] == 0
    with world.session("mkt_c") as conn:            # another branch
        assert {r[0] for r in conn.execute("SELECT DISTINCT customer_id FROM crm.customer_daily_owner")} <= \
            {world.customers["X2"]}


def test_nobody_but_the_server_writes_the_rollup_or_rebuilds_it(world):
    for login in ("hq_all", "admin01", "director"):
        with world.session(login) as conn:
            expect_error(conn, "INSERT INTO crm.pivot_customer_month (month, branch_id, customer_id, open_date, days, "
                               "last_date, assets_end_cents, assets_sum_cents, vip_end, trade_volume_cents, "
                               "commission_cents, net_commission_cents, interest_spread_cents, pnl_cents) "
                               "VALUES ('2024-03-01', 1, 1, '2024-01-01', 1, '2024-03-01', 0, 0, 0, 0, 0, 0, 0, 0)",
                         sqlstate="42501")
            expect_error(conn, "UPDATE crm.pivot_customer_month SET developer_id = crm.current_staff_id()",
                         sqlstate="42501")
            expect_error(conn, "SELECT crm.refresh_pivot_rollups()", sqlstate="42501")
            expect_error(conn, "SELECT crm.refresh_pivot_branch_month(ARRAY[DATE '2024-03-01'])", sqlstate="42501")
            # Crediting oneself with a past day: relationships are written only through approvals.
            expect_error(conn, "INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from) "
                               "VALUES (%s, 1, crm.current_staff_id(), 'development', '2024-01-01')",
                         (world.customers["P1"],), sqlstate="42501")


def test_the_gate_and_a_login_without_a_session_read_no_facts_by_holder(world, gate):
    expect_error(gate, "SELECT count(*) FROM crm.customer_daily_owner", sqlstate="42501")
    with world.db.connect("hq_all") as conn:        # signed in to PostgreSQL, no crm.open_session
        assert conn.execute("SELECT count(*) FROM crm.customer_daily_owner").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM crm.pivot_customer_month").fetchone()[0] == 0


def test_a_superior_below_oneself_is_refused_on_every_path(world):
    # director -> devmgr -> mkt_a: mkt_a above director would close a cycle.
    with world.session("admin01") as conn:
        expect_error(conn, "SELECT crm.set_superior('director', 'mkt_a')", sqlstate="22023")
        expect_error(conn, "UPDATE crm.staff SET superior_id = %s WHERE login = 'director'",
                     (world.staff["mkt_a"].staff_id,), sqlstate="42501")
    # Even a path that writes the table directly (the owner, a future definer function).
    with world.db.admin() as conn:
        try:
            conn.execute("UPDATE crm.staff SET superior_id = %s WHERE login = 'director'",
                         (world.staff["mkt_a"].staff_id,))
        except psycopg.Error as error:
            assert error.sqlstate == "22023" and "cycle" in str(error)
        else:
            raise AssertionError("a cycle in the superior hierarchy was accepted")
        assert conn.execute("SELECT superior_id FROM crm.staff WHERE login = 'director'").fetchone()[0] is None


def test_the_quarter_rollup_follows_the_holders_and_shows_only_whole_branches_in_scope(world, gate):
    """crm.pivot_customer_quarter (issue #16): the months of a quarter merged per holding pair
    (a hand-over mid-quarter: two rows, each marked as a part of the customer's quarter),
    readable like the month rollup, written by nobody but the server."""
    _hand_a1_to_mkt_b(world)
    a1 = world.customers["A1"]
    with world.db.admin() as conn:
        months = conn.execute("SELECT developer_id, sum(days)::smallint, sum(pnl_cents)::bigint, 2::smallint, "
                              "2::smallint FROM crm.pivot_customer_month WHERE customer_id = %s "
                              "AND month >= DATE '2024-01-01' AND month < DATE '2024-04-01' GROUP BY 1",
                              (a1,)).fetchall()
        quarter = conn.execute("SELECT developer_id, days, pnl_cents, holders, parts FROM crm.pivot_customer_quarter "
                               "WHERE customer_id = %s AND quarter = DATE '2024-01-01'", (a1,)).fetchall()
        branches = dict(conn.execute("SELECT code, id FROM crm.branch"))
    assert len(months) == 2 and sorted(quarter) == sorted(months)
    with world.session("viewer") as conn:          # 营业部范围: their own BR01 and BR02, not BR03
        assert {r[0] for r in conn.execute("SELECT DISTINCT branch_id FROM crm.pivot_customer_quarter")} == \
            {branches["BR01"], branches["BR02"]}
    for login in ("mkt_a", "mkt_b", "devmgr", "director"):
        with world.session(login) as conn:
            assert conn.execute("SELECT count(*) FROM crm.pivot_customer_quarter").fetchone()[0] == 0, login
    with world.db.connect("hq_all") as conn:        # no crm.open_session
        assert conn.execute("SELECT count(*) FROM crm.pivot_customer_quarter").fetchone()[0] == 0
    expect_error(gate, "SELECT count(*) FROM crm.pivot_customer_quarter", sqlstate="42501")
    for login in ("hq_all", "admin01", "director"):
        with world.session(login) as conn:
            expect_error(conn, "UPDATE crm.pivot_customer_quarter SET pnl_cents = pnl_cents + 1", sqlstate="42501")
            expect_error(conn, "DELETE FROM crm.pivot_customer_quarter", sqlstate="42501")
            expect_error(conn, "SELECT crm.refresh_pivot_customer_quarter()", sqlstate="42501")
            expect_error(conn, "SELECT crm.pivot_customer_quarter_sync()", sqlstate="42501")
