"""The list's order as *segments*, its keys, and the whole list in that order (export).

A sort is a sequence of segments, each read in index order:

* a plain column: its non-NULL values ordered by ``(expression, id)``, then (nullable columns)
  the NULLs ordered by ``c.id`` -- NULLs come last in both directions;
* a column with a few known values (status, gender, public pool): one segment per value in the
  column's natural order (status: normal, dormant, closed), each ordered by ``c.id``;
* a staff name (developer, service staff): the distinct visible names in order, each name's
  customers by ``c.id`` (a LATERAL join per name on the (developer_id, id) index).

A key is ``(sort value, customer id)``; its segment follows from the value. Descending reverses
the order inside the segments and their sequence (NULLs stay last); reading backwards reads the
reversed sequence. ``age`` sorts by birthday (reversed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from psycopg import sql

from crm_desktop.services.customer_query.columns import COLUMNS, Column, column_name, refuse
from crm_desktop.services.customer_query.query import CustomerQuery, from_clause, query_base


@dataclass(frozen=True)
class Segment:
    kind: str                   # 'range' | 'null' | 'eq'
    value: Any = None
    desc: bool = False


def segments(col: Column, descending: bool) -> list[Segment]:
    desc = descending != col.sort_reversed
    if col.sort_values is not None:
        values = list(col.sort_values)[::-1] if desc else list(col.sort_values)
        segs = [Segment("eq", v, desc) for v in values]
    else:
        segs = [Segment("range", None, desc)]
    if col.order_nullable:
        segs.append(Segment("null", None, desc))
    return segs


def reversed_segments(segs: list[Segment]) -> list[Segment]:
    return [replace(s, desc=not s.desc) for s in reversed(segs)]


def segment_of(segs: list[Segment], col: Column, value: Any) -> int:
    for i, s in enumerate(segs):
        if s.kind == "null" and value is None:
            return i
        if s.kind == "range" and value is not None:
            return i
        if s.kind == "eq" and value is not None and value == s.value:
            return i
    raise refuse(f"not a position in a list sorted by {column_name(col)}: {value!r}")


def check_key(key: Any) -> tuple[Any, int]:
    if not isinstance(key, (tuple, list)) or len(key) != 2 or isinstance(key[1], bool) \
            or not isinstance(key[1], int):
        raise refuse("a list position is a (sort value, customer id) pair")
    return key[0], key[1]


_KEY_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,), "bpchar": (str,), "date": (dt.date,), "smallint": (int,), "integer": (int,),
    "bigint": (int,), "boolean": (bool,), "timestamptz": (dt.datetime,),
}


def key_value(col: Column, value: Any) -> Any:
    """A key's sort value, checked against the sort column's type (keys come back from the GUI)."""
    kind = col.order_pg_type
    ok = isinstance(value, _KEY_TYPES[kind])
    if kind == "date" and isinstance(value, dt.datetime):
        ok = False
    if kind in ("smallint", "integer", "bigint") and isinstance(value, bool):
        ok = False
    if isinstance(value, str) and ("\x00" in value or len(value) > 1000):
        ok = False
    if not ok:
        raise refuse(f"not a position in a list sorted by {column_name(col)}: {value!r}")
    return value


def export_statement(query: CustomerQuery, with_id: bool = False) -> tuple[sql.Composable, dict]:
    """``SELECT <query.columns> ... ORDER BY ...`` over the whole list (filter, search, pool
    toggle; RLS), in exactly the order the paged list shows: the sort column's segments (values
    in their natural order, NULLs last), ties and each value segment by ``c.id`` in the same
    direction. One row per customer with the visible columns, in ``query.columns`` order, under
    their keys (`with_id`: the customer id after them). Meant for a server-side cursor
    (services.export); never paged with OFFSET."""
    base = query_base(query)
    params = base.params
    col = COLUMNS[query.sort]
    segs = segments(col, query.descending)
    joins = set(base.joins) | set(col.order_joins)
    for key in query.columns:
        joins.update(COLUMNS[key].joins)
    e = sql.SQL(col.order_expr)
    desc = segs[0].desc
    d = sql.SQL("DESC" if desc else "ASC")
    if col.sort_values is not None:
        whens = [sql.SQL("WHEN {} = {} THEN {}").format(e, params.add(s.value, col.order_pg_type), sql.Literal(i))
                 for i, s in enumerate(segs) if s.kind == "eq"]
        first = sql.SQL("CASE {} END ASC NULLS LAST").format(sql.SQL(" ").join(whens))
    else:
        first = sql.SQL("{} {} NULLS LAST").format(e, d)
    items = [sql.SQL("{} AS {}").format(sql.SQL(COLUMNS[key].expr), sql.Identifier(key)) for key in query.columns]
    if with_id:
        items.append(sql.SQL("c.id"))
    statement = sql.SQL("SELECT {cols} FROM {src} WHERE {where} ORDER BY {first}, c.id {d}").format(
        cols=sql.SQL(", ").join(items), src=from_clause(joins), where=base.where, first=first, d=d)
    return statement, params.values
