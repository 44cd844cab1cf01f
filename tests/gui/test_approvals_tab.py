"""The 审批 Approvals tab on a real database: approvers decide step by step from their own tabs,
stale actions are refused with who and when, requesters withdraw, the badge follows NOTIFY, and
the requests started from the customer list, the detail window and the admin tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from crm_desktop.services import approvals, auth
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.approvals.dialogs import ApprovalPrompts
from crm_desktop.ui.approvals.requests import RequestPrompts
from crm_desktop.ui.approvals.tab import ApprovalsTab
from tests.support import TEST_PASSWORD, wait_idle

TIMEOUT = 15000


class ScriptedPrompts(RequestPrompts):
    """Answers every question from a script and records what was shown."""

    def __init__(self):
        self.comments: list[str | None] = []
        self.confirm_answer = True
        self.results: list[list[dict]] = []
        self.asked: list[str] = []
        self.informed: list[str] = []
        self.errors: list[str] = []
        self.notes: list[tuple[str, str | None] | None] = []

    def ask_comment(self, parent, title, summary, required, ok_text=None):
        self.asked.append(summary)
        return self.comments.pop(0) if self.comments else ""

    def show_results(self, parent, title, results):
        self.results.append(results)

    def confirm(self, parent, title, text, ok_text=None):
        self.asked.append(text)
        return self.confirm_answer

    def inform(self, parent, title, text):
        self.informed.append(text)

    def show_error(self, parent, title, error):
        from crm_desktop.ui.messages import error_text

        self.errors.append(error_text(error))

    def ask_note(self, parent, title, text, ask_login=False):
        self.asked.append(text)
        return self.notes.pop(0) if self.notes else ("", None)


@pytest.fixture
def staff(db):
    """A marketer with the public pool, the branch's trading manager and marketing director."""
    db.make_staff("dir1", name="赵总监", roles=("marketing_director",), posts=("marketing_director",),
                  scope="branch", public_pool=True)
    db.make_staff("tm1", name="钱经理", roles=("trading_manager",), posts=("trading_manager",), scope="branch",
                  superior="dir1")
    db.make_staff("mkt1", name="孙营销", superior="dir1", public_pool=True)
    db.make_staff("mkt2", name="李营销", superior="dir1", public_pool=True)
    return db


@pytest.fixture
def open_tab(qtbot, runner, profile, model_tester):
    opened = []

    def open_(login: str, prompts: ApprovalPrompts | None = None) -> ApprovalsTab:
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        tab = ApprovalsTab(runner, connector, info, prompts=prompts or ScriptedPrompts())
        qtbot.addWidget(tab)
        model_tester(*(page.model for page in (tab.waiting_page, tab.mine_page, tab.history_page,
                                               tab.reservations_page)))
        tab.resize(1300, 760)
        tab.show()
        opened.append(tab)
        return tab

    yield open_
    for tab in opened:
        tab.shutdown()
    wait_idle(runner)
    for tab in opened:
        tab.connector.close()


def claim(db, login: str, customer_id: int, note: str | None = None) -> int:
    with db.session(login) as conn:
        return approvals.claim_customer(conn, customer_id, note)


def wait_rows(qtbot, page, count: int) -> None:
    qtbot.waitUntil(lambda: page.model.loaded_once and not page.model.loading
                    and page.model.rowCount() == count, timeout=TIMEOUT)


def test_development_request_goes_through_both_approvers(qtbot, staff, open_tab):
    db = staff
    customer = db.make_customer("310000001", name="周客户")
    request_id = claim(db, "mkt1", customer, "老客户介绍")

    manager = open_tab("tm1")
    wait_rows(qtbot, manager.waiting_page, 1)
    qtbot.waitUntil(lambda: manager.waiting_count == 1, timeout=TIMEOUT)
    row = manager.waiting_page.model.row(0)
    assert row["id"] == request_id and row["customer_name"] == "周客户" and row["requested_by_name"] == "孙营销"
    manager.waiting_page.select_ids([request_id])
    # The detail pane: customer, staff and the steps so far (the first one waiting).
    qtbot.waitUntil(lambda: manager.detail.steps.count() == 2, timeout=TIMEOUT)
    assert manager.detail.customer_name.text() == "周客户"
    assert "孙营销" in manager.detail.subject.text()
    assert manager.detail.steps.states == ["current", "waiting"]

    manager.prompts.comments = ["资料齐全"]
    qtbot.mouseClick(manager.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not manager._deciding and manager.waiting_page.model.rowCount() == 0
                    and not manager.waiting_page.model.loading, timeout=TIMEOUT)
    assert f"#{request_id}" in manager.message.text()
    qtbot.waitUntil(lambda: manager.waiting_count == 0, timeout=TIMEOUT)
    assert db.scalar("SELECT current_post FROM crm.approval_request WHERE id = %s", (request_id,)) == \
        "marketing_director"

    director = open_tab("dir1")
    wait_rows(qtbot, director.waiting_page, 1)
    director.waiting_page.select_ids([request_id])
    qtbot.waitUntil(lambda: director.detail.steps.states == ["approved", "current"], timeout=TIMEOUT)
    assert "钱经理" in director.detail.steps.item(0).text() and "资料齐全" in director.detail.steps.item(0).text()
    director.approve(ask=False)          # Ctrl+Enter: at once, no comment
    qtbot.waitUntil(lambda: not director._deciding and director.waiting_page.model.rowCount() == 0
                    and not director.waiting_page.model.loading, timeout=TIMEOUT)
    assert db.scalar("SELECT status FROM crm.approval_request WHERE id = %s", (request_id,)) == "approved"
    assert db.scalar("SELECT s.login FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id "
                     "WHERE r.customer_id = %s AND r.kind = 'development' AND r.status = 'live'",
                     (customer,)) == "mkt1"

    # The history shows every step, who and when.
    director.show_page(director.history_page)
    wait_rows(qtbot, director.history_page, 1)
    director.history_page.select_ids([request_id])
    qtbot.waitUntil(lambda: director.detail.steps.states == ["approved", "approved"], timeout=TIMEOUT)
    assert "赵总监" in director.detail.steps.item(1).text()


def test_a_step_i_approved_stays_in_my_history(qtbot, staff, open_tab):
    """Issue #12 item 11: after approving step 1 the request left 待我审批 and never reached 审批历史.
    History holds every request I decided a step of, with its current state, which follows the
    later steps (NOTIFY) while the page is shown."""
    db = staff
    request_id = claim(db, "mkt1", db.make_customer("310000009", name="吴客户"))
    manager = open_tab("tm1")
    wait_rows(qtbot, manager.waiting_page, 1)
    manager.waiting_page.select_ids([request_id])
    manager.approve(ask=False)
    qtbot.waitUntil(lambda: not manager._deciding and manager.waiting_page.model.rowCount() == 0
                    and not manager.waiting_page.model.loading, timeout=TIMEOUT)

    manager.show_page(manager.history_page)
    wait_rows(qtbot, manager.history_page, 1)
    row = manager.history_page.model.row(0)
    assert (row["id"], row["status"], row["current_post"]) == (request_id, "pending", "marketing_director")
    manager.history_page.select_ids([request_id])
    qtbot.waitUntil(lambda: manager.detail.steps.states == ["approved", "current"], timeout=TIMEOUT)
    assert "钱经理" in manager.detail.steps.item(0).text()
    qtbot.waitUntil(lambda: manager.listener is not None and manager.listener.listening.is_set(), timeout=TIMEOUT)

    with db.session("dir1") as conn:                      # the second approver, elsewhere
        approvals.decide(conn, request_id, 2, "approved")
    qtbot.waitUntil(lambda: not manager.history_page.model.loading and manager.history_page.model.rowCount() == 1
                    and manager.history_page.model.row(0)["status"] == "approved", timeout=TIMEOUT)


def test_reject_needs_a_comment_and_reaches_the_requester(qtbot, staff, open_tab):
    db = staff
    request_id = claim(db, "mkt1", db.make_customer("310000002", name="吴客户"))
    manager = open_tab("tm1")
    wait_rows(qtbot, manager.waiting_page, 1)
    manager.waiting_page.select_ids([request_id])
    manager.prompts.comments = [None]          # cancelled: nothing happens
    manager.reject()
    assert db.scalar("SELECT status FROM crm.approval_request WHERE id = %s", (request_id,)) == "pending"
    manager.prompts.comments = ["客户已由他人开发"]
    qtbot.mouseClick(manager.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not manager._deciding and manager.waiting_page.model.rowCount() == 0
                    and not manager.waiting_page.model.loading, timeout=TIMEOUT)
    assert db.scalar("SELECT comment FROM crm.approval_step WHERE request_id = %s", (request_id,)) == "客户已由他人开发"

    requester = open_tab("mkt1")
    requester.show_page(requester.mine_page)
    wait_rows(qtbot, requester.mine_page, 1)
    assert requester.mine_page.model.row(0)["status"] == "rejected"
    requester.mine_page.select_ids([request_id])
    qtbot.waitUntil(lambda: requester.detail.steps.states[:1] == ["rejected"], timeout=TIMEOUT)
    assert "客户已由他人开发" in requester.detail.steps.item(0).text()
    assert not requester.withdraw_button.isEnabled()


def test_comment_dialog_requires_a_reason_to_reject(qtbot):
    from crm_desktop.ui.approvals.dialogs import CommentDialog

    dialog = CommentDialog("Reject", "#1", required=True)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() == 0 and not dialog.error.isHidden()
    dialog.edit.setPlainText("  理由  ")
    dialog.accept()
    assert dialog.comment == "理由"


def test_stale_approve_shows_who_decided_and_refreshes(qtbot, staff, open_tab):
    db = staff
    db.make_staff("tm2", name="郑经理", roles=("trading_manager",), posts=("trading_manager",), scope="branch")
    request_id = claim(db, "mkt1", db.make_customer("310000003", name="王客户"))
    manager = open_tab("tm1")
    wait_rows(qtbot, manager.waiting_page, 1)
    manager.waiting_page.select_ids([request_id])
    # Another trading manager decides first, on their own connection.
    with db.session("tm2") as other:
        approvals.decide(other, request_id, 1, "approved", "我先批了")
    manager.approve(ask=False)
    qtbot.waitUntil(lambda: not manager._deciding and manager.message.isVisible()
                    and "郑经理" in manager.message.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: manager.waiting_page.model.rowCount() == 0 and not manager.waiting_page.model.loading,
                    timeout=TIMEOUT)
    assert db.scalar("SELECT count(*) FROM crm.approval_step WHERE request_id = %s", (request_id,)) == 1


def test_approve_several_at_once_with_a_result_per_item(qtbot, staff, open_tab):
    db = staff
    db.make_staff("tm2", name="郑经理", roles=("trading_manager",), posts=("trading_manager",), scope="branch")
    ids = [claim(db, "mkt1", db.make_customer(f"31000010{i}", name=f"客户{i}")) for i in range(3)]
    manager = open_tab("tm1")
    wait_rows(qtbot, manager.waiting_page, 3)
    manager.waiting_page.select_ids(ids)
    assert manager.approve_button.text().endswith("3…")
    with db.session("tm2") as other:
        approvals.decide(other, ids[1], 1, "rejected", "不符合")
    manager.prompts.comments = ["批量"]
    manager.approve()
    qtbot.waitUntil(lambda: bool(manager.prompts.results), timeout=TIMEOUT)
    results = {r["id"]: r for r in manager.prompts.results[0]}
    assert results[ids[0]]["ok"] and results[ids[2]]["ok"]
    assert not results[ids[1]]["ok"] and "郑经理" in results[ids[1]]["text"]
    assert "2" in manager.message.text() and "3" in manager.message.text()
    qtbot.waitUntil(lambda: manager.waiting_page.model.rowCount() == 0 and not manager.waiting_page.model.loading,
                    timeout=TIMEOUT)


def test_keyboard_ctrl_enter_approves_and_f5_refreshes(qtbot, staff, open_tab):
    db = staff
    first = claim(db, "mkt1", db.make_customer("310000201", name="甲客户"))
    manager = open_tab("tm1")
    wait_rows(qtbot, manager.waiting_page, 1)
    second = claim(db, "mkt2", db.make_customer("310000202", name="乙客户"))
    manager.waiting_page.view.setFocus()
    qtbot.keyClick(manager.waiting_page.view, Qt.Key.Key_F5)
    wait_rows(qtbot, manager.waiting_page, 2)
    manager.waiting_page.select_ids([first])
    qtbot.keyClick(manager.waiting_page.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: db.scalar("SELECT current_step FROM crm.approval_request WHERE id = %s", (first,)) == 2,
                    timeout=TIMEOUT)
    wait_rows(qtbot, manager.waiting_page, 1)
    manager.waiting_page.select_ids([second])
    manager.prompts.comments = ["不予确认"]
    qtbot.keyClick(manager.waiting_page.view, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: db.scalar("SELECT status FROM crm.approval_request WHERE id = %s", (second,)) == "rejected",
                    timeout=TIMEOUT)


def test_withdraw_from_my_requests(qtbot, staff, open_tab):
    db = staff
    request_id = claim(db, "mkt1", db.make_customer("310000004", name="冯客户"), "请审批")
    requester = open_tab("mkt1")
    requester.show_page(requester.mine_page)
    wait_rows(qtbot, requester.mine_page, 1)
    requester.mine_page.select_ids([request_id])
    assert requester.withdraw_button.isEnabled()
    requester.prompts.confirm_answer = False
    requester.withdraw()
    assert db.scalar("SELECT status FROM crm.approval_request WHERE id = %s", (request_id,)) == "pending"
    requester.prompts.confirm_answer = True
    qtbot.mouseClick(requester.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: db.scalar("SELECT status FROM crm.approval_request WHERE id = %s", (request_id,))
                    == "withdrawn", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not requester.mine_page.model.loading and requester.mine_page.model.rowCount() == 1
                    and requester.mine_page.model.row(0)["status"] == "withdrawn", timeout=TIMEOUT)
    requester.mine_page.select_ids([request_id])
    assert not requester.withdraw_button.isEnabled()


def test_badge_follows_notify_from_another_connection(qtbot, staff, open_tab):
    from PySide6.QtWidgets import QTabWidget

    db = staff
    holder = QTabWidget()
    qtbot.addWidget(holder)
    manager = open_tab("tm1")
    holder.addTab(manager, "Approvals")
    holder.show()
    qtbot.waitUntil(lambda: manager.waiting_count == 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: manager.listener is not None and manager.listener.listening.is_set(), timeout=TIMEOUT)
    claim(db, "mkt1", db.make_customer("310000005", name="陈客户"))       # another connection
    qtbot.waitUntil(lambda: manager.waiting_count == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: holder.tabText(0) == f"{manager.badge_title} (1)", timeout=TIMEOUT)
    claim(db, "mkt2", db.make_customer("310000006", name="褚客户"))
    qtbot.waitUntil(lambda: holder.tabText(0) == f"{manager.badge_title} (2)", timeout=TIMEOUT)
    # The visible list follows too.
    wait_rows(qtbot, manager.waiting_page, 2)
    holder.removeTab(0)
    manager.setParent(None)             # the fixture closes the tab itself


def test_the_main_window_tab_carries_the_badge(qtbot, staff, runner, profile):
    from crm_desktop.ui.main_window import MainWindow

    db = staff
    claim(db, "mkt1", db.make_customer("310000007", name="卫客户"))
    conn, info = auth.sign_in(profile, "tm1", TEST_PASSWORD)
    connector = StaffConnector(profile, "tm1", TEST_PASSWORD)
    connector.adopt(conn)
    window = MainWindow(runner, connector, info, profile)
    qtbot.addWidget(window)
    window.show()
    index = next(i for i in range(window.tabs.count()) if window.tabs.widget(i).objectName() == "tab_approvals")
    tab = window.tabs.widget(index)
    assert isinstance(tab, ApprovalsTab)
    qtbot.waitUntil(lambda: window.tabs.tabText(index).endswith("(1)"), timeout=TIMEOUT)
    # The badge follows NOTIFY through the window's one listening connection (no second one).
    assert window.notifications.listening.wait(10)
    claim(db, "mkt1", db.make_customer("310000008", name="冯客户"))
    qtbot.waitUntil(lambda: window.tabs.tabText(index).endswith("(2)"), timeout=TIMEOUT)
    assert tab.listener is None and tab.shared_listener is window.notifications
    assert db.scalar("SELECT count(*) FROM pg_stat_activity WHERE usename = 'tm1' AND query LIKE 'LISTEN%%'") == 1
    window.close()
    assert tab.listener is None
    runner.wait()
    connector.close()


# Requests started elsewhere ---------------------------------------------------------------------------------

def test_claim_and_assign_from_the_customer_list(qtbot, staff, runner, profile):
    from crm_desktop.ui.customers.tab import CustomersTab

    db = staff
    pool = db.make_customer("310000008", name="蒋客户")
    conn, info = auth.sign_in(profile, "mkt1", TEST_PASSWORD)
    connector = StaffConnector(profile, "mkt1", TEST_PASSWORD)
    connector.adopt(conn)
    tab = CustomersTab(runner, connector, info)
    qtbot.addWidget(tab)
    prompts = ScriptedPrompts()
    feature = tab.approval_requests
    feature.prompts = prompts                        # scripted answers instead of dialogs
    tab.resize(1100, 600)
    tab.show()
    tab.pool_toggle.setChecked(True)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.row(0) is not None, timeout=TIMEOUT)
    tab.view.selectRow(0)
    assert feature.claim_action.isEnabled()
    prompts.notes = [("", "我的客户")]
    feature.claim_action.trigger()
    qtbot.waitUntil(lambda: bool(prompts.informed or prompts.errors), timeout=TIMEOUT)
    assert not prompts.errors
    assert db.scalar("SELECT note FROM crm.approval_request WHERE customer_id = %s AND flow_code = 'development'",
                     (pool,)) == "我的客户"
    prompts.informed.clear()
    feature.claim_action.trigger()                # a second claim: already pending
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=TIMEOUT)
    assert "pending" in prompts.errors[0] or "待" in prompts.errors[0]

    # A marketer may not assign service staff outside their team: a clear refusal.
    prompts.notes = [("mkt2", None)]
    feature.assign_action.trigger()
    qtbot.waitUntil(lambda: len(prompts.errors) == 2, timeout=TIMEOUT)
    runner.wait()
    connector.close()


def test_release_from_the_customer_detail(qtbot, staff, runner, profile):
    from crm_desktop.ui.approvals.requests import install_customer_detail
    from crm_desktop.ui.customer_detail.dialog import CustomerDetailDialog

    db = staff
    customer = db.make_customer("310000009", name="沈客户")
    db.relate(customer, "mkt1")
    conn, info = auth.sign_in(profile, "mkt1", TEST_PASSWORD)
    connector = StaffConnector(profile, "mkt1", TEST_PASSWORD)
    connector.adopt(conn)
    dialog = CustomerDetailDialog(runner, connector, customer)      # deletes itself on close
    prompts = ScriptedPrompts()
    feature = install_customer_detail(dialog, prompts)
    dialog.show()
    view = dialog.relations_page.relationship_view
    qtbot.waitUntil(lambda: view.model().rowCount() == 1, timeout=TIMEOUT)
    assert not feature.button.isEnabled()
    view.selectRow(0)
    assert feature.button.isEnabled()
    prompts.notes = [("", "客户转户")]
    qtbot.mouseClick(feature.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(prompts.informed or prompts.errors), timeout=TIMEOUT)
    assert not prompts.errors, prompts.errors
    assert db.scalar("SELECT payload->>'kind' FROM crm.approval_request WHERE flow_code = 'release' "
                     "AND customer_id = %s", (customer,)) == "development"
    dialog.reject()
    runner.wait()
    connector.close()


def test_flows_and_holidays_pages_for_hq_admins(qtbot, db, runner, profile, model_tester):
    import datetime as dt

    from crm_desktop.ui.admin.tab import AdminTab

    db.make_staff("hqadm", branch="HQ", roles=("hq_admin",), scope="all")
    conn, info = auth.sign_in(profile, "hqadm", TEST_PASSWORD)
    connector = StaffConnector(profile, "hqadm", TEST_PASSWORD)
    connector.adopt(conn)
    tab = AdminTab(runner, connector, info)
    qtbot.addWidget(tab)
    tab.show()
    page = tab.show_page(tab.approval_parts.flows_page)
    model_tester(page.model)
    flows = db.scalar("SELECT count(*) FROM crm.approval_flow")
    qtbot.waitUntil(lambda: page.model.rowCount() == flows and page.steps.count() > 0, timeout=TIMEOUT)
    assert page.select_flow("development")
    assert page.edited_posts() == ["trading_manager", "marketing_director"]
    page.add_post("hq_marketing")
    page.steps.setCurrentRow(2)
    page.move(-1)
    assert page.edited_posts() == ["trading_manager", "hq_marketing", "marketing_director"]
    page.add_post("hq_marketing")                        # twice: refused in the editor
    assert page.edited_posts().count("hq_marketing") == 1
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: db.scalar("SELECT array_agg(post_code ORDER BY step_no)::text FROM crm.approval_flow_step "
                                      "WHERE flow_code = 'development'")
                    == "{trading_manager,hq_marketing,marketing_director}", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not page.is_busy and "hq_marketing" in (page.selected() or {}).get("posts", []),
                    timeout=TIMEOUT)

    holidays = tab.show_page(tab.approval_parts.holidays_page)
    model_tester(holidays.model)
    holidays.year.setValue(2026)
    holidays.ask_holiday = lambda: (dt.date(2026, 10, 1), "国庆节")
    qtbot.waitUntil(lambda: not holidays.is_busy, timeout=TIMEOUT)
    holidays.add()
    qtbot.waitUntil(lambda: holidays.model.rowCount() == 1, timeout=TIMEOUT)
    holidays.view.selectRow(0)
    tab.prompts.confirm = lambda *a, **k: True
    holidays.remove()
    qtbot.waitUntil(lambda: holidays.model.rowCount() == 0 and not holidays.is_busy, timeout=TIMEOUT)
    assert db.scalar("SELECT count(*) FROM crm.holiday") == 0
    runner.wait()
    connector.close()


def test_transfer_from_the_staff_page(qtbot, staff, runner, profile):
    from crm_desktop.ui.admin.tab import AdminTab

    db = staff
    db.make_branch("BR02", "上海营业部")
    db.make_staff("bradm", roles=("branch_admin",), scope="branch")
    conn, info = auth.sign_in(profile, "bradm", TEST_PASSWORD)
    connector = StaffConnector(profile, "bradm", TEST_PASSWORD)
    connector.adopt(conn)
    tab = AdminTab(runner, connector, info)
    qtbot.addWidget(tab)
    prompts = ScriptedPrompts()
    tab.approval_parts.transfer_action.prompts = prompts
    assert tab.approval_parts.flows_page is None           # not an HQ administrator
    tab.show()
    page = tab.show_page(tab.staff_page)
    qtbot.waitUntil(lambda: page.select_login("mkt2"), timeout=TIMEOUT)
    action = tab.approval_parts.transfer_action.action
    assert action.isEnabled()
    prompts.ask_transfer = lambda parent, staff_row, reference: ("marketing", "BR02", "调往上海")
    action.trigger()
    qtbot.waitUntil(lambda: bool(prompts.informed or prompts.errors), timeout=TIMEOUT)
    assert not prompts.errors, prompts.errors
    assert db.scalar("SELECT payload->>'staff_type' FROM crm.approval_request WHERE flow_code = 'transfer'") == "marketing"
    runner.wait()
    connector.close()
