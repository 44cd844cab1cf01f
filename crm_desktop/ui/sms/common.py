"""Shared pieces of the SMS screens: words for the server's codes (skip reasons, statuses,
carriers), money, refusals, and the worker functions (``fn(ctx, connector, ...)``: they run on a
TaskRunner worker with that thread's own connection; the GUI thread never touches the database)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication

from crm_desktop.services import sms
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskContext
from crm_desktop.ui.messages import refusal_text

translate = QCoreApplication.translate


def skip_reason_text(code: str | None) -> str:
    if code is None:
        return ""
    return {
        "no_mobile": translate("Sms", "No mobile in the extended data"),
        "not_mainland_mobile": translate("Sms", "Not a mainland mobile number"),
        "hk_macau": translate("Sms", "Hong Kong / Macau number: send it through the other platform"),
        "blacklisted": translate("Sms", "Blacklisted number"),
        "opted_out": translate("Sms", "Opted out of SMS"),
        "no_quota": translate("Sms", "No monthly quota set by HQ"),
        "over_quota": translate("Sms", "Over the monthly quota"),
    }.get(code, code)


def status_text(code: str | None) -> str:
    if code is None:
        return ""
    return {
        "queued": translate("Sms", "Queued"),
        "sending": translate("Sms", "Sending"),
        "sent": translate("Sms", "Sent"),
        "delivered": translate("Sms", "Delivered"),
        "failed": translate("Sms", "Failed"),
    }.get(code, code)


def carrier_text(code: str | None) -> str:
    if code is None:
        return ""
    return {
        "mobile": translate("Sms", "China Mobile"),
        "unicom": translate("Sms", "China Unicom"),
        "telecom": translate("Sms", "China Telecom"),
        "broadnet": translate("Sms", "China Broadnet"),
    }.get(code, code)


def money(value: Decimal | None) -> str:
    """CNY with two decimals, or more when a part costs a fraction of a fen (0.035)."""
    if value is None:
        return ""
    text = f"{value:,.4f}".rstrip("0")
    whole, _, fraction = text.partition(".")
    return f"¥{whole}.{fraction.ljust(2, '0')}"


def no_quota_text() -> str:
    return translate("Sms", "HQ has set no monthly SMS quota (每月发送条数) for you, so you cannot send. "
                            "Ask HQ to set one.")


def no_right_text() -> str:
    return translate("Sms", "You do not hold the SMS send right (短信发送). The branch grants it to its information "
                            "manager (信息管理员).")


def ui_lang() -> str:
    from crm_desktop.ui.admin.common import chinese_ui

    return "zh" if chinese_ui() else "en"


def error_text(error: BaseException) -> str:
    if isinstance(error, CrmRefusal):
        if error.kind == "sms_no_quota":
            return no_quota_text()
        if error.kind == "sms_over_quota":
            return translate("Sms", "This batch does not fit the remaining monthly quota: %1. Nothing was sent.") \
                .replace("%1", error.message)
        return refusal_text(error)
    return str(error)


# Worker functions ---------------------------------------------------------------------------------------

def load_sending_state(ctx: TaskContext, connector) -> tuple[sms.QuotaStatus, list[sms.Template]]:
    conn = ctx.watch(connector.connection())
    templates = sms.list_templates(conn)
    ctx.check()
    return sms.quota_status(conn), templates


def load_quota(ctx: TaskContext, connector) -> sms.QuotaStatus:
    return sms.quota_status(ctx.watch(connector.connection()))


def preview(ctx: TaskContext, connector, source: sms.RecipientSource, text: str, limit: int) -> sms.Preview:
    return sms.render_preview(connector.connection(), source, text, limit=limit, ctx=ctx)


def queue(ctx: TaskContext, connector, source: sms.RecipientSource, text: str) -> tuple[sms.QueueResult, Any]:
    conn = connector.connection()
    result = sms.queue(conn, source, text, ctx)
    return result, sms.quota_status(conn)
