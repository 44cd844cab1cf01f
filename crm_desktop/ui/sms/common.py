"""Shared pieces of the SMS screens: words for the server's codes (skip reasons, statuses,
carriers), money, refusals, and the worker functions (``fn(ctx, connector, ...)``: they run on a
TaskRunner worker with that thread's own connection; the GUI thread never touches the database)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication

from crm_desktop.services import sms, sms_refusals
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskContext
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
    if isinstance(error, CrmRefusal):
        known = sms_refusals.identify(error)
        if known is not None:
            # The server's English replaced by its words in the UI language, under the same prefix.
            error = dataclasses.replace(error, message=refusal_words(*known))
        if error.kind == "sms_no_quota":
            return no_quota_text()
        if error.kind == "sms_over_quota":
            return translate("Sms", "This batch does not fit the remaining monthly quota: %1. Nothing was sent.") \
                .replace("%1", error.message)
        return refusal_text(error)
    return str(error)


def refusal_words(code: str, figures: list[str]) -> str:
    """An SMS definer function's refusal (services.sms_refusals: its code and the figures the
    server filled in) in the UI language."""
    if code == "recipients_not_visible" and figures[2:] == ["reservations"]:
        code = "reservations_not_visible"
    words = {
        "not_staff": translate("SmsRefusal", "this login is not a CRM staff account"),
        "send_right_required": translate("SmsRefusal", "the SMS send right (短信发送) is required"),
        "quota_request_empty": translate("SmsRefusal", "ask for a monthly quota, a branch volume or both"),
        "quota_request_range": translate("SmsRefusal", "a monthly SMS quota is a whole number from 1 to 10 000 000"),
        "volume_request_range": translate("SmsRefusal", "a monthly SMS volume is a whole number from 1 to 100 000 000"),
        "note_too_long_1000": translate("SmsRefusal", "a note has at most 1 000 characters"),
        "no_such_staff": translate("SmsRefusal", "no such staff member"),
        "move_not_allowed": translate("SmsRefusal", "only a sender (短信发送) or an administrator of the branch asks to move its "
                              "subscriptions"),
        "move_same_sender": translate("SmsRefusal", "choose another sender to move the subscriptions to"),
        "move_other_branch": translate("SmsRefusal", "the new sender must be of the same branch"),
        "move_target_not_sender": translate("SmsRefusal", "%1 is not an active holder of the SMS send right (短信发送)"),
        "move_nothing": translate("SmsRefusal", "%1 sends no subscriptions"),
        "agent_reports_not_array": translate("SmsRefusal", "delivery reports are a JSON array"),
        "agent_results_not_array": translate("SmsRefusal", "results are a JSON array"),
        "block_kind": translate("SmsRefusal", "a block is either a blacklisting or an opt-out"),
        "note_too_long_500": translate("SmsRefusal", "a note has at most 500 characters"),
        "note_control_character": translate("SmsRefusal", "the note contains a control or invisible character"),
        "block_mobile_or_customer": translate("SmsRefusal", "name either a mobile number or a customer"),
        "not_a_mobile": translate("SmsRefusal", "that is not a mobile number"),
        "customer_not_visible": translate("SmsRefusal", "that customer is not visible to you"),
        "no_mobile_to_block": translate("SmsRefusal", "there is no mobile number to block"),
        "hq_blacklisted_change": translate("SmsRefusal", "HQ has blacklisted this number: only HQ changes that"),
        "blacklist_right_required": translate("SmsRefusal", "the SMS send right (短信发送) or branch administration is required to see "
                                      "the blacklist"),
        "page_size": translate("SmsRefusal", "a page has 1 to 1000 entries"),
        "page_key": translate("SmsRefusal", "a page starts after both the time and the id of an entry"),
        "text_empty": translate("SmsRefusal", "the message text is empty"),
        "text_too_long": translate("SmsRefusal", "the message text has %1 characters; at most %2 are allowed"),
        "text_control_character": translate("SmsRefusal", "the message text contains an invisible or control character (U+%1) at "
                                    "position %2"),
        "unknown_placeholder": translate("SmsRefusal", "unknown placeholder {%1}: use {姓名}, {称呼}, {营业部} or {员工}"),
        "lone_brace": translate("SmsRefusal", "the message text has a { or } that is not part of a placeholder such as {姓名}"),
        "too_many_recipients": translate("SmsRefusal", "at most 1 000 000 recipients at a time"),
        "recipients_not_visible": translate("SmsRefusal", "%1 of the %2 customers are not visible to you"),
        "reservations_not_visible": translate("SmsRefusal", "%1 of the %2 reservations are not visible to you"),
        "no_such_column": translate("SmsRefusal", "there is no information column %1"),
        "column_inactive_publish": translate("SmsRefusal", "the column is inactive: activate it before publishing"),
        "issue_time": translate("SmsRefusal", "an issue goes out now or within the next 30 days"),
        "source_invalid": translate("SmsRefusal", "the recipient source description is not valid"),
        "no_quota": translate("SmsRefusal", "HQ has set no monthly SMS quota (每月发送条数) for you, so you cannot send: ask HQ to set one"),
        "field_empty": translate("SmsRefusal", "the field {%1} is empty for %2 of the recipients (for example %3): nothing was sent"),
        "over_quota": translate("SmsRefusal", "this batch needs %1 message parts but only %2 of your monthly quota of %3 remain: nothing "
                        "was queued"),
        "over_branch_volume": translate("SmsRefusal", "this batch needs %1 message parts but only %2 of your branch's monthly volume of %3 "
                                "remain: nothing was queued; the branch may ask HQ for more"),
        "column_name": translate("SmsRefusal", "a column needs a name of at most 40 characters"),
        "column_description": translate("SmsRefusal", "a column description has at most 500 characters"),
        "column_control_character": translate("SmsRefusal", "a column name or description contains an invisible or control character"),
        "column_exists": translate("SmsRefusal", "a column named “%1” exists already"),
        "no_such_branch": translate("SmsRefusal", "there is no branch %1"),
        "volume_range": translate("SmsRefusal", "a monthly SMS volume is a whole number from 0 to 100 000 000"),
        "prefix_format": translate("SmsRefusal", "a carrier prefix is the first 3 or 4 digits of a mainland mobile (for example 139 or "
                           "1349)"),
        "no_such_carrier": translate("SmsRefusal", "there is no carrier %1"),
        "price_range": translate("SmsRefusal", "a price per message part is from 0 to 10 yuan with at most 4 decimals"),
        "own_quota": translate("SmsRefusal", "nobody sets their own SMS quota"),
        "no_staff_member": translate("SmsRefusal", "there is no staff member %1"),
        "quota_range": translate("SmsRefusal", "a monthly SMS quota is a whole number from 0 to 10 000 000"),
        "column_inactive_subscribe": translate("SmsRefusal", "the column is inactive: it takes no new subscriptions"),
        "too_many_customers": translate("SmsRefusal", "at most 1 000 000 customers at a time"),
        "customers_not_visible": translate("SmsRefusal", "%1 of the %2 customers are not visible to you"),
        "customers_other_branch": translate("SmsRefusal", "%1 of the %2 customers belong to another branch: a branch subscribes only its "
                                    "own customers"),
        "unblock_reason_required": translate("SmsRefusal", "say why the block is lifted (a reason is required)"),
        "reason_too_long": translate("SmsRefusal", "a reason has at most 500 characters"),
        "reason_control_character": translate("SmsRefusal", "the reason contains a control or invisible character"),
        "hq_blacklisted_lift": translate("SmsRefusal", "HQ has blacklisted this number: only HQ lifts that"),
        "entry_other_branch": translate("SmsRefusal", "that entry is not one of your branch's customers"),
    }
    text = words[code]
    for number, figure in enumerate(figures, start=1):
        text = text.replace(f"%{number}", figure)
    return text


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
