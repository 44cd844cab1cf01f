"""Export… and Summary… on the Customers tab, driven through the real widgets on a seeded
database: the button follows the export right, an export writes the list to .xlsx (and the
server logs it), a refusal by the server is a clear message, the summary shows the numbers a
hand-written aggregate gives."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from crm_desktop.services import auth, machine
from crm_desktop.services.connector import StaffConnector
from crm_desktop.tools import demo
from crm_desktop.ui import export_flow
from crm_desktop.ui.customers.tab import CustomersTab

TIMEOUT = 20000


@pytest.fixture
def seeded_db(demo_db):
    return demo_db(customers=1500, days=3, seed=3)


def make_tab(qtbot, db, runner, gate_password, login):
    profile = auth.ServerProfile.from_conninfo("test", db.admin_url, gate_password=gate_password)
    conn, info = auth.sign_in(profile, login, demo.DEMO_PASSWORD)
    connector = StaffConnector(profile, login, demo.DEMO_PASSWORD)
    connector.adopt(conn)
    tab = CustomersTab(runner, connector, info)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab, connector


@pytest.fixture
def director(qtbot, seeded_db, runner, gate_password):
    tab, connector = make_tab(qtbot, seeded_db, runner, gate_password, "bj01_director")
    yield tab
    runner.wait()
    connector.close()


@pytest.fixture
def marketer(qtbot, seeded_db, runner, gate_password):
    tab, connector = make_tab(qtbot, seeded_db, runner, gate_password, "bj01_mkt01")
    yield tab
    runner.wait()
    connector.close()


def staff_session(db, login: str):
    conn = db.connect(login, demo.DEMO_PASSWORD)
    conn.execute("SELECT * FROM crm.open_session(%s, 'pc', 't')", (machine.local_macs(),))
    return conn


def test_export_button_follows_the_export_right(qtbot, marketer):
    assert not marketer.info.can("export")
    actions = marketer.exporter
    assert actions.export_button.isHidden()
    assert not actions.summary_button.isHidden()            # a summary is reading, not exporting
    assert actions.refusal is None
    marketer.view.setFocus()
    qtbot.keyClick(marketer.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)   # issue #12 item 10
    assert actions.refusal is not None and actions.refusal.isVisible()
    assert "export right" in actions.refusal.text() and "headquarters" in actions.refusal.text()
    assert not actions.flow.running                         # nothing was exported
    actions.refusal.close()


def test_export_through_the_gui_writes_the_file(qtbot, seeded_db, director, tmp_path, monkeypatch):
    tab = director
    actions = tab.exporter
    assert tab.info.can("export") and not actions.export_button.isHidden() and actions.shortcut.isEnabled()
    qtbot.waitUntil(lambda: tab.model.row(0) is not None, timeout=TIMEOUT)
    target = tmp_path / "客户.xlsx"
    monkeypatch.setattr(export_flow, "ask_save_path", lambda *args: str(target))
    with qtbot.waitSignal(actions.flow.finished, timeout=TIMEOUT) as outcome:
        actions.export_button.click()
        assert actions.flow.progress is not None and actions.flow.progress.isVisible()
    result = outcome.args[0]
    assert actions.flow.progress is None
    with staff_session(seeded_db, "bj01_director") as conn:
        expected = [r[0] for r in conn.execute('SELECT account_no FROM crm.customer ORDER BY account_no COLLATE "C"')]
    assert result.rows == len(expected) > 0
    book = openpyxl.load_workbook(target, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    labels = [tab.model.headerData(i, Qt.Orientation.Horizontal) for i in range(tab.model.columnCount())]
    assert list(rows[0]) == labels
    assert [r[0] for r in rows[1:]] == expected                  # account numbers in the list's order
    message = actions.flow.message
    assert message is not None and f"{len(expected):,}" in message.text()
    assert any(b.text() for b in message.buttons() if "folder" in b.text().lower() or "文件夹" in b.text())
    message.close()
    status = seeded_db.scalar("SELECT status FROM crm.export_log WHERE id = %s", (result.export_id,))
    assert status == "done"


def test_server_refusal_is_a_clear_message(qtbot, seeded_db, director, tmp_path, monkeypatch):
    """The right is withdrawn after sign-in: the button is still there, the server refuses."""
    tab = director
    with seeded_db.admin() as admin:
        admin.execute("DELETE FROM crm.role_permission WHERE permission_code = 'export' "
                      "AND role_code = 'marketing_director'")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(export_flow, "ask_save_path", lambda *args: str(out / "x.xlsx"))
    with qtbot.waitSignal(tab.exporter.flow.finished, timeout=TIMEOUT) as outcome:
        tab.exporter.export()
    assert getattr(outcome.args[0], "kind", None) == "not_permitted"
    message = tab.exporter.flow.message
    assert message is not None and message.objectName() == "exportFailed"
    assert "数据导出" in message.text()
    message.close()
    assert list(out.iterdir()) == []


def test_cancel_from_the_progress_dialog(qtbot, seeded_db, director, tmp_path, monkeypatch):
    """Cancel in the progress dialog cancels the query on the server: no file, a 'cancelled' log."""
    from psycopg import sql

    from crm_desktop.services import export

    real = export.export_statement
    monkeypatch.setattr(export, "export_statement", lambda query, **kw: (
        sql.SQL("SELECT s.*, pg_sleep(0.02) FROM ({}) s").format(real(query, **kw)[0]), real(query, **kw)[1]))
    tab = director
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(export_flow, "ask_save_path", lambda *args: str(out / "c.xlsx"))
    flow = tab.exporter.flow
    assert tab.exporter.export()
    qtbot.waitUntil(lambda: seeded_db.scalar(
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'FETCH%%' AND state = 'active'") == 1,
        timeout=TIMEOUT)
    with qtbot.waitSignal(flow.finished, timeout=TIMEOUT) as outcome:
        flow.progress.findChild(QPushButton).click()      # the dialog's Cancel button
    assert outcome.args[0] is None and flow.progress is None
    qtbot.waitUntil(lambda: seeded_db.scalar(
        "SELECT status FROM crm.export_log ORDER BY id DESC LIMIT 1") == "cancelled", timeout=TIMEOUT)
    tab.runner.wait()
    assert list(out.iterdir()) == []
    assert seeded_db.scalar("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'FETCH%%' "
                            "AND state = 'active'") == 0


def summary_numbers(db, login: str) -> list[tuple]:
    with staff_session(db, login) as conn:
        return [tuple(r) for r in conn.execute(
            """SELECT b.name, c.status, count(*), sum(l.total_assets_cents),
                      avg(date_part('year', age(current_date, c.birthday))::integer)
                 FROM crm.customer c JOIN crm.branch b ON b.id = c.branch_id
                 LEFT JOIN crm.customer_latest l ON l.customer_id = c.id
                WHERE c.gender = 'F'
                GROUP BY b.name, c.status ORDER BY b.name, c.status""")]


def test_summary_dialog_shows_the_right_numbers_and_exports(qtbot, seeded_db, director, tmp_path, monkeypatch,
                                                            model_tester):
    from crm_desktop.services.customer_query.filters import Condition, Group
    from crm_desktop.services.customer_query.words import value_label

    tab = director
    tab.apply_filter(Group("and", [Condition("gender", "eq", "F")]))
    dialog = tab.exporter.open_summary()
    qtbot.waitExposed(dialog)
    model_tester(dialog.proxy)      # and its source model
    assert "性别" in dialog.scope.text() or "Gender" in dialog.scope.text()
    dialog.set_choice(["branch_name", "status"], [("count", None), ("sum", "total_assets"), ("avg", "age")])
    assert ("avg", "vip_level") not in dialog.aggregate_boxes and ("sum", "vip_level") not in dialog.aggregate_boxes
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=TIMEOUT)
    expected = summary_numbers(seeded_db, "bj01_director")
    shown = [tuple(dialog.model.index(r, c).data() for c in range(dialog.model.columnCount()))
             for r in range(dialog.model.rowCount())]

    def money(cents):
        return "" if cents is None else f"{cents / 100:,.2f}"

    def num(value):
        return "" if value is None else f"{Decimal(value):,.2f}"

    assert shown == [(b, value_label("status", s, dialog.lang), f"{n:,}", num(age), money(total)) for b, s, n, total, age in expected]
    assert dialog.export_button.isEnabled() and not dialog.export_button.isHidden()

    target = tmp_path / "summary.xlsx"
    monkeypatch.setattr(export_flow, "ask_save_path", lambda *args: str(target))
    with qtbot.waitSignal(dialog.exporter.finished, timeout=TIMEOUT) as outcome:
        dialog.export_button.click()
    assert outcome.args[0].rows == len(expected)
    book = openpyxl.load_workbook(target, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert [r[2] for r in rows[1:]] == [n for _, _, n, _, _ in expected]
    dialog.exporter.message.close()
    details = seeded_db.scalar("SELECT details FROM crm.export_log WHERE id = %s", (outcome.args[0].export_id,))
    assert details["group_by"] == ["branch_name", "status"] and details["filter"]["items"][0]["column"] == "gender"
    dialog.close()


def test_summary_without_the_right_has_no_export(qtbot, marketer, model_tester):
    dialog = marketer.exporter.open_summary()
    model_tester(dialog.model)
    assert dialog.export_button.isHidden()
    dialog.set_choice([], [("count", None)])
    dialog.run()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=TIMEOUT)
    assert dialog.export() is False
    dialog.close()


def test_summary_scope_and_export_sheet_show_amounts_in_yuan(qtbot, seeded_db, director, tmp_path, monkeypatch):
    """Issue #12 item 1: 总资产 大于 50000 reads so in the chip, the summary's scope and the export."""
    from crm_desktop.services.customer_query.filters import Condition, Group

    tab = director
    tab.apply_filter(Group("and", [Condition("total_assets", "gt", 5_000_000)]))
    assert [text.endswith(" 50,000.00") for text in tab.filter_tools.chips.texts()] == [True]
    dialog = tab.exporter.open_summary()
    qtbot.waitExposed(dialog)
    assert tab.filter_tools.chips.texts()[0] in dialog.scope.text() and "5000000" not in dialog.scope.text()
    dialog.close()
    target = tmp_path / "list.xlsx"
    monkeypatch.setattr(export_flow, "ask_save_path", lambda *args: str(target))
    with qtbot.waitSignal(tab.exporter.flow.finished, timeout=TIMEOUT) as outcome:
        tab.exporter.export()
    details = seeded_db.scalar("SELECT details FROM crm.export_log WHERE id = %s", (outcome.args[0].export_id,))
    assert details["filter_text"] == tab.filter_tools.chips.texts()[0]
    tab.exporter.flow.message.close()
