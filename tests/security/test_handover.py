"""Issue #15 as the staff roles, with plain psycopg (no app code): the reservation review queue
and the hand-over / batch entry of customers refuse whoever is not entitled -- a non-approver,
another branch's approver, the registering staff member, the gate login, a candidate that is
not one of the item's, customers outside the caller's scope, a receiver in another branch,
approving one's own request or one that gives away one's own customers, megabyte lists and
hostile logins -- and every refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from tests.security.helpers import expect_error, unchanged

def today() -> dt.date:
    """Read at each use: a module constant goes stale when a run crosses midnight."""
    return dt.date.today()


@pytest.fixture
def org(db):
    """BR01: tm1 (交易部经理), director (营销总监), mgr above mkt_a / mkt_b, tm_mkt (a marketer
    holding the trading-manager post); BR02: tm_x (交易部经理), mkt_c; HQ: hqm (总部营销主管,
    approves everywhere). mkt_a develops A1..A3; mkt_c develops X1; tm_mkt develops T1; P1 is
    in BR01's pool. Reservation R (mkt_a) is in review with the candidate NEW; OTHER is an
    account of the same branch that is no candidate."""
    db.make_branch("BR02")
    mk = db.make_staff
    mk("tm1", name="交易经理", staff_type="manager", scope="branch", roles=("trading_manager",),
       posts=("trading_manager",))
    mk("director", name="营销总监", staff_type="manager", scope="subordinates", roles=("marketing_director",),
       posts=("marketing_director",))
    mk("mgr", name="团队经理", staff_type="manager", superior="director", scope="subordinates", public_pool=True)
    mk("mkt_a", name="营销甲", superior="mgr")
    mk("mkt_b", name="营销乙", superior="mgr")
    mk("tm_mkt", name="兼岗营销", roles=("marketing", "trading_manager"), posts=("trading_manager",))
    mk("tm_x", name="二部交易经理", branch="BR02", staff_type="manager", scope="branch",
       roles=("trading_manager",), posts=("trading_manager",))
    mk("mkt_c", name="营销丙", branch="BR02")
    mk("hqm", name="总部营销主管", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",))
    c = {a: db.make_customer(a, b, name=f"客户{a}") for a, b in
         (("A1", "BR01"), ("A2", "BR01"), ("A3", "BR01"), ("X1", "BR02"), ("T1", "BR01"), ("P1", "BR01"))}
    for account in ("A1", "A2", "A3"):
        db.relate(c[account], "mkt_a")
    db.relate(c["X1"], "mkt_c")
    db.relate(c["T1"], "tm_mkt")
    c["NEW"] = db.make_customer("NEW", name="孙五", mobile="13500000005", open_date=today().isoformat())
    c["OTHER"] = db.make_customer("OTHER", name="别人", mobile="13500000777", open_date=today().isoformat())
    with db.admin() as conn:
        reservation = conn.execute(
            "INSERT INTO crm.reservation (staff_id, branch_id, name, mobile, registered_on, status, customer_id, "
            "reason) SELECT s.id, s.branch_id, '孙五', '13500000005', current_date - 3, 'review', %s, "
            "'mobile_of_older_customer' FROM crm.staff s WHERE s.login = 'mkt_a' RETURNING id",
            (c["NEW"],)).fetchone()[0]
    return db, c, reservation


def _version(db, reservation: int) -> int:
    return db.scalar("SELECT version FROM crm.reservation WHERE id = %s", (reservation,))


# Review queue ---------------------------------------------------------------------------------------------

def test_only_the_branch_development_approvers_see_and_resolve_review_items(org):
    db, c, rid = org
    version = _version(db, rid)
    with db.session("tm1") as conn:
        assert [r[0] for r in conn.execute("SELECT id FROM crm.reservation_review_page()")] == [rid]
        assert {r[0] for r in conn.execute("SELECT account_no FROM crm.reservation_review_candidates(%s)",
                                           (rid,))} == {"NEW"}
    for login in ("mkt_b", "mgr", "tm_x", "hqm"):     # no post of the flow / another branch / HQ's post
        with db.session(login) as conn, unchanged(db):
            assert conn.execute("SELECT count(*) FROM crm.reservation_review_page()").fetchone()[0] == 0
            expect_error(conn, "SELECT * FROM crm.reservation_review_candidates(%s)", (rid,), sqlstate="P0002")
            expect_error(conn, "SELECT crm.resolve_reservation(%s, %s, 'confirm', %s)", (rid, version, c["NEW"]),
                         sqlstate="P0002")
            expect_error(conn, "SELECT crm.resolve_reservation(%s, %s, 'reject', NULL, 'x')", (rid, version),
                         sqlstate="P0002")
    # No direct way around the function: staff cannot write the status or the window.
    with db.session("tm1") as conn, unchanged(db):
        expect_error(conn, "UPDATE crm.reservation SET status = 'matched' WHERE id = %s", (rid,), sqlstate="42501")
        expect_error(conn, "UPDATE crm.reservation SET window_end = '2099-01-01' WHERE id = %s", (rid,),
                     sqlstate="42501")


def test_a_candidate_that_is_not_one_of_the_items_is_refused(org):
    db, c, rid = org
    version = _version(db, rid)
    with db.session("tm1") as conn, unchanged(db):
        for customer in (c["OTHER"], c["X1"], c["A1"], -1, None):
            error = expect_error(conn, "SELECT crm.resolve_reservation(%s, %s, 'confirm', %s)",
                                 (rid, version, customer), sqlstate="22023")
            assert "not one of the review item's candidates" in str(error)
        expect_error(conn, "SELECT crm.resolve_reservation(%s, %s, 'approve', %s)", (rid, version, c["NEW"]),
                     sqlstate="22023")
        expect_error(conn, "SELECT crm.resolve_reservation(%s, %s, 'reject', NULL, %s)",
                     (rid, version, "很" * 1_000_000), sqlstate="22023")
        expect_error(conn, "SELECT crm.resolve_reservation(%s, %s, 'extend', NULL, NULL, 21)", (rid, version),
                     sqlstate="22023")
        expect_error(conn, "SELECT crm.resolve_reservation(%s, %s, 'confirm', %s)", (rid, version - 1, c["NEW"]),
                     sqlstate="CR030")


def test_the_registering_staff_member_never_resolves_their_own_item(org):
    db, c, rid = org
    with db.admin() as conn:      # tm_mkt (a marketer with the post) registered this one
        own = conn.execute(
            "INSERT INTO crm.reservation (staff_id, branch_id, name, mobile, registered_on, status, customer_id, "
            "reason) SELECT s.id, s.branch_id, '孙五', '13500000005', current_date - 3, 'review', %s, "
            "'several_reservations' FROM crm.staff s WHERE s.login = 'tm_mkt' RETURNING id", (c["NEW"],)).fetchone()[0]
    with db.session("tm_mkt") as conn, unchanged(db):
        assert rid in [r[0] for r in conn.execute("SELECT id FROM crm.reservation_review_page()")]
        assert own not in [r[0] for r in conn.execute("SELECT id FROM crm.reservation_review_page()")]
        expect_error(conn, "SELECT crm.resolve_reservation(%s, %s, 'confirm', %s)",
                     (own, _version(db, own), c["NEW"]), sqlstate="CR033")


def test_confirm_is_audited_with_the_login_and_a_second_one_is_stale(org):
    db, c, rid = org
    version = _version(db, rid)
    with db.session("tm1") as conn:
        request = conn.execute("SELECT crm.resolve_reservation(%s, %s, 'confirm', %s)",
                               (rid, version, c["NEW"])).fetchone()[0]
    with db.session("tm_mkt") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.resolve_reservation(%s, %s, 'reject', NULL, 'no')", (rid, version),
                     sqlstate="CR030")
    with db.admin() as conn:
        assert conn.execute("SELECT actor FROM crm.audit_log WHERE action = 'review_confirm'").fetchall() == [("tm1",)]
        assert conn.execute("SELECT status, customer_id FROM crm.approval_request WHERE id = %s",
                            (request,)).fetchone() == ("pending", c["NEW"])


def test_the_gate_and_a_session_less_login_get_nothing(org, gate):
    db, c, rid = org
    with db.connect("tm1") as no_session, unchanged(db):
        for query, params in (("SELECT * FROM crm.reservation_review_page()", None),
                              ("SELECT * FROM crm.reservation_review_candidates(%s)", (rid,)),
                              ("SELECT crm.resolve_reservation(%s, 1, 'extend', NULL, NULL, 5)", (rid,)),
                              ("SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', current_date)", None),
                              ("SELECT crm.request_batch_entry('mkt_b', 'development', ARRAY[1]::bigint[])", None),
                              ("SELECT * FROM crm.request_customer_page(1)", None),
                              ("SELECT * FROM crm.handover_staff()", None),
                              ("SELECT * FROM crm.approval_request_customer", None)):
            expect_error(gate, query, params, sqlstate="42501")
        # a staff login without crm.open_session
        expect_error(no_session, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', current_date)",
                     sqlstate="CR005")
        assert no_session.execute("SELECT count(*) FROM crm.reservation_review_page()").fetchone()[0] == 0


# Hand-over -------------------------------------------------------------------------------------------------

def test_hand_over_outside_scope_or_across_branches_is_refused(org):
    db, c, _ = org
    with db.session("mkt_b") as mkt_b, db.session("tm_x") as tm_x, db.session("mgr") as mgr, \
            db.session("hqm") as hqm, unchanged(db):
        # a colleague's customers; another branch's approver
        expect_error(mkt_b, "SELECT crm.request_handover('mkt_a', 'mkt_c', 'development', current_date)",
                     sqlstate="42501")
        expect_error(tm_x, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', current_date)",
                     sqlstate="42501")
        # a receiver mgr does not manage (another branch)
        expect_error(mgr, "SELECT crm.request_handover('mkt_a', 'mkt_c', 'development', current_date)",
                     sqlstate="42501")
        # customers that are not the giver's, named by id
        expect_error(mgr, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', current_date, %s)",
                     ([c["A1"], c["X1"]],), sqlstate="22023")
        # to oneself, to a type that holds no customers, unknown logins, bad kind, far past
        expect_error(mgr, "SELECT crm.request_handover('mkt_a', 'mgr', 'development', current_date)",
                     sqlstate="CR033")
        expect_error(mgr, "SELECT crm.request_handover('mkt_a', 'director', 'development', current_date)",
                     sqlstate="42501")
        expect_error(mgr, "SELECT crm.request_handover('mkt_a', 'nobody', 'development', current_date)",
                     sqlstate="42501")
        expect_error(mgr, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'everything', current_date)",
                     sqlstate="22023")
        expect_error(mgr, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', current_date - 400)",
                     sqlstate="22023")
        # HQ approves everywhere, but customers stay in their branch
        error = expect_error(hqm, "SELECT crm.request_handover('mkt_a', 'mkt_c', 'development', current_date)",
                             sqlstate="42501")
        assert "another branch" in str(error)


def test_megabyte_lists_and_hostile_logins_are_refused_clearly(org):
    db, c, _ = org
    huge = list(range(1, 150_001))                 # 1.2 MB of ids
    with db.session("mgr") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', current_date, %s)",
                             (huge,), sqlstate="22023")
        assert "at most 20000 customers" in str(error)
        expect_error(conn, "SELECT crm.request_batch_entry('mkt_b', 'development', %s)", (huge,), sqlstate="22023")
        expect_error(conn, "SELECT crm.request_batch_entry('mkt_b', 'development', ARRAY[NULL]::bigint[])",
                     sqlstate="22023")
        error = expect_error(conn, "SELECT crm.request_handover(%s, 'mkt_b', 'development', current_date)",
                             ("mkt_a\u202e\u0000x"[:6] + "é" * 1_000_000,), sqlstate="42501")
        # the login is echoed cut to 64 characters; the rest is the two-function context
        assert len(str(error)) < 400 and "é" * 65 not in str(error)
        expect_error(conn, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', current_date, NULL, %s)",
                     ("注" * 1_000_000,), sqlstate="22023")


def test_nobody_approves_their_own_request_nor_one_giving_away_their_customers(org):
    db, c, _ = org
    with db.session("tm1") as conn:                # tm1 asks: tm_mkt's customer to mkt_b
        request = conn.execute("SELECT crm.request_handover('tm_mkt', 'mkt_b', 'development', current_date + 1)"
                               ).fetchone()[0]
    with db.session("tm1") as tm1, db.session("tm_mkt") as giver, db.session("tm_x") as tm_x, \
            db.session("director") as director, unchanged(db):
        expect_error(tm1, "SELECT crm.decide_request(%s, 1, 'approved')", (request,), sqlstate="CR033")
        # the giver holds the post tm1 left out (their own step): the request is not even theirs to see
        expect_error(giver, "SELECT crm.decide_request(%s, 1, 'approved')", (request,), sqlstate="P0002")
        expect_error(tm_x, "SELECT crm.decide_request(%s, 1, 'approved')", (request,), sqlstate="P0002")
    # tm1 asked as the branch's 交易部经理: that step is theirs, given by asking, and the director's
    # approval alone completes the request (crm._start_request).
    with db.session("director") as director:
        assert director.execute("SELECT crm.decide_request(%s, 1, 'approved')", (request,)).fetchone()[0] == "approved"


def test_a_post_holders_request_leaves_out_only_their_own_step(org):
    """The branch's 营销总监 hands mkt_a's customers to mkt_b: one request, one approval (the
    交易部经理's), which the director can never give themselves. A requester without a post, the
    giver holding a post, and someone holding every post of the flow keep every step."""
    db, c, _ = org

    def posts(request: int) -> list[str]:
        return db.scalar("SELECT posts FROM crm.approval_request WHERE id = %s", (request,))

    with db.session("director") as conn:
        request = conn.execute("SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', current_date + 1)"
                               ).fetchone()[0]
    assert posts(request) == ["trading_manager"]
    assert db.scalar("SELECT payload -> 'requester_posts' FROM crm.approval_request WHERE id = %s",
                     (request,)) == ["marketing_director"]
    with db.session("director") as director, unchanged(db):
        expect_error(director, "SELECT crm.decide_request(%s, 1, 'approved')", (request,), sqlstate="CR033")
    with db.session("tm1") as tm1:
        assert tm1.execute("SELECT crm.decide_request(%s, 1, 'approved')", (request,)).fetchone()[0] == "approved"
    assert db.scalar("SELECT count(*) FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id "
                     "WHERE s.login = 'mkt_b' AND r.status = 'live'") == 3

    with db.session("mgr") as conn:                 # no post: both steps
        request = conn.execute("SELECT crm.request_handover('mkt_b', 'mkt_a', 'development', current_date + 2)"
                               ).fetchone()[0]
        assert posts(request) == ["trading_manager", "marketing_director"]
        conn.execute("SELECT crm.withdraw_request(%s)", (request,))
    with db.session("tm_mkt") as conn:              # the giver: their customers, every step
        request = conn.execute("SELECT crm.request_handover('tm_mkt', 'mkt_b', 'development', current_date + 1)"
                               ).fetchone()[0]
        assert posts(request) == ["trading_manager", "marketing_director"]
        conn.execute("SELECT crm.withdraw_request(%s)", (request,))
    with db.admin() as conn:                       # every post of the flow: four eyes keep both steps
        conn.execute("INSERT INTO crm.staff_post (staff_id, post_code) SELECT id, 'trading_manager' "
                     "FROM crm.staff WHERE login = 'director'")
    with db.session("director") as conn:
        request = conn.execute("SELECT crm.request_handover('mkt_b', 'mkt_a', 'development', current_date + 2)"
                               ).fetchone()[0]
        assert posts(request) == ["trading_manager", "marketing_director"]
        expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved')", (request,), sqlstate="CR033")
    with db.session("mkt_a") as conn, unchanged(db):     # nobody writes the steps of a request directly
        expect_error(conn, "UPDATE crm.approval_request SET posts = '{}' WHERE id = %s", (request,),
                     sqlstate="42501")


def test_the_customers_blocking_a_past_hand_over_are_named_only_to_who_may_hand_them_over(org, gate):
    """QA walk: a hand-over from a past day names the relationships begun on or after it
    (crm.handover_blockers) to whoever may ask for it, and p_leave_out hands over the others; the
    server still refuses a relationship begun on or after the day that was not left out."""
    db, c, _ = org
    with db.admin() as conn:      # A2, A3 began yesterday; A1 long ago
        conn.execute("UPDATE crm.relationship SET valid_from = CASE customer_id WHEN %s THEN current_date - 100 "
                     "ELSE current_date - 1 END WHERE customer_id = ANY (%s)", (c["A1"], [c["A1"], c["A2"], c["A3"]]))
    day = today() - dt.timedelta(days=3)
    for login in ("mgr", "tm1", "director"):
        with db.session(login) as conn:
            rows = conn.execute("SELECT customer_id, account_no, customer_name FROM "
                                "crm.handover_blockers('mkt_a', 'development', %s)", (day,)).fetchall()
            assert sorted(r[1] for r in rows) == ["A2", "A3"] and {r[2] for r in rows} == {"客户A2", "客户A3"}
    for login in ("mkt_b", "tm_x", "mkt_c"):       # a colleague, another branch's approver and marketer
        with db.session(login) as conn:
            expect_error(conn, "SELECT * FROM crm.handover_blockers('mkt_a', 'development', %s)", (day,),
                         sqlstate="42501")
    expect_error(gate, "SELECT * FROM crm.handover_blockers('mkt_a', 'development', %s)", (day,), sqlstate="42501")
    with db.session("mgr") as conn, unchanged(db):
        # leaving out only one of the two: still refused, with the count
        error = expect_error(conn, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', %s, NULL, NULL, %s)",
                             (day, [c["A3"]]), sqlstate="22023")
        assert str(error).startswith("1 of the relationships began on or after")
        # leaving out everyone: nothing to hand over; a megabyte list and an empty entry: refused
        expect_error(conn, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', %s, NULL, NULL, %s)",
                     (day, [c["A1"], c["A2"], c["A3"]]), sqlstate="22023")
        expect_error(conn, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', %s, NULL, NULL, %s)",
                     (day, list(range(1, 150_001))), sqlstate="22023")
        expect_error(conn, "SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', %s, NULL, NULL, "
                     "ARRAY[NULL]::bigint[])", (day,), sqlstate="22023")
    with db.session("mkt_b") as conn, unchanged(db):   # leave_out does not open another's customers
        expect_error(conn, "SELECT crm.request_handover('mkt_a', 'mkt_c', 'development', %s, NULL, NULL, %s)",
                     (day, [c["A2"], c["A3"]]), sqlstate="42501")
    with db.session("mgr") as conn:
        request = conn.execute("SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', %s, NULL, NULL, %s)",
                               (day, [c["A2"], c["A3"], c["X1"]])).fetchone()[0]
    assert db.scalar("SELECT array_agg(customer_id) FROM crm.approval_request_customer WHERE request_id = %s",
                     (request,)) == [c["A1"]]
    assert db.scalar("SELECT payload -> 'left_out' FROM crm.approval_request WHERE id = %s", (request,)) == 2


def test_a_post_holders_release_service_and_transfer_requests_leave_out_only_their_own_step(org):
    """QA walk: the branch's only 营销总监 asking for a release, a service assignment or a transfer
    waited forever for the step only they could decide. As for a hand-over, their own post's step
    is left out when another approver keeps one; a request about oneself keeps every step."""
    db, c, _ = org

    def posts(request: int) -> list[str]:
        return db.scalar("SELECT posts FROM crm.approval_request WHERE id = %s", (request,))

    def status(request: int) -> str:
        return db.scalar("SELECT status FROM crm.approval_request WHERE id = %s", (request,))

    staff_type = db.scalar("SELECT staff_type FROM crm.staff WHERE login = 'mkt_b'")
    with db.session("director") as conn:
        release = conn.execute("SELECT crm.request_release(%s, 'development')", (c["A1"],)).fetchone()[0]
        service = conn.execute("SELECT crm.request_service(%s, 'mkt_b')", (c["A2"],)).fetchone()[0]
        transfer = conn.execute("SELECT crm.request_transfer('mkt_b', %s, 'BR02')", (staff_type,)).fetchone()[0]
    assert posts(release) == ["trading_manager", "hq_marketing"]
    assert posts(service) == ["trading_manager"]
    assert posts(transfer) == ["hq_marketing"]
    with db.session("director") as director, unchanged(db):      # still never their own decision
        for request in (release, service, transfer):
            expect_error(director, "SELECT crm.decide_request(%s, 1, 'approved')", (request,), sqlstate="CR033")
    with db.session("tm1") as tm1:
        assert tm1.execute("SELECT crm.decide_request(%s, 1, 'approved')", (release,)).fetchone()[0] == "pending"
        assert tm1.execute("SELECT crm.decide_request(%s, 1, 'approved')", (service,)).fetchone()[0] == "approved"
    with db.session("hqm") as hqm:
        assert hqm.execute("SELECT crm.decide_request(%s, 2, 'approved')", (release,)).fetchone()[0] == "approved"
        assert hqm.execute("SELECT crm.decide_request(%s, 1, 'approved')", (transfer,)).fetchone()[0] == "approved"
    assert (status(release), status(service), status(transfer)) == ("approved", "approved", "approved")
    assert db.scalar("SELECT b.code FROM crm.staff s JOIN crm.branch b ON b.id = s.branch_id "
                     "WHERE s.login = 'mkt_b'") == "BR02"
    with db.session("mgr") as conn:                 # no post: every step
        request = conn.execute("SELECT crm.request_release(%s, 'development')", (c["A3"],)).fetchone()[0]
        assert posts(request) == ["trading_manager", "marketing_director", "hq_marketing"]
    with db.session("tm_mkt") as conn:              # their own relationship: every step, theirs none
        request = conn.execute("SELECT crm.request_release(%s, 'development')", (c["T1"],)).fetchone()[0]
        assert posts(request) == ["trading_manager", "marketing_director", "hq_marketing"]
        expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved')", (request,), sqlstate="CR033")


def test_the_customer_list_is_read_only_by_those_who_see_the_request(org):
    db, c, _ = org
    with db.session("mgr") as conn:
        request = conn.execute("SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', current_date + 1)"
                               ).fetchone()[0]
        assert conn.execute("SELECT count(*) FROM crm.request_customer_page(%s)", (request,)).fetchone()[0] == 3
    with db.session("tm1") as conn:                # the step's approver, whatever their customer scope
        assert conn.execute("SELECT count(*) FROM crm.request_customer_page(%s)", (request,)).fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM crm.approval_request_customer").fetchone()[0] == 3
    for login in ("mkt_c", "tm_x", "mkt_a"):       # mkt_a: the giver is not a party to the request
        with db.session(login) as conn:
            assert conn.execute("SELECT count(*) FROM crm.request_customer_page(%s)", (request,)).fetchone()[0] == 0
            assert conn.execute("SELECT count(*) FROM crm.approval_request_customer").fetchone()[0] == 0
    with db.session("mgr") as conn, unchanged(db):
        expect_error(conn, "INSERT INTO crm.approval_request_customer VALUES (%s, %s, 1, NULL)",
                     (request, c["P1"]), sqlstate="42501")
        expect_error(conn, "DELETE FROM crm.approval_request_customer", sqlstate="42501")


def test_batch_entry_only_for_visible_customers_of_the_receivers_branch(org):
    db, c, _ = org
    with db.session("mgr") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.request_batch_entry('mkt_b', 'development', %s)",
                             ([c["P1"], c["X1"]],), sqlstate="P0002")
        assert "1 of the listed customers are not among yours" in str(error)
        expect_error(conn, "SELECT crm.request_batch_entry('mkt_b', 'development', %s)", ([c["A1"]],),
                     sqlstate="CR031")
        expect_error(conn, "SELECT crm.request_batch_entry('mgr', 'development', %s)", ([c["P1"]],),
                     sqlstate="CR033")
    with db.session("mgr") as conn:
        request = conn.execute("SELECT crm.request_batch_entry('mkt_b', 'development', %s)",
                               ([c["P1"]],)).fetchone()[0]
    assert db.scalar("SELECT flow_code FROM crm.approval_request WHERE id = %s", (request,)) == "batch_entry"


def test_an_approved_hand_over_is_audited_row_by_row_and_no_staff_role_skips_or_writes_the_audit(org):
    """Migration 0041 audits relationships once per statement (crm.audit_statement) and lets the
    approval refresh the rollups once (crm.relationship_rollup_deferral): still one audit row per
    released and per new relationship, written as the approving login; no staff role -- neither
    approver, nor the requester -- can write or remove an audit row, turn the triggers off,
    defer the rollups or call the internal functions."""
    db, c, _ = org
    with db.session("mgr") as conn:
        request = conn.execute("SELECT crm.request_handover('mkt_a', 'mkt_b', 'development', current_date + 1)"
                               ).fetchone()[0]
    first_audit = db.scalar("SELECT max(id) FROM crm.audit_log")
    with db.admin() as conn:
        released = sorted(r[0] for r in conn.execute(
            "SELECT r.id FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id "
            "WHERE s.login = 'mkt_a' AND r.status = 'live'").fetchall())
    assert len(released) == 3
    with db.session("director") as director, db.session("tm1") as tm1, db.session("mgr") as mgr, unchanged(db):
        for conn in (director, tm1, mgr):
            expect_error(conn, "INSERT INTO crm.audit_log (actor, table_name, action, row_key) "
                               "VALUES ('someone', 'relationship', 'update', '1')", sqlstate="42501")
            expect_error(conn, "DELETE FROM crm.audit_log WHERE table_name = 'relationship'", sqlstate="42501")
            expect_error(conn, "ALTER TABLE crm.relationship DISABLE TRIGGER audit_update", sqlstate="42501")
            expect_error(conn, "SET session_replication_role = replica", sqlstate="42501")
            expect_error(conn, "INSERT INTO crm.relationship_rollup_deferral DEFAULT VALUES", sqlstate="42501")
            expect_error(conn, "SELECT crm.audit_statement()", sqlstate="42501")
            expect_error(conn, "SELECT crm._refresh_relationship_rollups(%s, current_date, '{}', '{}')",
                         ([c["A1"]],), sqlstate="42501")
            expect_error(conn, "UPDATE crm.relationship SET staff_id = staff_id WHERE customer_id = %s",
                         (c["A1"],), sqlstate="42501")
    with db.session("tm1") as tm1:
        tm1.execute("SELECT crm.decide_request(%s, 1, 'approved')", (request,))
    with db.session("director") as director:
        approver = director.execute("SELECT session_user").fetchone()[0]
        assert director.execute("SELECT crm.decide_request(%s, 2, 'approved')", (request,)).fetchone()[0] == "approved"
    with db.admin() as conn:
        audit = conn.execute("SELECT actor, action, row_key, old_values, new_values FROM crm.audit_log "
                             "WHERE id > %s AND table_name = 'relationship' ORDER BY row_key::bigint",
                             (first_audit,)).fetchall()
        added = sorted(r[0] for r in conn.execute(
            "SELECT r.id FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id "
            "WHERE s.login = 'mkt_b' AND r.status = 'live'").fetchall())
        holders = conn.execute("SELECT count(*) FROM crm.customer c JOIN crm.staff s ON s.id = c.developer_id "
                               "WHERE s.login = 'mkt_b' AND c.id = ANY (%s)",
                               ([c["A1"], c["A2"], c["A3"]],)).fetchone()[0]
    assert {a[0] for a in audit} == {approver}
    assert [(a[1], int(a[2])) for a in audit] == [("update", r) for r in released] + [("insert", r) for r in added]
    for _, action, _, old, new in audit:
        if action == "update":
            assert set(old) == set(new) == {"status", "valid_to", "released_at", "released_by"}
            assert (old["status"], new["status"], new["released_by"]) == ("live", "released", approver)
        else:
            assert old is None and new["status"] == "live" and new["created_by"] == approver
    assert holders == 3
