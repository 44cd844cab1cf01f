"""The facts' date partitions (schema crm_daily) are reachable only through crm.customer_daily and
its policy; only the server makes them."""

from __future__ import annotations

from tests.security.helpers import build_world, expect_error


def test_staff_reach_the_facts_only_through_the_partitioned_table(db):
    world = build_world(db)
    partition = db.scalar("SELECT c.oid::regclass::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                          "WHERE i.inhparent = 'crm.customer_daily'::regclass ORDER BY 1 LIMIT 1")
    assert partition.startswith("crm_daily.")
    assert db.scalar(f"SELECT count(*) FROM {partition}") > 0          # rows of other branches too
    with world.session("mkt_a") as conn:
        # Through the parent: the policy (mkt_a sees their own customer's facts, not BR02's).
        seen = {r[0] for r in conn.execute("SELECT DISTINCT customer_id FROM crm.customer_daily")}
        assert seen == {world.customers["A1"]}
        expect_error(conn, f"SELECT count(*) FROM {partition}", sqlstate="42501")       # no USAGE on crm_daily
        expect_error(conn, "SELECT crm.customer_daily_partition('2030-01-02')", sqlstate="42501")
        expect_error(conn, "CREATE TABLE crm_daily.d20300102 (x int)", sqlstate="42501")


def test_the_agent_loads_but_cannot_make_or_read_partitions_itself(db):
    with db.admin() as conn:
        conn.execute("SELECT crm.customer_daily_partition('2024-03-04')")
        assert conn.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'crm.customer_daily'::regclass"
                            ).fetchone()[0] == 1
        # Idempotent.
        conn.execute("SELECT crm.customer_daily_partition('2024-03-04')")
        assert conn.execute("SELECT crm.customer_daily_partition('2024-03-04')::text").fetchone()[0] \
            == "crm_daily.d20240304"
    with db.admin() as conn:
        conn.execute("SET ROLE crm_agent")    # the HQ agent's role: it loads through crm.t1_apply
        expect_error(conn, "SELECT crm.customer_daily_partition('2024-03-05')", sqlstate="42501")
        expect_error(conn, "SELECT count(*) FROM crm_daily.d20240304", sqlstate="42501")
