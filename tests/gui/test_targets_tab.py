"""The 销售任务 tab on a real database: a marketer sees their own progress bars and only their
own targets; HQ sees every target, sorts on the server by a header click, sets a target and
imports the template with a report."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from crm_desktop.services import auth, sales_targets
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.targets.dialogs import TargetPrompts
from crm_desktop.ui.targets.tab import SalesTargetsTab, TargetListModel
from tests.db.test_sales_targets import MARCH, build_targets_world, set_all, write_sheet
from tests.support import TEST_PASSWORD, wait_idle

TIMEOUT = 15000


class ScriptedPrompts(TargetPrompts):
    def __init__(self):
        self.values: dict | None = None
        self.path: str | None = None
        self.reports: list = []

    def target_values(self, parent, period_kind, period_start, row):
        return self.values

    def open_path(self, parent, title):
        return self.path

    def import_report(self, parent, report, path):
        self.reports.append(report)

    def weights(self, parent, current):
        return ("1", "0.5")


@pytest.fixture
def data(db):
    build_targets_world(db)
    set_all(db, "month", MARCH)
    return db


@pytest.fixture
def open_tab(qtbot, runner, profile, model_tester):
    opened = []

    def open_(login: str) -> SalesTargetsTab:
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        tab = SalesTargetsTab(runner, connector, info, today=date(2024, 3, 20), prompts=ScriptedPrompts())
        qtbot.addWidget(tab)
        model_tester(tab.model)
        tab.resize(1100, 700)
        tab.show()
        qtbot.waitUntil(lambda: tab.loaded_once and not runner.busy, timeout=TIMEOUT)
        opened.append(tab)
        return tab

    yield open_
    for tab in opened:
        tab.shutdown()
    wait_idle(runner)
    for tab in opened:
        tab.connector.close()


def test_a_marketer_sees_their_own_progress_only(data, open_tab):
    tab = open_tab("mkt_a")
    assert len(tab.mine.bars) == 4
    assert {r["staff_login"] for r in tab.model.rows} == {"mkt_a"}
    assert not tab.set_button.isVisible() and not tab.import_button.isVisible()
    accounts = next(b for b in tab.mine.bars if b.objectName() == "myTarget_staff_new_accounts")
    assert accounts.format() == "0.1%"          # 1 account of 1 000


def test_hq_sorts_on_the_server_sets_and_imports(data, open_tab, qtbot, runner, tmp_path):
    tab = open_tab("hqm")
    assert tab.model.total == 28 and tab.set_button.isVisible() and tab.weights_button.isVisible()
    tab.edit_weights()
    qtbot.waitUntil(lambda: data.scalar("SELECT interest_spread_weight FROM crm.contribution_weight") == 0.5,
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not runner.busy, timeout=TIMEOUT)
    tab.view.horizontalHeader().setSortIndicator(TargetListModel.COLUMNS.index("actual_value"),
                                                 Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not runner.busy, timeout=TIMEOUT)
    values = [r["actual_value"] for r in tab.model.rows]
    assert values == sorted(values, reverse=True) and len(values) == 28

    tab.prompts.values = {"subject_kind": "staff", "subject": "MKT_A", "period_kind": "month",
                          "period_start": MARCH, "metric": "commission", "value": "250.5"}
    tab.set_target()
    qtbot.waitUntil(lambda: "Target saved" in tab.message.text() or "已保存" in tab.message.text(), timeout=TIMEOUT)
    assert data.scalar("SELECT target_value FROM crm.sales_target t JOIN crm.staff s ON s.id = t.staff_id "
                       "WHERE s.login = 'mkt_a' AND metric = 'commission' AND subject_kind = 'staff'") == 25050

    tab.prompts.path = str(write_sheet(tmp_path / "bad.xlsx", [
        ["对象类型", "员工工号/营业部代码", "周期", "周期开始", "指标", "目标值"],
        ["员工", "mkt_b", "月度", "2024-03", "佣金", "1"],
        ["员工", "mkt_b", "月度", "2024-03", "佣金", "abc"]]))
    tab.import_file()
    qtbot.waitUntil(lambda: bool(tab.prompts.reports), timeout=TIMEOUT)
    report = tab.prompts.reports[-1]
    assert report.applied == 0 and [e["row"] for e in report.errors] == [3]
    assert data.scalar("SELECT target_value FROM crm.sales_target t JOIN crm.staff s ON s.id = t.staff_id "
                       "WHERE s.login = 'mkt_b' AND metric = 'commission' AND subject_kind = 'staff'") == 100000


def test_a_refused_target_is_said_in_words(data, open_tab, qtbot):
    data.make_staff("boss", staff_type="manager", posts=("marketing_director",), roles=("marketing_director",))
    tab = open_tab("boss")
    tab.prompts.values = {"subject_kind": "staff", "subject": "boss", "period_kind": "month",
                          "period_start": MARCH, "metric": "commission", "value": "1"}
    tab.set_target()
    qtbot.waitUntil(lambda: tab.message.isVisible(), timeout=TIMEOUT)
    assert "HQ" in tab.message.text() or "总部" in tab.message.text()
    assert data.scalar("SELECT count(*) FROM crm.sales_target t JOIN crm.staff s ON s.id = t.staff_id "
                       "WHERE s.login = 'boss'") == 0


def test_completion_is_judged_against_the_days_the_data_covers(data, open_tab):
    """With data loaded up to 5 March, a quarter of March's commission target is ahead of pace
    (5 of 31 days): the bar is green, not the "far behind" red it was, and the tab says up to
    which T+1 date it counts."""
    from crm_desktop.ui.targets.tab import FAR_BEHIND, GOOD

    with data.session("mkt_a") as conn:
        commission = next(r for r in sales_targets.my_progress(conn, "month", MARCH)
                          if r["metric"] == "commission" and r["subject_kind"] == "staff")
    with data.admin() as conn:
        conn.execute("INSERT INTO crm.t1_load (trade_date, source) VALUES ('2024-03-05', 'test')")
        conn.execute("UPDATE crm.sales_target SET target_value = %s WHERE id = %s",
                     (int(commission["actual_value"]) * 4, commission["target_id"]))
    tab = open_tab("mkt_a")
    bar = next(b for b in tab.mine.bars if b.objectName() == "myTarget_staff_commission")
    assert bar.format() == "25.0%"
    assert GOOD in bar.styleSheet()
    accounts = next(b for b in tab.mine.bars if b.objectName() == "myTarget_staff_new_accounts")
    assert FAR_BEHIND in accounts.styleSheet()              # 0.1 % is behind on any day
    assert "2024-03-05" in tab.as_of.text() and "5" in tab.as_of.text() and "31" in tab.as_of.text()


def test_a_tiny_loss_is_no_negative_zero():
    """HQ's list showed "-0.0%" for a net inflow of -1,618.94 against 3,931,000.00."""
    from decimal import Decimal

    from crm_desktop.ui.targets.common import percent_text

    assert percent_text(Decimal("-1618.94") / Decimal("3931000")) == "0.0%"
    assert percent_text(Decimal("-0.0041")) == "-0.4%" and percent_text(Decimal("0.344")) == "34.4%"
    assert percent_text(None) == ""


def test_branch_names_and_a_reload_when_new_t1_data_arrives(data, open_tab, qtbot):
    """QA walk: the Branch column showed the code (BR01) where other screens show the name, and
    the list kept the old actuals after a T+1 load (other tabs listen for crm_t1_loaded)."""
    import psycopg

    from crm_desktop.ui.notifications import NotificationListener

    db = data
    with db.admin() as conn:
        conn.execute("UPDATE crm.branch SET name = '北京第一营业部' WHERE code = 'BR01'")
    tab = open_tab("hqm")
    column = TargetListModel.COLUMNS.index("branch_name")
    branches = {tab.model.data(tab.model.index(n, column)) for n in range(tab.model.rowCount())}
    assert "北京第一营业部" in branches and "BR01" not in branches

    def commissions() -> dict:
        return {(r["subject_kind"], r["subject_name"]): r["actual_value"] for r in tab.model.rows
                if r["metric"] == "commission"}

    before = commissions()
    listener = NotificationListener(lambda: psycopg.connect(db.admin_url, autocommit=True), ["crm_t1_loaded"], tab,
                                    poll_seconds=0.1)
    tab.use_listener(listener)
    listener.start()
    try:
        assert listener.listening.wait(10)
        with db.admin() as conn:               # a re-load of March's facts with more commission
            conn.execute("UPDATE crm.customer_daily SET commission_cents = commission_cents + 100000000 "
                         "WHERE trade_date BETWEEN '2024-03-01' AND '2024-03-31'")
            conn.execute("SELECT crm.refresh_sales_results('2024-03-01', '2024-03-31')")
            conn.execute("NOTIFY crm_t1_loaded, '2024-03-20'")
        qtbot.waitUntil(lambda: commissions() and all(commissions()[k] != v for k, v in before.items()
                                                      if k in commissions()), timeout=TIMEOUT)
    finally:
        listener.stop()
