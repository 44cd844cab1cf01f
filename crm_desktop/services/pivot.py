"""多维分析: the pivot engine behind the Analysis pane (issue #6), without Qt.

    layout = Layout(rows=("branch",), columns=("month",),
                    values=(Value("commission"), Value("trade_volume")),
                    start=date(2026, 1, 1), end=date(2026, 12, 31))
    result = run(conn, layout, ctx)     # aggregated in PostgreSQL, as the signed-in staff member
    grid = result.grid()                # rows x columns with subtotals, reshaped in Python

What a number means. Facts are per customer and trading day (crm.customer_daily). A cell's
period is its date member (a day, week, month, quarter or year) or, without a date dimension,
the whole filtered period. For each customer in a cell the engine first forms the customer's
value over that period:

* flows (trade volume, commission, net commission, interest spread, P&L): the sum of the days;
* total assets (period end): the customer's assets on their last trading day in the period;
* total assets (average): the mean of the customer's daily assets in the period;

and the customer's VIP level and asset range are also those of their last day in the period
(so every customer falls in exactly one member of those dimensions per cell). The value's
function (sum / avg / min / max) then aggregates those per-customer values over the customers of
the cell. "customers" counts the distinct customers with facts in the cell; "new accounts"
counts those whose account was opened within the cell's period. Staff dimensions use the
customer's current relationships (customer.developer_id / service_staff_id); with the
relationship-kind dimension a customer counts once for the developer (开发) and once for the
service staff member (服务).

Where the numbers come from (the planner, :func:`plan`): three sources give identical numbers,
and the smallest that can answer a layout is used --

* ``crm.pivot_branch_month``: (branch, month, VIP level, default asset range) sums — branch x
  month and similar layouts read a few thousand rows;
* ``crm.pivot_customer_month``: one row per customer and month (month-end assets and VIP level,
  sums of the flows, denormalised customer attributes) — any layout whose period is whole months;
* ``crm.customer_daily``: the raw facts — day/week dates and periods that cut a month.

Row-level security. The rollups are readable only for branches all of whose customers the
caller sees (crm.my_scope_branch_ids(), their RLS policy); facts of any other customer the
caller may see (through a relationship or the public pool) are read from the raw tables under
their own policies and the two parts are added together, so an analyst scoped to two branches
never gets a total that includes a third.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from crm_desktop.services.errors import CrmRefusal

# Catalogue ----------------------------------------------------------------------------------

DATE_GRAINS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class Dimension:
    key: str
    label_en: str
    label_zh: str
    kind: str = "attribute"      # date | attribute

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en


@dataclass(frozen=True)
class Measure:
    key: str
    label_en: str
    label_zh: str
    unit: str = "cents"          # cents | count
    funcs: tuple[str, ...] = ("sum", "avg", "min", "max")

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en


DIMENSION_LIST: tuple[Dimension, ...] = (
    Dimension("day", "Day", "日", "date"),
    Dimension("week", "Week", "周", "date"),
    Dimension("month", "Month", "月", "date"),
    Dimension("quarter", "Quarter", "季度", "date"),
    Dimension("year", "Year", "年", "date"),
    Dimension("branch", "Branch", "营业部"),
    Dimension("staff", "Staff", "员工"),
    Dimension("superior", "Superior", "上级员工"),
    Dimension("relationship_kind", "Relationship kind", "关系类型"),
    Dimension("vip_level", "VIP level", "贵宾等级"),
    Dimension("asset_range", "Asset range", "资产区间"),
    Dimension("gender", "Gender", "性别"),
    Dimension("age_band", "Age band", "年龄段"),
    Dimension("customer", "Customer", "客户"),
)
DIMENSIONS: dict[str, Dimension] = {d.key: d for d in DIMENSION_LIST}

MEASURE_LIST: tuple[Measure, ...] = (
    Measure("assets_end", "Total assets (period end)", "总资产(期末)"),
    Measure("assets_avg", "Total assets (average)", "总资产(日均)"),
    Measure("trade_volume", "Trade volume", "成交额"),
    Measure("commission", "Commission", "佣金"),
    Measure("net_commission", "Net commission", "净佣金"),
    Measure("interest_spread", "Interest spread", "利差"),
    Measure("pnl", "P&L", "盈亏"),
    Measure("customers", "Customers", "客户数", "count", ("count",)),
    Measure("new_accounts", "New accounts", "新开户数", "count", ("count",)),
)
MEASURES: dict[str, Measure] = {m.key: m for m in MEASURE_LIST}
FUNC_LABELS = {"sum": ("Sum", "合计"), "avg": ("Average", "平均"), "min": ("Min", "最小"),
               "max": ("Max", "最大"), "count": ("Count", "计数")}

# Asset range edges in yuan: [0, 10k), [10k, 100k), ... , [10M, ∞). Editable per layout.
DEFAULT_ASSET_EDGES: tuple[int, ...] = (10_000, 100_000, 500_000, 1_000_000, 5_000_000, 10_000_000)
AGE_EDGES: tuple[int, ...] = (30, 40, 50, 60)

MAX_CELLS = 10_000            # the pane warns above this and offers top-N instead
MAX_ROWS_RETURNED = 200_000   # hard limit on what one query may return to the client


@dataclass(frozen=True)
class Value:
    measure: str
    func: str = "sum"

    def label(self, lang: str = "zh") -> str:
        m = MEASURES[self.measure]
        if m.unit == "count":
            return m.label(lang)
        en, zh = FUNC_LABELS[self.func]
        return f"{m.label(lang)} {zh}" if lang.startswith("zh") else f"{en} of {m.label(lang)}"

    @property
    def key(self) -> str:
        return f"{self.func}_{self.measure}"


@dataclass(frozen=True)
class MemberFilter:
    """Keep only these members of a dimension (values as :func:`members` reports them)."""

    dimension: str
    members: tuple = ()


@dataclass(frozen=True)
class TopN:
    """Keep the first `n` members of the innermost row dimension ranked by `values[value]`
    (per parent group when there are several row dimensions); `bottom` ranks ascending (the
    loss ranking 亏损前50 is bottom-N by P&L). Ties break by the member's key."""

    n: int
    value: int = 0
    bottom: bool = False


@dataclass(frozen=True)
class Layout:
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    values: tuple[Value, ...] = (Value("commission"),)
    filters: tuple[MemberFilter, ...] = ()
    start: dt.date | None = None           # inclusive; None: from the first fact
    end: dt.date | None = None             # inclusive; None: up to the latest load
    asset_edges: tuple[int, ...] = DEFAULT_ASSET_EDGES
    totals: bool = True                    # subtotals and grand totals (GROUPING SETS)
    top: TopN | None = None


def refuse(message: str) -> CrmRefusal:
    return CrmRefusal("invalid_input", message)


# Results ------------------------------------------------------------------------------------

@dataclass
class PivotResult:
    """The aggregated records of one layout.

    Each record is ``(row members..., column members..., grouping, value1, value2, ...)``:
    members are keys (branch id, staff id, customer id, a date for date grains, VIP level,
    asset-range index, ...; None where the level is totalled), `grouping` the PostgreSQL
    GROUPING() bitmask over rows + columns (bit set = totalled), values in the units of
    their measure (cents as int, counts as int, averages as float). `labels[dimension][key]`
    is the text to show for a key."""

    layout: Layout
    records: list[tuple]
    labels: dict[str, dict[Any, str]]
    source: str                           # branch_month | customer_month | facts (+ "+facts")
    sql: str = ""
    truncated: bool = False

    def grid(self) -> "Grid":
        return Grid.build(self)


@dataclass(frozen=True)
class AxisKey:
    """A row or column of the grid: `members` has one entry per dimension of the axis; the
    first `depth` are real members, the rest None (a subtotal when depth < len, the grand
    total when depth == 0)."""

    members: tuple
    depth: int

    @property
    def is_total(self) -> bool:
        return self.depth < len(self.members)


@dataclass
class Grid:
    row_dims: tuple[str, ...]
    column_dims: tuple[str, ...]
    values: tuple[Value, ...]
    rows: list[AxisKey]
    columns: list[AxisKey]
    cells: dict[tuple[AxisKey, AxisKey], tuple]
    labels: dict[str, dict[Any, str]]

    def cell(self, row: AxisKey, column: AxisKey) -> tuple | None:
        return self.cells.get((row, column))

    @property
    def cell_count(self) -> int:
        return len(self.rows) * max(1, len(self.columns)) * max(1, len(self.values))

    def member_label(self, dimension: str, key: Any, lang: str = "zh") -> str:
        if key is None:
            return ""
        found = self.labels.get(dimension, {}).get(key)
        return found if found is not None else member_text(dimension, key, lang)

    @staticmethod
    def build(result: PivotResult) -> "Grid":
        layout = result.layout
        nr, nc = len(layout.rows), len(layout.columns)
        cells: dict[tuple[AxisKey, AxisKey], tuple] = {}
        row_keys: dict[AxisKey, None] = {}
        col_keys: dict[AxisKey, None] = {}
        for record in result.records:
            members, grouping, values = record[:nr + nc], record[nr + nc], tuple(record[nr + nc + 1:])
            bits = [(grouping >> (nr + nc - 1 - i)) & 1 for i in range(nr + nc)]
            row = AxisKey(tuple(members[:nr]), _depth(bits[:nr]))
            col = AxisKey(tuple(members[nr:]), _depth(bits[nr:]))
            row_keys[row] = None
            col_keys[col] = None
            cells[(row, col)] = values
        rows = _ordered(list(row_keys), result, layout.rows, ranked=layout.top is not None, cells=cells)
        columns = _ordered(list(col_keys), result, layout.columns, ranked=False, cells=cells)
        return Grid(layout.rows, layout.columns, layout.values, rows, columns, cells, result.labels)


def _depth(bits: Sequence[int]) -> int:
    depth = 0
    for bit in bits:
        if bit:
            break
        depth += 1
    return depth


def _sort_key(value: Any) -> tuple:
    return (value is None, str(type(value)), value) if value is not None else (True, "", 0)


def _ordered(keys: list[AxisKey], result: PivotResult, dims: tuple[str, ...], ranked: bool,
             cells: dict) -> list[AxisKey]:
    """Depth-first: each group's members in order, its subtotal after them, the grand total last.
    Ranked rows (top-N) order the innermost level by the ranked value instead of the key."""
    if not dims:
        return keys
    rank_of: dict[AxisKey, Any] = {}
    if ranked and result.layout.top is not None:
        top = result.layout.top
        for (row, col), values in cells.items():
            if col.depth == 0 and row.depth == len(dims):
                value = values[top.value]
                rank_of[row] = value if value is not None else 0

    def key(k: AxisKey) -> tuple:
        parts = []
        for level in range(len(dims)):
            if level < k.depth:
                member = k.members[level]
                if ranked and level == len(dims) - 1 and k in rank_of:
                    value = rank_of[k]
                    top = result.layout.top
                    parts.append((0, (value if top.bottom else -value), _sort_key(member)))
                else:
                    parts.append((0, _sort_key(member)))
            else:
                parts.append((1,))
        return tuple(parts)

    return sorted(keys, key=key)


# Member labels that need no lookup --------------------------------------------------------

def member_text(dimension: str, key: Any, lang: str = "zh", asset_edges: Sequence[int] = DEFAULT_ASSET_EDGES) -> str:
    zh = lang.startswith("zh")
    if key is None:
        return ""
    if dimension == "day":
        return key.isoformat()
    if dimension == "week":
        year, week, _ = key.isocalendar()
        return f"{year}-W{week:02d}"
    if dimension == "month":
        return f"{key.year}-{key.month:02d}"
    if dimension == "quarter":
        return f"{key.year}Q{(key.month - 1) // 3 + 1}"
    if dimension == "year":
        return f"{key.year}"
    if dimension == "vip_level":
        return f"V{key}" if key else ("非贵宾" if zh else "Non-VIP")
    if dimension == "gender":
        return {"M": ("男", "Male"), "F": ("女", "Female")}.get(key, (str(key), str(key)))[0 if zh else 1]
    if dimension == "relationship_kind":
        return {"development": ("开发", "Development"), "service": ("服务", "Service")}.get(
            key, (str(key), str(key)))[0 if zh else 1]
    if dimension == "asset_range":
        return range_text(key, asset_edges, "万" if zh else "k", 10_000 if zh else 1_000)
    if dimension == "age_band":
        return range_text(key, AGE_EDGES, "岁" if zh else "", 1)
    return str(key)


def range_text(index: int, edges: Sequence[int], unit: str, divisor: int) -> str:
    def fmt(v: int) -> str:
        q = v / divisor
        return f"{q:g}{unit}"

    if index <= 0:
        return f"< {fmt(edges[0])}"
    if index >= len(edges):
        return f"≥ {fmt(edges[-1])}"
    return f"{fmt(edges[index - 1])} – {fmt(edges[index])}"
