"""系统管理 › 短信 on a real database as an HQ administrator: set a sender's monthly quota (and
take it away), a carrier's price, blacklist and un-blacklist a number; bad input refused in
words with nothing changed; a branch administrator has no such page (and the server would refuse)."""

from __future__ import annotations

from decimal import Decimal

from crm_desktop.services import sms
from tests.gui.test_admin_tab import open_admin  # noqa: F401 - the fixture


def test_hq_sets_quotas_prices_and_the_blacklist(db, open_admin):  # noqa: F811
    db.make_staff("ga_hq", name="总部管理", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    db.make_staff("ga_info", name="王信息", roles=("info_manager",), scope="branch")
    admin = open_admin("ga_hq")
    page = admin.tab.sms_page
    admin.tab.show_page(page)
    admin.wait_idle()
    row = page.quota_model.find(lambda r: r["login"] == "ga_info")
    assert row >= 0 and page.quota_model.row(row)["monthly_quota"] is None
    assert page.quota_proxy.index(page.quota_proxy.mapFromSource(page.quota_model.index(row, 0)).row(), 3).data() == ""

    page.quota_view.selectRow(page.quota_proxy.mapFromSource(page.quota_model.index(row, 0)).row())
    admin.prompts.text_answers = ["abc"]
    page.set_quota()
    assert "whole number" in admin.prompts.informed[-1]
    assert db.scalar("SELECT count(*) FROM crm.sms_quota") == 0                      # nothing changed
    admin.prompts.text_answers = ["1,500"]
    page.set_quota()
    admin.wait_idle()
    staff_id = db.scalar("SELECT id FROM crm.staff WHERE login = 'ga_info'")
    assert db.scalar("SELECT monthly_quota FROM crm.sms_quota WHERE staff_id = %s", (staff_id,)) == 1500
    assert page.quota_model.row(page.quota_model.find(lambda r: r["login"] == "ga_info"))["monthly_quota"] == 1500

    carrier = page.carrier_model.find(lambda r: r["code"] == "unicom")
    page.carrier_view.selectRow(page.carrier_proxy.mapFromSource(page.carrier_model.index(carrier, 0)).row())
    admin.prompts.text_answers = ["¥0.04"]
    page.set_price()
    admin.wait_idle()
    with db.session("ga_hq") as conn:
        assert {c.code: c.price_per_part for c in sms.list_carriers(conn)}["unicom"] == Decimal("0.04")

    page.mobile_edit.setText("13812345678")
    page.note_edit.setText("投诉")
    page.block_button.click()
    admin.wait_idle()
    assert page.block_result.text() == "13812345678 is blacklisted: no SMS goes to it."
    page.block_button.click()
    admin.wait_idle()
    assert page.block_result.text() == "13812345678 was already blacklisted."
    page.unblock_button.click()
    admin.wait_idle()
    assert page.block_result.text() == "13812345678 is no longer blacklisted."
    page.mobile_edit.setText("not a number")
    page.block_button.click()
    admin.wait_idle()
    assert page.block_result.text() != "" and "blacklisted:" not in page.block_result.text()


def test_branch_administrator_has_no_sms_page(db, open_admin):  # noqa: F811
    db.make_staff("ga_adm", roles=("branch_admin",))
    admin = open_admin("ga_adm")
    assert getattr(admin.tab, "sms_page", None) is None
    assert "admin_sms" not in [p.objectName() for p in admin.tab.all_pages()]
