"""The rollup maintenance actions of issue #15 as staff roles through psycopg directly: only HQ
administrators recompute the latest day's VIP levels (crm.vip_recompute_begin / _step) and
rebuild the branch rollup's asset bands (crm.asset_band_rebuild_begin / _step); the gate login,
a connection without a CRM session, a branch administrator, a marketer and HQ marketing are
refused and change nothing; bad and megabyte input is refused in words; the internal refresh
functions and the band state are nobody's to call or write; every run is audited with the
session user."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from tests.security.helpers import expect_error, unchanged

DAY = dt.date(2026, 3, 2)
VIP = [50_000_000, 200_000_000, 1_000_000_000]
EDGES = [5_000_000, 50_000_000]
ACTIONS = (("SELECT * FROM crm.vip_recompute_begin(%s)", (VIP,)),
           ("SELECT * FROM crm.vip_recompute_step(%s, NULL, 100)", (DAY,)),
           ("SELECT crm.asset_band_rebuild_begin(%s)", (EDGES,)),
           ("SELECT crm.asset_band_rebuild_step(%s)", (EDGES,)))
INTERNAL = ("SELECT crm.sales_result_reattribute('{1}', '2026-03-02', '{}', '{}')",
            "SELECT * FROM crm.pivot_customer_month_merged('{2026-03-01}', NULL, NULL, '{100}')",
            "SELECT crm.refresh_pivot_rollups()",
            "UPDATE crm.pivot_band_edges SET edges_cents = '{1}', months_left = '{}'",
            "INSERT INTO crm.sales_result_day VALUES ('2026-03-02', 1, NULL, 1, 0, 0, 0, 0, 0, 0)")


@pytest.fixture
def people(db):
    db.make_staff("adm1", staff_type="back_office", roles=("branch_admin",))
    db.make_staff("mkt1", roles=("marketing",))
    db.make_staff("hqadmin", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    db.make_staff("hqm", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",), scope="all")
    customer = db.make_customer("R0001")
    db.relate(customer, "mkt1")
    with db.admin() as conn:
        conn.execute("SELECT crm.customer_daily_partition(%s)", (DAY,))
        conn.execute("""
            INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, market_value_cents,
                                            cash_cents, trade_volume_cents, commission_cents, net_commission_cents,
                                            interest_spread_cents, pnl_cents, vip_level)
            SELECT branch_id, id, %s, 90000000, 0, 90000000, 0, 0, 0, 0, 0, 0 FROM crm.customer WHERE id = %s""",
                     (DAY, customer))
    return db


def test_only_hq_administrators_run_them(people):
    db = people
    conns = {login: db.session(login) for login in ("adm1", "mkt1", "hqm")}
    conns["no session"] = db.connect("hqadmin")
    try:
        with unchanged(db):
            for conn in conns.values():
                for query, params in ACTIONS:
                    expect_error(conn, query, params, sqlstate="42501")
                for query in INTERNAL:
                    expect_error(conn, query, sqlstate="42501")
    finally:
        for conn in conns.values():
            conn.close()


def test_gate(people, gate):
    with unchanged(people):
        for query, params in ACTIONS + tuple((q, None) for q in INTERNAL):
            with pytest.raises(psycopg.Error) as info:
                gate.execute(query, params)
            assert info.value.sqlstate == "42501"


@pytest.mark.parametrize("params, sqlstate", [
    ((None, None, 100), "22023"),                        # no day
    ((DAY, None, 0), "22023"), ((DAY, None, 5001), "22023"), ((DAY, None, None), "22023"),
    ((DAY - dt.timedelta(days=1), None, 100), "CR031"),   # not the latest loaded day
    ((dt.date(9999, 12, 31), None, 100), "CR031"),
])
def test_bad_chunks_are_refused_in_words(people, params, sqlstate):
    with people.session("hqadmin") as conn, unchanged(people):
        error = expect_error(conn, "SELECT * FROM crm.vip_recompute_step(%s, %s, %s)", params, sqlstate=sqlstate)
        assert error.diag.message_primary


def test_hq_administrators_run_them_audited(people):
    db = people
    with db.session("hqadmin") as conn:
        conn.execute("SELECT crm.set_vip_thresholds(%s)", (VIP,))
        # The thresholds or edges the caller saw must be the saved ones.
        expect_error(conn, "SELECT * FROM crm.vip_recompute_begin(%s)", ([1, 2, 3],), sqlstate="CR031")
        expect_error(conn, "SELECT * FROM crm.vip_recompute_begin(%s)", (list(range(1, 200_000)),), sqlstate="CR031")
        expect_error(conn, "SELECT crm.asset_band_rebuild_begin(%s)", (EDGES,), sqlstate="CR031")
        assert conn.execute("SELECT * FROM crm.vip_recompute_begin(%s)", (VIP,)).fetchone() == (DAY, 1)
        # After the last customer: nothing left, nothing changed.
        assert conn.execute("SELECT * FROM crm.vip_recompute_step(%s, %s, 5000)",
                            (DAY, 9_000_000_000_000)).fetchone() == (None, 0, 0)
        last, customers, changed = conn.execute("SELECT * FROM crm.vip_recompute_step(%s, NULL, 5000)",
                                                (DAY,)).fetchone()
        assert (customers, changed) == (1, 1)
        default = conn.execute("SELECT crm.pivot_default_asset_edges()").fetchone()[0]
        assert conn.execute("SELECT crm.asset_band_rebuild_begin(%s)", (default,)).fetchone()[0] == 0  # same edges
        conn.execute("SELECT crm.set_default_asset_edges(%s)", (EDGES,))
        assert conn.execute("SELECT crm.asset_band_rebuild_begin(%s)", (EDGES,)).fetchone()[0] == 1    # one month
        expect_error(conn, "SELECT crm.asset_band_rebuild_step(%s)", (default,), sqlstate="CR031")
        assert conn.execute("SELECT crm.asset_band_rebuild_step(%s)", (EDGES,)).fetchone()[0] == 0
        assert conn.execute("SELECT crm.pivot_default_asset_edges()").fetchone()[0] == [5000000, 50000000]
    assert db.scalar("SELECT vip_level FROM crm.customer_daily WHERE trade_date = %s", (DAY,)) == 1
    with db.admin() as conn:
        assert conn.execute("SELECT actor, action FROM crm.audit_log WHERE action IN "
                            "('recompute_vip_levels', 'rebuild_asset_bands') ORDER BY id").fetchall() == \
            [("hqadmin", "recompute_vip_levels"), ("hqadmin", "rebuild_asset_bands")]
