"""Customer groups (客户群) on the Customers tab against the real server: build a group from the
current filter, see its statistics, open it as a filter; the detail window lists the groups."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from crm_desktop.services import auth
from crm_desktop.services import customer_groups as cg
from crm_desktop.services.connector import StaffConnector
from crm_desktop.services.customer_query.filters import Condition, Group
from crm_desktop.ui.customer_groups.common import GroupPrompts
from crm_desktop.ui.customer_groups.install import NEW_GROUP
from crm_desktop.ui.customers.tab import CustomersTab
from tests.support import TEST_PASSWORD, wait_idle

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal
TIMEOUT = 15000


class ScriptedPrompts(GroupPrompts):
    def __init__(self):
        self.names: list[str] = []
        self.confirm_answer = True
        self.informed: list[str] = []
        self.errors: list[str] = []
        self.path: str | None = None

    def ask_name(self, parent, title, label, text=""):
        return self.names.pop(0) if self.names else None

    def confirm(self, parent, title, text) -> bool:
        self.informed.append(f"confirm:{text}")
        return self.confirm_answer

    def inform(self, parent, title, text) -> None:
        self.informed.append(text)

    def show_error(self, parent, title, error) -> None:
        self.errors.append(str(error))

    def save_path(self, parent, title, suggested):
        return self.path


@pytest.fixture
def world(db):
    """BR01: devmgr above mkt_a; mkt_a develops 8 customers (5 named 甲…, 3 named 乙…) with facts
    in March 2024; mkt_b develops one more 甲 customer that mkt_a cannot see."""
    db.make_staff("devmgr", name="经理", staff_type="manager", scope="subordinates",
                  roles=("marketing", "marketing_director"))
    db.make_staff("mkt_a", name="王小明", superior="devmgr")
    db.make_staff("mkt_b", name="李四")
    ids = {}
    for i in range(1, 9):
        ids[i] = db.make_customer(f"3100000{i:02d}", name=("甲" if i <= 5 else "乙") + f"客户{i}")
        db.relate(ids[i], "mkt_a")
    ids["b"] = db.make_customer("320000001", name="甲客户B")
    db.relate(ids["b"], "mkt_b")
    with db.admin() as conn:
        for n, cid in enumerate(ids.values()):
            for day, factor in ((dt.date(2024, 3, 4), 1), (dt.date(2024, 3, 20), 2), (dt.date(2024, 4, 1), 4)):
                conn.execute("SELECT crm.customer_daily_partition(%s)", (day,))
                conn.execute(
                    "INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, "
                    "market_value_cents, cash_cents, trade_volume_cents, commission_cents, net_commission_cents, "
                    "interest_spread_cents, pnl_cents) SELECT branch_id, id, %s, %s, 0, 0, %s, %s, %s, 0, 0 "
                    "FROM crm.customer WHERE id = %s",
                    (day, 2_000_000 * (n + 1) * factor + 3, 90_000 * factor + n, 250 * factor + n, 150 * factor, cid))
    db.ids = ids
    return db


@pytest.fixture
def open_tab(qtbot, db, profile, runner):
    """open_tab(login) -> a shown CustomersTab with scripted group prompts."""
    connectors, testers = [], []

    def open_(login: str) -> CustomersTab:
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        connectors.append(connector)
        tab = CustomersTab(runner, connector, info)
        qtbot.addWidget(tab)
        tab.customer_groups.prompts = ScriptedPrompts()
        testers.append(QAbstractItemModelTester(tab.model, Fatal))
        tab.resize(1200, 700)
        tab.show()
        qtbot.waitUntil(lambda: tab.model.rowCount() > 0 and tab.model.row(0) is not None, timeout=TIMEOUT)
        return tab

    open_.testers = testers
    yield open_
    runner.cancel_all()
    wait_idle(runner)
    for connector in connectors:
        connector.close()


def open_groups(qtbot, tab, testers):
    dialog = tab.customer_groups.open_groups()
    for model in (dialog.group_model, dialog.group_proxy, dialog.member_model, dialog.member_proxy,
                  dialog.stats_model, dialog.stats_proxy):
        testers.append(QAbstractItemModelTester(model, Fatal))
    qtbot.waitUntil(lambda: not dialog.loading, timeout=TIMEOUT)
    return dialog


def members_in_db(db, group_id: int) -> set[int]:
    with db.admin() as conn:
        return {r[0] for r in conn.execute("SELECT customer_id FROM crm.customer_group_member WHERE group_id = %s",
                                           (group_id,))}


def test_group_from_filter_statistics_and_open_as_filter(qtbot, world, open_tab):
    tab = open_tab("mkt_a")
    prompts = tab.customer_groups.prompts
    assert tab.customer_groups.groups_button.parent() is not None
    tab.apply_filter(Group("and", [Condition("name", "contains", "甲")]))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5 and tab.model.row(4) is not None, timeout=TIMEOUT)

    # Add the whole current list to a new group: the count is shown before anything is added.
    add = tab.customer_groups.add_list()
    qtbot.waitUntil(lambda: add.count == 5 and add.group_combo.isEnabled(), timeout=TIMEOUT)
    assert "5" in add.summary.text()
    assert tab.filter_tools.chips.texts()[0] in add.summary.text()     # the filter in words (#12 item 1)
    assert not add.add_button.isEnabled() or add.group_combo.currentData() != NEW_GROUP
    add.select_group(NEW_GROUP)
    assert not add.add_button.isEnabled()                     # a new group needs a name
    add.name_edit.setText("甲类客户")
    assert add.add_button.isEnabled()
    qtbot.mouseClick(add.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("甲类客户" in text for text in prompts.informed), timeout=TIMEOUT)
    with world.admin() as conn:
        group_id = conn.execute("SELECT id FROM crm.customer_group WHERE name = '甲类客户'").fetchone()[0]
    assert members_in_db(world, group_id) == {world.ids[i] for i in range(1, 6)}   # not mkt_b's 甲客户B

    # Statistics over March 2024, against an independent aggregate.
    dialog = open_groups(qtbot, tab, open_tab.testers)
    assert dialog.select_group(group_id)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=TIMEOUT)
    assert dialog.member_model.rowCount() == 5 and "5" in dialog.member_label.text()
    dialog.pages.setCurrentIndex(1)
    dialog.set_period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    qtbot.mouseClick(dialog.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.stats_model.statistics is not None
                    and dialog.stats_model.statistics.start == dt.date(2024, 3, 1), timeout=TIMEOUT)
    stats = dialog.stats_model.statistics
    with world.admin() as conn:
        volume, commission, net = conn.execute(
            "SELECT sum(trade_volume_cents), sum(commission_cents), sum(net_commission_cents) FROM crm.customer_daily "
            "WHERE customer_id = ANY(%s) AND trade_date BETWEEN '2024-03-01' AND '2024-03-31'",
            ([world.ids[i] for i in range(1, 6)],)).fetchone()
        assets = conn.execute(
            "SELECT sum(total_assets_cents) FROM crm.customer_daily WHERE customer_id = ANY(%s) "
            "AND trade_date = '2024-03-20'", ([world.ids[i] for i in range(1, 6)],)).fetchone()[0]
    assert (stats.totals["trade_volume_cents"], stats.totals["commission_cents"],
            stats.totals["net_commission_cents"], stats.totals["total_assets_cents"]) == (volume, commission, net, assets)
    model = dialog.stats_model
    assert model.rowCount() == 6                                   # 5 members + the totals row
    last = model.rowCount() - 1
    assert model.index(last, 0).data() == dialog.tr("Total")
    assert model.index(last, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(last, 6).data() == f"{commission / 100:,.2f}"
    assert "2024-03-01" in dialog.stats_note.text()
    # A marketing staff member has no export permission: no export button.
    assert dialog.export_button.isHidden()

    # Open as filter: the list shows exactly the members (a leftover search is cleared).
    tab.apply_filter(None)
    tab.search.setText("乙")
    tab.run_query()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3 and tab.model.row(2) is not None, timeout=TIMEOUT)
    qtbot.mouseClick(dialog.filter_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5 and all(tab.model.row(i) is not None for i in range(5)),
                    timeout=TIMEOUT)
    assert {tab.model.row(i)["id"] for i in range(5)} == {world.ids[i] for i in range(1, 6)}
    assert tab.filter_node.items[0].column == "group" and tab.filter_node.items[0].value == group_id
    assert tab.search.text() == ""
    dialog.close()


def test_add_selected_rename_remove_delete(qtbot, world, open_tab):
    tab = open_tab("mkt_a")
    prompts = tab.customer_groups.prompts
    qtbot.waitUntil(lambda: tab.model.rowCount() == 8 and tab.model.row(7) is not None, timeout=TIMEOUT)
    dialog = open_groups(qtbot, tab, open_tab.testers)
    assert dialog.group_model.rowCount() == 0
    prompts.names = ["我的群"]
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.group_model.rowCount() == 1 and not dialog.loading, timeout=TIMEOUT)
    group = dialog.group
    assert group["name"] == "我的群" and dialog.rename_button.isEnabled()

    # Select two rows and add them through the list's context-menu action.
    tab.view.selectRow(1)
    tab.view.selectionModel().select(tab.model.index(3, 0), tab.view.selectionModel().SelectionFlag.Select
                                     | tab.view.selectionModel().SelectionFlag.Rows)
    assert tab.customer_groups.context_action in tab.view.actions()
    tab.customer_groups.context_action.trigger()
    add = tab.customer_groups.add_dialog
    qtbot.waitUntil(lambda: add.group_combo.isEnabled(), timeout=TIMEOUT)
    assert add.select_group(group["id"]) and add.count == 2
    qtbot.mouseClick(add.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(members_in_db(world, group["id"])) == 2 and not dialog.loading
                    and dialog.member_model.rowCount() == 2, timeout=TIMEOUT)
    assert members_in_db(world, group["id"]) == {tab.model.row(1)["id"], tab.model.row(3)["id"]}

    # Rename.
    prompts.names = ["改名的群"]
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.group and dialog.group["name"] == "改名的群", timeout=TIMEOUT)

    # Remove one member.
    dialog.pages.setCurrentIndex(0)
    dialog.member_view.selectRow(0)
    removed = dialog.member_proxy.row(0)["customer_id"]
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.member_model.rowCount() == 1, timeout=TIMEOUT)
    assert removed not in members_in_db(world, group["id"])

    # A stale rename (someone renamed it in between) is a clear conflict, nothing overwritten.
    with world.admin() as conn:
        conn.execute("UPDATE crm.customer_group SET name = '别处改的' WHERE id = %s", (group["id"],))
    prompts.names = ["我的改名"]
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.message.isVisible(), timeout=TIMEOUT)
    assert dialog.message.text() == dialog.tr("The group was changed by someone else in the meantime. "
                                              "The list has been reloaded: please try again.") or \
        "someone else" in dialog.message.text() or "其他" in dialog.message.text()
    assert world.scalar("SELECT name FROM crm.customer_group WHERE id = %s", (group["id"],)) == "别处改的"
    qtbot.waitUntil(lambda: dialog.group is not None and dialog.group["name"] == "别处改的", timeout=TIMEOUT)

    # Delete (confirmed).
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.group_model.rowCount() == 0, timeout=TIMEOUT)
    assert world.scalar("SELECT count(*) FROM crm.customer_group") == 0
    dialog.close()


def test_manager_reads_a_subordinates_group_and_exports(qtbot, world, open_tab, tmp_path):
    with world.session("mkt_a") as conn:
        group = cg.create_group(conn, "下属的群")
        cg.add_customers(conn, group["id"], [world.ids[1], world.ids[2]])
    tab = open_tab("devmgr")
    prompts = tab.customer_groups.prompts
    dialog = open_groups(qtbot, tab, open_tab.testers)
    assert dialog.group_model.rowCount() == 1 and dialog.group["name"] == "下属的群"
    assert not dialog.rename_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert not dialog.remove_button.isEnabled() and dialog.filter_button.isEnabled()
    dialog.set_period(dt.date(2024, 3, 1), dt.date(2024, 4, 30))
    dialog.compute_statistics()
    qtbot.waitUntil(lambda: not dialog.loading and dialog.stats_model.statistics is not None
                    and dialog.stats_model.statistics.end == dt.date(2024, 4, 30), timeout=TIMEOUT)
    assert dialog.stats_model.statistics.totals["members"] == 2
    from crm_desktop.ui.customer_groups import common

    if not common.export_available():
        pytest.skip("services.export is not installed")
    # The marketing director role carries the export right: the button is there and works.
    assert not dialog.export_button.isHidden() and dialog.export_button.isEnabled()
    prompts.path = str(tmp_path / "group.xlsx")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(prompts.informed or prompts.errors), timeout=TIMEOUT)
    assert not prompts.errors, prompts.errors
    from openpyxl import load_workbook

    workbook = load_workbook(prompts.path, read_only=True)
    values = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    assert len(values) == 1 + 2 + 1                              # header, 2 members, totals
    assert world.scalar("SELECT kind FROM crm.export_log ORDER BY id DESC LIMIT 1") == "group_statistics"
    dialog.close()


def test_detail_lists_the_customers_groups(qtbot, world, open_tab):
    with world.session("mkt_a") as conn:
        for name in ("一群", "二群"):
            group = cg.create_group(conn, name)
            cg.add_customers(conn, group["id"], [world.ids[1]])
    tab = open_tab("mkt_a")
    row = next(i for i in range(tab.model.rowCount()) if tab.model.row(i)["id"] == world.ids[1])
    tab.open_detail(row)
    window = tab.detail_windows[0]
    qtbot.waitUntil(lambda: not window.loading and window.detail is not None, timeout=TIMEOUT)
    text = window.relations_page.groups_label.text()
    assert "一群" in text and "二群" in text
    window.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window) or not window.isVisible(), timeout=TIMEOUT)


def test_stop_cancels_adding_a_list_on_the_server(qtbot, world, open_tab):
    with world.session("mkt_a") as conn:
        group = cg.create_group(conn, "大群")
    tab = open_tab("mkt_a")
    add = tab.customer_groups.add_list()
    qtbot.waitUntil(lambda: add.count == 8 and add.group_combo.isEnabled(), timeout=TIMEOUT)
    assert "8" in add.summary.text() and add.select_group(group["id"])
    # Hold the member table so the INSERT ... SELECT waits on the server; Stop must cancel it there.
    blocker = world.admin(autocommit=False)
    try:
        blocker.execute("LOCK TABLE crm.customer_group_member IN SHARE MODE")
        qtbot.mouseClick(add.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: world.scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE 'INSERT INTO crm.customer_group_member%%'") == 1, timeout=TIMEOUT)
        assert add.cancel_button.text() == add.tr("Stop") and not add.add_button.isEnabled()
        qtbot.mouseClick(add.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: add.status.text() == add.tr("Stopped: nothing was added."), timeout=TIMEOUT)
    finally:
        blocker.rollback()
        blocker.close()
    assert members_in_db(world, group["id"]) == set()
    assert add.isVisible() and add.add_button.isEnabled()         # the user may try again
    add.reject()
