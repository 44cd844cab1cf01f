"""公共池回收 on screen against the real server: the owner's 即将回收 section in 今日提醒 (days left,
"Log a visit" answered by a saved visit), the HQ administrator's policy editor in the
Administration tab, and a director reversing one recycled customer in the Approvals tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from crm_desktop.agent import jobs
from crm_desktop.services import auth
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.approvals.tab import ApprovalsTab
from crm_desktop.ui.reminders.tab import RemindersTab
from tests.gui.test_admin_tab import ScriptedPrompts, open_admin  # noqa: F401 - fixture
from tests.support import TEST_PASSWORD, wait_idle

TIMEOUT = 15000


@pytest.fixture
def world(db):
    db.make_staff("rc_dir", name="赵总监", staff_type="manager", roles=("marketing_director",),
                  posts=("marketing_director",), scope="subordinates", public_pool=True)
    db.make_staff("rc_mkt", name="孙营销", superior="rc_dir")
    db.make_staff("rc_hq", name="钱总部", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    ids = {}
    for account, name, days in (("7001", "久未联系", 400), ("7002", "快到期", 172), ("7003", "刚开发", 20)):
        ids[name] = db.make_customer(account, name=name)
        db.relate(ids[name], "rc_mkt")
        with db.admin() as conn:
            conn.execute("UPDATE crm.relationship SET valid_from = current_date - %s WHERE customer_id = %s",
                         (days, ids[name]))
    with db.admin() as conn:
        conn.execute("UPDATE crm.pool_recycle_policy SET enabled = true, enabled_since = current_date - 365")
    db.ids = ids
    return db


def sign_in(profile, login: str):
    conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
    connector = StaffConnector(profile, login, TEST_PASSWORD)
    connector.adopt(conn)
    return connector, info


def shown(view, column: int) -> list[str]:
    model = view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_owner_is_warned_and_a_visit_answers_it(qtbot, world, runner, profile, model_tester):
    connector, info = sign_in(profile, "rc_mkt")
    tab = RemindersTab(runner, connector, info)
    qtbot.addWidget(tab)
    section = tab.recycling
    model_tester(section.list.proxy)
    tab.resize(1300, 900)
    tab.show()
    try:
        qtbot.waitUntil(lambda: tab.loaded_once and not tab.loading, timeout=TIMEOUT)
        view = section.list.view
        assert shown(view, 2) == ["久未联系", "快到期"]
        assert shown(view, 0) == ["Due now", "8 days left"]
        assert shown(view, 4)[1].startswith("Never (since ")
        assert tab.counts["recycling_due"] == 2 and tab.counts["badge"] == 2
        assert section.list.title().endswith("— 2")
        assert not section.log_visit_button.isEnabled()
        view.setFocus()
        view.setCurrentIndex(section.list.proxy.index(1, 0))
        assert section.log_visit_button.isEnabled()
        qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        dialog = tab.detail_windows[0]
        assert dialog.customer_id == world.ids["快到期"]
        qtbot.waitUntil(lambda: dialog.visits_page.visit_dialog is not None, timeout=TIMEOUT)
        form = dialog.visits_page.visit_dialog
        form.content_edit.setPlainText("上门拜访，客户继续由我服务")
        form.submit()
        qtbot.waitUntil(lambda: shown(view, 2) == ["久未联系"], timeout=TIMEOUT)
        assert tab.counts["recycling_due"] == 1
        dialog.close()
    finally:
        tab.shutdown()
        wait_idle(runner)
        connector.close()


def test_hq_edits_the_policy(qtbot, world, open_admin):  # noqa: F811 - fixture
    admin = open_admin("rc_hq")
    page = admin.tab.recycling_page
    admin.tab.pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.policy is not None and not page.is_busy, timeout=TIMEOUT)
    assert page.enabled_check.isChecked() and page.days_spin.value() == 180 and page.save_button.isVisible()
    page.days_spin.setValue(90)
    page.warning_spin.setValue(90)
    page.save_button.click()                          # refused here already: nothing sent
    assert admin.prompts.refusals and world.scalar("SELECT days FROM crm.pool_recycle_policy") == 180
    page.warning_spin.setValue(7)
    page.save_button.click()
    qtbot.waitUntil(lambda: page.status.text() == "Policy saved.", timeout=TIMEOUT)
    assert world.scalar("SELECT (days, warning_days, updated_by)::text FROM crm.pool_recycle_policy") == \
        "(90,7,rc_hq)"


def test_director_reverses_a_recycling(qtbot, world, runner, profile, model_tester):
    with jobs.connect_agent(world.admin_url) as conn:
        conn.execute("SELECT * FROM crm.agent_recycle_pool()").fetchall()
    connector, info = sign_in(profile, "rc_dir")
    prompts = ScriptedPrompts()
    tab = ApprovalsTab(runner, connector, info, listen=False)
    qtbot.addWidget(tab)
    page = tab.recycling_page
    page.prompts = prompts
    model_tester(page.runs_proxy, page.items_proxy)
    tab.resize(1300, 800)
    tab.show()
    try:
        tab.show_page(page)
        qtbot.waitUntil(lambda: page.loaded and not page.is_busy, timeout=TIMEOUT)
        assert not prompts.refusals, prompts.refusals
        qtbot.waitUntil(lambda: page.items_proxy.rowCount() == 1, timeout=TIMEOUT)
        assert not page.enabled_check.isEnabled() and not page.save_button.isVisible()
        assert shown(page.runs_view, 2) == ["1"]
        assert shown(page.items_view, 1) == ["久未联系"] and shown(page.items_view, 2) == ["孙营销"]
        assert not tab.detail.isVisible()
        page.items_view.setCurrentIndex(page.items_proxy.index(0, 0))
        prompts.text_answers = ["客户上周来过营业部"]
        page.reverse_button.click()
        qtbot.waitUntil(lambda: "孙营销" in page.status.text() and not page.is_busy, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: bool(shown(page.items_view, 5)[0]), timeout=TIMEOUT)
        assert "rc_dir" in shown(page.items_view, 5)[0]
        assert world.scalar("SELECT developer_id IS NOT NULL FROM crm.customer WHERE id = %s",
                            (world.ids["久未联系"],))
        assert not prompts.refusals
    finally:
        tab.shutdown()
        wait_idle(runner)
        connector.close()


def test_the_empty_list_is_worded_for_whose_runs_it_holds(qtbot, world, open_admin, runner, profile):  # noqa: F811
    """QA walk: HQ's administrator read "no customer of your branch…" though HQ sees every branch."""
    world.make_branch("BR02", "上海分公司营业部")
    with world.admin() as conn:
        conn.execute("UPDATE crm.branch SET name = '北京第一营业部' WHERE code = 'BR01'")
    admin = open_admin("rc_hq")
    page = admin.tab.recycling_page
    admin.tab.pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.loaded and not page.is_busy and bool(page.items_note.text()), timeout=TIMEOUT)
    assert page.items_note.text() == "No customer has been recycled in any branch."
    connector, info = sign_in(profile, "rc_dir")                # a director: their own branch, by name
    tab = ApprovalsTab(runner, connector, info, listen=False)
    qtbot.addWidget(tab)
    tab.show()
    try:
        tab.show_page(tab.recycling_page)
        qtbot.waitUntil(lambda: tab.recycling_page.loaded and not tab.recycling_page.is_busy
                        and bool(tab.recycling_page.items_note.text()), timeout=TIMEOUT)
        assert tab.recycling_page.items_note.text() == "No customer of 北京第一营业部 has been recycled."
    finally:
        tab.shutdown()
        runner.wait()
        connector.close()
