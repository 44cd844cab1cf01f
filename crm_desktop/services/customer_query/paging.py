"""Pages of the list in order (keyset pagination, never OFFSET).

A page reads the rest of its key's segment (see :mod:`.ordering`) with a row-value seek
(``(expr, c.id) > (%s, %s)``, an index condition on the (column, id) indexes of migration 0002),
and continues into the next segments only when the page is not full yet. Each statement first
selects the page's customers (with only the joins its conditions and order need), then joins
the display columns of those <= limit rows."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from crm_desktop.services.customer_query.columns import COLUMNS, CUSTOMER_ROW, JOIN_PROBES, Column, refuse
from crm_desktop.services.customer_query.compile import TRUE, Params, all_of
from crm_desktop.services.customer_query.ordering import (Segment, check_key, key_value, reversed_segments,
                                                          segment_of, segments)
from crm_desktop.services.customer_query.query import (CustomerQuery, QueryBase, execute, from_clause,
                                                       hinted_base, join_clauses, select_list)
from crm_desktop.services.tasks import TaskContext

DEFAULT_LIMIT = 200


@dataclass
class Page:
    """One page in list order. `keys[i]` is the keyset key of `rows[i]`.

    `has_more`: more rows lie beyond this page in the direction it was read (after `last_key`
    when reading forward, before `first_key` for `before=` / the last page). `at_start` /
    `at_end`: whether the page touches the start / end of the list (None: unknown).
    """

    rows: list[dict]
    keys: list[tuple]
    has_more: bool
    backward: bool = False
    at_start: bool | None = None
    at_end: bool | None = None

    @property
    def first_key(self) -> tuple | None:
        return self.keys[0] if self.keys else None

    @property
    def last_key(self) -> tuple | None:
        return self.keys[-1] if self.keys else None


def _inner_page(col: Column, seg: Segment, base: QueryBase, params: Params, key: tuple | None, inclusive: bool,
                limit: int) -> sql.Composable:
    """SELECT <CUSTOMER_ROW>, <sort value> AS _sort_value ... ORDER BY ... LIMIT: one segment's rows, in
    index order, optionally from `key` on."""
    e = sql.SQL(col.order_expr)
    d = sql.SQL("DESC" if seg.desc else "ASC")
    gt = sql.SQL(("<" if seg.desc else ">") + ("=" if inclusive else ""))
    conds: list[sql.Composable] = [] if base.where is TRUE else [base.where]
    joins = set(base.joins) | set(col.order_joins)
    if seg.kind == "null" and len(col.order_joins) == 1:
        joins = set(base.joins)
        e_null = sql.SQL("(SELECT {} FROM {})").format(e, sql.SQL(JOIN_PROBES[col.order_joins[0]]))
    else:
        e_null = e
    if key is not None:
        value, cid = check_key(key)
        if seg.kind == "range":
            value = key_value(col, value)
    if seg.kind == "range" and col.group_table:
        # Few distinct values in a joined table (staff names): walk the values in order and
        # read each one's customers by id (LATERAL); the (developer_id, id) index serves each.
        gconds = [sql.SQL("{} IS NOT NULL").format(e)]
        conds.append(sql.SQL("{} = g.v").format(e))
        if key is not None:
            gconds.append(sql.SQL("{} {}= {}").format(e, sql.SQL("<" if seg.desc else ">"),
                                                        params.add(value, col.order_pg_type)))
            conds.append(sql.SQL("(g.v {} {} OR c.id {} {})").format(
                sql.SQL("<" if seg.desc else ">"), params.add(value, col.order_pg_type), gt,
                params.add(cid, "bigint")))
        n = params.add(limit, "bigint")
        return sql.SQL(
            "SELECT {row}, g.v AS _sort_value"
            " FROM (SELECT DISTINCT {e} AS v FROM {table} WHERE {gwhere} ORDER BY 1 {d}) g"
            " CROSS JOIN LATERAL (SELECT {row} FROM {src} WHERE {where} ORDER BY c.id {d} LIMIT {n}) c"
            " ORDER BY g.v {d}, c.id {d} LIMIT {n}").format(
            row=sql.SQL(CUSTOMER_ROW), e=e, table=sql.SQL(col.group_table), gwhere=all_of(gconds), d=d,
            src=from_clause(joins), where=all_of(conds), n=n)
    if seg.kind == "range":
        # The non-NULL part of a joined column is an inner join (tiebreak = c.id), so the order
        # and the seek can use the joined table's (column, customer_id) index.
        tb = sql.SQL(col.tiebreak)
        if col.order_nullable:
            conds.append(sql.SQL("{} IS NOT NULL").format(e))
        order = sql.SQL("{e} {d}, {tb} {d}").format(e=e, d=d, tb=tb)
        if key is not None:
            conds.append(sql.SQL("({}, {}) {} ({}, {})").format(
                e, tb, gt, params.add(value, col.order_pg_type), params.add(cid, "bigint")))
    else:
        if seg.kind == "null":
            conds.append(sql.SQL("{} IS NULL").format(e_null))
        else:
            conds.append(sql.SQL("{} = {}").format(e, params.add(seg.value, col.order_pg_type)))
        order = sql.SQL("c.id {}").format(d)
        if key is not None:
            conds.append(sql.SQL("c.id {} {}").format(gt, params.add(cid, "bigint")))
    return sql.SQL("SELECT {row}, {e} AS _sort_value FROM {src} WHERE {where} ORDER BY {order} LIMIT {n}").format(
        row=sql.SQL(CUSTOMER_ROW), e=e_null if seg.kind == "null" else e, src=from_clause(joins),
        where=all_of(conds), order=order, n=params.add(limit, "bigint"))


def _read_segments(conn: psycopg.Connection, query: CustomerQuery, base: QueryBase, segs: list[Segment],
                   start: int, key: tuple | None, inclusive: bool, want: int,
                   ctx: TaskContext | None) -> list[tuple[dict, tuple]]:
    col = COLUMNS[query.sort]
    out: list[tuple[dict, tuple]] = []
    outer_joins: set[str] = set()
    for k in query.columns:
        outer_joins.update(COLUMNS[k].joins)
    for i in range(start, len(segs)):
        params = base.params.copy()
        seg = segs[i]
        inner = _inner_page(col, seg, base, params, key if i == start else None, inclusive, want - len(out))
        # The page of customers first (only the joins its conditions and order need), then the
        # display columns of at most `want` rows: primary-key probes, whatever the estimates.
        # The subquery is aliased `c` as well, so the column expressions apply to its rows.
        direction = sql.SQL("DESC" if seg.desc else "ASC")
        outer_order = (sql.SQL("c._sort_value {d}, c.id {d}") if seg.kind == "range"
                       else sql.SQL("c.id {d}")).format(d=direction)
        statement = sql.SQL("SELECT {cols}, c._sort_value FROM ({inner}) c {joins} ORDER BY {outer_order}").format(
            cols=select_list(query.columns), inner=inner, joins=join_clauses(outer_joins), outer_order=outer_order)
        for row in execute(conn, statement, params.values, ctx, dict_row):
            value = row.pop("_sort_value")
            out.append((row, (value, row["id"])))
        if len(out) >= want:
            break
    return out


def _clamp_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 5000:
        raise refuse("a page holds 1 to 5000 rows")
    return limit


def fetch_page(conn: psycopg.Connection, query: CustomerQuery, *, after: tuple | None = None,
               before: tuple | None = None, limit: int = DEFAULT_LIMIT,
               ctx: TaskContext | None = None) -> Page:
    """The page after `after`, before `before`, or the first page (keyset; never OFFSET)."""
    limit = _clamp_limit(limit)
    if after is not None and before is not None:
        raise refuse("give either after or before, not both")
    base = hinted_base(conn, query, ctx)
    col = COLUMNS[query.sort]
    segs = segments(col, query.descending)
    if before is not None:
        segs = reversed_segments(segs)
        value, _ = check_key(before)
        got = _read_segments(conn, query, base, segs, segment_of(segs, col, value), before, False,
                             limit + 1, ctx)
        has_more = len(got) > limit
        got = got[:limit][::-1]
        return Page([r for r, _ in got], [k for _, k in got], has_more, backward=True,
                    at_start=not has_more, at_end=False)
    start = 0
    if after is not None:
        value, _ = check_key(after)
        start = segment_of(segs, col, value)
    got = _read_segments(conn, query, base, segs, start, after, False, limit + 1, ctx)
    has_more = len(got) > limit
    got = got[:limit]
    return Page([r for r, _ in got], [k for _, k in got], has_more,
                at_start=True if after is None else False, at_end=not has_more)


def fetch_last_page(conn: psycopg.Connection, query: CustomerQuery, *, limit: int = DEFAULT_LIMIT,
                    ctx: TaskContext | None = None) -> Page:
    """The end of the list (Ctrl+End): the reversed order with a limit, then reversed back."""
    limit = _clamp_limit(limit)
    base = hinted_base(conn, query, ctx)
    segs = reversed_segments(segments(COLUMNS[query.sort], query.descending))
    got = _read_segments(conn, query, base, segs, 0, None, False, limit + 1, ctx)
    has_more = len(got) > limit
    got = got[:limit][::-1]
    return Page([r for r, _ in got], [k for _, k in got], has_more, backward=True,
                at_start=not has_more, at_end=True)


def fetch_from(conn: psycopg.Connection, query: CustomerQuery, key: tuple, *, limit: int = DEFAULT_LIMIT,
               ctx: TaskContext | None = None) -> Page:
    """The page starting at `key` itself (or the first row after it when that row is gone)."""
    limit = _clamp_limit(limit)
    base = hinted_base(conn, query, ctx)
    col = COLUMNS[query.sort]
    segs = segments(col, query.descending)
    value, _ = check_key(key)
    got = _read_segments(conn, query, base, segs, segment_of(segs, col, value), key, True, limit + 1, ctx)
    has_more = len(got) > limit
    got = got[:limit]
    return Page([r for r, _ in got], [k for _, k in got], has_more, at_start=None, at_end=not has_more)
