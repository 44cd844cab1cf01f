"""系统管理 › 贵宾与资产区间 (issue #15): an HQ administrator edits the VIP thresholds and the
default asset ranges through the page (background tasks, the real server); typing mistakes are
refused in words before anything is sent; the server's refusal is shown; branch administrators
do not get the page."""

from __future__ import annotations

from crm_desktop.services import reference_settings
from tests.gui.test_admin_tab import TIMEOUT, branches, open_admin  # noqa: F401 - fixtures


def test_hq_edits_vip_thresholds_and_asset_ranges(qtbot, branches, open_admin):  # noqa: F811 - fixtures
    db = branches
    db.make_staff("ref_hq", name="孙总部", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    admin = open_admin("ref_hq")
    page = admin.tab.reference_page
    admin.tab.show_page(page)
    qtbot.waitUntil(lambda: len(page.threshold_edits) == 3 and not page.is_busy, timeout=TIMEOUT)
    assert [e.text() for e in page.threshold_edits] == ["50", "200", "1000"]        # 万元
    assert page.edges_edit.text() == "1, 10, 50, 100, 500, 1000"
    assert "next T+1 load" in page.findChild(type(page.status), "vipNote").text()

    # Typing mistakes: refused in words, nothing sent.
    page.threshold_edits[0].setText("abc")
    page.save_vip()
    page.threshold_edits[0].setText("300")              # above gold's 200
    page.save_vip()
    page.edges_edit.setText("10, 5")
    page.save_edges()
    assert len(admin.prompts.informed) == 3 and not page.is_busy
    assert "Nothing was saved" in admin.prompts.informed[0] and "higher threshold" in admin.prompts.informed[1]
    # The server's own check: an amount past its limit comes back as a refusal in words.
    page.edges_edit.setText("1, 100000000")
    page.save_edges()
    qtbot.waitUntil(lambda: bool(admin.prompts.refusals), timeout=TIMEOUT)
    assert admin.prompts.refusals[0][1].kind == "invalid_input"
    assert db.scalar("SELECT edges_cents FROM crm.asset_range_setting") == \
        db.scalar("SELECT crm.pivot_default_asset_edges()")

    for edit, text in zip(page.threshold_edits, ("60", "300", "2000")):
        edit.setText(text)
    page.save_vip()
    qtbot.waitUntil(lambda: "next T+1 load" in page.status.text(), timeout=TIMEOUT)
    page.edges_edit.setText("2，20, 200")
    page.save_edges()
    qtbot.waitUntil(lambda: page.status.text() == "Default asset ranges saved.", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not page.is_busy and page.edges_edit.text() == "2, 20, 200", timeout=TIMEOUT)
    assert db.scalar("SELECT array_agg(min_assets_cents ORDER BY level) FROM crm.vip_level") == \
        [0, 60_000_000, 300_000_000, 2_000_000_000]
    assert db.scalar("SELECT edges_cents FROM crm.asset_range_setting") == [2_000_000, 20_000_000, 200_000_000]
    assert [e.text() for e in page.threshold_edits] == ["60", "300", "2000"]
    assert len(admin.prompts.refusals) == 1
    reference_settings.forget_cached_edges()
    page.grab().save("/tmp/hB_reference_en.png")


def test_branch_administrators_do_not_get_the_page(branches, open_admin):  # noqa: F811 - fixtures
    admin = open_admin("adm_a")
    assert admin.tab.reference_page is None


def test_the_page_in_chinese(qtbot, qapp, branches, open_admin):  # noqa: F811 - fixtures
    from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
    from PySide6.QtWidgets import QGroupBox, QLabel

    from crm_desktop.ui.app import install_translators

    before = set(qapp.findChildren(QTranslator))
    locale = QLocale()
    install_translators(qapp, "zh_CN")
    try:
        branches.make_staff("ref_hq", name="孙总部", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
        admin = open_admin("ref_hq")
        page = admin.tab.reference_page
        admin.tab.show_page(page)
        qtbot.waitUntil(lambda: len(page.threshold_edits) == 3 and not page.is_busy, timeout=TIMEOUT)
        assert page.title == "贵宾等级与资产区间"
        assert [b.title() for b in page.findChildren(QGroupBox)] == ["贵宾门槛（最低总资产，万元）", "多维分析的默认资产区间"]
        labels = {label.text() for label in page.findChildren(QLabel)}
        assert {"银卡贵宾 起点：", "金卡贵宾 起点：", "钻石贵宾 起点："} <= labels
        assert page.findChild(QLabel, "vipNote").text().startswith("修改自下一次 T+1 数据加载起生效")
        page.edges_edit.setText("10, 5")
        page.save_edges()
        assert admin.prompts.informed[-1].startswith("资产区间分界点须为递增的正数金额")
        assert page.recompute_vip_button.text() == "按新标准重算最新交易日"
        assert page.rebuild_button.text() == "按新区间重建营业部汇总" and not page.rebuild_button.isEnabled()
        assert page.rollup_note.text().startswith("营业部汇总已按这些区间建立")
        page.edges_edit.setText("1, 10, 50, 100, 500, 1000")
        page._show_action(page.tr("Rebuilding the branch summary month by month…"))   # how a run looks
        page._progressed("bands", 3, 8)
        assert page.action_label.text() == "正在逐月重建营业部汇总…" and page.cancel_button.text() == "取消"
        admin.tab.resize(900, 640)
        qtbot.wait(50)
        admin.tab.grab().save("/tmp/h5_reference_zh.png")
        page._show_action(None)
    finally:
        for translator in set(qapp.findChildren(QTranslator)) - before:
            QCoreApplication.removeTranslator(translator)
            translator.setParent(None)
        QLocale.setDefault(locale)


def test_hq_recomputes_the_latest_day_and_rebuilds_the_branch_summary(qtbot, branches, open_admin):  # noqa: F811
    db = branches
    db.make_staff("ref_hq2", name="钱总部", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    day = "2026-03-02"
    customers = [db.make_customer(f"RP{i:04d}", open_date="2026-01-05") for i in range(3)]
    with db.admin() as conn:
        conn.execute("SELECT crm.customer_daily_partition(%s)", (day,))
        conn.execute("""
            INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, market_value_cents,
                                            cash_cents, trade_volume_cents, commission_cents, net_commission_cents,
                                            interest_spread_cents, pnl_cents, vip_level)
            SELECT branch_id, id, %s, 90000000 * id, 0, 90000000 * id, 0, 100, 70, 0, 0, 0
              FROM crm.customer WHERE id = ANY (%s)""", (day, customers))
    admin = open_admin("ref_hq2")
    page = admin.tab.reference_page
    admin.tab.show_page(page)
    qtbot.waitUntil(lambda: len(page.threshold_edits) == 3 and not page.is_busy, timeout=TIMEOUT)
    assert "uses these ranges" in page.rollup_note.text() and not page.rebuild_button.isEnabled()
    assert page.action_progress.isHidden() and page.cancel_button.isHidden()

    # New edges: the branch summary is built with the old ones until it is rebuilt.
    page.edges_edit.setText("3, 30")
    page.save_edges()
    qtbot.waitUntil(lambda: "other ranges" in page.rollup_note.text(), timeout=TIMEOUT)
    assert page.rebuild_button.isEnabled()
    page.rebuild_button.click()
    qtbot.waitUntil(lambda: "rebuilt at the saved ranges" in page.status.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "uses these ranges" in page.rollup_note.text() and not page.is_busy, timeout=TIMEOUT)
    assert db.scalar("SELECT crm.pivot_default_asset_edges()") == [3_000_000, 30_000_000]
    assert not page.rebuild_button.isEnabled() and page.cancel_button.isHidden()

    # The latest day at the saved thresholds: asked first, then recomputed in the background.
    admin.prompts.confirm_answer = False
    page.recompute_vip_button.click()
    assert not page.is_busy and admin.prompts.asked
    admin.prompts.confirm_answer = True
    page.recompute_vip_button.click()
    assert page.cancel_button.isVisibleTo(page) and not page.recompute_vip_button.isEnabled()
    qtbot.waitUntil(lambda: "recomputed: 3 customers" in page.status.text(), timeout=TIMEOUT)
    assert page.recompute_vip_button.isEnabled() and page.cancel_button.isHidden()
    assert db.scalar("SELECT array_agg(vip_level ORDER BY customer_id) FROM crm.customer_daily") == \
        db.scalar("SELECT array_agg(coalesce((SELECT max(v.level) FROM crm.vip_level v "
                  "WHERE v.min_assets_cents <= d.total_assets_cents), 0) ORDER BY d.customer_id) "
                  "FROM crm.customer_daily d")
    assert not admin.prompts.refusals
    page.grab().save("/tmp/h5_reference_en.png")
