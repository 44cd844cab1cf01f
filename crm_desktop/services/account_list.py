"""A list of customers given as an .xlsx of account numbers (资金账号), without Qt (issue #15:
the batch entry of existing customers' relationships, FAQ 33).

The workbook is read within the limits of services/workbook_reader (an untrusted file); its
active sheet needs a header cell naming the account column (资金账号 / 账号 / Account number).
Every row is checked and reported: an empty row is skipped, a cell that is not text or a whole
number, a repeated account number and an account that does not exist or is not among the
caller's customers (the customer policy decides, so the two cannot be told apart) are errors
with the row number. The valid rows come back in file order as customer ids for the request.

    report = read_accounts(conn, "accounts.xlsx")
    report.errors            # [{row, reason, account_no, message_zh, message_en}]
    report.customer_ids      # in the order of the file
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from crm_desktop.services.errors import as_refusal
from crm_desktop.services.workbook_reader import DEFAULT_LIMITS, Cell, WorkbookLimits, read_active_sheet

MAX_ROWS = 20000
MAX_ACCOUNT = 32
HEADERS = ("资金账号", "客户账号", "账号", "account number", "account no", "account_no", "account")

ERROR_LABELS: dict[str, tuple[str, str]] = {
    "missing_column": ("缺少“资金账号”列", "The sheet has no account-number column (资金账号)"),
    "not_text": ("应为文本或整数", "The cell must hold text or a whole number"),
    "too_long": (f"超过{MAX_ACCOUNT}个字符", f"Longer than {MAX_ACCOUNT} characters"),
    "duplicate_in_file": ("与文件中前面的行重复", "Duplicates an earlier row of the file"),
    "unknown_account": ("资金账号不存在或不在您的客户范围内", "No such account among your customers"),
    "too_many_rows": (f"超过{MAX_ROWS}行", f"More than {MAX_ROWS} rows"),
}


@dataclass
class AccountListReport:
    sheet: str = ""
    account_nos: list[str] = field(default_factory=list)
    customer_ids: list[int] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


def _error(row: int, reason: str, account_no: str | None = None) -> dict:
    zh, en = ERROR_LABELS[reason]
    return {"row": row, "reason": reason, "account_no": account_no, "message_zh": zh, "message_en": en}


def _account_text(cell: Cell | None) -> tuple[str | None, str | None]:
    """(the account number, an error reason)."""
    if cell is None:
        return None, None
    if cell.kind == "s":
        text = cell.value.strip()
    elif cell.kind == "n" and float(cell.value).is_integer() and cell.value >= 0:
        text = str(int(cell.value))                 # typed as a number in Excel
    else:
        return None, "not_text"
    if len(text) > MAX_ACCOUNT:
        return None, "too_long"
    return text or None, None


def read_accounts(conn: psycopg.Connection, path: str | Path,
                  limits: WorkbookLimits = DEFAULT_LIMITS) -> AccountListReport:
    """The customers the workbook's account numbers name, with a row-by-row report."""
    report = AccountListReport()
    sheet = read_active_sheet(path, limits)
    report.sheet = sheet.name
    column = None
    if sheet.rows:
        for index, cell in sheet.rows[0].cells.items():
            if cell.kind == "s" and cell.value.strip().lower().rstrip(" *") in HEADERS:
                column = index
                break
    if column is None:
        report.errors.append(_error(1, "missing_column"))
        return report
    body = sheet.rows[1:]
    if len(body) > MAX_ROWS:
        report.errors.append(_error(body[MAX_ROWS].number, "too_many_rows"))
        return report
    rows: list[tuple[int, str]] = []
    seen: set[str] = set()
    for row in body:
        text, reason = _account_text(row.cells.get(column))
        if reason:
            report.errors.append(_error(row.number, reason))
        elif text is None:
            continue
        elif text in seen:
            report.errors.append(_error(row.number, "duplicate_in_file", text))
        else:
            seen.add(text)
            rows.append((row.number, text))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT account_no, id FROM crm.customer WHERE account_no = ANY (%s)",
                        ([t for _, t in rows],))
            found = dict(cur.fetchall())
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None:
            raise
        raise refusal from error
    for number, text in rows:
        if text in found:
            report.account_nos.append(text)
            report.customer_ids.append(found[text])
        else:
            report.errors.append(_error(number, "unknown_account", text))
    report.errors.sort(key=lambda e: e["row"])
    return report

