"""Customer groups (客户群, FAQ 4-6), without Qt.

A staff member keeps named groups of customers ("a batch of customers I want to compute trades
and commission for regularly"), adds the selected customers or the whole current list, and
reads the group's statistics over a period. Every function takes the signed-in staff member's
own psycopg connection (autocommit); row-level security (db/sql/0003_customer_workspace.sql)
decides everything:

* groups: the caller's own and their subtree's (managers read subordinates' groups); only the
  owner renames, deletes, adds or removes members;
* members: visible while the group is visible *and* the customer is visible to the reader;
  only customers visible to the owner can be added.

So a client that skips these functions gets the same answers and refusals from the server.
"0 rows" is explained by reading the group again: gone or invisible -> ``not_found``, someone
else's -> ``not_permitted``, another version -> ``conflict``.

    groups = list_groups(conn)
    g = create_group(conn, "高净值客户", note="Q3 campaign")
    add_customers(conn, g["id"], [101, 102])
    add_query(conn, g["id"], tab_query, ctx=ctx)          # INSERT ... SELECT on the server
    stats = group_statistics(conn, g["id"], date(2024, 3, 1), date(2024, 3, 31))
    stats.rows, stats.totals

Statistics are aggregates computed in PostgreSQL over ``crm.customer_daily`` (money in integer
cents): trade volume, commission, net commission, interest spread (利差) and P&L (盈亏) are sums
over the period's trading days;
total assets is each member's last fact on or before the period's end, within the period
(a member without facts in the period has none and adds nothing to the total).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from crm_desktop.services.customer_query.columns import OP_LABELS
from crm_desktop.services.customer_query.compile import Params, PseudoFilter, register_pseudo_filter
from crm_desktop.services.customer_query.filters import Condition
from crm_desktop.services.customer_query.query import CustomerQuery, id_statement
from crm_desktop.services.errors import CrmRefusal, as_refusal
from crm_desktop.services.tasks import TaskCancelled, TaskContext

MAX_NAME = 100
MAX_NOTE = 2000
MAX_IDS = 50000                 # ids named in one add / remove call (a whole list goes by query)
MEMBER_LIMIT = 2000             # members per page
STATISTICS_LIMIT = 20000        # member rows of one statistics result (totals always cover all)
MAX_PERIOD_DAYS = 3660

STAT_FIELDS = ("total_assets_cents", "trade_volume_cents", "commission_cents", "net_commission_cents",
               "interest_spread_cents", "pnl_cents")


# Results --------------------------------------------------------------------------------------------------

@dataclass
class GroupStatistics:
    """Statistics of one group over [start, end]. `rows`: one dict per member (customer_id,
    account_no, name, branch_name, assets_date, total_assets_cents (None without facts),
    trade_volume_cents, commission_cents, net_commission_cents, interest_spread_cents, pnl_cents,
    trading_days), by account
    number, at most `limit` of them (`truncated` says whether more exist). `totals`: the same
    figures over *all* members (members, members_with_facts, sums)."""

    group_id: int
    start: dt.date
    end: dt.date
    rows: list[dict] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)
    truncated: bool = False


# Helpers -------------------------------------------------------------------------------------------------

def _refusal(kind: str, message: str) -> CrmRefusal:
    return CrmRefusal(kind, message)


def _run(conn: psycopg.Connection, statement: Any, params: Any = None, ctx: TaskContext | None = None,
         *, rows: bool = True, row_factory=dict_row) -> tuple[list, int]:
    """Execute one statement; (rows or [], rowcount). Database refusals become CrmRefusal;
    a cancelled task's query is cancelled on the server (TaskCancelled)."""
    if ctx is not None:
        ctx.check()
        ctx.watch(conn)
    try:
        with conn.cursor(row_factory=row_factory) as cur:
            cur.execute(statement, params, prepare=False)
            fetched = cur.fetchall() if rows and cur.description is not None else []
            return fetched, cur.rowcount
    except psycopg.errors.QueryCanceled:
        if ctx is not None and ctx.cancelled:
            raise TaskCancelled() from None
        raise
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None or refusal.kind in ("connection_lost", "session_ended"):
            raise
        raise refusal from error


def _one(conn: psycopg.Connection, statement: Any, params: Any = None) -> dict | None:
    got, _ = _run(conn, statement, params)
    return got[0] if got else None


def _group_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2 ** 63:
        raise _refusal("invalid_input", f"{value!r} is not a group id")
    return value


def _ids(values: Iterable[Any]) -> list[int]:
    if isinstance(values, (str, bytes)):
        raise _refusal("invalid_input", "customer ids are a list of numbers")
    out = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2 ** 63:
            raise _refusal("invalid_input", f"{value!r} is not a customer id")
        out.append(value)
    if len(out) > MAX_IDS:
        raise _refusal("invalid_input", f"at most {MAX_IDS} customers at a time; add a whole list by its filter")
    return sorted(set(out))


def clean_name(name: Any) -> str:
    """The name as stored (trimmed), or CrmRefusal('invalid_input')."""
    text = name.strip() if isinstance(name, str) else ""
    if not text:
        raise _refusal("invalid_input", "a group needs a name")
    if len(text) > MAX_NAME or "\x00" in text:
        raise _refusal("invalid_input", f"a group name has at most {MAX_NAME} characters")
    return text


def _clean_note(note: Any) -> str | None:
    if note is None:
        return None
    if not isinstance(note, str) or "\x00" in note:
        raise _refusal("invalid_input", "the note must be text")
    text = note.strip()
    if len(text) > MAX_NOTE:
        raise _refusal("invalid_input", f"a note has at most {MAX_NOTE} characters")
    return text or None


_GROUP_SELECT = """
    SELECT g.id, g.name, g.note, g.version, g.staff_id, s.name AS owner_name, s.login AS owner_login,
           g.staff_id = crm.current_staff_id() AS own, g.created_at, g.modified_at
      FROM crm.customer_group g
      LEFT JOIN crm.staff s ON s.id = g.staff_id"""


def get_group(conn: psycopg.Connection, group_id: int) -> dict:
    """One visible group (no member count), or CrmRefusal('not_found')."""
    row = _one(conn, _GROUP_SELECT + " WHERE g.id = %s", (_group_id(group_id),))
    if row is None:
        raise _refusal("not_found", f"customer group {group_id}")
    return row


def _own_group(conn: psycopg.Connection, group_id: int) -> dict:
    """The group when the caller owns it; not_found / not_permitted otherwise. Only for a clear
    message: the INSERT / DELETE policies refuse the same on their own."""
    row = get_group(conn, group_id)
    if not row["own"]:
        raise _refusal("not_permitted", f"customer group “{row['name']}” belongs to {row['owner_name'] or row['staff_id']}")
    return row


def _duplicate(error: CrmRefusal, name: str) -> CrmRefusal:
    if error.kind == "duplicate":
        return CrmRefusal("duplicate", f"a customer group named “{name}”", error.sqlstate)
    return error


def _explain_no_row(conn: psycopg.Connection, group_id: int, expected_version: int | None) -> CrmRefusal:
    row = _one(conn, _GROUP_SELECT + " WHERE g.id = %s", (group_id,))
    if row is None:
        return _refusal("not_found", f"customer group {group_id}")
    if not row["own"]:
        return _refusal("not_permitted", f"customer group “{row['name']}” belongs to "
                                         f"{row['owner_name'] or row['staff_id']}")
    if expected_version is not None and row["version"] != expected_version:
        refusal = _refusal("conflict", f"customer group “{row['name']}” was changed by someone else "
                                       f"(now version {row['version']}); reload and try again")
        refusal.detail = row["name"]
        return refusal
    return _refusal("not_found", f"customer group {group_id}")


# Groups ----------------------------------------------------------------------------------------------------

def list_groups(conn: psycopg.Connection, ctx: TaskContext | None = None) -> list[dict]:
    """Groups visible to the caller (their own first, then their subtree's), each with the owner's
    name, `own` and `member_count` (the members the caller can see)."""
    got, _ = _run(conn, _GROUP_SELECT.replace(
        "g.created_at, g.modified_at",
        "g.created_at, g.modified_at, (SELECT count(*) FROM crm.customer_group_member m"
        " WHERE m.group_id = g.id) AS member_count")
        + " ORDER BY (g.staff_id = crm.current_staff_id()) DESC, s.name NULLS LAST, g.name", None, ctx)
    return got


def create_group(conn: psycopg.Connection, name: str, note: str | None = None) -> dict:
    """A new group of the caller's (the server stamps owner, version and times)."""
    name = clean_name(name)
    try:
        row = _one(conn, "INSERT INTO crm.customer_group (name, note) VALUES (%s, %s) RETURNING id",
                   (name, _clean_note(note)))
    except CrmRefusal as error:
        raise _duplicate(error, name) from None
    assert row is not None
    return get_group(conn, row["id"]) | {"member_count": 0}


def rename_group(conn: psycopg.Connection, group_id: int, expected_version: int, name: str,
                 note: Any = ...) -> dict:
    """Rename (and optionally re-note) an own group read at `expected_version`. Someone else
    changed it in between -> CrmRefusal('conflict'), nothing written."""
    group_id = _group_id(group_id)
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise _refusal("invalid_input", "the version the group was read at is required")
    name = clean_name(name)
    sets = [sql.SQL("name = %(name)s")]
    params: dict[str, Any] = {"name": name, "id": group_id, "version": expected_version}
    if note is not ...:
        sets.append(sql.SQL("note = %(note)s"))
        params["note"] = _clean_note(note)
    statement = sql.SQL("UPDATE crm.customer_group SET {} WHERE id = %(id)s AND version = %(version)s"
                        " RETURNING id").format(sql.SQL(", ").join(sets))
    try:
        row = _one(conn, statement, params)
    except CrmRefusal as error:
        raise _duplicate(error, name) from None
    if row is None:
        raise _explain_no_row(conn, group_id, expected_version)
    return get_group(conn, group_id)


def delete_group(conn: psycopg.Connection, group_id: int, expected_version: int | None = None) -> None:
    """Delete an own group with its members (not the customers). With `expected_version`, a group
    changed in between is not deleted (CrmRefusal('conflict'))."""
    group_id = _group_id(group_id)
    if expected_version is None:
        _, count = _run(conn, "DELETE FROM crm.customer_group WHERE id = %s", (group_id,), rows=False)
    else:
        _, count = _run(conn, "DELETE FROM crm.customer_group WHERE id = %s AND version = %s",
                        (group_id, expected_version), rows=False)
    if count == 0:
        raise _explain_no_row(conn, group_id, expected_version)


# Members ---------------------------------------------------------------------------------------------------

def add_customers(conn: psycopg.Connection, group_id: int, customer_ids: Sequence[int]) -> int:
    """Add customers by id to an own group; returns how many were new. Ids of customers the
    caller cannot see are skipped (the server would refuse them: they are selected through RLS);
    customers already in the group are left as they are."""
    group_id = _group_id(group_id)
    ids = _ids(customer_ids)
    _own_group(conn, group_id)
    if not ids:
        return 0
    _, count = _run(conn, """
        INSERT INTO crm.customer_group_member (group_id, customer_id)
        SELECT %s, c.id FROM crm.customer c WHERE c.id = ANY (%s::bigint[])
        ON CONFLICT DO NOTHING""", (group_id, ids), rows=False)
    return max(count, 0)


def add_query(conn: psycopg.Connection, group_id: int, query: CustomerQuery,
              ctx: TaskContext | None = None) -> int:
    """Add every customer of a list (the Customers tab's current filter, search and pool toggle)
    to an own group in one INSERT ... SELECT on the server (nothing travels row by row); returns
    how many were new. Cancellable: ctx.cancel() cancels the statement, which then adds nothing."""
    group_id = _group_id(group_id)
    _own_group(conn, group_id)
    ids, params = id_statement(query)
    params = dict(params)
    params["group_id"] = group_id
    statement = sql.SQL("INSERT INTO crm.customer_group_member (group_id, customer_id)"
                        " SELECT %(group_id)s::bigint, l.id FROM ({}) l ON CONFLICT DO NOTHING").format(ids)
    _, count = _run(conn, statement, params, ctx, rows=False)
    return max(count, 0)


def remove_members(conn: psycopg.Connection, group_id: int, customer_ids: Sequence[int]) -> int:
    """Remove customers from an own group; returns how many were removed."""
    group_id = _group_id(group_id)
    ids = _ids(customer_ids)
    _own_group(conn, group_id)
    if not ids:
        return 0
    _, count = _run(conn, "DELETE FROM crm.customer_group_member WHERE group_id = %s AND customer_id = ANY (%s::bigint[])",
                    (group_id, ids), rows=False)
    return max(count, 0)


def member_count(conn: psycopg.Connection, group_id: int) -> int:
    """Members of a group the caller can see."""
    row = _one(conn, "SELECT count(*) AS n FROM crm.customer_group_member WHERE group_id = %s", (_group_id(group_id),))
    return int(row["n"]) if row else 0


def members(conn: psycopg.Connection, group_id: int, *, after: tuple[str, int] | None = None,
            limit: int = MEMBER_LIMIT, ctx: TaskContext | None = None) -> list[dict]:
    """Members the caller can see, by account number: customer_id, account_no, name, branch_name,
    status, developer_name, added_at. A page of at most `limit`; the next page starts after the
    last row's (account_no, customer_id)."""
    group_id = _group_id(group_id)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 10000:
        raise _refusal("invalid_input", "a page holds 1 to 10000 members")
    get_group(conn, group_id)
    params: dict[str, Any] = {"group_id": group_id, "limit": limit}
    seek = sql.SQL("")
    if after is not None:
        if not isinstance(after, (tuple, list)) or len(after) != 2 or not isinstance(after[0], str) \
                or isinstance(after[1], bool) or not isinstance(after[1], int):
            raise _refusal("invalid_input", "a member position is an (account number, customer id) pair")
        seek = sql.SQL(' AND (c.account_no COLLATE "C", c.id) > (%(account)s, %(cid)s)')
        params.update(account=after[0], cid=after[1])
    statement = sql.SQL("""
        SELECT c.id AS customer_id, c.account_no, c.name, b.name AS branch_name, c.status,
               dev.name AS developer_name, m.added_at
          FROM crm.customer_group_member m
          JOIN crm.customer c ON c.id = m.customer_id
          JOIN crm.branch b ON b.id = c.branch_id
          LEFT JOIN crm.staff dev ON dev.id = c.developer_id
         WHERE m.group_id = %(group_id)s{seek}
         ORDER BY c.account_no COLLATE "C", c.id
         LIMIT %(limit)s""").format(seek=seek)
    got, _ = _run(conn, statement, params, ctx)
    return got


def groups_of_customer(conn: psycopg.Connection, customer_id: int) -> list[dict]:
    """The groups (visible to the caller) a customer belongs to: id, name, note, own, owner_name,
    owner_login, added_at; by name."""
    if isinstance(customer_id, bool) or not isinstance(customer_id, int):
        raise _refusal("invalid_input", f"{customer_id!r} is not a customer id")
    got, _ = _run(conn, """
        SELECT g.id, g.name, g.note, g.staff_id, g.staff_id = crm.current_staff_id() AS own,
               s.name AS owner_name, s.login AS owner_login, m.added_at
          FROM crm.customer_group_member m
          JOIN crm.customer_group g ON g.id = m.group_id
          LEFT JOIN crm.staff s ON s.id = g.staff_id
         WHERE m.customer_id = %s
         ORDER BY (g.staff_id = crm.current_staff_id()) DESC, g.name, g.id""", (customer_id,))
    return got


# The members as a list filter ---------------------------------------------------------------------------

# A pseudo filter of the customer query engine: Condition(GROUP_FILTER, "eq", group_id[, group_name])
# keeps the members of one customer group (the name in value2 is for display only). Member rows
# follow their own RLS policy.
GROUP_FILTER = "group"


def _compile_member_filter(condition: Condition, params: Params) -> sql.Composable:
    if condition.op != "eq":
        raise _refusal("invalid_input", f"客户群 (group): operator {condition.op!r} does not apply (only eq)")
    value = condition.value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2 ** 63:
        raise _refusal("invalid_input", f"客户群 (group): {condition.value!r} is not a group id")
    return sql.SQL("EXISTS (SELECT 1 FROM crm.customer_group_member m"
                   " WHERE m.group_id = {} AND m.customer_id = c.id)").format(params.add(value, "bigint"))


def _describe_member_filter(condition: Condition, lang: str) -> str:
    zh = lang.startswith("zh")
    op_en, op_zh = OP_LABELS.get(condition.op, (str(condition.op), str(condition.op)))
    return f"{'客户群' if zh else 'Customer group'} {op_zh if zh else op_en} {condition.value2 or condition.value}"


register_pseudo_filter(PseudoFilter(GROUP_FILTER, _compile_member_filter, _describe_member_filter))


# Statistics ------------------------------------------------------------------------------------------------

def _period(start: Any, end: Any) -> tuple[dt.date, dt.date]:
    for value in (start, end):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise _refusal("invalid_input", "a period is two dates")
    if end < start:
        raise _refusal("invalid_input", "the period ends before it starts")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise _refusal("invalid_input", f"a period of at most {MAX_PERIOD_DAYS} days")
    return start, end


def group_statistics(conn: psycopg.Connection, group_id: int, start: dt.date, end: dt.date, *,
                     limit: int = STATISTICS_LIMIT, ctx: TaskContext | None = None) -> GroupStatistics:
    """Per-member figures and totals of a visible group over [start, end] (see the module doc),
    computed in PostgreSQL in one statement: the totals are window aggregates over every member,
    the member rows are the first `limit` by account number."""
    group_id = _group_id(group_id)
    start, end = _period(start, end)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100000:
        raise _refusal("invalid_input", "1 to 100000 member rows")
    get_group(conn, group_id)
    got, _ = _run(conn, """
        WITH per AS MATERIALIZED (
            SELECT c.id AS customer_id, c.account_no, c.name, b.name AS branch_name,
                   last.trade_date AS assets_date, last.total_assets_cents,
                   coalesce(f.trade_volume_cents, 0) AS trade_volume_cents,
                   coalesce(f.commission_cents, 0) AS commission_cents,
                   coalesce(f.net_commission_cents, 0) AS net_commission_cents,
                   coalesce(f.interest_spread_cents, 0) AS interest_spread_cents,
                   coalesce(f.pnl_cents, 0) AS pnl_cents,
                   coalesce(f.trading_days, 0) AS trading_days
              FROM crm.customer_group_member m
              JOIN crm.customer c ON c.id = m.customer_id
              JOIN crm.branch b ON b.id = c.branch_id
              LEFT JOIN LATERAL (
                   SELECT sum(d.trade_volume_cents) AS trade_volume_cents,
                          sum(d.commission_cents) AS commission_cents,
                          sum(d.net_commission_cents) AS net_commission_cents,
                          sum(d.interest_spread_cents) AS interest_spread_cents,
                          sum(d.pnl_cents) AS pnl_cents,
                          count(*) AS trading_days
                     FROM crm.customer_daily d
                    WHERE d.customer_id = c.id AND d.trade_date BETWEEN %(start)s AND %(end)s) f ON true
              LEFT JOIN LATERAL (
                   SELECT d.trade_date, d.total_assets_cents
                     FROM crm.customer_daily d
                    WHERE d.customer_id = c.id AND d.trade_date BETWEEN %(start)s AND %(end)s
                    ORDER BY d.trade_date DESC
                    LIMIT 1) last ON true
             WHERE m.group_id = %(group_id)s)
        SELECT per.*,
               count(*) OVER () AS t_members,
               count(per.assets_date) OVER () AS t_members_with_facts,
               sum(per.total_assets_cents) OVER () AS t_total_assets_cents,
               sum(per.trade_volume_cents) OVER () AS t_trade_volume_cents,
               sum(per.commission_cents) OVER () AS t_commission_cents,
               sum(per.net_commission_cents) OVER () AS t_net_commission_cents,
               sum(per.interest_spread_cents) OVER () AS t_interest_spread_cents,
               sum(per.pnl_cents) OVER () AS t_pnl_cents,
               sum(per.trading_days) OVER () AS t_trading_days
          FROM per
         ORDER BY per.account_no COLLATE "C", per.customer_id
         LIMIT %(limit)s""", {"group_id": group_id, "start": start, "end": end, "limit": limit + 1}, ctx)
    totals: dict[str, Any] = {"members": 0, "members_with_facts": 0, "total_assets_cents": 0,
                              "trade_volume_cents": 0, "commission_cents": 0, "net_commission_cents": 0,
                              "interest_spread_cents": 0, "pnl_cents": 0, "trading_days": 0}
    rows = []
    for row in got:
        for key in list(totals):
            value = row.pop("t_" + key)
            totals[key] = int(value) if value is not None else 0
        for key in ("trade_volume_cents", "commission_cents", "net_commission_cents", "interest_spread_cents",
                    "pnl_cents", "trading_days"):
            row[key] = int(row[key])
        rows.append(row)
    truncated = len(rows) > limit
    return GroupStatistics(group_id, start, end, rows[:limit], totals, truncated)


# Periods (the dialog's presets) ---------------------------------------------------------------------------

def period_preset(preset: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """'this_month', 'last_month', 'this_year', 'last_year' -> (first day, last day)."""
    today = today or dt.date.today()
    first_of_month = today.replace(day=1)
    if preset == "this_month":
        following = (first_of_month + dt.timedelta(days=32)).replace(day=1)
        return first_of_month, following - dt.timedelta(days=1)
    if preset == "last_month":
        last = first_of_month - dt.timedelta(days=1)
        return last.replace(day=1), last
    if preset == "this_year":
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if preset == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    raise _refusal("invalid_input", f"unknown period {preset!r}")
