"""短信记录 and the monthly SMS cost report as .xlsx exports, without Qt.

Both go through services.export.export_table, so the server decides as for every export:
``crm.begin_export`` refuses without the export right and logs who exported what (kinds
``sms_log`` and ``sms_cost``, the filter in the details). The rows are read on the staff member's
own connection through services.sms, so row-level security decides what is in the file, with
mobiles masked as the log shows them.

The log is streamed like the customer list (services.export.export_query: a server-side cursor
over services.sms.log_statement in one snapshot, memory flat, progress against the exact count,
cancellable), so it is never refused for its length; only an Excel sheet's limit (about a
million rows) is. A failure reason is written in words (services.sms.failure_kind) next to the
gateway's own text.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import psycopg

from crm_desktop.services import export, sms
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskContext

LOG_FILTERS = ("sender_id", "branch_id", "customer_id", "status", "date_from", "date_to")

_LABELS = {
    "zh": {"status": {"queued": "排队中", "sending": "发送中", "sent": "已发送", "delivered": "已送达",
                      "failed": "发送失败"},
           "carrier": {"mobile": "中国移动", "unicom": "中国联通", "telecom": "中国电信", "broadnet": "中国广电"},
           "log": ("编号", "批次", "排队时间", "发送人", "营业部", "客户", "手机", "运营商", "内容", "字数", "条数",
                   "费用（元）", "状态", "失败原因", "发送时间", "回执时间", "网关原文"),
           "cost": ("名称", "计费短信数", "计费条数", "费用（元）", "已送达", "发送失败"),
           "branch": "营业部", "sender": "发送人", "month": "月份", "by": "按",
           "failure": {"number_refused": "运营商拒收该号码", "bad_request": "网关拒绝了请求（格式有误）",
                       "gateway_refused": "网关拒绝发送", "gave_up_unreachable": "多次重试后仍无法连接短信网关",
                       "gave_up_busy": "短信网关持续繁忙或故障，多次重试后放弃",
                       "gave_up_credentials": "短信网关不接受本系统的账号凭据，多次重试后放弃",
                       "handset_unreachable": "手机无法接通（关机或不在服务区）", "not_delivered": "未能送达",
                       "expired": "超时未送达（已过期）", "no_such_number": "空号", "carrier_rejected": "运营商拒绝投递"}},
    "en": {"status": {}, "carrier": {"mobile": "China Mobile", "unicom": "China Unicom", "telecom": "China Telecom",
                                     "broadnet": "China Broadnet"},
           "log": ("No.", "Batch", "Queued", "Sender", "Branch", "Customer", "Mobile", "Carrier", "Text", "Characters",
                   "Parts", "Cost (CNY)", "Status", "Failure reason", "Sent", "Reported", "Gateway's text"),
           "cost": ("Name", "Charged messages", "Parts", "Cost (CNY)", "Delivered", "Failed"),
           "branch": "Branch", "sender": "Sender", "month": "Month", "by": "By",
           "failure": {"number_refused": "The carrier refuses this number",
                       "bad_request": "The gateway refused the request (malformed)",
                       "gateway_refused": "The gateway refused to send it",
                       "gave_up_unreachable": "The SMS gateway could not be reached, retries given up",
                       "gave_up_busy": "The SMS gateway stayed busy or failing, retries given up",
                       "gave_up_credentials": "The SMS gateway refused our credentials, retries given up",
                       "handset_unreachable": "Handset unreachable (switched off or out of coverage)",
                       "not_delivered": "Not delivered", "expired": "Expired before delivery",
                       "no_such_number": "The number does not exist", "carrier_rejected": "The carrier rejected it"}},
}
_LOG_FORMATS = (export.NUMBER, export.NUMBER, export.DATETIME, export.TEXT, export.TEXT, export.TEXT, export.TEXT,
                export.TEXT, export.TEXT, export.NUMBER, export.NUMBER, export.NUMBER, export.TEXT, export.TEXT,
                export.DATETIME, export.DATETIME, export.TEXT)
_COST_FORMATS = (export.TEXT, export.NUMBER, export.NUMBER, export.NUMBER, export.NUMBER, export.NUMBER)


def _labels(lang: str) -> dict:
    return _LABELS["zh" if lang.startswith("zh") else "en"]


def _filters(filters: dict) -> dict:
    unknown = set(filters) - set(LOG_FILTERS)
    if unknown:
        raise CrmRefusal("invalid_input", f"unknown log filters {sorted(unknown)}")
    return {k: v for k, v in filters.items() if v is not None}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def export_log(ctx: TaskContext, conn: psycopg.Connection, filters: dict, path: str | os.PathLike,
               lang: str = "zh", conditions: list[tuple[str, str]] = ()) -> export.ExportResult:
    """The messages matching `filters` (services.sms.message_log's), newest first, into `path`.
    `conditions` are the filters in words for the export's 条件 sheet."""
    filters = _filters(filters)
    total = sms.message_count(conn, **filters, ctx=ctx)
    if total > export.MAX_ROWS:
        raise CrmRefusal("invalid_input", f"{total:,} messages match: an Excel sheet holds at most "
                                          f"{export.MAX_ROWS:,}; narrow the dates, the status or the sender")
    labels = _labels(lang)
    statement, params = sms.log_statement(**filters)
    columns = _LOG_COLUMN_INDEX

    def rows(batch: list) -> list[tuple]:
        out = []
        for r in batch:
            reason = r[columns["failed_reason"]]
            kind = sms.failure_kind(reason)
            out.append((r[columns["id"]], r[columns["batch_id"]], r[columns["queued_at"]], r[columns["sender_name"]],
                        r[columns["branch_name"]], r[columns["customer_name"]], r[columns["mobile_masked"]],
                        labels["carrier"].get(r[columns["carrier"]], r[columns["carrier"]]), r[columns["text"]],
                        r[columns["chars"]], r[columns["parts"]], float(r[columns["cost"]]),
                        labels["status"].get(r[columns["status"]], r[columns["status"]]),
                        labels["failure"].get(kind, reason), r[columns["sent_at"]], r[columns["reported_at"]], reason))
        return out

    return export.export_query(ctx, conn, "sms_log", {k: _plain(v) for k, v in filters.items()}, labels["log"],
                               statement, params, total, path, _LOG_FORMATS, lang, conditions, rows)


# Positions of sms.log_statement's columns in a fetched row (the MessageRow fields, in order).
_LOG_COLUMN_INDEX = {name: i for i, name in enumerate(sms.MessageRow.__dataclass_fields__)}


def export_cost(ctx: TaskContext, conn: psycopg.Connection, month: dt.date, by: str, path: str | os.PathLike,
                lang: str = "zh") -> export.ExportResult:
    """The month's cost report per branch or per sender (services.sms.cost_report) into `path`."""
    report = sms.cost_report(conn, month, by, ctx=ctx)
    labels = _labels(lang)
    rows = [(r.name, r.messages, r.parts, float(r.cost), r.delivered, r.failed) for r in report]
    month = month.replace(day=1)
    return export.export_table(ctx, conn, "sms_cost", {"month": month.isoformat(), "by": by}, labels["cost"], rows,
                               path, _COST_FORMATS, lang,
                               [(labels["month"], month.strftime("%Y-%m")), (labels["by"], labels[by])])
