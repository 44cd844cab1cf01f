"""信息栏目 SMS subscriptions (issue #14; FAQ 2.3, 19, 42), without Qt.

HQ defines information columns (早盘提示, 收盘点评, 新股提醒, ...) and publishes their issues; a
branch's senders (短信发送) subscribe the customers they can see -- one by one, the Customers
tab's whole filtered list or a customer group, always resolved on the server -- and unsubscribe
them the same ways (history kept). The HQ agent queues each published issue once per live
subscriber into the SMS outbox, charged to the subscription's sender
(crm_desktop/agent/sms_subscriptions.py). When a branch changes its 信息管理员 (FAQ 2.3) the old
sender's subscriptions move to the new one through an approval request (flow
``sms_subscription_move``); until then they are reported by `problems`.

    cols = columns(conn)                               # with live subscriber counts (my branches)
    subscribe(conn, col.id, sms.RecipientSource(customer_filter=query))   # -> ChangeResult
    rows = subscriptions(conn, column_id=col.id, after_id=None)           # keyset pages
    preview = issue_preview(conn, col.id, "今日早盘提示：……")              # HQ, before publishing
    issue_id = publish_issue(conn, col.id, "今日早盘提示：……")
    request_move(conn, from_sender_id, to_sender_id, note)                # -> approval request id

Every decision (the send right, visibility, the branch, HQ-only actions) is made again by the
definer functions db/sql/objects/crm.sms_*subscri*.sql, crm.sms_*issue*.sql; refusals come back
as ``CrmRefusal``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import sql

from crm_desktop.services import sms
from crm_desktop.services.customer_query.values import whole_number
from crm_desktop.services.sms import RecipientSource
from crm_desktop.services.sms_common import checked_template, invalid_input, money, parse_json, skip_counts
from crm_desktop.services.statements import execute
from crm_desktop.services.tasks import TaskContext

MAX_NAME = 40
MAX_DESCRIPTION = 500
PAGE_ROWS = 200
MAX_PAGE_ROWS = 2000
# Skip reasons of an issue besides the send dialog's (sms.SKIP_REASONS).
SENDER_NOT_ALLOWED = "sender_not_allowed"
MOVE_FLOW = "sms_subscription_move"


@dataclass(frozen=True)
class Column:
    id: int
    name: str
    description: str
    active: bool
    subscribers: int                 # live subscriptions the reader may see (their branches; HQ all)
    last_issue_at: dt.datetime | None


@dataclass(frozen=True)
class Issue:
    id: int
    column_id: int
    column_name: str
    body: str
    publish_at: dt.datetime
    published_by: str
    delivered_at: dt.datetime | None
    subscribers: int | None          # None while the agent has not handled it
    queued: int | None
    skipped_by_reason: dict[str, int]


@dataclass(frozen=True)
class Subscription:
    id: int
    column_id: int
    column_name: str
    customer_id: int
    customer_name: str | None        # None: a subscriber of the branch the reader cannot see
    account_no: str | None
    sender_id: int
    sender_name: str
    subscribed_at: dt.datetime
    subscribed_by: str
    subscribed_by_name: str          # the staff member's name (their login when not visible)


@dataclass(frozen=True)
class ChangeResult:
    changed: int                     # subscribed / unsubscribed
    unchanged: int                   # already subscribed / was not subscribed


@dataclass(frozen=True)
class IssuePreview:
    subscribers: int
    sendable: int
    skipped_by_reason: dict[str, int]
    parts: int
    cost: Decimal
    senders: list[dict]              # {sender_id, sender_name, messages, parts, remaining, fits}

    @property
    def over_quota(self) -> list[dict]:
        return [s for s in self.senders if not s["fits"]]


@dataclass(frozen=True)
class SenderProblem:
    sender_id: int
    sender_name: str
    sender_login: str
    branch_id: int
    branch_name: str
    column_id: int
    column_name: str
    reason: str                      # sender_not_allowed | no_quota
    subscriptions: int
    pending_move_request: int | None


def _column_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2 ** 15:
        raise invalid_input(f"{str(value)[:40]!r} is not an information column")
    return value


def _staff_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2 ** 31:
        raise invalid_input(f"{str(value)[:40]!r} is not a staff member")
    return value


def _short_text(value: Any, what: str, limit: int, *, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise invalid_input(f"{what} must be text")
    value = value.strip()
    if required and not value:
        raise invalid_input(f"{what} is required")
    if len(value) > limit:
        raise invalid_input(f"{what} has at most {limit} characters")
    if "\x00" in value:
        raise invalid_input(f"{what} contains an invisible or control character (U+0000)")
    return value


# Reading ---------------------------------------------------------------------------------------------

def columns(conn: psycopg.Connection, *, active_only: bool = False, ctx: TaskContext | None = None) -> list[Column]:
    """Every column (HQ's announcements: everybody reads them) with the live subscriptions the
    reader may see (their branches; HQ: all), counted on the server."""
    rows = execute(conn, """
        SELECT c.id, c.name, c.description, c.active,
               (SELECT count(*) FROM crm.sms_subscription s WHERE s.column_id = c.id AND s.ended_at IS NULL)
                   AS subscribers,
               (SELECT max(i.publish_at) FROM crm.sms_column_issue i WHERE i.column_id = c.id) AS last_issue_at
          FROM crm.sms_column c
         WHERE c.active OR NOT %(active_only)s
         ORDER BY c.active DESC, c.name""", {"active_only": bool(active_only)}, ctx)
    return [Column(**r) for r in rows]


def _live_subscriptions_of(column_id: int | None, sender_id: int | None) -> tuple[list[sql.Composable], dict[str, Any]]:
    """The conditions (on crm.sms_subscription s) and parameters of the live subscriptions to a
    column and/or of a sender."""
    where: list[sql.Composable] = [sql.SQL("s.ended_at IS NULL")]
    params: dict[str, Any] = {}
    if column_id is not None:
        params["column_id"] = _column_id(column_id)
        where.append(sql.SQL("s.column_id = %(column_id)s"))
    if sender_id is not None:
        params["sender_id"] = _staff_id(sender_id)
        where.append(sql.SQL("s.sender_id = %(sender_id)s"))
    return where, params


def subscriptions(conn: psycopg.Connection, *, column_id: int | None = None, sender_id: int | None = None,
                  customer_id: int | None = None, after_id: int | None = None, limit: int = PAGE_ROWS,
                  ctx: TaskContext | None = None) -> list[Subscription]:
    """Live subscriptions the reader may see, newest first, one keyset page (the next page:
    ``after_id=page[-1].id``)."""
    where, params = _live_subscriptions_of(column_id, sender_id)
    if customer_id is not None:
        params["customer_id"] = whole_number(customer_id, "a customer id", 1, 2 ** 63 - 1)
        where.append(sql.SQL("s.customer_id = %(customer_id)s"))
    if after_id is not None:
        params["after_id"] = whole_number(after_id, "a subscription id", 1, 2 ** 63 - 1)
        where.append(sql.SQL("s.id < %(after_id)s"))
    params["limit"] = whole_number(limit, "the page size", 1, MAX_PAGE_ROWS)
    rows = execute(conn, sql.SQL("""
        SELECT s.id, s.column_id, col.name AS column_name, s.customer_id, c.name AS customer_name,
               c.account_no, s.sender_id, st.name AS sender_name, s.subscribed_at, s.subscribed_by,
               coalesce(sb.name, s.subscribed_by) AS subscribed_by_name
          FROM (SELECT s.* FROM crm.sms_subscription s WHERE {} ORDER BY s.id DESC LIMIT %(limit)s) s
          JOIN crm.sms_column col ON col.id = s.column_id
          LEFT JOIN crm.customer c ON c.id = s.customer_id
          LEFT JOIN crm.staff st ON st.id = s.sender_id
          LEFT JOIN crm.staff sb ON sb.login = s.subscribed_by
         ORDER BY s.id DESC""").format(sql.SQL(" AND ").join(where)), params, ctx)
    return [Subscription(**{**r, "sender_name": r["sender_name"] or str(r["sender_id"])}) for r in rows]


def subscription_count(conn: psycopg.Connection, *, column_id: int | None = None, sender_id: int | None = None,
                       ctx: TaskContext | None = None) -> int:
    where, params = _live_subscriptions_of(column_id, sender_id)
    return execute(conn, sql.SQL("SELECT count(*) AS n FROM crm.sms_subscription s WHERE {}")
                    .format(sql.SQL(" AND ").join(where)), params, ctx)[0]["n"]


def issues(conn: psycopg.Connection, *, column_id: int | None = None, limit: int = 100,
           ctx: TaskContext | None = None) -> list[Issue]:
    """Published issues, newest first, with what the agent made of them (queued, skipped per reason)."""
    params: dict[str, Any] = {"limit": whole_number(limit, "the number of issues", 1, 1000)}
    where = sql.SQL("true")
    if column_id is not None:
        params["column_id"] = _column_id(column_id)
        where = sql.SQL("i.column_id = %(column_id)s")
    rows = execute(conn, sql.SQL("""
        SELECT i.id, i.column_id, c.name AS column_name, i.body, i.publish_at, i.published_by, i.delivered_at,
               (i.summary ->> 'subscribers')::integer AS subscribers, (i.summary ->> 'queued')::integer AS queued,
               coalesce(i.summary -> 'skipped', '{{}}')::text AS skipped
          FROM crm.sms_column_issue i JOIN crm.sms_column c ON c.id = i.column_id
         WHERE {} ORDER BY i.publish_at DESC, i.id DESC LIMIT %(limit)s""").format(where), params, ctx)
    return [Issue(**{k: v for k, v in r.items() if k != "skipped"},
                  skipped_by_reason=skip_counts(parse_json(r["skipped"])))
            for r in rows]


def problems(conn: psycopg.Connection, ctx: TaskContext | None = None) -> list[SenderProblem]:
    """Subscriptions whose sender can no longer send them (account closed, send right or quota
    taken away), per sender and column, in the reader's branches: FAQ 2.3's silent stop, shown."""
    return [SenderProblem(**r) for r in execute(conn, "SELECT * FROM crm.sms_subscription_problems()", None, ctx)]


def senders(conn: psycopg.Connection) -> list[dict]:
    """Active holders of the send right the reader may see (the move request's choices)."""
    return sms.list_quotas(conn)


# Subscribing ----------------------------------------------------------------------------------------------

def _change(conn: psycopg.Connection, function: str, column_id: int, source: RecipientSource,
            ctx: TaskContext | None) -> dict:
    column_id = _column_id(column_id)
    ids, params = sms.recipient_ids_sql(source)
    params["column_id"] = column_id
    statement = sql.SQL("SELECT crm.{}(%(column_id)s::smallint, {})::text AS result").format(
        sql.Identifier(function), ids)
    with conn.transaction():
        return parse_json(execute(conn, statement, params, ctx)[0]["result"])


def subscribe(conn: psycopg.Connection, column_id: int, source: RecipientSource,
              ctx: TaskContext | None = None) -> ChangeResult:
    """Subscribe the source's customers (ids, a group, the whole filtered list) to the column,
    sent by me. All or nothing: a customer I cannot see or of another branch refuses the lot."""
    data = _change(conn, "sms_subscribe", column_id, source, ctx)
    return ChangeResult(changed=data["subscribed"], unchanged=data["already"])


def unsubscribe(conn: psycopg.Connection, column_id: int, source: RecipientSource,
                ctx: TaskContext | None = None) -> ChangeResult:
    data = _change(conn, "sms_unsubscribe", column_id, source, ctx)
    return ChangeResult(changed=data["unsubscribed"], unchanged=data["not_subscribed"])


def count_recipients(conn: psycopg.Connection, source: RecipientSource, ctx: TaskContext | None = None) -> int:
    """How many customers the source names (the confirm dialog's count), on the server."""
    ids, params = sms.recipient_ids_sql(source)
    return execute(conn, sql.SQL("SELECT cardinality({}) AS n").format(ids), params, ctx)[0]["n"]


def request_move(conn: psycopg.Connection, from_sender_id: int, to_sender_id: int, note: str | None = None) -> int:
    """FAQ 2.3: ask that every live subscription sent by one sender move to another of the same
    branch, in one approved action (the branch's marketing director, then HQ). Returns the
    approval request id."""
    note_text = _short_text(note, "a note", 1000, required=False) or None
    with conn.transaction():
        return execute(conn, "SELECT crm.request_sms_subscription_move(%s, %s, %s) AS id",
                        (_staff_id(from_sender_id), _staff_id(to_sender_id), note_text))[0]["id"]


# HQ ----------------------------------------------------------------------------------------------------

def save_column(conn: psycopg.Connection, column_id: int | None, name: str, description: str = "",
                active: bool = True) -> int:
    """HQ creates (column_id None) or changes a column. Returns its id."""
    if column_id is not None:
        column_id = _column_id(column_id)
    name = _short_text(name, "a column name", MAX_NAME, required=True)
    description = _short_text(description, "a column description", MAX_DESCRIPTION, required=False)
    with conn.transaction():
        return execute(conn, "SELECT crm.sms_save_column(%s::smallint, %s, %s, %s) AS id",
                        (column_id, name, description, bool(active)))[0]["id"]


def issue_preview(conn: psycopg.Connection, column_id: int, text: str, ctx: TaskContext | None = None) -> IssuePreview:
    """What publishing `text` in the column would send: subscribers, sendable, skipped per
    reason, parts, cost, and per sender whether it fits their remaining quota (HQ)."""
    data = parse_json(execute(conn, "SELECT crm.sms_issue_preview(%s::smallint, %s)::text AS preview",
                          (_column_id(column_id), checked_template(text)), ctx)[0]["preview"])
    return IssuePreview(subscribers=data["subscribers"], sendable=data["sendable"],
                        skipped_by_reason=skip_counts(data["skipped"]), parts=data["parts"], cost=money(data["cost"]),
                        senders=list(data["senders"]))


def publish_issue(conn: psycopg.Connection, column_id: int, text: str, publish_at: dt.datetime | None = None) -> int:
    """HQ publishes an issue (now, or at `publish_at` within 30 days); the agent sends it."""
    if publish_at is not None and (not isinstance(publish_at, dt.datetime) or publish_at.tzinfo is None):
        raise invalid_input("the publish time is a date and time with its time zone")
    with conn.transaction():
        return execute(conn, "SELECT crm.sms_publish_issue(%s::smallint, %s, %s) AS id",
                        (_column_id(column_id), checked_template(text), publish_at))[0]["id"]
