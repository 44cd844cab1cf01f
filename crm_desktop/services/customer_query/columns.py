"""The allow-list of list columns: every column the Customers list can show, filter, sort or
group by, with its SQL, type and operators, and the tables a column may need joined.

A column is one entry of COLUMN_LIST (see the package docstring for what its fields mean to
the other modules); nothing else in the engine names a column except the few with special
handling (``name`` contains through crm.name_grams, ``account_no`` as the quick search's prefix,
``age`` compiled as birthday ranges)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm_desktop.services.errors import CrmRefusal

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
JOIN_PROBES: dict[str, str] = {
    "x": "crm.customer_ext x WHERE x.customer_id = c.id",
    "l": "crm.customer_latest l WHERE l.customer_id = c.id",
    "dev": "crm.staff dev WHERE dev.id = c.developer_id",
    "svc": "crm.staff svc WHERE svc.id = c.service_staff_id",
    "b": "crm.branch b WHERE b.id = c.branch_id",
}
# The columns of crm.customer staff may read (personal data only masked, db/sql/0011): what a
# page's subquery carries to the display columns (`c.*` would read the raw ones and be refused).
CUSTOMER_ROW = ("c.id, c.account_no, c.name, c.id_no_masked, c.mobile_masked, c.gender, c.birthday, c.open_date, "
                "c.branch_id, c.status, c.developer_id, c.service_staff_id, c.loaded_for, c.loaded_at")


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


def refuse(message: str, detail: str | None = None) -> CrmRefusal:
    return CrmRefusal("invalid_input", message, None, detail)


def columns() -> list[Column]:
    return list(COLUMN_LIST)


def column(key: str) -> Column:
    found = COLUMNS.get(key) if isinstance(key, str) else None
    if found is None:
        raise refuse(f"unknown column {key!r}")
    return found


def column_name(col: Column) -> str:
    """How a refusal names a column: its Chinese label and its key."""
    return f"{col.label_zh} ({col.key})"
