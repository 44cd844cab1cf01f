"""The Customers tab's query engine (issue #4), without Qt.

Everything runs on the signed-in staff member's own connection, so row-level security decides
what is visible; nothing here filters by permission. The GUI calls exactly this API:

    query = CustomerQuery(columns=("account_no", "name", "mobile"), search="13800138000",
                          filter=Group("and", [Condition("status", "eq", "normal")]),
                          sort="open_date", descending=True)
    page = fetch_page(conn, query)                      # first page
    page = fetch_page(conn, query, after=page.last_key) # next page (keyset, never OFFSET)
    page = fetch_page(conn, query, before=page.first_key)
    page = fetch_last_page(conn, query)                 # Ctrl+End
    page = seek_fraction(conn, query, 0.5)              # scroll bar dragged to the middle
    estimate_count(conn, query); exact_count(conn, query, ctx)
    summarize(conn, query, ["branch", "vip_level"], [("count", None), ("sum", "total_assets")])

SQL safety: column expressions and operators come only from the allow-list below (unknown ones
raise ``CrmRefusal('invalid_input')``); every value is a bound parameter (``%(pN)s``), LIKE
patterns escape ``%``, ``_`` and ``\\``.

Order and keyset pagination. A sort is a sequence of *segments*, each read in index order:

* a plain column: its non-NULL values ordered by ``(expression, id)``, then (nullable columns)
  the NULLs ordered by ``c.id`` -- NULLs come last in both directions;
* a column with a few known values (status, gender, public pool): one segment per value in the
  column's natural order (status: normal, dormant, closed), each ordered by ``c.id``;
* a staff name (developer, service staff): the distinct visible names in order, each name's
  customers by ``c.id`` (a LATERAL join per name on the (developer_id, id) index).

A key is ``(sort value, customer id)``; its segment follows from the value. A page reads the
rest of the key's segment with a row-value seek (``(expr, c.id) > (%s, %s)``, an index condition
on the (column, id) indexes of migration 0002), and continues into the next segments only when
the page is not full yet. Descending reverses the order inside the segments and their sequence
(NULLs stay last); reading backwards (``before=``, the last page) reads the reversed sequence.
``age`` sorts by birthday (reversed). Each statement first selects the page's customers (with
only the joins its conditions and order need), then joins the display columns of those <= limit
rows. Only leakproof operators reach index conditions under RLS, so prefixes are C-collation
ranges, name-contains uses crm.name_grams (0002_leakproof.sql) and birthdays crm.month_day.

Latest total assets and VIP level come from ``crm.customer_latest`` (one row per customer with
facts, kept by triggers on crm.customer_daily); a bulk load with triggers off (the demo seed)
calls :func:`refresh_latest` afterwards.

Connections: autocommit is expected (each call is one or a few statements; nothing is written).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import time
import unicodedata
import weakref
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Sequence, Union

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskCancelled, TaskContext

# Column types ------------------------------------------------------------------------------

TEXT, DATE, NUMBER, MONEY, BOOL, DATETIME = "text", "date", "number", "money", "bool", "datetime"

OPS_TEXT = ("eq", "ne", "lt", "gt", "between", "contains", "starts_with", "in", "empty", "not_empty")
OPS_ORDERED = ("eq", "ne", "lt", "gt", "between", "in", "empty", "not_empty")
OPS_ENUM = ("eq", "ne", "in", "empty", "not_empty")
OPS_BOOL = ("eq", "ne")
OPS_DATETIME = ("eq", "ne", "lt", "gt", "between", "empty", "not_empty")
OPS_BIRTHDAY = OPS_ORDERED + ("birthday_md", "birthday_next")
ALL_OPS = frozenset(OPS_TEXT + OPS_BIRTHDAY)

OP_LABELS: dict[str, tuple[str, str]] = {
    "eq": ("=", "等于"), "ne": ("≠", "不等于"), "lt": ("<", "小于"), "gt": (">", "大于"),
    "between": ("between", "介于"), "contains": ("contains", "包含"), "starts_with": ("starts with", "开头是"),
    "in": ("in list", "在列表中"), "empty": ("is empty", "为空"), "not_empty": ("is not empty", "不为空"),
    "birthday_md": ("birthday (MMDD)", "生日(月日)"),
    "birthday_next": ("birthday within days", "生日在未来天数内"),
}

# Tables a column expression may need; only the ones a query uses are joined.
JOINS: dict[str, str] = {
    "x": "LEFT JOIN crm.customer_ext x ON x.customer_id = c.id",
    "l": "LEFT JOIN crm.customer_latest l ON l.customer_id = c.id",
    "dev": "LEFT JOIN crm.staff dev ON dev.id = c.developer_id",
    "svc": "LEFT JOIN crm.staff svc ON svc.id = c.service_staff_id",
    "b": "LEFT JOIN crm.branch b ON b.id = c.branch_id",
}
JOIN_ORDER = ("b", "dev", "svc", "x", "l")
# The same tables as a correlated probe of one row: `(SELECT <expr> FROM <probe>) IS NULL` is the
# NULL part of a joined sort column. As a per-row subplan it lets the NULL segment be read in
# primary-key order and stop after a page; as a LEFT JOIN ... IS NULL the planner hash-anti-joins
# the whole table first (~0.9 s on 2 M customers).
# The columns of crm.customer staff may read (personal data only masked, db/sql/0011): what a
# page's subquery carries to the display columns (`c.*` would read the raw ones and be refused).
CUSTOMER_ROW = ("c.id, c.account_no, c.name, c.id_no_masked, c.mobile_masked, c.gender, c.birthday, c.open_date, "
                "c.branch_id, c.status, c.developer_id, c.service_staff_id, c.loaded_for, c.loaded_at")

JOIN_PROBES: dict[str, str] = {
    "x": "crm.customer_ext x WHERE x.customer_id = c.id",
    "l": "crm.customer_latest l WHERE l.customer_id = c.id",
    "dev": "crm.staff dev WHERE dev.id = c.developer_id",
    "svc": "crm.staff svc WHERE svc.id = c.service_staff_id",
    "b": "crm.branch b WHERE b.id = c.branch_id",
}


@dataclass(frozen=True)
class Column:
    """One allow-listed list column. `expr`, `sort_expr` and `prefix_expr` are trusted SQL
    (constants of this module) over ``crm.customer c`` and the aliases of JOINS."""

    key: str
    expr: str
    type: str
    label_en: str
    label_zh: str
    pg_type: str                          # cast of bound values compared with `expr`
    nullable: bool = True
    joins: tuple[str, ...] = ()
    sortable: bool = True
    filterable: bool = True
    groupable: bool = True
    ops: tuple[str, ...] = ()
    sort_expr: str | None = None          # ORDER BY / keyset expression (default: expr)
    sort_pg_type: str | None = None       # cast of keyset values (default: pg_type)
    sort_joins: tuple[str, ...] | None = None
    sort_values: tuple | None = None      # one segment per value, in this order
    sort_reversed: bool = False           # ascending column = descending sort_expr (age)
    prefix_expr: str | None = None        # C-collation expression for index-backed prefixes
    group_table: str | None = None        # sort through the distinct values of this joined table
    tiebreak: str = "c.id"                # = c.id in a range segment; the sort index's second column
    values: tuple | None = None           # allowed filter values (enumerations)
    unit: str | None = None               # "cents" for money
    default_visible: bool = False
    # Personal data: `expr` is the masked value; the field of crm.reveal_personal_data /
    # crm.export_personal_data that holds it in full.
    personal: str | None = None

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en

    @property
    def order_expr(self) -> str:
        return self.sort_expr or self.expr

    @property
    def order_pg_type(self) -> str:
        return self.sort_pg_type or self.pg_type

    @property
    def order_joins(self) -> tuple[str, ...]:
        return self.joins if self.sort_joins is None else self.sort_joins

    @property
    def order_nullable(self) -> bool:
        return self.nullable


def _ops(type_: str) -> tuple[str, ...]:
    return {TEXT: OPS_TEXT, DATE: OPS_ORDERED, NUMBER: OPS_ORDERED, MONEY: OPS_ORDERED,
            BOOL: OPS_BOOL, DATETIME: OPS_DATETIME}[type_]


def _col(key: str, expr: str, type_: str, en: str, zh: str, pg_type: str, **kw: Any) -> Column:
    kw.setdefault("ops", _ops(type_))
    return Column(key, expr, type_, en, zh, pg_type, **kw)


AGE_EXPR = "date_part('year', age(current_date, c.birthday))::integer"

COLUMN_LIST: tuple[Column, ...] = (
    _col("account_no", "c.account_no", TEXT, "Account no.", "资金账号", "text", nullable=False,
         sort_expr='c.account_no COLLATE "C"', prefix_expr='c.account_no COLLATE "C"', default_visible=True),
    _col("name", "c.name", TEXT, "Name", "姓名", "text", nullable=False, default_visible=True),
    _col("gender", "c.gender", TEXT, "Gender", "性别", "bpchar", ops=OPS_ENUM, values=("M", "F"),
         sort_values=("M", "F"), default_visible=True),
    _col("birthday", "c.birthday", DATE, "Birthday", "生日", "date", ops=OPS_BIRTHDAY),
    _col("age", AGE_EXPR, NUMBER, "Age", "年龄", "integer", sort_expr="c.birthday", sort_pg_type="date",
         sort_reversed=True, default_visible=True),
    _col("open_date", "c.open_date", DATE, "Opened", "开户日期", "date", nullable=False, default_visible=True),
    _col("branch", "b.code", TEXT, "Branch code", "营业部代码", "text", nullable=False, joins=("b",),
         sort_expr="c.branch_id", sort_pg_type="smallint", sort_joins=()),
    _col("branch_name", "b.name", TEXT, "Branch", "营业部", "text", nullable=False, joins=("b",),
         sort_expr="c.branch_id", sort_pg_type="smallint", sort_joins=(), default_visible=True),
    _col("status", "c.status", TEXT, "Status", "状态", "text", nullable=False, ops=OPS_ENUM,
         values=("normal", "dormant", "closed"), sort_values=("normal", "dormant", "closed"),
         default_visible=True),
    # Personal data: staff read (filter, sort, group) the masked values only.
    _col("mobile", "c.mobile_masked", TEXT, "Mobile (counter)", "柜台手机", "text",
         sort_expr='c.mobile_masked COLLATE "C"', prefix_expr='c.mobile_masked COLLATE "C"', default_visible=True,
         personal="mobile"),
    _col("ext_mobile", "x.mobile_masked", TEXT, "Mobile (extended)", "扩展手机", "text", joins=("x",),
         sort_expr='x.mobile_masked COLLATE "C"', prefix_expr='x.mobile_masked COLLATE "C"',
         tiebreak="x.customer_id", default_visible=True, personal="ext_mobile"),
    _col("id_no", "c.id_no_masked", TEXT, "ID number", "证件号码", "text", personal="id_no"),
    _col("developer", "dev.name", TEXT, "Developer", "开发人员", "text", joins=("dev",),
         group_table="crm.staff dev", default_visible=True),
    _col("service_staff", "svc.name", TEXT, "Service staff", "服务人员", "text", joins=("svc",),
         group_table="crm.staff svc"),
    _col("in_public_pool", "(c.developer_id IS NULL)", BOOL, "Public pool", "公有客户", "boolean",
         nullable=False, sort_values=(False, True)),
    _col("ext_modified_at", "x.modified_at", DATETIME, "Ext. data modified", "扩展资料修改时间", "timestamptz",
         joins=("x",), tiebreak="x.customer_id"),
    _col("ext_modified_by", "x.modified_by", TEXT, "Ext. data modified by", "扩展资料修改人", "text",
         joins=("x",), tiebreak="x.customer_id"),
    _col("total_assets", "l.total_assets_cents", MONEY, "Total assets", "总资产", "bigint", joins=("l",),
         unit="cents", tiebreak="l.customer_id", default_visible=True),
    _col("vip_level", "l.vip_level", NUMBER, "VIP level", "贵宾等级", "smallint", joins=("l",),
         tiebreak="l.customer_id", default_visible=True),
    _col("assets_date", "l.trade_date", DATE, "Assets as of", "资产日期", "date", joins=("l",),
         tiebreak="l.customer_id"),
)
COLUMNS: dict[str, Column] = {c.key: c for c in COLUMN_LIST}
DEFAULT_COLUMNS: tuple[str, ...] = tuple(c.key for c in COLUMN_LIST if c.default_visible)

AGGREGATES = ("count", "sum", "avg", "min", "max")
MAX_TEXT = 200
MAX_IN = 1000
MAX_GROUPS = 10000
DEFAULT_LIMIT = 200

# Filters -----------------------------------------------------------------------------------


@dataclass
class Condition:
    """`column op value [value2]`: between takes value..value2 (inclusive), in a list,
    empty / not_empty nothing, birthday_md 'MMDD', birthday_next a number of days (value2: the
    reference date, default the server's today)."""

    column: str
    op: str
    value: Any = None
    value2: Any = None


@dataclass
class Group:
    """AND / OR of conditions and groups. An empty group is no condition."""

    mode: str = "and"
    items: list[Union[Condition, "Group"]] = field(default_factory=list)


Node = Union[Condition, Group]


@dataclass(frozen=True)
class CustomerQuery:
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    filter: Node | None = None
    search: str = ""                      # the quick search box
    sort: str = "account_no"
    descending: bool = False
    public_pool_only: bool = False        # 公有客户 only (developer_id IS NULL)


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


def refuse(message: str, detail: str | None = None) -> CrmRefusal:
    return CrmRefusal("invalid_input", message, None, detail)


# Allow-list lookups ---------------------------------------------------------------------------

def columns() -> list[Column]:
    return list(COLUMN_LIST)


def column(key: str) -> Column:
    found = COLUMNS.get(key) if isinstance(key, str) else None
    if found is None:
        raise refuse(f"unknown column {key!r}")
    return found


def ops_for(key: str) -> tuple[str, ...]:
    return column(key).ops


# Values ----------------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y.%m.%d")
_TRUE = {"true", "t", "1", "yes", "y", "是"}
_FALSE = {"false", "f", "0", "no", "n", "否"}


def _what(col: Column) -> str:
    return f"{col.label_zh} ({col.key})"


def coerce_value(col: Column, value: Any) -> Any:
    """The value as the Python type bound for `col`, or CrmRefusal('invalid_input')."""
    t = col.type
    if value is None:
        raise refuse(f"{_what(col)}: a value is required")
    if t == TEXT:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise refuse(f"{_what(col)}: expected text, got {type(value).__name__}")
        text = str(value)
        if "\x00" in text:
            raise refuse(f"{_what(col)}: text must not contain NUL characters")
        if len(text) > MAX_TEXT:
            raise refuse(f"{_what(col)}: at most {MAX_TEXT} characters")
        if col.values is not None and text not in col.values:
            raise refuse(f"{_what(col)}: {text!r} is not one of {', '.join(map(str, col.values))}")
        return text
    if t == DATE:
        if isinstance(value, dt.datetime):
            raise refuse(f"{_what(col)}: expected a date, got a date and time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            text = value.strip()
            for fmt in _DATE_FORMATS:
                try:
                    return dt.datetime.strptime(text, fmt).date()
                except ValueError:
                    pass
        raise refuse(f"{_what(col)}: {value!r} is not a date (YYYY-MM-DD)")
    if t in (NUMBER, MONEY):
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, (float, Decimal)) and math.isfinite(value) and value == int(value):
            number = int(value)
        elif isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d{1,19}\s*", value):
            number = int(value)
        if number is None:
            raise refuse(f"{_what(col)}: {value!r} is not a whole number"
                         + (" (amounts are in cents, 分)" if t == MONEY else ""))
        limit = {"smallint": 2 ** 15, "integer": 2 ** 31}.get(col.pg_type, 2 ** 63)
        if not -limit <= number < limit:
            raise refuse(f"{_what(col)}: {number} is out of range")
        return number
    if t == BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise refuse(f"{_what(col)}: {value!r} is not yes/no")
    if t == DATETIME:
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        if isinstance(value, str):
            try:
                return dt.datetime.fromisoformat(value.strip())
            except ValueError:
                pass
        raise refuse(f"{_what(col)}: {value!r} is not a date and time (YYYY-MM-DD HH:MM)")
    raise AssertionError(t)


def _md(value: Any) -> int:
    """'0316', '03-16', '3/16' -> 316 (29 February allowed)."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    m = re.fullmatch(r"(\d{2})(\d{2})", text) or re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})", text)
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        try:
            dt.date(2000, month, day)            # a leap year: 29 February is a birthday
            return month * 100 + day
        except ValueError:
            pass
    raise refuse(f"生日 (birthday): {value!r} is not a month and day such as 0316")


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


# SQL composition ----------------------------------------------------------------------------------

class Params:
    """Named bound parameters: add() returns the placeholder (with a cast) for a value."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, value: Any, cast: str | None = None) -> sql.Composable:
        name = f"p{len(self.values)}"
        self.values[name] = value
        placeholder = sql.Placeholder(name)
        return sql.SQL("{}::{}").format(placeholder, sql.SQL(cast)) if cast else placeholder


TRUE = sql.SQL("true")


def _and(parts: Sequence[sql.Composable]) -> sql.Composable:
    parts = [p for p in parts if p is not None]
    if not parts:
        return TRUE
    if len(parts) == 1:
        return parts[0]
    return sql.SQL("(") + sql.SQL(" AND ").join(parts) + sql.SQL(")")


def _or(parts: Sequence[sql.Composable]) -> sql.Composable:
    if len(parts) == 1:
        return parts[0]
    return sql.SQL("(") + sql.SQL(" OR ").join(parts) + sql.SQL(")")


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
        return _and([at_least(value), at_most(value)])
    if cond.op == "lt":
        return at_most(value - 1)
    if cond.op == "gt":
        return at_least(value + 1)
    if cond.op == "between":
        return _and([at_least(value), at_most(value2)])
    return None


def _compile_condition(cond: Condition, params: Params, joins: set[str]) -> sql.Composable:
    if not isinstance(cond, Condition):
        raise refuse(f"not a filter condition: {type(cond).__name__}")
    if cond.column == GROUP_FILTER:
        return _compile_group_filter(cond, params)
    if cond.column == ANALYSIS_FILTER:
        return _compile_analysis_filter(cond, params)
    col = column(cond.column)
    if not col.filterable:
        raise refuse(f"{_what(col)} cannot be filtered")
    op = cond.op
    if not isinstance(op, str) or op not in ALL_OPS:
        raise refuse(f"unknown operator {op!r}")
    if op not in col.ops:
        raise refuse(f"{_what(col)}: operator {op!r} does not apply")
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
        return sql.SQL("crm.month_day({}) = {}").format(expr, params.add(_md(cond.value), "smallint"))
    if op == "birthday_next":
        days = cond.value
        if isinstance(days, str) and days.strip().isdigit():
            days = int(days)
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 366:
            raise refuse(f"{_what(col)}: the number of days must be a whole number between 0 and 366")
        ref = None if cond.value2 is None else coerce_value(col, cond.value2)
        # A scalar subquery: the month-day list is computed once (an InitPlan), not per row.
        return sql.SQL("crm.month_day({}) = ANY ((SELECT crm.upcoming_month_days(coalesce({}, current_date), {}))::smallint[])"
                       ).format(expr, params.add(ref, "date"), params.add(days, "integer"))
    if op == "in":
        values = cond.value
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise refuse(f"{_what(col)}: 'in' needs a list of values")
        values = [coerce_value(col, v) for v in values]
        if not values:
            raise refuse(f"{_what(col)}: the list is empty")
        if len(values) > MAX_IN:
            raise refuse(f"{_what(col)}: at most {MAX_IN} values in a list")
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
        return _contains(col, value, params)
    if op == "starts_with":
        return _starts_with(col, value, params)
    raise AssertionError(op)


def _contains(col: Column, value: str, params: Params, expr: str | None = None) -> sql.Composable:
    e = sql.SQL(expr or col.expr)
    like = sql.SQL("{} LIKE {} ESCAPE '\\'").format(e, params.add("%" + like_escape(value) + "%", "text"))
    if col.key == "name" and value.strip():
        # GIN over crm.name_grams: an exact superset of the LIKE (see 0002_leakproof.sql).
        grams = sql.SQL("crm.name_grams({}) OPERATOR(crm.@>) crm.name_grams({})").format(
            e, params.add(value, "text"))
        return _and([grams, like])
    return like


def _starts_with(col: Column, value: str, params: Params, expr: str | None = None,
                 prefix_expr: str | None = None) -> sql.Composable:
    prefix_expr = prefix_expr or col.prefix_expr
    if prefix_expr and value:
        # C-collation range: exact for a prefix and an index condition (unlike LIKE).
        parts = [sql.SQL("{} >= {}").format(sql.SQL(prefix_expr), params.add(value, "text"))]
        upper = prefix_upper_bound(value)
        if upper is not None:
            parts.append(sql.SQL("{} < {}").format(sql.SQL(prefix_expr), params.add(upper, "text")))
        return _and(parts)
    return sql.SQL("starts_with({}, {})").format(sql.SQL(expr or col.expr), params.add(value, "text"))


def compile_filter(node: Node | None, params: Params, joins: set[str] | None = None,
                   depth: int = 0) -> sql.Composable:
    """SQL for a filter tree (columns and operators from the allow-list, values as parameters)."""
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
        return _and(parts) if node.mode == "and" else _or(parts)
    return _compile_condition(node, params, joins)


# Quick search ---------------------------------------------------------------------------------------

_ID_NO = re.compile(r"\d{17}[\dXx]|\d{14}[\dXx]")
# Digit strings of these lengths may be a whole mobile (11) or ID number (15, 18), which the server
# compares; personal data is never searched by prefix (that would reveal it digit by digit).
WHOLE_NUMBER_LENGTHS = (11, 15, 18)


def search_kind(text: str) -> tuple[str, str]:
    """How the search box reads `text`: ('none' | 'digits' | 'id_no' | 'name', normalised text).
    NFKC first, so full-width digits are digits; spaces and '-' inside numbers are ignored."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return "none", ""
    compact = re.sub(r"[\s\-]", "", text)
    if compact.isascii() and compact.isdigit():
        return "digits", compact
    if _ID_NO.fullmatch(compact):
        return "id_no", compact
    return "name", text


def compile_search(text: str, params: Params) -> sql.Composable:
    """资金账号 prefix, full mobile (counter or extended) or ID number (exact, X in either case),
    or name contains -- decided by the shape of the text. Mobiles and ID numbers are personal data
    that staff cannot read: the server compares them (crm.customer_ids_by_personal_data returns
    the matching visible customers' ids, never a value), and only whole values (a prefix search
    would reveal the hidden digits one by one)."""
    if not isinstance(text, str):
        raise refuse("the search text must be text")
    if "\x00" in text or len(text) > MAX_TEXT:
        raise refuse(f"the search text must be at most {MAX_TEXT} characters, without NUL")
    kind, q = search_kind(text)
    if kind == "none":
        return TRUE
    if kind == "name":
        return _contains(COLUMNS["name"], q, params)
    # An InitPlan: one call, and `c.id = ANY (<array>)` stays a leakproof index condition under RLS.
    personal = sql.SQL("(SELECT crm.customer_ids_by_personal_data({}))::bigint[]").format(params.add(q, "text"))
    if kind == "id_no":
        return sql.SQL("c.id = ANY ({})").format(personal)
    # One semi-join over the union of the account-number prefix's index range and the ids the
    # server found by full mobile or ID number.
    account = _starts_with(COLUMNS["account_no"], q, params, prefix_expr='c2.account_no COLLATE "C"')
    if len(q) not in WHOLE_NUMBER_LENGTHS:
        return sql.SQL("c.id IN (SELECT c2.id FROM crm.customer c2 WHERE {})").format(account)
    return sql.SQL("c.id IN (SELECT c2.id FROM crm.customer c2 WHERE {} "
                   "UNION ALL SELECT unnest({}))").format(account, personal)


# Query assembly ---------------------------------------------------------------------------------------

@dataclass
class _Base:
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
        raise refuse(f"{_what(sort)} cannot be sorted")


def _base(query: CustomerQuery) -> _Base:
    _validate_query(query)
    params = Params()
    joins: set[str] = set()
    parts = [compile_filter(query.filter, params, joins), compile_search(query.search, params)]
    if query.public_pool_only:
        parts.append(sql.SQL("c.developer_id IS NULL"))
    return _Base(_and([p for p in parts if p is not TRUE]), params, joins)


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
    rows = _execute(conn, sql.SQL(
        "SELECT CASE WHEN has_function_privilege('crm.my_visible_branch_ids()', 'EXECUTE')"
        " THEN crm.my_visible_branch_ids() END"), {}, ctx)
    branches = list(rows[0][0] or []) if rows else []
    _branch_cache[conn] = (now, branches)
    return branches


def _hinted(conn: psycopg.Connection, base: _Base, ctx: TaskContext | None) -> _Base:
    branches = _visible_branches(conn, ctx)
    if len(branches) != 1:
        return base
    params = Params()
    params.values.update(base.params.values)
    hint = sql.SQL("c.branch_id = {}").format(params.add(branches[0], "smallint"))
    where = hint if base.where is TRUE else _and([base.where, hint])
    return _Base(where, params, base.joins)


def _from(joins: Iterable[str]) -> sql.Composable:
    wanted = set(joins)
    return sql.SQL(" ").join([sql.SQL("crm.customer c")] + [sql.SQL(JOINS[j]) for j in JOIN_ORDER if j in wanted])


def _select_list(keys: Sequence[str]) -> sql.Composable:
    items = [sql.SQL("c.id AS id")]
    for key in keys:
        items.append(sql.SQL("{} AS {}").format(sql.SQL(COLUMNS[key].expr), sql.Identifier(key)))
    return sql.SQL(", ").join(items)


# Segments -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Seg:
    kind: str                   # 'range' | 'null' | 'eq'
    value: Any = None
    desc: bool = False


def _segments(col: Column, descending: bool) -> list[_Seg]:
    desc = descending != col.sort_reversed
    if col.sort_values is not None:
        values = list(col.sort_values)[::-1] if desc else list(col.sort_values)
        segs = [_Seg("eq", v, desc) for v in values]
    else:
        segs = [_Seg("range", None, desc)]
    if col.order_nullable:
        segs.append(_Seg("null", None, desc))
    return segs


def _reverse(segs: list[_Seg]) -> list[_Seg]:
    return [replace(s, desc=not s.desc) for s in reversed(segs)]


def _segment_of(segs: list[_Seg], col: Column, value: Any) -> int:
    for i, s in enumerate(segs):
        if s.kind == "null" and value is None:
            return i
        if s.kind == "range" and value is not None:
            return i
        if s.kind == "eq" and value is not None and value == s.value:
            return i
    raise refuse(f"not a position in a list sorted by {_what(col)}: {value!r}")


def _check_key(key: Any) -> tuple[Any, int]:
    if not isinstance(key, (tuple, list)) or len(key) != 2 or isinstance(key[1], bool) \
            or not isinstance(key[1], int):
        raise refuse("a list position is a (sort value, customer id) pair")
    return key[0], key[1]


def _inner_page(col: Column, seg: _Seg, base: _Base, params: Params, key: tuple | None, inclusive: bool,
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
        value, cid = _check_key(key)
        if seg.kind == "range":
            value = _key_value(col, value)
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
            row=sql.SQL(CUSTOMER_ROW), e=e, table=sql.SQL(col.group_table), gwhere=_and(gconds), d=d,
            src=_from(joins), where=_and(conds), n=n)
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
        row=sql.SQL(CUSTOMER_ROW), e=e_null if seg.kind == "null" else e, src=_from(joins), where=_and(conds), order=order, n=params.add(limit, "bigint"))


_KEY_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,), "bpchar": (str,), "date": (dt.date,), "smallint": (int,), "integer": (int,),
    "bigint": (int,), "boolean": (bool,), "timestamptz": (dt.datetime,),
}


def _key_value(col: Column, value: Any) -> Any:
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
        raise refuse(f"not a position in a list sorted by {_what(col)}: {value!r}")
    return value


def _execute(conn: psycopg.Connection, statement: sql.Composable, params: dict, ctx: TaskContext | None,
             row_factory=None) -> list:
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


def _read_segments(conn: psycopg.Connection, query: CustomerQuery, base: _Base, segs: list[_Seg],
                   start: int, key: tuple | None, inclusive: bool, want: int,
                   ctx: TaskContext | None) -> list[tuple[dict, tuple]]:
    col = COLUMNS[query.sort]
    out: list[tuple[dict, tuple]] = []
    outer_joins: set[str] = set()
    for k in query.columns:
        outer_joins.update(COLUMNS[k].joins)
    for i in range(start, len(segs)):
        params = Params()
        params.values.update(base.params.values)
        seg = segs[i]
        inner = _inner_page(col, seg, base, params, key if i == start else None, inclusive, want - len(out))
        # The page of customers first (only the joins its conditions and order need), then the
        # display columns of at most `want` rows: primary-key probes, whatever the estimates.
        # The subquery is aliased `c` as well, so the column expressions apply to its rows.
        direction = sql.SQL("DESC" if seg.desc else "ASC")
        outer_order = (sql.SQL("c._sort_value {d}, c.id {d}") if seg.kind == "range"
                       else sql.SQL("c.id {d}")).format(d=direction)
        statement = sql.SQL("SELECT {cols}, c._sort_value FROM ({inner}) c {joins} ORDER BY {outer_order}").format(
            cols=_select_list(query.columns), inner=inner,
            joins=sql.SQL(" ").join([sql.SQL(JOINS[j]) for j in JOIN_ORDER if j in outer_joins]),
            outer_order=outer_order)
        for row in _execute(conn, statement, params.values, ctx, dict_row):
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
    base = _hinted(conn, _base(query), ctx)
    col = COLUMNS[query.sort]
    segs = _segments(col, query.descending)
    if before is not None:
        segs = _reverse(segs)
        value, _ = _check_key(before)
        got = _read_segments(conn, query, base, segs, _segment_of(segs, col, value), before, False,
                             limit + 1, ctx)
        has_more = len(got) > limit
        got = got[:limit][::-1]
        return Page([r for r, _ in got], [k for _, k in got], has_more, backward=True,
                    at_start=not has_more, at_end=False)
    start = 0
    if after is not None:
        value, _ = _check_key(after)
        start = _segment_of(segs, col, value)
    got = _read_segments(conn, query, base, segs, start, after, False, limit + 1, ctx)
    has_more = len(got) > limit
    got = got[:limit]
    return Page([r for r, _ in got], [k for _, k in got], has_more,
                at_start=True if after is None else False, at_end=not has_more)


def fetch_last_page(conn: psycopg.Connection, query: CustomerQuery, *, limit: int = DEFAULT_LIMIT,
                    ctx: TaskContext | None = None) -> Page:
    """The end of the list (Ctrl+End): the reversed order with a limit, then reversed back."""
    limit = _clamp_limit(limit)
    base = _hinted(conn, _base(query), ctx)
    segs = _reverse(_segments(COLUMNS[query.sort], query.descending))
    got = _read_segments(conn, query, base, segs, 0, None, False, limit + 1, ctx)
    has_more = len(got) > limit
    got = got[:limit][::-1]
    return Page([r for r, _ in got], [k for _, k in got], has_more, backward=True,
                at_start=not has_more, at_end=True)


def fetch_from(conn: psycopg.Connection, query: CustomerQuery, key: tuple, *, limit: int = DEFAULT_LIMIT,
               ctx: TaskContext | None = None) -> Page:
    """The page starting at `key` itself (or the first row after it when that row is gone)."""
    limit = _clamp_limit(limit)
    base = _hinted(conn, _base(query), ctx)
    col = COLUMNS[query.sort]
    segs = _segments(col, query.descending)
    value, _ = _check_key(key)
    got = _read_segments(conn, query, base, segs, _segment_of(segs, col, value), key, True, limit + 1, ctx)
    has_more = len(got) > limit
    got = got[:limit]
    return Page([r for r, _ in got], [k for _, k in got], has_more, at_start=None, at_end=not has_more)


# Counting -----------------------------------------------------------------------------------------------

def _count_statement(query: CustomerQuery) -> tuple[sql.Composable, dict, sql.Composable, set[str]]:
    base = _base(query)
    return _from(base.joins), base.params.values, base.where, base.joins


def _plan_rows(conn: psycopg.Connection, src: sql.Composable, where: sql.Composable, params: dict,
               ctx: TaskContext | None = None) -> float:
    statement = sql.SQL("EXPLAIN (FORMAT JSON) SELECT 1 FROM {} WHERE {}").format(src, where)
    plan = _execute(conn, statement, params, ctx)[0][0]
    if isinstance(plan, str):
        import json
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


# Per connection: (when, customers visible to it, planner rows of the unfiltered list).
_calibration: "weakref.WeakKeyDictionary[psycopg.Connection, tuple[float, int, float]]" = \
    weakref.WeakKeyDictionary()
CALIBRATION_SECONDS = 600.0


def _calibrate(conn: psycopg.Connection, ctx: TaskContext | None) -> tuple[int, float]:
    now = time.monotonic()
    cached = _calibration.get(conn)
    if cached is not None and now - cached[0] < CALIBRATION_SECONDS:
        return cached[1], cached[2]
    visible = int(_execute(conn, sql.SQL("SELECT count(*) FROM crm.customer c"), {}, ctx)[0][0])
    planned = _plan_rows(conn, sql.SQL("crm.customer c"), TRUE, {}, ctx)
    _calibration[conn] = (now, visible, planned)
    return visible, planned


def forget_calibration(conn: psycopg.Connection) -> None:
    """Drop what this module cached for `conn` (visible count, branch hint)."""
    _calibration.pop(conn, None)
    _branch_cache.pop(conn, None)


def estimate_count(conn: psycopg.Connection, query: CustomerQuery, *, calibrated: bool = True,
                   ctx: TaskContext | None = None) -> int:
    """The planner's row estimate (EXPLAIN, no rows read). The planner cannot see through the RLS
    helpers (a marketer seeing 6 000 of 2 000 000 customers is estimated at ~1.5 M), so by default
    the estimate is scaled by the caller's visible share: one count(*) of the visible customers
    per connection, cached for CALIBRATION_SECONDS (~40 ms on 2 M customers); after that each
    estimate is one EXPLAIN (~1 ms)."""
    src, params, where, _ = _count_statement(query)
    rows = _plan_rows(conn, src, where, params, ctx)
    if not calibrated:
        return int(round(rows))
    visible, planned = _calibrate(conn, ctx)
    if planned <= 0:
        return 0
    if where is TRUE:
        return visible
    return int(min(visible, round(rows * visible / planned)))


def count_up_to(conn: psycopg.Connection, query: CustomerQuery, cap: int, ctx: TaskContext | None = None) -> int:
    """count(*) of the list that stops reading after cap + 1 rows: exact when at most `cap`."""
    src, params, where, _ = _count_statement(query)
    statement = sql.SQL("SELECT count(*) FROM (SELECT 1 FROM {} WHERE {} LIMIT {}) AS upto").format(
        src, where, sql.Literal(int(cap) + 1))
    return int(_execute(conn, statement, params, ctx)[0][0])


def exact_count(conn: psycopg.Connection, query: CustomerQuery, ctx: TaskContext | None = None) -> int:
    """count(*) of the list; cancellable: ctx.cancel() cancels the query on the server
    (TaskCancelled is raised)."""
    src, params, where, _ = _count_statement(query)
    statement = sql.SQL("SELECT count(*) FROM {} WHERE {}").format(src, where)
    return int(_execute(conn, statement, params, ctx)[0][0])


# Jumping to a scroll position ---------------------------------------------------------------------------

EXACT_SEEK_ROWS = 20000       # up to this (estimated) many rows the quantile is computed exactly
SAMPLE_ROWS = 4000            # otherwise TABLESAMPLE SYSTEM reads ~this many matching rows ...
SAMPLE_BLOCKS = 1000          # ... from at least this many table pages: rows of one page are
                              # neighbours in id / account-number order, so the pages count
                              # (2 M customers, 50 %: 400 pages -> sd 3.2 % of the list, 1600 -> 1.4 %)
SAMPLE_SORT_ROWS = 8000       # more sampled rows than this are thinned by id before the ranking
PROBE_MATCHES = 2500          # row sample: random ids probed by primary key, aiming at this many
PROBE_MAX = 15000             # matching rows, with at most this many probes (~2 µs each) ...
PROBE_MIN_MATCHES = 800       # ... used when at least this many matches are expected
SMALL_VISIBLE = 50000         # a caller seeing at most this many customers ranks exactly by id probes


def _quantile_key(conn: psycopg.Connection, query: CustomerQuery, fraction: float, percent: float | None,
                  ctx: TaskContext | None, thin: int = 1, ids: list[int] | None = None
                  ) -> tuple[tuple | None, int]:
    """The (sort value, id) at `fraction` of the list, from all rows, from a TABLESAMPLE SYSTEM
    (percent) of the customer table, or from the customers with the given ids; and the number
    of rows it ranked."""
    base = _hinted(conn, _base(query), ctx)
    col = COLUMNS[query.sort]
    segs = _segments(col, query.descending)
    params = Params()
    params.values.update(base.params.values)
    e = sql.SQL(col.order_expr)
    whens = []
    for i, s in enumerate(segs):
        if s.kind == "range":
            cond = sql.SQL("{} IS NOT NULL").format(e)
        elif s.kind == "null":
            cond = sql.SQL("{} IS NULL").format(e)
        else:
            cond = sql.SQL("{} = {}").format(e, params.add(s.value, col.order_pg_type))
        whens.append(sql.SQL("WHEN {} THEN {}").format(cond, sql.Literal(i)))
    direction = sql.SQL("DESC" if segs[0].desc else "ASC")
    joins = set(base.joins) | set(col.order_joins)
    source = _from(joins)
    if percent is not None:
        source = sql.SQL("crm.customer c TABLESAMPLE SYSTEM ({}) REPEATABLE (17) ").format(
            params.add(percent, "float4")) + sql.SQL(" ").join(
            [sql.SQL(JOINS[j]) for j in JOIN_ORDER if j in joins])
    where = base.where
    if ids is not None:
        where = _and([where, sql.SQL("c.id = ANY ({})").format(params.add(ids, "bigint[]"))])
    if thin > 1:
        where = _and([where, sql.SQL("mod(c.id, {}) = 0").format(params.add(thin, "bigint"))])
    statement = sql.SQL(
        """SELECT k, id, n FROM (
               SELECT k, id, row_number() OVER (ORDER BY seg, k {d}, id {d}) AS rn, count(*) OVER () AS n
                 FROM (SELECT CASE {whens} END AS seg, {e} AS k, c.id FROM {src} WHERE {where}) s) r
            WHERE rn = greatest(1, ceil(n * {f}::float8))""").format(
        d=direction, whens=sql.SQL(" ").join(whens), e=e, src=source, where=where,
        f=params.add(float(fraction), "float8"))
    rows = _execute(conn, statement, params.values, ctx)
    if not rows:
        return None, 0
    k, cid, n = rows[0]
    return (k, cid), int(n)


def seek_fraction(conn: psycopg.Connection, query: CustomerQuery, fraction: float, *,
                  limit: int = DEFAULT_LIMIT, ctx: TaskContext | None = None) -> Page:
    """The page at about `fraction` (0..1) of the list, without OFFSET.

    Approximation: for lists estimated at <= EXACT_SEEK_ROWS rows the key at that rank is
    computed exactly (a window over the matching rows). For larger lists it is the quantile of a
    sample, filtered by the same conditions and RLS, ranked in the list's order:

    * row sample (usual): up to PROBE_MAX random customer ids between the smallest and largest
      visible id, probed through the primary key (ids are dense), aiming at PROBE_MATCHES
      matching rows; measured on 2 M customers: within ~1.5 % of the list (sd ~1 %), 13-60 ms;
    * block sample, when too few probes would match (a narrow filter): TABLESAMPLE SYSTEM of
      >= SAMPLE_BLOCKS pages and >= ~SAMPLE_ROWS matching rows (thinned by id to
      SAMPLE_SORT_ROWS); rows of a page are neighbours in id / account-number order, so the
      pages count: sd ~2 % of the list for such orders, well under 1 % for names and dates.

    Both samples are deterministic for a list, so the same drag lands on the same row. The page
    then starts at that key (keyset seek). A sample of fewer than 50 rows falls back to exact.
    0 is the first page, 1 the last.
    """
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not math.isfinite(fraction):
        raise refuse("the position is a fraction between 0 and 1")
    fraction = min(max(float(fraction), 0.0), 1.0)
    if fraction <= 0.0:
        return fetch_page(conn, query, limit=limit, ctx=ctx)
    if fraction >= 1.0:
        return fetch_last_page(conn, query, limit=limit, ctx=ctx)
    key = None
    estimate = estimate_count(conn, query, ctx=ctx)
    ids = _probe_ids(conn, estimate, ctx) if estimate > EXACT_SEEK_ROWS else None
    if ids is not None:
        key, seen = _quantile_key(conn, query, fraction, None, ctx, ids=ids)
        if seen < 50:
            key = None
    elif estimate > EXACT_SEEK_ROWS:
        pages = _table_pages(conn, ctx)
        percent = min(100.0, max(100.0 * SAMPLE_ROWS / estimate, 100.0 * SAMPLE_BLOCKS / max(pages, 1)))
        thin = max(1, int(estimate * percent / 100.0 / SAMPLE_SORT_ROWS))
        key, seen = _quantile_key(conn, query, fraction, percent, ctx, thin)
        if seen < 50:
            key = None                      # the estimate was far too high: the list is small
    if key is None and estimate <= EXACT_SEEK_ROWS and _calibrate(conn, ctx)[0] <= SMALL_VISIBLE:
        # Few visible customers (a marketer): their ids come from the RLS index alone, and the
        # exact rank is computed over primary-key probes of those -- not over a scan of every
        # customer of the branch, which is what the planner does for a narrow customer scope.
        visible_ids = [r[0] for r in _execute(conn, sql.SQL("SELECT c.id FROM crm.customer c"), {}, ctx)]
        key, _ = _quantile_key(conn, query, fraction, None, ctx, ids=visible_ids)
        if key is None:
            return fetch_page(conn, query, limit=limit, ctx=ctx)
    if key is None:
        key, _ = _quantile_key(conn, query, fraction, None, ctx)
    if key is None:
        return fetch_page(conn, query, limit=limit, ctx=ctx)
    page = fetch_from(conn, query, key, limit=limit, ctx=ctx)
    if not page.rows:                        # the sampled row is past the end: show the end
        return fetch_last_page(conn, query, limit=limit, ctx=ctx)
    return page


def _probe_ids(conn: psycopg.Connection, estimate: int, ctx: TaskContext | None) -> list[int] | None:
    """Random customer ids to probe for a row-level sample of a list of about `estimate` rows
    (ids are dense: an identity), or None when too few of them would match. Deterministic for a
    list, so the same drag lands on the same row."""
    rows = _execute(conn, sql.SQL("SELECT (SELECT min(c.id) FROM crm.customer c), (SELECT max(c.id) FROM crm.customer c)"),
                    {}, ctx)
    lo, hi = rows[0] if rows else (None, None)
    if lo is None or hi is None:
        return None
    span = hi - lo + 1
    density = min(1.0, estimate / span)
    probes = min(PROBE_MAX, max(PROBE_MATCHES, math.ceil(PROBE_MATCHES / max(density, 1e-9))))
    if probes * density < PROBE_MIN_MATCHES:
        return None
    rng = random.Random(lo * 1_000_003 + hi)
    return sorted(rng.sample(range(lo, hi + 1), min(probes, span)))


def _table_pages(conn: psycopg.Connection, ctx: TaskContext | None) -> int:
    rows = _execute(conn, sql.SQL("SELECT greatest(relpages, 1) FROM pg_class WHERE oid = 'crm.customer'::regclass"),
                    {}, ctx)
    return int(rows[0][0]) if rows else 1


# Summary (汇总统计) -----------------------------------------------------------------------------------------

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
    base = _base(query)
    params = base.params
    joins = set(base.joins)
    select: list[sql.Composable] = []
    groups: list[sql.Composable] = []
    names: list[str] = []
    for i, key in enumerate(group_by):
        col = column(key)
        if not col.groupable:
            raise refuse(f"{_what(col)} cannot be a group column")
        if key in names:
            raise refuse(f"{_what(col)} is grouped twice")
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
                raise refuse(f"{_what(col)}: {func} needs a number column")
            if func in ("min", "max") and col.type == BOOL:
                raise refuse(f"{_what(col)}: {func} does not apply to yes/no")
            joins.update(col.joins)
            select.append(sql.SQL("{}({}) AS {}").format(sql.SQL(func), sql.SQL(col.expr), sql.Identifier(name)))
        names.append(name)
    if not isinstance(max_groups, int) or max_groups < 1:
        raise refuse("max_groups must be positive")
    statement = sql.SQL("SELECT {select} FROM {src} WHERE {where}{group}{order} LIMIT {limit}").format(
        select=sql.SQL(", ").join(select), src=_from(joins), where=base.where,
        group=(sql.SQL(" GROUP BY ") + sql.SQL(", ").join(groups)) if groups else sql.SQL(""),
        order=(sql.SQL(" ORDER BY ") + sql.SQL(", ").join(g + sql.SQL(" NULLS LAST") for g in groups))
        if groups else sql.SQL(""),
        limit=params.add(max_groups + 1, "bigint"))
    rows = _execute(conn, statement, params.values, ctx, dict_row)
    if len(rows) > max_groups:
        raise refuse(f"more than {max_groups} groups: choose coarser group columns or a narrower filter")
    return rows


# Latest figures -------------------------------------------------------------------------------------------

def refresh_latest(conn: psycopg.Connection) -> int:
    """Rebuild crm.customer_latest from crm.customer_daily (after a bulk load that ran with
    triggers off, e.g. the demo seed). Needs the superuser or crm_agent; runs in the caller's
    transaction. Returns the number of rows written or removed."""
    return int(conn.execute("SELECT crm.refresh_customer_latest()").fetchone()[0])


# Describing filters in words and saving them ------------------------------------------------------------

# Codes stored as the counter exports them, shown as words: (中文, English).
VALUE_LABELS: dict[str, dict[Any, tuple[str, str]]] = {
    "gender": {"M": ("男", "Male"), "F": ("女", "Female")},
    "status": {"normal": ("正常", "Normal"), "dormant": ("休眠", "Dormant"), "closed": ("销户", "Closed")},
    # The names of crm.vip_level (reference data of migration 0001; tests/db/test_export.py
    # checks they agree): a VIP level is a grade, shown by name, never summed or averaged.
    "vip_level": {0: ("普通客户", "Standard"), 1: ("银卡贵宾", "Silver"), 2: ("金卡贵宾", "Gold"),
                  3: ("钻石贵宾", "Diamond")},
}


def value_label(column: str, value: Any, lang: str = "zh") -> str:
    labels = VALUE_LABELS.get(column, {}).get(value)
    if labels is None:
        return "" if value is None else str(value)
    return labels[0] if lang.startswith("zh") else labels[1]


def yuan_text(cents: Any) -> str:
    """An amount in cents (分) as the user reads and types it: yuan with thousands separators."""
    try:
        return f"{Decimal(int(cents)) / 100:,.2f}"
    except (TypeError, ValueError, InvalidOperation):
        return str(cents)


def _value_text(col: Column | None, value: Any, lang: str) -> str:
    """A filter value in words: coded values by name, money in yuan (never cents), yes / no."""
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_text(col, v, lang) for v in value)
    if col is None or value is None:
        return "" if value is None else str(value)
    if col.key in VALUE_LABELS:
        return value_label(col.key, value, lang)
    if col.type == BOOL:
        try:
            yes = coerce_value(col, value)
        except CrmRefusal:
            return str(value)
        return ("是" if yes else "否") if lang.startswith("zh") else ("yes" if yes else "no")
    if col.unit == "cents":
        return yuan_text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def describe(node: Node | None, lang: str = "zh") -> str:
    """A filter in words, values as the user typed them (yuan, not cents; names, not codes).
    The one description every place shows: chips, the summary's scope, the export sheet,
    customer groups made from a filter, saved filters."""
    zh = lang.startswith("zh")
    if node is None:
        return ""
    if isinstance(node, Group):
        joiner = (" 且 " if node.mode == "and" else " 或 ") if zh else f" {node.mode.upper()} "
        parts = [p for p in (describe(item, lang) for item in node.items) if p]
        return f"({joiner.join(parts)})" if len(parts) > 1 else joiner.join(parts)
    col = COLUMNS.get(node.column)
    label = col.label(lang) if col else str(node.column)
    op_en, op_zh = OP_LABELS.get(node.op, (str(node.op), str(node.op)))
    op = op_zh if zh else op_en
    if node.column == ANALYSIS_FILTER:   # value2: the cell's description, for display only
        return f"{'多维分析' if zh else 'Analysis'}: {node.value2 or ''}"
    if node.column == GROUP_FILTER:      # value2: the group's name, for display only
        return f"{'客户群' if zh else 'Customer group'} {op} {node.value2 or node.value}"
    if node.op == "birthday_next":
        return f"{label}在未来 {node.value} 天内" if zh else f"{label} within the next {node.value} days"
    if node.op == "birthday_md":
        text = str(node.value)
        md = f"{text[:2]}-{text[2:]}" if len(text) == 4 and text.isdigit() else text
        return f"{label}为 {md}" if zh else f"{label} on {md}"
    if node.op in ("empty", "not_empty"):
        return f"{label} {op}"
    value = _value_text(col, node.value, lang)
    if node.op == "between":
        return f"{label} {op} {value} – {_value_text(col, node.value2, lang)}"
    if node.op == "in":
        return f"{label} {op} ({value})"
    return f"{label} {op} {value}"


def to_dict(node: Node | None) -> dict | None:
    """A JSON-able form of a filter (saved filters)."""
    if node is None:
        return None
    if isinstance(node, Group):
        return {"mode": node.mode, "items": [to_dict(i) for i in node.items]}

    def plain(v: Any) -> Any:
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, Decimal):
            return str(v)
        return v
    return {"column": node.column, "op": node.op, "value": plain(node.value), "value2": plain(node.value2)}


def from_dict(data: dict | None) -> Node | None:
    """Inverse of to_dict; the result is validated when a query compiles it."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise refuse("a saved filter is an object")
    if "items" in data:
        return Group(str(data.get("mode", "and")), [from_dict(i) for i in data.get("items") or []])
    return Condition(str(data.get("column")), str(data.get("op")), data.get("value"), data.get("value2"))


def validate(query: CustomerQuery) -> None:
    """Raise CrmRefusal('invalid_input') for anything the query engine would refuse."""
    _base(query)


# The whole list in order (export) --------------------------------------------------------------------------

def export_statement(query: CustomerQuery, with_id: bool = False) -> tuple[sql.Composable, dict]:
    """``SELECT <query.columns> ... ORDER BY ...`` over the whole list (filter, search, pool
    toggle; RLS), in exactly the order the paged list shows: the sort column's segments (values
    in their natural order, NULLs last), ties and each value segment by ``c.id`` in the same
    direction. One row per customer with the visible columns, in ``query.columns`` order, under
    their keys (`with_id`: the customer id after them). Meant for a server-side cursor
    (services.export); never paged with OFFSET."""
    base = _base(query)
    params = base.params
    col = COLUMNS[query.sort]
    segs = _segments(col, query.descending)
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
        cols=sql.SQL(", ").join(items), src=_from(joins), where=base.where, first=first, d=d)
    return statement, params.values


# Customer groups (客户群) ----------------------------------------------------------------------------------

# A filter-only pseudo column: Condition("group", "eq", group_id[, group_name]) keeps the
# members of one customer group (the name in value2 is for display only). It is not in COLUMNS,
# so it can never be listed, sorted or grouped by; member rows follow their own RLS policy.
GROUP_FILTER = "group"


def _compile_group_filter(cond: Condition, params: Params) -> sql.Composable:
    if cond.op != "eq":
        raise refuse(f"客户群 (group): operator {cond.op!r} does not apply (only eq)")
    value = cond.value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2 ** 63:
        raise refuse(f"客户群 (group): {cond.value!r} is not a group id")
    return sql.SQL("EXISTS (SELECT 1 FROM crm.customer_group_member m"
                   " WHERE m.group_id = {} AND m.customer_id = c.id)").format(params.add(value, "bigint"))


def id_statement(query: CustomerQuery) -> tuple[sql.Composable, dict]:
    """``SELECT c.id FROM ... WHERE ...`` for every customer of the list (filter, search, pool
    toggle; RLS), with its bound parameters (named ``pN``), to be used inside a larger
    statement such as an INSERT ... SELECT (adding a whole list to a customer group)."""
    src, params, where, _ = _count_statement(query)
    return sql.SQL("SELECT c.id FROM {} WHERE {}").format(src, where), params


# Drill-down from the Analysis pane (多维分析) ---------------------------------------------------------------

# A filter-only pseudo column: Condition("analysis", "eq", cell spec[, description]) keeps the
# customers behind one pivot cell; services.pivot owns what a cell means and compiles it.
ANALYSIS_FILTER = "analysis"


def _compile_analysis_filter(cond: Condition, params: Params) -> sql.Composable:
    from crm_desktop.services import pivot

    if cond.op != "eq":
        raise refuse(f"多维分析 (analysis): operator {cond.op!r} does not apply (only eq)")
    # pivot.compile_cell builds trusted SQL text around placeholders it asks for; every value
    # in the spec is bound here.
    text = pivot.compile_cell(cond.value, lambda value, cast: params.add(value, cast).as_string(None))
    return sql.SQL(text)
