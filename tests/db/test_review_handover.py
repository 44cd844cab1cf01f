"""Issue #15 through the services: the reservation review queue's three ways out (confirm starts
the development request as the matcher does, reject with a reason, extend the window), the
hand-over of a staff member's customers with dated rows (old ends the day before, new begins on
the day), all or nothing, an idempotent final decision, and the batch entry of existing
customers' relationships, from a selection or an .xlsx of account numbers."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from crm_desktop.services import account_list, approvals, reservations
from crm_desktop.services.errors import CrmRefusal
from tests.db.test_reservations import match, reserve, setup  # noqa: F401  (the fixture)

def today() -> dt.date:
    """Read at each use: a module constant goes stale when a run crosses midnight."""
    return dt.date.today()


# Review queue (FAQ 31) -----------------------------------------------------------------------------------

@pytest.fixture
def review_item(setup):
    """孙五 reserved by mkt_a, matched by mobile only to NEW while OLD has had that mobile for years."""
    db = setup
    db.make_customer("OLD", name="老客户", mobile="13500000005", open_date="2019-03-01")
    rid = reserve(db, "mkt_a", "孙五", mobile="13500000005")
    db.make_customer("NEW", name="孙五", mobile="13500000005", open_date="2025-09-04")
    db.make_customer("NEW2", name="孙 五", mobile="13500000099", open_date="2025-09-05")
    assert match(db, dt.date(2025, 9, 5))["review"] == 1
    return rid


def test_the_queue_shows_candidates_with_why(setup, review_item):
    with setup.session("tm1") as conn:
        queue = reservations.review_queue(conn)
        assert [r["id"] for r in queue] == [review_item]
        assert queue[0]["reason"] == "mobile_of_older_customer"
        assert queue[0]["mobile"] == "135****0005"                   # masked like everywhere
        candidates = {c["account_no"]: c for c in reservations.review_candidates(conn, review_item)}
    assert set(candidates) == {"NEW", "NEW2"}                         # OLD opened before the reservation
    new, other = candidates["NEW"], candidates["NEW2"]
    assert new["why"] == ["name_equal", "id_missing", "mobile_equal", "mobile_of_older_customer"]
    assert new["why_zh"][3] == "手机号已属于老客户" and new["confirmable"]
    assert new["mobile"] == "135****0005" and new["open_date"] == dt.date(2025, 9, 4)
    assert other["why"][:3] == ["name_equal", "id_missing", "mobile_differs"] and not other["confirmable"]
    with setup.session("mkt_b") as conn:                               # not an approver: nothing
        assert reservations.review_queue(conn) == []
        with pytest.raises(CrmRefusal) as info:
            reservations.review_candidates(conn, review_item)
        assert info.value.kind == "not_found"


def test_confirm_starts_the_development_request_like_a_match(setup, review_item):
    db = setup
    new = db.scalar("SELECT id FROM crm.customer WHERE account_no = 'NEW'")
    with db.session("tm1") as conn:
        version = reservations.review_queue(conn)[0]["version"]
        request = reservations.resolve_review(conn, review_item, version, "confirm", customer_id=new)
        with pytest.raises(CrmRefusal) as info:                         # a second click
            reservations.resolve_review(conn, review_item, version, "confirm", customer_id=new)
        assert info.value.kind == "already_decided"
        assert reservations.review_queue(conn) == []
        assert approvals.decide(conn, request, 1, "approved") == "pending"   # the matcher's flow
    with db.session("director") as conn:
        assert approvals.decide(conn, request, 2, "approved") == "approved"
    with db.admin() as conn:
        row = conn.execute("SELECT requested_by, subject_staff_id, reservation_id, flow_code FROM crm.approval_request "
                           "WHERE id = %s", (request,)).fetchone()
        developer = conn.execute("SELECT s.login FROM crm.customer c JOIN crm.staff s ON s.id = c.developer_id "
                                 "WHERE c.id = %s", (new,)).fetchone()[0]
        audit = conn.execute("SELECT actor, action FROM crm.audit_log WHERE table_name = 'reservation' "
                             "AND action LIKE 'review_%%'").fetchall()
        status = conn.execute("SELECT status, customer_id, request_id FROM crm.reservation WHERE id = %s",
                              (review_item,)).fetchone()
    assert row[0] is None and row[2] == review_item and row[3] == "development"
    assert developer == "mkt_a" and status == ("matched", new, request)
    assert audit == [("tm1", "review_confirm")]


def test_reject_needs_a_reason_and_extend_reopens(setup, review_item):
    db = setup
    with db.session("tm1") as conn:
        version = reservations.review_queue(conn)[0]["version"]
        for bad in (None, "   "):
            with pytest.raises(CrmRefusal) as info:
                reservations.resolve_review(conn, review_item, version, "reject", reason=bad)
            assert info.value.kind == "invalid_input"
        for days in (0, 21, True):
            with pytest.raises(CrmRefusal):
                reservations.resolve_review(conn, review_item, version, "extend", days=days)
        old_end = db.scalar("SELECT window_end FROM crm.reservation WHERE id = %s", (review_item,))
        reservations.resolve_review(conn, review_item, version, "extend", days=5)
    status, window_end = db.scalar("SELECT (status, window_end)::text FROM crm.reservation WHERE id = %s",
                                   (review_item,)).strip("()").split(",")
    assert status == "open"
    assert dt.date.fromisoformat(window_end) > max(old_end, today())
    # Reviewed again after the next load, then rejected with the reason.
    assert match(db, dt.date(2025, 9, 5))["review"] == 1
    with db.session("tm1") as conn:
        version = reservations.review_queue(conn)[0]["version"]
        reservations.resolve_review(conn, review_item, version, "reject", reason="客户表示未曾预约")
    with db.admin() as conn:
        assert conn.execute("SELECT status, reason, reason_detail FROM crm.reservation WHERE id = %s",
                            (review_item,)).fetchone() == ("rejected", "review_rejected", "客户表示未曾预约")


def test_confirming_a_developed_candidate_is_refused(setup, review_item):
    db = setup
    new = db.scalar("SELECT id FROM crm.customer WHERE account_no = 'NEW'")
    db.relate(new, "mkt_b")
    with db.session("tm1") as conn:
        version = reservations.review_queue(conn)[0]["version"]
        candidates = {c["account_no"]: c for c in reservations.review_candidates(conn, review_item)}
        assert "already_developed" in candidates["NEW"]["why"] and not candidates["NEW"]["confirmable"]
        assert candidates["NEW"]["developer_name"] == "营销乙"
        with pytest.raises(CrmRefusal) as info:
            reservations.resolve_review(conn, review_item, version, "confirm", customer_id=new)
        assert info.value.kind == "relationship_conflict"


# Hand-over (FAQ 1, 22) ------------------------------------------------------------------------------------

@pytest.fixture
def team(setup):
    """mgr above mkt_a and mkt_b (BR01); mkt_a develops 30 customers and serves 5."""
    db = setup
    db.make_staff("mgr", name="团队经理", staff_type="manager", scope="subordinates")
    with db.admin() as conn:
        conn.execute("UPDATE crm.staff SET superior_id = (SELECT id FROM crm.staff WHERE login = 'mgr') "
                     "WHERE login IN ('mkt_a', 'mkt_b')")
        conn.execute("""
            INSERT INTO crm.customer (account_no, name, gender, open_date, branch_id, loaded_for)
            SELECT 'H' || lpad(g::text, 4, '0'), '交接客户' || g, 'M', DATE '2024-01-02', b.id, DATE '2024-01-02'
              FROM generate_series(1, 30) g, crm.branch b WHERE b.code = 'BR01'""")
        conn.execute("""
            INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from)
            SELECT c.id, c.branch_id, s.id, 'development', DATE '2024-01-02'
              FROM crm.customer c, crm.staff s WHERE c.account_no LIKE 'H%%' AND s.login = 'mkt_a'""")
        conn.execute("""
            INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from)
            SELECT c.id, c.branch_id, s.id, 'service', DATE '2024-01-02'
              FROM crm.customer c, crm.staff s WHERE c.account_no IN ('H0001','H0002','H0003','H0004','H0005')
               AND s.login = 'mkt_a'""")
    return db


def _live(db, kind: str) -> dict[str, int]:
    with db.admin() as conn:
        return dict(conn.execute(
            "SELECT s.login, count(*) FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id "
            "WHERE r.kind = %s AND r.status = 'live' GROUP BY s.login", (kind,)).fetchall())


def _approve(db, request: int) -> str:
    with db.session("tm1") as conn:
        assert approvals.decide(conn, request, 1, "approved") == "pending"
    with db.session("director") as conn:
        return approvals.decide(conn, request, 2, "approved")


def test_hand_over_all_development_customers_with_dated_rows(team):
    db = team
    day = today() - dt.timedelta(days=10)
    with db.session("mgr") as conn:
        request = approvals.request_handover(conn, "mkt_a", "mkt_b", "development", day, note="离职交接")
        detail = approvals.request_detail(conn, request)
        first = approvals.request_customers(conn, request, limit=20)
        rest = approvals.request_customers(conn, request, after_id=first[-1]["customer_id"], limit=20)
    assert detail["payload"]["customers"] == 30 and detail["payload"]["kind"] == "development"
    assert len(first) == 20 and len(rest) == 10 and {r["holder_login"] for r in first + rest} == {"mkt_a"}
    assert _live(db, "development") == {"mkt_a": 30}
    assert _approve(db, request) == "approved"
    assert _live(db, "development") == {"mkt_b": 30}
    assert _live(db, "service") == {"mkt_a": 5}                        # the other kind stays
    with db.admin() as conn:
        old = conn.execute("SELECT DISTINCT r.valid_from, r.valid_to, r.status FROM crm.relationship r "
                           "JOIN crm.staff s ON s.id = r.staff_id WHERE s.login = 'mkt_a' AND r.kind = 'development'"
                           ).fetchall()
        new = conn.execute("SELECT DISTINCT r.valid_from, r.valid_to, r.status FROM crm.relationship r "
                           "JOIN crm.staff s ON s.id = r.staff_id WHERE s.login = 'mkt_b'").fetchall()
        mirrored = conn.execute("SELECT count(*) FROM crm.customer c JOIN crm.staff s ON s.id = c.developer_id "
                                "WHERE s.login = 'mkt_b'").fetchone()[0]
    assert old == [(dt.date(2024, 1, 2), day, "released")]       # holds up to the day before
    assert new == [(day, None, "live")]
    assert mirrored == 30
    # Every day has exactly one holder: no gap, no overlap at the hand-over.
    with db.admin() as conn:
        holders = conn.execute("""
            SELECT d::date, count(r.id) FROM generate_series(%s::date - 1, %s::date + 1, '1 day') d
              LEFT JOIN crm.relationship r ON r.kind = 'development' AND r.valid_from <= d
                    AND (r.valid_to IS NULL OR r.valid_to > d)
             GROUP BY d ORDER BY d""", (day, day)).fetchall()
    assert [n for _, n in holders] == [30, 30, 30]


def test_a_selection_of_service_customers_and_idempotent_decision(team):
    db = team
    ids = [db.scalar("SELECT id FROM crm.customer WHERE account_no = %s", (a,)) for a in ("H0001", "H0002")]
    with db.session("mgr") as conn:
        request = approvals.request_handover(conn, "mkt_a", "mkt_b", "service", today(), ids)
        with pytest.raises(CrmRefusal) as info:                         # the same customers again
            approvals.request_handover(conn, "mkt_a", "mkt_b", "service", today(), ids[:1])
        assert info.value.kind == "already_pending"
    assert _approve(db, request) == "approved"
    with db.session("director") as conn:
        with pytest.raises(CrmRefusal) as info:
            approvals.decide(conn, request, 2, "approved")
        assert info.value.kind == "already_decided"
    assert _live(db, "service") == {"mkt_a": 3, "mkt_b": 2}
    assert db.scalar("SELECT count(*) FROM crm.relationship WHERE kind = 'service'") == 7


def test_the_hand_over_is_all_or_nothing(team):
    db = team
    with db.session("mgr") as conn:
        request = approvals.request_handover(conn, "mkt_a", "mkt_b", "development", today())
    with db.admin() as conn:                                             # one released meanwhile
        conn.execute("UPDATE crm.relationship SET status = 'released', valid_to = current_date "
                     "WHERE id = (SELECT min(id) FROM crm.relationship WHERE kind = 'development')")
    before = db.scalar("SELECT md5(string_agg(r::text, '|' ORDER BY r.id)) FROM crm.relationship r")
    assert _approve(db, request) == "failed"
    assert db.scalar("SELECT md5(string_agg(r::text, '|' ORDER BY r.id)) FROM crm.relationship r") == before
    assert "no longer held" in db.scalar("SELECT outcome FROM crm.approval_request WHERE id = %s", (request,))


def test_a_transfer_waits_for_the_pending_hand_over(team):
    db = team
    with db.session("mgr") as conn:
        handover = approvals.request_handover(conn, "mkt_a", "mkt_b", "development", today())
        transfer = approvals.request_transfer(conn, "mkt_a", "marketing", "BR02")
    db.make_staff("hqm", name="总部营销主管", branch="HQ", staff_type="hq", roles=("hq_marketing",),
                  posts=("hq_marketing",))
    with db.session("director") as conn:
        assert approvals.decide(conn, transfer, 1, "approved") == "pending"
    with db.session("hqm") as conn:
        assert approvals.decide(conn, transfer, 2, "approved") == "failed"
    assert _live(db, "development") == {"mkt_a": 30}                    # nothing went to the pool
    assert _approve(db, handover) == "approved"


# Batch entry (FAQ 33) ---------------------------------------------------------------------------------------

def test_batch_entry_from_a_workbook_of_account_numbers(team, tmp_path):
    db = team
    with db.admin() as conn:
        conn.execute("""
            INSERT INTO crm.customer (account_no, name, gender, open_date, branch_id, loaded_for)
            SELECT 'P' || g, '存量客户' || g, 'F', DATE '2023-05-02', b.id, DATE '2023-05-02'
              FROM generate_series(1, 4) g, crm.branch b WHERE b.code = 'BR01'""")
        conn.execute("UPDATE crm.staff SET public_pool = true, customer_scope = 'subordinates' WHERE login = 'mgr'")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["资金账号"])
    for value in ("P1", "P2", " P3 ", "P2", "NOPE", "H0001", None, "P4"):
        sheet.append([value])
    path = tmp_path / "accounts.xlsx"
    book.save(path)
    with db.session("mgr") as conn:
        report = account_list.read_accounts(conn, path)
        assert [(e["row"], e["reason"]) for e in report.errors] == [(5, "duplicate_in_file"), (6, "unknown_account")]
        assert report.account_nos == ["P1", "P2", "P3", "H0001", "P4"]
        with pytest.raises(CrmRefusal) as info:                         # H0001 is mkt_a's already
            approvals.request_batch_entry(conn, "mkt_b", "development", report.customer_ids)
        assert info.value.kind == "relationship_conflict" and "1 of the customers" in info.value.message
        ids = [c for c, a in zip(report.customer_ids, report.account_nos) if a != "H0001"]
        request = approvals.request_batch_entry(conn, "mkt_b", "development", ids, today() - dt.timedelta(days=3))
    assert _approve(db, request) == "approved"
    assert _live(db, "development") == {"mkt_a": 30, "mkt_b": 4}
    assert db.scalar("SELECT min(valid_from) FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id "
                     "WHERE s.login = 'mkt_b'") == today() - dt.timedelta(days=3)


def test_the_giver_never_finds_the_hand_over_waiting_for_them(team):
    db = team
    # mkt_a also holds the trading-manager post (a marketer with an approval post).
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.staff_post (staff_id, post_code) SELECT id, 'trading_manager' "
                     "FROM crm.staff WHERE login = 'mkt_a'")
        conn.execute("INSERT INTO crm.staff_role (staff_id, role_code) SELECT id, 'trading_manager' "
                     "FROM crm.staff WHERE login = 'mkt_a'")
    with db.session("mgr") as conn:
        request = approvals.request_handover(conn, "mkt_a", "mkt_b", "development", today())
    with db.session("mkt_a") as conn:
        assert request not in [r["id"] for r in approvals.waiting_page(conn)]
        assert approvals.count_waiting(conn) == 0
        with pytest.raises(CrmRefusal) as info:
            approvals.decide(conn, request, 1, "approved")
        assert info.value.kind == "four_eyes"
    with db.session("tm1") as conn:
        assert [r["id"] for r in approvals.waiting_page(conn)] == [request]
