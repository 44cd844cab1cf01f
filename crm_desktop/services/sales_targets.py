"""销售任务 sales targets (issue #15; 常见问题 6, 001 quotas), without Qt.

HQ (总部营销主管, HQ administrators) and a branch's 营销总监 set monthly or yearly targets per
staff member, team (a staff member and everyone below them in the 上级员工 hierarchy) or branch,
for four metrics: new accounts (a count), net asset inflow, commission and contribution (贡献度 =
净佣金 × w1 + 利差 × w2, weights set by HQ). Who may set what is decided by
crm.set_sales_target (db/sql/objects): HQ anything, a director their own branch's staff and
teams, nobody their own unless HQ.

Completion is computed by PostgreSQL (crm.sales_target_progress) from crm.sales_result_day, the
day's figures of each developer BY DATE: a day's figures go to the development relationship valid
on that day, so a hand-over on the 15th splits the month. That table is refreshed for each loaded
day by the T+1 load (services/t1_hooks.py) and the demo seed (``refresh``), and again by the agent
for days a back-dated relationship made stale. New accounts count customers opened in the period
for the staff member of their first development relationship.

The list is one period's targets visible to the caller (own, subtree, branches in scope); a page
is sorted and cut on the server (``progress_page``). Targets are imported from an .xlsx template
(``write_template`` / ``import_xlsx``): every row is checked here and then by the server in a
transaction that is rolled back, so the report names each refused row with its reason; only a
file without errors is applied, in one call of crm.import_sales_targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from crm_desktop.services.errors import CrmRefusal, as_refusal
from crm_desktop.services.workbook_reader import (DEFAULT_LIMITS, Cell, WorkbookLimits, WorkbookRefusal,
                                                  read_active_sheet)

METRICS = ("new_accounts", "net_inflow", "commission", "contribution")
MONEY_METRICS = frozenset({"net_inflow", "commission", "contribution"})
SUBJECT_KINDS = ("staff", "team", "branch")
PERIOD_KINDS = ("month", "year")
MAX_TARGET_UNITS = Decimal(10) ** 15          # 元 or accounts; the server allows 10^17 cents
MAX_IMPORT_ROWS = 20000
PAGE_LIMIT = 200

METRIC_LABELS: dict[str, tuple[str, str]] = {
    "new_accounts": ("新开户数", "New accounts"),
    "net_inflow": ("资产净流入", "Net asset inflow"),
    "commission": ("佣金", "Commission"),
    "contribution": ("贡献度", "Contribution"),
}
SUBJECT_LABELS: dict[str, tuple[str, str]] = {
    "staff": ("员工", "Staff member"), "team": ("团队", "Team"), "branch": ("营业部", "Branch"),
}
PERIOD_LABELS: dict[str, tuple[str, str]] = {"month": ("月度", "Monthly"), "year": ("年度", "Yearly")}

# What the list may be sorted by -> the SQL expression (a closed set: never user text in SQL).
SORT_KEYS: dict[str, str] = {
    "subject_name": "p.subject_name", "branch_code": "p.branch_code", "branch_name": "p.branch_name",
    "subject_kind": "p.subject_kind",
    "metric": "p.metric", "target_value": "p.target_value", "actual_value": "p.actual_value",
    "completion": "p.completion",
}

# The server's refusals of crm.set_sales_target in Chinese, for the import report.
SERVER_MESSAGES_ZH: dict[str, str] = {
    "only HQ and a branch's marketing director set sales targets": "只有总部和营业部营销总监可以设定销售任务",
    "only HQ sets a branch's targets": "只有总部可以设定营业部的销售任务",
    "nobody but HQ sets their own targets": "除总部外，任何人不能给自己设定销售任务",
    "a marketing director sets targets of their own branch's staff only": "营销总监只能给本营业部的员工设定销售任务",
    "nobody but HQ sets a target of a team they are in": "除总部外，不能给自己所在的团队设定销售任务",
}

ERROR_LABELS: dict[str, tuple[str, str]] = {
    "missing_column": ("缺少必需的列", "A required column is missing"),
    "bad_kind": ("对象类型应为“员工”、“团队”或“营业部”", "The subject is staff, team or branch"),
    "missing_subject": ("请填写员工工号或营业部代码", "Give the staff login or the branch code"),
    "unknown_subject": ("找不到该员工或营业部（或不在您的范围内）", "No such staff member or branch (or not yours)"),
    "bad_period": ("周期应为“月度”或“年度”", "The period is monthly or yearly"),
    "bad_start": ("周期开始应为 2024-03（月度）或 2024（年度）", "The start is 2024-03 (monthly) or 2024 (yearly)"),
    "bad_metric": ("指标应为新开户数、资产净流入、佣金或贡献度",
                   "The metric is new accounts, net asset inflow, commission or contribution"),
    "bad_value": ("目标值应为0或正数（金额以元计，最多两位小数；开户数为整数）",
                  "The target is 0 or more (amounts in yuan with at most 2 decimals; accounts a whole number)"),
    "not_text": ("单元格类型不对（应为文字或数字）", "The cell holds neither text nor a number"),
    "error_cell": ("单元格是错误值（如#N/A）", "The cell holds an error value (such as #N/A)"),
    "hidden_row": ("该行在Excel中被隐藏", "The row is hidden in Excel"),
    "duplicate_in_file": ("与文件中前面一行的对象、周期和指标相同", "Same subject, period and metric as an earlier row"),
    "refused": ("服务器拒绝", "Refused by the server"),
}

TEMPLATE_COLUMNS = (   # key, 中文 header, English header, required
    ("subject_kind", "对象类型", "Subject", True),
    ("subject", "员工工号/营业部代码", "Staff login or branch code", True),
    ("period_kind", "周期", "Period", True),
    ("period_start", "周期开始", "Start", True),
    ("metric", "指标", "Metric", True),
    ("target", "目标值", "Target", True),
)
EXAMPLE_ROW = ("员工", "bj01_mkt01", "月度", "2026-01", "佣金", "50000")


def _refuse(kind: str, message: str) -> CrmRefusal:
    return CrmRefusal(kind, message)


def _run(conn: psycopg.Connection, query: str, params: Any = None) -> list[dict]:
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            cur.execute(query, params)
            return cur.fetchall() if cur.description else []
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None:
            raise
        raise refusal from None


def period_end(period_kind: str, period_start: date) -> date:
    """The first day after the period."""
    if period_kind == "year":
        return date(period_start.year + 1, 1, 1)
    return date(period_start.year + (period_start.month == 12), period_start.month % 12 + 1, 1)


def period_of(period_kind: str, day: date) -> date:
    """The start of the month or year containing `day`."""
    return date(day.year, 1, 1) if period_kind == "year" else date(day.year, day.month, 1)


def to_stored(metric: str, value: Any) -> int:
    """A target as the user gives it (元 for amounts, a count for accounts) -> the stored integer
    (cents or a count); refuses anything else with invalid_input."""
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise _refuse("invalid_input", "the target is not a number") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_TARGET_UNITS:
        raise _refuse("invalid_input", "the target is a number from 0 to 10^15")
    if metric in MONEY_METRICS:
        cents = amount * 100
        if cents != cents.to_integral_value():
            raise _refuse("invalid_input", "amounts have at most two decimals")
        return int(cents)
    if amount != amount.to_integral_value():
        raise _refuse("invalid_input", "a number of accounts is a whole number")
    return int(amount)


def setter_kind(conn: psycopg.Connection) -> str | None:
    """'hq', 'branch' (a 营销总监) or None: what the signed-in staff member may set."""
    return _run(conn, "SELECT crm.sales_target_setter() AS kind")[0]["kind"]


def set_target(conn: psycopg.Connection, subject_kind: str, subject_id: int, period_kind: str, period_start: date,
               metric: str, value: Any) -> int:
    """Set or replace one target (value in 元 or accounts); the server checks who may."""
    stored = to_stored(metric, value)
    with conn.transaction():
        return _run(conn, "SELECT crm.set_sales_target(%s, %s, %s, %s, %s, %s) AS id",
                    (subject_kind, subject_id, period_kind, period_start, metric, stored))[0]["id"]


def resolve_subject(conn: psycopg.Connection, subject_kind: str, text: str) -> int:
    """The id of a staff member (by login, for 'staff' and 'team') or a branch (by code) the caller
    can see; not_found otherwise."""
    text = (text or "").strip()
    if subject_kind not in SUBJECT_KINDS:
        raise _refuse("invalid_input", "a target is for a staff member, a team or a branch")
    if not text or len(text) > 40:
        raise _refuse("not_found", "no such staff member or branch")
    query = ("SELECT b.id FROM crm.branch b WHERE b.code = upper(%s)" if subject_kind == "branch"
             else "SELECT s.id FROM crm.staff s WHERE s.login = lower(%s)")
    rows = _run(conn, query, (text,))
    if not rows:
        raise _refuse("not_found", f"no such staff member or branch: {text}")
    return rows[0]["id"]


def delete_target(conn: psycopg.Connection, target_id: int) -> None:
    with conn.transaction():
        _run(conn, "SELECT crm.delete_sales_target(%s)", (target_id,))


_PROGRESS = "crm.sales_target_progress(%(period_kind)s, %(period_start)s) p"


def _period_params(period_kind: str, period_start: date) -> dict:
    if period_kind not in PERIOD_KINDS:
        raise _refuse("invalid_input", "the period is a month or a year")
    return {"period_kind": period_kind, "period_start": period_of(period_kind, period_start)}


def progress_page(conn: psycopg.Connection, period_kind: str, period_start: date, *, sort: str = "completion",
                  descending: bool = False, offset: int = 0, limit: int = PAGE_LIMIT,
                  metric: str | None = None) -> tuple[list[dict], int]:
    """One page of the period's visible targets with completion, sorted on the server; and how
    many there are. The set is one period's targets of the caller's subtree or branches (a few
    thousand at HQ), computed by PostgreSQL per call; OFFSET over it costs nothing worth keysets."""
    if sort not in SORT_KEYS:
        raise _refuse("invalid_input", f"cannot sort by {sort!r}")
    if metric is not None and metric not in METRICS:
        raise _refuse("invalid_input", f"unknown metric {metric!r}")
    params = _period_params(period_kind, period_start) | {
        "metric": metric, "offset": max(0, int(offset)), "limit": max(1, min(int(limit), 2000))}
    direction = "DESC" if descending else "ASC"
    rows = _run(conn,
                f"SELECT p.*, count(*) OVER () AS total FROM {_PROGRESS} "
                f"WHERE %(metric)s::text IS NULL OR p.metric = %(metric)s "
                f"ORDER BY {SORT_KEYS[sort]} {direction} NULLS LAST, p.target_id "
                f"LIMIT %(limit)s OFFSET %(offset)s", params)
    total = rows[0]["total"] if rows else _run(
        conn, f"SELECT count(*) AS n FROM {_PROGRESS} WHERE %(metric)s::text IS NULL OR p.metric = %(metric)s",
        params)[0]["n"]
    return rows, total


def my_progress(conn: psycopg.Connection, period_kind: str, period_start: date) -> list[dict]:
    """The signed-in staff member's own targets (as a person and as a team leader), for 我的任务."""
    return _run(conn, f"SELECT p.* FROM {_PROGRESS} WHERE p.staff_id = crm.current_staff_id() "
                      f"ORDER BY p.subject_kind DESC, array_position(%(metrics)s, p.metric)",
                _period_params(period_kind, period_start) | {"metrics": list(METRICS)})


def refresh(conn: psycopg.Connection, first: date, last: date) -> int:
    """Recompute the daily results by date for the loaded days from `first` to `last`."""
    return _run(conn, "SELECT crm.refresh_sales_results(%s, %s) AS days", (first, last))[0]["days"]


def refresh_loaded_day(conn: psycopg.Connection, trade_date: date) -> int:
    """After the T+1 load of `trade_date`: that day, and the next loaded day (a re-run of an older
    date), whose net inflow is measured from this one's assets (crm.refresh_sales_results does both)."""
    return refresh(conn, trade_date, trade_date)


def contribution_weights(conn: psycopg.Connection) -> dict:
    return _run(conn, "SELECT net_commission_weight, interest_spread_weight, updated_at, updated_by "
                      "FROM crm.contribution_weight")[0]


def set_contribution_weights(conn: psycopg.Connection, net_commission: Any, interest_spread: Any) -> None:
    try:
        weights = [Decimal(str(net_commission)), Decimal(str(interest_spread))]
    except (InvalidOperation, ValueError):
        raise _refuse("invalid_input", "each weight is a number from 0 to 10") from None
    with conn.transaction():
        _run(conn, "SELECT crm.set_contribution_weights(%s, %s)", weights)


# The .xlsx template and import ---------------------------------------------------------------

_WORDS: dict[str, dict[str, str]] = {
    "subject_kind": {"员工": "staff", "个人": "staff", "staff": "staff", "staffmember": "staff", "团队": "team",
                     "team": "team", "营业部": "branch", "branch": "branch"},
    "period_kind": {"月": "month", "月度": "month", "month": "month", "monthly": "month", "年": "year",
                    "年度": "year", "year": "year", "yearly": "year"},
    "metric": {**{zh: key for key, (zh, _) in METRIC_LABELS.items()},
               **{en.lower().replace(" ", ""): key for key, (_, en) in METRIC_LABELS.items()},
               **{key.replace("_", ""): key for key in METRICS}, "开户数": "new_accounts", "净流入": "net_inflow"},
}
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*0?1\s*日?)?$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")


def _header_key(text: str) -> str | None:
    clean = re.sub(r"[\s*＊()（）]", "", text).lower()
    for key, zh, en, _ in TEMPLATE_COLUMNS:
        if clean in (zh.lower(), en.lower().replace(" ", ""), key.replace("_", ""), key):
            return key
    return {"员工工号": "subject", "营业部代码": "subject", "工号": "subject", "对象": "subject_kind",
            "目标": "target", "开始": "period_start"}.get(clean)


def write_template(path: str | Path, lang: str = "zh") -> Path:
    """The import template: header (required columns marked *), one grey example row (skipped on
    import), text-formatted cells and lists of the allowed words."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    zh = lang.lower().startswith("zh")
    wb = Workbook()
    ws = wb.active
    ws.title = "销售任务" if zh else "Sales targets"
    for col, (_, zh_name, en_name, _) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=(zh_name if zh else en_name) + " *")
        cell.font = Font(bold=True, color="C00000")
        ws.column_dimensions[cell.column_letter].width = 22
        for row in range(2, 2002):
            ws.cell(row=row, column=col).number_format = "@"
        ws.cell(row=2, column=col, value=EXAMPLE_ROW[col - 1]).font = Font(italic=True, color="808080")
    lists = (("A", "员工,团队,营业部" if zh else "staff,team,branch"), ("C", "月度,年度" if zh else "monthly,yearly"),
             ("E", ",".join(zh_l if zh else en_l for zh_l, en_l in METRIC_LABELS.values())))
    for column, values in lists:
        validation = DataValidation(type="list", formula1=f'"{values}"', allow_blank=False)
        ws.add_data_validation(validation)
        validation.add(f"{column}2:{column}2001")
    ws.freeze_panes = "A2"
    path = Path(path)
    wb.save(path)
    return path


@dataclass
class ImportReport:
    """errors: {row, column, field, reason (ERROR_LABELS), message, message_zh}; applied: targets set
    (0 whenever there is an error: an import with errors changes nothing)."""

    rows_read: int = 0
    applied: int = 0
    skipped_example: int = 0
    errors: list[dict] = field(default_factory=list)
    sheet: str = ""

    @property
    def error_rows(self) -> int:
        return len({e["row"] for e in self.errors})


def _error(row: int, column: str, field_name: str, reason: str, server: str | None = None) -> dict:
    zh, en = ERROR_LABELS[reason]
    if server:
        zh, en = SERVER_MESSAGES_ZH.get(server, f"{zh}：{server}"), f"{en}: {server}"
    return {"row": row, "column": column, "field": field_name, "reason": reason, "message": en, "message_zh": zh}


def _cell_text(cell: Cell | None) -> tuple[str | None, str | None]:
    if cell is None:
        return None, None
    if cell.kind == "e":
        return None, "error_cell"
    if cell.kind == "s":
        return (cell.value.strip() or None), None
    if cell.kind == "n":
        return (str(int(cell.value)) if float(cell.value).is_integer() else repr(cell.value)), None
    if cell.kind == "d":
        return str(cell.value)[:10], None
    return None, "not_text"


def _start(period_kind: str, text: str) -> date | None:
    text = text.strip()
    if period_kind == "year":
        match = _YEAR.match(text) or re.match(r"^(\d{4})-01-01$", text)
        return date(int(match.group(1)), 1, 1) if match and 2000 <= int(match.group(1)) <= 2099 else None
    match = _MONTH.match(text) or re.match(r"^(\d{4})-(\d{2})-01$", text)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2099:
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


def import_xlsx(conn: psycopg.Connection, path: str | Path,
                limits: WorkbookLimits = DEFAULT_LIMITS) -> ImportReport:
    """Import targets from the workbook's active sheet. The file is read whole within `limits`
    (a file that cannot be is refused before anything is checked); every row is checked here
    (cell types, words, period, amount, subject known to the caller, no duplicate row) and then by
    the server row by row in a transaction that is rolled back (who may set whose target); the
    report lists every failing row. Only without any error are the rows applied, all in one call."""
    report = ImportReport()
    sheet = read_active_sheet(path, limits)
    report.sheet = sheet.name
    if not sheet.rows:
        report.errors.append(_error(1, TEMPLATE_COLUMNS[0][1], "subject_kind", "missing_column"))
        return report
    header, body = sheet.rows[0], sheet.rows[1:]
    columns: dict[str, int] = {}
    titles = {key: zh for key, zh, _, _ in TEMPLATE_COLUMNS}
    for index, cell in sorted(header.cells.items()):
        key = _header_key(str(cell.value)) if cell.kind == "s" else None
        if key and key not in columns:
            columns[key], titles[key] = index, str(cell.value).strip()
    missing = [key for key, *_ in TEMPLATE_COLUMNS if key not in columns]
    if missing:
        report.errors.extend(_error(header.number, titles[k], k, "missing_column") for k in missing)
        return report

    staff = {r["login"]: r["id"] for r in _run(conn, "SELECT s.login, s.id FROM crm.staff s")}
    branches = {r["code"]: r["id"] for r in _run(conn, "SELECT b.code, b.id FROM crm.branch b")}
    seen: dict[tuple, int] = {}
    rows: list[tuple[int, tuple]] = []
    for row in body:
        texts: dict[str, str | None] = {}
        problems: list[dict] = []
        for key, index in columns.items():
            text, reason = _cell_text(row.cells.get(index))
            texts[key] = text
            if reason:
                problems.append(_error(row.number, titles[key], key, reason))
        if not problems and not any(texts.values()):
            continue
        if tuple(texts.get(k) for k, *_ in TEMPLATE_COLUMNS) == EXAMPLE_ROW:
            report.skipped_example += 1
            continue
        report.rows_read += 1
        if report.rows_read > MAX_IMPORT_ROWS:
            raise WorkbookRefusal("too_many_rows", f"at most {MAX_IMPORT_ROWS:,} rows per import",
                                  f"每次最多导入{MAX_IMPORT_ROWS:,}行")
        if row.hidden:
            problems.append(_error(row.number, titles["subject_kind"], "subject_kind", "hidden_row"))
        failed = {p["field"] for p in problems}

        def word(key: str, reason: str) -> str | None:
            value = _WORDS[key].get(re.sub(r"\s", "", (texts.get(key) or "")).lower())
            if value is None and key not in failed:
                problems.append(_error(row.number, titles[key], key, reason))
            return value

        kind, period_kind, metric = word("subject_kind", "bad_kind"), word("period_kind", "bad_period"), \
            word("metric", "bad_metric")
        subject_text = (texts.get("subject") or "").strip()
        subject_id = None
        if not subject_text and "subject" not in failed:
            problems.append(_error(row.number, titles["subject"], "subject", "missing_subject"))
        elif kind:
            subject_id = (branches.get(subject_text.upper()) if kind == "branch"
                          else staff.get(subject_text.lower()))
            if subject_id is None:
                problems.append(_error(row.number, titles["subject"], "subject", "unknown_subject"))
        start = _start(period_kind, texts.get("period_start") or "") if period_kind else None
        if period_kind and start is None and "period_start" not in failed:
            problems.append(_error(row.number, titles["period_start"], "period_start", "bad_start"))
        value = None
        if metric and "target" not in failed:
            try:
                value = to_stored(metric, texts.get("target") or "")
            except CrmRefusal:
                problems.append(_error(row.number, titles["target"], "target", "bad_value"))
        if not problems:
            key = (kind, subject_id, period_kind, start, metric)
            if key in seen:
                problems.append(dict(_error(row.number, titles["subject"], "subject", "duplicate_in_file"),
                                     earlier_row=seen[key]))
            seen.setdefault(key, row.number)
        if problems:
            report.errors.extend(problems)
        else:
            rows.append((row.number, (kind, subject_id, period_kind, start, metric, value)))

    _check_on_server(conn, rows, titles, report)
    if report.errors or not rows:
        return report
    columns_values = [list(c) for c in zip(*(params for _, params in rows))]
    with conn.transaction():
        report.applied = len(_run(conn, "SELECT * FROM crm.import_sales_targets(%s::text[], %s::integer[], "
                                        "%s::text[], %s::date[], %s::text[], %s::bigint[])", columns_values))
    return report


def _check_on_server(conn: psycopg.Connection, rows: list[tuple[int, tuple]], titles: dict[str, str],
                     report: ImportReport) -> None:
    """Each row through crm.set_sales_target in a transaction that is always rolled back: the
    server's reason for every row it refuses, and nothing changed."""
    if not rows:
        return

    class _Undo(Exception):
        pass

    try:
        with conn.transaction():
            for number, params in rows:
                try:
                    with conn.transaction():
                        conn.execute("SELECT crm.set_sales_target(%s, %s, %s, %s, %s, %s)", params)
                except psycopg.Error as error:
                    refusal = as_refusal(error)
                    if refusal is None:
                        raise
                    report.errors.append(_error(number, titles["subject"], "subject", "refused", refusal.message))
            raise _Undo
    except _Undo:
        pass
