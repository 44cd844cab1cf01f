"""员工账号 › 基本资料 on screen: a branch administrator edits a marketer's name, phone, title and
team; the dialog then shows the history with both versions; a bad phone is refused in words and
nothing changes."""

from __future__ import annotations

import pytest

from tests.gui.test_admin_tab import open_admin  # noqa: F401 - fixture
from tests.support import wait_idle

TIMEOUT = 15000


@pytest.fixture
def people(db):
    db.make_staff("bd_admin", name="刘管理", staff_type="back_office", roles=("branch_admin",))
    db.make_staff("bd_mkt", name="孙营销")
    return db


def test_edit_and_history(qtbot, people, open_admin):  # noqa: F811 - fixture
    db = people
    admin = open_admin("bd_admin")
    action = admin.tab.basic_data
    admin.select("bd_mkt")
    assert action.action.isEnabled()
    dialog = action.open()
    wait_idle(admin.runner)      # the history has loaded (empty before the first edit)
    assert dialog.model.rowCount() == 0
    assert dialog.fields["name"].text() == "孙营销"
    dialog.fields["phone"].setText("不是电话")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=TIMEOUT)
    assert "phone" in dialog.message.text() or "电话" in dialog.message.text()
    assert db.scalar("SELECT count(*) FROM crm.staff_basic_data") == 0
    dialog.fields["name"].setText("孙晓营")
    dialog.fields["phone"].setText("010-6688 1234")
    dialog.fields["title"].setText("客户经理")
    dialog.fields["team"].setText("财富一组")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: db.scalar("SELECT name FROM crm.staff WHERE login = 'bd_mkt'") == "孙晓营",
                    timeout=TIMEOUT)
    admin.wait_idle()
    qtbot.waitUntil(lambda: admin.staff_row("bd_mkt") is not None and admin.staff_row("bd_mkt")["name"] == "孙晓营",
                    timeout=TIMEOUT)
    admin.select("bd_mkt")
    again = action.open()
    qtbot.waitUntil(lambda: again.model.rowCount() == 2, timeout=TIMEOUT)
    assert [again.model.row(i)["name"] for i in range(2)] == ["孙晓营", "孙营销"]
    assert again.fields["team"].text() == "财富一组" and again.fields["phone"].text() == "010-6688 1234"
    assert again.proxy.index(0, 1).data() == "now"
    again.grab().save("/tmp/h4_basic_data_en.png")
    again.reject()


def test_hq_creates_and_renames_a_branch(qtbot, people, open_admin):  # noqa: F811 - fixture
    db = people
    db.make_staff("bd_hq", name="钱总部", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    admin = open_admin("bd_hq")
    page = admin.tab.branches_page
    admin.tab.show_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not page.is_busy, timeout=TIMEOUT)
    admin.prompts.text_answers = ["br07", "深圳福田营业部"]
    page.new_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=TIMEOUT)
    page.view.setCurrentIndex(page.proxy.index(next(i for i in range(3) if page.proxy.row(i)["code"] == "BR07"), 0))
    admin.prompts.text_answers = ["北京金融街营业部"]                 # BR01's name: refused in words
    page.rename_button.click()
    qtbot.waitUntil(lambda: bool(admin.prompts.refusals), timeout=TIMEOUT)
    assert admin.prompts.refusals[0][1].kind == "duplicate"
    admin.prompts.text_answers = ["深圳福田中心营业部"]
    page.rename_button.click()
    qtbot.waitUntil(lambda: "深圳福田中心营业部" in [page.model.row(i)["name"] for i in range(3)], timeout=TIMEOUT)
    assert db.scalar("SELECT name FROM crm.branch WHERE code = 'BR07'") == "深圳福田中心营业部"
    page.grab().save("/tmp/h4_branches_en.png")


def test_a_history_arriving_late_keeps_what_was_typed(qtbot):
    """The form is filled from the history, which a worker loads: what the user typed before it
    arrived stays (it was overwritten on a slow server)."""
    import datetime as dt

    from crm_desktop.ui.admin.basic_data import BasicDataDialog

    dialog = BasicDataDialog({"login": "bd_mkt", "name": "孙营销"})
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fields["phone"], "010-6688 1234")
    dialog.show_history([{"valid_from": dt.datetime(2026, 1, 5, 9, 30).astimezone(), "valid_to": None,
                          "name": "孙晓营", "phone": "010-1111 2222", "title": "客户经理", "team": "财富一组",
                          "changed_by": "bd_admin"}])
    assert dialog.fields["phone"].text() == "010-6688 1234"
    assert [dialog.fields[key].text() for key in ("name", "title", "team")] == ["孙晓营", "客户经理", "财富一组"]
