"""Issue #4 "done when", end to end as a marketing staff member through the app's own
controller: sign in, find a customer by mobile, edit the extended mobile (Ctrl+S), log a visit,
build a customer group from a filter, see its statistics, sign out — against the real server."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from crm_desktop.services.customer_query.filters import Condition, Group
from crm_desktop.ui.app import AppController
from crm_desktop.ui.customer_groups.install import NEW_GROUP
from tests.gui.test_customer_detail import ScriptedPrompts as DetailPrompts
from tests.gui.test_customer_detail import type_into, wait_saved
from tests.gui.test_customer_groups import ScriptedPrompts as GroupPrompts
from tests.support import TEST_PASSWORD

TIMEOUT = 20000


def test_marketer_finds_edits_logs_a_visit_and_builds_a_group(qtbot, db, monkeypatch, gate_password):
    monkeypatch.setenv("CRM_DATABASE_URL", db.admin_url)
    monkeypatch.setenv("CRM_GATE_PASSWORD", gate_password)
    db.make_staff("mkt_day", name="周营销")
    ids = []
    for i in range(1, 5):
        cid = db.make_customer(f"31009900{i}", name=f"甲客户{i}", mobile=f"1380099000{i}")
        db.relate(cid, "mkt_day")
        ids.append(cid)
    with db.admin() as conn:
        for n, cid in enumerate(ids):
            conn.execute("SELECT crm.customer_daily_partition(%s)", ("2024-03-04",))
            conn.execute(
                "INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, "
                "market_value_cents, cash_cents, trade_volume_cents, commission_cents, net_commission_cents, "
                "interest_spread_cents, pnl_cents) SELECT branch_id, id, '2024-03-04', %s, 0, 0, %s, %s, %s, 0, 0 "
                "FROM crm.customer WHERE id = %s", (1_000_000 * (n + 1), 50_000, 120 + n, 100, cid))

    controller = AppController()
    controller.start()
    dialog = controller.dialog
    qtbot.addWidget(dialog)
    dialog.login_edit.setText("mkt_day")
    dialog.password_edit.setText(TEST_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=TIMEOUT)
    window = controller.window
    tab = window.tabs.findChild(object, "tab_customers")
    window.tabs.setCurrentWidget(tab)

    # Find by mobile, as typed into the search box.
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, "13800990003")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.row(0) is not None, timeout=TIMEOUT)
    assert tab.model.row(0)["id"] == ids[2]

    # Open it (Enter), change the extended mobile, Ctrl+S.
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    tab.open_detail(0)
    detail = tab.detail_windows[-1]
    detail.prompts = DetailPrompts()
    qtbot.waitUntil(lambda: not detail.loading and detail.ext_page.editable, timeout=TIMEOUT)
    type_into(qtbot, detail.ext_page.edits["mobile"], "13912345678")
    detail.save_shortcut()
    wait_saved(qtbot, detail)
    assert db.scalar("SELECT mobile || '/' || modified_by FROM crm.customer_ext WHERE customer_id = %s",
                     (ids[2],)) == "13912345678/mkt_day"

    # Log a visit.
    page = detail.visits_page
    detail.tabs.setCurrentWidget(page)
    page.add_button.click()
    visit = page.visit_dialog
    type_into(qtbot, visit.content_edit, "电话回访，介绍新产品")
    visit.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: page.visit_dialog is None and page.model.rowCount() == 1, timeout=TIMEOUT)
    assert db.scalar("SELECT count(*) FROM crm.visit WHERE customer_id = %s", (ids[2],)) == 1
    detail.close()

    # A group from a filter, and its statistics.
    tab.search.clear()
    tab.apply_filter(Group("and", [Condition("name", "contains", "甲客户")]))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4 and tab.model.row(3) is not None, timeout=TIMEOUT)
    tab.customer_groups.prompts = GroupPrompts()
    add = tab.customer_groups.add_list()
    qtbot.waitUntil(lambda: add.count == 4 and add.group_combo.isEnabled(), timeout=TIMEOUT)
    add.select_group(NEW_GROUP)
    add.name_edit.setText("三月活跃")
    qtbot.mouseClick(add.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: db.scalar("SELECT count(*) FROM crm.customer_group_member m JOIN crm.customer_group g "
                                      "ON g.id = m.group_id WHERE g.name = '三月活跃'") == 4, timeout=TIMEOUT)
    group_id = db.scalar("SELECT id FROM crm.customer_group WHERE name = '三月活跃'")
    groups = tab.customer_groups.open_groups()
    qtbot.waitUntil(lambda: not groups.loading, timeout=TIMEOUT)
    assert groups.select_group(group_id)
    qtbot.waitUntil(lambda: not groups.loading, timeout=TIMEOUT)
    groups.pages.setCurrentIndex(1)
    groups.set_period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    qtbot.mouseClick(groups.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not groups.loading and groups.stats_model.statistics is not None, timeout=TIMEOUT)
    assert groups.stats_model.statistics.totals["commission_cents"] == sum(120 + n for n in range(4))
    groups.close()

    window.request_logout()
    qtbot.waitUntil(lambda: controller.window is None and controller.dialog is not None, timeout=TIMEOUT)
    qtbot.addWidget(controller.dialog)
    qtbot.waitUntil(lambda: db.scalar("SELECT count(*) FROM crm.app_session "
                                      "WHERE login = 'mkt_day' AND closed_at IS NULL") == 0, timeout=TIMEOUT)
    controller.shutdown()
