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
