"""Issue #15 on screen: a trading manager resolves a reservation in review from 审批 › 待人工确认
(candidates side by side, confirm / reject / extend), and a director hands a leaving marketer's
customers to a colleague from 审批 with one request whose customers the detail pane lists page
by page."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_desktop.services import approvals
from tests.db.test_reservations import match, reserve, valid_id
from tests.gui.test_approvals_tab import TIMEOUT, ScriptedPrompts, open_tab, staff, wait_rows  # noqa: F401
from tests.support import wait_idle

SHOTS = "/tmp/h3_{}.png"


@pytest.fixture
def review_items(staff):
    db = staff
    db.make_customer("OLD", name="老客户", mobile="13500000005", open_date="2019-03-01")
    first = reserve(db, "mkt1", "孙五", mobile="13500000005")
    db.make_customer("310000101", name="孙五", mobile="13500000005", open_date="2025-09-04")
    db.make_customer("310000102", name="孙 五", mobile="13500000099", open_date="2025-09-05")
    second = reserve(db, "mkt2", "周七", id_no=valid_id(7))
    third = reserve(db, "mkt1", "周七", mobile="13600000007")
    db.make_customer("310000103", name="周七", mobile="13600000007", id_no=valid_id(7), open_date="2025-09-05")
    assert match(db, dt.date(2025, 9, 5))["review"] == 3
    return db, first, second, third


def test_a_trading_manager_resolves_review_items(qtbot, review_items, open_tab):
    db, first, second, third = review_items
    prompts = ScriptedPrompts()
    tab = open_tab("tm1", prompts)
    assert tab.review_page is not None
    page = tab.show_page(tab.review_page)
    wait_rows(qtbot, page, 3)
    page.view.selectRow(0)
    qtbot.waitUntil(lambda: page.candidates.loaded_once and not page.candidates.loading
                    and page.candidates.rowCount() == 2, timeout=TIMEOUT)
    rows = {page.candidates.row(n)["account_no"]: n for n in range(2)}
    page.candidate_view.selectRow(rows["310000102"])            # the mobile differs: not confirmable
    assert not page.confirm_button.isEnabled()
    page.candidate_view.selectRow(rows["310000101"])
    assert page.confirm_button.isEnabled()
    tab.grab().save(SHOTS.format("review_zh"))
    page.confirm()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not page.busy, timeout=TIMEOUT)
    assert db.scalar("SELECT status FROM crm.reservation WHERE id = %s", (first,)) == "matched"
    assert db.scalar("SELECT count(*) FROM crm.approval_request WHERE reservation_id = %s AND status = 'pending'",
                     (first,)) == 1
    # The two reservations of one account: reject one with a reason, extend the other.
    wait_rows(qtbot, page, 2)
    page.view.selectRow(0)
    prompts.comments = ["客户确认由李营销预约"]
    page.reject()
    qtbot.waitUntil(lambda: db.scalar("SELECT status FROM crm.reservation WHERE id = %s", (second,)) == "rejected",
                    timeout=TIMEOUT)
    wait_rows(qtbot, page, 1)
    page.view.selectRow(0)
    page.days.setValue(5)
    page.extend()
    qtbot.waitUntil(lambda: db.scalar("SELECT status FROM crm.reservation WHERE id = %s", (third,)) == "open",
                    timeout=TIMEOUT)
    wait_rows(qtbot, page, 0)
    assert "5" in tab.message.text()


def test_no_review_page_without_the_approve_right(qtbot, staff, open_tab):
    tab = open_tab("mkt1")
    assert tab.review_page is None


def test_a_director_hands_a_leaving_marketers_customers_to_a_colleague(qtbot, staff, open_tab, model_tester):
    db = staff
    with db.admin() as conn:
        conn.execute("""
            INSERT INTO crm.customer (account_no, name, gender, open_date, branch_id, loaded_for)
            SELECT '3200' || lpad(g::text, 5, '0'), '交接客户' || g, 'M', DATE '2024-01-02', b.id, DATE '2024-01-02'
              FROM generate_series(1, 250) g, crm.branch b WHERE b.code = 'BR01'""")
        conn.execute("""
            INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from)
            SELECT c.id, c.branch_id, s.id, 'development', DATE '2024-01-02'
              FROM crm.customer c, crm.staff s WHERE c.account_no LIKE '3200%%' AND s.login = 'mkt1'""")
    tab = open_tab("dir1")
    model_tester(tab.request_customers)
    tab.show_page(tab.mine_page)
    dialog = tab.open_batch_request("handover")
    qtbot.waitUntil(lambda: dialog.giver.count() > 0 and dialog.submit_button.isEnabled(), timeout=TIMEOUT)
    dialog.giver.setCurrentIndex(dialog.giver.findData("mkt1"))
    assert dialog.receiver.findData("mkt1") < 0                   # not to themselves
    dialog.receiver.setCurrentIndex(dialog.receiver.findData("mkt2"))
    assert "250" in dialog.scope.text()
    day = dt.date.today() - dt.timedelta(days=5)
    dialog.day.setDate(day)
    dialog.note.setPlainText("孙营销离职，客户交李营销")
    dialog.resize(720, 420)
    dialog.grab().save(SHOTS.format("handover_dialog"))
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: dialog.request_id is not None, timeout=TIMEOUT)      # accepted: the dialog goes
    assert str(dialog.request_id) in tab.message.text()
    request = dialog.request_id
    wait_rows(qtbot, tab.mine_page, 1)
    # 我的申请: the count of customers and the giver → receiver (QA walk: both were empty)
    model = tab.mine_page.model
    assert model.data(model.index(0, 2)) == "250 customers"
    assert model.data(model.index(0, 3)) == "孙营销 → 李营销"
    tab.mine_page.view.selectRow(0)
    # Pages of 200: the view asks for the second one as the first fits in it (fetchMore).
    qtbot.waitUntil(lambda: tab.detail.customers_box.isVisible() and tab.request_customers.rowCount() == 250,
                    timeout=TIMEOUT)
    assert "250" in tab.detail.customers_count.text()
    assert tab.request_customers.row(0)["holder_login"] == "mkt1"
    tab.grab().save(SHOTS.format("handover_detail"))
    # The director asked as the branch's 营销总监: one approval, the trading manager's, applies it.
    assert db.scalar("SELECT posts FROM crm.approval_request WHERE id = %s", (request,)) == ["trading_manager"]
    with db.session("tm1") as conn:
        assert approvals.decide(conn, request, 1, "approved") == "approved"
    assert db.scalar("SELECT count(*) FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id "
                     "WHERE s.login = 'mkt2' AND r.status = 'live' AND r.valid_from = %s", (day,)) == 250


def test_a_refused_hand_over_keeps_the_dialog_open_with_the_reason(qtbot, staff, open_tab):
    tab = open_tab("dir1")
    dialog = tab.open_batch_request("handover")
    qtbot.waitUntil(lambda: dialog.giver.count() > 0 and dialog.submit_button.isEnabled(), timeout=TIMEOUT)
    dialog.giver.setCurrentIndex(dialog.giver.findData("mkt1"))     # holds no customers
    dialog.receiver.setCurrentIndex(dialog.receiver.findData("mkt2"))
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=TIMEOUT)
    assert dialog.isVisible() and dialog.request_id is None
    assert "holds no" in dialog.error.text() or "没有" in dialog.error.text()


def test_a_hand_over_from_a_past_day_names_the_newer_customers_and_hands_over_the_others(qtbot, staff, open_tab):
    """QA walk: all of a marketer's customers from a past day was refused while some began after
    it, without saying which. The dialog names them and hands over the others in one request."""
    db = staff
    today = dt.date.today()
    with db.admin() as conn:
        conn.execute("""
            INSERT INTO crm.customer (account_no, name, gender, open_date, branch_id, loaded_for)
            SELECT '3300' || lpad(g::text, 5, '0'), '旧新客户' || g, 'M', DATE '2024-01-02', b.id, DATE '2024-01-02'
              FROM generate_series(1, 5) g, crm.branch b WHERE b.code = 'BR01'""")
        conn.execute("""
            INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from)
            SELECT c.id, c.branch_id, s.id, 'development',
                   CASE WHEN c.account_no > '330000003' THEN current_date - 2 ELSE DATE '2024-01-02' END
              FROM crm.customer c, crm.staff s WHERE c.account_no LIKE '3300%%' AND s.login = 'mkt1'""")
    tab = open_tab("dir1")
    dialog = tab.open_batch_request("handover")
    qtbot.waitUntil(lambda: dialog.giver.count() > 0 and dialog.submit_button.isEnabled(), timeout=TIMEOUT)
    dialog.giver.setCurrentIndex(dialog.giver.findData("mkt1"))
    dialog.receiver.setCurrentIndex(dialog.receiver.findData("mkt2"))
    dialog.day.setDate(today - dt.timedelta(days=5))
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: dialog.blockers_list.isVisible() and dialog.submit_button.isEnabled(), timeout=TIMEOUT)
    assert dialog.request_id is None and db.scalar("SELECT count(*) FROM crm.approval_request") == 0
    named = dialog.blockers_list.toPlainText().splitlines()
    assert [line.split()[0] for line in named] == ["330000004", "330000005"]
    assert all((today - dt.timedelta(days=2)).isoformat() in line for line in named)
    assert "2" in dialog.blockers_label.text()
    assert "3" in dialog.others_button.text() and dialog.others_button.isEnabled()
    dialog.resize(720, 520)
    dialog.grab().save(SHOTS.format("handover_blockers"))
    dialog.others_button.click()
    qtbot.waitUntil(lambda: dialog.request_id is not None, timeout=TIMEOUT)
    assert db.scalar("SELECT payload ->> 'customers' FROM crm.approval_request WHERE id = %s",
                     (dialog.request_id,)) == "3"
    assert db.scalar("SELECT payload ->> 'left_out' FROM crm.approval_request WHERE id = %s",
                     (dialog.request_id,)) == "2"
    assert sorted(db.scalar("SELECT array_agg(c.account_no) FROM crm.approval_request_customer k "
                            "JOIN crm.customer c ON c.id = k.customer_id WHERE k.request_id = %s",
                            (dialog.request_id,))) == ["330000001", "330000002", "330000003"]


def test_a_changed_effective_date_forgets_the_named_customers(qtbot, staff, open_tab):
    db = staff
    customer = db.make_customer("330000009", "BR01", name="新客户")
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from) "
                     "SELECT c.id, c.branch_id, s.id, 'development', current_date - 1 FROM crm.customer c, crm.staff s "
                     "WHERE c.id = %s AND s.login = 'mkt1'",
                     (customer,))
    tab = open_tab("dir1")
    dialog = tab.open_batch_request("handover")
    qtbot.waitUntil(lambda: dialog.giver.count() > 0 and dialog.submit_button.isEnabled(), timeout=TIMEOUT)
    dialog.giver.setCurrentIndex(dialog.giver.findData("mkt1"))
    dialog.receiver.setCurrentIndex(dialog.receiver.findData("mkt2"))
    dialog.day.setDate(dt.date.today() - dt.timedelta(days=3))
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: dialog.blockers_list.isVisible(), timeout=TIMEOUT)
    assert not dialog.others_button.isEnabled()          # nobody else to hand over
    dialog.day.setDate(dt.date.today())
    assert not dialog.blockers_list.isVisible() and not dialog.others_button.isVisible()
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: dialog.request_id is not None, timeout=TIMEOUT)


def test_batch_entry_from_a_workbook_with_a_row_report(qtbot, staff, open_tab, tmp_path):
    import openpyxl

    db = staff
    for n in (1, 2, 3):
        db.make_customer(f"33000000{n}", name=f"存量客户{n}")
    book = openpyxl.Workbook()
    book.active.append(["资金账号"])
    for value in ("330000001", 330000002, "330000002", "999999999", "330000003"):
        book.active.append([value])
    path = tmp_path / "accounts.xlsx"
    book.save(path)
    tab = open_tab("dir1")
    dialog = tab.open_batch_request("batch_entry")
    qtbot.waitUntil(lambda: dialog.receiver.count() > 0 and dialog.submit_button.isEnabled(), timeout=TIMEOUT)
    assert dialog.giver.isHidden() and dialog.workbook_button.isVisible()
    dialog.receiver.setCurrentIndex(dialog.receiver.findData("mkt2"))
    dialog.read_workbook(str(path))
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=TIMEOUT)
    assert dialog.customer_ids and len(dialog.customer_ids) == 3
    assert "row 4" in dialog.report_label.text() and "row 5" in dialog.report_label.text()
    dialog.resize(720, 460)
    dialog.grab().save(SHOTS.format("batch_entry_dialog"))
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: dialog.request_id is not None, timeout=TIMEOUT)
    assert db.scalar("SELECT count(*) FROM crm.approval_request_customer k JOIN crm.approval_request r "
                     "ON r.id = k.request_id WHERE r.flow_code = 'batch_entry'") == 3


def test_the_screens_in_chinese(qtbot, review_items, open_tab, qapp):
    """The default language: labels and reasons in Chinese (screenshots for a look)."""
    from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

    from crm_desktop.ui.app import install_translators

    db = review_items[0]
    before = set(qapp.findChildren(QTranslator))
    locale = QLocale()
    install_translators(qapp, "zh_CN")
    try:
        tab = open_tab("tm1")
        page = tab.show_page(tab.review_page)
        assert tab.pages.tabText(tab.pages.indexOf(page)) == "待人工确认"
        assert page.confirm_button.text() == "确认为该账户"
        wait_rows(qtbot, page, 3)
        page.view.selectRow(0)
        qtbot.waitUntil(lambda: page.candidates.rowCount() == 2 and not page.candidates.loading, timeout=TIMEOUT)
        page.candidate_view.selectRow(0)
        assert "手机号一致" in page.candidates.data(page.candidates.index(0, 8))
        tab.grab().save(SHOTS.format("review_zh"))
        with db.admin() as conn:
            conn.execute("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from) "
                         "SELECT c.id, c.branch_id, s.id, 'development', current_date FROM crm.customer c, "
                         "crm.staff s WHERE c.account_no = 'OLD' AND s.login = 'mkt1'")
        dialog = tab.open_batch_request("handover", giver_login="mkt1")
        qtbot.waitUntil(lambda: dialog.giver.count() > 0 and dialog.submit_button.isEnabled(), timeout=TIMEOUT)
        assert dialog.windowTitle() == "客户交接" and "1位" in dialog.scope.text()
        dialog.receiver.setCurrentIndex(dialog.receiver.findData("mkt2"))
        dialog.submit_button.click()          # effective today: the relationship began today
        qtbot.waitUntil(lambda: dialog.blockers_list.isVisible(), timeout=TIMEOUT)
        # The customers that keep it from the day, named, in Chinese with the figures
        assert "其中 1 位客户的关系始于" in dialog.blockers_label.text()
        assert "请选择更晚的生效日期" in dialog.blockers_label.text()
        assert dialog.blockers_list.toPlainText().startswith("OLD 老客户 — 关系始于 ")
        assert dialog.others_button.text() == "交接其余 0 位客户" and not dialog.others_button.isEnabled()
        dialog.resize(720, 400)
        dialog.grab().save(SHOTS.format("handover_dialog_zh"))
        dialog.day.setDate(dt.date.today() + dt.timedelta(days=1))
        dialog.submit_button.click()
        qtbot.waitUntil(lambda: dialog.request_id is not None, timeout=TIMEOUT)
        page = tab.show_page(tab.mine_page)
        wait_rows(qtbot, page, 1)
        assert page.model.data(page.model.index(0, 2)) == "1 位客户"
        assert page.model.data(page.model.index(0, 3)) == "孙营销 → 李营销"
        tab.grab().save("/tmp/h8b_mine_zh.png")
    finally:
        for translator in set(qapp.findChildren(QTranslator)) - before:
            QCoreApplication.removeTranslator(translator)
            translator.setParent(None)
        QLocale.setDefault(locale)


def test_hand_over_from_the_customer_list_and_the_staff_page(qtbot, staff, runner, profile):
    from crm_desktop.services import auth
    from crm_desktop.services.connector import StaffConnector
    from crm_desktop.ui.admin.tab import AdminTab
    from crm_desktop.ui.customers.tab import CustomersTab
    from tests.support import TEST_PASSWORD

    db = staff
    for n in (1, 2, 3):
        db.relate(db.make_customer(f"34000000{n}", name=f"甲客户{n}"), "mkt1")
    conn, info = auth.sign_in(profile, "dir1", TEST_PASSWORD)
    connector = StaffConnector(profile, "dir1", TEST_PASSWORD)
    connector.adopt(conn)
    tab = CustomersTab(runner, connector, info)
    qtbot.addWidget(tab)
    feature = tab.approval_requests
    feature.prompts = ScriptedPrompts()
    tab.resize(1100, 600)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3 and tab.model.row(2) is not None, timeout=TIMEOUT)
    # Offered once the server has named the receivers (a worker of its own, racing the list's)
    qtbot.waitUntil(feature.handover_action.isVisible, timeout=TIMEOUT)
    tab.view.selectAll()
    assert feature.handover_action.isEnabled()
    feature.handover_action.trigger()
    dialog = feature.batch_dialog
    qtbot.waitUntil(lambda: dialog.giver.count() > 0 and dialog.submit_button.isEnabled(), timeout=TIMEOUT)
    assert "3" in dialog.scope.text() and dialog.customer_ids and len(dialog.customer_ids) == 3
    dialog.giver.setCurrentIndex(dialog.giver.findData("mkt1"))
    dialog.receiver.setCurrentIndex(dialog.receiver.findData("mkt2"))
    dialog.day.setDate(dt.date.today() + dt.timedelta(days=1))       # the rows began today
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: bool(feature.prompts.informed), timeout=TIMEOUT)
    assert db.scalar("SELECT (payload->>'customers')::int FROM crm.approval_request WHERE flow_code = 'handover'") == 3
    runner.wait()

    # The staff page offers the hand-over beside 调岗, with the person chosen there.
    db.make_staff("bradm", roles=("branch_admin",), scope="branch")
    conn, info = auth.sign_in(profile, "bradm", TEST_PASSWORD)
    admin_connector = StaffConnector(profile, "bradm", TEST_PASSWORD)
    admin_connector.adopt(conn)
    admin = AdminTab(runner, admin_connector, info)
    qtbot.addWidget(admin)
    admin.show()
    page = admin.show_page(admin.staff_page)
    qtbot.waitUntil(lambda: page.select_login("mkt2"), timeout=TIMEOUT)
    parts = admin.approval_parts.transfer_action
    assert parts.handover_action.isEnabled()
    parts.handover_action.trigger()
    dialog = parts.batch_dialog
    qtbot.waitUntil(lambda: dialog.giver.count() > 0, timeout=TIMEOUT)
    assert dialog.giver.currentData() == "mkt2"
    dialog.close()
    runner.wait()
    connector.close()
    admin_connector.close()


def test_hand_over_and_batch_entry_are_offered_only_to_who_may_name_a_receiver(qtbot, staff, runner, open_tab):
    """A marketer without a team may hand nobody's customers to anyone (the server names only
    themselves): 审批 › 我的申请 and the customer list offer neither request to them. A director
    gets both, and the dialog never offers themselves as the receiver (CR033)."""
    from crm_desktop.services import auth
    from crm_desktop.services.connector import StaffConnector
    from crm_desktop.ui.customers.tab import CustomersTab
    from tests.support import TEST_PASSWORD

    marketer = open_tab("mkt1")
    director = open_tab("dir1")
    qtbot.waitUntil(lambda: not director.handover_button.isHidden(), timeout=TIMEOUT)
    assert not director.batch_entry_button.isHidden()
    wait_idle(runner)             # the marketer's answer has arrived too
    assert marketer.handover_button.isHidden() and marketer.batch_entry_button.isHidden()

    profile = marketer.connector.profile
    conn, info = auth.sign_in(profile, "mkt1", TEST_PASSWORD)
    connector = StaffConnector(profile, "mkt1", TEST_PASSWORD)
    connector.adopt(conn)
    customers = CustomersTab(runner, connector, info)
    qtbot.addWidget(customers)
    wait_idle(runner)             # the server has named the receivers: hidden for good, not yet shown
    feature = customers.approval_requests
    assert not feature.handover_action.isVisible() and not feature.batch_entry_action.isVisible()
    assert feature.claim_action.isVisible()        # what a marketer may ask for stays
    customers.shutdown()
    connector.close()

    dialog = director.open_batch_request("handover")
    qtbot.waitUntil(lambda: dialog.giver.count() > 0 and dialog.submit_button.isEnabled(), timeout=TIMEOUT)
    dialog.giver.setCurrentIndex(dialog.giver.findData("mkt1"))
    assert dialog.receiver.findData("dir1") < 0 and dialog.receiver.findData("mkt2") >= 0
    dialog.reject()
