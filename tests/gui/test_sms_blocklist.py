"""短信 › 黑名单与退订 and the customer window's 退订短信 / 恢复短信 on a real database: HQ sees and
adds every entry, a branch's sender only their customers' (masked, with reason, who and when),
pages by key, lifting needs a reason and the server's consent (a sender cannot lift HQ's
blacklisting)."""

from __future__ import annotations

import pytest

from crm_desktop.services import auth, sms
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.sms import blocklist_page
from crm_desktop.ui.sms.tab import SmsTab
from tests.gui.test_sms_send_dialog import shop  # noqa: F401 - the fixture
from tests.support import TEST_PASSWORD, wait_idle

TIMEOUT = 15000


class Answers:
    """Stands in for the page's prompts: the texts to answer, in order; what was told."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.told: list[str] = []

    def ask_text(self, parent, title, label, text=""):
        return self.answers.pop(0)

    def inform(self, parent, title, text):
        self.told.append(text)


@pytest.fixture
def sign_in(runner, profile):
    connectors = []

    def sign_in_(login: str):
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        connectors.append(connector)
        return connector, info

    yield sign_in_
    runner.wait()
    for connector in connectors:
        connector.close()


def open_blocklist(qtbot, runner, sign_in, login: str):
    connector, info = sign_in(login)
    tab = SmsTab(runner, connector, info)
    qtbot.addWidget(tab)
    tab.resize(1300, 600)
    tab.show()
    page = tab.blocklist_page
    tab.pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.loaded_once and not page.loading, timeout=TIMEOUT)
    return tab, page


def column(page, number: int) -> list[str]:
    return [page.proxy.index(r, number).data() for r in range(page.proxy.rowCount())]


def test_hq_and_a_branch_sender_see_their_entries_and_lift_with_a_reason(qtbot, shop, runner, sign_in, monkeypatch):
    with shop.session("gs_info") as conn:
        sms.block_number(conn, customer_id=shop.ids["unicom"], kind="opted_out", note="客户来电要求")
    tab, page = open_blocklist(qtbot, runner, sign_in, "gs_hq")
    assert column(page, 0) == ["186****5678", "138****5678"]                 # newest first, masked
    assert column(page, 1) == ["Opted out (customer's wish)", "Blacklisted (HQ)"]
    assert column(page, 2) == ["李四", ""] and column(page, 4) == ["客户来电要求", "投诉"]
    assert column(page, 5)[0] == "王信息"
    assert page.add_button.isVisible()

    page.prompts = Answers("13700001111", "")                                 # no reason: nothing changed
    page.add()
    assert page.prompts.told == ["Say why the number is blacklisted. Nothing was changed."]
    page.prompts = Answers("137 0000 1111", "诈骗号码")
    page.add()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3 and not page.loading, timeout=TIMEOUT)
    assert column(page, 0)[0] == "137****1111" and column(page, 4)[0] == "诈骗号码"

    monkeypatch.setattr(blocklist_page, "PAGE_ROWS", 2)                       # keyset pages
    page.reload()
    qtbot.waitUntil(lambda: not page.loading, timeout=TIMEOUT)
    assert page.next_button.isEnabled() and page.page_label.text() == "Entries 1–2, newest first"
    page.next_button.click()
    qtbot.waitUntil(lambda: not page.loading, timeout=TIMEOUT)
    assert column(page, 0) == ["138****5678"] and page.page_label.text() == "Entries 3–3, newest first"
    page.prev_button.click()
    qtbot.waitUntil(lambda: not page.loading, timeout=TIMEOUT)
    assert column(page, 0) == ["137****1111", "186****5678"]

    # A branch sender: their customers' entries only (HQ's number-only entries are HQ's).
    tab2, mine = open_blocklist(qtbot, runner, sign_in, "gs_info")
    assert column(mine, 0) == ["186****5678"] and not mine.add_button.isVisible()
    mine.view.selectRow(0)
    mine.prompts = Answers("客户重新同意接收")
    mine.remove()
    qtbot.waitUntil(lambda: mine.model.rowCount() == 0 and not mine.loading, timeout=TIMEOUT)
    assert mine.result.text() == "Messages go to 186****5678 again."
    assert mine.page_label.text() == "No blocked numbers."
    assert shop.scalar("SELECT new_values->>'reason' FROM crm.audit_log WHERE table_name = 'sms_blacklist' "
                       "AND action = 'unblock' ORDER BY id DESC LIMIT 1") == "客户重新同意接收"


def test_customer_window_opt_out_and_resume(qtbot, shop, runner, sign_in):
    from crm_desktop.ui.customer_detail.dialog import CustomerDetailDialog

    connector, _info = sign_in("gs_info")
    dialog = CustomerDetailDialog(runner, connector, shop.ids["mobile"])       # deletes itself when closed
    dialog.show()
    try:
        qtbot.waitUntil(lambda: dialog.detail is not None, timeout=TIMEOUT)
        dialog.tabs.setCurrentWidget(dialog.sms_page)
        page = dialog.sms_page
        qtbot.waitUntil(lambda: page.opt_out_button.isVisible(), timeout=TIMEOUT)
        assert page.block_label.text() == "SMS reach this customer's mobile."
        page.prompts = Answers("   ")
        page.opt_out()
        assert page.prompts.told == ["A reason is required. Nothing was changed."]
        page.prompts = Answers("电话里说不要再发")
        page.opt_out()
        qtbot.waitUntil(lambda: page.restore_button.isVisible(), timeout=TIMEOUT)
        assert page.block_label.text().startswith("No SMS go to 139****5678: Opted out (customer's wish) (电话里说不要再发")
        with shop.session("gs_info") as conn:
            preview = sms.render_preview(conn, sms.RecipientSource(customer_ids=[shop.ids["mobile"]]), "您好")
        assert preview.skipped_by_reason == {"opted_out": 1}
        page.prompts = Answers("客户又同意了")
        page.resume()
        qtbot.waitUntil(lambda: page.opt_out_button.isVisible(), timeout=TIMEOUT)
        assert page.block_label.text() == "SMS reach this customer's mobile."
    finally:
        dialog.close()
        runner.wait()


def test_customer_window_shows_hq_blacklisting_and_the_refusal_to_lift_it(qtbot, shop, runner, sign_in):
    from crm_desktop.ui.customer_detail.dialog import CustomerDetailDialog

    connector, _info = sign_in("gs_info")
    dialog = CustomerDetailDialog(runner, connector, shop.ids["black"])
    dialog.show()
    try:
        qtbot.waitUntil(lambda: dialog.detail is not None, timeout=TIMEOUT)
        dialog.tabs.setCurrentWidget(dialog.sms_page)
        page = dialog.sms_page
        qtbot.waitUntil(lambda: page.restore_button.isVisible(), timeout=TIMEOUT)
        assert "Blacklisted (HQ)" in page.block_label.text() and "投诉" in page.block_label.text()
        page.prompts = Answers("我想发")
        page.resume()
        qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=TIMEOUT)
        assert "only HQ" in dialog.message.text()
        qtbot.waitUntil(lambda: page.restore_button.isVisible() and not page.block_label.text().startswith("SMS"),
                        timeout=TIMEOUT)
    finally:
        dialog.close()
        runner.wait()


def test_a_marketer_without_the_right_sees_no_block_line(qtbot, shop, runner, sign_in):
    from crm_desktop.ui.customer_detail.dialog import CustomerDetailDialog

    with shop.admin() as conn:     # gs_mkt develops 张三, so the window opens
        conn.execute("UPDATE crm.customer SET developer_id = (SELECT id FROM crm.staff WHERE login = 'gs_mkt') "
                     "WHERE id = %s", (shop.ids["mobile"],))
    connector, info = sign_in("gs_mkt")
    tab = SmsTab(runner, connector, info)
    qtbot.addWidget(tab)
    assert not tab.blocklist_page.available and tab.pages.indexOf(tab.blocklist_page) == -1
    dialog = CustomerDetailDialog(runner, connector, shop.ids["mobile"])
    dialog.show()
    try:
        qtbot.waitUntil(lambda: dialog.detail is not None, timeout=TIMEOUT)
        dialog.tabs.setCurrentWidget(dialog.sms_page)
        page = dialog.sms_page
        qtbot.waitUntil(lambda: page.status.text() not in ("", "Loading…"), timeout=TIMEOUT)
        wait_idle(runner)         # every answer is in: the lines stay hidden, not hidden yet
        assert not page.block_label.isVisible() and not page.opt_out_button.isVisible()
    finally:
        dialog.close()
        runner.wait()
