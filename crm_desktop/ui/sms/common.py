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
from crm_desktop.ui import refusal_words
from crm_desktop.ui.customers.filter_text import display_text
from crm_desktop.ui.messages import refusal_text

translate = QCoreApplication.translate
FAILED_COLOR = "#b00020"


def skip_reason_text(code: str | None) -> str:
    if code is None:
        return ""
    return {
        "no_mobile": translate("Sms", "No mobile in the extended data"),
        "not_mainland_mobile": translate("Sms", "Not a mainland mobile number"),
        "hk_macau": translate("Sms", "Hong Kong / Macau number: send it through the other platform"),
        "blacklisted": translate("Sms", "Blacklisted number"),
        "opted_out": translate("Sms", "Opted out of SMS"),
        "reservation_closed": translate("Sms", "The reservation is no longer open"),
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


def failure_text(reason: str | None) -> str:
    """A failed message's reason in words (services.sms.failure_kind); the gateway's own text when
    it is not a known one."""
    kind = sms.failure_kind(reason)
    if kind is None:
        return ""
    return {
        "number_refused": translate("Sms", "The carrier refuses this number"),
        "bad_request": translate("Sms", "The gateway refused the request (malformed)"),
        "gateway_refused": translate("Sms", "The gateway refused to send it"),
        "gave_up_unreachable": translate("Sms", "The SMS gateway could not be reached, retries given up"),
        "gave_up_busy": translate("Sms", "The SMS gateway stayed busy or failing, retries given up"),
        "gave_up_credentials": translate("Sms", "The SMS gateway refused our credentials, retries given up"),
        "handset_unreachable": translate("Sms", "Handset unreachable (switched off or out of coverage)"),
        "not_delivered": translate("Sms", "Not delivered"),
        "expired": translate("Sms", "Expired before delivery"),
        "no_such_number": translate("Sms", "The number does not exist"),
        "carrier_rejected": translate("Sms", "The carrier rejected it"),
    }.get(kind, reason or "")


def failure_tooltip(row: dict) -> str | None:
    """The gateway's own text behind the words, for the support desk."""
    reason = row.get("failed_reason")
    if not reason:
        return None
    return failure_text(reason) + "\n" + translate("Sms", "Gateway's text: %1").replace("%1", reason)


def block_kind_text(kind: str | None) -> str:
    if kind is None:
        return ""
    return {"blacklisted": translate("Sms", "Blacklisted (HQ)"),
            "opted_out": translate("Sms", "Opted out (customer's wish)")}.get(kind, kind)


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
    """A refusal in words (ui.messages.refusal_text), with the SMS quota refusals under their own heading."""
    if isinstance(error, CrmRefusal):
        if error.kind == "sms_no_quota":
            return no_quota_text()
        if error.kind == "sms_over_quota":
            return translate("Sms", "This batch does not fit the remaining monthly quota: %1. Nothing was sent.") \
                .replace("%1", refusal_words.sentence(error))
        return refusal_text(error)
    return str(error)


def _recipient_tooltip(row: dict) -> str | None:
    if row.get("reservation_id") is not None:
        if not row.get("customer_name"):
            return translate("Sms", "The reservation is no longer visible to you")
        return translate("Sms", "A prospect of reservation %1 (预约): no customer record yet") \
            .replace("%1", str(row["reservation_id"]))
    return None if row.get("customer_name") else translate("Sms", "The customer is no longer visible to you")


def log_columns(with_customer: bool = True) -> list:
    """The columns of a message list (短信记录, a customer's messages)."""
    from crm_desktop.ui.customer_detail.common import fmt_datetime
    from crm_desktop.ui.table_model import Column

    columns = [
        Column("queued_at", translate("Sms", "Queued at"), fmt_datetime),
        Column("status", translate("Sms", "Status"), status_text,
               foreground=lambda r: FAILED_COLOR if r.get("status") == "failed" else None),
        Column("customer_name", translate("Sms", "Customer"),
               lambda name: name, tooltip=_recipient_tooltip),
        Column("mobile_masked", translate("Sms", "Mobile")),
        Column("carrier", translate("Sms", "Carrier"), carrier_text),
        Column("text", translate("Sms", "Text"), lambda text: " ".join(text.split())),
        Column("parts", translate("Sms", "Parts")),
        Column("cost", translate("Sms", "Cost"), money),
        Column("sender_name", translate("Sms", "Sender")),
        Column("branch_name", translate("Sms", "Branch")),
        Column("failed_reason", translate("Sms", "Failure reason"), failure_text, tooltip=failure_tooltip),
        Column("reported_at", translate("Sms", "Delivery report"), fmt_datetime),
    ]
    return columns if with_customer else [c for c in columns if c.key not in ("customer_name", "mobile_masked")]


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


def preview_step(ctx: TaskContext, connector, source: sms.RecipientSource, text: str, after: int, chunk: int,
                 rows: int, last_id: int | None) -> sms.PreviewStep:
    """One chunk of the send dialog's preview (services.sms.preview_step)."""
    return sms.preview_step(connector.connection(), source, text, after=after, chunk=chunk, rows=rows,
                            last_id=last_id, ctx=ctx)


def queue(ctx: TaskContext, connector, source: sms.RecipientSource, text: str) -> tuple[sms.QueueResult, Any]:
    conn = connector.connection()
    result = sms.queue(conn, source, text, ctx)
    return result, sms.quota_status(conn)


def queue_chunked(ctx: TaskContext, connector, source: sms.RecipientSource, text: str
                  ) -> tuple[sms.ChunkedQueueResult, Any]:
    """A list too large for one transaction, queued in chunks on the server (progress per chunk)."""
    conn = connector.connection()
    result = sms.queue_in_chunks(conn, source, text, ctx)
    return result, sms.quota_status(conn)


def load_log(ctx: TaskContext, connector, filters: dict, seek: tuple[str, tuple] | None, limit: int,
             with_count: bool) -> tuple[list[dict], int | None]:
    """One page of 短信记录: the first, or the one ("after" | "before", a row's key); and the total
    when the filters changed."""
    conn = ctx.watch(connector.connection())
    paging = {} if seek is None else {seek[0]: seek[1]}
    rows = [vars(m) for m in sms.message_log(conn, **filters, **paging, limit=limit, ctx=ctx)]
    return rows, sms.message_count(conn, **filters, ctx=ctx) if with_count else None


def load_blocks(ctx: TaskContext, connector, after: tuple | None, limit: int) -> list[dict]:
    """One page of the blacklist and opt-outs the reader may see."""
    return [vars(b) for b in sms.block_list(ctx.watch(connector.connection()), after=after, limit=limit, ctx=ctx)]


def load_customer_block(ctx: TaskContext, connector, customer_id: int) -> dict | None:
    entry = sms.customer_block(ctx.watch(connector.connection()), customer_id, ctx=ctx)
    return None if entry is None else vars(entry)


def opt_out(ctx: TaskContext, connector, customer_id: int, reason: str) -> bool:
    return sms.block_number(connector.connection(), customer_id=customer_id, kind="opted_out", note=reason)


def blacklist_number(ctx: TaskContext, connector, mobile: str, reason: str | None) -> bool:
    return sms.block_number(connector.connection(), mobile=mobile, kind="blacklisted", note=reason)


def lift_block(ctx: TaskContext, connector, entry_id: int, reason: str) -> bool:
    return sms.unblock_entry(connector.connection(), entry_id, reason)


def load_log_choices(ctx: TaskContext, connector) -> dict:
    """The senders and branches the log's filters offer."""
    from crm_desktop.services import admin_queries

    conn = ctx.watch(connector.connection())
    return {"senders": sms.list_quotas(conn), "branches": admin_queries.list_branches(conn)}


def load_cost(ctx: TaskContext, connector, month, by: str) -> list[dict]:
    return [vars(r) for r in sms.cost_report(ctx.watch(connector.connection()), month, by, ctx=ctx)]


def export_log(ctx: TaskContext, connector, filters: dict, conditions: list, path, lang: str):
    from crm_desktop.services import sms_reports

    return sms_reports.export_log(ctx, connector.connection(), filters, path, lang, conditions)


def export_cost(ctx: TaskContext, connector, month, by: str, path, lang: str):
    from crm_desktop.services import sms_reports

    return sms_reports.export_cost(ctx, connector.connection(), month, by, path, lang)


def request_quota(ctx: TaskContext, connector, monthly_quota: int | None, branch_volume: int | None) -> int:
    return sms.request_quota(connector.connection(), monthly_quota=monthly_quota, branch_volume=branch_volume,
                             note=translate("Sms", "Asked from the send dialog: the batch did not fit."))


def current_list_text(query: Any) -> str:
    """"All customers of the current list (filter; search; public pool only)": what a send or a
    subscription of the whole filtered 客户 list reaches, in the words its confirm dialog shows."""
    described = display_text(query.filter) if query.filter is not None else ""
    text = translate("Sms", "all customers of the current list")
    details = [d for d in (described, query.search and translate("Sms", "search “%1”").replace("%1", query.search),
                           query.public_pool_only and translate("Sms", "public pool only")) if d]
    return text + " (" + "; ".join(details) + ")" if details else text
