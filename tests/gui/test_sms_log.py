"""短信 tab on a real database: the message log under RLS with its filters (status, sender, one
customer, dates), paging, export with the export right (xlsx read back, export log written),
the monthly cost report per branch and per sender (and its export), and the customer window's
SMS page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtCore import Qt

from crm_desktop.services import auth, sms
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.sms import tab as sms_tab
from crm_desktop.ui.sms.tab import SmsTab
from tests.gui.test_sms_send_dialog import give_quota, shop  # noqa: F401 - the fixture
from tests.support import TEST_PASSWORD, wait_idle

TIMEOUT = 15000


@pytest.fixture
def sent(shop):  # noqa: F811 - the imported fixture
    """gs_info (who may export) sent to 张三, 李四 and, later, 张三 again; 李四's failed."""
    with shop.admin() as conn:
        conn.execute("INSERT INTO crm.staff_role (staff_id, role_code) SELECT id, 'data_export' FROM crm.staff "
                     "WHERE login = 'gs_info'")
    give_quota(shop, "gs_info", 100)
    with shop.session("gs_info") as conn:
        sms.queue(conn, sms.RecipientSource(customer_ids=[shop.ids["mobile"], shop.ids["unicom"]]), "{姓名}您好")
        sms.queue(conn, sms.RecipientSource(customer_ids=[shop.ids["mobile"]]), "{姓名}再会")
    with shop.admin() as conn:
        conn.execute("UPDATE crm.sms_message SET status = 'delivered', sent_at = now(), reported_at = now() "
                     "WHERE body LIKE '张三%'")
        conn.execute("UPDATE crm.sms_message SET status = 'failed', failed_reason = 'number does not exist' "
                     "WHERE body LIKE '李四%'")
    return shop


@pytest.fixture
def open_tab(qtbot, runner, profile):
    opened = []

    def open_(login: str) -> SmsTab:
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        tab = SmsTab(runner, connector, info)
        qtbot.addWidget(tab)
        tab.resize(1300, 600)
        tab.show()
        opened.append(tab)
        qtbot.waitUntil(lambda: tab.log_page.total is not None and not tab.log_page.loading, timeout=TIMEOUT)
        return tab

    yield open_
    for tab in opened:
        tab.shutdown()
    wait_idle(runner)
    for tab in opened:
        tab.connector.close()


def texts(page, column: int) -> list[str]:
    return [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]


def wait_loaded(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.loading, timeout=TIMEOUT)


def test_log_filters_and_pages(qtbot, sent, open_tab, monkeypatch):
    tab = open_tab("gs_info")
    log = tab.log_page
    assert log.total == 3 and texts(log, 5) == ["张三再会", "李四您好", "张三您好"]     # newest first
    assert texts(log, 1) == ["Delivered", "Failed", "Delivered"]
    assert texts(log, 3) == ["139****5678", "186****5678", "139****5678"]
    assert log.page_label.text() == "Messages 1–3 of 3, newest first"
    assert log.proxy.index(1, 10).data() == "number does not exist"

    log.status_combo.setCurrentIndex(log.status_combo.findData("failed"))
    log.reload()
    wait_loaded(qtbot, log)
    assert texts(log, 5) == ["李四您好"]
    log.status_combo.setCurrentIndex(0)
    log.reload()
    wait_loaded(qtbot, log)

    log.view.selectRow(0)
    log.only_customer_button.click()                   # 张三
    wait_loaded(qtbot, log)
    assert log.total == 2 and log.customer_button.isVisible() and "张三" in log.customer_button.text()
    log.customer_button.click()
    wait_loaded(qtbot, log)
    assert log.total == 3

    log.from_edit.setDate(log.to_edit.date().addDays(1))      # nothing after today
    wait_loaded(qtbot, log)
    assert "The first day is after the last day." in log.message.text()
    log.from_edit.setDate(log.to_edit.date())
    wait_loaded(qtbot, log)
    assert log.total == 3

    monkeypatch.setattr(sms_tab, "PAGE_ROWS", 2)
    log.reload()
    wait_loaded(qtbot, log)
    assert log.page_label.text() == "Messages 1–2 of 3, newest first" and log.next_button.isEnabled()
    log.next_button.click()
    wait_loaded(qtbot, log)
    assert texts(log, 5) == ["张三您好"] and log.page_label.text() == "Messages 3–3 of 3, newest first"
    assert not log.next_button.isEnabled() and log.prev_button.isEnabled()
    # Back: sought before the first row shown (张三您好 and 李四您好 share their batch's queued_at).
    log.prev_button.click()
    wait_loaded(qtbot, log)
    assert texts(log, 5) == ["张三再会", "李四您好"] and log.page_label.text() == "Messages 1–2 of 3, newest first"
    assert not log.prev_button.isEnabled()


def test_failure_reason_in_words_with_the_gateways_text_behind(qtbot, sent, open_tab):
    with sent.admin() as conn:
        conn.execute("UPDATE crm.sms_message SET failed_reason = "
                     "'not sent after 8 attempts: gateway unreachable: ConnectTimeout' WHERE body LIKE '李四%'")
    tab = open_tab("gs_info")
    cell = tab.log_page.proxy.index(1, 10)
    assert cell.data() == "The SMS gateway could not be reached, retries given up"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == ("The SMS gateway could not be reached, retries given up\n"
                                                      "Gateway's text: not sent after 8 attempts: gateway unreachable: "
                                                      "ConnectTimeout")


def test_rls_decides_whose_messages_are_listed(qtbot, sent, open_tab):
    tab = open_tab("gs_mkt")                    # no send right, sees none of these customers
    assert tab.log_page.total == 0 and tab.log_page.page_label.text() == "No messages match."
    assert not tab.log_page.export_button.isVisible()


def test_log_export_writes_every_match_and_is_logged(qtbot, sent, open_tab, tmp_path):
    tab = open_tab("gs_info")
    target = tmp_path / "短信记录.xlsx"
    with qtbot.waitSignal(tab.exporter.finished, timeout=TIMEOUT) as outcome:
        assert tab.log_page.export(str(target))
    assert outcome.args[0].rows == 3
    book = openpyxl.load_workbook(target, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    conditions = list(book.worksheets[1].iter_rows(values_only=True))
    book.close()
    assert rows[0][:3] == ("No.", "Batch", "Queued") and [r[8] for r in rows[1:]] == ["张三再会", "李四您好", "张三您好"]
    assert [r[6] for r in rows[1:]] == ["139****5678", "186****5678", "139****5678"]       # masked as shown
    assert ("Status", "Any status") in conditions
    assert sent.scalar("SELECT kind || ':' || status || ':' || row_count FROM crm.export_log") == "sms_log:done:3"
    tab.exporter.message.close()


def test_cost_report_per_branch_and_sender(qtbot, sent, open_tab, tmp_path):
    tab = open_tab("gs_info")
    tab.pages.setCurrentWidget(tab.cost_page)
    cost = tab.cost_page
    qtbot.waitUntil(lambda: cost.loaded_once and not cost.loading, timeout=TIMEOUT)
    branch = sent.scalar("SELECT name FROM crm.branch WHERE code = 'BR01'")
    # The failed message (李四, Unicom) costs nothing: two China Mobile messages at 0.05.
    assert texts(cost, 0) == [branch] and texts(cost, 1) == ["2"] and texts(cost, 3) == ["¥0.10"]
    assert texts(cost, 5) == ["1"]
    assert "Total: 2 charged messages, 2 parts, ¥0.10 (delivered 2, failed 1)" == cost.totals.text()
    cost.by_combo.setCurrentIndex(cost.by_combo.findData("sender"))
    cost.reload()
    qtbot.waitUntil(lambda: texts(cost, 0) == ["王信息"] and not cost.loading, timeout=TIMEOUT)
    with sent.session("gs_info") as conn:
        report = sms.cost_report(conn, dt.date.today(), "sender")
    assert report[0].cost == Decimal("0.1")

    target = tmp_path / "费用.xlsx"
    with qtbot.waitSignal(tab.exporter.finished, timeout=TIMEOUT) as outcome:
        assert cost.export(str(target))
    assert outcome.args[0].rows == 1
    book = openpyxl.load_workbook(target, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[0] == ("Name", "Charged messages", "Parts", "Cost (CNY)", "Delivered", "Failed")
    assert rows[1] == ("王信息", 2, 2, 0.1, 2, 1)
    tab.exporter.message.close()


def test_customer_window_lists_the_messages_to_the_customer(qtbot, sent, runner, profile):
    from crm_desktop.ui.customer_detail.dialog import CustomerDetailDialog

    conn, info = auth.sign_in(profile, "gs_info", TEST_PASSWORD)
    connector = StaffConnector(profile, "gs_info", TEST_PASSWORD)
    connector.adopt(conn)
    dialog = CustomerDetailDialog(runner, connector, sent.ids["mobile"])       # deletes itself when closed
    dialog.show()
    try:
        qtbot.waitUntil(lambda: dialog.detail is not None, timeout=TIMEOUT)
        dialog.tabs.setCurrentWidget(dialog.sms_page)
        page = dialog.sms_page
        qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=TIMEOUT)
        assert [page.proxy.index(r, 3).data() for r in range(2)] == ["张三再会", "张三您好"]
        assert page.status.text() == "2 messages, newest first."
    finally:
        dialog.close()
        runner.wait()
        connector.close()
