"""One list of customers as the Customers tab shows it (columns, filter, quick search, sort,
public-pool toggle): its validation, its FROM and WHERE, and running its statements on the
caller's connection (cancellable through a TaskContext)."""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass
from typing import Iterable, Sequence

import psycopg
from psycopg import sql

from crm_desktop.services.customer_query.columns import (COLUMNS, DEFAULT_COLUMNS, JOIN_ORDER, JOINS, column,
                                                         column_name, refuse)
from crm_desktop.services.customer_query.compile import TRUE, Params, all_of, compile_filter
from crm_desktop.services.customer_query.filters import Node
from crm_desktop.services.customer_query.search import compile_search
from crm_desktop.services.tasks import TaskCancelled, TaskContext


@dataclass(frozen=True)
class CustomerQuery:
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    filter: Node | None = None
    search: str = ""                      # the quick search box
    sort: str = "account_no"
    descending: bool = False
    public_pool_only: bool = False        # 公有客户 only (developer_id IS NULL)


@dataclass
class QueryBase:
    """A query's WHERE (filter, search and pool toggle), its bound parameters, and the JOINS keys
    the WHERE needs."""

    where: sql.Composable
    params: Params
    joins: set[str]


def _validate_query(query: CustomerQuery) -> None:
    if not isinstance(query, CustomerQuery):
        raise refuse("not a customer query")
    if not query.columns:
        raise refuse("choose at least one column")
    for key in query.columns:
        column(key)
    if len(set(query.columns)) != len(query.columns):
        raise refuse("a column is listed twice")
    sort = column(query.sort)
    if not sort.sortable:
        raise refuse(f"{column_name(sort)} cannot be sorted")


def query_base(query: CustomerQuery) -> QueryBase:
    _validate_query(query)
    params = Params()
    joins: set[str] = set()
    parts = [compile_filter(query.filter, params, joins), compile_search(query.search, params)]
    if query.public_pool_only:
        parts.append(sql.SQL("c.developer_id IS NULL"))
    return QueryBase(all_of([p for p in parts if p is not TRUE]), params, joins)


def validate(query: CustomerQuery) -> None:
    """Raise CrmRefusal('invalid_input') for anything the query engine would refuse."""
    query_base(query)


def _joined(joins: Iterable[str]) -> list[sql.Composable]:
    wanted = set(joins)
    return [sql.SQL(JOINS[j]) for j in JOIN_ORDER if j in wanted]


def from_clause(joins: Iterable[str]) -> sql.Composable:
    """``crm.customer c`` with the LEFT JOINs of the JOINS keys `joins`, in JOIN_ORDER."""
    return sql.SQL(" ").join([sql.SQL("crm.customer c")] + _joined(joins))


def join_clauses(joins: Iterable[str]) -> sql.Composable:
    """The LEFT JOINs alone (after a FROM that names crm.customer c in another way)."""
    return sql.SQL(" ").join(_joined(joins))


def select_list(keys: Sequence[str]) -> sql.Composable:
    items = [sql.SQL("c.id AS id")]
    for key in keys:
        items.append(sql.SQL("{} AS {}").format(sql.SQL(COLUMNS[key].expr), sql.Identifier(key)))
    return sql.SQL(", ").join(items)


def filtered_source(query: CustomerQuery) -> tuple[sql.Composable, dict, sql.Composable]:
    """(FROM, bound parameters, WHERE) of every customer of the list."""
    base = query_base(query)
    return from_clause(base.joins), base.params.values, base.where


def id_statement(query: CustomerQuery) -> tuple[sql.Composable, dict]:
    """``SELECT c.id FROM ... WHERE ...`` for every customer of the list (filter, search, pool
    toggle; RLS), with its bound parameters (named ``pN``), to be used inside a larger
    statement such as an INSERT ... SELECT (adding a whole list to a customer group)."""
    src, params, where = filtered_source(query)
    return sql.SQL("SELECT c.id FROM {} WHERE {}").format(src, where), params


def execute(conn: psycopg.Connection, statement: sql.Composable, params: dict, ctx: TaskContext | None,
            row_factory=None) -> list:
    """All rows of `statement`; ctx.cancel() cancels it on the server (TaskCancelled)."""
    if ctx is not None:
        ctx.check()
        ctx.watch(conn)
    try:
        with conn.cursor(row_factory=row_factory) if row_factory else conn.cursor() as cur:
            cur.execute(statement, params, prepare=False)
            return cur.fetchall()
    except psycopg.errors.QueryCanceled:
        if ctx is not None and ctx.cancelled:
            raise TaskCancelled() from None
        raise


# Branch hint: a staff member who can see customers of one branch only gets `c.branch_id = that
# branch` added to list queries. It never changes the result (the customer policy requires the
# branch to be among crm.my_visible_branch_ids()); it tells the planner what the RLS InitPlans
# hide, so a one-branch user's account-number order reads its own band of
# customer_branch_account_idx instead of skipping the other branches' part of the index.
# Re-read every BRANCH_HINT_SECONDS.
_branch_cache: "weakref.WeakKeyDictionary[psycopg.Connection, tuple[float, list[int]]]" = weakref.WeakKeyDictionary()
BRANCH_HINT_SECONDS = 10.0


def _visible_branches(conn: psycopg.Connection, ctx: TaskContext | None) -> list[int]:
    now = time.monotonic()
    cached = _branch_cache.get(conn)
    if cached is not None and now - cached[0] < BRANCH_HINT_SECONDS:
        return cached[1]
    rows = execute(conn, sql.SQL(
        "SELECT CASE WHEN has_function_privilege('crm.my_visible_branch_ids()', 'EXECUTE')"
        " THEN crm.my_visible_branch_ids() END"), {}, ctx)
    branches = list(rows[0][0] or []) if rows else []
    _branch_cache[conn] = (now, branches)
    return branches


def forget_branch_hint(conn: psycopg.Connection) -> None:
    _branch_cache.pop(conn, None)


def hinted_base(conn: psycopg.Connection, query: CustomerQuery, ctx: TaskContext | None) -> QueryBase:
    """The query's base with the branch hint (for statements that read the list in order)."""
    base = query_base(query)
    branches = _visible_branches(conn, ctx)
    if len(branches) != 1:
        return base
    params = base.params.copy()
    hint = sql.SQL("c.branch_id = {}").format(params.add(branches[0], "smallint"))
    where = hint if base.where is TRUE else all_of([base.where, hint])
    return QueryBase(where, params, base.joins)
