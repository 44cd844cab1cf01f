"""services.sms_reports on a real database: the SMS log and cost exports need the server's export
right, stream a log of any length (refused only past an Excel sheet, no file written), and write
the rows the reader may see, failure reasons in words next to the gateway's text."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from crm_desktop.services import sms, sms_reports
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskContext


@pytest.fixture
def sent(db):
    db.make_staff("sr_info", name="王信息", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("sr_export", name="赵导出", roles=("info_manager", "data_export"), scope="branch", public_pool=True)
    db.make_staff("sr_hq", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    ids = []
    for account, name, mobile in (("R001", "张三", "13912345678"), ("R002", "李四", "18612345678")):
        cid = db.make_customer(account, name=name)
        with db.admin() as conn:
            conn.execute("UPDATE crm.customer_ext SET mobile = %s WHERE customer_id = %s", (mobile, cid))
        ids.append(cid)
    with db.session("sr_hq") as conn:
        sms.set_quota(conn, db.scalar("SELECT id FROM crm.staff WHERE login = 'sr_export'"), 100)
    with db.session("sr_export") as conn:
        sms.queue(conn, sms.RecipientSource(customer_ids=ids), "{姓名}您好")
    return db


def test_exports_need_the_export_right(sent, tmp_path):
    target = tmp_path / "log.xlsx"
    with sent.session("sr_info") as conn:
        for export in (lambda: sms_reports.export_log(TaskContext(), conn, {}, target, "zh"),
                       lambda: sms_reports.export_cost(TaskContext(), conn, dt.date.today(), "branch", target, "zh")):
            with pytest.raises(CrmRefusal) as refused:
                export()
            assert refused.value.kind == "not_permitted"
    assert not target.exists()


def test_log_export_writes_what_the_reader_sees_and_refuses_past_a_sheet(sent, tmp_path, monkeypatch):
    target = tmp_path / "log.xlsx"
    with sent.session("sr_export") as conn:
        result = sms_reports.export_log(TaskContext(), conn, {"status": "queued"}, target, "zh",
                                        [("状态", "排队中")])
        assert result.rows == 2
        book = openpyxl.load_workbook(target, read_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
        assert rows[0][:4] == ("编号", "批次", "排队时间", "发送人")
        assert sorted(r[8] for r in rows[1:]) == ["张三您好", "李四您好"]
        assert {r[6] for r in rows[1:]} == {"139****5678", "186****5678"} and {r[12] for r in rows[1:]} == {"排队中"}
        with pytest.raises(CrmRefusal) as refused:
            sms_reports.export_log(TaskContext(), conn, {"bogus": 1}, target, "zh")
        assert refused.value.kind == "invalid_input"
        monkeypatch.setattr(sms_reports.export, "MAX_ROWS", 1)
        other = tmp_path / "too-many.xlsx"
        with pytest.raises(CrmRefusal) as refused:
            sms_reports.export_log(TaskContext(), conn, {}, other, "en")
        assert refused.value.kind == "invalid_input" and "2 messages match" in refused.value.message
        assert not other.exists()
        cost = tmp_path / "cost.xlsx"
        assert sms_reports.export_cost(TaskContext(), conn, dt.date.today(), "sender", cost, "en").rows == 1
        book = openpyxl.load_workbook(cost, read_only=True)
        assert list(book.worksheets[0].iter_rows(values_only=True))[1][:3] == ("赵导出", 2, 2)
        book.close()


def test_log_export_streams_with_progress_and_words_for_failures(sent, tmp_path):
    with sent.admin() as conn:
        conn.execute("UPDATE crm.sms_message SET status = 'failed', failed_reason = "
                     "'refused by the gateway (422): number 139****5678 is refused by the carrier' "
                     "WHERE mobile = '13912345678'")
    progress: list[tuple] = []
    ctx = TaskContext(lambda *args: progress.append(args))
    target = tmp_path / "log.xlsx"
    with sent.session("sr_export") as conn:
        assert sms_reports.export_log(ctx, conn, {}, target, "zh").rows == 2
    book = openpyxl.load_workbook(target, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    failed = [r for r in rows[1:] if r[12] == "发送失败"]
    assert len(failed) == 1 and failed[0][13] == "运营商拒收该号码"
    assert failed[0][16].startswith("refused by the gateway (422)")
    assert progress and progress[-1][1:] == (2, 2)
