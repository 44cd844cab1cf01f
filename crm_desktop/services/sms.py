"""短信 SMS (issue #14; FAQ 2, 3, 6, 7, 12, 13, 23, 40), without Qt.

Every function takes the signed-in staff member's own psycopg connection (autocommit). Whatever
decides -- the send right, the HQ quota, the branch volume, the blacklist, visibility, which
mobile is used (the 扩展资料 one, never the counter's) -- happens in PostgreSQL definer functions
(db/sql/objects/crm.sms_*.sql): this module only names recipients and reads what the server
answers. Staff never read raw mobiles (column grants), so recipients are customer ids, or a
`RecipientSource` that the server resolves into ids inside the same statement (a 2 M-customer
filter never travels to the client).

    source = RecipientSource(reminder=("birthday", date(2026, 3, 11), date(2026, 3, 17)))
    status = quota_status(conn)                   # 每月剩余短信条数
    preview = render_preview(conn, source, "尊敬的{姓名}{称呼}：生日快乐！")
    preview.parts, preview.cost, preview.skipped_by_reason, preview.missing_fields
    result = queue(conn, source, template, ctx)   # one transaction: re-checked and charged
    rows = message_log(conn, status="failed")     # 短信记录, newest first
    older = message_log(conn, status="failed", after=(rows[-1].queued_at, rows[-1].id))   # keyset
    report = cost_report(conn, date(2026, 3, 1), by="branch")

Placeholders: {姓名} {称呼} (先生/女士 from the gender) {营业部} (the customer's branch) {员工} (the
sender), or {name} {salutation} {branch} {staff}. An unknown placeholder, a lone brace, an empty
text, one longer than the HQ limit or one with control / invisible characters is refused with
the reason (kind ``invalid_input``); a placeholder that is empty for some sendable recipient is
listed in ``Preview.missing_fields`` and makes `queue` refuse the whole batch.

Message parts: at most 70 characters (UTF-16 units, as the carriers count) is one part, longer
messages are billed per 67 characters. Quotas and branch volumes count parts (计费条数).

Skip reasons (per recipient, before anything is queued): ``no_mobile``, ``not_mainland_mobile``,
``hk_macau`` (Hong Kong / Macau numbers go through the other platform, FAQ 40), ``blacklisted``,
``opted_out``, ``reservation_closed`` (a reservation no longer open).

Reservations (预约, 今日提醒's expiring section): ``RecipientSource(reservation_ids=[...])`` sends
to the prospect's own mobile with the same checks and carrier cost, charged to the reservation's
branch; 称呼 is the neutral 先生/女士 (no gender is recorded). Their messages have
``reservation_id`` set and ``customer_id`` None. A batch that does not fit the quota is refused whole: ``sms_no_quota`` (HQ set
none) or ``sms_over_quota`` (sender's quota or branch volume), nothing charged.

Message statuses: queued -> sending -> sent -> delivered | failed (with the reason). The HQ agent
sends the outbox (crm_desktop/agent/sms_dispatch.py); a message that can never be delivered
gives its parts back to the quota.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Sequence

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from crm_desktop.services.customer_query.query import CustomerQuery, id_statement
from crm_desktop.services.customer_query.values import as_day, whole_number
from crm_desktop.services.customer_query.words import describe
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.sms_common import checked_template, invalid_input, money, parse_json, skip_counts
from crm_desktop.services.statements import execute
from crm_desktop.services.tasks import TaskCancelled, TaskContext

PLACEHOLDERS = {"姓名": "name", "称呼": "salutation", "营业部": "branch", "员工": "staff"}
SKIP_REASONS = ("no_mobile", "not_mainland_mobile", "hk_macau", "blacklisted", "opted_out",
                "reservation_closed", "no_quota", "over_quota")
STATUSES = ("queued", "sending", "sent", "delivered", "failed")
REMINDER_KINDS = ("birthday", "new_account")
SINGLE_PART_CHARS = 70
MULTI_PART_CHARS = 67
DEFAULT_PREVIEW_ROWS = 200
MAX_PREVIEW_ROWS = 10000
MAX_LOG_ROWS = 10000
MAX_IDS = 1_000_000
QUEUE_CHUNK = 50_000            # customers per transaction when a large list is queued in chunks
PREVIEW_CHUNK = 20_000          # customers per statement when a whole list is previewed (one cancellable step)
PREVIEW_FIRST_CHUNK = 2_000     # ... except the first, small so that the rows and first totals show at once
MAX_REMINDER_DAYS = 366


# Values ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RecipientSource:
    """Exactly one of: explicit customer ids; a customer group (客户群); the Customers tab's
    current list (filter, search, pool toggle); a 今日提醒 section over a date window; explicit
    reservation ids (预约: prospects without a customer record, sent to their own mobile)."""

    customer_ids: Sequence[int] | None = None
    group_id: int | None = None
    customer_filter: CustomerQuery | None = None
    reminder: tuple[str, dt.date, dt.date] | None = None
    reservation_ids: Sequence[int] | None = None

    @property
    def explicit_ids(self) -> Sequence[int] | None:
        """The ids named one by one (customers or reservations): sent in one batch, never chunked."""
        return self.customer_ids if self.customer_ids is not None else self.reservation_ids

    def describe(self) -> dict:
        """What the batch was sent to, as recorded with it (no personal data). The server reads
        its kind: "reservations" makes the ids reservation ids."""
        if self.customer_ids is not None:
            return {"kind": "customers", "count": len(self.customer_ids)}
        if self.reservation_ids is not None:
            return {"kind": "reservations", "count": len(self.reservation_ids)}
        if self.group_id is not None:
            return {"kind": "group", "group_id": self.group_id}
        if self.customer_filter is not None:
            query = self.customer_filter
            return {"kind": "filter", "filter": describe(query.filter, "zh"),
                    "search": query.search[:200], "public_pool_only": query.public_pool_only}
        kind, date_from, date_to = self.reminder
        return {"kind": "reminder", "reminder": kind, "from": date_from.isoformat(), "to": date_to.isoformat()}


@dataclass(frozen=True)
class QuotaStatus:
    month: dt.date
    monthly_quota: int | None          # None: HQ set no quota, so the sender cannot send
    used: int
    remaining: int | None
    branch_volume: int
    branch_used: int

    @property
    def branch_remaining(self) -> int:
        return max(self.branch_volume - self.branch_used, 0)

    @property
    def can_send(self) -> bool:
        return bool(self.remaining) and self.branch_remaining > 0


@dataclass(frozen=True)
class PreviewRow:
    customer_id: int | None            # None for a reservation's prospect (reservation_id set)
    customer_name: str
    mobile_masked: str | None
    carrier: str | None
    text: str
    chars: int
    parts: int
    cost: Decimal
    skip_reason: str | None
    reservation_id: int | None = None


@dataclass
class Preview:
    rows: list[PreviewRow]
    recipients: int
    sendable: int
    skipped_by_reason: dict[str, int]
    parts: int
    cost: Decimal
    missing_fields: list[str]

    @property
    def truncated(self) -> bool:
        return len(self.rows) < self.recipients

    def plus(self, other: "Preview") -> "Preview":
        """Both chunks' totals (a whole list previewed chunk by chunk); the rows of the first."""
        skipped = dict(self.skipped_by_reason)
        for reason, count in other.skipped_by_reason.items():
            skipped[reason] = skipped.get(reason, 0) + count
        return Preview(self.rows or other.rows, self.recipients + other.recipients, self.sendable + other.sendable,
                       skipped, self.parts + other.parts, self.cost + other.cost,
                       sorted(set(self.missing_fields) | set(other.missing_fields)))


@dataclass(frozen=True)
class QueueResult:
    batch_id: int | None               # None: nobody was sendable, nothing queued
    queued: int
    skipped_by_reason: dict[str, int]
    parts: int = 0
    cost: Decimal = Decimal(0)


@dataclass(frozen=True)
class MessageRow:
    id: int
    batch_id: int
    queued_at: dt.datetime
    sender_id: int
    sender_name: str | None
    branch_id: int
    branch_name: str | None
    customer_id: int | None            # None: sent to a reservation's prospect (reservation_id)
    customer_name: str | None          # None: the customer / reservation is no longer visible to the reader
    mobile_masked: str
    carrier: str
    text: str
    chars: int
    parts: int
    cost: Decimal
    status: str
    failed_reason: str | None
    attempts: int
    sent_at: dt.datetime | None
    reported_at: dt.datetime | None
    reservation_id: int | None = None


# Where a page of 短信记录 starts: a message's (queued_at, id).
LogKey = tuple[dt.datetime, int]


@dataclass(frozen=True)
class BlockEntry:
    """One number on the blacklist (HQ) or opted out (the customer asked for no more messages)."""
    id: int
    mobile_masked: str
    kind: str                          # blacklisted | opted_out
    note: str | None                   # why it was blocked
    created_at: dt.datetime
    created_by: str                    # login
    created_by_name: str | None
    customer_id: int | None            # the customer it was recorded for (None: HQ, by number)
    customer_name: str | None          # None also when the reader does not see that customer
    branch_id: int | None
    branch_name: str | None

    @property
    def key(self) -> tuple[dt.datetime, int]:
        return self.created_at, self.id


@dataclass(frozen=True)
class CostRow:
    key: int                           # branch id or sender (staff) id
    name: str
    messages: int                      # queued this month, failed ones excluded
    parts: int
    cost: Decimal
    delivered: int
    failed: int


@dataclass(frozen=True)
class Template:
    code: str
    name_zh: str
    name_en: str
    body: str

    def name(self, lang: str = "zh") -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Carrier:
    code: str
    name_zh: str
    name_en: str
    price_per_part: Decimal
    prefixes: tuple[str, ...] = field(default=())


# Helpers -------------------------------------------------------------------------------------------

def _date(value: Any, what: str) -> dt.date:
    return as_day(value, what)


def _check_source(source: Any) -> RecipientSource:
    if not isinstance(source, RecipientSource):
        raise invalid_input("no recipients were chosen")
    given = [source.customer_ids is not None, source.group_id is not None,
             source.customer_filter is not None, source.reminder is not None, source.reservation_ids is not None]
    if sum(given) != 1:
        raise invalid_input("choose the recipients in exactly one way: customers, a group, the list, a reminder or "
                      "reservations")
    return source


def _ids_statement(source: RecipientSource) -> tuple[sql.Composable, dict]:
    """An ``ARRAY(SELECT ...)`` expression of the source's customer ids, evaluated on the server
    under row-level security (the definer functions re-check visibility anyway)."""
    source = _check_source(source)
    if source.explicit_ids is None:
        select, params = _ids_query(source)
        return sql.SQL("ARRAY({})").format(select), params
    ids = list(source.explicit_ids)
    what = "customer" if source.customer_ids is not None else "reservation"
    if len(ids) > MAX_IDS:
        raise invalid_input(f"at most {MAX_IDS} recipients at a time")
    for cid in ids:
        if isinstance(cid, bool) or not isinstance(cid, int) or not 0 < cid < 2 ** 63:
            raise invalid_input(f"{str(cid)[:40]!r} is not a {what} id")
    return sql.SQL("%(ids)s::bigint[]"), {"ids": ids}


def _ids_query(source: RecipientSource) -> tuple[sql.Composable, dict]:
    """``SELECT <customer id> ...`` of a server-side source (group, list, reminder window)."""
    source = _check_source(source)
    if source.explicit_ids is not None:
        raise invalid_input("chosen customers or reservations are sent to in one batch; a group, the list or a reminder "
                      "window in chunks")
    if source.group_id is not None:
        group_id = whole_number(source.group_id, "a group id", 1, 2 ** 63 - 1)
        return (sql.SQL("SELECT m.customer_id FROM crm.customer_group_member m WHERE m.group_id = %(group_id)s"),
                {"group_id": group_id})
    if source.customer_filter is not None:
        if not isinstance(source.customer_filter, CustomerQuery):
            raise invalid_input("the customer list's filter is not valid")
        statement, params = id_statement(source.customer_filter)
        return statement, dict(params)
    reminder = source.reminder
    if not isinstance(reminder, (tuple, list)) or len(reminder) != 3 or reminder[0] not in REMINDER_KINDS:
        raise invalid_input("a reminder source is (birthday | new_account, first day, last day)")
    kind = reminder[0]
    date_from, date_to = _date(reminder[1], "first day"), _date(reminder[2], "last day")
    days = (date_to - date_from).days
    if not 0 <= days <= MAX_REMINDER_DAYS:
        raise invalid_input(f"the reminder window runs from its first to its last day, at most {MAX_REMINDER_DAYS} days")
    if kind == "birthday":
        # The 今日提醒 rule (services.reminders): closed accounts get no birthday greeting.
        return (sql.SQL("SELECT c.id FROM crm.customer c WHERE c.status <> 'closed'"
                        " AND crm.month_day(c.birthday) = ANY (crm.upcoming_month_days(%(rm_from)s::date, %(rm_days)s))"),
                {"rm_from": date_from, "rm_days": days})
    return (sql.SQL("SELECT c.id FROM crm.customer c WHERE c.open_date BETWEEN %(rm_from)s::date AND %(rm_to)s::date"),
            {"rm_from": date_from, "rm_to": date_to})


# Pure helpers, the same rules as the server (for the dialog's live counter) -------------------------

def message_chars(text: str) -> int:
    """Characters as the carriers count them: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def message_parts(text_or_chars: str | int) -> int:
    chars = text_or_chars if isinstance(text_or_chars, int) else message_chars(text_or_chars)
    if chars <= SINGLE_PART_CHARS:
        return 1
    return -(-chars // MULTI_PART_CHARS)


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def placeholders_in(template: str) -> list[str]:
    """The placeholders a template uses, in order, as written (unknown ones included)."""
    return [m.group(1) for m in _PLACEHOLDER.finditer(template)]


# Why a message failed, in words ------------------------------------------------------------------------

# The outbox keeps the gateway's / provider's text (crm.sms_agent_result, crm.sms_agent_delivery:
# raw English or a carrier status code). What it means, for the log's words; the raw text stays
# in the row. Carrier status codes (CMPP / SGIP delivery reports) as providers pass them on.
FAILURE_KINDS = ("number_refused", "bad_request", "gateway_refused", "gave_up_unreachable", "gave_up_busy",
                 "gave_up_credentials", "handset_unreachable", "not_delivered", "expired", "no_such_number",
                 "carrier_rejected", "other")
_FAILURE_PATTERNS = (
    (re.compile(r"^not sent after \d+ attempts: gateway unreachable"), "gave_up_unreachable"),
    (re.compile(r"^not sent after \d+ attempts: gateway refused our credentials"), "gave_up_credentials"),
    (re.compile(r"^not sent after \d+ attempts"), "gave_up_busy"),
    (re.compile(r"^refused by the gateway \(422\)"), "number_refused"),
    (re.compile(r"^refused by the gateway \(400\)"), "bad_request"),
    (re.compile(r"^refused by the gateway"), "gateway_refused"),
    (re.compile(r"handset unreachable", re.IGNORECASE), "handset_unreachable"),
    (re.compile(r"^(not delivered|UNDELIV)\b", re.IGNORECASE), "not_delivered"),
    (re.compile(r"^EXPIRED\b", re.IGNORECASE), "expired"),
    (re.compile(r"^(MN:0001|MN:0011|UNKNOWN_NUMBER)\b", re.IGNORECASE), "no_such_number"),
    (re.compile(r"^REJECTD\b", re.IGNORECASE), "carrier_rejected"),
)


def failure_kind(reason: str | None) -> str | None:
    """What a message's failed_reason means (one of FAILURE_KINDS); None when it did not fail."""
    if not reason:
        return None
    text = reason.strip()
    for pattern, kind in _FAILURE_PATTERNS:
        if pattern.search(text):
            return kind
    return "other"


# Sending ---------------------------------------------------------------------------------------------

def quota_status(conn: psycopg.Connection) -> QuotaStatus:
    rows = execute(conn, "SELECT * FROM crm.sms_quota_status()")
    if not rows or rows[0]["month"] is None:
        raise CrmRefusal("not_staff", "not a staff member")
    return QuotaStatus(**rows[0])


def render_preview(conn: psycopg.Connection, source: RecipientSource, template_text: str, *,
                   limit: int = DEFAULT_PREVIEW_ROWS, ctx: TaskContext | None = None) -> Preview:
    """The first `limit` recipients as they would receive the message, and totals over all, in
    one statement (explicit ids, small lists; a whole list of any size: `preview_step`)."""
    template_text = checked_template(template_text)
    limit = whole_number(limit, "the number of preview rows", 0, MAX_PREVIEW_ROWS)
    ids, params = _ids_statement(source)
    return _preview(conn, ids, params, source, template_text, limit, ctx)


def _preview(conn: psycopg.Connection, ids: sql.Composable, params: dict, source: RecipientSource,
             template_text: str, limit: int, ctx: TaskContext | None) -> Preview:
    params = dict(params, template=template_text, limit=limit, source=Jsonb(source.describe()))
    statement = sql.SQL("SELECT crm.sms_preview({}, %(template)s, %(limit)s, %(source)s)::text AS preview").format(ids)
    data = parse_json(execute(conn, statement, params, ctx)[0]["preview"])
    return Preview(
        rows=[PreviewRow(customer_id=r["customer_id"], customer_name=r["customer_name"],
                         mobile_masked=r["mobile_masked"], carrier=r["carrier"], text=r["text"],
                         chars=r["chars"], parts=r["parts"], cost=money(r["cost"]), skip_reason=r["skip_reason"],
                         reservation_id=r["reservation_id"])
              for r in data["rows"]],
        recipients=data["recipients"], sendable=data["sendable"], skipped_by_reason=skip_counts(data["skipped"]),
        parts=data["parts"], cost=money(data["cost"]), missing_fields=list(data["missing_fields"]))


@dataclass(frozen=True)
class PreviewStep:
    """One chunk of a whole list's preview (`preview_step`): its recipients' totals (and, in the
    first chunk, the rows shown), where the next chunk starts (None: the list is counted to its
    end) and the list's last customer id, which tells how far into the list that is."""
    preview: Preview
    after: int | None
    last_id: int | None

    @property
    def share(self) -> float:
        """The part of the list's customer-id range counted once this chunk is in (0..1)."""
        if self.after is None:
            return 1.0
        return min(self.after / self.last_id, 1.0) if self.last_id else 0.0


def preview_step(conn: psycopg.Connection, source: RecipientSource, template_text: str, *, after: int = 0,
                 chunk: int = PREVIEW_CHUNK, rows: int = 0, last_id: int | None = None,
                 ctx: TaskContext | None = None) -> PreviewStep:
    """The preview of the next `chunk` customers of the source after customer id `after`, in
    customer-id order (the order `queue_in_chunks` sends in), with their first `rows` rows: a
    whole filtered list of 2 M customers is previewed chunk after chunk, each chunk one short
    statement that the caller can cancel, and the caller adds up the totals as they come
    (`Preview.plus`). Explicit ids are one step. `last_id` of the previous step is passed back,
    so the list's end is looked up once."""
    template_text = checked_template(template_text)
    rows = whole_number(rows, "the number of preview rows", 0, MAX_PREVIEW_ROWS)
    if _check_source(source).explicit_ids is not None:
        return PreviewStep(render_preview(conn, source, template_text, limit=rows, ctx=ctx), None, None)
    chunk = whole_number(chunk, "the chunk size", 1, MAX_IDS)
    after = whole_number(after, "the customer id a chunk starts after", 0, 2 ** 63 - 1)
    select, params = _ids_query(source)
    upper, found = _chunk_upper(conn, select, params, after, chunk, ctx)
    if upper is None:
        return PreviewStep(Preview([], 0, 0, {}, 0, Decimal(0), []), None, last_id)
    bound = dict(params, chunk_after=after, chunk_upper=upper)
    ids = sql.SQL("ARRAY(SELECT s.id FROM ({}) s(id) WHERE s.id > %(chunk_after)s AND s.id <= %(chunk_upper)s)") \
        .format(select)
    preview = _preview(conn, ids, bound, source, template_text, rows, ctx)
    if found < chunk:
        return PreviewStep(preview, None, last_id)
    if last_id is None:
        last_id = execute(conn, sql.SQL("SELECT s.id FROM ({}) s(id) ORDER BY s.id DESC LIMIT 1").format(select),
                           params, ctx)[0]["id"]
    return PreviewStep(preview, None if upper >= last_id else upper, last_id)


def _chunk_upper(conn: psycopg.Connection, select: sql.Composable, params: dict, after: int, chunk: int,
                 ctx: TaskContext | None) -> tuple[int | None, int]:
    """The highest customer id of the source's next `chunk` customers after id `after` (None:
    none left) and how many there are: found on the server, ids never travel to the client."""
    row = execute(conn, sql.SQL("SELECT max(id) AS upper, count(*) AS n FROM (SELECT s.id FROM ({}) s(id) "
                                 "WHERE s.id > %(chunk_after)s ORDER BY s.id LIMIT %(chunk_rows)s) t").format(select),
                   dict(params, chunk_after=after, chunk_rows=chunk), ctx)[0]
    return row["upper"], row["n"]


def queue(conn: psycopg.Connection, source: RecipientSource, template_text: str,
          ctx: TaskContext | None = None) -> QueueResult:
    """Queues the message for every sendable recipient in one server transaction that re-checks
    everything and charges the quota; refused whole (nothing queued or charged) otherwise."""
    template_text = checked_template(template_text)
    ids, params = _ids_statement(source)
    params.update(template=template_text, source=Jsonb(source.describe()))
    statement = sql.SQL("SELECT crm.sms_queue({}, %(template)s, %(source)s)::text AS result").format(ids)
    data = parse_json(execute(conn, statement, params, ctx)[0]["result"])
    return QueueResult(batch_id=data["batch_id"], queued=data["queued"], skipped_by_reason=skip_counts(data["skipped"]),
                       parts=data["parts"], cost=money(data["cost"]))


@dataclass(frozen=True)
class ChunkedQueueResult:
    batches: list[int]                 # one batch per chunk that queued anything
    recipients: int                    # customers of the source, counted before the first chunk
    done: int                          # customers handled (queued or skipped) when it ended
    queued: int
    parts: int
    cost: Decimal
    skipped_by_reason: dict[str, int]
    stopped: str | None = None         # why it ended early: CANCELLED, or the refusal of the chunk that did not fit


CANCELLED = "cancelled"


def queue_in_chunks(conn: psycopg.Connection, source: RecipientSource, template_text: str,
                    ctx: TaskContext | None = None, *, chunk: int = QUEUE_CHUNK) -> ChunkedQueueResult:
    """A server-side source of any size (the whole filtered list of 2 M customers, a group) queued
    `chunk` customers at a time in customer-id order: each chunk is one crm.sms_queue transaction
    (re-checked, charged, its own batch); ids never travel to the client (each chunk's upper id
    is found on the server, then the chunk is queued by that id range). Progress ("queue",
    customers done, customers in all) after each chunk; a cancel (TaskCancelled) or a chunk the
    quota no longer covers ends it between chunks, the chunks before it staying queued -- the
    result says how far it got and why it stopped (a cancel before the first chunk is done raises
    TaskCancelled: nothing was queued). A batch up to `chunk` is exactly `queue`."""
    template_text = checked_template(template_text)
    chunk = whole_number(chunk, "the chunk size", 1, MAX_IDS)
    select, params = _ids_query(source)
    total = execute(conn, sql.SQL("SELECT count(*) AS n FROM ({}) s").format(select), params, ctx)[0]["n"]
    described = source.describe()
    batches: list[int] = []
    done = queued = parts = 0
    cost = Decimal(0)
    skipped: dict[str, int] = {}
    after = 0
    if ctx is not None:
        ctx.progress("queue", 0, total)
    while True:
        if done and ctx is not None and ctx.cancelled:
            return ChunkedQueueResult(batches, total, done, queued, parts, cost, skipped, stopped=CANCELLED)
        upper, found = _chunk_upper(conn, select, params, after, chunk, ctx)
        if upper is None:
            break
        bound = dict(params, chunk_after=after, chunk_upper=upper, template=template_text,
                     source=Jsonb(dict(described, chunk=len(batches) + 1, chunk_size=chunk)))
        statement = sql.SQL("SELECT crm.sms_queue(ARRAY(SELECT s.id FROM ({}) s(id) WHERE s.id > %(chunk_after)s "
                            "AND s.id <= %(chunk_upper)s), %(template)s, %(source)s)::text AS result").format(select)
        try:
            data = parse_json(execute(conn, statement, bound, ctx)[0]["result"])
        except CrmRefusal as refusal:
            if not done or refusal.kind not in ("sms_no_quota", "sms_over_quota"):
                raise
            return ChunkedQueueResult(batches, total, done, queued, parts, cost, skipped, stopped=refusal.message)
        except TaskCancelled:
            if not done:
                raise
            return ChunkedQueueResult(batches, total, done, queued, parts, cost, skipped, stopped=CANCELLED)
        if data["batch_id"] is not None:
            batches.append(data["batch_id"])
        done += found
        queued += data["queued"]
        parts += data["parts"]
        cost += money(data["cost"])
        for reason, n in skip_counts(data["skipped"]).items():
            skipped[reason] = skipped.get(reason, 0) + n
        after = upper
        if ctx is not None:
            ctx.progress("queue", done, max(total, done))
    return ChunkedQueueResult(batches, total, done, queued, parts, cost, skipped)


def list_templates(conn: psycopg.Connection) -> list[Template]:
    return [Template(**r) for r in execute(
        conn, "SELECT code, name_zh, name_en, body FROM crm.sms_template ORDER BY sort, code")]


# 短信记录 and the cost report ---------------------------------------------------------------------------

_LOG_COLUMNS = sql.SQL("""
    m.id, m.batch_id, m.queued_at, m.sender_id, s.name AS sender_name, m.branch_id, b.name AS branch_name,
    m.customer_id, coalesce(c.name, rv.name) AS customer_name, m.mobile_masked, m.carrier, m.body AS text, m.chars,
    m.parts, m.cost, m.status, m.failed_reason, m.attempts, m.sent_at, m.reported_at, m.reservation_id""")
_LOG_FROM = sql.SQL("""
    crm.sms_message m
    LEFT JOIN crm.staff s ON s.id = m.sender_id
    LEFT JOIN crm.branch b ON b.id = m.branch_id
    LEFT JOIN crm.customer c ON c.id = m.customer_id
    LEFT JOIN crm.reservation rv ON rv.id = m.reservation_id""")


def _log_where(sender_id, branch_id, customer_id, status, date_from, date_to) -> tuple[sql.Composable, dict]:
    parts: list[sql.Composable] = [sql.SQL("true")]
    params: dict[str, Any] = {}
    for name, value, column in (("sender_id", sender_id, "m.sender_id"), ("branch_id", branch_id, "m.branch_id"),
                                ("customer_id", customer_id, "m.customer_id")):
        if value is not None:
            params[name] = whole_number(value, name.replace("_", " "), 1, 2 ** 63 - 1)
            parts.append(sql.SQL("{} = {}").format(sql.SQL(column), sql.Placeholder(name)))
    if status is not None:
        if status not in STATUSES:
            raise invalid_input(f"{str(status)[:40]!r} is not a message status")
        params["status"] = status
        parts.append(sql.SQL("m.status = %(status)s"))
    if date_from is not None:
        params["date_from"] = _date(date_from, "from")
        parts.append(sql.SQL("m.queued_at >= %(date_from)s::date"))
    if date_to is not None:
        params["date_to"] = _date(date_to, "to")
        parts.append(sql.SQL("m.queued_at < %(date_to)s::date + 1"))
    return sql.SQL(" AND ").join(parts), params


def log_statement(*, sender_id: int | None = None, branch_id: int | None = None, customer_id: int | None = None,
                  status: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
                  after: LogKey | None = None, before: LogKey | None = None,
                  limit: int | None = None) -> tuple[sql.Composable, dict]:
    """The log's SELECT, newest first, seeking by the key (queued_at, id): `after` the key of the
    last row shown (the older page), `before` the key of the first one (the newer page, read
    oldest first -- `message_log` turns it round). Every page is an index range scan of `limit`
    rows, whatever its depth; no OFFSET. Without `limit`: every matching row (the export)."""
    if after is not None and before is not None:
        raise invalid_input("a page follows one row or precedes one, not both")
    where, params = _log_where(sender_id, branch_id, customer_id, status, date_from, date_to)
    order = sql.SQL("m.queued_at DESC, m.id DESC")
    key = after if after is not None else before
    if key is not None:
        queued_at, key_id = _log_key(key)
        params.update(key_at=queued_at, key_id=key_id)
        seek = "<" if after is not None else ">"
        where = sql.SQL("{} AND (m.queued_at, m.id) {} (%(key_at)s, %(key_id)s)").format(where, sql.SQL(seek))
        if before is not None:
            order = sql.SQL("m.queued_at, m.id")
    statement = sql.SQL("SELECT {} FROM {} WHERE {} ORDER BY {}").format(_LOG_COLUMNS, _LOG_FROM, where, order)
    if limit is not None:
        params["limit"] = whole_number(limit, "limit", 1, MAX_LOG_ROWS)
        statement = sql.SQL("{} LIMIT %(limit)s").format(statement)
    return statement, params


def _log_key(key: Any) -> tuple[dt.datetime, int]:
    if (not isinstance(key, (tuple, list)) or len(key) != 2 or not isinstance(key[0], dt.datetime)
            or key[0].tzinfo is None):
        raise invalid_input("a log page starts at a message's (queued at, id)")
    return key[0], whole_number(key[1], "a message id", 1, 2 ** 63 - 1)


def message_log(conn: psycopg.Connection, *, sender_id: int | None = None, branch_id: int | None = None,
                customer_id: int | None = None, status: str | None = None, date_from: dt.date | None = None,
                date_to: dt.date | None = None, after: LogKey | None = None, before: LogKey | None = None,
                limit: int = 200, ctx: TaskContext | None = None) -> list[MessageRow]:
    """Messages the reader may see (their own and their subtree's, their branch scope's, the
    branches they administer), newest first; mobiles masked. One page: the first, the one
    `after` a row's key (older) or the one `before` it (newer); see `log_statement`."""
    statement, params = log_statement(sender_id=sender_id, branch_id=branch_id, customer_id=customer_id,
                                      status=status, date_from=date_from, date_to=date_to, after=after,
                                      before=before, limit=limit)
    rows = [MessageRow(**r) for r in execute(conn, statement, params, ctx)]
    return rows[::-1] if before is not None else rows


def message_count(conn: psycopg.Connection, *, sender_id: int | None = None, branch_id: int | None = None,
                  customer_id: int | None = None, status: str | None = None, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, ctx: TaskContext | None = None) -> int:
    where, params = _log_where(sender_id, branch_id, customer_id, status, date_from, date_to)
    statement = sql.SQL("SELECT count(*) AS n FROM crm.sms_message m WHERE {}").format(where)
    return execute(conn, statement, params, ctx)[0]["n"]


def cost_report(conn: psycopg.Connection, month: dt.date, by: str = "branch",
                ctx: TaskContext | None = None) -> list[CostRow]:
    """The month's messages per charged branch (the customer's, FAQ 3) or per sender, over what
    the reader may see. Failed messages cost nothing (their parts went back to the quota)."""
    month = _date(month, "month").replace(day=1)
    if by == "branch":
        key, name, join = sql.SQL("m.branch_id"), sql.SQL("b.name"), sql.SQL("JOIN crm.branch b ON b.id = m.branch_id")
    elif by == "sender":
        key, name, join = sql.SQL("m.sender_id"), sql.SQL("s.name"), sql.SQL("JOIN crm.staff s ON s.id = m.sender_id")
    else:
        raise invalid_input("the cost report is by branch or by sender")
    statement = sql.SQL("""
        SELECT {key} AS key, {name} AS name,
               count(*) FILTER (WHERE m.status <> 'failed') AS messages,
               coalesce(sum(m.parts) FILTER (WHERE m.status <> 'failed'), 0) AS parts,
               coalesce(sum(m.cost) FILTER (WHERE m.status <> 'failed'), 0) AS cost,
               count(*) FILTER (WHERE m.status = 'delivered') AS delivered,
               count(*) FILTER (WHERE m.status = 'failed') AS failed
          FROM crm.sms_message m {join}
         WHERE m.month = %(month)s
         GROUP BY 1, 2 ORDER BY cost DESC, name""").format(key=key, name=name, join=join)
    return [CostRow(key=r["key"], name=r["name"], messages=r["messages"], parts=r["parts"], cost=money(r["cost"]),
                    delivered=r["delivered"], failed=r["failed"])
            for r in execute(conn, statement, {"month": month}, ctx)]


# HQ administration -------------------------------------------------------------------------------------

def set_quota(conn: psycopg.Connection, staff_id: int, monthly_quota: int | None) -> None:
    """HQ sets a sender's monthly quota in message parts; None removes it (cannot send)."""
    staff_id = whole_number(staff_id, "a staff id", 1, 2 ** 31 - 1)
    if monthly_quota is not None:
        monthly_quota = whole_number(monthly_quota, "a monthly SMS quota", 0, 10_000_000)
    execute(conn, "SELECT crm.sms_set_quota(%s, %s)", (staff_id, monthly_quota), rows=False)


def set_branch_volume(conn: psycopg.Connection, branch_id: int, monthly_volume: int | None) -> None:
    branch_id = whole_number(branch_id, "a branch id", 1, 32767)
    if monthly_volume is not None:
        monthly_volume = whole_number(monthly_volume, "a monthly SMS volume", 0, 100_000_000)
    execute(conn, "SELECT crm.sms_set_branch_volume(%s::smallint, %s)", (branch_id, monthly_volume), rows=False)


def set_price(conn: psycopg.Connection, carrier: str, price: Decimal | str | float) -> None:
    try:
        price = Decimal(str(price).strip())
    except ArithmeticError:
        raise invalid_input(f"{str(price)[:40]!r} is not a price") from None
    execute(conn, "SELECT crm.sms_set_price(%s, %s)", (str(carrier)[:40], price), rows=False)


def set_prefix(conn: psycopg.Connection, prefix: str, carrier: str | None) -> None:
    execute(conn, "SELECT crm.sms_set_prefix(%s, %s)", (str(prefix)[:10], carrier), rows=False)


def list_carriers(conn: psycopg.Connection) -> list[Carrier]:
    rows = execute(conn, """
        SELECT c.code, c.name_zh, c.name_en, c.price_per_part,
               coalesce(array_agg(p.prefix ORDER BY p.prefix) FILTER (WHERE p.prefix IS NOT NULL), '{}') AS prefixes
          FROM crm.sms_carrier c LEFT JOIN crm.sms_carrier_prefix p ON p.carrier = c.code
         GROUP BY c.code ORDER BY c.code""")
    return [Carrier(code=r["code"], name_zh=r["name_zh"], name_en=r["name_en"],
                    price_per_part=money(r["price_per_part"]), prefixes=tuple(r["prefixes"])) for r in rows]


def list_quotas(conn: psycopg.Connection) -> list[dict]:
    """Senders (staff holding the send right) the reader may see, with their quota and this
    month's use: HQ's quota screen."""
    return execute(conn, """
        SELECT s.id AS staff_id, s.login, s.name, s.branch_id, b.name AS branch_name, q.monthly_quota,
               coalesce(u.used, 0) AS used
          FROM crm.staff s
          JOIN crm.branch b ON b.id = s.branch_id
          LEFT JOIN crm.sms_quota q ON q.staff_id = s.id
          LEFT JOIN crm.sms_staff_usage u ON u.staff_id = s.id AND u.month = date_trunc('month', current_date)::date
         WHERE s.status = 'active'
           AND EXISTS (SELECT 1 FROM crm.staff_role sr JOIN crm.role_permission rp ON rp.role_code = sr.role_code
                        WHERE sr.staff_id = s.id AND rp.permission_code = 'sms_send')
         ORDER BY b.name, s.name""")


def block_number(conn: psycopg.Connection, *, mobile: str | None = None, customer_id: int | None = None,
                 kind: str = "opted_out", note: str | None = None) -> bool:
    """Blacklist a number (HQ) or mark a visible customer's number as opted out (a sender)."""
    if kind not in ("blacklisted", "opted_out"):
        raise invalid_input("a block is blacklisted or opted_out")
    if customer_id is not None:
        customer_id = whole_number(customer_id, "a customer id", 1, 2 ** 63 - 1)
    rows = execute(conn, "SELECT crm.sms_block(%s, %s, %s, %s) AS changed",
                    (None if mobile is None else str(mobile)[:41], customer_id, kind,
                     None if note is None else str(note)[:501]))
    return bool(rows[0]["changed"])


def unblock(conn: psycopg.Connection, *, mobile: str | None = None, customer_id: int | None = None) -> bool:
    if customer_id is not None:
        customer_id = whole_number(customer_id, "a customer id", 1, 2 ** 63 - 1)
    rows = execute(conn, "SELECT crm.sms_unblock(%s, %s) AS changed",
                    (None if mobile is None else str(mobile)[:41], customer_id))
    return bool(rows[0]["changed"])


def block_list(conn: psycopg.Connection, *, customer_id: int | None = None,
               after: tuple[dt.datetime, int] | None = None, limit: int = 100,
               ctx: TaskContext | None = None) -> list[BlockEntry]:
    """The blacklist and opt-outs the reader may see (HQ: all; a sender or branch administrator:
    their branches' customers'), newest first, the page `after` an entry's key; with
    `customer_id`, the entry blocking that customer's mobile (at most one)."""
    if customer_id is not None:
        customer_id = whole_number(customer_id, "a customer id", 1, 2 ** 63 - 1)
    before_at, before_id = (None, None) if after is None else (after[0], whole_number(after[1], "an entry id", 1, 2 ** 63 - 1))
    rows = execute(conn, "SELECT * FROM crm.sms_block_list(%s, %s, %s, %s)",
                    (customer_id, before_at, before_id, whole_number(limit, "limit", 1, 1000)), ctx)
    return [BlockEntry(**r) for r in rows]


def customer_block(conn: psycopg.Connection, customer_id: int, ctx: TaskContext | None = None) -> BlockEntry | None:
    """What keeps SMS from this customer's mobile, if anything (their opt-out, HQ's blacklist)."""
    rows = block_list(conn, customer_id=customer_id, limit=1, ctx=ctx)
    return rows[0] if rows else None


def unblock_entry(conn: psycopg.Connection, entry_id: int, reason: str) -> bool:
    """Lift one entry with the reason (audited). False: it was lifted meanwhile."""
    entry_id = whole_number(entry_id, "an entry id", 1, 2 ** 63 - 1)
    if not isinstance(reason, str) or not reason.strip():
        raise invalid_input("say why the block is lifted (a reason is required)")
    rows = execute(conn, "SELECT crm.sms_unblock_entry(%s, %s) AS changed", (entry_id, reason[:501]))
    return bool(rows[0]["changed"])


def request_quota(conn: psycopg.Connection, *, monthly_quota: int | None = None, branch_volume: int | None = None,
                  note: str | None = None) -> int:
    """The sender asks HQ for a higher monthly quota and/or branch volume: an approval request
    (审批, flow ``sms_quota``, decided by HQ's marketing post) that applies it when approved.
    Returns the request id."""
    if monthly_quota is not None:
        monthly_quota = whole_number(monthly_quota, "a monthly SMS quota", 1, 10_000_000)
    if branch_volume is not None:
        branch_volume = whole_number(branch_volume, "a monthly SMS volume", 1, 100_000_000)
    rows = execute(conn, "SELECT crm.request_sms_quota(%s, %s, %s) AS id",
                    (monthly_quota, branch_volume, None if note is None else str(note)[:1001]))
    return rows[0]["id"]


def recipient_ids_sql(source: RecipientSource) -> tuple[sql.Composable, dict]:
    """The source's customer ids as an ``ARRAY(SELECT ...)`` expression and its parameters, for
    other server calls that take the same recipients (信息栏目 subscriptions): a whole filtered
    list or group is resolved on the server, never sent as ids. Customers only: a reservation's
    prospect cannot subscribe."""
    if isinstance(source, RecipientSource) and source.reservation_ids is not None:
        raise invalid_input("only customers can be subscribed, not reservations")
    return _ids_statement(source)
