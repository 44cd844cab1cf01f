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
        page.edges_edit.setText("1, 10, 50, 100, 500, 1000")
        admin.tab.resize(900, 560)
        qtbot.wait(50)
        admin.tab.grab().save("/tmp/hB_reference_zh.png")
    finally:
        for translator in set(qapp.findChildren(QTranslator)) - before:
            QCoreApplication.removeTranslator(translator)
            translator.setParent(None)
        QLocale.setDefault(locale)
