"""Reservations (预约, issue #5), without Qt.

A staff member registers a prospect (name, ID number and/or mobile, expected branch, note), one
by one or from an .xlsx template. After each T+1 load ``crm.match_reservations`` (run by the
loader, see ``match``) matches open reservations against accounts opened at that branch within
20 working days: normalised name equal and ID number or mobile equal. A clean match starts the
development approval; ambiguous ones go to review, the rest expire, each with a reason code
(``REASON_LABELS``).

Rows are written directly under row-level security (db/sql/0006_approvals.sql): the owner
registers in a branch of theirs and edits or deletes while the reservation is open; a BEFORE
trigger stamps the owner, the normalised keys, the window and the version. "0 rows" is
explained by reading the row again (gone / not yours / no longer open / changed meanwhile).
An .xlsx import is read by services/workbook_reader.py (bounded, every failure a worded
refusal) and inserted in one call of crm.import_reservations (db/sql/0013). At most one
reservation per person (branch, normalised name, ID number or mobile) is open at a time: unique
indexes refuse a second registration and make the import skip and report it.

Validation here mirrors the server's normalisation (DESIGN.md §4) so that a user learns about a
mobile of 10 digits or an ID number with a wrong check digit when registering, not 20 working
days later.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import psycopg
from psycopg.rows import dict_row

from crm_desktop.services.errors import CrmRefusal, as_refusal
from crm_desktop.services.workbook_reader import (DEFAULT_LIMITS, Cell, SheetRow, WorkbookLimits, WorkbookRefusal,
                                                  column_letter, read_active_sheet)

PAGE_LIMIT = 200
MAX_PAGE = 2000
MAX_NAME = 100
MAX_KEY = 40
MAX_NOTE = 1000
MAX_IMPORT_ROWS = 20000
STATUSES = ("open", "matched", "review", "expired", "withdrawn", "rejected")
EDITABLE = ("branch_id", "name", "id_no", "mobile", "note")
PERSONAL = ("id_no", "mobile")     # read masked (crm.reservation.*_masked)

# Every reason code crm.match_reservations / crm.decide_request write: (中文, English).
REASON_LABELS: dict[str, tuple[str, str]] = {
    "several_reservations": ("多条预约匹配同一账户，需人工确认", "Several reservations match this account: review"),
    "several_accounts": ("同一预约匹配多个新开账户，需人工确认", "Several new accounts match this reservation: review"),
    "mobile_of_older_customer": ("手机号已属于老客户，需人工确认", "The mobile belongs to an older customer: review"),
    "already_developed": ("该账户已有开发关系", "The account already has a development relationship"),
    "request_pending": ("该账户已有待审批的开发关系申请", "A development request for the account is already pending"),
    "approval_rejected": ("开发关系审批未通过", "The development approval was rejected"),
    "approval_failed": ("审批通过但未能建立开发关系", "Approved, but the relationship could not be set up"),
    "name_differs": ("证件号或手机号相同但姓名不同（错别字？）",
                     "An account with this ID number or mobile was opened under another name"),
    "mobile_in_id_field": ("证件号码栏填写的是手机号", "The ID number field holds a mobile number"),
    "id_in_mobile_field": ("手机号栏填写的是证件号码", "The mobile field holds an ID number"),
    "id_and_mobile_differ": ("同名账户已开户，但证件号和手机号均不一致",
                             "An account with this name was opened, but neither the ID number nor the mobile is equal"),
    "other_branch": ("客户在其他营业部开户", "The account was opened at another branch"),
    "no_account": ("20个工作日内未开户", "No matching account was opened within 20 working days"),
    "duplicate": ("与同一营业部更早的预约重复，已撤销", "Withdrawn: duplicates an earlier open reservation at this branch"),
    "review_rejected": ("人工确认时被驳回", "Rejected in review"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "open": ("等待开户", "Open"), "matched": ("已匹配", "Matched"), "review": ("待人工确认", "Needs review"),
    "expired": ("已过期", "Expired"), "withdrawn": ("已撤销", "Withdrawn"), "rejected": ("已驳回", "Rejected"),
}

# Why a review candidate matched or failed (crm.reservation_review_candidates): (中文, English).
CANDIDATE_LABELS: dict[str, tuple[str, str]] = {
    "name_equal": ("姓名一致", "Name equal"),
    "name_differs": ("姓名不一致", "Name differs"),
    "id_equal": ("身份证号一致", "ID number equal"),
    "id_differs": ("身份证号不一致", "ID number differs"),
    "id_missing": ("身份证号缺失", "No ID number to compare"),
    "mobile_equal": ("手机号一致", "Mobile equal"),
    "mobile_differs": ("手机号不一致", "Mobile differs"),
    "mobile_missing": ("手机号缺失", "No mobile to compare"),
    "outside_window": ("开户日期不在20个工作日内", "Opened outside the 20 working days"),
    "mobile_of_older_customer": ("手机号已属于老客户", "The mobile belongs to an older customer"),
    "already_developed": ("已有开发关系", "Already has a development relationship"),
    "request_pending": ("已有待审批的开发关系申请", "A development request is already pending"),
}
REVIEW_ACTIONS = ("confirm", "reject", "extend")
MAX_EXTEND_DAYS = 20

# Import errors: reason code -> (中文, English).
ERROR_LABELS: dict[str, tuple[str, str]] = {
    "missing_column": ("缺少必需的列", "A required column is missing"),
    "missing_name": ("姓名不能为空", "The name is missing"),
    "name_too_long": (f"姓名超过{MAX_NAME}个字符", f"The name is longer than {MAX_NAME} characters"),
    "missing_id_and_mobile": ("身份证号和手机号至少填写一项", "Give the ID number or the mobile (or both)"),
    "bad_mobile": ("手机号应为11位大陆手机号", "The mobile is not an 11-digit mainland mobile number"),
    "bad_id": ("身份证号应为18位且校验位正确", "The ID number is not 18 characters with a valid check digit"),
    "unknown_branch": ("营业部代码不存在", "Unknown branch code"),
    "foreign_branch": ("不能为其他营业部登记预约", "You may not register reservations for this branch"),
    "duplicate_in_file": ("与文件中前面的行重复", "Duplicates an earlier row of the file"),
    "note_too_long": (f"备注超过{MAX_NOTE}个字符", f"The note is longer than {MAX_NOTE} characters"),
    "too_long": (f"超过{MAX_KEY}个字符", f"Longer than {MAX_KEY} characters"),
    "bad_name": ("姓名只能包含文字（不含数字、符号或控制字符）",
                 "The name may hold only letters (no digits, symbols or control characters)"),
    "control_characters": ("含有控制字符", "Holds control characters"),
    "error_cell": ("单元格是错误值（如#N/A、#VALUE!）", "The cell holds an error value (such as #N/A or #VALUE!)"),
    "not_text": ("单元格应为文本（不是日期、逻辑值或数字）", "The cell must hold text (not a date, TRUE/FALSE or a number)"),
    "hidden_row": ("该行在Excel中被隐藏（取消隐藏或删除该行）", "The row is hidden in Excel (show it or delete it)"),
    "duplicate_open": ("该客户在本营业部已有未结束的预约（重复，已跳过）",
                       "This person already has an open reservation at this branch (duplicate, skipped)"),
}


# Normalisation and validation (the server's rules, DESIGN.md §4) -------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
# What a typed mobile may look like (after NFKC): digits with spaces, hyphens or parentheses, an
# optional +86 / 0086 in front. A minus sign, keycap digits or letters make it no mobile.
_MOBILE_TEXT = re.compile(r"^\(?\+?[0-9][0-9\s\-()]*$")
# Characters of a person's name besides letters, combining marks and spaces: the middle dots of
# transliterated names (艾力·买买提), apostrophes and hyphens.
_NAME_PUNCTUATION = frozenset("·•・‧.'’-")
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def normalize_name(value: str | None) -> str | None:
    """NFKC, every kind of whitespace (U+3000 too) removed; None when nothing is left."""
    if value is None:
        return None
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(value))) or None


def normalize_id_no(value: str | None) -> str | None:
    got = normalize_name(value)
    return got.upper() if got else None


def normalize_mobile(value: str | None) -> str | None:
    """Digits only; a +86 / 86 / 0086 country code dropped."""
    if value is None:
        return None
    digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", str(value)))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    return digits or None


def id_no_valid(value: str | None) -> bool:
    """18 characters (GB 11643): 17 digits and the check digit (0-9 or X)."""
    norm = normalize_id_no(value)
    if not norm or len(norm) != 18 or not norm[:17].isascii() or not norm[:17].isdigit():
        return False
    return _ID_CHECK[sum(int(d) * w for d, w in zip(norm[:17], _ID_WEIGHTS)) % 11] == norm[17]


def mobile_valid(value: str | None) -> bool:
    if value is None or not _MOBILE_TEXT.match(unicodedata.normalize("NFKC", str(value)).strip()):
        return False
    norm = normalize_mobile(value)
    return bool(norm and _MOBILE.match(norm))


def has_control_characters(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    """C0/C1 controls, lone surrogates and the non-characters U+FFFE/U+FFFF (what ``_x0000_``
    and friends decode to); PostgreSQL cannot even store U+0000."""
    return any((unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed) or ch in "\ufffe\uffff"
               for ch in text)


def name_valid(value: str) -> bool:
    """Letters (any script), combining marks, spaces and name punctuation; at least one letter.
    Digits, symbols (#N/A, #VALUE!), format and control characters are no part of a name."""
    text = unicodedata.normalize("NFKC", value)
    if not any(unicodedata.category(ch).startswith("L") for ch in text):
        return False
    return all(unicodedata.category(ch)[0] in "LMZ" and unicodedata.category(ch) not in ("Zl", "Zp")
               or ch in _NAME_PUNCTUATION for ch in text)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)           # a number cell (Excel turned the digits into a number)
    text = str(value).strip()
    return text or None


def kept_personal(field: str, value: Any, current: dict | None) -> bool:
    """Is `value` of the ID number or mobile field the masked value read from `current` (the
    reservation as listed), i.e. left unchanged?"""
    return current is not None and _text(value) is not None and _text(value) == current.get(field)


def validate(name: Any, id_no: Any, mobile: Any, note: Any = None, *,
             kept: dict | None = None) -> list[tuple[str, str]]:
    """[(field, reason code)] of one reservation; [] when it may be registered. `kept`: the
    reservation as read when editing -- an ID number or mobile still equal to its masked value is
    left unchanged, and was valid when it was written."""
    errors: list[tuple[str, str]] = []
    name, id_no, mobile, note = _text(name), _text(id_no), _text(mobile), _text(note)
    if not normalize_name(name):
        errors.append(("name", "missing_name"))
    elif len(name) > MAX_NAME:
        errors.append(("name", "name_too_long"))
    elif not name_valid(name):
        errors.append(("name", "bad_name"))
    if not normalize_id_no(id_no) and not normalize_mobile(mobile):
        errors.append(("id_no", "missing_id_and_mobile"))
    if id_no is not None and not kept_personal("id_no", id_no, kept) and (len(id_no) > MAX_KEY
                                                                       or not id_no_valid(id_no)):
        errors.append(("id_no", "too_long" if len(id_no) > MAX_KEY else "bad_id"))
    if mobile is not None and not kept_personal("mobile", mobile, kept) and (len(mobile) > MAX_KEY
                                                                          or not mobile_valid(mobile)):
        errors.append(("mobile", "too_long" if len(mobile) > MAX_KEY else "bad_mobile"))
    if note is not None and len(note) > MAX_NOTE:
        errors.append(("note", "note_too_long"))
    elif note is not None and has_control_characters(note, _ALLOWED_CONTROLS):
        errors.append(("note", "control_characters"))
    return errors


def _refuse_invalid(errors: list[tuple[str, str]]) -> None:
    if errors:
        raise CrmRefusal("invalid_input", "; ".join(f"{f}: {ERROR_LABELS[r][1]}" for f, r in errors),
                         detail=",".join(r for _, r in errors))


# Database helpers ----------------------------------------------------------------------------------------

def _run(conn: psycopg.Connection, query: str, params: Any = None) -> tuple[list[dict], int]:
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            cur.execute(query, params)
            return (cur.fetchall() if cur.description is not None else []), cur.rowcount
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None or refusal.kind in ("connection_lost", "session_ended"):
            raise
        if refusal.kind == "duplicate":       # the open-reservation unique indexes (0013)
            refusal = CrmRefusal("duplicate", "this person already has an open reservation at this branch "
                                              "(same name and ID number or mobile, registered by you or a colleague)",
                                 refusal.sqlstate, "duplicate_open")
        raise refusal from error


def _id(value: Any, what: str = "reservation") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2 ** 63:
        raise CrmRefusal("invalid_input", f"{value!r} is not a {what} id")
    return value


def _explain(conn: psycopg.Connection, reservation_id: int, expected_version: int | None = None) -> CrmRefusal:
    """Why did a write touch 0 rows?"""
    rows, _ = _run(conn, "SELECT r.status, r.version, r.staff_id = crm.current_staff_id() AS mine "
                         "FROM crm.reservation r WHERE r.id = %s", (reservation_id,))
    if not rows:
        return CrmRefusal("not_found", f"no reservation {reservation_id}")
    row = rows[0]
    if not row["mine"]:
        return CrmRefusal("not_permitted", "only the staff member who registered a reservation may change it")
    if row["status"] != "open":
        return CrmRefusal("conflict", f"the reservation is no longer open ({row['status']}); it cannot be changed")
    if expected_version is not None and row["version"] != expected_version:
        return CrmRefusal("conflict", f"the reservation was changed meanwhile (version {row['version']}, "
                                      f"you edited version {expected_version}); reload it and try again")
    return CrmRefusal("not_permitted", "the change was refused")


# Registering, editing, listing ------------------------------------------------------------------------------

def register(conn: psycopg.Connection, branch_id: int, name: str, id_no: str | None, mobile: str | None,
             note: str | None = None) -> int:
    """Register a prospect for `branch_id` (one of mine). Returns the reservation id."""
    _refuse_invalid(validate(name, id_no, mobile, note))
    rows, _ = _run(conn, "INSERT INTO crm.reservation (branch_id, name, id_no, mobile, note) "
                         "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                   (_id(branch_id, "branch"), _text(name), _text(id_no), _text(mobile), _text(note)))
    return rows[0]["id"]


def update(conn: psycopg.Connection, reservation_id: int, expected_version: int, **fields: Any) -> int:
    """Change fields (branch_id, name, id_no, mobile, note) of my open reservation, if it is still
    at `expected_version`. Returns the new version; a concurrent change is refused ('conflict').

    The ID number and mobile are read masked (personal data); handed back unchanged -- the masked
    value itself -- they are left as they are, not overwritten with the mask."""
    rid = _id(reservation_id)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise CrmRefusal("invalid_input", f"not editable: {', '.join(sorted(unknown))}")
    if not fields:
        raise CrmRefusal("invalid_input", "nothing to change")
    current, _ = _run(conn, "SELECT name, id_no_masked AS id_no, mobile_masked AS mobile, note, version "
                            "FROM crm.reservation WHERE id = %s", (rid,))
    if not current:
        raise CrmRefusal("not_found", f"no reservation {rid}")
    fields = {k: v for k, v in fields.items() if not (k in PERSONAL and kept_personal(k, v, current[0]))}
    if not fields:
        if current[0]["version"] != expected_version:
            raise _explain(conn, rid, expected_version)
        return expected_version
    merged = {**current[0], **{k: v for k, v in fields.items() if k != "branch_id"}}
    _refuse_invalid(validate(merged["name"], merged["id_no"], merged["mobile"], merged["note"], kept=current[0]))
    values = {k: (_id(v, "branch") if k == "branch_id" else _text(v)) for k, v in fields.items()}
    columns = sorted(values)
    assignments = ", ".join(f"{c} = %({c})s" for c in columns)
    rows, _ = _run(conn, f"UPDATE crm.reservation SET {assignments} "
                         "WHERE id = %(id)s AND version = %(version)s RETURNING version",
                   {**values, "id": rid, "version": expected_version})
    if not rows:
        raise _explain(conn, rid, expected_version)
    return rows[0]["version"]


def delete(conn: psycopg.Connection, reservation_id: int) -> None:
    """Delete my open reservation."""
    rid = _id(reservation_id)
    _, count = _run(conn, "DELETE FROM crm.reservation WHERE id = %s", (rid,))
    if count == 0:
        raise _explain(conn, rid)


def list_reservations(conn: psycopg.Connection, status: str | Sequence[str] | None = None, mine_only: bool = False,
                      after_id: int | None = None, limit: int = PAGE_LIMIT) -> list[dict]:
    """Reservations visible to me (mine, my team's, my branches' with scope branch/all), newest
    first (keyset: next page ``after_id=rows[-1]["id"]``), with the matched account, the request's
    status and the reason with its labels (reason_zh / reason_en)."""
    statuses = [status] if isinstance(status, str) else (list(status) if status is not None else None)
    if statuses is not None and any(s not in STATUSES for s in statuses):
        raise CrmRefusal("invalid_input", f"status is one of {', '.join(STATUSES)}")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= MAX_PAGE:
        raise CrmRefusal("invalid_input", f"page size must be 1..{MAX_PAGE}")
    after = 2 ** 63 - 1 if after_id is None else _id(after_id)
    rows, _ = _run(conn, """
        WITH page AS MATERIALIZED (
            SELECT r.id, r.staff_id, r.branch_id, r.name, r.id_no_masked, r.mobile_masked, r.note, r.name_norm,
                   r.registered_on, r.window_end, r.status, r.reason, r.reason_detail, r.decided_at,
                   r.customer_id, r.request_id, r.version, r.created_at, r.modified_at
              FROM crm.reservation r
             WHERE r.id < %(after)s
               AND (%(statuses)s::text[] IS NULL OR r.status = ANY (%(statuses)s::text[]))
               AND (NOT %(mine)s OR r.staff_id = crm.current_staff_id())
             ORDER BY r.id DESC LIMIT %(limit)s)
        SELECT p.id, p.staff_id, s.name AS staff_name, p.branch_id, b.code AS branch_code, b.name AS branch_name,
               p.name, p.id_no_masked AS id_no, p.mobile_masked AS mobile, p.note, p.name_norm,
               p.registered_on, p.window_end, p.status, p.reason, p.reason_detail, p.decided_at,
               p.customer_id, a.account_no, a.customer_name AS matched_name, a.open_date AS account_open_date,
               p.request_id, q.status AS request_status, q.current_post AS request_current_post,
               p.version, p.created_at, p.modified_at
          FROM page p
          JOIN crm.branch b ON b.id = p.branch_id
          LEFT JOIN crm.staff s ON s.id = p.staff_id
          LEFT JOIN crm.approval_request q ON q.id = p.request_id
          LEFT JOIN crm.reservation_accounts(ARRAY(SELECT x.id FROM page x)) a ON a.reservation_id = p.id
         ORDER BY p.id DESC""", {"after": after, "statuses": statuses, "mine": bool(mine_only), "limit": limit})
    for row in rows:
        zh, en = REASON_LABELS.get(row["reason"], (row["reason"], row["reason"])) if row["reason"] else (None, None)
        row["reason_zh"], row["reason_en"] = zh, en
        row["status_zh"], row["status_en"] = STATUS_LABELS.get(row["status"], (row["status"], row["status"]))
    return rows


def match(conn: psycopg.Connection, as_of: Any) -> dict:
    """Run the matching for the trading date `as_of` (the T+1 loader / agent / operator; inside
    the load's transaction when it has one). Returns {'matched', 'review', 'expired'}."""
    rows, _ = _run(conn, "SELECT crm.match_reservations(%s) AS counts", (as_of,))
    return dict(rows[0]["counts"])


# The review queue (待人工确认, FAQ 31) ---------------------------------------------------------------------

def review_queue(conn: psycopg.Connection, after_id: int | None = None, limit: int = PAGE_LIMIT) -> list[dict]:
    """Reservations in review that I may resolve (a development approver of their branch, not
    my own), oldest first; next page ``after_id=rows[-1]["id"]``. Personal data masked; each
    row has ``reason_zh`` / ``reason_en``."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= MAX_PAGE:
        raise CrmRefusal("invalid_input", f"page size must be 1..{MAX_PAGE}")
    rows, _ = _run(conn, "SELECT * FROM crm.reservation_review_page(%s, %s)",
                   (0 if after_id is None else _id(after_id), limit))
    for row in rows:
        row["reason_zh"], row["reason_en"] = REASON_LABELS.get(row["reason"], (row["reason"], row["reason"]))
    return rows


def review_candidates(conn: psycopg.Connection, reservation_id: int) -> list[dict]:
    """The accounts a review item could be, side by side: masked personal data, opening date,
    branch, developer, and ``why`` (codes) with ``why_zh`` / ``why_en`` in words; ``confirmable``
    says whether confirming it is accepted."""
    rows, _ = _run(conn, "SELECT * FROM crm.reservation_review_candidates(%s)", (_id(reservation_id),))
    for row in rows:
        labels = [CANDIDATE_LABELS.get(code, (code, code)) for code in row["why"]]
        row["why_zh"] = [zh for zh, _ in labels]
        row["why_en"] = [en for _, en in labels]
    return rows


def resolve_review(conn: psycopg.Connection, reservation_id: int, version: int, action: str, *,
                   customer_id: int | None = None, reason: str | None = None, days: int | None = None) -> int | None:
    """Resolve a review item seen at `version`: ``confirm`` a candidate (`customer_id`; starts the
    development request, whose id is returned), ``reject`` with a `reason`, or ``extend`` the
    window by `days` working days. A second approver or a stale view gets ``already_decided``."""
    rid = _id(reservation_id)
    if isinstance(version, bool) or not isinstance(version, int):
        raise CrmRefusal("invalid_input", "the version seen is a number")
    if action not in REVIEW_ACTIONS:
        raise CrmRefusal("invalid_input", 'resolve with "confirm", "reject" or "extend"')
    if action == "confirm":
        customer_id = _id(customer_id, "customer")
    if action == "reject":
        reason = _text(reason) if isinstance(reason, str) else None
        if not reason:
            raise CrmRefusal("invalid_input", "say why the reservation is rejected")
        if len(reason) > MAX_NOTE:
            raise CrmRefusal("invalid_input", f"a reason has at most {MAX_NOTE} characters")
    if action == "extend" and (isinstance(days, bool) or not isinstance(days, int)
                               or not 1 <= days <= MAX_EXTEND_DAYS):
        raise CrmRefusal("invalid_input", f"extend by 1 to {MAX_EXTEND_DAYS} working days")
    with conn.transaction():
        rows, _ = _run(conn, "SELECT crm.resolve_reservation(%s, %s, %s, %s, %s, %s) AS request_id",
                       (rid, version, action, customer_id, reason, days))
    return rows[0]["request_id"]


# The .xlsx template and its import ------------------------------------------------------------------------

# field -> (中文 header, English header, required)
TEMPLATE_COLUMNS: tuple[tuple[str, str, str, bool], ...] = (
    ("branch_code", "营业部代码", "Branch code", False),
    ("name", "姓名", "Name", True),
    ("id_no", "身份证号", "ID number", False),
    ("mobile", "手机号", "Mobile", False),
    ("note", "备注", "Note", False),
)
EXAMPLE_ROW = {"branch_code": "BR01", "name": "张三", "id_no": "11010519491231002X", "mobile": "13800138000",
               "note": "示例行，导入时自动跳过 / example row, skipped on import"}
TEMPLATE_ROWS = 2000            # rows formatted as text and validated in the template


def _header_key(text: Any) -> str | None:
    if text is None:
        return None
    clean = re.sub(r"[\s*＊()（）]", "", str(text)).lower()
    for key, zh, en, _ in TEMPLATE_COLUMNS:
        if clean in (zh.lower(), en.lower().replace(" ", ""), key.replace("_", ""), key):
            return key
    aliases = {"证件号码": "id_no", "身份证号码": "id_no", "证件号": "id_no", "手机": "mobile", "手机号码": "mobile",
               "mobilephone": "mobile", "idno": "id_no", "branch": "branch_code", "营业部": "branch_code",
               "客户姓名": "name", "remark": "note", "remarks": "note"}
    return aliases.get(clean)


def write_template(path: str | Path, lang: str = "zh", branch_codes: Sequence[str] | None = None) -> Path:
    """Write the import template: a header (required columns marked *), one example row (skipped
    on import), every cell formatted as text (an 18-digit ID number stays text), data
    validation on lengths and, with `branch_codes`, a list of the branches one may use."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    zh = lang.lower().startswith("zh")
    wb = Workbook()
    ws = wb.active
    ws.title = "预约" if zh else "Reservations"
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for col, (key, zh_name, en_name, required) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=(zh_name if zh else en_name) + (" *" if required else ""))
        cell.font = Font(bold=True, color="C00000" if required else "000000")
        if required:
            cell.fill = required_fill
        ws.column_dimensions[get_column_letter(col)].width = {"name": 14, "id_no": 24, "mobile": 16,
                                                              "note": 40}.get(key, 14)
        for row in range(2, TEMPLATE_ROWS + 2):
            ws.cell(row=row, column=col).number_format = "@"
        example = ws.cell(row=2, column=col, value=EXAMPLE_ROW[key])
        example.font = Font(italic=True, color="808080")
    hint_id = ("身份证号和手机号至少填写一项；身份证号18位" if zh
               else "Give the ID number or the mobile (or both); ID numbers have 18 characters")
    ws.cell(row=1, column=3).comment = Comment(hint_id, "CRM")
    ws.cell(row=1, column=1).comment = Comment(
        "留空 = 本人所在营业部" if zh else "Empty = your own branch", "CRM")
    last = TEMPLATE_ROWS + 1
    checks = [
        (DataValidation(type="textLength", operator="between", formula1="1", formula2=str(MAX_NAME),
                        allow_blank=False), f"B2:B{last}",
         "姓名必填" if zh else "The name is required"),
        (DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True), f"C2:C{last}",
         "身份证号为18位" if zh else "ID numbers have 18 characters"),
        (DataValidation(type="textLength", operator="between", formula1="11", formula2="20", allow_blank=True),
         f"D2:D{last}", "11位手机号" if zh else "An 11-digit mobile number"),
        (DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(MAX_NOTE), allow_blank=True),
         f"E2:E{last}", f"最多{MAX_NOTE}字" if zh else f"At most {MAX_NOTE} characters"),
    ]
    if branch_codes:
        codes = ",".join(branch_codes)
        if len(codes) <= 250:      # Excel's limit for an inline list
            checks.append((DataValidation(type="list", formula1=f'"{codes}"', allow_blank=True), f"A2:A{last}",
                           "选择营业部代码" if zh else "Choose a branch code"))
    for validation, area, message in checks:
        validation.error = message
        validation.errorTitle = "预约模板" if zh else "Reservation template"
        validation.prompt = message
        validation.showErrorMessage = True
        validation.showInputMessage = True
        ws.add_data_validation(validation)
        validation.add(area)
    ws.freeze_panes = "A2"
    path = Path(path)
    wb.save(path)
    return path


@dataclass
class ImportReport:
    """What an import did. errors and duplicates: {row (the sheet's row number), column (its
    header), field, reason (code of ERROR_LABELS), message (English), message_zh}. duplicates are
    valid rows skipped because the person already has an open reservation at that branch."""

    rows_read: int = 0
    inserted: int = 0
    skipped_example: int = 0
    errors: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    valid_only: bool = False
    sheet: str = ""
    ids: list[int] = field(default_factory=list)

    @property
    def error_rows(self) -> int:
        return len({e["row"] for e in self.errors})

    def as_dict(self) -> dict:
        return {"rows_read": self.rows_read, "inserted": self.inserted, "skipped_example": self.skipped_example,
                "error_rows": self.error_rows, "errors": list(self.errors), "duplicates": list(self.duplicates),
                "valid_only": self.valid_only, "sheet": self.sheet}


def _error(row: int, column: str, field_name: str, reason: str) -> dict:
    zh, en = ERROR_LABELS[reason]
    return {"row": row, "column": column, "field": field_name, "reason": reason, "message": en, "message_zh": zh}


def _cell_text(cell: Cell | None, field_name: str) -> tuple[str | None, str | None]:
    """(text, None) of a cell as the field reads it, or (None, reason) when the cell's type does
    not fit: an error value anywhere, a name that is not text, a key that is a date, TRUE/FALSE,
    a fraction or a negative number."""
    if cell is None:
        return None, None
    if cell.kind == "e":
        return None, "error_cell"
    if cell.kind == "s":
        return (cell.value.strip() or None), None
    if cell.kind == "n" and field_name in ("id_no", "mobile", "branch_code", "note"):
        if cell.value.is_integer() and (cell.value >= 0 or field_name == "note"):
            return str(int(cell.value)), None          # Excel turned the digits into a number
        if field_name == "note":
            return repr(cell.value), None
        return None, {"id_no": "bad_id", "mobile": "bad_mobile"}.get(field_name, "not_text")
    return None, "not_text"


def _header_columns(header: SheetRow) -> tuple[dict[str, int], dict[str, str]]:
    columns: dict[str, int] = {}
    titles: dict[str, str] = {}
    for index, cell in sorted(header.cells.items()):
        key = _header_key(cell.value) if cell.kind == "s" else None
        if key and key not in columns:
            columns[key] = index
            titles[key] = str(cell.value).strip()
    for key, zh_name, _, _ in TEMPLATE_COLUMNS:
        titles.setdefault(key, zh_name)
    return columns, titles


def import_xlsx(conn: psycopg.Connection, path: str | Path, valid_only: bool = False,
                limits: WorkbookLimits = DEFAULT_LIMITS) -> ImportReport:
    """Import reservations from the workbook's active sheet (the one Excel shows on opening; its
    name is in the report). The file is read whole within `limits` first (services/workbook_reader:
    a file that cannot be read whole is refused with the reason, before anything is written).
    Every row is checked (name, ID number or mobile, mobile 11-digit mainland after normalisation,
    ID 18 characters with its check digit, branch code known and one of mine, cell types, hidden
    rows, no duplicate of an earlier row); with any error nothing is inserted unless
    `valid_only`, then the valid rows are, in one set-based statement. A row whose person already
    has an open reservation at that branch (same normalised name and ID number or mobile, anyone's)
    is skipped and reported as a duplicate; PostgreSQL's unique indexes decide, so two staff
    importing at once cannot both register the person."""
    report = ImportReport(valid_only=valid_only)
    sheet = read_active_sheet(path, limits)
    report.sheet = sheet.name
    if not sheet.rows:
        report.errors.append(_error(1, TEMPLATE_COLUMNS[1][1], "name", "missing_column"))
        return report
    header, body = sheet.rows[0], sheet.rows[1:]
    columns, titles = _header_columns(header)
    if "name" not in columns or not ({"id_no", "mobile"} & columns.keys()):
        missing = "name" if "name" not in columns else "id_no"
        report.errors.append(_error(header.number, titles[missing], missing, "missing_column"))
        return report
    hidden = [key for key, index in columns.items() if index in sheet.hidden_columns]
    if hidden:
        names = ", ".join(f"{titles[k]} ({column_letter(columns[k])})" for k in hidden)
        raise WorkbookRefusal("hidden_column", f"the column {names} is hidden in Excel; show it and save again",
                              f"列{names}在Excel中被隐藏；请取消隐藏后重新保存")

    branches, _ = _run(conn, "SELECT b.id, b.code, b.id = ANY (crm.my_branch_ids()) AS mine, "
                             "b.id = (SELECT s.branch_id FROM crm.staff s WHERE s.id = crm.current_staff_id()) "
                             "AS own FROM crm.branch b")
    by_code = {b["code"].upper(): b for b in branches}
    own = next((b["id"] for b in branches if b["own"]), None)

    seen: dict[tuple, int] = {}
    valid: list[tuple[int, tuple]] = []
    for row in body:
        cell: dict[str, str | None] = {}
        problems: list[dict] = []
        for key, index in columns.items():
            text, reason = _cell_text(row.cells.get(index), key)
            cell[key] = text
            if reason:
                problems.append(_error(row.number, titles[key], key, reason))
        if not problems and not any(cell.values()):
            continue
        if not problems and all(cell.get(k) == _text(v) for k, v in EXAMPLE_ROW.items() if k in columns):
            report.skipped_example += 1
            continue
        report.rows_read += 1
        if report.rows_read > MAX_IMPORT_ROWS:
            raise WorkbookRefusal("too_many_rows", f"at most {MAX_IMPORT_ROWS:,} rows per import",
                                  f"每次最多导入{MAX_IMPORT_ROWS:,}行")
        if row.hidden:
            problems.append(_error(row.number, titles["name"], "name", "hidden_row"))
        failed = {p["field"] for p in problems}
        problems += [_error(row.number, titles[f], f, r)
                     for f, r in validate(cell.get("name"), cell.get("id_no"), cell.get("mobile"), cell.get("note"))
                     if f not in failed and not (f == "id_no" and r == "missing_id_and_mobile" and failed & {"id_no", "mobile"})]
        code = (cell.get("branch_code") or "").upper()
        branch_id = own
        if code:
            branch = by_code.get(normalize_id_no(code) or "")
            if branch is None:
                problems.append(_error(row.number, titles["branch_code"], "branch_code", "unknown_branch"))
            elif not branch["mine"]:
                problems.append(_error(row.number, titles["branch_code"], "branch_code", "foreign_branch"))
            else:
                branch_id = branch["id"]
        if not problems:
            name = normalize_name(cell.get("name"))
            keys = [(branch_id, name, "id", normalize_id_no(cell.get("id_no"))),
                    (branch_id, name, "mobile", normalize_mobile(cell.get("mobile")))]
            earlier = next((seen[k] for k in keys if k[3] and k in seen), None)
            if earlier is not None:
                problems.append(dict(_error(row.number, titles["name"], "name", "duplicate_in_file"),
                                     earlier_row=earlier))
            else:
                for k in keys:
                    if k[3]:
                        seen[k] = row.number
        if problems:
            report.errors.extend(problems)
            continue
        valid.append((row.number, (branch_id, cell.get("name"), cell.get("id_no"), cell.get("mobile"),
                                   cell.get("note"))))

    if (report.errors and not valid_only) or not valid:
        return report
    inserted = _insert_rows(conn, valid)
    for number, _ in valid:
        if number in inserted:
            report.ids.append(inserted[number])
        else:
            report.duplicates.append(_error(number, titles["name"], "name", "duplicate_open"))
    report.inserted = len(report.ids)
    return report


def _insert_rows(conn: psycopg.Connection, valid: list[tuple[int, tuple]]) -> dict[int, int]:
    """Insert the checked rows in one call of crm.import_reservations (db/sql/0013: one set-based
    INSERT, the caller's branches checked again by the server); {sheet row number: reservation id}
    of those inserted. A row whose person already has an open reservation at that branch is
    skipped by the server (its unique indexes also see other staff's reservations)."""
    numbers = [number for number, _ in valid]
    branch_ids, names, id_nos, mobiles, notes = (list(column) for column in zip(*(params for _, params in valid)))
    with conn.transaction():
        rows, _ = _run(conn, "SELECT ordinal, reservation_id FROM crm.import_reservations("
                             "%s::smallint[], %s::text[], %s::text[], %s::text[], %s::text[])",
                       (branch_ids, names, id_nos, mobiles, notes))
    return {numbers[row["ordinal"] - 1]: row["reservation_id"] for row in rows}
