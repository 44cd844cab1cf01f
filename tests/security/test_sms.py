"""短信 SMS security, as staff roles talking to PostgreSQL directly (psycopg, no app code): who may
send, quotas refused by the server, no write path around the definer functions, no raw mobile
through any SMS function or table, the gate login, hostile text, and two senders racing for
one branch's monthly volume."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from tests.security.helpers import expect_error, unchanged

M_INFO, M_OTHER = "13912345678", "18612345678"


@pytest.fixture
def sms_world(db):
    db.make_branch("BR02")
    db.make_staff("info_a", name="信息甲", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("info_b", name="信息乙", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("info_c", branch="BR02", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("plain_mkt")
    db.make_staff("hq_root", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    db.make_staff("admin_br", staff_type="back_office", roles=("branch_admin",))
    ids = {"mine": db.make_customer("C1", mobile=M_INFO), "other": db.make_customer("C2", mobile=M_OTHER),
           "far": db.make_customer("C3", "BR02", mobile="13700001111")}
    with db.admin() as conn:
        for login, quota in (("info_a", 10), ("info_b", 10)):
            conn.execute("INSERT INTO crm.sms_quota (staff_id, monthly_quota) "
                         "SELECT id, %s FROM crm.staff WHERE login = %s", (quota, login))
    return db, ids


def queue(conn, ids, text="您好{姓名}"):
    return conn.execute("SELECT crm.sms_queue(%s, %s, '{}')", (ids, text)).fetchone()[0]


def test_non_sender_and_no_session_are_refused(sms_world):
    db, ids = sms_world
    with db.session("plain_mkt") as conn, db.connect("info_a") as no_session, unchanged(db):
        error = expect_error(conn, "SELECT crm.sms_queue(%s, 'x', '{}')", ([ids["mine"]],), sqlstate="42501")
        assert "短信发送" in str(error)
        expect_error(conn, "SELECT crm.sms_preview(%s, 'x', 10)", ([ids["mine"]],), sqlstate="42501")
        # Signed in to PostgreSQL, no CRM session.
        expect_error(no_session, "SELECT crm.sms_queue(%s, 'x', '{}')", ([ids["mine"]],), sqlstate="CR005")


def test_no_quota_and_over_quota_are_refused_with_the_reason(sms_world):
    db, ids = sms_world
    with db.session("info_c") as conn, db.session("info_a") as info_a, unchanged(db):
        error = expect_error(conn, "SELECT crm.sms_queue(%s, 'x', '{}')", ([ids["far"]],), sqlstate="CR040")
        assert "no monthly SMS quota" in str(error)
        status = conn.execute("SELECT monthly_quota, remaining FROM crm.sms_quota_status()").fetchone()
        assert status == (None, None)
        error = expect_error(info_a, "SELECT crm.sms_queue(%s, %s, '{}')", ([ids["mine"], ids["other"]], "好" * 400),
                             sqlstate="CR041")
        assert "needs 12 message parts but only 10" in str(error)


def test_invisible_customers_are_refused(sms_world):
    db, ids = sms_world
    with db.session("info_a") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.sms_queue(%s, 'x', '{}')", ([ids["mine"], ids["far"]],), sqlstate="42501")
        assert "not visible" in str(error)
        expect_error(conn, "SELECT crm.sms_preview(%s, 'x', 10)", ([ids["far"]],), sqlstate="42501")
        expect_error(conn, "SELECT crm.sms_block(NULL, %s, 'opted_out')", (ids["far"],), sqlstate="42501")


WRITES = [
    "INSERT INTO crm.sms_message (batch_id, customer_id, branch_id, sender_id, sender_branch_id, month, mobile, "
    "carrier, body, chars, parts, cost) VALUES (1, 1, 1, 1, 1, '2026-01-01', '13900000000', 'mobile', 'x', 1, 1, 0)",
    "UPDATE crm.sms_message SET status = 'delivered'",
    "DELETE FROM crm.sms_message",
    "INSERT INTO crm.sms_quota (staff_id, monthly_quota) SELECT id, 99999 FROM crm.staff",
    "UPDATE crm.sms_quota SET monthly_quota = 99999",
    "UPDATE crm.sms_staff_usage SET used = 0",
    "UPDATE crm.sms_branch_usage SET used = 0",
    "INSERT INTO crm.sms_branch_volume (branch_id, monthly_volume) SELECT id, 999999 FROM crm.branch",
    "UPDATE crm.sms_carrier SET price_per_part = 0",
    "INSERT INTO crm.sms_carrier_prefix (prefix, carrier) VALUES ('199', 'mobile')",
    "DELETE FROM crm.sms_blacklist",
    "INSERT INTO crm.sms_blacklist (mobile, kind) VALUES ('13900000000', 'blacklisted')",
    "UPDATE crm.sms_template SET body = 'x'",
    "UPDATE crm.sms_settings SET max_attempts = 100",
    "INSERT INTO crm.sms_batch (sender_id, branch_id, template, recipients, queued, parts, cost) VALUES (1, 1, 'x', 0, 0, 0, 0)",
]


def test_no_direct_writes(sms_world):
    db, ids = sms_world
    with db.session("info_a") as conn:
        queue(conn, [ids["mine"]])
    conns = [db.session(login) for login in ("info_a", "hq_root", "admin_br")]
    try:
        with unchanged(db):
            for conn in conns:
                for statement in WRITES:
                    expect_error(conn, statement, sqlstate="42501")
    finally:
        for conn in conns:
            conn.close()


def test_settings_only_by_hq_and_never_for_oneself(sms_world):
    db, ids = sms_world
    info_a = db.scalar("SELECT id FROM crm.staff WHERE login = 'info_a'")
    hq_root = db.scalar("SELECT id FROM crm.staff WHERE login = 'hq_root'")
    others = [db.session(login) for login in ("info_a", "admin_br", "plain_mkt")]
    hq = db.session("hq_root")
    try:
        with unchanged(db):
            for conn in others:
                expect_error(conn, "SELECT crm.sms_set_quota(%s, 100000)", (info_a,), sqlstate="42501")
                expect_error(conn, "SELECT crm.sms_set_price('mobile', 0)", sqlstate="42501")
                expect_error(conn, "SELECT crm.sms_set_prefix('199', 'mobile')", sqlstate="42501")
                expect_error(conn, "SELECT crm.sms_set_branch_volume(1::smallint, 999999)", sqlstate="42501")
                expect_error(conn, "SELECT crm.sms_block('13900000000', NULL, 'blacklisted')", sqlstate="42501")
            expect_error(hq, "SELECT crm.sms_set_quota(%s, 100)", (hq_root,), sqlstate="CR033")
            expect_error(hq, "SELECT crm.sms_set_quota(%s, -1)", (info_a,), sqlstate="22023")
            expect_error(hq, "SELECT crm.sms_set_price('mobile', 11)", sqlstate="22023")
            expect_error(hq, "SELECT crm.sms_set_prefix('1234567', 'mobile')", sqlstate="22023")
        hq.execute("SELECT crm.sms_set_quota(%s, 500)", (info_a,))
    finally:
        for conn in others + [hq]:
            conn.close()
    assert db.scalar("SELECT monthly_quota FROM crm.sms_quota WHERE staff_id = %s", (info_a,)) == 500
    assert db.scalar("SELECT actor FROM crm.audit_log WHERE table_name = 'sms_quota' ORDER BY id DESC LIMIT 1") == "hq_root"


def test_no_raw_mobile_through_any_sms_path(sms_world):
    db, ids = sms_world
    with db.session("info_a") as conn:
        queue(conn, [ids["mine"]])
        conn.execute("SELECT crm.sms_block(NULL, %s, 'opted_out')", (ids["other"],))
        expect_error(conn, "SELECT mobile FROM crm.sms_message", sqlstate="42501")
        expect_error(conn, "SELECT * FROM crm.sms_message", sqlstate="42501")
        expect_error(conn, "SELECT * FROM crm.sms_blacklist", sqlstate="42501")
        for call in ("SELECT * FROM crm.sms_recipients(%s, 'x')", "SELECT crm.sms_classify_mobile('139')",
                     "SELECT * FROM crm.sms_agent_claim(10, 60)", "SELECT crm.sms_agent_result('[]')",
                     "SELECT crm.sms_agent_delivery('[]')", "SELECT crm.sms_give_back('{1}')",
                     "SELECT * FROM crm.sms_agent_backlog()",
                     "SELECT crm.sms_render('x', 'a', 'M', 'b', 'c')"):
            expect_error(conn, call, ([ids["mine"]],) if "%s" in call else None, sqlstate="42501")
        preview = conn.execute("SELECT crm.sms_preview(%s, '{姓名}', 10)::text",
                               ([ids["mine"], ids["other"]],)).fetchone()[0]
        readable = conn.execute("SELECT m::text FROM (SELECT mobile_masked, body, last_error, failed_reason "
                                "FROM crm.sms_message) m").fetchall()
        for text in [preview] + [r[0] for r in readable]:
            assert M_INFO not in text and M_OTHER not in text
        assert "139****5678" in preview


def test_gate_login_can_do_nothing(sms_world, gate):
    db, ids = sms_world
    with unchanged(db):
        for call in ("SELECT crm.sms_queue('{1}', 'x', '{}')", "SELECT crm.sms_preview('{1}', 'x', 10)",
                     "SELECT * FROM crm.sms_quota_status()", "SELECT crm.sms_set_quota(1, 1)",
                     "SELECT crm.sms_block('13900000000', NULL, 'blacklisted')", "SELECT * FROM crm.sms_agent_claim(1, 1)",
                     "SELECT * FROM crm.sms_agent_backlog()",
                     "SELECT * FROM crm.sms_message", "SELECT * FROM crm.sms_carrier", "SELECT * FROM crm.sms_quota"):
            expect_error(gate, call, sqlstate="42501")


@pytest.mark.parametrize("text, words", [
    ("a\u202eevil", "U+202E"), ("zero\u200bwidth", "U+200B"), ("bell\x07", "U+0007"), ("bom\ufeff", "U+FEFF"),
    ("   \u3000 ", "empty"), ("x" * 1_000_000, "at most 500"), ("{姓名}{身份证号}", "unknown placeholder {身份证号}"),
    ("{{姓名}", "not part of a placeholder"),
])
def test_hostile_and_huge_text_refused_clearly(sms_world, text, words):
    db, ids = sms_world
    with db.session("info_a") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.sms_queue(%s, %s, '{}')", ([ids["mine"]], text), sqlstate="22023")
        assert words in str(error)


def test_nul_in_text_never_reaches_a_row(sms_world):
    db, ids = sms_world
    with db.session("info_a") as conn, unchanged(db):
        with pytest.raises(psycopg.DataError):
            conn.execute("SELECT crm.sms_queue(%s, %s, '{}')", ([ids["mine"]], "a\x00b"))


def test_two_senders_race_for_one_branch_volume(sms_world):
    """The branch may send 3 more parts; two senders each queue 2 at the same moment. The second
    waits for the first's lock, then sees the charge and is refused: 2 parts used, never 4."""
    db, ids = sms_world
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.sms_branch_volume (branch_id, monthly_volume) "
                     "SELECT id, 3 FROM crm.branch WHERE code = 'BR01'")
    first = db.session("info_a")
    second = db.session("info_b")
    try:
        first.autocommit = False
        queue(first, [ids["mine"], ids["other"]])          # charged, not yet committed: holds the row lock
        outcome: dict[str, object] = {}

        def race():
            try:
                outcome["result"] = queue(second, [ids["mine"], ids["other"]])
            except psycopg.Error as error:
                outcome["error"] = error

        thread = threading.Thread(target=race)
        thread.start()
        time.sleep(1.0)
        assert thread.is_alive(), "the second sender did not wait for the first one's charge"
        first.commit()
        thread.join(10)
        assert outcome["error"].sqlstate == "CR041" and "branch" in str(outcome["error"])
    finally:
        first.close()
        second.close()
    assert db.scalar("SELECT used FROM crm.sms_branch_usage") == 2
    assert db.scalar("SELECT count(*) FROM crm.sms_message") == 2
    assert db.scalar("SELECT sum(used) FROM crm.sms_staff_usage") == 2


def test_quota_raise_only_through_an_hq_decision(sms_world, gate):
    """A sender asks; only HQ's marketing post decides; the requester, a branch administrator and
    the gate cannot apply it; nobody writes the quota around the approval."""
    db, ids = sms_world
    db.make_staff("hq_mkt", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",),
                  scope="all")
    with db.session("plain_mkt") as conn:
        expect_error(conn, "SELECT crm.request_sms_quota(100000, NULL)", sqlstate="42501")
    expect_error(gate, "SELECT crm.request_sms_quota(100000, NULL)", sqlstate="42501")
    with db.session("info_a") as conn:
        request_id = conn.execute("SELECT crm.request_sms_quota(100000, 50000, 'x')").fetchone()[0]
        expect_error(conn, "SELECT crm.request_sms_quota(NULL, NULL)", sqlstate="22023")
    # The requester: four eyes; a branch administrator does not even see it; HQ's administrator
    # holds no approval post.
    others = [(db.session(login), states) for login, states in (("info_a", {"CR033"}), ("admin_br", {"P0002"}),
                                                                 ("hq_root", {"42501", "P0002"}))]
    try:
        with unchanged(db):
            for other, states in others:
                with pytest.raises(psycopg.Error) as refused:
                    other.execute("SELECT crm.decide_request(%s, 1, 'approved')", (request_id,))
                assert refused.value.sqlstate in states, refused.value
                expect_error(other, "UPDATE crm.approval_request SET status = 'approved'", sqlstate="42501")
    finally:
        for other, _ in others:
            other.close()
    assert db.scalar("SELECT monthly_quota FROM crm.sms_quota q JOIN crm.staff s ON s.id = q.staff_id "
                     "WHERE s.login = 'info_a'") == 10
    with db.session("hq_mkt") as hq:
        hq.execute("SELECT crm.decide_request(%s, 1, 'approved')", (request_id,))
    assert db.scalar("SELECT monthly_quota FROM crm.sms_quota q JOIN crm.staff s ON s.id = q.staff_id "
                     "WHERE s.login = 'info_a'") == 100000
