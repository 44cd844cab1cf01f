"""短信 SMS to reservations (预约), as staff roles talking to PostgreSQL directly (psycopg, no app
code): only reservations the caller sees (registering staff / branch scope) are sent to, the send
right and the quota still decide, the gate login does nothing, the outbox names exactly one of
customer / reservation and keeps the raw mobile from every reader."""

from __future__ import annotations

import json

import pytest

from tests.security.helpers import expect_error, unchanged

RESERVATIONS = '{"kind": "reservations"}'


@pytest.fixture
def prospects(db):
    db.make_branch("BR02")
    db.make_staff("info_a", name="信息甲", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("info_c", branch="BR02", name="信息丙", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("plain_mkt", name="普通营销")
    db.make_staff("hq_root", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    ids = {}
    with db.admin() as conn:
        for login, quota in (("info_a", 10), ("info_c", 10)):
            conn.execute("INSERT INTO crm.sms_quota (staff_id, monthly_quota) "
                         "SELECT id, %s FROM crm.staff WHERE login = %s", (quota, login))
        for key, login, name, mobile in (("near", "plain_mkt", "预约甲", "13912345678"),
                                         ("far", "info_c", "预约丙", "13700001111")):
            ids[key] = conn.execute(
                "INSERT INTO crm.reservation (staff_id, branch_id, name, mobile) "
                "SELECT s.id, s.branch_id, %s, %s FROM crm.staff s WHERE s.login = %s RETURNING id",
                (name, mobile, login)).fetchone()[0]
    return db, ids


def queue(conn, ids, text="{姓名}{称呼}您好"):
    return conn.execute("SELECT crm.sms_queue(%s, %s, %s)", (ids, text, RESERVATIONS)).fetchone()[0]


def test_reservations_outside_the_callers_scope_are_refused(prospects):
    db, ids = prospects
    with db.session("info_a") as conn, unchanged(db):
        error = expect_error(conn, "SELECT crm.sms_queue(%s, 'x', %s)", ([ids["near"], ids["far"]], RESERVATIONS),
                             sqlstate="42501")
        assert "1 of the 2 reservations are not visible" in str(error)
        expect_error(conn, "SELECT crm.sms_preview(%s, 'x', 10, %s)", ([ids["far"]], RESERVATIONS), sqlstate="42501")


def test_the_registering_marketer_without_the_send_right_is_refused(prospects):
    db, ids = prospects
    with db.session("plain_mkt") as conn, db.connect("info_a") as no_session, unchanged(db):
        # plain_mkt registered the reservation and sees it, but holds no 短信发送.
        assert conn.execute("SELECT count(*) FROM crm.reservation WHERE id = %s", (ids["near"],)).fetchone()[0] == 1
        error = expect_error(conn, "SELECT crm.sms_queue(%s, 'x', %s)", ([ids["near"]], RESERVATIONS),
                             sqlstate="42501")
        assert "短信发送" in str(error)
        expect_error(conn, "SELECT crm.sms_preview(%s, 'x', 10, %s)", ([ids["near"]], RESERVATIONS), sqlstate="42501")
        expect_error(no_session, "SELECT crm.sms_queue(%s, 'x', %s)", ([ids["near"]], RESERVATIONS), sqlstate="CR005")


def test_gate_login_can_do_nothing(prospects, gate):
    db, ids = prospects
    with unchanged(db):
        for call in ("SELECT crm.sms_queue('{1}', 'x', '{\"kind\": \"reservations\"}')",
                     "SELECT crm.sms_preview('{1}', 'x', 10, '{\"kind\": \"reservations\"}')",
                     "SELECT * FROM crm.sms_reservation_recipients('{1}', 'x')",
                     "SELECT * FROM crm.sms_source_recipients('{1}', 'x', true)",
                     "SELECT * FROM crm.visible_reservation_ids('{1}')"):
            expect_error(gate, call, sqlstate="42501")


def test_internal_functions_are_not_callable_by_staff(prospects):
    """They return raw mobiles: only the definer functions call them."""
    db, ids = prospects
    with db.session("info_a") as conn:
        for call in ("SELECT * FROM crm.sms_reservation_recipients(%s, 'x')",
                     "SELECT * FROM crm.sms_source_recipients(%s, 'x', true)",
                     "SELECT * FROM crm.visible_reservation_ids(%s)"):
            expect_error(conn, call, ([ids["near"]],), sqlstate="42501")


def test_queued_for_a_reservation_charged_to_its_branch_without_the_raw_mobile(prospects):
    db, ids = prospects
    with db.session("info_a") as conn:
        result = queue(conn, [ids["near"]])
        assert result["queued"] == 1 and result["parts"] == 1
        row = conn.execute("SELECT customer_id, reservation_id, branch_id, mobile_masked, body FROM crm.sms_message"
                           ).fetchone()
        branch = db.scalar("SELECT branch_id FROM crm.reservation WHERE id = %s", (ids["near"],))
        assert row == (None, ids["near"], branch, "139****5678", "预约甲先生/女士您好")
        expect_error(conn, "SELECT mobile FROM crm.sms_message", sqlstate="42501")
        # The batch's own record of its source: no personal data.
        source = conn.execute("SELECT source FROM crm.sms_batch").fetchone()[0]
        assert source == {"kind": "reservations"} and "13912345678" not in json.dumps(result)
    # The other branch's information manager sees neither the reservation nor its message.
    with db.session("info_c") as other:
        assert other.execute("SELECT count(*) FROM crm.sms_message").fetchone()[0] == 0


def test_no_direct_write_of_a_reservation_message_and_one_recipient_only(prospects):
    db, ids = prospects
    with db.session("info_a") as conn, unchanged(db):
        expect_error(conn, "INSERT INTO crm.sms_message (batch_id, reservation_id, branch_id, sender_id, "
                           "sender_branch_id, month, mobile, carrier, body, chars, parts, cost) "
                           "VALUES (1, %s, 1, 1, 1, '2026-01-01', '13900000000', 'mobile', 'x', 1, 1, 0)",
                     (ids["near"],), sqlstate="42501")
    with db.admin() as admin:
        batch = admin.execute("INSERT INTO crm.sms_batch (sender_id, branch_id, template, recipients, queued, parts, "
                              "cost) SELECT id, branch_id, 'x', 1, 1, 1, 0 FROM crm.staff WHERE login = 'info_a' "
                              "RETURNING id").fetchone()[0]
        for customer_id, reservation_id in ((None, None), (1, ids["near"])):
            expect_error(admin, "INSERT INTO crm.sms_message (batch_id, customer_id, reservation_id, branch_id, "
                                "sender_id, sender_branch_id, month, mobile, carrier, body, chars, parts, cost) "
                                "VALUES (%s, %s, %s, 1, 1, 1, '2026-01-01', '13900000000', 'mobile', 'x', 1, 1, 0)",
                         (batch, customer_id, reservation_id), sqlstate="23514")
