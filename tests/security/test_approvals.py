"""Approvals (db/sql/0006_approvals.sql) as the staff roles, with plain psycopg: each flow end to
end as the right posts; wrong post, wrong branch and stale steps refused with nothing changed;
two approvers racing on one step; withdraw; what RLS shows; no direct writes; the constraint
behind "one live development relationship"; LISTEN crm_approvals."""

from __future__ import annotations

import re
import threading

import psycopg
import pytest

from tests.security.helpers import expect_error, unchanged
from tests import support


class Org:
    """BR01: director (营销总监) and dir2 (营销总监), tm1 / tm2 (交易部经理), mgr above mkt_a and
    mkt_b; BR02: tm_x (交易部经理), mkt_c; HQ: hqm (总部营销主管, customer scope own).

    Customers: P1 (BR01, pool), A1 (BR01, developed by mkt_a), B1 (BR01, developed by mkt_b),
    X2 (BR02, developed by mkt_c)."""

    def __init__(self, db: "support.TestDatabase"):
        self.db = db
        db.make_branch("BR02")
        mk = db.make_staff
        self.staff = {
            "director": mk("director", name="营销总监甲", staff_type="manager", scope="subordinates",
                           roles=("marketing_director",), posts=("marketing_director",)),
            "dir2": mk("dir2", name="营销总监乙", staff_type="manager", roles=("marketing_director",),
                       posts=("marketing_director",)),
            "tm1": mk("tm1", name="交易经理甲", staff_type="manager", scope="branch",
                      roles=("trading_manager",), posts=("trading_manager",)),
            "tm2": mk("tm2", name="交易经理乙", staff_type="manager", roles=("trading_manager",),
                      posts=("trading_manager",)),
            "mgr": mk("mgr", name="团队经理", staff_type="manager", superior="director", scope="subordinates"),
            "mkt_a": mk("mkt_a", name="营销甲", superior="mgr", public_pool=True),
            "mkt_b": mk("mkt_b", name="营销乙", superior="mgr"),
            "tm_x": mk("tm_x", name="二部交易经理", branch="BR02", staff_type="manager",
                       roles=("trading_manager",), posts=("trading_manager",)),
            "mkt_c": mk("mkt_c", name="营销丙", branch="BR02"),
            "hqm": mk("hqm", name="总部营销主管", branch="HQ", staff_type="hq", roles=("hq_marketing",),
                      posts=("hq_marketing",)),
        }
        self.branch = {code: db.scalar("SELECT id FROM crm.branch WHERE code = %s", (code,))
                       for code in ("HQ", "BR01", "BR02")}
        self.c = {acct: db.make_customer(acct, branch, name=f"客户{acct}")
                  for acct, branch in (("P1", "BR01"), ("A1", "BR01"), ("B1", "BR01"), ("X2", "BR02"))}
        db.relate(self.c["A1"], "mkt_a")
        db.relate(self.c["B1"], "mkt_b")
        db.relate(self.c["X2"], "mkt_c")

    def session(self, login: str) -> psycopg.Connection:
        return self.db.session(login)

    def call(self, login: str, query: str, params: tuple = ()):
        with self.session(login) as conn:
            return conn.execute(query, params).fetchone()[0]

    def decide(self, login: str, request: int, step: int, decision: str = "approved", comment: str | None = None):
        return self.call(login, "SELECT crm.decide_request(%s, %s, %s, %s)", (request, step, decision, comment))

    def request(self, request_id: int) -> dict:
        with self.db.admin() as conn:
            conn.row_factory = psycopg.rows.dict_row
            return conn.execute("SELECT * FROM crm.approval_request WHERE id = %s", (request_id,)).fetchone()

    def live(self, account: str) -> dict[str, str | None]:
        """{'development': login, 'service': login} of the customer's live relationships."""
        with self.db.admin() as conn:
            rows = dict(conn.execute(
                "SELECT r.kind, s.login FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id "
                "WHERE r.customer_id = %s AND r.status = 'live'", (self.c[account],)).fetchall())
            developer = conn.execute("SELECT d.login FROM crm.customer c LEFT JOIN crm.staff d ON d.id = c.developer_id "
                                     "WHERE c.id = %s", (self.c[account],)).fetchone()[0]
        assert rows.get("development") == developer      # the mirror column follows the relationship
        return {"development": rows.get("development"), "service": rows.get("service")}


@pytest.fixture
def org(db):
    return Org(db)


def _approve_all(org: Org, request: int, logins: list[str]) -> list[str]:
    return [org.decide(login, request, step) for step, login in enumerate(logins, start=1)]


# Full flows ---------------------------------------------------------------------------------------------

def test_development_claim_flow(org):
    rid = org.call("mkt_a", "SELECT crm.request_claim(%s, %s)", (org.c["P1"], "老客户介绍"))
    req = org.request(rid)
    assert (req["flow_code"], req["status"], req["current_post"], req["posts"]) == (
        "development", "pending", "trading_manager", ["trading_manager", "marketing_director"])
    assert org.live("P1")["development"] is None
    assert _approve_all(org, rid, ["tm1", "director"]) == ["pending", "approved"]
    assert org.live("P1") == {"development": "mkt_a", "service": None}
    req = org.request(rid)
    assert (req["status"], req["current_post"]) == ("approved", None)
    with org.db.admin() as conn:
        steps = conn.execute("SELECT s.step_no, s.post_code, s.decision, st.login FROM crm.approval_step s "
                             "JOIN crm.staff st ON st.id = s.decided_by WHERE request_id = %s ORDER BY 1",
                             (rid,)).fetchall()
        audited = conn.execute("SELECT actor FROM crm.audit_log WHERE table_name = 'approval_step' "
                               "ORDER BY id").fetchall()
    assert steps == [(1, "trading_manager", "approved", "tm1"), (2, "marketing_director", "approved", "director")]
    assert audited == [("tm1",), ("director",)]          # session_user, not the definer
    # Now mkt_a sees the customer under the customer policy.
    with org.session("mkt_a") as conn:
        assert conn.execute("SELECT count(*) FROM crm.customer WHERE id = %s", (org.c["P1"],)).fetchone()[0] == 1


def test_service_assignment_flow(org):
    rid = org.call("mgr", "SELECT crm.request_service(%s, %s, %s)", (org.c["A1"], "mkt_b", "mkt_a 休假"))
    req = org.request(rid)
    assert (req["flow_code"], req["subject_staff_id"]) == ("service", org.staff["mkt_b"].staff_id)
    assert _approve_all(org, rid, ["tm2", "dir2"]) == ["pending", "approved"]
    assert org.live("A1") == {"development": "mkt_a", "service": "mkt_b"}
    # A second assignment replaces the live service relationship.
    rid = org.call("mgr", "SELECT crm.request_service(%s, %s)", (org.c["A1"], "mkt_a"))
    _approve_all(org, rid, ["tm1", "director"])
    assert org.live("A1") == {"development": "mkt_a", "service": "mkt_a"}


def test_release_flow(org):
    rid = org.call("mkt_a", "SELECT crm.request_release(%s, 'development', %s)", (org.c["A1"], "客户要求"))
    assert org.request(rid)["posts"] == ["trading_manager", "marketing_director", "hq_marketing"]
    assert _approve_all(org, rid, ["tm1", "director", "hqm"]) == ["pending", "pending", "approved"]
    assert org.live("A1") == {"development": None, "service": None}
    with org.db.admin() as conn:
        released = conn.execute("SELECT status, valid_to IS NOT NULL, released_by FROM crm.relationship "
                                "WHERE customer_id = %s", (org.c["A1"],)).fetchone()
    assert released == ("released", True, "hqm")
    # Back in the pool: mkt_a (public_pool) may claim it again.
    assert org.call("mkt_a", "SELECT crm.request_claim(%s)", (org.c["A1"],)) > rid


def test_transfer_flow_releases_the_staff_members_customers_first(org):
    org.db.relate(org.c["P1"], "mkt_b", kind="service")
    rid = org.call("mgr", "SELECT crm.request_transfer('mkt_b', 'broker', 'BR02', '调往二部')")
    req = org.request(rid)
    assert (req["flow_code"], req["customer_id"], req["posts"]) == ("transfer", None,
                                                                   ["marketing_director", "hq_marketing"])
    assert req["payload"]["from_type"] == "marketing"
    # One pending transfer per staff member.
    with org.session("mgr") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.request_transfer('mkt_b', 'manager', 'BR01')", sqlstate="CR032")
    assert _approve_all(org, rid, ["director", "hqm"]) == ["pending", "approved"]
    with org.db.admin() as conn:
        staff = conn.execute("SELECT s.staff_type, b.code FROM crm.staff s JOIN crm.branch b ON b.id = s.branch_id "
                             "WHERE s.login = 'mkt_b'").fetchone()
        live = conn.execute("SELECT count(*) FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id "
                            "WHERE s.login = 'mkt_b' AND r.status = 'live'").fetchone()[0]
    assert staff == ("broker", "BR02")
    assert live == 0
    assert org.live("B1") == {"development": None, "service": None}
    assert org.live("P1")["service"] is None


# Refusals ------------------------------------------------------------------------------------------------

def test_wrong_post_wrong_branch_and_stale_step_are_refused(org):
    rid = org.call("mkt_a", "SELECT crm.request_claim(%s)", (org.c["P1"],))
    # Wrong post: the director holds step 2's post, not step 1's.
    with org.session("director") as conn, unchanged(org.db):
        error = expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,), sqlstate="42501")
        assert "交易部经理" in error.diag.message_primary
        # Nor step 2 before step 1 is decided.
        expect_error(conn, "SELECT crm.decide_request(%s, 2, 'approved', NULL)", (rid,), sqlstate="CR030")
    # Wrong branch: BR02's trading manager does not even learn the request exists.
    with org.session("tm_x") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,), sqlstate="P0002")
    # An approver without the post but with the permission: refused as well (hq_marketing is step 3 of
    # release only).
    with org.session("hqm") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,), sqlstate="P0002")
    # The requester may not decide their own request, whatever posts they hold (four eyes).
    with org.session("mkt_a") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,), sqlstate="CR033")

    assert org.decide("tm1", rid, 1, comment="同意") == "pending"
    # Stale: tm2 answers step 1 (a second approver, or a double-click) -> who decided and when.
    with org.session("tm2") as conn, unchanged(org.db):
        error = expect_error(conn, "SELECT crm.decide_request(%s, 1, 'rejected', NULL)", (rid,), sqlstate="CR030")
        message = error.diag.message_primary
    assert "交易经理甲" in message and "approved" in message
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", message), message
    with org.session("tm1") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,), sqlstate="CR030")
    assert org.decide("director", rid, 2) == "approved"
    with org.session("dir2") as conn, unchanged(org.db):
        error = expect_error(conn, "SELECT crm.decide_request(%s, 2, 'approved', NULL)", (rid,), sqlstate="CR030")
        assert "营销总监甲" in error.diag.message_primary


def test_a_reservation_owner_may_not_approve_their_own_development(org):
    """A request without a requester (a reservation match) is still about its subject."""
    with org.db.admin() as conn:
        # Only marketing staff hold relationships: a marketer who also holds the trading manager post.
        conn.execute("UPDATE crm.staff SET staff_type = 'marketing' WHERE login = 'tm1'")
        rid = conn.execute("SELECT crm._start_request('development', %s::smallint, %s, %s, NULL, '{}', NULL)",
                           (org.branch["BR01"], org.c["P1"], org.staff["tm1"].staff_id)).fetchone()[0]
    with org.session("tm1") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,), sqlstate="CR033")
    # No requester must not mean "visible to everyone" (a NULL in the visibility test).
    for login in ("tm_x", "mkt_b"):
        with org.session(login) as conn, unchanged(org.db):
            expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,), sqlstate="P0002")
    assert org.decide("tm2", rid, 1) == "pending"


def test_claims_and_requests_that_make_no_sense_are_refused(org):
    with org.session("mkt_a") as conn, unchanged(org.db):
        # Another staff member's customer is not in the pool (and not visible: not found).
        expect_error(conn, "SELECT crm.request_claim(%s)", (org.c["B1"],), sqlstate="P0002")
        # mkt_a's own developed customer: already developed.
        error = expect_error(conn, "SELECT crm.request_claim(%s)", (org.c["A1"],), sqlstate="CR031")
        assert "营销甲" in error.diag.message_primary
        expect_error(conn, "SELECT crm.request_release(%s, 'development')", (org.c["B1"],), sqlstate="P0002")
        expect_error(conn, "SELECT crm.request_transfer('mkt_b', 'broker', 'BR02')", sqlstate="42501")
    # A customer without service staff that the manager cannot see (a NULL must not let it pass).
    with org.session("mgr") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.request_service(%s, 'mkt_a')", (org.c["X2"],), sqlstate="P0002")
        expect_error(conn, "SELECT crm.request_service(%s, 'mkt_c')", (org.c["A1"],), sqlstate="42501")
    with org.session("mkt_a") as conn:
        rid = conn.execute("SELECT crm.request_claim(%s)", (org.c["P1"],)).fetchone()[0]
        with unchanged(org.db):
            expect_error(conn, "SELECT crm.request_claim(%s)", (org.c["P1"],), sqlstate="CR032")
    assert rid


def test_final_approval_fails_cleanly_when_the_customer_was_developed_meanwhile(org):
    """The approval is recorded, the effect cannot apply: the request ends as failed with the
    reason (not left pending for ever), nothing else changes, and a new claim can follow."""
    rid = org.call("mkt_a", "SELECT crm.request_claim(%s)", (org.c["P1"],))
    org.decide("tm1", rid, 1)
    org.db.relate(org.c["P1"], "mkt_b")                  # e.g. the counter's own assignment
    assert org.decide("director", rid, 2) == "failed"
    request = org.request(rid)
    assert request["status"] == "failed" and request["current_post"] is None
    assert "营销乙" in request["outcome"]
    assert org.live("P1")["development"] == "mkt_b"
    with org.session("director") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.decide_request(%s, 2, 'approved', NULL)", (rid,), sqlstate="CR030")
    with org.db.admin() as conn:
        assert conn.execute("SELECT decision FROM crm.approval_step WHERE request_id = %s AND step_no = 2",
                            (rid,)).fetchone()[0] == "approved"


def test_a_match_started_request_is_withdrawn_by_the_staff_member_it_serves(org):
    with org.db.admin() as conn:
        rid = conn.execute("SELECT crm._start_request('development', %s::smallint, %s, %s, NULL, '{}', NULL)",
                           (org.branch["BR01"], org.c["P1"], org.staff["mkt_a"].staff_id)).fetchone()[0]
    with org.session("mkt_b") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.withdraw_request(%s)", (rid,), sqlstate="P0002")
    with org.session("mkt_a") as conn:
        conn.execute("SELECT crm.withdraw_request(%s)", (rid,))
    assert org.request(rid)["status"] == "withdrawn"


def test_one_live_development_relationship_is_a_constraint(org):
    with org.db.admin() as conn:
        with pytest.raises(psycopg.errors.UniqueViolation) as info:
            conn.execute("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind) "
                         "VALUES (%s, 1, %s, 'development')", (org.c["A1"], org.staff["mkt_b"].staff_id))
        assert info.value.diag.constraint_name == "relationship_one_live_development"


# Two approvers, one step ---------------------------------------------------------------------------------

def test_two_approvers_racing_on_the_final_step_produce_one_effect(org):
    rid = org.call("mkt_a", "SELECT crm.request_claim(%s)", (org.c["P1"],))
    org.decide("tm1", rid, 1)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}
    conns = {login: org.session(login) for login in ("director", "dir2")}

    def act(login: str) -> None:
        conn = conns[login]
        barrier.wait()
        try:
            results[login] = conn.execute("SELECT crm.decide_request(%s, 2, 'approved', %s)",
                                          (rid, f"by {login}")).fetchone()[0]
        except psycopg.Error as error:
            results[login] = error

    threads = [threading.Thread(target=act, args=(login,)) for login in conns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for conn in conns.values():
        conn.close()
    outcomes = sorted(str(v) if isinstance(v, str) else v.sqlstate for v in results.values())
    assert outcomes == ["CR030", "approved"], results
    loser = next(v for v in results.values() if not isinstance(v, str))
    winner = next(login for login, v in results.items() if isinstance(v, str))
    assert org.staff[winner].login and ("营销总监甲" if winner == "director" else "营销总监乙") in str(loser)
    with org.db.admin() as conn:
        assert conn.execute("SELECT count(*) FROM crm.relationship WHERE customer_id = %s", (org.c["P1"],)
                            ).fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM crm.approval_step WHERE request_id = %s", (rid,)).fetchone()[0] == 2
    assert org.live("P1")["development"] == "mkt_a"


# Withdraw ------------------------------------------------------------------------------------------------

def test_withdraw_only_by_the_requester_and_only_while_pending(org):
    rid = org.call("mkt_a", "SELECT crm.request_claim(%s)", (org.c["P1"],))
    for login in ("mkt_b", "tm1", "mgr"):
        with org.session(login) as conn, unchanged(org.db):
            expect_error(conn, "SELECT crm.withdraw_request(%s)", (rid,), sqlstate="P0002")
    with org.session("mkt_a") as conn:
        conn.execute("SELECT crm.withdraw_request(%s)", (rid,))
        with unchanged(org.db):
            expect_error(conn, "SELECT crm.withdraw_request(%s)", (rid,), sqlstate="CR030")
    assert org.request(rid)["status"] == "withdrawn"
    with org.session("tm1") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,), sqlstate="CR030")
    # Decided requests cannot be withdrawn either.
    rid = org.call("mkt_a", "SELECT crm.request_claim(%s)", (org.c["P1"],))
    _approve_all(org, rid, ["tm1", "director"])
    with org.session("mkt_a") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.withdraw_request(%s)", (rid,), sqlstate="CR030")


# Visibility and direct writes ---------------------------------------------------------------------------

def test_only_involved_staff_see_a_request(org):
    rid = org.call("mkt_a", "SELECT crm.request_claim(%s)", (org.c["P1"],))
    org.decide("tm1", rid, 1, comment="ok")
    expected = {"mkt_a": 1, "tm1": 1, "tm2": 1, "director": 1, "dir2": 1,     # requester, BR01 posts
                "mkt_b": 0, "mgr": 0, "mkt_c": 0, "tm_x": 0, "hqm": 0}       # uninvolved / other branch / no step
    for login, count in expected.items():
        with org.session(login) as conn:
            got = conn.execute("SELECT count(*) FROM crm.approval_request").fetchone()[0]
            steps = conn.execute("SELECT count(*) FROM crm.approval_step").fetchone()[0]
            parties = conn.execute("SELECT count(*) FROM crm.approval_parties(ARRAY[%s]::bigint[])", (rid,)
                                   ).fetchone()[0]
            deciders = conn.execute("SELECT count(*) FROM crm.approval_deciders(ARRAY[%s]::bigint[])", (rid,)
                                    ).fetchone()[0]
        assert (login, got, steps, parties, deciders) == (login, count, count, count, count)


def test_hq_approver_sees_the_customer_it_decides_on_through_the_parties(org):
    rid = org.call("mkt_a", "SELECT crm.request_release(%s, 'development')", (org.c["A1"],))
    _approve_all(org, rid, ["tm1", "director"])
    with org.session("hqm") as conn:
        # The customer policy hides A1 from an HQ approver with scope "own" ...
        assert conn.execute("SELECT count(*) FROM crm.customer WHERE id = %s", (org.c["A1"],)).fetchone()[0] == 0
        # ... the request's parties name it.
        row = conn.execute("SELECT customer_account_no, customer_developer_name, subject_login, requested_by_name "
                           "FROM crm.approval_parties(ARRAY[%s]::bigint[])", (rid,)).fetchone()
    assert row == ("A1", "营销甲", "mkt_a", "营销甲")


def test_staff_cannot_write_requests_steps_or_relationships_directly(org):
    rid = org.call("mkt_a", "SELECT crm.request_claim(%s)", (org.c["P1"],))
    me = org.staff["tm1"].staff_id
    statements = [
        ("INSERT INTO crm.approval_request (flow_code, branch_id, customer_id, subject_staff_id, posts, current_post) "
         "VALUES ('development', 1, %s, %s, '{trading_manager}', 'trading_manager')", (org.c["B1"], me)),
        ("UPDATE crm.approval_request SET status = 'approved', current_post = NULL WHERE id = %s", (rid,)),
        ("UPDATE crm.approval_request SET current_step = 2 WHERE id = %s", (rid,)),
        ("DELETE FROM crm.approval_request WHERE id = %s", (rid,)),
        ("INSERT INTO crm.approval_step (request_id, step_no, post_code, decision, decided_by) "
         "VALUES (%s, 1, 'trading_manager', 'approved', %s)", (rid, me)),
        ("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind) VALUES (%s, 1, %s, 'development')",
         (org.c["P1"], me)),
        ("UPDATE crm.relationship SET status = 'released', valid_to = current_date", ()),
        ("UPDATE crm.approval_flow_step SET post_code = 'trading_manager'", ()),
        ("INSERT INTO crm.holiday VALUES ('2030-01-01', 'x')", ()),
    ]
    for login in ("tm1", "mkt_a"):
        with org.session(login) as conn, unchanged(org.db):
            for query, params in statements:
                expect_error(conn, query, params, sqlstate="42501")
            # Matching is the loader's, not a staff member's.
            expect_error(conn, "SELECT crm.match_reservations(current_date)", sqlstate="42501")
            expect_error(conn, "SELECT crm._start_request('development', 1::smallint, %s, %s, %s, '{}', NULL)",
                         (org.c["B1"], me, me), sqlstate="42501")
            expect_error(conn, "SELECT crm._apply_request(r) FROM crm.approval_request r", sqlstate="42501")


def test_flow_and_holiday_edits_are_hq_administrators_only(org):
    admin = org.db.make_staff("hqadmin", branch="HQ", staff_type="hq", roles=("hq_admin",))
    assert admin.staff_id
    with org.session("director") as conn, unchanged(org.db):
        expect_error(conn, "SELECT crm.set_flow_steps('development', '{trading_manager}')", sqlstate="42501")
        expect_error(conn, "SELECT crm.set_holiday('2030-10-01', '国庆节')", sqlstate="42501")
    with org.session("hqadmin") as conn:
        with unchanged(org.db):
            expect_error(conn, "SELECT crm.set_flow_steps('development', '{}')", sqlstate="22023")
            expect_error(conn, "SELECT crm.set_flow_steps('development', '{trading_manager,nobody}')", sqlstate="22023")
            expect_error(conn, "SELECT crm.set_flow_steps('development', '{trading_manager,trading_manager}')",
                         sqlstate="22023")
            expect_error(conn, "SELECT crm.set_flow_steps('nothing', '{trading_manager}')", sqlstate="P0002")
        conn.execute("SELECT crm.set_flow_steps('development', '{marketing_director}')")
        conn.execute("SELECT crm.set_holiday('2030-10-01', '国庆节')")
    # A new request follows the new flow.
    rid = org.call("mkt_a", "SELECT crm.request_claim(%s)", (org.c["P1"],))
    assert org.request(rid)["posts"] == ["marketing_director"]
    assert org.decide("director", rid, 1) == "approved"


# LISTEN / NOTIFY: the badge path ------------------------------------------------------------------------

def test_listener_is_notified_when_a_request_is_created_and_decided(org):
    listener = org.session("tm1")
    try:
        listener.execute("LISTEN crm_approvals")
        rid = org.call("mkt_a", "SELECT crm.request_claim(%s)", (org.c["P1"],))
        # A bare ping (tests/security/test_four_eyes.py: what the gate hears); the client re-reads.
        assert [n.payload for n in listener.notifies(timeout=5, stop_after=1)] == [""]
        # The badge's count is what the listener re-reads.
        assert listener.execute("SELECT count(*) FROM crm.approval_request WHERE status = 'pending' "
                                "AND current_post = ANY (crm.my_posts())").fetchone()[0] == 1
        org.decide("tm2", rid, 1)
        assert [n.payload for n in listener.notifies(timeout=5, stop_after=1)] == [""]
        assert listener.execute("SELECT current_post FROM crm.approval_request WHERE id = %s",
                                (rid,)).fetchone()[0] == "marketing_director"
    finally:
        listener.close()
