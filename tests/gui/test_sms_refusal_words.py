"""Every refusal of the SMS definer functions reaches the user in Chinese (ui.sms.common.error_text
through services.sms_refusals), with the server's figures in place and no English left; and in
English when the UI is English."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from crm_desktop.services import sms_refusals
from crm_desktop.services.errors import SQLSTATE_KINDS, CrmRefusal
from crm_desktop.ui.sms.common import error_text
from tests.gui.test_translations import TRANSLATIONS

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# Latin words that stay in Chinese text: product and format names.
KEPT = {"CRM", "JSON"}


@pytest.fixture
def chinese(qapp):
    translator = QTranslator()
    assert translator.load("crm_desktop_zh_CN", str(TRANSLATIONS))
    assert QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def refusal(state: str, template: str, figures: list[str]) -> CrmRefusal:
    message = template
    for figure in figures:
        message = message.replace("%s", figure, 1)
    return CrmRefusal(SQLSTATE_KINDS.get(state, "invalid_input"), message, state)


@pytest.mark.parametrize("code, state, template", sms_refusals.TEMPLATES, ids=sms_refusals.CODES)
def test_each_sms_refusal_is_worded_in_chinese(chinese, code, state, template):
    figures = [f"{n}42" for n in range(template.count("%s"))]
    if code == "recipients_not_visible":
        figures[2] = "customers"
    text = error_text(refusal(state, template, figures))
    leftover = set(LATIN_WORD.findall(text)) - KEPT
    assert leftover == set(), f"{code}: {text}"
    assert all(f in text for f in figures if f != "customers"), text


def test_reservations_and_english(chinese, qapp):
    template = "%s of the %s %s are not visible to you"
    assert "预约" in error_text(refusal("42501", template, ["2", "5", "reservations"]))
    assert "客户" in error_text(refusal("42501", template, ["2", "5", "customers"]))
    over = error_text(refusal("CR041", sms_refusals.TEMPLATES[sms_refusals.CODES.index("over_quota")][2],
                              ["300", "20", "100"]))
    assert "300" in over and "额度" in over and "nothing" not in over
    # Not an SMS refusal: worded as before.
    assert error_text(CrmRefusal("invalid_input", "something else", "22023")).endswith("something else")


def test_english_ui_keeps_the_english_words(qapp):
    text = error_text(refusal("42501", "HQ has blacklisted this number: only HQ changes that", []))
    assert text == "You are not permitted to do this: HQ has blacklisted this number: only HQ changes that"


def test_real_server_refusals_read_chinese(chinese, db):
    """Through the real definer functions, as staff roles: no send right, a lone brace, over the quota."""
    from crm_desktop.services import sms

    db.make_staff("rw_info", roles=("info_manager",), scope="branch")
    db.make_staff("rw_hq", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    db.make_staff("rw_mkt")
    cid = db.make_customer("RW001", name="张三")
    with db.admin() as conn:
        conn.execute("UPDATE crm.customer_ext SET mobile = '13912345678' WHERE customer_id = %s", (cid,))
    with db.session("rw_hq") as conn:
        sms.set_quota(conn, db.scalar("SELECT id FROM crm.staff WHERE login = 'rw_info'"), 1)
    source = sms.RecipientSource(customer_ids=[cid])
    with db.session("rw_mkt") as conn, pytest.raises(CrmRefusal) as no_right:
        sms.render_preview(conn, source, "您好")
    assert "需要短信发送权限" in error_text(no_right.value) and "required" not in error_text(no_right.value)
    with db.session("rw_info") as conn:
        with pytest.raises(CrmRefusal) as brace:
            sms.render_preview(conn, source, "您好{")
        assert "不属于占位符" in error_text(brace.value)
        with pytest.raises(CrmRefusal) as over:
            sms.queue(conn, source, "您好" * 40)
        words = error_text(over.value)
        assert "本批需要 2 条计费短信" in words and "只剩 1 条" in words and "nothing" not in words
