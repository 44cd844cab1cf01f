"""Four eyes stay four (issue #11 part 3) and the smaller leaks of part 6, tried as an attacker with
plain psycopg as the staff roles and the gate login: nobody grants, revokes or decides for
themselves; the export and SMS rights come only from HQ; one person never decides two steps of a
request; only marketing staff hold relationships; the crm_approvals ping says nothing; shared
analysis layouts need a session. Every refusal changes nothing, is worded, and is in the server
log with the login and the SQLSTATE (the transaction's own audit rows roll back with it)."""

from __future__ import annotations

import pytest
from psycopg.types.json import Jsonb

from tests.security.helpers import expect_error, log_entries_since, log_position, unchanged, wait_for

FOUR_EYES = "CR033"
NO_RELATIONSHIPS = "CR034"


@pytest.fixture
def org(db):
    """BR01: adm (营业部管理员), tm1 / tm2 (交易部经理), dir1 / dir2 (营销总监), mgr above mkt_a, mkt_b
    and the analyst ana (back office, 多维分析角色, scope branch); HQ: hq (总部系统管理员)."""
    mk = db.make_staff
    mk("adm", staff_type="back_office", roles=("branch_admin",))
    mk("hq01", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    for login in ("tm1", "tm2"):
        mk(login, staff_type="manager", scope="branch", roles=("trading_manager",), posts=("trading_manager",))
    for login in ("dir1", "dir2"):
        mk(login, staff_type="manager", scope="branch", roles=("marketing_director",),
           posts=("marketing_director",))
    mk("mgr", staff_type="manager", scope="subordinates", public_pool=True)
    mk("mkt_a", superior="mgr", public_pool=True)
    mk("mkt_b", superior="mgr")
    mk("ana", staff_type="back_office", roles=("analyst",), scope="branch", superior="mgr")
    customers = {acct: db.make_customer(acct, name=f"客户{acct}") for acct in ("P1", "P2", "A1")}
    db.relate(customers["A1"], "mkt_a")
    return customers


def refusal_logged(db, position, login: str, sqlstate: str) -> dict:
    """The server log's ERROR record of a refusal: who, which SQLSTATE, what was said."""
    def found():
        return next((e for e in log_entries_since(db, position)
                     if e.get("user") == login and e.get("state_code") == sqlstate), None)
    entry = wait_for(found)
    assert entry, f"no {sqlstate} of {login} in the server log"
    return entry


def roles_of(db, login: str) -> list[str]:
    return db.scalar("SELECT coalesce(array_agg(r.role_code ORDER BY r.role_code), '{}') FROM crm.staff_role r "
                     "JOIN crm.staff s ON s.id = r.staff_id WHERE s.login = %s", (login,))


# Nobody administers their own account ----------------------------------------------------------------

@pytest.mark.parametrize("call", [
    "crm.grant_role('adm', 'trading_manager')",
    "crm.revoke_role('adm', 'marketing')",
    "crm.grant_post('adm', 'trading_manager')",
    "crm.grant_post('adm', 'marketing_director')",
    "crm.revoke_post('adm', 'trading_manager')",
    "crm.set_scope('adm', 'branch', true, NULL)",
    "crm.set_scope('adm', NULL, NULL, '{BR01}')",
    "crm.set_superior('adm', 'mgr')",
])
def test_a_branch_administrator_cannot_change_their_own_account(db, org, call):
    position = log_position(db)
    with db.session("adm") as conn, unchanged(db):
        error = expect_error(conn, f"SELECT {call}", sqlstate=FOUR_EYES)
    assert "their own" in error.diag.message_primary
    entry = refusal_logged(db, position, "adm", FOUR_EYES)
    assert "their own" in entry["message"]


def test_an_hq_administrator_cannot_either_but_another_administrator_can(db, org):
    with db.session("hq01") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.grant_role('hq01', 'data_export')", sqlstate=FOUR_EYES)
        expect_error(conn, "SELECT crm.revoke_role('hq01', 'hq_admin')", sqlstate=FOUR_EYES)
        expect_error(conn, "SELECT crm.grant_post('hq01', 'hq_marketing')", sqlstate=FOUR_EYES)
    # The attack's accomplice path stays open only through a second person, and is audited as theirs.
    with db.session("hq01") as conn:
        conn.execute("SELECT crm.grant_post('adm', 'trading_manager')")
    with db.session("adm") as conn:
        conn.execute("SELECT crm.grant_role('mkt_b', 'analyst')")
    assert "analyst" in roles_of(db, "mkt_b")
    with db.admin() as conn:
        actors = {r[0] for r in conn.execute(
            "SELECT actor FROM crm.audit_log WHERE table_name IN ('staff_role', 'staff_post') AND action = 'insert' "
            "AND at > now() - interval '1 minute'")}
    assert {"hq01", "adm"} <= actors


# Rights only HQ grants -------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["data_export", "info_manager", "marketing_director", "branch_admin",
                                  "trading_manager"])
def test_export_and_sms_rights_come_only_from_hq(db, org, role):
    """FAQ 8 (export) and 23 (SMS): a role carrying either is HQ's to grant and to revoke."""
    with db.session("adm") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.grant_role('mkt_a', %s)", (role,), sqlstate="42501")
        assert "only HQ" in error.diag.message_primary
        expect_error(conn, "SELECT crm.create_staff('sneaky', '偷偷', 'BR01', NULL, 'marketing', %s)",
                     ([role],), sqlstate="42501")
    with db.session("hq01") as conn:
        conn.execute("SELECT crm.grant_role('mkt_a', %s)", (role,))
    with db.session("adm") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.revoke_role('mkt_a', %s)", (role,), sqlstate="42501")


def test_approval_posts_come_only_from_hq(db, org):
    """Else a branch administrator could make two accounts of their own the two approvers."""
    with db.session("adm") as conn, unchanged(db):
        for call in ("crm.grant_post('mkt_b', 'trading_manager')", "crm.revoke_post('tm1', 'trading_manager')"):
            error = expect_error(conn, f"SELECT {call}", sqlstate="42501")
            assert "only HQ administrators grant or revoke approval posts" in error.diag.message_primary
        expect_error(conn, "SELECT crm.create_staff('puppet', '傀儡', 'BR01', NULL, 'manager', '{marketing}', "
                           "'{marketing_director}')", sqlstate="42501")


def test_the_analysis_role_is_the_branchs_to_give_and_carries_no_export(db, org):
    """FAQ 29: the branch administrator gives 多维分析角色; exporting is a separate right (FAQ 8)."""
    with db.session("adm") as conn:
        conn.execute("SELECT crm.grant_role('mkt_b', 'analyst')")
    with db.session("mkt_b") as conn:
        assert conn.execute("SELECT crm.has_permission('analysis'), crm.has_permission('export')").fetchone() \
            == (True, False)
        expect_error(conn, "SELECT crm.begin_export('customers', %s)", (Jsonb({"filter": None}),), sqlstate="42501")
    with db.admin() as conn:
        flagged = {r[0] for r in conn.execute("SELECT code FROM crm.permission WHERE granted_by_hq")}
    assert {"export", "sms_send", "admin_all"} <= flagged


# Deciding --------------------------------------------------------------------------------------------

def test_one_person_never_decides_two_steps_of_a_request(db, org):
    # HQ (a second person) legitimately gives tm1 both posts of the development flow.
    with db.session("hq01") as conn:
        conn.execute("SELECT crm.grant_post('tm1', 'marketing_director')")
        conn.execute("SELECT crm.grant_role('tm1', 'marketing_director')")
    with db.session("mkt_a") as conn:
        rid = conn.execute("SELECT crm.request_claim(%s)", (org["P1"],)).fetchone()[0]
    with db.session("tm1") as conn:
        assert conn.execute("SELECT crm.decide_request(%s, 1, 'approved', 'ok')", (rid,)).fetchone()[0] == "pending"
    position = log_position(db)
    with db.session("tm1") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.decide_request(%s, 2, 'approved', NULL)", (rid,), sqlstate=FOUR_EYES)
        assert "already decided step 1" in error.diag.message_primary
        # ... and it no longer waits for them, yet they still see it (their history).
        assert conn.execute("SELECT status, current_step FROM crm.approval_request WHERE id = %s",
                            (rid,)).fetchone() == ("pending", 2)
    refusal_logged(db, position, "tm1", FOUR_EYES)
    # Still visible after losing the post that made them an approver of it.
    with db.session("hq01") as conn:
        conn.execute("SELECT crm.revoke_post('tm1', 'trading_manager')")
        conn.execute("SELECT crm.revoke_post('tm1', 'marketing_director')")
    with db.session("tm1") as conn:
        assert conn.execute("SELECT count(*) FROM crm.approval_request WHERE id = %s", (rid,)).fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM crm.approval_parties(ARRAY[%s]::bigint[])", (rid,)).fetchone()[0] == 1
        assert conn.execute("SELECT decided_by_login FROM crm.approval_deciders(ARRAY[%s]::bigint[])",
                            (rid,)).fetchall() == [("tm1",)]
    with db.session("dir1") as conn:
        assert conn.execute("SELECT crm.decide_request(%s, 2, 'approved', NULL)", (rid,)).fetchone()[0] == "approved"


def test_nobody_decides_a_request_they_started_or_that_names_them(db, org):
    with db.session("hq01") as conn:
        conn.execute("SELECT crm.grant_post('mgr', 'trading_manager')")
        conn.execute("SELECT crm.grant_role('mgr', 'trading_manager')")
    with db.session("mgr") as conn:
        rid = conn.execute("SELECT crm.request_service(%s, 'mkt_b')", (org["A1"],)).fetchone()[0]
        with unchanged(db):
            expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,), sqlstate=FOUR_EYES)
    with db.session("hq01") as conn:
        conn.execute("SELECT crm.grant_post('mkt_b', 'trading_manager')")
        conn.execute("SELECT crm.grant_role('mkt_b', 'trading_manager')")
    with db.session("mkt_b") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,), sqlstate=FOUR_EYES)


# Who may hold a relationship ---------------------------------------------------------------------------

def test_a_read_only_analyst_cannot_start_a_service_request_naming_itself(db, org):
    position = log_position(db)
    with db.session("ana") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.request_service(%s, 'ana')", (org["A1"],), sqlstate=FOUR_EYES)
        assert "themselves" in error.diag.message_primary
    refusal_logged(db, position, "ana", FOUR_EYES)
    # Named by their manager instead: their type holds no relationships.
    with db.session("mgr") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.request_service(%s, 'ana')", (org["A1"],), sqlstate=NO_RELATIONSHIPS)
        assert "only marketing staff" in error.diag.message_primary


def test_only_marketing_staff_claim_or_are_assigned(db, org):
    # A manager with the public pool in scope cannot develop a pool customer for themselves.
    with db.session("mgr") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.request_claim(%s)", (org["P1"],), sqlstate=NO_RELATIONSHIPS)
    with db.session("dir1") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.request_service(%s, 'tm1')", (org["A1"],), sqlstate=NO_RELATIONSHIPS)


def test_a_subject_who_stopped_being_marketing_staff_ends_the_request_as_failed(db, org):
    with db.session("mkt_a") as conn:
        rid = conn.execute("SELECT crm.request_claim(%s)", (org["P2"],)).fetchone()[0]
    with db.session("tm1") as conn:
        conn.execute("SELECT crm.decide_request(%s, 1, 'approved', NULL)", (rid,))
    with db.admin() as conn:      # e.g. a transfer to the back office approved meanwhile
        conn.execute("UPDATE crm.staff SET staff_type = 'back_office' WHERE login = 'mkt_a'")
    with db.session("dir1") as conn:
        assert conn.execute("SELECT crm.decide_request(%s, 2, 'approved', NULL)", (rid,)).fetchone()[0] == "failed"
    with db.admin() as conn:
        outcome, developer = conn.execute(
            "SELECT r.outcome, c.developer_id FROM crm.approval_request r JOIN crm.customer c ON c.id = r.customer_id "
            "WHERE r.id = %s", (rid,)).fetchone()
    assert "only marketing staff" in outcome and developer is None


# Smaller leaks -------------------------------------------------------------------------------------------

def test_the_gate_hears_a_bare_ping_about_other_branches_requests(db, org, gate):
    gate.execute("LISTEN crm_approvals")
    with db.session("mkt_a") as conn:
        conn.execute("SELECT crm.request_claim(%s)", (org["P1"],))
    notes = list(gate.notifies(timeout=5, stop_after=1))
    assert [n.payload for n in notes] == [""]
    # What the ping is about stays behind RLS and grants.
    expect_error(gate, "SELECT count(*) FROM crm.approval_request", sqlstate="42501")


def test_shared_layouts_are_not_readable_without_a_session(db, org, gate):
    with db.session("hq01") as conn:
        conn.execute("INSERT INTO crm.pivot_layout (name, definition, shared) VALUES ('总部月报', '{}', true)")
    with db.connect("mkt_b") as conn:                                # signed in to PostgreSQL, no CRM session
        assert conn.execute("SELECT count(*) FROM crm.pivot_layout").fetchone()[0] == 0
    with db.session("mkt_b") as conn:
        assert conn.execute("SELECT name FROM crm.pivot_layout").fetchall() == [("总部月报",)]
    expect_error(gate, "SELECT count(*) FROM crm.pivot_layout", sqlstate="42501")


def test_the_visibility_rule_is_written_once(db):
    """The policy and the three definer readers call one function (no drifting copies)."""
    with db.admin() as conn:
        policy = conn.execute("SELECT qual FROM pg_policies WHERE schemaname = 'crm' "
                              "AND tablename = 'approval_request' AND policyname = 'involved_read'").fetchone()[0]
        bodies = dict(conn.execute("SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'crm'::regnamespace "
                                   "AND proname IN ('decide_request', 'approval_parties', 'approval_deciders')"))
    assert "approval_request_visible" in policy
    assert all("approval_request_visible" in body for body in bodies.values()) and len(bodies) == 3
    # ... and the policy still plans as an expression over InitPlans, not a call per row.
    db.make_staff("mkt_x")
    with db.session("mkt_x") as conn:
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN SELECT count(*) FROM crm.approval_request"))
    assert "approval_request_visible" not in plan and "InitPlan" in plan, plan
