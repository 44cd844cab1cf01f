"""VIP thresholds and default asset ranges (issue #15) as staff roles through psycopg directly:
only HQ administrators change them, through crm.set_vip_thresholds / crm.set_default_asset_edges;
bad, hostile and megabyte input is refused with 22023 and changes nothing; every change is
audited with the session user; everyone signed in reads them, nobody writes the tables."""

from __future__ import annotations

import psycopg
import pytest

from tests.security.helpers import expect_error, unchanged

SET_VIP = "SELECT crm.set_vip_thresholds(%s::bigint[])"
SET_EDGES = "SELECT crm.set_default_asset_edges(%s::bigint[])"
GOOD_VIP = [30_000_000, 300_000_000, 3_000_000_000]
GOOD_EDGES = [5_000_000, 50_000_000, 500_000_000]


@pytest.fixture
def people(db):
    db.make_staff("adm1", staff_type="back_office", roles=("branch_admin",))
    db.make_staff("mkt1", roles=("marketing",))
    db.make_staff("hqadmin", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    db.make_staff("hqm", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",), scope="all")
    return db


def test_only_hq_administrators(people):
    db = people
    conns = {login: db.session(login) for login in ("adm1", "mkt1", "hqm")}
    conns["no session"] = db.connect("hqadmin")
    try:
        with unchanged(db):
            for conn in conns.values():
                expect_error(conn, SET_VIP, (GOOD_VIP,), sqlstate="42501")
                expect_error(conn, SET_EDGES, (GOOD_EDGES,), sqlstate="42501")
                expect_error(conn, "UPDATE crm.vip_level SET min_assets_cents = 1 WHERE level = 1", sqlstate="42501")
                expect_error(conn, "UPDATE crm.asset_range_setting SET edges_cents = '{1}'", sqlstate="42501")
                expect_error(conn, "INSERT INTO crm.vip_level VALUES (9, 'x', 'x', 7)", sqlstate="42501")
    finally:
        for conn in conns.values():
            conn.close()


def test_gate(people, gate):
    with unchanged(people):
        for query, values in ((SET_VIP, GOOD_VIP), (SET_EDGES, GOOD_EDGES),
                              ("SELECT * FROM crm.asset_range_setting", None)):
            with pytest.raises(psycopg.Error) as info:
                gate.execute(query, (values,) if values else None)
            assert info.value.sqlstate == "42501"


def test_staff_read_them(people):
    with people.session("mkt1") as conn:
        assert conn.execute("SELECT edges_cents FROM crm.asset_range_setting").fetchone()[0] == \
            conn.execute("SELECT crm.pivot_default_asset_edges()").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM crm.vip_level").fetchone()[0] == 4


@pytest.mark.parametrize("values", [
    None, [], [None, 300_000_000, 3_000_000_000], [30_000_000, 300_000_000],           # missing
    [30_000_000, 300_000_000, 3_000_000_000, 9_000_000_000],                          # a level too many
    [0, 300_000_000, 3_000_000_000], [-5, 300_000_000, 3_000_000_000],                # not positive
    [300_000_000, 300_000_000, 3_000_000_000], [3_000_000_000, 300_000_000, 30_000_000],   # not increasing
    [30_000_000, 300_000_000, 9_000_000_000_000_000],                                  # absurd amount
    list(range(1, 1_000_001)),                                                          # a megabyte array
])
def test_bad_vip_thresholds_change_nothing(people, values):
    with people.session("hqadmin") as conn, unchanged(people):
        expect_error(conn, SET_VIP, (values,), sqlstate="22023")


@pytest.mark.parametrize("values", [
    None, [], [None], [5_000_000, None], [0, 50_000_000], [-1, 50_000_000],
    [50_000_000, 5_000_000], [5_000_000, 5_000_000], list(range(1, 14)),
    [9_000_000_000_000_000], list(range(1, 1_000_001)),
])
def test_bad_asset_edges_change_nothing(people, values):
    with people.session("hqadmin") as conn, unchanged(people):
        expect_error(conn, SET_EDGES, (values,), sqlstate="22023")


def test_hostile_text_is_not_an_amount(people):
    with people.session("hqadmin") as conn, unchanged(people):
        for text in ("{1,2,3}'); DROP TABLE crm.vip_level; --", "{\u202e1,2,3}", "{" + "9" * 1_000_000 + "}"):
            with pytest.raises(psycopg.Error) as info:
                conn.execute("SELECT crm.set_default_asset_edges(%s::text::bigint[])", (text,))
            assert info.value.sqlstate in ("22P02", "22003")


def test_hq_changes_them_audited(people):
    db = people
    with db.session("hqadmin") as conn:
        # Level 1 takes level 2's old threshold in the same statement (the unique check waits).
        conn.execute(SET_VIP, ([200_000_000, 500_000_000, 3_000_000_000],))
        conn.execute(SET_EDGES, (GOOD_EDGES,))
    with db.admin() as conn:
        assert conn.execute("SELECT array_agg(min_assets_cents ORDER BY level) FROM crm.vip_level").fetchone()[0] == \
            [0, 200_000_000, 500_000_000, 3_000_000_000]
        assert conn.execute("SELECT edges_cents, updated_by FROM crm.asset_range_setting").fetchone() == \
            (GOOD_EDGES, "hqadmin")
        audited = conn.execute("SELECT table_name, count(*) FROM crm.audit_log WHERE actor = 'hqadmin' "
                               "AND table_name IN ('vip_level', 'asset_range_setting') GROUP BY 1 ORDER BY 1").fetchall()
        assert audited == [("asset_range_setting", 1), ("vip_level", 3)]
