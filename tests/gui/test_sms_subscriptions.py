"""信息栏目 screens on a real database: HQ defines a column and publishes an issue after the
preview; the Customers tab's 信息栏目 menu subscribes the selection and the whole filtered list
(the count from the server on the confirming button) and a group, and unsubscribes; the SMS
tab's page shows columns, paged subscribers, issues with what the agent made of them, senders
who cannot send, and submits the move request (an approval request)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

from crm_desktop.agent import jobs, sms_subscriptions as agent_job
from crm_desktop.services import auth, customer_groups, sms
from crm_desktop.services import sms_subscriptions as subs
from crm_desktop.services.connector import StaffConnector
from crm_desktop.services.customer_query.filters import Condition
from crm_desktop.ui.customers.tab import CustomersTab
from crm_desktop.ui.sms.tab import SmsTab
from tests.gui.test_sms_send_dialog import give_quota, shop  # noqa: F401 - the fixture
from tests.support import TEST_PASSWORD, wait_idle

TIMEOUT = 15000


@pytest.fixture
def opened(qtbot, runner, profile):
    connectors = []

    def open_(login: str, kind=SmsTab):
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        connectors.append(connector)
        tab = kind(runner, connector, info)
        qtbot.addWidget(tab)
        tab.resize(1300, 700)
        tab.show()
        return tab

    yield open_
    runner.cancel_all()
    wait_idle(runner)
    for connector in connectors:
        connector.close()


def select_first_row(view) -> None:
    """Select row 0 whatever modifier keys an earlier test's key clicks left in Qt's state
    (QTableView.selectRow reads them: a stale Shift or Ctrl makes it a range or a toggle)."""
    model = view.model()
    view.selectionModel().select(model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                 | QItemSelectionModel.SelectionFlag.Rows)


def subscriptions_page(qtbot, tab: SmsTab):
    tab.pages.setCurrentWidget(tab.subscriptions_page)
    page = tab.subscriptions_page
    qtbot.waitUntil(lambda: page.loaded_once, timeout=TIMEOUT)
    return page


def test_hq_defines_a_column_and_publishes_after_the_preview(qtbot, shop, opened):
    give_quota(shop, "gs_info", 100)
    with shop.session("gs_hq") as conn:
        column = subs.save_column(conn, None, "收盘点评")
    with shop.session("gs_info") as conn:
        subs.subscribe(conn, column, sms.RecipientSource(customer_ids=list(shop.ids.values())))
    tab = opened("gs_hq")
    page = subscriptions_page(qtbot, tab)
    assert page.new_column_button.isVisible() and page.publish_button.isVisible()
    dialog = page.edit_column(None)
    dialog.name_edit.setText("早盘提示")
    dialog.description_edit.setPlainText("开盘前的市场提示")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.columns_model.rowCount() == 2, timeout=TIMEOUT)
    assert sorted(r["name"] for r in page.columns_model.rows) == ["收盘点评", "早盘提示"]
    page.columns_view.selectRow(page.columns_proxy.mapFromSource(
        page.columns_model.index(page.columns_model.find(lambda r: r["name"] == "收盘点评"), 0)).row())
    qtbot.waitUntil(lambda: page.total == 5, timeout=TIMEOUT)
    publish = page.publish()
    assert not publish.publish_button.isEnabled()
    publish.text_edit.setPlainText("{姓名}您好：今日收盘沪指上涨。")
    publish.preview_button.click()
    qtbot.waitUntil(lambda: publish.preview is not None, timeout=TIMEOUT)
    assert (publish.preview.subscribers, publish.preview.sendable) == (5, 2)
    assert "5" in publish.summary.text() and publish.publish_button.isEnabled()
    publish.text_edit.setPlainText("{姓名}您好：今日收盘沪指下跌。")
    assert not publish.publish_button.isEnabled()          # the preview is of another text
    publish.preview_button.click()
    qtbot.waitUntil(lambda: publish.publish_button.isEnabled(), timeout=TIMEOUT)
    publish.publish_button.click()
    qtbot.waitUntil(lambda: page.notice.text().startswith("Issue published"), timeout=TIMEOUT)
    with jobs.connect_agent(shop.admin_url) as conn:
        assert agent_job.run_job(conn)["queued"] == 2
    page.reload()
    qtbot.waitUntil(lambda: page.issues_model.rowCount() == 1 and page.issues_model.rows[0]["queued"] == 2,
                    timeout=TIMEOUT)
    skipped = page.issues_view.model().index(0, 5).data()
    assert "Hong Kong" in skipped and "Blacklisted" in skipped and "No mobile" in skipped


def test_customers_tab_subscribes_selection_list_and_group_then_unsubscribes(qtbot, shop, opened, runner):
    give_quota(shop, "gs_info", 100)
    with shop.session("gs_hq") as conn:
        subs.save_column(conn, None, "新股提醒")
    with shop.session("gs_info") as conn:
        group = customer_groups.create_group(conn, "新股群")
        customer_groups.add_customers(conn, group["id"], [shop.ids["hk"], shop.ids["none"]])
    tab = opened("gs_info", CustomersTab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5 and tab.model.row(0) is not None, timeout=TIMEOUT)
    feature = tab.sms_subscriptions
    assert feature.button.isVisible()

    # A reload still running (a loaded machine) would reset the model and drop the selection.
    qtbot.waitUntil(lambda: not runner.busy, timeout=TIMEOUT)
    select_first_row(tab.view)
    dialog = feature.for_selected()
    qtbot.waitUntil(lambda: dialog.confirm_button.isEnabled(), timeout=TIMEOUT)
    assert dialog.confirm_button.text() == "Subscribe 1 customers"
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=TIMEOUT)
    assert dialog.result_value == subs.ChangeResult(1, 0)

    tab.apply_filter(Condition("account_no", "in", ["G001", "G002", "G003"]))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=TIMEOUT)
    dialog = feature.for_list()
    qtbot.waitUntil(lambda: dialog.confirm_button.isEnabled(), timeout=TIMEOUT)
    assert dialog.count == 3 and dialog.confirm_button.text() == "Subscribe 3 customers"
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=TIMEOUT)
    assert dialog.result_value.changed + dialog.result_value.unchanged == 3

    dialog = feature.for_group()
    qtbot.waitUntil(lambda: dialog.confirm_button.isEnabled(), timeout=TIMEOUT)
    assert dialog.count == 2
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=TIMEOUT)
    assert shop.scalar("SELECT count(*) FROM crm.sms_subscription WHERE ended_at IS NULL") == 4

    dialog = feature.for_list()
    qtbot.waitUntil(lambda: dialog.confirm_button.isEnabled(), timeout=TIMEOUT)
    dialog.unsubscribe_radio.setChecked(True)
    assert dialog.confirm_button.text() == "Unsubscribe 3 customers"
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=TIMEOUT)
    assert shop.scalar("SELECT count(*) FROM crm.sms_subscription WHERE ended_at IS NULL") == 1


def test_marketer_without_the_right_gets_no_menu(qtbot, shop, opened):
    tab = opened("gs_mkt", CustomersTab)
    assert tab.sms_subscriptions is None


def test_page_shows_subscribers_unsubscribes_and_requests_the_move(qtbot, shop, opened, runner):
    shop.make_staff("gs_info2", name="李信息", roles=("info_manager",), scope="branch", public_pool=True)
    give_quota(shop, "gs_info", 100)
    with shop.session("gs_hq") as conn:
        column = subs.save_column(conn, None, "早盘提示")
    with shop.session("gs_info") as conn:
        subs.subscribe(conn, column, sms.RecipientSource(customer_ids=list(shop.ids.values())))
    give_quota(shop, "gs_info", None)            # HQ took gs_info's quota away: stuck, and shown
    tab = opened("gs_info2")
    page = subscriptions_page(qtbot, tab)
    qtbot.waitUntil(lambda: page.total == 5 and page.problems_model.rowCount() == 1, timeout=TIMEOUT)
    assert page.columns_model.rows[0]["subscribers"] == 5
    assert page.subscribers_model.rowCount() == 5 and not page.older_button.isEnabled()
    assert page.details.tabText(2).endswith("(1)")
    assert "quota" in page.problems_view.model().index(0, 3).data()
    qtbot.waitUntil(lambda: not runner.busy, timeout=TIMEOUT)     # no reload left to drop the selection
    select_first_row(page.subscribers_view)
    assert page.unsubscribe_button.isEnabled()
    page.unsubscribe_button.click()
    qtbot.waitUntil(lambda: page.total == 4, timeout=TIMEOUT)
    page.problems_view.selectRow(0)
    move = page.request_move()
    qtbot.waitUntil(lambda: move.submit_button.isEnabled(), timeout=TIMEOUT)
    assert move.sender_combo.currentText().startswith("李信息")
    move.submit_button.click()
    qtbot.waitUntil(lambda: page.notice.text().startswith("Request No."), timeout=TIMEOUT)
    assert shop.scalar("SELECT payload ->> 'subscriptions' FROM crm.approval_request "
                       "WHERE flow_code = 'sms_subscription_move'") == "4"
    qtbot.waitUntil(lambda: page.problems_model.rowCount() == 1
                    and page.problems_model.rows[0]["pending_move_request"] is not None, timeout=TIMEOUT)


def test_subscribers_are_newest_first_and_named_by_who_subscribed_them(qtbot, shop, opened, runner):
    """QA walk: the list said "newest first" but was sorted by name, and 订阅人 showed the login."""
    with shop.session("gs_hq") as conn:
        column = subs.save_column(conn, None, "早盘提示")
    with shop.session("gs_info") as conn:
        subs.subscribe(conn, column, sms.RecipientSource(customer_ids=list(shop.ids.values())))
    with shop.admin() as conn:                 # the subscriptions one day apart, in reverse order of name
        conn.execute("UPDATE crm.sms_subscription s SET subscribed_at = now() - x.n * interval '1 day' "
                     "FROM (SELECT c.id, row_number() OVER (ORDER BY c.name DESC) AS n FROM crm.customer c) x "
                     "WHERE x.id = s.customer_id")
    tab = opened("gs_info")
    page = subscriptions_page(qtbot, tab)
    qtbot.waitUntil(lambda: page.total == 5 and page.subscribers_model.rowCount() == 5, timeout=TIMEOUT)
    view = page.subscribers_view.model()
    shown = [view.index(r, 3).data() for r in range(view.rowCount())]
    assert shown == sorted(shown, reverse=True)
    names = [view.index(r, 0).data() for r in range(view.rowCount())]
    with shop.admin() as conn:
        newest_first = [r[0] for r in conn.execute(
            "SELECT c.name FROM crm.sms_subscription s JOIN crm.customer c ON c.id = s.customer_id "
            "ORDER BY s.subscribed_at DESC")]
    assert names == newest_first
    assert {view.index(r, 4).data() for r in range(view.rowCount())} == {"王信息"}
