"""A filter tree compiled to SQL over ``crm.customer c``: columns and operators only from the
allow-list (unknown ones raise ``CrmRefusal('invalid_input')``), every value a bound parameter
(``%(pN)s``), LIKE patterns with ``%``, ``_`` and ``\\`` escaped.

Only leakproof operators reach index conditions under RLS, so prefixes are C-collation ranges,
name-contains uses crm.name_grams (0002_leakproof.sql) and birthdays crm.month_day.

Pseudo filters: a condition may name a filter-only column that no list shows and that another
service owns (a customer group's members, the customers behind a pivot cell). The owner
registers it here with :func:`register_pseudo_filter`; the engine never imports its owner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from psycopg import sql

from crm_desktop.services.customer_query.columns import ALL_OPS, COLUMNS, TEXT, Column, column, column_name, refuse
from crm_desktop.services.customer_query.filters import Condition, Group, Node
from crm_desktop.services.customer_query.values import coerce_value, month_day

MAX_IN = 1000


class Params:
    """Named bound parameters: add() returns the placeholder (with a cast) for a value."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, value: Any, cast: str | None = None) -> sql.Composable:
        name = f"p{len(self.values)}"
        self.values[name] = value
        placeholder = sql.Placeholder(name)
        return sql.SQL("{}::{}").format(placeholder, sql.SQL(cast)) if cast else placeholder

    def copy(self) -> "Params":
        """New parameters that start with these values (a statement built on a shared WHERE)."""
        copied = Params()
        copied.values.update(self.values)
        return copied


TRUE = sql.SQL("true")


def all_of(parts: Sequence[sql.Composable]) -> sql.Composable:
    parts = [p for p in parts if p is not None]
    if not parts:
        return TRUE
    if len(parts) == 1:
        return parts[0]
    return sql.SQL("(") + sql.SQL(" AND ").join(parts) + sql.SQL(")")


def any_of(parts: Sequence[sql.Composable]) -> sql.Composable:
    if len(parts) == 1:
        return parts[0]
    return sql.SQL("(") + sql.SQL(" OR ").join(parts) + sql.SQL(")")


# Pseudo filters --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PseudoFilter:
    """A filter-only column: ``Condition(column, op, value, value2)`` is compiled by
    `compile(condition, params)` to trusted SQL over ``crm.customer c`` (every value of the
    condition bound through `params`, everything in it validated: it may come from a saved
    filter) and worded by `describe(condition, lang)`. It can never be listed, sorted or
    grouped by."""

    column: str
    compile: Callable[[Condition, Params], sql.Composable]
    describe: Callable[[Condition, str], str]


_PSEUDO_FILTERS: dict[str, PseudoFilter] = {}


def register_pseudo_filter(pseudo: PseudoFilter) -> None:
    """Called once by the module that owns the pseudo column, when it is imported."""
    if pseudo.column in COLUMNS:
        raise ValueError(f"{pseudo.column!r} is a list column, not a pseudo filter")
    known = _PSEUDO_FILTERS.get(pseudo.column)
    if known is not None and known.compile.__module__ != pseudo.compile.__module__:
        raise ValueError(f"the pseudo filter {pseudo.column!r} is registered by {known.compile.__module__}")
    _PSEUDO_FILTERS[pseudo.column] = pseudo


def pseudo_filter(key: Any) -> PseudoFilter | None:
    return _PSEUDO_FILTERS.get(key) if isinstance(key, str) else None


# Values in SQL ------------------------------------------------------------------------------

def like_escape(text: str) -> str:
    """`text` as a LIKE pattern matching itself literally (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def prefix_upper_bound(prefix: str) -> str | None:
    """The smallest string above every string starting with `prefix` in code-point (C
    collation) order; None when there is none (empty prefix or only U+10FFFF)."""
    chars = list(prefix)
    while chars:
        code = ord(chars[-1]) + 1
        if code <= 0x10FFFF:
            if 0xD800 <= code <= 0xDFFF:
                code = 0xE000
            chars[-1] = chr(code)
            return "".join(chars)
        chars.pop()
    return None


def contains(col: Column, value: str, params: Params, expr: str | None = None) -> sql.Composable:
    e = sql.SQL(expr or col.expr)
    like = sql.SQL("{} LIKE {} ESCAPE '\\'").format(e, params.add("%" + like_escape(value) + "%", "text"))
    if col.key == "name" and value.strip():
        # GIN over crm.name_grams: an exact superset of the LIKE (see 0002_leakproof.sql).
        grams = sql.SQL("crm.name_grams({}) OPERATOR(crm.@>) crm.name_grams({})").format(
            e, params.add(value, "text"))
        return all_of([grams, like])
    return like


def starts_with(col: Column, value: str, params: Params, expr: str | None = None,
                prefix_expr: str | None = None) -> sql.Composable:
    prefix_expr = prefix_expr or col.prefix_expr
    if prefix_expr and value:
        # C-collation range: exact for a prefix and an index condition (unlike LIKE).
        parts = [sql.SQL("{} >= {}").format(sql.SQL(prefix_expr), params.add(value, "text"))]
        upper = prefix_upper_bound(value)
        if upper is not None:
            parts.append(sql.SQL("{} < {}").format(sql.SQL(prefix_expr), params.add(upper, "text")))
        return all_of(parts)
    return sql.SQL("starts_with({}, {})").format(sql.SQL(expr or col.expr), params.add(value, "text"))


# Conditions ---------------------------------------------------------------------------------

def _age_bound(params: Params, years: int) -> sql.Composable:
    """current_date - `years` years (as a date): age >= years <=> birthday <= this."""
    return sql.SQL("(current_date - make_interval(years => {}))::date").format(params.add(years, "integer"))


def _compile_age(cond: Condition, params: Params, value: Any, value2: Any) -> sql.Composable | None:
    """Age conditions as birthday ranges (the birthday index serves them)."""
    b = sql.SQL("c.birthday")

    def at_least(n: int) -> sql.Composable:
        return sql.SQL("{} <= {}").format(b, _age_bound(params, n))

    def at_most(n: int) -> sql.Composable:
        return sql.SQL("{} > {}").format(b, _age_bound(params, n + 1))

    if cond.op == "eq":
        return all_of([at_least(value), at_most(value)])
    if cond.op == "lt":
        return at_most(value - 1)
    if cond.op == "gt":
        return at_least(value + 1)
    if cond.op == "between":
        return all_of([at_least(value), at_most(value2)])
    return None


def _compile_condition(cond: Condition, params: Params, joins: set[str]) -> sql.Composable:
    if not isinstance(cond, Condition):
        raise refuse(f"not a filter condition: {type(cond).__name__}")
    pseudo = pseudo_filter(cond.column)
    if pseudo is not None:
        return pseudo.compile(cond, params)
    col = column(cond.column)
    if not col.filterable:
        raise refuse(f"{column_name(col)} cannot be filtered")
    op = cond.op
    if not isinstance(op, str) or op not in ALL_OPS:
        raise refuse(f"unknown operator {op!r}")
    if op not in col.ops:
        raise refuse(f"{column_name(col)}: operator {op!r} does not apply")
    joins.update(col.joins)
    expr = sql.SQL(col.expr)
    cast = col.pg_type

    if op == "empty":
        if col.type == TEXT:
            return sql.SQL("({e} IS NULL OR {e} = '')").format(e=expr)
        return sql.SQL("{} IS NULL").format(expr)
    if op == "not_empty":
        if col.type == TEXT:
            return sql.SQL("({e} IS NOT NULL AND {e} <> '')").format(e=expr)
        return sql.SQL("{} IS NOT NULL").format(expr)
    if op == "birthday_md":
        return sql.SQL("crm.month_day({}) = {}").format(expr, params.add(month_day(cond.value), "smallint"))
    if op == "birthday_next":
        days = cond.value
        if isinstance(days, str) and days.strip().isdigit():
            days = int(days)
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 366:
            raise refuse(f"{column_name(col)}: the number of days must be a whole number between 0 and 366")
        ref = None if cond.value2 is None else coerce_value(col, cond.value2)
        # A scalar subquery: the month-day list is computed once (an InitPlan), not per row.
        return sql.SQL("crm.month_day({}) = ANY ((SELECT crm.upcoming_month_days(coalesce({}, current_date), {}))::smallint[])"
                       ).format(expr, params.add(ref, "date"), params.add(days, "integer"))
    if op == "in":
        values = cond.value
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise refuse(f"{column_name(col)}: 'in' needs a list of values")
        values = [coerce_value(col, v) for v in values]
        if not values:
            raise refuse(f"{column_name(col)}: the list is empty")
        if len(values) > MAX_IN:
            raise refuse(f"{column_name(col)}: at most {MAX_IN} values in a list")
        return sql.SQL("{} = ANY ({})").format(expr, params.add(values, cast + "[]"))

    value = coerce_value(col, cond.value)
    if op == "eq" and col.personal and value and "*" not in value:
        # A whole ID number or mobile: the masked column never equals it; the server compares
        # the hidden one (only ids of visible customers come back, never a value).
        return sql.SQL("c.id = ANY ((SELECT crm.customer_ids_by_personal_data({}, {}))::bigint[])").format(
            params.add(value, "text"), params.add(col.personal, "text"))
    value2 = None
    if op == "between":
        value2 = coerce_value(col, cond.value2)
        if value2 < value:
            value, value2 = value2, value
    if col.key == "age":
        ranged = _compile_age(cond, params, value, value2)
        if ranged is not None:
            return ranged
    if op == "eq":
        return sql.SQL("{} = {}").format(expr, params.add(value, cast))
    if op == "ne":
        return sql.SQL("{} IS DISTINCT FROM {}").format(expr, params.add(value, cast))
    if op == "lt":
        return sql.SQL("{} < {}").format(expr, params.add(value, cast))
    if op == "gt":
        return sql.SQL("{} > {}").format(expr, params.add(value, cast))
    if op == "between":
        return sql.SQL("({e} >= {a} AND {e} <= {b})").format(
            e=expr, a=params.add(value, cast), b=params.add(value2, cast))
    if op == "contains":
        return contains(col, value, params)
    if op == "starts_with":
        return starts_with(col, value, params)
    raise AssertionError(op)


def compile_filter(node: Node | None, params: Params, joins: set[str] | None = None,
                   depth: int = 0) -> sql.Composable:
    """SQL for a filter tree (columns and operators from the allow-list, values as parameters);
    adds the JOINS keys its columns need to `joins`."""
    joins = set() if joins is None else joins
    if node is None:
        return TRUE
    if depth > 20:
        raise refuse("filter nested too deeply")
    if isinstance(node, Group):
        if node.mode not in ("and", "or"):
            raise refuse(f"unknown group mode {node.mode!r} (and / or)")
        if not isinstance(node.items, (list, tuple)):
            raise refuse("a filter group holds a list of conditions")
        parts = [compile_filter(item, params, joins, depth + 1) for item in node.items]
        parts = [p for p in parts if p is not TRUE] if node.mode == "and" else parts
        if not node.items:
            return TRUE
        if node.mode == "or" and any(p is TRUE for p in parts):
            return TRUE
        return all_of(parts) if node.mode == "and" else any_of(parts)
    return _compile_condition(node, params, joins)
