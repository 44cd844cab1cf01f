"""Public pool recycling (公共池回收, 常见问题 5), without Qt.

HQ sets the policy (on/off, days without a visit or contact, warning days ahead); the HQ agent
(agent/pool_recycling.py) returns the due customers' live relationships to the pool each round and
records a run per branch with one item per customer; the owner sees what is coming in 今日提醒
(``due_soon``); a marketing director or HQ marketing reverses one item. Every rule is the
server's (db/sql/objects/crm.pool_recycle_candidates.sql and the definer functions next to it);
this module only calls them on the signed-in staff member's connection and turns refusals into
CrmRefusal.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from crm_desktop.services.customer_query.values import whole_number
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.reminders import DEFAULT_LIMIT, MAX_LIMIT, ReminderRows
from crm_desktop.services.staff_admin import refusals

DAYS_RANGE = (7, 3650)
WARNING_DAYS_RANGE = (0, 365)
MAX_NOTE = 500
RUNS_LIMIT = 500
ITEMS_LIMIT = 5000


def _rows(conn: psycopg.Connection, query: str, params: Any = None) -> list[dict]:
    with refusals(), conn.cursor(row_factory=dict_row) as cur:
        cur.execute(query, params)
        return cur.fetchall() if cur.description is not None else []


def get_policy(conn: psycopg.Connection) -> dict:
    """enabled, days, warning_days, enabled_since (None while off), updated_at, updated_by."""
    return _rows(conn, "SELECT enabled, days, warning_days, enabled_since, updated_at, updated_by "
                       "FROM crm.pool_recycle_policy")[0]


def set_policy(conn: psycopg.Connection, enabled: bool, days: int, warning_days: int) -> dict:
    """HQ only (the server checks). Switching on starts a grace of `warning_days`."""
    if not isinstance(enabled, bool):
        raise CrmRefusal("invalid_input", "enabled must be true or false")
    days = whole_number(days, "days", *DAYS_RANGE)
    warning_days = whole_number(warning_days, "warning days", *WARNING_DAYS_RANGE)
    if warning_days >= days:
        raise CrmRefusal("invalid_input", "warning days must be fewer than the days without contact")
    row = _rows(conn, "SELECT enabled, days, warning_days, enabled_since, updated_at, updated_by "
                      "FROM crm.set_pool_recycle_policy(%s, %s, %s)", (enabled, days, warning_days))[0]
    return row


def due_soon(conn: psycopg.Connection, limit: int = DEFAULT_LIMIT) -> ReminderRows:
    """The caller's own developed customers due for recycling within the warning days, soonest
    first: id (the customer), account_no, name, branch_name, valid_from, last_contact_at (None:
    never contacted), since, due_on, days_left (0: due, the agent's next round recycles it). The
    exact total is ``total`` of the result (also when cut at `limit`)."""
    limit = whole_number(limit, "limit", 1, MAX_LIMIT)
    rows = _rows(conn, "SELECT customer_id AS id, account_no, name, branch_name, valid_from, last_contact_at, "
                       "since, due_on, days_left, total FROM crm.my_recycling_due(%s)", (limit + 1,))
    total = rows[0]["total"] if rows else 0
    for row in rows:
        row.pop("total")
    result = ReminderRows(rows[:limit], limit=limit, truncated=len(rows) > limit)
    result.total = total
    return result


def runs(conn: psycopg.Connection, limit: int = RUNS_LIMIT) -> list[dict]:
    """Recycling runs of the branches the caller may see (HQ: all), newest first: id, run_at,
    branch_id, branch_name, days, customers, relationships, reversed (items reversed since)."""
    limit = whole_number(limit, "limit", 1, RUNS_LIMIT)
    return _rows(conn, """
        SELECT r.id, r.run_at, r.branch_id, b.name AS branch_name, r.days, r.customers, r.relationships,
               (SELECT count(*) FROM crm.pool_recycle_item i
                 WHERE i.run_id = r.id AND i.reversed_at IS NOT NULL)::integer AS reversed
          FROM crm.pool_recycle_run r JOIN crm.branch b ON b.id = r.branch_id
         ORDER BY r.run_at DESC, r.id DESC
         LIMIT %s""", (limit,))


def run_scope(conn: psycopg.Connection) -> dict:
    """Whose runs the caller sees (crm.my_approval_branch_ids, the runs' policy): ``all`` when
    every branch (HQ), else how many ``branches`` and, for one, its ``branch_name``."""
    return _rows(conn, """
        WITH me AS MATERIALIZED (SELECT crm.my_approval_branch_ids() AS ids)
        SELECT NOT EXISTS (SELECT 1 FROM crm.branch b WHERE b.kind = 'branch' AND b.id <> ALL (me.ids)) AS all,
               (SELECT count(*) FROM crm.branch b WHERE b.kind = 'branch' AND b.id = ANY (me.ids))::integer
                   AS branches,
               (SELECT min(b.name) FROM crm.branch b WHERE b.kind = 'branch' AND b.id = ANY (me.ids))
                   AS branch_name
          FROM me""")[0]


def run_items(conn: psycopg.Connection, run_id: int, limit: int = ITEMS_LIMIT) -> list[dict]:
    """The customers one run recycled: id (the item), customer_id, account_no, name, developer_name,
    service_staff_name, since, last_contact_at, reversed_at, reversed_by, reverse_note."""
    run_id = whole_number(run_id, "run", 1, 2**63 - 1)
    limit = whole_number(limit, "limit", 1, ITEMS_LIMIT)
    return _rows(conn, """
        SELECT i.id, i.customer_id, c.account_no, c.name, d.name AS developer_name,
               s.name AS service_staff_name, i.since, i.last_contact_at, i.reversed_at, i.reversed_by,
               i.reverse_note
          FROM crm.pool_recycle_item i
          JOIN crm.customer c ON c.id = i.customer_id
          JOIN crm.staff d ON d.id = i.developer_id
          LEFT JOIN crm.staff s ON s.id = i.service_staff_id
         WHERE i.run_id = %s
         ORDER BY i.id
         LIMIT %s""", (run_id, limit))


def reverse(conn: psycopg.Connection, item_id: int, note: str | None = None) -> None:
    """Reverse one recycled customer (a marketing director of its branch, or HQ marketing)."""
    item_id = whole_number(item_id, "item", 1, 2**63 - 1)
    if note is not None:
        note = note.replace("\x00", "").strip()
        if len(note) > MAX_NOTE:
            raise CrmRefusal("invalid_input", f"the note must be at most {MAX_NOTE} characters")
    _rows(conn, "SELECT crm.reverse_recycling(%s, %s)", (item_id, note or None))
