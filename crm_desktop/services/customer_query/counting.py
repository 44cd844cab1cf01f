"""How long the list is: the planner's estimate scaled to what the caller sees, a count that
stops at a cap, and the exact (cancellable) count."""

from __future__ import annotations

import json
import time
import weakref

import psycopg
from psycopg import sql

from crm_desktop.services.customer_query.compile import TRUE
from crm_desktop.services.customer_query.query import CustomerQuery, execute, filtered_source, forget_branch_hint
from crm_desktop.services.tasks import TaskContext


def _plan_rows(conn: psycopg.Connection, src: sql.Composable, where: sql.Composable, params: dict,
               ctx: TaskContext | None = None) -> float:
    statement = sql.SQL("EXPLAIN (FORMAT JSON) SELECT 1 FROM {} WHERE {}").format(src, where)
    plan = execute(conn, statement, params, ctx)[0][0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


# Per connection: (when, customers visible to it, planner rows of the unfiltered list).
_calibration: "weakref.WeakKeyDictionary[psycopg.Connection, tuple[float, int, float]]" = \
    weakref.WeakKeyDictionary()
CALIBRATION_SECONDS = 600.0


def calibrate(conn: psycopg.Connection, ctx: TaskContext | None) -> tuple[int, float]:
    """(customers visible to `conn`, the planner's rows for the unfiltered list), cached for
    CALIBRATION_SECONDS."""
    now = time.monotonic()
    cached = _calibration.get(conn)
    if cached is not None and now - cached[0] < CALIBRATION_SECONDS:
        return cached[1], cached[2]
    visible = int(execute(conn, sql.SQL("SELECT count(*) FROM crm.customer c"), {}, ctx)[0][0])
    planned = _plan_rows(conn, sql.SQL("crm.customer c"), TRUE, {}, ctx)
    _calibration[conn] = (now, visible, planned)
    return visible, planned


def forget_calibration(conn: psycopg.Connection) -> None:
    """Drop what the engine cached for `conn` (visible count, branch hint)."""
    _calibration.pop(conn, None)
    forget_branch_hint(conn)


def estimate_count(conn: psycopg.Connection, query: CustomerQuery, *, calibrated: bool = True,
                   ctx: TaskContext | None = None) -> int:
    """The planner's row estimate (EXPLAIN, no rows read). The planner cannot see through the RLS
    helpers (a marketer seeing 6 000 of 2 000 000 customers is estimated at ~1.5 M), so by default
    the estimate is scaled by the caller's visible share: one count(*) of the visible customers
    per connection, cached for CALIBRATION_SECONDS (~40 ms on 2 M customers); after that each
    estimate is one EXPLAIN (~1 ms)."""
    src, params, where = filtered_source(query)
    rows = _plan_rows(conn, src, where, params, ctx)
    if not calibrated:
        return int(round(rows))
    visible, planned = calibrate(conn, ctx)
    if planned <= 0:
        return 0
    if where is TRUE:
        return visible
    return int(min(visible, round(rows * visible / planned)))


def count_up_to(conn: psycopg.Connection, query: CustomerQuery, cap: int, ctx: TaskContext | None = None) -> int:
    """count(*) of the list that stops reading after cap + 1 rows: exact when at most `cap`."""
    src, params, where = filtered_source(query)
    statement = sql.SQL("SELECT count(*) FROM (SELECT 1 FROM {} WHERE {} LIMIT {}) AS upto").format(
        src, where, sql.Literal(int(cap) + 1))
    return int(execute(conn, statement, params, ctx)[0][0])


def exact_count(conn: psycopg.Connection, query: CustomerQuery, ctx: TaskContext | None = None) -> int:
    """count(*) of the list; cancellable: ctx.cancel() cancels the query on the server
    (TaskCancelled is raised)."""
    src, params, where = filtered_source(query)
    statement = sql.SQL("SELECT count(*) FROM {} WHERE {}").format(src, where)
    return int(execute(conn, statement, params, ctx)[0][0])
