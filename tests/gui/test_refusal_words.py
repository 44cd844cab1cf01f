"""Every catalogued refusal (services.refusal_catalogue) reaches the user in Chinese through every
way a screen words a refusal (ui.messages.error_text / refusal_text and the SMS screens'
ui.sms.common.error_text), with the server's figures in place and no English left; and in English
when the UI is English."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from crm_desktop.services import refusal_catalogue
from crm_desktop.services.errors import SQLSTATE_KINDS, CrmRefusal
from crm_desktop.ui import messages
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


@pytest.mark.parametrize("code, state, template", refusal_catalogue.TEMPLATES,
                         ids=[f"{code}-{n}" for n, (code, _, _) in enumerate(refusal_catalogue.TEMPLATES)])
def test_each_catalogued_refusal_is_worded_in_chinese_everywhere(chinese, code, state, template):
    figures = [f"{n}42" for n in range(template.count("%s"))]
    if code == "recipients_not_visible":
        figures[2] = "customers"
    # Figures the words leave out on purpose: the reason codes of an account (listed beside it, in
    # words) and a staff type's English name.
    left_out = {"account_not_confirmable": [1], "not_relationship_holder": [2]}.get(code, [])
    shown = [f for n, f in enumerate(figures) if f != "customers" and n not in left_out]
    server = refusal(state, template, figures)
    for text in (error_text(server), messages.error_text(server), messages.refusal_text(server)):
        leftover = set(LATIN_WORD.findall(text)) - KEPT
        assert leftover == set(), f"{code}: {text}"
        assert all(f in text for f in shown), text


def test_the_server_words_in_figures_are_worded_too(chinese):
    """A relationship kind or a request status the server puts into its sentence reads Chinese."""
    text = messages.error_text(refusal("22023", "%s holds no %s customers", ["张三", "development"]))
    assert "张三" in text and "开发" in text and "development" not in text
    text = messages.error_text(refusal("CR030", "this request is already %s", ["withdrawn"]))
    assert "已撤回" in text and "withdrawn" not in text


def test_reservations_and_english(chinese, qapp):
    template = "%s of the %s %s are not visible to you"
    assert "预约" in error_text(refusal("42501", template, ["2", "5", "reservations"]))
    assert "客户" in error_text(refusal("42501", template, ["2", "5", "customers"]))
    over = error_text(refusal("CR041", next(t for c, _, t in refusal_catalogue.TEMPLATES if c == "over_quota"),
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
