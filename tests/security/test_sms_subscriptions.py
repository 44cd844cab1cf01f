"""信息栏目 subscriptions, as staff roles talking to PostgreSQL directly (psycopg, no app code): only
senders subscribe, only customers they see and of their own branch, nobody writes the tables
directly, HQ alone defines columns and publishes, nobody decides their own move request, a branch
reads only its own subscriptions, the agent's functions are the agent's, the gate login gets
nothing, hostile and megabyte input is refused in words with nothing changed."""

from __future__ import annotations

import psycopg
import pytest

from tests.security.helpers import expect_error, unchanged


@pytest.fixture
def world(db):
    db.make_branch("BR02")
    db.make_staff("info_a", name="信息甲", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("info_b", name="信息乙", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("info_far", branch="BR02", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("own_info", roles=("info_manager",))            # sees only their own customers
    db.make_staff("plain_mkt", scope="branch", public_pool=True)   # sees the branch, no send right
    db.make_staff("director", staff_type="manager", roles=("marketing_director", "info_manager"),
                  posts=("marketing_director",), scope="branch", public_pool=True)
    db.make_staff("hq_root", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    ids = {"a": db.make_customer("C1", mobile="13912345678"), "b": db.make_customer("C2", mobile="18612345678"),
           "far": db.make_customer("C3", "BR02", mobile="13700001111")}
    with db.admin() as conn:
        column = conn.execute("INSERT INTO crm.sms_column (name) VALUES ('早盘提示') RETURNING id").fetchone()[0]
        conn.execute("INSERT INTO crm.sms_quota (staff_id, monthly_quota) SELECT id, 100 FROM crm.staff "
                     "WHERE login LIKE 'info_%'")
    with db.session("info_far") as conn:
        conn.execute("SELECT crm.sms_subscribe(%s::smallint, %s)", (column, [ids["far"]]))
    return db, column, ids


def sid(db, login: str) -> int:
    return db.scalar("SELECT id FROM crm.staff WHERE login = %s", (login,))


SUBSCRIBE = "SELECT crm.sms_subscribe(%s::smallint, %s)"
UNSUBSCRIBE = "SELECT crm.sms_unsubscribe(%s::smallint, %s)"


def test_non_sender_invisible_customer_and_other_branch_are_refused(world):
    db, column, ids = world
    with db.session("plain_mkt") as plain, db.session("own_info") as own, db.session("info_a") as info_a, \
            db.connect("info_a") as no_session, unchanged(db):
        for statement in (SUBSCRIBE, UNSUBSCRIBE):
            error = expect_error(plain, statement, (column, [ids["a"]]), sqlstate="42501")
            assert "短信发送" in str(error)
            error = expect_error(own, statement, (column, [ids["a"]]), sqlstate="42501")
            assert "not visible" in str(error)
            # BR02's customer: not visible to a BR01 sender, so refused before anything else.
            expect_error(info_a, statement, (column, [ids["a"], ids["far"]]), sqlstate="42501")
            expect_error(no_session, statement, (column, [ids["a"]]), sqlstate="CR005")


def test_hq_sees_every_branch_but_subscribes_none_of_them(world):
    """HQ's administrator sees BR02's customer but holds no send right; a branch sender who sees
    a customer of another branch (branch scope) is refused because the branch pays."""
    db, column, ids = world
    db.make_staff("scoped_info", roles=("info_manager",), scope="all", branch_scope=("BR01", "BR02"))
    with db.session("hq_root") as hq, db.session("scoped_info") as scoped, unchanged(db):
        expect_error(hq, SUBSCRIBE, (column, [ids["far"]]), sqlstate="42501")
        error = expect_error(scoped, SUBSCRIBE, (column, [ids["far"]]), sqlstate="42501")
        assert "another branch" in str(error)


def test_a_branch_reads_only_its_own_subscriptions(world):
    db, column, ids = world
    with db.session("info_a") as conn:
        conn.execute(SUBSCRIBE, (column, [ids["a"]]))
        assert conn.execute("SELECT count(*) FROM crm.sms_subscription").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM crm.sms_subscription WHERE customer_id = %s",
                            (ids["far"],)).fetchone()[0] == 0
    with db.session("info_far") as conn:
        assert conn.execute("SELECT customer_id FROM crm.sms_subscription").fetchall() == [(ids["far"],)]
    with db.session("hq_root") as conn:
        assert conn.execute("SELECT count(*) FROM crm.sms_subscription").fetchone()[0] == 2


WRITES = [
    "INSERT INTO crm.sms_column (name) VALUES ('自建栏目')",
    "UPDATE crm.sms_column SET active = false",
    "INSERT INTO crm.sms_column_issue (column_id, body) SELECT id, 'x' FROM crm.sms_column",
    "UPDATE crm.sms_column_issue SET delivered_at = NULL",
    "INSERT INTO crm.sms_subscription (column_id, customer_id, branch_id, sender_id) "
    "SELECT 1, c.id, c.branch_id, 1 FROM crm.customer c",
    "UPDATE crm.sms_subscription SET sender_id = crm.current_staff_id()",
    "UPDATE crm.sms_subscription SET ended_at = now(), ended_by = 'x'",
    "DELETE FROM crm.sms_subscription",
    "DELETE FROM crm.sms_issue_delivery",
    "INSERT INTO crm.sms_issue_delivery (issue_id, customer_id, subscription_id, branch_id, sender_id, skip_reason) "
    "VALUES (1, 1, 1, 1, 1, 'no_mobile')",
]


def test_no_direct_writes(world):
    db, column, ids = world
    conns = [db.session(login) for login in ("info_a", "hq_root", "director")]
    try:
        with unchanged(db):
            for conn in conns:
                for statement in WRITES:
                    expect_error(conn, statement, sqlstate="42501")
    finally:
        for conn in conns:
            conn.close()


def test_columns_and_issues_only_by_hq(world):
    db, column, ids = world
    with db.session("info_a") as conn, db.session("director") as director, unchanged(db):
        for c in (conn, director):
            expect_error(c, "SELECT crm.sms_save_column(NULL, '午间快讯', '', true)", sqlstate="42501")
            expect_error(c, "SELECT crm.sms_publish_issue(%s::smallint, '今日提示')", (column,), sqlstate="42501")
            expect_error(c, "SELECT crm.sms_issue_preview(%s::smallint, '今日提示')", (column,), sqlstate="42501")
    with db.session("hq_root") as hq:
        hq.execute("SELECT crm.sms_publish_issue(%s::smallint, '今日提示')", (column,))
    assert db.scalar("SELECT actor FROM crm.audit_log WHERE table_name = 'sms_column_issue'") == "hq_root"


def test_agent_functions_and_internal_helpers_are_closed_to_staff(world):
    db, column, ids = world
    with db.session("hq_root") as conn, unchanged(db):
        for call in ("SELECT crm.sms_agent_deliver_issues(10)", "SELECT * FROM crm.sms_agent_subscription_backlog()",
                     "SELECT * FROM crm.sms_issue_recipients(1::smallint, 'x', 0, 1)", "SELECT crm.sms_sender_problem(1)",
                     "SELECT * FROM crm.sms_subscription_targets('{1}')"):
            expect_error(conn, call, sqlstate="42501")


def test_move_request_rules_and_nobody_approves_their_own(world):
    db, column, ids = world
    a, b, far = sid(db, "info_a"), sid(db, "info_b"), sid(db, "info_far")
    with db.session("info_a") as conn:
        conn.execute(SUBSCRIBE, (column, [ids["a"], ids["b"]]))
    move = "SELECT crm.request_sms_subscription_move(%s, %s, %s)"
    with db.session("plain_mkt") as plain, db.session("info_b") as info_b, db.session("info_far") as info_far, \
            unchanged(db):
        expect_error(plain, move, (a, b, None), sqlstate="42501")
        expect_error(info_far, move, (a, b, None), sqlstate="42501")          # another branch's senders
        expect_error(info_b, move, (a, far, None), sqlstate="42501")          # to another branch's sender
        expect_error(info_b, move, (a, sid(db, "plain_mkt"), None), sqlstate="22023")   # no send right
        expect_error(info_b, move, (a, a, None), sqlstate="22023")
        expect_error(info_b, move, (b, a, None), sqlstate="22023")            # info_b sends nothing
        expect_error(info_b, move, (a, b, "备" * 1001), sqlstate="22023")
    # The director asks; then neither they nor info_a (named by it) decide it.
    with db.session("director") as conn:
        request = conn.execute(move, (a, b, "信息管理员更换")).fetchone()[0]
        with unchanged(db):
            expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved')", (request,), sqlstate="CR033")
            expect_error(conn, move, (a, b, None), sqlstate="CR032")        # one pending move per sender
    with db.session("info_a") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.decide_request(%s, 1, 'approved')", (request,), sqlstate="CR033")
    assert db.scalar("SELECT count(*) FROM crm.sms_subscription WHERE sender_id = %s AND ended_at IS NULL", (a,)) == 2


def test_move_fails_with_the_reason_when_the_new_sender_lost_the_right(world):
    db, column, ids = world
    a, b = sid(db, "info_a"), sid(db, "info_b")
    db.make_staff("director2", staff_type="manager", roles=("marketing_director",), posts=("marketing_director",))
    db.make_staff("hqm", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",))
    with db.session("info_a") as conn:
        conn.execute(SUBSCRIBE, (column, [ids["a"]]))
        request = conn.execute("SELECT crm.request_sms_subscription_move(%s, %s, NULL)", (a, b)).fetchone()[0]
    with db.session("director2") as conn:
        assert conn.execute("SELECT crm.decide_request(%s, 1, 'approved')", (request,)).fetchone()[0] == "pending"
    with db.admin() as conn:
        conn.execute("DELETE FROM crm.staff_role WHERE staff_id = %s", (b,))
    with db.session("hqm") as conn:
        assert conn.execute("SELECT crm.decide_request(%s, 2, 'approved')", (request,)).fetchone()[0] == "failed"
    assert "no longer holds the SMS send right" in db.scalar("SELECT outcome FROM crm.approval_request WHERE id = %s",
                                                             (request,))
    assert db.scalar("SELECT sender_id FROM crm.sms_subscription WHERE ended_at IS NULL AND customer_id = %s",
                     (ids["a"],)) == a


def test_gate_login_gets_nothing(world, gate):
    db, column, ids = world
    with unchanged(db):
        for call in ("SELECT crm.sms_subscribe(1::smallint, '{1}')", "SELECT crm.sms_unsubscribe(1::smallint, '{1}')",
                     "SELECT crm.sms_save_column(NULL, 'x', '', true)", "SELECT crm.sms_publish_issue(1::smallint, 'x')",
                     "SELECT crm.sms_issue_preview(1::smallint, 'x')", "SELECT * FROM crm.sms_subscription_problems()",
                     "SELECT crm.request_sms_subscription_move(1, 2, NULL)", "SELECT crm.sms_agent_deliver_issues(1)",
                     "SELECT * FROM crm.sms_subscription", "SELECT * FROM crm.sms_column",
                     "SELECT * FROM crm.sms_column_issue", "SELECT * FROM crm.sms_issue_delivery"):
            expect_error(gate, call, sqlstate="42501")


@pytest.mark.parametrize("name, words", [
    ("", "needs a name"), ("  \u3000 ", "needs a name"), ("栏" * 41, "at most 40"), ("早盘\u202e提示", "invisible"),
    ("x" * 1_000_000, "at most 40"),
])
def test_hostile_column_names_refused(world, name, words):
    db, column, ids = world
    with db.session("hq_root") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.sms_save_column(NULL, %s, '', true)", (name,), sqlstate="22023")
        assert words in str(error)


@pytest.mark.parametrize("text, words", [
    ("a\u202eevil", "U+202E"), ("x" * 1_000_000, "at most 500"), ("{身份证号}", "unknown placeholder"), ("   ", "empty"),
])
def test_hostile_and_huge_issue_text_refused(world, text, words):
    db, column, ids = world
    with db.session("hq_root") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.sms_publish_issue(%s::smallint, %s)", (column, text), sqlstate="22023")
        assert words in str(error)
        expect_error(conn, "SELECT crm.sms_issue_preview(%s::smallint, %s)", (column, text), sqlstate="22023")


def test_megabyte_id_lists_and_nul_are_refused(world):
    db, column, ids = world
    with db.session("info_a") as conn, unchanged(db):
        error = expect_error(conn, SUBSCRIBE, (column, list(range(1, 1_000_002))), sqlstate="22023")
        assert "at most 1 000 000" in str(error)
        expect_error(conn, SUBSCRIBE, (column, [ids["a"], 2 ** 62]), sqlstate="42501")   # a made-up id
        with pytest.raises(psycopg.DataError):
            conn.execute("SELECT crm.request_sms_subscription_move(1, 2, %s)", ("a\x00b",))
