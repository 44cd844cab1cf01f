"""Benchmark of the Approvals tab and of reservation matching (`crm-admin bench approvals`);
prints figures, asserts nothing.

On the currently seeded database (`crm-admin demo seed` first):

1. 10 000 pending requests waiting for the HQ approver (post hq_marketing: release requests at
   their third step, one per customer, spread over the branches), created set-based as the
   superuser and committed; then, as ``hq_marketing`` with their own CRM session (RLS on), the
   badge count (``approvals.count_waiting``) and the first page of "Waiting for me"
   (``approvals.waiting_page``, 200 rows with the parties' names) against the issue's < 200 ms.
   The requests are deleted afterwards.
2. Matching 100 000 open reservations against 20 000 new accounts (``crm.match_reservations``,
   as the loader runs it) against the issue's < 5 s: 10 000 reservations (half the new accounts)
   match an account cleanly (half by ID number, half by mobile with a space in the name, a third
   of those with full-width digits), 1 000
   accounts are matched by two reservations (review), the rest match nothing. Built and timed
   in one transaction that is rolled back, so the database is left as it was.
"""

from __future__ import annotations

import statistics
import time
from typing import Callable

import psycopg

from crm_desktop.services import approvals as approvals_service
from crm_desktop.tools.bench.connections import BenchError, close_staff, open_staff
from crm_desktop.tools.demo import DEMO_PASSWORD

FIRST_PAGE_TARGET_MS = 200.0
MATCH_TARGET_S = 5.0
BENCH_NOTE = "bench approvals"


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _waiting(admin_url: str, out: Callable[[str], None], requests: int, login: str, password: str) -> dict:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        # Triggers off for the setup (audit rows and FK checks of a bench, not of the product).
        admin.execute("SET session_replication_role = replica")
        admin.execute("DELETE FROM crm.approval_request WHERE note = %s", (BENCH_NOTE,))
        created = admin.execute("""
            WITH pick AS (
                SELECT c.id, c.branch_id, row_number() OVER (ORDER BY c.id) AS n
                  FROM crm.customer c
                 WHERE NOT EXISTS (SELECT 1 FROM crm.approval_request a
                                    WHERE a.customer_id = c.id AND a.status = 'pending' AND a.flow_code = 'release')
                 ORDER BY c.id LIMIT %(n)s),
            subject AS (
                SELECT s.branch_id, min(s.id) AS id FROM crm.staff s WHERE s.status = 'active' GROUP BY s.branch_id)
            INSERT INTO crm.approval_request (flow_code, branch_id, customer_id, subject_staff_id, requested_by,
                                              payload, note, posts, current_step, current_post, requested_at)
            SELECT 'release', p.branch_id, p.id, s.id, s.id, '{"kind": "development"}', %(note)s,
                   '{trading_manager,marketing_director,hq_marketing}', 3, 'hq_marketing',
                   now() - (p.n || ' minutes')::interval
              FROM pick p JOIN subject s ON s.branch_id = p.branch_id""",
                                {"n": requests, "note": BENCH_NOTE}).rowcount
        admin.execute("SET session_replication_role = origin")
        admin.execute("ANALYZE crm.approval_request")
    result: dict = {"requests_created": created}
    conn = open_staff(admin_url, login, password)
    try:
        started = time.perf_counter()
        count = approvals_service.count_waiting(conn)
        result["count_waiting"] = count
        result["count_ms_first"] = _ms(time.perf_counter() - started)
        started = time.perf_counter()
        page = approvals_service.waiting_page(conn)
        result["first_page_ms_first"] = _ms(time.perf_counter() - started)
        result["first_page_rows"] = len(page)
        pages, counts = [], []
        for _ in range(5):
            started = time.perf_counter()
            approvals_service.waiting_page(conn)
            pages.append(time.perf_counter() - started)
            started = time.perf_counter()
            approvals_service.count_waiting(conn)
            counts.append(time.perf_counter() - started)
        result["first_page_ms_median"] = _ms(statistics.median(pages))
        result["count_ms_median"] = _ms(statistics.median(counts))
        started = time.perf_counter()
        last = page
        walked = len(page)
        while len(last) == approvals_service.PAGE_LIMIT:
            last = approvals_service.waiting_page(conn, after_id=last[-1]["id"])
            walked += len(last)
        result["all_pages_rows"] = walked
        result["all_pages_s"] = round(time.perf_counter() - started, 3)
    finally:
        close_staff(conn)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute("SET session_replication_role = replica")
            admin.execute("DELETE FROM crm.approval_request WHERE note = %s", (BENCH_NOTE,))
    met = result["first_page_ms_median"] < FIRST_PAGE_TARGET_MS
    out(f"  waiting for {login}: {count:,} pending (badge count {result['count_ms_median']:.1f} ms median, "
        f"first {result['count_ms_first']:.1f} ms); first page of {result['first_page_rows']} rows "
        f"{result['first_page_ms_median']:.1f} ms median (first call {result['first_page_ms_first']:.1f} ms; "
        f"target < {FIRST_PAGE_TARGET_MS:.0f} ms: {'met' if met else 'MISSED'}); all {walked:,} rows page by page "
        f"{result['all_pages_s']:.2f} s")
    return result


def _matching(admin_url: str, out: Callable[[str], None], reservations: int, accounts: int) -> dict:
    clean = accounts // 2
    doubled = min(1_000, (accounts - clean) // 2)
    with psycopg.connect(admin_url) as admin:                # one transaction, rolled back
        as_of = admin.execute("SELECT greatest(current_date, coalesce((SELECT max(trade_date) FROM crm.t1_load), "
                              "current_date))").fetchone()[0]
        registered = admin.execute("SELECT %s::date - 21", (as_of,)).fetchone()[0]
        admin.execute("SET LOCAL session_replication_role = replica")
        staff = admin.execute("""
            SELECT count(*) FROM crm.staff s JOIN crm.branch b ON b.id = s.branch_id
             WHERE b.kind = 'branch' AND s.staff_type IN ('marketing', 'broker') AND s.status = 'active'""").fetchone()[0]
        if not staff:
            raise BenchError("no marketing staff in the branches: seed the demo data first")
        started = time.perf_counter()
        # New accounts: names from a small pool (many namesakes), distinct ID numbers and mobiles,
        # opened since the reservations were registered.
        admin.execute("""
            CREATE TEMP TABLE bench_staff ON COMMIT DROP AS
            SELECT s.id, s.branch_id, row_number() OVER (PARTITION BY s.branch_id ORDER BY s.id) AS k,
                   count(*) OVER (PARTITION BY s.branch_id) AS per_branch
              FROM crm.staff s JOIN crm.branch b ON b.id = s.branch_id
             WHERE b.kind = 'branch' AND s.staff_type IN ('marketing', 'broker') AND s.status = 'active';
            CREATE TEMP TABLE bench_branch ON COMMIT DROP AS
            SELECT branch_id, row_number() OVER (ORDER BY branch_id) - 1 AS k, count(*) OVER () AS n
              FROM (SELECT DISTINCT branch_id FROM bench_staff) x""")
        admin.execute("""
            INSERT INTO crm.customer (account_no, name, id_no, mobile, gender, birthday, open_date, branch_id,
                                      loaded_for)
            SELECT 'BENCHR' || lpad(i::text, 7, '0'),
                   (ARRAY['张','王','李','赵','刘','陈','杨','黄','周','吴'])[i %% 10 + 1]
                   || (ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛'])[(i / 10) %% 15 + 1]
                   || (ARRAY['华','明','红','平','辉','英','玲','建','文','波','斌','宇','浩','凯','鹏'])[(i / 150) %% 15 + 1],
                   '4401061990' || lpad(i::text, 7, '0') || 'X', '1' || (7700000000 + i)::text,
                   CASE WHEN i %% 2 = 0 THEN 'M' ELSE 'F' END, date '1990-01-01' + i %% 9000,
                   %(registered)s::date + (i %% 21), b.branch_id, %(as_of)s
              FROM generate_series(1, %(accounts)s) i
              JOIN bench_branch b ON b.k = i %% b.n""", {"registered": registered, "as_of": as_of, "accounts": accounts})
        # Reservations: clean matches (every other by ID, some with spaces / full-width digits),
        # two reservations for each of `doubled` accounts, the rest match nothing.
        admin.execute("""
            CREATE TEMP TABLE bench_reservation ON COMMIT DROP AS
            SELECT c.branch_id, c.name AS name, c.id_no, NULL::text AS mobile, 'clean' AS kind, c.id AS cid
              FROM crm.customer c WHERE c.account_no LIKE 'BENCHR%%' AND substr(c.account_no, 7)::int <= %(clean)s
               AND substr(c.account_no, 7)::int %% 2 = 0
            UNION ALL
            SELECT c.branch_id, left(c.name, 1) || ' ' || substr(c.name, 2), NULL,
                   CASE WHEN substr(c.account_no, 7)::int %% 3 = 0 THEN translate(c.mobile, '0123456789', '０１２３４５６７８９')
                        ELSE c.mobile END, 'clean', c.id
              FROM crm.customer c WHERE c.account_no LIKE 'BENCHR%%' AND substr(c.account_no, 7)::int <= %(clean)s
               AND substr(c.account_no, 7)::int %% 2 = 1
            UNION ALL
            SELECT c.branch_id, c.name, CASE WHEN g = 1 THEN c.id_no END, CASE WHEN g = 2 THEN c.mobile END,
                   'double', c.id
              FROM crm.customer c, generate_series(1, 2) g
             WHERE c.account_no LIKE 'BENCHR%%' AND substr(c.account_no, 7)::int > %(clean)s
               AND substr(c.account_no, 7)::int <= %(clean)s + %(doubled)s""", {"clean": clean, "doubled": doubled})
        have = admin.execute("SELECT count(*) FROM bench_reservation").fetchone()[0]
        admin.execute("""
            INSERT INTO bench_reservation
            SELECT b.branch_id,
                   (ARRAY['孙','马','朱','胡','郭','何','林','罗','高','梁'])[i %% 10 + 1]
                   || (ARRAY['晓','小','志','海','春','秋','雪','云','国','新'])[(i / 10) %% 10 + 1] || '某',
                   CASE WHEN i %% 2 = 0 THEN '3301061985' || lpad(i::text, 7, '0') || '1' END,
                   CASE WHEN i %% 2 = 1 THEN '1' || (5500000000 + i)::text END, 'none', NULL
              FROM generate_series(1, %(n)s) i JOIN bench_branch b ON b.k = i %% b.n""",
                      {"n": max(reservations - have, 0)})
        admin.execute("""
            INSERT INTO crm.reservation (staff_id, branch_id, name, id_no, mobile, note, name_norm, id_no_norm,
                                         mobile_norm, registered_on, window_end, status)
            SELECT s.id, r.branch_id, r.name, r.id_no, r.mobile, %(note)s, crm.normalize_name(r.name),
                   crm.normalize_id_no(r.id_no), crm.normalize_mobile(r.mobile), %(registered)s,
                   crm.add_working_days(%(registered)s, 20), 'open'
              FROM (SELECT r.*, row_number() OVER () AS n FROM bench_reservation r) r
              JOIN bench_staff s ON s.branch_id = r.branch_id AND s.k = 1 + r.n %% s.per_branch""",
                      {"note": BENCH_NOTE, "registered": registered})
        setup_s = time.perf_counter() - started
        admin.execute("SET LOCAL session_replication_role = origin")
        admin.execute("ANALYZE crm.customer")
        admin.execute("ANALYZE crm.reservation")
        open_reservations = admin.execute("SELECT count(*) FROM crm.reservation WHERE status = 'open'").fetchone()[0]
        new_accounts = admin.execute("SELECT count(*) FROM crm.customer WHERE account_no LIKE 'BENCHR%%'").fetchone()[0]
        started = time.perf_counter()
        counts = admin.execute("SELECT crm.match_reservations(%s)", (as_of,)).fetchone()[0]
        seconds = time.perf_counter() - started
        outcome = {f"{status}/{reason or '-'}": n for status, reason, n in admin.execute(
            "SELECT status, reason, count(*) FROM crm.reservation WHERE note = %s GROUP BY 1, 2 ORDER BY 1, 2",
            (BENCH_NOTE,))}
        admin.rollback()
    result = {"open_reservations": open_reservations, "new_accounts": new_accounts, "as_of": as_of.isoformat(),
              "counts": counts, "outcome": outcome, "seconds": round(seconds, 3), "setup_s": round(setup_s, 1)}
    met = seconds < MATCH_TARGET_S
    out(f"  matching {open_reservations:,} open reservations against {new_accounts:,} new accounts: "
        f"{seconds:.2f} s (target < {MATCH_TARGET_S:.0f} s: {'met' if met else 'MISSED'}); matched "
        f"{counts['matched']:,} (each starting a development request), review {counts['review']:,}, "
        f"expired {counts['expired']:,}; rolled back")
    out(f"    outcome: {', '.join(f'{k} {v:,}' for k, v in outcome.items())}; setup {setup_s:.1f} s (not timed)")
    return result


def approvals(admin_url: str, out: Callable[[str], None] = print, *, requests: int = 10_000,
              reservations: int = 100_000, accounts: int = 20_000, login: str = "hq_marketing",
              password: str = DEMO_PASSWORD) -> dict:
    """Time the HQ approver's waiting list and the reservation matching; print and return figures."""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        total = admin.execute("SELECT count(*) FROM crm.customer").fetchone()[0]
        if total < requests or not admin.execute(
                "SELECT EXISTS (SELECT 1 FROM crm.staff WHERE login = %s AND status = 'active')", (login,)).fetchone()[0]:
            raise BenchError(f"seed the demo data first (crm-admin demo seed --customers {max(requests, 50000)} --days 5)")
    out(f"Approvals benchmark ({total:,} customers; as {login}, RLS on)")
    return {"customers": total, "login": login,
            "waiting": _waiting(admin_url, out, requests, login, password),
            "matching": _matching(admin_url, out, reservations, accounts)}
