"""汇总统计: GROUP BY over the current list, computed in PostgreSQL."""

from __future__ import annotations

from typing import Sequence

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from crm_desktop.services.customer_query.columns import BOOL, MONEY, NUMBER, column, column_name, refuse
from crm_desktop.services.customer_query.query import CustomerQuery, execute, from_clause, query_base
from crm_desktop.services.tasks import TaskContext

AGGREGATES = ("count", "sum", "avg", "min", "max")
MAX_GROUPS = 10000


def aggregate_name(func: str, key: str | None) -> str:
    return func if key is None else f"{func}_{key}"


def summarize(conn: psycopg.Connection, query: CustomerQuery, group_by: Sequence[str],
              aggregates: Sequence[tuple[str, str | None]], *, max_groups: int = MAX_GROUPS,
              ctx: TaskContext | None = None) -> list[dict]:
    """GROUP BY `group_by` over the current list (filter, search, pool toggle; RLS), computed in
    PostgreSQL. `aggregates`: (func, column) with func in count/sum/avg/min/max; ("count", None)
    counts customers. Result rows: the group columns by key plus one value per aggregate named
    ``func_column`` (or ``count``); groups ordered by the group columns, NULLs last."""
    if isinstance(group_by, str) or len(group_by) > 5:
        raise refuse("group by at most 5 columns")
    if not aggregates and not group_by:
        raise refuse("choose group columns or aggregates")
    if len(aggregates) > 20:
        raise refuse("at most 20 aggregates")
    base = query_base(query)
    params = base.params
    joins = set(base.joins)
    select: list[sql.Composable] = []
    groups: list[sql.Composable] = []
    names: list[str] = []
    for i, key in enumerate(group_by):
        col = column(key)
        if not col.groupable:
            raise refuse(f"{column_name(col)} cannot be a group column")
        if key in names:
            raise refuse(f"{column_name(col)} is grouped twice")
        joins.update(col.joins)
        select.append(sql.SQL("{} AS {}").format(sql.SQL(col.expr), sql.Identifier(key)))
        groups.append(sql.SQL(str(i + 1)))
        names.append(key)
    for item in aggregates:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise refuse("an aggregate is a (function, column) pair")
        func, key = item
        if func not in AGGREGATES:
            raise refuse(f"unknown aggregate {func!r} (count, sum, avg, min, max)")
        name = aggregate_name(func, key)
        if name in names:
            raise refuse(f"aggregate {name} requested twice")
        if key is None:
            if func != "count":
                raise refuse(f"{func} needs a column")
            select.append(sql.SQL("count(*) AS {}").format(sql.Identifier(name)))
        else:
            col = column(key)
            if func in ("sum", "avg") and col.type not in (NUMBER, MONEY):
                raise refuse(f"{column_name(col)}: {func} needs a number column")
            if func in ("min", "max") and col.type == BOOL:
                raise refuse(f"{column_name(col)}: {func} does not apply to yes/no")
            joins.update(col.joins)
            select.append(sql.SQL("{}({}) AS {}").format(sql.SQL(func), sql.SQL(col.expr), sql.Identifier(name)))
        names.append(name)
    if not isinstance(max_groups, int) or max_groups < 1:
        raise refuse("max_groups must be positive")
    statement = sql.SQL("SELECT {select} FROM {src} WHERE {where}{group}{order} LIMIT {limit}").format(
        select=sql.SQL(", ").join(select), src=from_clause(joins), where=base.where,
        group=(sql.SQL(" GROUP BY ") + sql.SQL(", ").join(groups)) if groups else sql.SQL(""),
        order=(sql.SQL(" ORDER BY ") + sql.SQL(", ").join(g + sql.SQL(" NULLS LAST") for g in groups))
        if groups else sql.SQL(""),
        limit=params.add(max_groups + 1, "bigint"))
    rows = execute(conn, statement, params.values, ctx, dict_row)
    if len(rows) > max_groups:
        raise refuse(f"more than {max_groups} groups: choose coarser group columns or a narrower filter")
    return rows
