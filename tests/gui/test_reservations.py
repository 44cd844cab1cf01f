"""预约 Reservations page of the Approvals tab: register with validation, edit and delete while
open, status and reason in words, mine / my team, the template and the import with its report."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from crm_desktop.services import auth
from crm_desktop.services import reservations as rs
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.approvals.dialogs import ApprovalPrompts
from crm_desktop.ui.approvals.tab import ApprovalsTab
from crm_desktop.ui.approvals.dialogs import ImportReportDialog
from tests.support import TEST_PASSWORD, wait_idle

TIMEOUT = 15000
VALID_ID = "11010519491231002X"


class Prompts(ApprovalPrompts):
    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.save_to: str | None = None
        self.open_from: str | None = None
        self.reports: list = []
        self.choose_valid_only = False
        self.confirm_answer = True

    def save_path(self, parent, title, suggested):
        return self.save_to

    def open_path(self, parent, title):
        return self.open_from

    def import_report(self, parent, report, path):
        self.reports.append(report)
        return self.choose_valid_only

    def confirm(self, parent, title, text, ok_text=None):
        return self.confirm_answer


@pytest.fixture
def open_page(qtbot, db, runner, profile, tmp_path, model_tester):
    db.make_staff("dir1", name="赵总监", roles=("marketing_director",), posts=("marketing_director",), scope="branch")
    db.make_staff("mkt1", name="孙营销", superior="dir1")
    db.make_staff("mkt2", name="李营销", superior="dir1")
    opened = []

    def open_(login: str):
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        tab = ApprovalsTab(runner, connector, info, prompts=Prompts(tmp_path))
        qtbot.addWidget(tab)
        model_tester(tab.reservations_page.model)
        tab.resize(1300, 700)
        tab.show()
        page = tab.show_page(tab.reservations_page)
        qtbot.waitUntil(lambda: page.model.loaded_once and not page.model.loading, timeout=TIMEOUT)
        opened.append(tab)
        return tab, page

    yield open_
    for tab in opened:
        tab.shutdown()
    wait_idle(runner)
    for tab in opened:
        tab.connector.close()


def wait_loaded(qtbot, page, rows: int) -> None:
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() == rows, timeout=TIMEOUT)


def cell(page, row: int, header: str) -> str:
    for column in range(page.model.columnCount()):
        if page.model.headerData(column, Qt.Orientation.Horizontal) == header:
            return page.model.index(row, column).data()
    raise KeyError(header)


def test_register_validates_then_saves(qtbot, db, open_page):
    tab, page = open_page("mkt1")
    assert page.model.rowCount() == 0
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=TIMEOUT)
    dialog = page.dialog
    assert dialog.branch.count() >= 1 and "BR01" in dialog.branch.currentText()
    dialog.save()                                         # nothing entered
    assert not dialog.error.isHidden()
    dialog.name.setText("周 预约")
    dialog.save()                                         # neither ID number nor mobile
    assert dialog.error.isVisible() and dialog.isVisible()
    dialog.mobile.setText("1380013")                     # too short
    dialog.save()
    assert dialog.isVisible() and dialog.error.isVisible()
    dialog.mobile.setText("138 0013 8000")
    dialog.id_no.setText(VALID_ID)
    dialog.note.setPlainText("朋友介绍")
    dialog.save()
    qtbot.waitUntil(lambda: page.dialog is None, timeout=TIMEOUT)          # saved and closed
    wait_loaded(qtbot, page, 1)
    row = page.model.row(0)
    assert row["name"] == "周 预约" and row["status"] == "open" and row["note"] == "朋友介绍"
    assert cell(page, 0, "Status") in ("Open", "等待开户")
    assert db.scalar("SELECT mobile_norm FROM crm.reservation") == "13800138000"


def test_edit_and_delete_while_open(qtbot, db, open_page):
    tab, page = open_page("mkt1")
    with db.session("mkt1") as conn:
        rid = rs.register(conn, db.scalar("SELECT id FROM crm.branch WHERE code = 'BR01'"), "吴先生", None,
                          "13900139000", None)
    page.reload()
    wait_loaded(qtbot, page, 1)
    page.select_id(rid)
    assert page.edit_button.isEnabled() and page.delete_button.isEnabled()
    page.edit()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible() and page.dialog.row is not None,
                    timeout=TIMEOUT)
    page.dialog.note.setPlainText("已电话联系")
    page.dialog.save()
    qtbot.waitUntil(lambda: db.scalar("SELECT note FROM crm.reservation WHERE id = %s", (rid,)) == "已电话联系",
                    timeout=TIMEOUT)
    assert db.scalar("SELECT version FROM crm.reservation WHERE id = %s", (rid,)) == 2
    qtbot.waitUntil(lambda: not page.model.loading and page.model.row(0)["version"] == 2, timeout=TIMEOUT)

    # Another user's change meanwhile: the edit is refused in the dialog, which stays open.
    page.select_id(rid)
    page.edit()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible() and page.dialog.row is not None
                    and page.dialog.row["version"] == 2, timeout=TIMEOUT)
    dialog = page.dialog
    with db.admin() as conn:
        conn.execute("UPDATE crm.reservation SET note = 'x' WHERE id = %s", (rid,))
    dialog.note.setPlainText("我的修改")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=TIMEOUT)
    assert "version" in dialog.error.text() or "changed" in dialog.error.text()
    dialog.reject()

    page.reload()
    wait_loaded(qtbot, page, 1)
    page.select_id(rid)
    tab.prompts.confirm_answer = False
    page.delete()
    assert db.scalar("SELECT count(*) FROM crm.reservation") == 1
    tab.prompts.confirm_answer = True
    page.delete()
    wait_loaded(qtbot, page, 0)
    assert db.scalar("SELECT count(*) FROM crm.reservation") == 0


def test_status_and_reason_in_words_mine_and_team(qtbot, db, open_page):
    with db.admin() as conn:
        for staff, name, status, reason in (("mkt1", "甲", "expired", "name_differs"),
                                            ("mkt2", "乙", "review", "mobile_of_older_customer"),
                                            ("mkt1", "丙", "open", None)):
            conn.execute("INSERT INTO crm.reservation (staff_id, branch_id, name, mobile, status, reason) "
                         "SELECT s.id, s.branch_id, %s, '13700137000', %s, %s FROM crm.staff s WHERE s.login = %s",
                         (name, status, reason, staff))
    tab, page = open_page("mkt1")
    wait_loaded(qtbot, page, 2)
    names = [page.model.row(i)["name"] for i in range(2)]
    expired = names.index("甲")
    assert cell(page, expired, "Reason") in rs.REASON_LABELS["name_differs"]
    assert cell(page, expired, "Status") in rs.STATUS_LABELS["expired"]
    page.select_id(page.model.row(expired)["id"])
    assert not page.edit_button.isEnabled()               # only while open
    assert rs.REASON_LABELS["name_differs"][0] in page.detail.text() or \
        rs.REASON_LABELS["name_differs"][1] in page.detail.text()

    director, dpage = open_page("dir1")
    wait_loaded(qtbot, dpage, 0)                          # the director registered none
    dpage.scope.setCurrentIndex(1)                        # my team's
    wait_loaded(qtbot, dpage, 3)
    dpage.status_filter.setCurrentIndex(dpage.status_filter.findData("review"))
    wait_loaded(qtbot, dpage, 1)
    assert cell(dpage, 0, "Reason") in rs.REASON_LABELS["mobile_of_older_customer"]
    assert cell(dpage, 0, "Registered by") == "李营销"


def write_rows(path: Path, rows: list[tuple]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    ws.delete_rows(2)                                     # the example row
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            ws.cell(row=number, column=column, value=value)
    wb.save(path)


def test_template_import_report_and_valid_rows_only(qtbot, db, open_page, tmp_path):
    tab, page = open_page("mkt1")
    template = tmp_path / "template.xlsx"
    tab.prompts.save_to = str(tmp_path / "template")      # ".xlsx" is added
    qtbot.mouseClick(page.template_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: template.exists(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "template.xlsx" in tab.message.text(), timeout=TIMEOUT)

    write_rows(template, [("BR01", "王一", VALID_ID, "13800138000", "ok"),
                          ("BR01", "", None, "13800138001", "no name"),
                          ("BR01", "王三", None, "12345", "bad mobile"),
                          ("", "王四", None, "13800138004", None)])
    tab.prompts.open_from = str(template)
    tab.prompts.choose_valid_only = False
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(tab.prompts.reports) == 1, timeout=TIMEOUT)
    report = tab.prompts.reports[0]
    assert report.rows_read == 4 and report.inserted == 0
    assert {e["row"] for e in report.errors} == {3, 4}
    assert db.scalar("SELECT count(*) FROM crm.reservation") == 0       # all or nothing
    assert tab.message.isVisible()

    # The report dialog offers "import valid rows only" and lists each row's problem.
    dialog = ImportReportDialog(report, str(template))
    qtbot.addWidget(dialog)
    assert dialog.valid_button is not None and dialog.table.rowCount() == len(report.errors)
    assert dialog.table.item(0, 0).text() == "3"

    tab.prompts.choose_valid_only = True
    page.import_file(str(template))
    qtbot.waitUntil(lambda: len(tab.prompts.reports) == 3, timeout=TIMEOUT)   # report, then the valid-only run
    assert tab.prompts.reports[2].inserted == 2
    assert db.scalar("SELECT count(*) FROM crm.reservation") == 2
    wait_loaded(qtbot, page, 2)
    assert not page.import_button.isHidden() and page.import_button.isEnabled()


def test_import_of_a_file_that_is_no_workbook(qtbot, db, open_page, tmp_path):
    tab, page = open_page("mkt1")
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    page.import_file(str(bad))
    qtbot.waitUntil(lambda: page.importing is None and "bad.xlsx" in tab.message.text()
                    and tab.message.isVisible() and not tab.prompts.reports, timeout=TIMEOUT)
    assert page.import_button.isEnabled()


def test_a_second_import_reports_duplicates_and_a_refusal_says_why(qtbot, db, open_page, tmp_path):
    """Issue #18: the same file imported again inserts nothing and the report lists every row as a
    duplicate of an open reservation (with the sheet's name); a file cut in half is refused with
    the reason in words, in the UI's language."""
    tab, page = open_page("mkt1")
    path = rs.write_template(tmp_path / "twice.xlsx")
    write_rows(path, [("", "王一", VALID_ID, None, None), ("", "王二", None, "13800138002", None)])
    page.import_file(str(path))
    qtbot.waitUntil(lambda: len(tab.prompts.reports) == 1 and page.importing is None, timeout=TIMEOUT)
    assert tab.prompts.reports[0].inserted == 2
    page.import_file(str(path))
    qtbot.waitUntil(lambda: len(tab.prompts.reports) == 2 and page.importing is None, timeout=TIMEOUT)
    again = tab.prompts.reports[1]
    assert again.inserted == 0 and len(again.duplicates) == 2 and not again.errors
    assert "2" in tab.message.text()
    dialog = ImportReportDialog(again, str(path))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2 and dialog.valid_button is None
    assert "预约" in dialog.summary.text()                        # the sheet's name
    assert db.scalar("SELECT count(*) FROM crm.reservation") == 2

    half = tmp_path / "half.xlsx"
    data = path.read_bytes()
    half.write_bytes(data[: len(data) // 2])
    page.import_file(str(half))
    qtbot.waitUntil(lambda: page.importing is None and "half.xlsx" in tab.message.text(), timeout=TIMEOUT)
    assert len(tab.prompts.reports) == 2 and tab.message.isVisible()
    dialog.grab().save(str(tmp_path / "report.png"))
