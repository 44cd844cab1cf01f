"""短信 SMS services (services.sms) on a real database: carrier and cost per prefix, parts at
70/67, placeholders (unknown, missing), skip reasons (blacklist, opt-out, HK/Macau, not a mainland
mobile, no mobile), preview totals over the whole set, queueing and charging the quota, every
recipient source (ids, group, the customer list's filter, the birthday / new-account reminders),
the log and the cost report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import psycopg
import pytest

from crm_desktop.services import customer_groups, sms
from crm_desktop.services.customer_query.filters import Condition
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskCancelled, TaskContext

D = dt.date
Src = sms.RecipientSource


@pytest.fixture
def shop(db):
    """An information manager (branch scope, so they see the branch's customers), an HQ
    administrator who sets quotas, and a marketer without the send right."""
    db.make_staff("sms_info", name="王信息", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("sms_hq", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    db.make_staff("sms_mkt", name="孙营销")
    return db


def customer(db, account: str, mobile: str | None, *, name: str = "张三", gender: str = "M",
             birthday: str = "1980-05-06", open_date: str = "2024-01-02") -> int:
    cid = db.make_customer(account, name=name, birthday=birthday, open_date=open_date)
    with db.admin() as conn:
        conn.execute("UPDATE crm.customer SET gender = %s WHERE id = %s", (gender, cid))
        conn.execute("UPDATE crm.customer_ext SET mobile = %s WHERE customer_id = %s", (mobile, cid))
    return cid


def give_quota(db, login: str, quota: int | None) -> None:
    staff_id = db.scalar("SELECT id FROM crm.staff WHERE login = %s", (login,))
    with db.session("sms_hq") as conn:
        sms.set_quota(conn, staff_id, quota)


def test_carrier_cost_and_parts_per_prefix(shop):
    ids = {
        "mobile": customer(shop, "S001", "13912345678"),
        "unicom": customer(shop, "S002", "18612345678"),
        "telecom": customer(shop, "S003", "18912345678"),
        "telecom_1349": customer(shop, "S004", "13491234567"),     # Telecom's block inside Mobile's 134
        "mobile_1340": customer(shop, "S005", "13401234567"),
    }
    with shop.session("sms_info") as conn:
        preview = sms.render_preview(conn, Src(customer_ids=list(ids.values())), "您好{姓名}{称呼}")
        by_id = {r.customer_id: r for r in preview.rows}
        assert by_id[ids["mobile"]].carrier == "mobile" and by_id[ids["mobile"]].cost == Decimal("0.0500")
        assert by_id[ids["unicom"]].carrier == "unicom" and by_id[ids["unicom"]].cost == Decimal("0.0350")
        assert by_id[ids["telecom"]].carrier == "telecom"
        assert by_id[ids["telecom_1349"]].carrier == "telecom"
        assert by_id[ids["mobile_1340"]].carrier == "mobile"
        assert by_id[ids["mobile"]].text == "您好张三先生"
        assert by_id[ids["mobile"]].mobile_masked == "139****5678"
        assert preview.cost == Decimal("0.05") * 2 + Decimal("0.035") * 3
        assert preview.parts == 5 and preview.sendable == 5 and preview.recipients == 5

        # HQ changes a price: the next preview uses it.
    with shop.session("sms_hq") as hq:
        sms.set_price(hq, "unicom", "0.04")
        sms.set_prefix(hq, "186", "telecom")
    with shop.session("sms_info") as conn:
        preview = sms.render_preview(conn, Src(customer_ids=[ids["unicom"]]), "x")
        assert preview.rows[0].carrier == "telecom" and preview.cost == Decimal("0.035")
        carriers = {c.code: c for c in sms.list_carriers(conn)}
        assert carriers["unicom"].price_per_part == Decimal("0.04") and "186" in carriers["telecom"].prefixes


@pytest.mark.parametrize("chars, parts", [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)])
def test_parts_at_70_and_67(shop, chars, parts):
    cid = customer(shop, "P001", "13912345678")
    with shop.session("sms_info") as conn:
        preview = sms.render_preview(conn, Src(customer_ids=[cid]), "好" * chars)
    assert (preview.rows[0].chars, preview.rows[0].parts) == (chars, parts)
    assert preview.cost == Decimal("0.05") * parts
    assert sms.message_parts("好" * chars) == parts


def test_a_character_outside_the_bmp_counts_twice(shop):
    cid = customer(shop, "P002", "13912345678")
    with shop.session("sms_info") as conn:
        preview = sms.render_preview(conn, Src(customer_ids=[cid]), "生日快乐🎂" + "好" * 65)
    assert preview.rows[0].chars == 71 == sms.message_chars("生日快乐🎂" + "好" * 65)
    assert preview.rows[0].parts == 2


def test_skip_reasons(shop):
    ids = {
        "ok": customer(shop, "K001", "13912345678"),
        "none": customer(shop, "K002", None),
        "hk": customer(shop, "K003", "+85291234567"),
        "macau": customer(shop, "K004", "0085361234567"),
        "foreign": customer(shop, "K005", "+12025550123"),
        "black": customer(shop, "K006", "13800001111"),
        "opted": customer(shop, "K007", "13800002222"),
    }
    with shop.admin() as conn:      # the counter mobile is never used, even when the extended one is empty
        conn.execute("UPDATE crm.customer SET mobile = '13999999999' WHERE id = %s", (ids["none"],))
    with shop.session("sms_hq") as hq:
        assert sms.block_number(hq, mobile="+86 138-0000-1111", kind="blacklisted") is True
    with shop.session("sms_info") as conn:
        assert sms.block_number(conn, customer_id=ids["opted"], kind="opted_out") is True
        preview = sms.render_preview(conn, Src(customer_ids=list(ids.values())), "{姓名}您好")
        reasons = {r.customer_id: r.skip_reason for r in preview.rows}
        assert reasons == {ids["ok"]: None, ids["none"]: "no_mobile", ids["hk"]: "hk_macau",
                           ids["macau"]: "hk_macau", ids["foreign"]: "not_mainland_mobile",
                           ids["black"]: "blacklisted", ids["opted"]: "opted_out"}
        assert preview.skipped_by_reason == {"no_mobile": 1, "hk_macau": 2, "not_mainland_mobile": 1,
                                             "blacklisted": 1, "opted_out": 1}
        assert preview.sendable == 1 and preview.parts == 1 and preview.cost == Decimal("0.05")
        # A sender cannot lift HQ's blacklist; HQ can.
        with pytest.raises(CrmRefusal) as refused:
            sms.unblock(conn, customer_id=ids["black"])
        assert refused.value.kind == "not_permitted"
        assert sms.unblock(conn, customer_id=ids["opted"]) is True


def test_placeholders_unknown_and_missing(shop):
    male = customer(shop, "M001", "13912345678", name="李雷")
    unknown_gender = customer(shop, "M002", "13912345679", name="韩梅梅")
    with shop.admin() as conn:
        conn.execute("UPDATE crm.customer SET gender = NULL WHERE id = %s", (unknown_gender,))
    give_quota(shop, "sms_info", 100)
    with shop.session("sms_info") as conn:
        for bad, word in (("你好{年龄}", "{年龄}"), ("你好{", "{ or }"), ("", "empty"), ("a\u202eb", "U+202E"),
                          ("a\x07b", "U+0007"), ("好" * 501, "at most 500")):
            with pytest.raises(CrmRefusal) as refused:
                sms.render_preview(conn, Src(customer_ids=[male]), bad)
            assert refused.value.kind == "invalid_input" and word in refused.value.message
        preview = sms.render_preview(conn, Src(customer_ids=[male, unknown_gender]),
                                     "尊敬的{name}{salutation}，{营业部}{员工}")
        assert preview.missing_fields == ["称呼"]
        assert preview.rows[0].text == "尊敬的李雷先生，北京金融街营业部王信息"
        with pytest.raises(CrmRefusal) as refused:
            sms.queue(conn, Src(customer_ids=[male, unknown_gender]), "尊敬的{姓名}{称呼}")
        assert "{称呼}" in refused.value.message and "韩梅梅" in refused.value.message
        assert sms.quota_status(conn).used == 0 and sms.message_count(conn) == 0
        # Without the salutation the same recipients are fine.
        assert sms.queue(conn, Src(customer_ids=[male, unknown_gender]), "{姓名}您好").queued == 2


def test_queue_charges_the_quota_and_refuses_past_it(shop):
    ids = [customer(shop, f"Q{i:03d}", f"139{i:08d}") for i in range(5)]
    no_mobile = customer(shop, "Q900", None)
    with shop.session("sms_info") as conn:
        status = sms.quota_status(conn)
        assert status.monthly_quota is None and not status.can_send and status.branch_volume == 20000
        with pytest.raises(CrmRefusal) as refused:
            sms.queue(conn, Src(customer_ids=ids), "你好")
        assert refused.value.kind == "sms_no_quota" and "HQ" in refused.value.message
    give_quota(shop, "sms_info", 12)
    with shop.session("sms_info") as conn:
        result = sms.queue(conn, Src(customer_ids=ids + [no_mobile]), "好" * 71)     # 2 parts each
        assert (result.queued, result.parts, result.skipped_by_reason) == (5, 10, {"no_mobile": 1})
        assert result.cost == Decimal("0.50")
        status = sms.quota_status(conn)
        assert (status.used, status.remaining, status.branch_used) == (10, 2, 10)
        with pytest.raises(CrmRefusal) as refused:
            sms.queue(conn, Src(customer_ids=ids[:2]), "好" * 71)
        assert refused.value.kind == "sms_over_quota" and "only 2" in refused.value.message
        assert sms.quota_status(conn).used == 10
        log = sms.message_log(conn)
        assert len(log) == 5 == sms.message_count(conn, status="queued")
        assert {r.status for r in log} == {"queued"} and log[0].mobile_masked.startswith("139")
        assert log[0].sender_name == "王信息" and log[0].parts == 2
        report = sms.cost_report(conn, dt.date.today(), by="branch")
        assert [(r.name, r.messages, r.parts, r.cost) for r in report] == [("北京金融街营业部", 5, 10, Decimal("0.50"))]
        assert [r.name for r in sms.cost_report(conn, dt.date.today(), by="sender")] == ["王信息"]


def test_branch_volume_refuses_a_batch(shop):
    ids = [customer(shop, f"V{i:03d}", f"139{i:08d}") for i in range(3)]
    give_quota(shop, "sms_info", 100)
    branch = shop.scalar("SELECT id FROM crm.branch WHERE code = 'BR01'")
    with shop.session("sms_hq") as hq:
        sms.set_branch_volume(hq, branch, 2)
    with shop.session("sms_info") as conn:
        with pytest.raises(CrmRefusal) as refused:
            sms.queue(conn, Src(customer_ids=ids), "你好")
        assert refused.value.kind == "sms_over_quota" and "branch" in refused.value.message
        assert sms.queue(conn, Src(customer_ids=ids[:2]), "你好").queued == 2


def test_sources_group_filter_and_reminders(shop):
    a = customer(shop, "R001", "13900000001", birthday="1980-03-12", open_date="2026-03-02")
    b = customer(shop, "R002", "13900000002", birthday="1980-03-20", open_date="2026-02-01")
    c = customer(shop, "R003", "13900000003", birthday="1981-03-14", open_date="2026-03-03")
    give_quota(shop, "sms_info", 100)
    with shop.session("sms_info") as conn:
        group = customer_groups.create_group(conn, "短信组")
        customer_groups.add_customers(conn, group["id"], [a, c])
        assert {r.customer_id for r in sms.render_preview(conn, Src(group_id=group["id"]), "x").rows} == {a, c}
        query = CustomerQuery(filter=Condition("account_no", "eq", "R002"))
        assert [r.customer_id for r in sms.render_preview(conn, Src(customer_filter=query), "x").rows] == [b]
        birthdays = sms.render_preview(conn, Src(reminder=("birthday", D(2026, 3, 11), D(2026, 3, 17))), "x")
        assert {r.customer_id for r in birthdays.rows} == {a, c}
        new = sms.render_preview(conn, Src(reminder=("new_account", D(2026, 3, 1), D(2026, 3, 3))), "x")
        assert {r.customer_id for r in new.rows} == {a, c}
        result = sms.queue(conn, Src(reminder=("birthday", D(2026, 3, 11), D(2026, 3, 17))),
                           sms.list_templates(conn)[0].body)
        assert result.queued == 2
        for bad in (Src(), Src(group_id=1, customer_ids=[1]), Src(reminder=("wedding", D(2026, 1, 1), D(2026, 1, 2))),
                    Src(reminder=("birthday", D(2026, 3, 2), D(2026, 3, 1))), Src(customer_ids=["1; DROP"])):
            with pytest.raises(CrmRefusal):
                sms.render_preview(conn, bad, "x")


def test_preview_totals_cover_every_recipient_not_only_the_rows_shown(shop):
    with shop.admin() as conn:
        conn.execute("""
            WITH c AS (
                INSERT INTO crm.customer (account_no, name, gender, open_date, branch_id, loaded_for)
                SELECT 'T' || g, '客户' || g, 'F', date '2024-01-02', b.id, date '2024-01-02'
                  FROM generate_series(1, 600) g, crm.branch b WHERE b.code = 'BR01' RETURNING id, branch_id)
            INSERT INTO crm.customer_ext (customer_id, branch_id, mobile)
            SELECT id, branch_id, CASE WHEN id % 3 = 0 THEN NULL ELSE '186' || lpad(id::text, 8, '0') END FROM c""")
        ids = [r[0] for r in conn.execute("SELECT id FROM crm.customer WHERE account_no LIKE 'T%'")]
    with shop.session("sms_info") as conn:
        preview = sms.render_preview(conn, Src(customer_ids=ids), "{姓名}{称呼}您好", limit=50)
    no_mobile = sum(1 for i in ids if i % 3 == 0)
    assert len(preview.rows) == 50 and preview.truncated and preview.recipients == 600
    assert preview.skipped_by_reason == {"no_mobile": no_mobile}
    assert preview.sendable == 600 - no_mobile == preview.parts
    assert preview.cost == Decimal("0.035") * (600 - no_mobile)


def test_invisible_customers_and_non_senders_are_refused(shop):
    mine = customer(shop, "I001", "13900000001")
    shop.make_branch("BR02")
    other = shop.make_customer("I002", "BR02")
    give_quota(shop, "sms_info", 100)
    with shop.session("sms_info") as conn:
        with pytest.raises(CrmRefusal) as refused:
            sms.render_preview(conn, Src(customer_ids=[mine, other]), "x")
        assert refused.value.kind == "not_permitted" and "not visible" in refused.value.message
    with shop.session("sms_mkt") as conn:
        with pytest.raises(CrmRefusal) as refused:
            sms.quota_status(conn) and sms.queue(conn, Src(customer_ids=[mine]), "x")
        assert refused.value.kind == "not_permitted" and "短信发送" in refused.value.message


def test_hq_raises_the_quota_through_an_approval(shop):
    shop.make_staff("sms_hqm", branch="HQ", staff_type="hq", roles=("hq_marketing",), posts=("hq_marketing",),
                    scope="all")
    give_quota(shop, "sms_info", 10)
    with shop.session("sms_info") as conn:
        request_id = sms.request_quota(conn, monthly_quota=8000, branch_volume=30000, note="月底生日祝福")
        with pytest.raises(psycopg.Error) as error:           # nobody decides their own request
            conn.execute("SELECT crm.decide_request(%s, 1, 'approved')", (request_id,))
        assert error.value.sqlstate in ("42501", "CR033")
        assert sms.quota_status(conn).monthly_quota == 10
        with pytest.raises(CrmRefusal) as refused:
            sms.request_quota(conn)
        assert refused.value.kind == "invalid_input"
    with shop.session("sms_hqm") as hq:
        hq.execute("SELECT crm.decide_request(%s, 1, 'approved', '同意')", (request_id,))
    with shop.session("sms_info") as conn:
        status = sms.quota_status(conn)
        assert (status.monthly_quota, status.branch_volume) == (8000, 30000)
    with shop.session("sms_mkt") as conn:
        with pytest.raises(CrmRefusal) as refused:
            sms.request_quota(conn, monthly_quota=100)
        assert refused.value.kind == "not_permitted"


def test_log_pages_by_key_match_offset_pages_across_shared_timestamps(shop):
    ids = [customer(shop, f"K{i:03d}", f"139{i:08d}") for i in range(7)]
    give_quota(shop, "sms_info", 100)
    with shop.session("sms_info") as conn:
        sms.queue(conn, Src(customer_ids=ids[:4]), "第一批")          # four rows share one queued_at
        sms.queue(conn, Src(customer_ids=ids[4:]), "第二批")
        everything = [m.id for m in sms.message_log(conn, limit=100)]
        pages, key = [], None
        while True:
            page = sms.message_log(conn, after=key, limit=3)
            if not page:
                break
            pages.append([m.id for m in page])
            key = (page[-1].queued_at, page[-1].id)
        assert [i for p in pages for i in p] == everything and len(everything) == 7
        rows = sms.message_log(conn, limit=100)
        second = sms.message_log(conn, after=(rows[2].queued_at, rows[2].id), limit=3)
        assert [m.id for m in second] == everything[3:6]
        back = sms.message_log(conn, before=(second[0].queued_at, second[0].id), limit=3)
        assert [m.id for m in back] == everything[:3]                # newest first again
        for bad in ({"after": (dt.datetime(2026, 1, 1), 1)}, {"after": ("x", 1)},
                    {"after": (dt.datetime.now(dt.timezone.utc), 1), "before": (dt.datetime.now(dt.timezone.utc), 2)}):
            with pytest.raises(CrmRefusal):
                sms.message_log(conn, **bad)


def test_a_list_queued_in_chunks_never_sends_its_ids_through_the_client(shop):
    ids = [customer(shop, f"H{i:03d}", f"139{i:08d}") for i in range(7)]
    skipped = customer(shop, "H900", None)
    give_quota(shop, "sms_info", 100)
    progress: list[tuple] = []
    query = CustomerQuery(filter=Condition("account_no", "starts_with", "H"))
    with shop.session("sms_info") as conn:
        result = sms.queue_in_chunks(conn, Src(customer_filter=query), "{姓名}您好",
                                     TaskContext(lambda *args: progress.append(args)), chunk=3)
        assert (result.recipients, result.done, result.queued, result.parts) == (8, 8, 7, 7)
        assert result.skipped_by_reason == {"no_mobile": 1} and len(result.batches) == 3 and result.stopped is None
        assert progress[0] == ("queue", 0, 8) and progress[-1] == ("queue", 8, 8)
        assert sorted(m.customer_id for m in sms.message_log(conn)) == ids and skipped not in ids
        assert sms.quota_status(conn).used == 7
    # The quota runs out part-way: the chunks before stay queued, the rest is not, and it says why.
    give_quota(shop, "sms_info", 12)
    with shop.session("sms_info") as conn:
        result = sms.queue_in_chunks(conn, Src(customer_filter=query), "再会", chunk=3)
        assert (result.queued, result.done, len(result.batches)) == (3, 3, 1) and "nothing was queued" in result.stopped
        assert sms.quota_status(conn).used == 10
        with pytest.raises(CrmRefusal):
            sms.queue_in_chunks(conn, Src(customer_ids=ids), "x")


def test_cancel_between_chunks_keeps_what_was_queued(shop):
    for i in range(6):
        customer(shop, f"Z{i:03d}", f"139{i:08d}")
    give_quota(shop, "sms_info", 100)
    query = CustomerQuery(filter=Condition("account_no", "starts_with", "Z"))
    ctx = TaskContext(lambda stage, done, total: ctx.cancel() if done >= 2 else None)
    with shop.session("sms_info") as conn:
        result = sms.queue_in_chunks(conn, Src(customer_filter=query), "你好", ctx, chunk=2)
        assert (result.stopped, result.done, result.queued, result.recipients) == (sms.CANCELLED, 2, 2, 6)
        assert sms.message_count(conn) == 2 and sms.quota_status(conn).used == 2
        with pytest.raises(TaskCancelled):      # cancelled before anything was queued: nothing was
            sms.queue_in_chunks(conn, Src(customer_filter=query), "你好", ctx, chunk=2)
        assert sms.message_count(conn) == 2


def test_a_whole_list_is_previewed_chunk_by_chunk_with_the_same_totals(shop):
    """The send dialog's preview of a list of any size (services.sms.preview_step): chunks in
    customer-id order, each its own statement; their totals add up to the one-statement preview,
    the rows come with the first chunk, and the share of the list grows to 1."""
    ids = [customer(shop, f"P{i:03d}", None if i % 4 == 0 else f"1{3 + i % 6}9{i:08d}", gender="F" if i % 2 else "M")
           for i in range(11)]
    with shop.admin() as conn:
        conn.execute("UPDATE crm.customer SET gender = NULL WHERE id = %s", (ids[5],))
    source = Src(customer_filter=CustomerQuery(filter=Condition("account_no", "starts_with", "P")))
    with shop.session("sms_info") as conn:
        whole = sms.render_preview(conn, source, "{姓名}{称呼}您好", limit=200)
        steps, after, last_id = [], 0, None
        while after is not None:
            step = sms.preview_step(conn, source, "{姓名}{称呼}您好", after=after, chunk=3, rows=0 if steps else 2,
                                    last_id=last_id)
            steps.append(step)
            after, last_id = step.after, step.last_id
        total = steps[0].preview
        for step in steps[1:]:
            total = total.plus(step.preview)
        assert len(steps) == 4 and [s.preview.recipients for s in steps] == [3, 3, 3, 2]
        assert [s.share for s in steps] == [ids[2] / ids[10], ids[5] / ids[10], ids[8] / ids[10], 1.0]
        assert [r.customer_id for r in total.rows] == ids[:2] and all(not s.preview.rows for s in steps[1:])
        assert (total.recipients, total.sendable, total.parts, total.cost, total.skipped_by_reason,
                total.missing_fields) == (whole.recipients, whole.sendable, whole.parts, whole.cost,
                                          whole.skipped_by_reason, whole.missing_fields)
        assert total.recipients == 11 and total.skipped_by_reason["no_mobile"] == 3 and total.missing_fields == ["称呼"]
        # Chosen customers are one step; a list the reader sees nothing of is one empty step.
        one = sms.preview_step(conn, Src(customer_ids=ids[:3]), "您好", chunk=1)
        assert one.after is None and one.share == 1.0 and one.preview.recipients == 3
        empty = sms.preview_step(conn, Src(customer_filter=CustomerQuery(filter=Condition("account_no", "starts_with",
                                                                                          "NOBODY"))), "您好")
        assert empty.after is None and empty.preview.recipients == 0
        # A cancelled step ends as TaskCancelled (its query cancelled), not as an error.
        ctx = TaskContext()
        ctx.cancel()
        with pytest.raises(TaskCancelled):
            sms.preview_step(conn, source, "您好", ctx=ctx)
        with pytest.raises(CrmRefusal):
            sms.preview_step(conn, source, "您好", after=-1)
