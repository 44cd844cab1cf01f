"""短信记录 and the monthly SMS cost report as .xlsx exports, without Qt.

Both go through services.export.export_table, so the server decides as for every export:
``crm.begin_export`` refuses without the export right and logs who exported what (kinds
``sms_log`` and ``sms_cost``, the filter in the details). The rows are read on the staff member's
own connection through services.sms, so row-level security decides what is in the file, with
mobiles masked as the log shows them.

The log is read in pages of LOG_PAGE rows (progress and cancel between pages) and refused above
MAX_LOG_EXPORT_ROWS with the count: narrow the filter (dates, status, sender) instead.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import psycopg

from crm_desktop.services import export, sms
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskContext

LOG_PAGE = 10000
MAX_LOG_EXPORT_ROWS = 200_000
LOG_FILTERS = ("sender_id", "branch_id", "customer_id", "status", "date_from", "date_to")

_LABELS = {
    "zh": {"status": {"queued": "排队中", "sending": "发送中", "sent": "已发送", "delivered": "已送达",
                      "failed": "发送失败"},
           "carrier": {"mobile": "中国移动", "unicom": "中国联通", "telecom": "中国电信", "broadnet": "中国广电"},
           "log": ("编号", "批次", "排队时间", "发送人", "营业部", "客户", "手机", "运营商", "内容", "字数", "条数",
                   "费用（元）", "状态", "失败原因", "发送时间", "回执时间"),
           "cost": ("名称", "计费短信数", "计费条数", "费用（元）", "已送达", "发送失败"),
           "branch": "营业部", "sender": "发送人", "month": "月份", "by": "按"},
    "en": {"status": {}, "carrier": {"mobile": "China Mobile", "unicom": "China Unicom", "telecom": "China Telecom",
                                     "broadnet": "China Broadnet"},
           "log": ("No.", "Batch", "Queued", "Sender", "Branch", "Customer", "Mobile", "Carrier", "Text", "Characters",
                   "Parts", "Cost (CNY)", "Status", "Failure reason", "Sent", "Reported"),
           "cost": ("Name", "Charged messages", "Parts", "Cost (CNY)", "Delivered", "Failed"),
           "branch": "Branch", "sender": "Sender", "month": "Month", "by": "By"},
}
_LOG_FORMATS = (export.NUMBER, export.NUMBER, export.DATETIME, export.TEXT, export.TEXT, export.TEXT, export.TEXT,
                export.TEXT, export.TEXT, export.NUMBER, export.NUMBER, export.NUMBER, export.TEXT, export.TEXT,
                export.DATETIME, export.DATETIME)
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
    if total > MAX_LOG_EXPORT_ROWS:
        raise CrmRefusal("invalid_input", f"{total:,} messages match: at most {MAX_LOG_EXPORT_ROWS:,} are exported "
                                          "at a time; narrow the dates, the status or the sender")
    labels = _labels(lang)
    rows: list[tuple] = []
    while len(rows) < total:
        ctx.progress("read", len(rows), total)
        page = sms.message_log(conn, **filters, offset=len(rows), limit=LOG_PAGE, ctx=ctx)
        if not page:
            break
        rows.extend((m.id, m.batch_id, m.queued_at, m.sender_name, m.branch_name, m.customer_name, m.mobile_masked,
                     labels["carrier"].get(m.carrier, m.carrier), m.text, m.chars, m.parts, float(m.cost),
                     labels["status"].get(m.status, m.status), m.failed_reason, m.sent_at, m.reported_at)
                    for m in page)
    return export.export_table(ctx, conn, "sms_log", {k: _plain(v) for k, v in filters.items()}, labels["log"],
                               rows, path, _LOG_FORMATS, lang, conditions)


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
