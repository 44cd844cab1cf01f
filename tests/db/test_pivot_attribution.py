"""Attribution by date (issue #15) and the superior chain, against an oracle.

Relationships change for past dates here (a development hand-over on the middle trading day of
a month, a service hand-over, a hand-over that is reversed), the rollups follow through the
relationship triggers, and every pivot source must give what a from-scratch SQL computation over
the raw daily facts joined to the relationships by day gives -- as an HQ analyst (the customer
rollup), a branch-scoped analyst and a director (rollup for the branch, or raw facts under RLS).
"""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from crm_desktop.services import pivot
from crm_desktop.services.pivot import Layout, MemberFilter, Value
from crm_desktop.tools import demo

LOGINS = ("hq_analyst", "bj01_analyst", "bj01_director")

# Who held a customer on a fact's day, written without the view the engine reads
# (crm.customer_daily_owner): one correlated lookup per fact and kind.
ORACLE_FACTS = """
    SELECT d.*, (SELECT r.staff_id FROM crm.relationship r
                  WHERE r.customer_id = d.customer_id AND r.kind = 'development'
                    AND d.trade_date >= r.valid_from AND (r.valid_to IS NULL OR d.trade_date < r.valid_to)) AS dev,
                (SELECT r.staff_id FROM crm.relationship r
                  WHERE r.customer_id = d.customer_id AND r.kind = 'service'
                    AND d.trade_date >= r.valid_from AND (r.valid_to IS NULL OR d.trade_date < r.valid_to)) AS svc
      FROM crm.customer_daily d
     WHERE d.customer_id = ANY (%(visible)s) AND d.trade_date BETWEEN %(start)s AND %(end)s"""


@pytest.fixture(scope="module")
def handed(cluster, cluster_state):
    """A demo database where, in the middle month of the facts, 30 customers of BJ01 changed
    development holder on the month's middle trading day (dated in the past), 15 changed service
    holder, and 8 were handed over and back again."""
    from tests import support

    verifier, baseline = cluster_state
    with support.test_database(cluster, "crm", verifier, baseline) as database:
        demo.seed(database.admin_url, customers=1500, days=75, seed=5)
        with database.admin() as conn:
            dates = [r[0] for r in conn.execute("SELECT DISTINCT trade_date FROM crm.customer_daily ORDER BY 1")]
            month = dates[len(dates) // 2].replace(day=1)
            in_month = [d for d in dates if d.replace(day=1) == month]
            handover = in_month[len(in_month) // 2]
            branch = conn.execute("SELECT id FROM crm.branch WHERE code = 'BJ01'").fetchone()[0]
            staff = [r[0] for r in conn.execute(
                "SELECT id FROM crm.staff WHERE branch_id = %s AND staff_type = 'marketing' ORDER BY id", (branch,))]
            movable = [r[0] for r in conn.execute(
                "SELECT r.customer_id FROM crm.relationship r "
                "WHERE r.branch_id = %s AND r.kind = 'development' AND r.status = 'live' AND r.valid_from < %s "
                "AND EXISTS (SELECT 1 FROM crm.customer_daily d WHERE d.customer_id = r.customer_id "
                "            AND d.trade_date BETWEEN %s AND %s) "
                "ORDER BY r.customer_id LIMIT 38", (branch, in_month[0], in_month[0], in_month[-1]))]
            assert len(movable) == 38 and len(staff) >= 3
            for i, cid in enumerate(movable[:30]):
                _hand_over(conn, cid, "development", staff[i % len(staff)], staff, handover)
            serviced = [r[0] for r in conn.execute(
                "SELECT customer_id FROM crm.relationship WHERE branch_id = %s AND kind = 'service' "
                "AND status = 'live' AND valid_from < %s ORDER BY customer_id LIMIT 15", (branch, in_month[0]))]
            for i, cid in enumerate(serviced):
                _hand_over(conn, cid, "service", staff[i % len(staff)], staff, handover)
            for cid in movable[30:]:
                old = _hand_over(conn, cid, "development", None, staff, handover)
                # The reversal: the hand-over is undone as if it never happened.
                conn.execute("DELETE FROM crm.relationship WHERE customer_id = %s AND kind = 'development' "
                             "AND status = 'live'", (cid,))
                conn.execute("UPDATE crm.relationship SET status = 'live', valid_to = NULL, released_at = NULL, "
                             "released_by = NULL WHERE id = %s", (old,))
            conn.execute("ANALYZE")
        yield database, month, handover, movable


def _hand_over(conn, cid: int, kind: str, avoid: int | None, staff: list[int], day: dt.date) -> int:
    """The live `kind` relationship of `cid` ends on `day` and another staff member's starts."""
    old, holder = conn.execute(
        "UPDATE crm.relationship SET status = 'released', valid_to = %s, released_at = now(), "
        "released_by = 'test' WHERE customer_id = %s AND kind = %s AND status = 'live' RETURNING id, staff_id",
        (day, cid, kind)).fetchone()
    new = next(s for s in staff if s != holder and s != avoid)
    conn.execute("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from) "
                 "SELECT id, branch_id, %s, %s, %s FROM crm.customer WHERE id = %s", (new, kind, day, cid))
    return old


def _oracle(admin, layout: Layout, visible: list[int]) -> dict:
    """The cells of a staff layout (staff [x relationship kind] [x month], sums, customers,
    period-end assets), computed from the raw facts by SQL, grouping sets included."""
    dims = layout.rows + layout.columns
    by_kind = "relationship_kind" in dims
    holders = ("SELECT f.*, k.kind, k.staff_id FROM f CROSS JOIN LATERAL (VALUES ('development', f.dev)"
               + (", ('service', f.svc)" if by_kind else "") + ") k(kind, staff_id)")
    expr = {"staff": "x.staff_id", "relationship_kind": "x.kind", "month": "x.month"}
    keys = [expr[d] for d in dims]
    nr, nc = len(layout.rows), len(layout.columns)
    # Every level of the rows with every level of the columns, as the engine totals.
    sets = ", ".join("(" + ", ".join(keys[:i] + keys[nr:nr + j]) + ")"
                     for i in range(nr, -1, -1) for j in range(nc, -1, -1)) if layout.totals \
        else "(" + ", ".join(keys) + ")"
    measures = {"commission": "sum(x.commission)::bigint", "net_commission": "sum(x.net_commission)::bigint",
                "customers": "count(DISTINCT x.customer_id)", "assets_end": "sum(x.assets_end)::bigint"}
    start, end = layout.start, layout.end
    query = f"""
        WITH f AS ({ORACLE_FACTS}),
        x AS (
            SELECT h.customer_id, h.kind, h.staff_id, date_trunc('month', h.trade_date)::date AS month,
                   sum(h.commission_cents) AS commission, sum(h.net_commission_cents) AS net_commission,
                   (array_agg(h.total_assets_cents ORDER BY h.trade_date DESC))[1] AS assets_end
              FROM ({holders}) h
             {"WHERE h.staff_id IS NOT NULL" if by_kind else ""}
             GROUP BY 1, 2, 3{", 4" if "month" in dims else ""})
        SELECT {", ".join(keys)}, GROUPING({", ".join(keys)}),
               {", ".join(measures[v.measure] for v in layout.values)}
          FROM x
         GROUP BY GROUPING SETS ({sets})"""
    if "month" not in dims:
        query = query.replace("date_trunc('month', h.trade_date)::date AS month", "NULL::date AS month")
    rows = admin.execute(query, {"visible": visible, "start": start, "end": end}).fetchall()
    n = len(dims)
    return {(tuple(r[:n]), r[n]): tuple(r[n + 1:]) for r in rows}


LAYOUTS = {
    "staff x relationship kind": dict(rows=("staff",), columns=("relationship_kind",),
                                      values=(Value("commission"), Value("net_commission"),
                                              Value("customers", "count"))),
    "staff x month": dict(rows=("staff",), columns=("month",), values=(Value("commission"), Value("customers", "count"))),
    "staff, month-end assets": dict(rows=("staff",), values=(Value("assets_end"), Value("commission"))),
    "staff x kind, month-end assets, no totals": dict(rows=("staff", "relationship_kind"),
                                                      values=(Value("assets_end"),), totals=False),
}


@pytest.mark.parametrize("login", LOGINS)
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_staff_layouts_credit_each_day_to_its_holder(handed, login, name):
    database, month, handover, _ = handed
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    with database.session(login, demo.DEMO_PASSWORD) as conn, database.admin() as admin:
        visible = [r[0] for r in conn.execute("SELECT id FROM crm.customer")]
        earliest, latest = pivot.data_bounds(conn)
        # The hand-over month alone (the month-end assets are per holder), and the month with
        # the next one (totals over months).
        for start, end in ((month, next_month - dt.timedelta(days=1)),
                           (month, (next_month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))):
            layout = Layout(start=start, end=end, **LAYOUTS[name])
            if "assets_end" in {v.measure for v in layout.values} and end >= next_month:
                continue        # period-end assets over two months: the engine's rule, not this oracle's
            want = _oracle(admin, layout, visible)
            assert want, (login, name)
            sources = {pivot.plan(layout, latest, earliest), "facts"}
            for source in sources:
                got = pivot.run(conn, layout, source=source)
                n = len(layout.rows) + len(layout.columns)
                cells = {(tuple(r[:n]), r[n]): tuple(r[n + 1:]) for r in got.records}
                assert cells == want, (login, name, source, sorted(set(cells) ^ set(want), key=str)[:4])


def test_a_mid_month_hand_over_splits_the_month(handed):
    database, month, handover, movable = handed
    cid = movable[0]
    with database.admin() as admin:
        (old, new), = admin.execute(
            "SELECT max(staff_id) FILTER (WHERE valid_to IS NOT NULL), max(staff_id) FILTER (WHERE valid_to IS NULL) "
            "FROM crm.relationship WHERE customer_id = %s AND kind = 'development' AND valid_from <= %s",
            (cid, handover)).fetchall()
        before, after = admin.execute(
            "SELECT sum(commission_cents) FILTER (WHERE trade_date < %s), "
            "       sum(commission_cents) FILTER (WHERE trade_date >= %s) "
            "FROM crm.customer_daily WHERE customer_id = %s AND date_trunc('month', trade_date) = %s",
            (handover, handover, cid, month)).fetchone()
        rollup = dict(admin.execute(
            "SELECT developer_id, sum(commission_cents) FROM crm.pivot_customer_month "
            "WHERE customer_id = %s AND month = %s GROUP BY 1", (cid, month)).fetchall())
    assert old != new
    assert rollup == {old: before, new: after}
    with database.session("hq_analyst", demo.DEMO_PASSWORD) as conn:
        layout = Layout(rows=("customer", "staff"), values=(Value("commission"),), start=month,
                        end=(month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), totals=False,
                        filters=(MemberFilter("staff", (old, new)),))
        cells = {tuple(r[:2]): r[3] for r in pivot.run(conn, layout).records if r[0] == cid}
    assert cells == {(cid, old): before, (cid, new): after}


def test_overlapping_relationships_of_one_kind_are_refused(handed):
    database, month, handover, movable = handed
    with database.admin() as admin, pytest.raises(psycopg.errors.ExclusionViolation, match="same days"):
        admin.execute("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, status, valid_from, "
                      "valid_to, released_at) SELECT c.id, c.branch_id, s.id, 'development', 'released', %s, %s, now() "
                      "FROM crm.customer c, crm.staff s WHERE c.id = %s AND s.login = 'bj01_mkt01'",
                      (handover - dt.timedelta(days=3), handover + dt.timedelta(days=3), movable[0]))


def test_the_superior_chain_rolls_up_every_level(handed):
    """Four levels: a marketer -> team leader -> director -> regional head; each superior's cell
    holds everything below them, a total over superiors counts each customer once."""
    database, month, handover, movable = handed
    for login, superior in (("h5_region", None), ("h5_director", "h5_region"), ("h5_leader", "h5_director")):
        database.make_staff(login, "BJ01", superior=superior, scope="subordinates")
    with database.admin() as admin:
        ids = dict(admin.execute("SELECT login, id FROM crm.staff WHERE login LIKE 'h5\\_%%' OR login = 'bj01_mkt01'"))
        admin.execute("UPDATE crm.staff SET superior_id = %s WHERE login = 'bj01_mkt01'", (ids["h5_leader"],))
        below = admin.execute(
            "SELECT coalesce(sum(d.commission_cents), 0), count(DISTINCT d.customer_id) "
            "FROM crm.customer_daily_owner d WHERE d.developer_id = %s AND date_trunc('month', d.trade_date) = %s",
            (ids["bj01_mkt01"], month)).fetchone()
        everything = admin.execute(
            "SELECT sum(commission_cents), count(DISTINCT customer_id) FROM crm.customer_daily "
            "WHERE date_trunc('month', trade_date) = %s", (month,)).fetchone()
    assert below[1] > 0
    end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    with database.session("hq_analyst", demo.DEMO_PASSWORD) as conn:
        layout = Layout(rows=("superior",), values=(Value("commission"), Value("customers", "count")),
                        start=month, end=end)
        for source in ("customer_month", "facts"):
            records = pivot.run(conn, layout, source=source).records
            cells = {r[0]: tuple(r[2:]) for r in records if r[1] == 0}
            for login in ("h5_leader", "h5_director", "h5_region"):
                assert cells[ids[login]] == below, (source, login)
            grand = [tuple(r[2:]) for r in records if r[1] == 1]
            assert grand == [everything], source
        # A filter on the top of the chain alone: its subtree, each customer once.
        layout = Layout(values=(Value("commission"), Value("customers", "count")), start=month, end=end,
                        filters=(MemberFilter("superior", (ids["h5_region"], ids["h5_leader"])),))
        assert [tuple(r[1:]) for r in pivot.run(conn, layout).records] == [below]


def test_drill_down_from_a_staff_cell_lists_the_days_that_staff_member_held(handed):
    from crm_desktop.services.customer_query.query import CustomerQuery, id_statement

    database, month, handover, movable = handed
    end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    with database.admin() as admin:
        new = admin.execute("SELECT staff_id FROM crm.relationship WHERE customer_id = %s AND kind = 'development' "
                            "AND status = 'live'", (movable[0],)).fetchone()[0]
    with database.session("hq_analyst", demo.DEMO_PASSWORD) as conn:
        layout = Layout(rows=("staff",), values=(Value("commission"),), start=month, end=end)
        grid = pivot.run(conn, layout).grid()
        row = next(r for r in grid.rows if r.depth == 1 and r.members[0] == new)
        column = grid.columns[0]
        facts = pivot.facts_for_cell(conn, layout, row, column, limit=100000)
        assert sum(f["commission_cents"] for f in facts) == grid.cell(row, column)[0]
        assert all(f["trade_date"] >= handover for f in facts if f["account_no"] == _account(database, movable[0]))
        node = pivot.cell_filter(layout, row, column)
        customers = {r[0] for r in conn.execute(*id_statement(CustomerQuery(columns=("account_no",), filter=node)))}
        assert movable[0] in customers
        assert customers == {r[0] for r in conn.execute(
            "SELECT DISTINCT customer_id FROM crm.customer_daily_owner WHERE developer_id = %s "
            "AND trade_date BETWEEN %s AND %s", (new, month, end))}


def _account(database, cid: int) -> str:
    with database.admin() as admin:
        return admin.execute("SELECT account_no FROM crm.customer WHERE id = %s", (cid,)).fetchone()[0]


@pytest.mark.parametrize("fast", [True, False])
def test_the_t1_load_merges_each_date_into_the_holder_of_that_date(db, fast):
    """A hand-over between two loaded dates: the second date's figures go to the new holder's
    row of the month, in the nightly merge and in the trigger path, as a rebuild gives them."""
    from tests.db.test_t1_load import D1, D2, load

    owners = ("SELECT c.account_no, m.month, m.developer_id, m.service_staff_id, m.days, m.last_date, "
              "m.assets_end_cents, m.assets_sum_cents, m.vip_end, m.commission_cents, m.pnl_cents "
              "FROM crm.pivot_customer_month m JOIN crm.customer c ON c.id = m.customer_id ORDER BY 1, 2, 3, 4")
    with db.admin(autocommit=False) as conn:
        load(conn, "gbk", D1, fast=fast)
        cid, code = conn.execute("SELECT c.id, b.code FROM crm.customer c JOIN crm.branch b ON b.id = c.branch_id "
                                 "WHERE c.account_no = '80000001'").fetchone()
        conn.commit()
        old = db.make_staff("h5_old", code).staff_id
        new = db.make_staff("h5_new", code).staff_id
        conn.execute("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, status, valid_from, "
                     "valid_to, released_at) SELECT id, branch_id, %s, 'development', 'released', %s, %s, now() "
                     "FROM crm.customer WHERE id = %s", (old, D1, D2, cid))
        conn.execute("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from) "
                     "SELECT id, branch_id, %s, 'development', %s FROM crm.customer WHERE id = %s", (new, D2, cid))
        assert [r[2] for r in conn.execute(owners) if r[0] == "80000001"] == [old]
        load(conn, "utf8bom", D2, fast=fast)
        merged = conn.execute(owners).fetchall()
        assert [(r[2], r[4], r[5]) for r in merged if r[0] == "80000001"] == [(new, 1, D2), (old, 1, D1)] or \
            [(r[2], r[4], r[5]) for r in merged if r[0] == "80000001"] == [(old, 1, D1), (new, 1, D2)]
        conn.execute("SELECT crm.refresh_pivot_rollups()")
        assert conn.execute(owners).fetchall() == merged
        conn.rollback()


def test_two_transactions_cannot_both_add_overlapping_days(handed):
    """The second writer waits for the first (the customer row) and then sees its days."""
    import threading

    database, month, handover, movable = handed
    cid = movable[1]
    insert = ("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, status, valid_from, valid_to, "
              "released_at) SELECT c.id, c.branch_id, s.id, 'development', 'released', %s, %s, now() "
              "FROM crm.customer c, crm.staff s WHERE c.id = %s AND s.login = 'bj01_mkt01' RETURNING id")
    outcome = {}
    with database.admin(autocommit=False) as first, database.admin(autocommit=False) as second:
        first_id = first.execute(insert, (dt.date(2020, 1, 1), dt.date(2020, 2, 1), cid)).fetchone()[0]

        def other():
            try:
                second.execute(insert, (dt.date(2020, 1, 15), dt.date(2020, 3, 1), cid))
                outcome["second"] = "accepted"
            except psycopg.errors.ExclusionViolation:
                outcome["second"] = "refused"
            second.rollback()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(1.0)
        assert thread.is_alive()            # waiting for the first transaction
        first.commit()
        thread.join(30)
        assert outcome == {"second": "refused"}
        first.execute("DELETE FROM crm.relationship WHERE id = %s", (first_id,))
        first.commit()
