"""An empty list says why it is empty (QA walk: a branch administrator's 客户 list and a new
user's 审批 pages were a blank table beside "0")."""

from __future__ import annotations

from crm_desktop.services import auth
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.customers.tab import CustomersTab
from tests.gui.test_approvals_tab import TIMEOUT, open_tab, staff  # noqa: F401
from tests.support import TEST_PASSWORD


def test_an_empty_customer_list_says_why(qtbot, staff, runner, profile):
    db = staff
    conn, info = auth.sign_in(profile, "mkt1", TEST_PASSWORD)
    connector = StaffConnector(profile, "mkt1", TEST_PASSWORD)
    connector.adopt(conn)
    tab = CustomersTab(runner, connector, info)
    qtbot.addWidget(tab)
    tab.resize(1000, 500)
    tab.show()
    qtbot.waitUntil(lambda: not tab.empty_hint.isHidden(), timeout=TIMEOUT)
    assert "no customers yet" in tab.empty_hint.text() and tab.model.rowCount() == 0
    tab.search.setText("不存在的客户")
    tab.run_query()
    assert tab.empty_hint.isHidden()                     # searching: nothing said yet
    qtbot.waitUntil(lambda: not tab.empty_hint.isHidden(), timeout=TIMEOUT)
    assert "No customer matches" in tab.empty_hint.text()
    db.relate(db.make_customer("35000001", name="有客户"), "mkt1")
    tab.search.clear()
    tab.run_query()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=TIMEOUT)
    assert tab.empty_hint.isHidden()
    runner.wait()
    connector.close()


def test_empty_approval_pages_say_so(qtbot, staff, open_tab):
    tab = open_tab("mkt1")
    page = tab.waiting_page
    qtbot.waitUntil(lambda: page.model.loaded_once and not page.empty_hint.isHidden(), timeout=TIMEOUT)
    assert page.empty_hint.text() == "Nothing is waiting for your decision."
    assert page.empty_hint.geometry() == page.view.viewport().rect()
    mine = tab.show_page(tab.mine_page)
    qtbot.waitUntil(lambda: mine.model.loaded_once and not mine.empty_hint.isHidden(), timeout=TIMEOUT)
    assert "no request yet" in mine.empty_hint.text()
