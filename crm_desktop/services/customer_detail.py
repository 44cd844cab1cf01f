"""One customer's detail (客户详情): comprehensive data, extended data, facts, relationships, visits.

Every function takes the signed-in staff member's psycopg connection (autocommit, one
statement per transaction); row-level security decides what is visible. A customer (or
visit) the caller cannot see is `CrmRefusal('not_found')`, whether it exists or not.

Extended data (扩展资料) and visits (拜访记录) are plain DML under RLS with optimistic
concurrency: an UPDATE names the version it was read at (`WHERE … AND version = %s`) and
the server's trigger bumps it and stamps modifier and time. "0 rows" is then explained by
reading the row again: gone or invisible → not_found, not writable → not_permitted,
another version → a conflict carrying both sides, so the user chooses.

Who may edit extended data is decided by the server's own predicate: `CustomerDetail.can_edit`
evaluates `customer_id IN (SELECT crm.my_related_customer_ids())`, the very expression of the
`customer_ext_write` policy, instead of a trial UPDATE (which would lock the row, fire the
audit trigger and bump nothing useful). It only drives the form; the UPDATE stays the
authority and refuses the same way when the relationship ended in between.

"Never modified" is honest: the stamp trigger also stamps on INSERT (the T+1 loader creating
the row), so a row still at version 1 has never been modified and `modified_by`/`modified_at`
are reported as None rather than showing the creation as a modification.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from crm_desktop.services import customer_groups
from crm_desktop.services.errors import CrmRefusal, as_refusal

# The columns of crm.customer_ext a staff member may change (db/sql/0001_grants.sql).
EXT_FIELDS = ("mobile", "phone", "address", "email", "preferred_contact", "notes")
# Personal data read masked, revealed one at a time (crm.reveal_personal_data): the counter's ID
# number and mobile, the extended mobile, phone and address.
PERSONAL_FIELDS = ("id_no", "mobile", "ext_mobile", "phone", "address")
# The extended fields among them, by their name in EXT_FIELDS -> their name in PERSONAL_FIELDS.
EXT_PERSONAL_FIELDS = {"mobile": "ext_mobile", "phone": "phone", "address": "address"}
MASK_RUN = "****"
PREFERRED_CONTACTS = ("mobile", "phone", "email", "visit", "sms")
VISIT_CHANNELS = ("visit", "phone", "sms", "wechat", "email", "other")
VISIT_FIELDS = ("visited_at", "channel", "content", "next_follow_up")

# The server's customer_ext_mobile_check (0018): a mainland mobile, or a Hong Kong / Macau /
# foreign number written with + or 00 (FAQ 40: kept, and skipped by SMS with that reason).
MOBILE_RE = re.compile(r"^(1[3-9]\d{9}|(\+|00)[1-9]\d{6,14})$", re.ASCII)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_LENGTHS = {"phone": 40, "address": 200, "email": 254, "notes": 2000, "content": 4000}
MAX_HISTORY_DAYS = 3660
VISIT_LIMIT = 1000


# Results -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExtData:
    """扩展资料 as stored. `modified_by` is a login; None (with `modified_at`) = never modified."""

    mobile: str | None = None
    phone: str | None = None
    address: str | None = None
    email: str | None = None
    preferred_contact: str | None = None
    notes: str | None = None
    version: int = 1
    modified_by: str | None = None
    modified_by_name: str | None = None
    modified_at: dt.datetime | None = None

    def values(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in EXT_FIELDS}

    @property
    def never_modified(self) -> bool:
        return self.modified_at is None


@dataclass
class CustomerDetail:
    customer_id: int
    account_no: str                 # 资金账号
    name: str
    id_no: str | None               # masked (110105********1234); reveal() gives the whole, audited
    gender: str | None              # 'M' / 'F'
    birthday: dt.date | None
    open_date: dt.date
    branch_id: int
    branch_code: str
    branch_name: str
    status: str                     # normal / dormant / closed
    counter_mobile: str | None      # the counter's mobile (综合资料, masked), not the extended one
    loaded_for: dt.date             # trading date of the T+1 load the row came from
    loaded_at: dt.datetime | None
    ext: ExtData | None             # None: the customer has no extended record yet
    can_edit: bool
    # Why not editable: 'not_related' (no live relationship with the caller or their team),
    # 'no_ext_row' (no extended record), or None when editable.
    edit_refusal: str | None
    relationships: list[dict] = field(default_factory=list)
    vip_periods: list[dict] = field(default_factory=list)    # newest first
    vip: dict | None = None                                  # the latest period, or None without facts
    groups: list[dict] = field(default_factory=list)
    # Customer groups (客户群) visible to the caller that hold this customer (customer_groups.groups_of_customer).
    groups_available: bool = False


@dataclass(frozen=True)
class ExtSaved:
    ext: ExtData

    @property
    def version(self) -> int:
        return self.ext.version

    @property
    def modified_by(self) -> str | None:
        return self.ext.modified_by

    @property
    def modified_at(self) -> dt.datetime | None:
        return self.ext.modified_at


@dataclass(frozen=True)
class ExtConflict:
    """Someone saved in between: `theirs` is the row now (who and when included), `mine` the
    changes that were not written. Saving `mine` again with `theirs.version` overwrites."""

    theirs: ExtData
    mine: dict


@dataclass(frozen=True)
class VisitSaved:
    visit: dict


@dataclass(frozen=True)
class VisitConflict:
    theirs: dict
    mine: dict


@dataclass
class InvalidFields(CrmRefusal):
    """Input refused before (or by) the server, per field: {field: code}.

    Codes: 'format' (mobile, email), 'choice' (not one of the allowed values), 'required',
    'too_long', 'before_visit' (a follow-up date before the visit)."""

    fields: dict[str, str] = field(default_factory=dict)


# Validation --------------------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def normalize_mobile(value: Any) -> str | None:
    """NFKC (full-width digits), no spaces or dashes, no +86 / 0086 prefix."""
    text = _text(value)
    if text is None:
        return None
    text = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", text))
    for prefix in ("+86", "0086"):
        if text.startswith(prefix) and len(text) == len(prefix) + 11:
            text = text[len(prefix):]
    return text


def normalize_ext(values: dict) -> dict:
    """The values as they would be stored: trimmed, empty = None, mobile normalised."""
    unknown = set(values) - set(EXT_FIELDS)
    if unknown:
        raise ValueError(f"not editable extended fields: {sorted(unknown)}")
    out = {}
    for name, value in values.items():
        if name == "mobile":
            out[name] = normalize_mobile(value)
        elif name == "email":
            text = _text(value)
            out[name] = unicodedata.normalize("NFKC", text) if text else None
        elif name == "notes":
            text = None if value is None else str(value).rstrip()
            out[name] = text if text and text.strip() else None
        else:
            out[name] = _text(value)
    return out


def validate_ext(values: dict) -> dict[str, str]:
    """{field: code} for the (normalised) values that the server would refuse or that make no sense.
    'masked': a phone or address still holding the mask of the value read (reveal it to change it)."""
    errors: dict[str, str] = {}
    for name in ("phone", "address"):
        if MASK_RUN in (values.get(name) or ""):
            errors[name] = "masked"
    mobile = values.get("mobile")
    if mobile is not None and not MOBILE_RE.match(mobile):
        errors["mobile"] = "format"
    email = values.get("email")
    if email is not None and not EMAIL_RE.match(email):
        errors["email"] = "format"
    contact = values.get("preferred_contact")
    if contact is not None and contact not in PREFERRED_CONTACTS:
        errors["preferred_contact"] = "choice"
    for name, limit in MAX_LENGTHS.items():
        value = values.get(name)
        if name in values and value is not None and len(value) > limit and name not in errors:
            errors[name] = "too_long"
    return errors


def normalize_visit(visited_at: Any, channel: Any, content: Any, next_follow_up: Any) -> dict:
    if isinstance(visited_at, dt.datetime) and visited_at.tzinfo is None:
        visited_at = visited_at.astimezone()      # a naive time is this PC's local time
    return {"visited_at": visited_at, "channel": _text(channel), "content": _text(content),
            "next_follow_up": next_follow_up}


def validate_visit(values: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    visited_at = values.get("visited_at")
    if not isinstance(visited_at, dt.datetime):
        errors["visited_at"] = "required"
    if values.get("channel") not in VISIT_CHANNELS:
        errors["channel"] = "choice"
    content = values.get("content")
    if not content:
        errors["content"] = "required"
    elif len(content) > MAX_LENGTHS["content"]:
        errors["content"] = "too_long"
    follow = values.get("next_follow_up")
    if follow is not None:
        if not isinstance(follow, dt.date) or isinstance(follow, dt.datetime):
            errors["next_follow_up"] = "required"
        elif isinstance(visited_at, dt.datetime) and follow < visited_at.astimezone().date():
            errors["next_follow_up"] = "before_visit"
    return errors


def _refuse_fields(errors: dict[str, str], what: str) -> InvalidFields:
    names = ", ".join(f"{name} ({code})" for name, code in errors.items())
    return InvalidFields("invalid_input", f"invalid {what}: {names}", fields=dict(errors))


# Database plumbing -------------------------------------------------------------------------------

# What a CHECK constraint on a field means, as a validation code.
_CHECK_CODES = {"mobile": "format", "email": "format", "preferred_contact": "choice", "channel": "choice",
                "content": "required"}


@contextmanager
def _refusals(check_fields: tuple[str, ...] = ()) -> Iterator[None]:
    """Known server refusals as CrmRefusal; a CHECK violation (23514) names its field."""
    try:
        yield
    except psycopg.Error as error:
        if error.sqlstate == "23514":
            constraint = error.diag.constraint_name or ""
            for name in check_fields:
                if name in constraint:
                    raise InvalidFields("invalid_input", f"the server refused {name}: {constraint}",
                                        "23514", error.diag.message_detail,
                                        fields={name: _CHECK_CODES.get(name, "format")}) from error
        refusal = as_refusal(error)
        if refusal is None:
            raise
        raise refusal from error


def _rows(conn: psycopg.Connection, query: str, params: Any = None) -> list[dict]:
    with _refusals(), conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, params).fetchall()


def _row(conn: psycopg.Connection, query: str, params: Any = None) -> dict | None:
    rows = _rows(conn, query, params)
    return rows[0] if rows else None


def _not_found(what: str, key: int) -> CrmRefusal:
    return CrmRefusal("not_found", f"{what} {key}")


def _require_customer(conn: psycopg.Connection, customer_id: int) -> None:
    if _row(conn, "SELECT 1 AS one FROM crm.customer c WHERE c.id = %s", (customer_id,)) is None:
        raise _not_found("customer", customer_id)


# The extended record with its modifier's name (NULL when that staff row is not visible) and
# whether the caller may write it (the customer_ext_write policy's own predicate).
_EXT_SELECT = """
    SELECT e.mobile_masked AS mobile, e.phone_masked AS phone, e.address_masked AS address,
           e.email, e.preferred_contact, e.notes,
           e.version, e.modified_by, e.modified_at, s.name AS modified_by_name,
           e.customer_id IN (SELECT crm.my_related_customer_ids()) AS writable
      FROM crm.customer_ext e
      LEFT JOIN crm.staff s ON s.login = e.modified_by
     WHERE e.customer_id = %s"""


def _ext_of(row: dict) -> ExtData:
    modified = row["version"] > 1   # version 1 = as created (the INSERT stamp is no modification)
    return ExtData(**{name: row[name] for name in EXT_FIELDS}, version=row["version"],
                   modified_by=row["modified_by"] if modified else None,
                   modified_by_name=row["modified_by_name"] if modified else None,
                   modified_at=row["modified_at"] if modified else None)


# Reading ----------------------------------------------------------------------------------------------

def reveal(conn: psycopg.Connection, customer_id: int, field_name: str) -> str | None:
    """One personal value of one customer in full (field: one of PERSONAL_FIELDS), through
    crm.reveal_personal_data: the server checks the right and the relationship and audits it.
    not_permitted / not_found / invalid_input as CrmRefusal."""
    if field_name not in PERSONAL_FIELDS:
        raise CrmRefusal("invalid_input", f"not a personal data field: {field_name!r}")
    with _refusals():
        return conn.execute("SELECT crm.reveal_personal_data(%s, %s)", (int(customer_id), field_name)).fetchone()[0]


def reveal_ext(conn: psycopg.Connection, customer_id: int, fields: list[str]) -> dict[str, str | None]:
    """Extended fields (names of EXT_PERSONAL_FIELDS) in full: {field: value}, each revealed as by reveal()."""
    unknown = [name for name in fields if name not in EXT_PERSONAL_FIELDS]
    if unknown:
        raise CrmRefusal("invalid_input", f"not personal extended fields: {unknown}")
    return {name: reveal(conn, customer_id, EXT_PERSONAL_FIELDS[name]) for name in fields}


def load(conn: psycopg.Connection, customer_id: int) -> CustomerDetail:
    row = _row(conn, """
        SELECT c.id, c.account_no, c.name, c.id_no_masked AS id_no, c.gender, c.birthday, c.open_date,
               c.branch_id, b.code AS branch_code, b.name AS branch_name, c.status,
               c.mobile_masked AS counter_mobile,
               c.loaded_for, c.loaded_at
          FROM crm.customer c
          JOIN crm.branch b ON b.id = c.branch_id
         WHERE c.id = %s""", (customer_id,))
    if row is None:
        raise _not_found("customer", customer_id)
    ext_row = _row(conn, _EXT_SELECT, (customer_id,))
    ext = _ext_of(ext_row) if ext_row else None
    if ext_row is None:
        can_edit, refusal = False, "no_ext_row"
    elif ext_row["writable"]:
        can_edit, refusal = True, None
    else:
        can_edit, refusal = False, "not_related"
    vip_periods = vip_history(conn, customer_id)
    return CustomerDetail(
        customer_id=row["id"], account_no=row["account_no"], name=row["name"], id_no=row["id_no"],
        gender=row["gender"], birthday=row["birthday"], open_date=row["open_date"], branch_id=row["branch_id"],
        branch_code=row["branch_code"], branch_name=row["branch_name"], status=row["status"],
        counter_mobile=row["counter_mobile"], loaded_for=row["loaded_for"], loaded_at=row["loaded_at"],
        ext=ext, can_edit=can_edit, edit_refusal=refusal,
        relationships=relationships(conn, customer_id), vip_periods=vip_periods,
        vip=vip_periods[0] if vip_periods else None, groups=customer_groups.groups_of_customer(conn, customer_id),
        groups_available=True)


def relationships(conn: psycopg.Connection, customer_id: int) -> list[dict]:
    """经纪关系, live first (development before service), then newest first; staff_name and
    staff_login are NULL when RLS hides that staff row."""
    return _rows(conn, """
        SELECT r.id, r.kind, r.status, r.valid_from, r.valid_to, r.staff_id,
               s.login AS staff_login, s.name AS staff_name,
               r.created_at, r.created_by, r.released_at, r.released_by
          FROM crm.relationship r
          LEFT JOIN crm.staff s ON s.id = r.staff_id
         WHERE r.customer_id = %s
         ORDER BY r.status = 'live' DESC, r.kind = 'development' DESC, r.valid_from DESC, r.id DESC""", (customer_id,))


def vip_history(conn: psycopg.Connection, customer_id: int) -> list[dict]:
    """Periods of equal VIP level over the customer's trading days (gaps and islands), newest first:
    level, name_zh, name_en, date_from, date_to (last trading day at that level), days."""
    return _rows(conn, """
        SELECT p.vip_level AS level, v.name_zh, v.name_en, p.date_from, p.date_to, p.days
          FROM (SELECT d.vip_level, min(d.trade_date) AS date_from, max(d.trade_date) AS date_to,
                       count(*)::integer AS days
                  FROM (SELECT trade_date, vip_level,
                               row_number() OVER (ORDER BY trade_date)
                             - row_number() OVER (PARTITION BY vip_level ORDER BY trade_date) AS island
                          FROM crm.customer_daily
                         WHERE customer_id = %s) d
                 GROUP BY d.vip_level, d.island) p
          LEFT JOIN crm.vip_level v ON v.level = p.vip_level
         ORDER BY p.date_from DESC""", (customer_id,))


def open_window(conn: psycopg.Connection, customer_id: int, days: int = 120,
                ctx=None) -> tuple[CustomerDetail, list[dict], list[dict]]:
    """Everything the detail window shows when it opens -- (detail, visits, last `days` of
    history) -- one statement after the other on this one connection. Not in parallel on a second
    one: at rest a client holds one work connection, so a second would be a new backend (fork,
    SCRAM, crm.resume_session: 0.25 s on a quiet server, seconds in the 8:30 rush) for reads of a
    few milliseconds each. `ctx` (a TaskContext) is checked for a cancel between the parts."""
    detail = load(conn, customer_id)
    if ctx is not None:
        ctx.check()
    return detail, list_visits(conn, customer_id), _history_rows(conn, customer_id, days)


def history(conn: psycopg.Connection, customer_id: int, days: int = 120) -> list[dict]:
    """The customer's last `days` trading days of T+1 facts, oldest first, amounts in CNY (Decimal,
    converted from integer cents by the server): trade_date, total_assets, market_value, cash,
    trade_volume, commission, net_commission, interest_spread, pnl, vip_level."""
    _require_customer(conn, customer_id)
    return _history_rows(conn, customer_id, days)


def _history_rows(conn: psycopg.Connection, customer_id: int, days: int) -> list[dict]:
    days = max(1, min(int(days), MAX_HISTORY_DAYS))
    return _rows(conn, """
        SELECT * FROM (
            SELECT d.trade_date,
                   round(d.total_assets_cents::numeric / 100, 2)    AS total_assets,
                   round(d.market_value_cents::numeric / 100, 2)    AS market_value,
                   round(d.cash_cents::numeric / 100, 2)            AS cash,
                   round(d.trade_volume_cents::numeric / 100, 2)    AS trade_volume,
                   round(d.commission_cents::numeric / 100, 2)      AS commission,
                   round(d.net_commission_cents::numeric / 100, 2)  AS net_commission,
                   round(d.interest_spread_cents::numeric / 100, 2) AS interest_spread,
                   round(d.pnl_cents::numeric / 100, 2)             AS pnl,
                   d.vip_level
              FROM crm.customer_daily d
             WHERE d.customer_id = %s
             ORDER BY d.trade_date DESC
             LIMIT %s) t
         ORDER BY t.trade_date""", (customer_id, days))


def read_ext(conn: psycopg.Connection, customer_id: int) -> tuple[ExtData, bool]:
    """The extended record now and whether the caller may write it; not_found when invisible."""
    row = _row(conn, _EXT_SELECT, (customer_id,))
    if row is None:
        raise _not_found("customer", customer_id)
    return _ext_of(row), bool(row["writable"])


# Extended data ---------------------------------------------------------------------------------------

def save_ext(conn: psycopg.Connection, customer_id: int, expected_version: int,
             changes: dict) -> ExtSaved | ExtConflict:
    """Write the changed extended fields if the row is still at `expected_version`.

    InvalidFields (kind 'invalid_input') for values the server would refuse, nothing written;
    not_found / not_permitted as CrmRefusal; ExtConflict when someone saved in between."""
    values = normalize_ext(changes)
    errors = validate_ext(values)
    if errors:
        raise _refuse_fields(errors, "extended data")
    if not values:
        ext, writable = read_ext(conn, customer_id)
        if ext.version != expected_version:
            return ExtConflict(theirs=ext, mine={})
        return ExtSaved(ext)
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder(name)) for name in values)
    query = sql.SQL("""
        WITH saved AS (
            UPDATE crm.customer_ext SET {assignments}
             WHERE customer_id = %(customer_id)s AND version = %(expected_version)s
            RETURNING mobile_masked, phone_masked, address_masked, email, preferred_contact, notes,
                      version, modified_by, modified_at)
        SELECT saved.mobile_masked AS mobile, saved.phone_masked AS phone, saved.address_masked AS address,
               saved.email, saved.preferred_contact, saved.notes,
               saved.version, saved.modified_by, saved.modified_at, s.name AS modified_by_name
          FROM saved LEFT JOIN crm.staff s ON s.login = saved.modified_by""").format(assignments=assignments)
    params = dict(values, customer_id=customer_id, expected_version=int(expected_version))
    with _refusals(EXT_FIELDS), conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query, params).fetchone()
    if row is not None:
        return ExtSaved(_ext_of(row))
    # 0 rows: explain it by what the row looks like now.
    ext, writable = read_ext(conn, customer_id)
    if not writable:
        raise CrmRefusal("not_permitted", "only customers in a brokerage relationship with you or your team "
                                          "can be edited")
    if ext.version != expected_version:
        return ExtConflict(theirs=ext, mine=values)
    raise CrmRefusal("not_permitted", f"extended data of customer {customer_id} was not writable")


# Visits (拜访记录) -------------------------------------------------------------------------------------

_VISIT_SELECT = """
    SELECT v.id, v.customer_id, v.staff_id, s.login AS staff_login, s.name AS staff_name,
           v.visited_at, v.channel, v.content, v.next_follow_up, v.version, v.created_at, v.modified_at,
           v.staff_id IS NOT DISTINCT FROM crm.current_staff_id() AS own
      FROM crm.visit v
      LEFT JOIN crm.staff s ON s.id = v.staff_id"""


def list_visits(conn: psycopg.Connection, customer_id: int) -> list[dict]:
    """Visits of the customer, newest first (capped at VISIT_LIMIT); `own` = written by the caller."""
    _require_customer(conn, customer_id)
    return _rows(conn, _VISIT_SELECT + " WHERE v.customer_id = %s ORDER BY v.visited_at DESC, v.id DESC LIMIT %s",
                 (customer_id, VISIT_LIMIT))


def get_visit(conn: psycopg.Connection, visit_id: int) -> dict:
    row = _row(conn, _VISIT_SELECT + " WHERE v.id = %s", (visit_id,))
    if row is None:
        raise _not_found("visit", visit_id)
    return row


def _visit_values(visited_at: Any, channel: Any, content: Any, next_follow_up: Any) -> dict:
    values = normalize_visit(visited_at, channel, content, next_follow_up)
    errors = validate_visit(values)
    if errors:
        raise _refuse_fields(errors, "visit")
    return values


def add_visit(conn: psycopg.Connection, customer_id: int, visited_at: dt.datetime, channel: str, content: str,
              next_follow_up: dt.date | None = None) -> dict:
    """Record a visit as the caller (the server stamps staff, branch and version); the new row."""
    values = _visit_values(visited_at, channel, content, next_follow_up)
    _require_customer(conn, customer_id)
    with _refusals(VISIT_FIELDS):
        row = conn.execute("""
            INSERT INTO crm.visit (customer_id, visited_at, channel, content, next_follow_up)
            VALUES (%(customer_id)s, %(visited_at)s, %(channel)s, %(content)s, %(next_follow_up)s)
            RETURNING id""", dict(values, customer_id=customer_id)).fetchone()
    return get_visit(conn, row[0])


def update_visit(conn: psycopg.Connection, visit_id: int, expected_version: int, visited_at: dt.datetime,
                 channel: str, content: str, next_follow_up: dt.date | None = None) -> VisitSaved | VisitConflict:
    """Change one's own visit if it is still at `expected_version`."""
    values = _visit_values(visited_at, channel, content, next_follow_up)
    with _refusals(VISIT_FIELDS):
        row = conn.execute("""
            UPDATE crm.visit
               SET visited_at = %(visited_at)s, channel = %(channel)s, content = %(content)s,
                   next_follow_up = %(next_follow_up)s
             WHERE id = %(id)s AND version = %(expected_version)s
            RETURNING id""", dict(values, id=visit_id, expected_version=int(expected_version))).fetchone()
    if row is not None:
        return VisitSaved(get_visit(conn, visit_id))
    current = get_visit(conn, visit_id)            # not_found when gone or invisible
    if not current["own"]:
        raise CrmRefusal("not_permitted", "only your own visit records can be changed")
    if current["version"] != expected_version:
        return VisitConflict(theirs=current, mine=values)
    raise CrmRefusal("not_permitted", f"visit {visit_id} was not writable")


def delete_visit(conn: psycopg.Connection, visit_id: int, expected_version: int | None = None) -> None:
    """Delete one's own visit (at `expected_version` when given). A visit of someone else that the
    caller can see is not_permitted; one that is gone or invisible is not_found."""
    query = "DELETE FROM crm.visit WHERE id = %s"
    params: tuple = (visit_id,)
    if expected_version is not None:
        query += " AND version = %s"
        params += (int(expected_version),)
    with _refusals():
        row = conn.execute(query + " RETURNING id", params).fetchone()
    if row is not None:
        return
    current = _row(conn, _VISIT_SELECT + " WHERE v.id = %s", (visit_id,))
    if current is None:
        raise _not_found("visit", visit_id)
    if not current["own"]:
        raise CrmRefusal("not_permitted", "only your own visit records can be deleted")
    raise CrmRefusal("not_found", f"visit {visit_id} changed since it was read (version {current['version']})")


def money(value: Decimal | float | int | None) -> float | None:
    """A Decimal amount as float (charts)."""
    return None if value is None else float(value)
