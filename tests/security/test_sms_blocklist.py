"""The SMS blacklist / opt-out list and lifting one entry (crm.sms_block_list,
crm.sms_unblock_entry, crm.sms_block since 0022), as staff roles talking to PostgreSQL directly:
who sees which entries, no raw number anywhere, a sender can neither lift nor overwrite HQ's
blacklisting, nobody acts outside their branch, a reason is required and hostile text refused,
the gate login and a login without a CRM session get nothing."""

from __future__ import annotations

import pytest

from tests.security.helpers import expect_error, unchanged
from tests.security.test_sms import M_INFO, M_OTHER, sms_world  # noqa: F401 - the fixture

M_FAR = "13700001111"
M_HQ = "13600002222"


@pytest.fixture
def blocked(sms_world):  # noqa: F811 - the imported fixture
    """info_a opted 'other' out (BR01); info_c opted 'far' out (BR02); HQ blacklisted 'mine' and a
    number of no customer."""
    db, ids = sms_world
    with db.session("info_a") as conn:
        conn.execute("SELECT crm.sms_block(NULL, %s, 'opted_out', '客户要求')", (ids["other"],))
    with db.session("info_c") as conn:
        conn.execute("SELECT crm.sms_block(NULL, %s, 'opted_out', 'BR02 客户要求')", (ids["far"],))
    with db.session("hq_root") as conn:
        conn.execute("SELECT crm.sms_block(NULL, %s, 'blacklisted', '投诉')", (ids["mine"],))
        conn.execute("SELECT crm.sms_block(%s, NULL, 'blacklisted', '诈骗')", (M_HQ,))
    entry = {number: db.scalar("SELECT id FROM crm.sms_blacklist WHERE mobile = %s", (number,))
             for number in (M_INFO, M_OTHER, M_FAR, M_HQ)}
    return db, ids, entry


def listed(conn, customer_id=None) -> list[tuple]:
    return conn.execute("SELECT mobile_masked, kind, note, customer_name FROM crm.sms_block_list(%s, NULL, NULL, 100)",
                        (customer_id,)).fetchall()


def test_hq_sees_all_a_branch_its_own_customers_entries(blocked):
    db, ids, _ = blocked
    with db.session("hq_root") as hq, db.session("info_a") as info_a, db.session("info_c") as info_c, \
            db.session("admin_br") as admin_br:
        assert {r[0] for r in listed(hq)} == {"139****5678", "186****5678", "137****1111", "136****2222"}
        assert {(r[0], r[1]) for r in listed(info_a)} == {("139****5678", "blacklisted"), ("186****5678", "opted_out")}
        assert [(r[0], r[2]) for r in listed(info_c)] == [("137****1111", "BR02 客户要求")]
        assert {r[0] for r in listed(admin_br)} == {"139****5678", "186****5678"}
        # One customer's entry: only for a customer one sees.
        assert listed(info_a, ids["mine"]) == [("139****5678", "blacklisted", "投诉", "张三")]
        expect_error(info_a, "SELECT * FROM crm.sms_block_list(%s, NULL, NULL, 10)", (ids["far"],), sqlstate="42501")
        for conn in (hq, info_a, info_c):
            for row in conn.execute("SELECT t::text FROM crm.sms_block_list(NULL, NULL, NULL, 100) t").fetchall():
                assert not any(n in row[0] for n in (M_INFO, M_OTHER, M_FAR, M_HQ))


def test_keyset_pages_never_repeat_or_skip(blocked):
    db, _, _ = blocked
    with db.session("hq_root") as hq:
        seen, key = [], (None, None)
        while True:
            page = hq.execute("SELECT id, created_at FROM crm.sms_block_list(NULL, %s, %s, 1)", (key[1], key[0])).fetchall()
            if not page:
                break
            seen.append(page[0][0])
            key = page[0]
        assert len(seen) == len(set(seen)) == 4
        expect_error(hq, "SELECT * FROM crm.sms_block_list(NULL, now(), NULL, 10)", sqlstate="22023")
        expect_error(hq, "SELECT * FROM crm.sms_block_list(NULL, NULL, NULL, 100000)", sqlstate="22023")


def test_who_may_not_list_or_lift(blocked, gate):
    db, ids, entry = blocked
    with db.session("plain_mkt") as mkt, db.connect("info_a") as no_session, unchanged(db):
        expect_error(mkt, "SELECT * FROM crm.sms_block_list(NULL, NULL, NULL, 10)", sqlstate="42501")
        expect_error(mkt, "SELECT crm.sms_unblock_entry(%s, '理由')", (entry[M_OTHER],), sqlstate="42501")
        expect_error(no_session, "SELECT * FROM crm.sms_block_list(NULL, NULL, NULL, 10)", sqlstate="CR005")
        expect_error(no_session, "SELECT crm.sms_unblock_entry(%s, '理由')", (entry[M_OTHER],), sqlstate="CR005")
        for call in ("SELECT * FROM crm.sms_block_list(NULL, NULL, NULL, 10)", "SELECT crm.sms_unblock_entry(1, 'x')"):
            expect_error(gate, call, sqlstate="42501")


def test_a_sender_cannot_lift_or_overwrite_hq_blacklisting_nor_another_branchs_entry(blocked):
    db, ids, entry = blocked
    with db.session("info_a") as info_a, unchanged(db):
        error = expect_error(info_a, "SELECT crm.sms_unblock_entry(%s, '我想发')", (entry[M_INFO],), sqlstate="42501")
        assert "only HQ" in str(error)
        expect_error(info_a, "SELECT crm.sms_unblock_entry(%s, '理由')", (entry[M_HQ],), sqlstate="42501")
        expect_error(info_a, "SELECT crm.sms_unblock_entry(%s, '理由')", (entry[M_FAR],), sqlstate="42501")
        # Before 0022 this turned HQ's blacklisting into an opt-out the sender could then lift.
        error = expect_error(info_a, "SELECT crm.sms_block(NULL, %s, 'opted_out', 'x')", (ids["mine"],),
                             sqlstate="42501")
        assert "only HQ" in str(error)
        expect_error(info_a, "SELECT crm.sms_unblock(NULL, %s)", (ids["mine"],), sqlstate="42501")


@pytest.mark.parametrize("reason, sqlstate, words", [
    (None, "22023", "reason is required"), ("  \u3000 ", "22023", "reason is required"),
    ("x" * 1_000_000, "22023", "at most 500"), ("a\u202eevil", "22023", "control or invisible"),
    ("bell\x07", "22023", "control or invisible"),
])
def test_lifting_needs_a_clean_reason(blocked, reason, sqlstate, words):
    db, _, entry = blocked
    with db.session("info_a") as info_a, unchanged(db):
        error = expect_error(info_a, "SELECT crm.sms_unblock_entry(%s, %s)", (entry[M_OTHER], reason), sqlstate=sqlstate)
        assert words in str(error)


def test_lifting_own_branch_opt_out_is_audited_with_the_reason(blocked):
    db, ids, entry = blocked
    with db.session("info_a") as info_a:
        assert info_a.execute("SELECT crm.sms_unblock_entry(%s, '客户重新同意')", (entry[M_OTHER],)).fetchone()[0]
        assert not info_a.execute("SELECT crm.sms_unblock_entry(%s, '再来一次')", (entry[M_OTHER],)).fetchone()[0]
    actor, reason, kind = db.scalar(
        "SELECT ARRAY[actor, new_values->>'reason', old_values->>'kind'] FROM crm.audit_log "
        "WHERE table_name = 'sms_blacklist' AND action = 'unblock' ORDER BY id DESC LIMIT 1")
    assert (actor, reason, kind) == ("info_a", "客户重新同意", "opted_out")
    with db.session("hq_root") as hq:
        assert hq.execute("SELECT crm.sms_unblock_entry(%s, '核实后解除')", (entry[M_INFO],)).fetchone()[0]


def test_block_note_refuses_hostile_text(blocked):
    db, ids, _ = blocked
    with db.session("hq_root") as hq, unchanged(db):
        expect_error(hq, "SELECT crm.sms_block('13500003333', NULL, 'blacklisted', %s)", ("a\u200bb",), sqlstate="22023")
