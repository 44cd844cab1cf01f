"""销售任务 targets in the Analysis pane (issue #15), as the demo's bj01_director: choose 佣金目标
and 佣金完成率 in the field list, read the cells (the 销售任务 tab's figures, formatted as percent),
an empty cell's tooltip says why, the export writes percent cells, the chart's axis is in %."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from crm_desktop.services import auth, pivot, sales_targets
from crm_desktop.services.connector import StaffConnector
from crm_desktop.tools import demo
from crm_desktop.ui.analysis.tab import AnalysisTab
from crm_desktop.ui.analysis.chart import ChartData, ChartPanel
from crm_desktop.ui.analysis.common import format_number
from crm_desktop.ui.analysis.grid_model import RAW_ROLE

TIMEOUT = 15000


@pytest.fixture
def db(demo_db):
    return demo_db(customers=1500, days=3, seed=3)


@pytest.fixture
def chinese(qapp):
    """The UI in Chinese (the default language) for this test, English again after it."""
    from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

    from crm_desktop.ui.app import install_translators

    before = set(qapp.findChildren(QTranslator))
    locale = QLocale()
    install_translators(qapp, "zh_CN")
    yield
    for translator in set(qapp.findChildren(QTranslator)) - before:
        QCoreApplication.removeTranslator(translator)
        translator.setParent(None)
    QLocale.setDefault(locale)


@pytest.fixture
def director(qtbot, db, runner, gate_password, model_tester, chinese):
    profile = auth.ServerProfile.from_conninfo("test", db.admin_url, gate_password=gate_password)
    conn, info = auth.sign_in(profile, "bj01_director", demo.DEMO_PASSWORD)
    connector = StaffConnector(profile, "bj01_director", demo.DEMO_PASSWORD)
    connector.adopt(conn)
    tab = AnalysisTab(runner, connector, info)
    qtbot.addWidget(tab)
    model_tester(tab.model)
    testers = model_tester(tab.fields.model(), *(zone.model() for zone in tab.zones.values()))
    tab.resize(1300, 800)
    tab.show()
    yield tab, conn
    for tester in testers:
        shiboken6.delete(tester)
    runner.cancel_all()
    runner.wait()
    connector.close()


def wait_result(qtbot, tab, values: int):
    qtbot.waitUntil(lambda: not tab.running and not tab.run.debounce.isActive() and tab.result is not None
                    and tab.result.layout == tab.layout_state and len(tab.result.layout.values) == values,
                    timeout=TIMEOUT)


def test_choosing_target_measures_shows_the_tabs_completion(qtbot, db, director, tmp_path):
    tab, conn = director
    latest = db.scalar("SELECT max(trade_date) FROM crm.t1_load")
    tab.set_layout(pivot.Layout(rows=("staff",), values=(pivot.Value("commission"),), start=latest.replace(day=1)))
    wait_result(qtbot, tab, 1)
    tab.fields.setFocus()
    for key in ("target_commission", "completion_commission"):
        tab.fields.select("measure", key)
        QTest.keyClick(tab.fields, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert [v.measure for v in tab.layout_state.values] == ["commission", "target_commission", "completion_commission"]
    assert tab.layout_state.values[2].func == "ratio"
    wait_result(qtbot, tab, 3)
    assert "销售任务" in tab.status.text()             # the status names where the figures come from
    with db.session("bj01_director", demo.DEMO_PASSWORD) as own:
        progress = {r["subject_name"]: r for r in sales_targets.progress_page(own, "month", latest, limit=2000,
                                                                             metric="commission")[0]
                    if r["subject_kind"] == "staff"}
    model = tab.model
    assert model.headerData(3, Qt.Orientation.Horizontal) == "佣金完成率"
    checked = 0
    empty_tooltip = None
    for r in range(model.rowCount()):
        name = model.data(model.index(r, 0)).lstrip("▾▸ ")
        completion = model.data(model.index(r, 3), RAW_ROLE)
        if name in progress:
            row = progress[name]
            assert model.data(model.index(r, 2), RAW_ROLE) == row["target_value"]
            assert completion == float(row["completion"])
            assert model.data(model.index(r, 3)) == format_number(completion, "percent")
            assert model.data(model.index(r, 3)).endswith("%")
            checked += 1
        elif completion is None and r < model.rowCount() - 1:
            empty_tooltip = model.data(model.index(r, 3), Qt.ItemDataRole.ToolTipRole)
    assert checked == len(progress) > 1
    assert empty_tooltip is not None and "没有设定目标" in empty_tooltip    # the public pool's row
    tab.grab().save("/tmp/h2_analysis_targets.png")

    # the chart of the completion: an axis in percent
    data = ChartData(tab.result.grid(), 2)
    assert data.percent and ChartPanel._scale(data) == (0.01, "%")

    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "targets.xlsx"
    tab.export_to(str(path))
    qtbot.waitUntil(path.exists, timeout=TIMEOUT)
    rows = list(openpyxl.load_workbook(path).active.iter_rows())
    percent_cells = [row[3] for row in rows[1:] if row[3].value is not None]
    assert percent_cells and all(cell.number_format == "0.00%" for cell in percent_cells)
    assert sorted(c.value for c in percent_cells if rows.index(next(r for r in rows if r[3] is c)) < len(rows) - 1) \
        == sorted(float(r["completion"]) for r in progress.values() if r["completion"] is not None)


def test_a_layout_without_meaning_for_targets_says_so_in_chinese(qtbot, db, director):
    tab, _ = director
    tab.set_layout(pivot.Layout(rows=("gender",), values=(pivot.Value("commission"),)))
    wait_result(qtbot, tab, 1)
    tab.fields.setFocus()
    tab.fields.select("measure", "completion_commission")
    QTest.keyClick(tab.fields, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "不能按性别" in tab.status.text() or "不能按性别" in tab.message.text(), timeout=TIMEOUT)
