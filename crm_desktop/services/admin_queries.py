"""Read queries of the Administration tab (Qt-free): pickers, sessions, login events, audit log.

Every function takes an open psycopg connection of a signed-in administrator; row-level
security decides what comes back (a branch administrator sees their branches, HQ all).
Filter values are always bound parameters. Lists are capped (`limit`); `Rows.truncated`
says whether more rows matched than were returned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import psycopg
from psycopg.rows import dict_row

from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.staff_admin import refusals

DEFAULT_LIMIT = 1000

# crm.login_event.outcome, in the order a picker shows them.
LOGIN_OUTCOMES = ("success", "bad_password", "mac_refused", "maintenance", "password_change_required",
                  "account_inactive", "locked", "unlocked", "password_bypass", "logout", "session_ended")

# Security refusals of staff logins, written by the agent from the server log (db/sql/0016): no
# table of that name, and no trigger.
REFUSAL_TABLE = "security_refusal"
AUDITED_WITHOUT_TRIGGER = (REFUSAL_TABLE,)

# What the audit log can be filtered by: the tables with an audit trigger (db/sql/0001_security.sql,
# 0003, 0004, 0006; a catalog test keeps the list complete) and the entries written without one.
AUDITED_TABLES = ("staff", "staff_role", "staff_post", "staff_branch_scope", "staff_mac", "policy",
                  "customer_ext", "relationship", "visit", "customer_group", "export_log", "pivot_layout",
                  "approval_request", "approval_step", "approval_flow_step", "reservation", "holiday",
                  "pool_recycle_policy", "pool_recycle_item", "branch",
                  "sales_target", "contribution_weight", "vip_level", "asset_range_setting",
                  ) + AUDITED_WITHOUT_TRIGGER


@dataclass
class Rows:
    rows: list[dict] = field(default_factory=list)
    truncated: bool = False
    limit: int = DEFAULT_LIMIT

    def __len__(self) -> int:
        return len(self.rows)


def like_pattern(text: str) -> str:
    """`text` as a literal substring pattern for (I)LIKE: %, _ and \\ lose their meaning."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fetch(conn: psycopg.Connection, query: str, params: dict) -> list[dict]:
    with refusals(), conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, params).fetchall()


def _capped(conn: psycopg.Connection, query: str, params: dict, limit: int) -> Rows:
    if limit < 1:
        raise ValueError("limit must be positive")
    rows = _fetch(conn, query + " LIMIT %(limit_plus_one)s", dict(params, limit_plus_one=limit + 1))
    return Rows(rows[:limit], len(rows) > limit, limit)


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


# Pickers -----------------------------------------------------------------------------------

def list_branches(conn: psycopg.Connection) -> list[dict]:
    """Every branch (reference data) with `administered`: may the caller administer its staff?"""
    return _fetch(conn, """
        SELECT b.id, b.code, b.name, b.kind,
               coalesce(b.id = ANY (crm.my_admin_branch_ids()), false) AS administered
          FROM crm.branch b
         ORDER BY b.kind = 'hq' DESC, b.code""", {})


def list_roles(conn: psycopg.Connection) -> list[dict]:
    """Roles with their permissions (codes)."""
    return _fetch(conn, """
        SELECT r.code, r.name_zh, r.name_en,
               coalesce(array_agg(rp.permission_code ORDER BY rp.permission_code)
                        FILTER (WHERE rp.permission_code IS NOT NULL), '{}') AS permissions
          FROM crm.role r
          LEFT JOIN crm.role_permission rp ON rp.role_code = r.code
         GROUP BY r.code, r.name_zh, r.name_en
         ORDER BY r.code""", {})


def list_posts(conn: psycopg.Connection) -> list[dict]:
    return _fetch(conn, "SELECT code, name_zh, name_en FROM crm.approval_post ORDER BY code", {})


def list_staff_types(conn: psycopg.Connection) -> list[dict]:
    return _fetch(conn, "SELECT code, name_zh, name_en FROM crm.staff_type ORDER BY code", {})


def reference_data(conn: psycopg.Connection) -> dict[str, list[dict]]:
    """Everything the staff dialogs pick from, in one round of queries."""
    return {"branches": list_branches(conn), "roles": list_roles(conn), "posts": list_posts(conn),
            "staff_types": list_staff_types(conn)}


# Sessions ------------------------------------------------------------------------------------

def list_sessions(conn: psycopg.Connection, include_closed: bool = False, limit: int = 500) -> Rows:
    """Sessions newest first. `idle_for` is the backend's idle time when the caller may see it
    (pg_stat_activity), else the time since the client last reported activity; `open` says
    whether the session row is still open."""
    return _capped(conn, """
        SELECT o.*, o.closed_at IS NULL AS open,
               CASE WHEN o.closed_at IS NULL
                    THEN coalesce(o.idle_for, now() - o.last_activity_at) END AS idle_for
          FROM crm.session_overview o
         WHERE %(include_closed)s OR o.closed_at IS NULL
         ORDER BY o.opened_at DESC, o.id DESC""", {"include_closed": include_closed}, limit)


def list_sign_ins(conn: psycopg.Connection, include_closed: bool = False, limit: int = 500) -> Rows:
    """Sign-ins newest first (see :func:`sign_ins`) from the newest `limit` session rows."""
    sessions = list_sessions(conn, include_closed=include_closed, limit=limit)
    return Rows(sign_ins(sessions.rows), sessions.truncated, sessions.limit)


def sign_ins(sessions: list[dict]) -> list[dict]:
    """Session rows grouped by signed-in client: crm.app_session has one row per connection, and
    one sign-in of the app opens several (one per worker thread). Connections of the same login
    from the same PC (host, MACs, address, version) belong to one sign-in while their times
    overlap. A sign-in is the first connection's row plus `connections` (newest first),
    `open_connections`, `open` (any connection open), `opened_at` (the first), `idle_for` (the
    least idle open connection), `closed_at` / `close_reason` (of the last, once all are closed)."""
    groups: list[list[dict]] = []
    latest_group: dict[tuple, list[dict]] = {}
    for row in sorted(sessions, key=lambda r: (r["opened_at"], r["id"])):
        key = (row["login"], row.get("hostname"), tuple(sorted(row.get("macs") or ())), str(row.get("client_addr")),
               row.get("app_version"))
        group = latest_group.get(key)
        if group is None or not _still_open_at(group, row["opened_at"]):
            group = latest_group[key] = []
            groups.append(group)
        group.append(row)
    result = []
    for group in groups:
        still_open = [r for r in group if r["open"]]
        last_closed = max((r for r in group if not r["open"]), key=lambda r: r["closed_at"], default=None)
        idle = [r["idle_for"] for r in still_open if r["idle_for"] is not None]
        result.append(dict(
            group[0], connections=sorted(group, key=lambda r: (r["opened_at"], r["id"]), reverse=True),
            open_connections=len(still_open), open=bool(still_open), idle_for=min(idle) if idle else None,
            closed_at=None if still_open else last_closed["closed_at"],
            close_reason=None if still_open else last_closed.get("close_reason")))
    result.sort(key=lambda r: (r["opened_at"], r["id"]), reverse=True)
    return result


def _still_open_at(connections: list[dict], moment: dt.datetime) -> bool:
    ends = [r["closed_at"] for r in connections]
    return None in ends or moment <= max(ends)


# The HQ agent ---------------------------------------------------------------------------------

def agent_health(conn: psycopg.Connection) -> list[dict]:
    """Each agent job's health record: last run, ok, last error, records skipped. For the agent
    and HQ administrators (the server refuses others)."""
    return _fetch(conn, "SELECT * FROM crm.agent_health()", {})


# Login events --------------------------------------------------------------------------------

def list_login_events(conn: psycopg.Connection, login: str | None = None, outcome: str | None = None,
                      since: dt.datetime | dt.date | None = None, until: dt.datetime | dt.date | None = None,
                      limit: int = DEFAULT_LIMIT) -> Rows:
    """Login history, newest first. `login` matches as a substring (case-insensitive);
    `since` is inclusive, `until` exclusive."""
    if outcome is not None and outcome not in LOGIN_OUTCOMES:
        raise CrmRefusal("invalid_input", f'unknown login outcome "{outcome}"')
    login = _clean(login)
    return _capped(conn, """
        SELECT e.id, e.at, e.login, s.name AS staff_name, b.code AS branch_code, e.outcome, e.macs,
               e.hostname, e.client_addr, e.detail, e.reason, e.source
          FROM crm.login_event e
          LEFT JOIN crm.staff s ON s.id = e.staff_id
          LEFT JOIN crm.branch b ON b.id = e.branch_id
         WHERE (%(login)s::text IS NULL OR e.login ILIKE %(pattern)s)
           AND (%(outcome)s::text IS NULL OR e.outcome = %(outcome)s)
           AND (%(since)s::timestamptz IS NULL OR e.at >= %(since)s)
           AND (%(until)s::timestamptz IS NULL OR e.at < %(until)s)
         ORDER BY e.at DESC, e.id DESC""",
        {"login": login, "pattern": like_pattern(login or ""), "outcome": outcome,
         "since": since, "until": until}, limit)


# Audit log -----------------------------------------------------------------------------------

def list_audit_log(conn: psycopg.Connection, actor: str | None = None, table: str | None = None,
                   since: dt.datetime | dt.date | None = None, until: dt.datetime | dt.date | None = None,
                   row_key: str | None = None, limit: int = DEFAULT_LIMIT) -> Rows:
    """Audit entries newest first. `actor` and `row_key` match as substrings; `table` exactly."""
    actor, table, row_key = _clean(actor), _clean(table), _clean(row_key)
    return _capped(conn, """
        SELECT a.id, a.at, a.actor, a.table_name, a.action, a.row_key, b.code AS branch_code,
               a.old_values, a.new_values
          FROM crm.audit_log a
          LEFT JOIN crm.branch b ON b.id = a.branch_id
         WHERE (%(actor)s::text IS NULL OR a.actor ILIKE %(actor_pattern)s)
           AND (%(table)s::text IS NULL OR a.table_name = %(table)s)
           AND (%(row_key)s::text IS NULL OR a.row_key ILIKE %(key_pattern)s)
           AND (%(since)s::timestamptz IS NULL OR a.at >= %(since)s)
           AND (%(until)s::timestamptz IS NULL OR a.at < %(until)s)
         ORDER BY a.at DESC, a.id DESC""",
        {"actor": actor, "actor_pattern": like_pattern(actor or ""), "table": table,
         "row_key": row_key, "key_pattern": like_pattern(row_key or ""), "since": since, "until": until},
        limit)


def changed_values(entry: dict) -> list[tuple[str, object, object]]:
    """(column, old, new) for each column an audit entry records, in a stable order.

    Updates list the changed columns only (the trigger stores just those); inserts have
    old = None for every column, deletes new = None. The stored masked copies of personal data
    (`mobile_masked`, ...) are left out: the audit already records the personal column masked.
    """
    old = entry.get("old_values") or {}
    new = entry.get("new_values") or {}
    keys = [k for k in list(new.keys()) + [k for k in old.keys() if k not in new] if not k.endswith("_masked")]
    return [(k, old.get(k), new.get(k)) for k in keys]
