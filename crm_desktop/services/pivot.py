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
counts those whose account was opened within the cell's period. Staff dimensions credit each
day's figures to the relationship that held on that day (crm.customer_daily_owner: attribution
by date, issue #15), so a hand-over on the 15th splits the month between the old and the new
holder, and a customer's period values in a staff cell are those of the days that staff member
held them; with the relationship-kind dimension a customer counts once for the developer (开发)
and once for the service staff member (服务). 上级员工 is every staff member above the holder in
the superior hierarchy as it is now (staff.superior_id has no dated history): a customer counts
for each of them, and a total over superiors counts it once.

Where the numbers come from (the planner, :func:`plan`): four sources give identical numbers,
and the smallest that can answer a layout is used --

* ``crm.pivot_branch_month``: (branch, month, VIP level, asset range) sums — branch x month and
  similar layouts read a few thousand rows; its asset ranges are cut at the edges it was built
  with (crm.pivot_default_asset_edges(), reference_settings.branch_rollup_edges), so an
  asset-range layout is answered from it only at exactly those edges;
* ``crm.pivot_customer_quarter``: the same rows merged into quarters (a third as many; kept
  from the month rollup by a trigger on every change of it, except the nightly T+1 merge, which
  merges the changes of the month rows it writes into their quarter rows itself, crm.t1_apply)
  — a layout whose period is whole
  quarters and whose finest date grain is the quarter or the year (or none). A ranking of
  customers by P&L over one quarter (top / bottom N, losses) reads N rows of its (quarter, P&L)
  index plus the customers whose quarter is split over rows (`parts` > 1: a hand-over or a
  move), see :func:`_quarter_pnl_ranking_sql`;
* ``crm.pivot_customer_month``: one row per customer, month and pair of development / service
  staff holding the customer on some of its days (that part's last-day assets and VIP level,
  sums of the flows, denormalised customer attributes) — any layout whose period is whole months;
* ``crm.customer_daily``: the raw facts — day/week dates and periods that cut a month.

How a layout with totals is aggregated (:func:`_rolled_up`): the per-customer rows are first
aggregated once into the layout's cells (with a customer count: into cells and customers), and
the grouping sets (subtotals, grand total) combine those leaf rows; PostgreSQL would otherwise
evaluate, hash or sort every customer-month row once per grouping set (issue #16: the HQ layouts
staff x relationship kind and gender x age band x quarter, 0.5-1 s on 200 000 customers).

Row-level security. The rollups are readable only for branches all of whose customers the
caller sees (crm.my_scope_branch_ids(), their RLS policy); facts of any other customer the
caller may see (through a relationship or the public pool) are read from the raw tables under
their own policies and the two parts are added together, so an analyst scoped to two branches
never gets a total that includes a third.

Adding a dimension (each piece in one place):

* a :class:`Dimension` in DIMENSION_LIST (kind "date" only for a new date grain);
* its SQL over the per-customer rows in :func:`_dimension_expr`, and in `_DIMENSION_COLUMNS`
  the row columns it reads; a column the rows do not carry yet goes into
  `_customer_rows_from_facts` and `_customer_rows_from_rollup` (and into crm.pivot_customer_month,
  crm.pivot_customer_quarter, their refresh and crm.t1_apply's merges; db/sql: a migration). The
  branch rollup answers only the dimensions of BRANCH_MONTH_DIMS; :func:`plan` sends any other
  one to the customer rollup or the facts;
* its member words in :func:`member_text` or `_LABEL_QUERIES`, the members a filter offers in
  :func:`members`;
* its condition over ``crm.customer c`` for the drill-down in :func:`compile_cell`;
* its reference computation in tests/db/test_pivot.py, which compares every source.

Adding a measure:

* a :class:`Measure` in MEASURE_LIST (unit, the functions it allows); a daily flow summed over
  the period also goes into _FLOWS;
* its per-customer value in the row sources: summed from crm.customer_daily in
  `_customer_rows_from_facts`, and the same column in crm.pivot_customer_month,
  crm.pivot_customer_quarter and crm.pivot_branch_month and their refresh, and in the month
  and quarter merges of crm.t1_apply (db/sql: a migration; a customer's share of a branch row is
  crm.pivot_customer_month_merged, summed by crm.refresh_pivot_branch_month and corrected share
  by share by crm.refresh_pivot_rollups; outside the T+1 merge the quarter rollup follows the
  month rollup by its trigger), read in `_customer_rows_from_rollup` and `_branch_rows`;
* its aggregate in :func:`_measure_expr` and, in two steps (leaf cells, then the grouping sets),
  in :func:`_value_parts`; the row columns it reads in `_MEASURE_COLUMNS` (when not a column of
  its own name);
* its reference computation in tests/db/test_pivot.py.

The drill-down from a cell to its customers is a pseudo filter of the customer query engine
(services.customer_query): this module registers it (ANALYSIS_FILTER); the engine never imports
the pivot.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from psycopg import sql
from psycopg.rows import dict_row

from crm_desktop.services.customer_query.compile import Params, PseudoFilter, register_pseudo_filter
from crm_desktop.services.customer_query.filters import Condition, Group
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.reference_settings import branch_rollup_edges, default_asset_edges
from crm_desktop.services.sales_targets import METRIC_LABELS, period_of
from crm_desktop.services.sales_targets import METRICS as TARGET_METRICS

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
    unit: str = "cents"          # cents | count | percent (a ratio: 0.85 is 85 %)
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
    # 客户群 (FAQ 4, 5): the groups the caller can see (their own and their subtree's). A customer
    # in several groups is in each of them, so subtotals and the grand total across groups count
    # such a customer once per group (客户数 counts distinct customers); filter one group for its
    # exact figures. Customers in no visible group fall in the empty member.
    Dimension("customer_group", "Customer group", "客户群"),
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
    # 贡献度 (FAQ 39): net commission × w1 + interest spread × w2, HQ's weights (crm.contribution_weight).
    Measure("contribution", "Contribution", "贡献度"),
    Measure("customers", "Customers", "客户数", "count", ("count",)),
    Measure("new_accounts", "New accounts", "新开户数", "count", ("count",)),
    # The sales funnel (预约 → 开户 → 关系确认 → 入金): reservations registered in the period, by
    # the registering staff member and the expected branch, each stage within the previous one
    # (matched; matched and developed by its staff member; that and the account has had assets);
    # not combinable with fact measures.
    Measure("reservations", "Reservations", "预约登记", "count", ("count",)),
    Measure("reservations_matched", "Matched to a new account", "匹配开户", "count", ("count",)),
    Measure("reservations_developed", "Relationship confirmed", "关系确认", "count", ("count",)),
    Measure("reservations_funded", "Funded", "入金", "count", ("count",)),
    # 销售任务 (issue #15): each metric's target and its completion, as the 销售任务 tab shows them
    # (see "Target measures" below); not combinable with the funnel.
    *(measure for metric in TARGET_METRICS for measure in (
        Measure(f"target_{metric}", f"{METRIC_LABELS[metric][1]} target", f"{METRIC_LABELS[metric][0]}目标",
                "count" if metric == "new_accounts" else "cents", ("sum",)),
        Measure(f"completion_{metric}", f"{METRIC_LABELS[metric][1]} completion",
                f"{METRIC_LABELS[metric][0]}完成率", "percent", ("ratio",)))),
)
MEASURES: dict[str, Measure] = {m.key: m for m in MEASURE_LIST}
# measure key -> (sales-target metric, 'target' | 'completion')
TARGET_MEASURES: dict[str, tuple[str, str]] = {
    f"{part}_{metric}": (metric, part) for metric in TARGET_METRICS for part in ("target", "completion")}
FUNNEL_MEASURES = frozenset({"reservations", "reservations_matched", "reservations_developed", "reservations_funded"})
FUNNEL_DIMS = frozenset({"branch", "staff", "day", "week", "month", "quarter", "year"})
FUNC_LABELS = {"sum": ("Sum", "合计"), "avg": ("Average", "平均"), "min": ("Min", "最小"),
               "max": ("Max", "最大"), "count": ("Count", "计数"), "ratio": ("Ratio", "比率")}

# Asset range edges in yuan: [0, 10k), [10k, 100k), ... , [10M, ∞): the bands crm.pivot_branch_month
# is built with at first, and what a layout holds when it has no edges of its own. Such a layout
# is run with HQ's default edges (crm.asset_range_setting, see with_default_edges); when those
# differ from the edges the branch rollup is cut at (crm.pivot_default_asset_edges(), see
# reference_settings.branch_rollup_edges), plan() answers from the customer rollup.
DEFAULT_ASSET_EDGES: tuple[int, ...] = (10_000, 100_000, 500_000, 1_000_000, 5_000_000, 10_000_000)
AGE_EDGES: tuple[int, ...] = (30, 40, 50, 60)
# Whole years of age today: year difference, minus one before this year's birthday. The same
# number as date_part('year', age(current_date, b)), at a fraction of its cost per row.
AGE_SQL = ("(date_part('year', current_date) - date_part('year', {b}) - "
           "(date_part('month', {b}) * 100 + date_part('day', {b}) > "
           "date_part('month', current_date) * 100 + date_part('day', current_date))::integer)::integer")

MAX_CELLS = 10_000            # the pane warns above this and offers top-N instead
MAX_ROWS_RETURNED = 200_000   # hard limit on what one query may return to the client


@dataclass(frozen=True)
class Value:
    measure: str
    func: str = "sum"

    def label(self, lang: str = "zh") -> str:
        m = MEASURES[self.measure]
        if len(m.funcs) == 1:
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
    below_zero: bool = False        # only members whose ranked value is negative (losses)


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
    source: str                           # branch_month | customer_month | facts
    sql: str = ""
    truncated: bool = False
    # The dates the figures are for: the layout's range within the loaded data (None: no data).
    period: tuple[dt.date, dt.date] | None = None

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
    asset_edges: tuple[int, ...] = DEFAULT_ASSET_EDGES     # the layout's, for the range labels

    def cell(self, row: AxisKey, column: AxisKey) -> tuple | None:
        return self.cells.get((row, column))

    @property
    def cell_count(self) -> int:
        return len(self.rows) * max(1, len(self.columns)) * max(1, len(self.values))

    def member_label(self, dimension: str, key: Any, lang: str = "zh") -> str:
        found = self.labels.get(dimension, {}).get(key)
        return found if found is not None else member_text(dimension, key, lang, self.asset_edges)

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
        return Grid(layout.rows, layout.columns, layout.values, rows, columns, cells, result.labels,
                    tuple(layout.asset_edges))


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
        # A member row without a member (the public pool's customers under 员工, a customer with
        # no VIP level): named, so that neither the grid nor the chart leaves it blank or calls
        # it a total.
        return "（无）" if zh else "(none)"
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


# Validation ---------------------------------------------------------------------------------

def validate(layout: Layout) -> None:
    dims = layout.rows + layout.columns
    for key in dims + tuple(f.dimension for f in layout.filters):
        if key not in DIMENSIONS:
            raise refuse(f"unknown dimension {key!r}")
    if len(set(dims)) != len(dims):
        raise refuse("a dimension may appear only once in rows and columns")
    if not layout.values:
        raise refuse("choose at least one value")
    for value in layout.values:
        measure = MEASURES.get(value.measure)
        if measure is None:
            raise refuse(f"unknown measure {value.measure!r}")
        if value.func not in measure.funcs:
            raise refuse(f"{measure.label_en}: {value.func!r} is not one of {', '.join(measure.funcs)}")
    funnel = [v.measure in FUNNEL_MEASURES for v in layout.values]
    if any(funnel):
        if not all(funnel):
            raise refuse("the funnel's reservation counts cannot be mixed with the business figures")
        outside = (set(dims) | {f.dimension for f in layout.filters}) - FUNNEL_DIMS
        if outside:
            raise refuse("the funnel can be split by branch, staff and date only, not by "
                         + ", ".join(sorted(outside)))
    if any(v.measure in TARGET_MEASURES for v in layout.values):
        _check_target_layout(layout)
    grains = [d for d in dims if DIMENSIONS[d].kind == "date"]
    if "week" in grains and len(grains) > 1:
        raise refuse("weeks cross month, quarter and year boundaries; use week alone")
    for f in layout.filters:
        if DIMENSIONS[f.dimension].kind == "date":
            raise refuse("filter dates with the date range, not with members")
        if len(f.members) > 10_000:
            raise refuse("at most 10 000 members in one filter")
    edges = layout.asset_edges
    if not edges or any(not isinstance(e, int) or e <= 0 for e in edges) or list(edges) != sorted(set(edges)):
        raise refuse("asset range edges must be increasing positive whole yuan amounts")
    if layout.start and layout.end and layout.start > layout.end:
        raise refuse("the date range ends before it starts")
    if layout.top is not None:
        if not layout.rows:
            raise refuse("a ranking needs a row dimension")
        if not (1 <= layout.top.n <= 10_000) or not (0 <= layout.top.value < len(layout.values)):
            raise refuse("ranking: N must be 1-10 000 and the value one of the chosen values")


def finest_grain(layout: Layout) -> str | None:
    dims = layout.rows + layout.columns
    grains = [g for g in DATE_GRAINS if g in dims]
    return grains[0] if grains else None


def _month_aligned(layout: Layout, latest: dt.date | None) -> bool:
    if layout.start is not None and layout.start.day != 1:
        return False
    if layout.end is None or (latest is not None and layout.end >= latest):
        return True
    return (layout.end + dt.timedelta(days=1)).day == 1


def _single_month(layout: Layout, latest: dt.date | None, earliest: dt.date | None) -> bool:
    start = layout.start or earliest
    end = layout.end or latest
    return start is not None and end is not None and (start.year, start.month) == (end.year, end.month)


BRANCH_MONTH_DIMS = frozenset({"branch", "vip_level", "asset_range", "month", "quarter", "year"})
STAFF_DIMS = frozenset({"staff", "superior", "relationship_kind"})


def _quarter_aligned(layout: Layout, latest: dt.date | None) -> bool:
    def quarter_start(day: dt.date) -> bool:
        return day.day == 1 and day.month % 3 == 1

    if layout.start is not None and not quarter_start(layout.start):
        return False
    return layout.end is None or (latest is not None and layout.end >= latest) or \
        quarter_start(layout.end + dt.timedelta(days=1))


def plan(layout: Layout, latest: dt.date | None = None, earliest: dt.date | None = None,
         band_edges: tuple[int, ...] | None = DEFAULT_ASSET_EDGES) -> str:
    """The smallest source that answers `layout` exactly: branch_month, customer_quarter,
    customer_month or facts. `band_edges`: the edges the branch rollup's asset bands are cut at
    (None: being rebuilt)."""
    if any(v.measure in FUNNEL_MEASURES for v in layout.values):
        return "reservations"
    grain = finest_grain(layout)
    if grain in ("day", "week") or not _month_aligned(layout, latest):
        return "facts"
    per_month = grain == "month" or (grain is None and _single_month(layout, latest, earliest))
    dims = set(layout.rows + layout.columns) | {f.dimension for f in layout.filters}
    if not per_month and grain != "month" and _quarter_aligned(layout, latest):
        # Whole quarters: a third of the customer-month rows.
        return "customer_quarter"
    if not per_month or not dims <= BRANCH_MONTH_DIMS:
        return "customer_month"
    if "asset_range" in dims and tuple(layout.asset_edges) != band_edges:
        return "customer_month"
    for value in layout.values:
        if value.func in ("min", "max"):
            return "customer_month"
        distinct = value.measure == "customers" or value.func == "avg"
        # Distinct customers do not add up across months: totals over months need the customers.
        if distinct and layout.totals and grain is not None:
            return "customer_month"
    if grain is not None and any(g in dims for g in ("quarter", "year")):
        # month is the finest grain but quarters/years group several months: sums only.
        if any(v.measure == "customers" or v.func == "avg" for v in layout.values):
            return "customer_month"
    return "branch_month"


# SQL ------------------------------------------------------------------------------------------

_FLOWS = ("trade_volume", "commission", "net_commission", "interest_spread", "pnl")
_ASSET_MASK = (1 << 44) - 1


def _bucket(grain: str | None, column: str) -> str:
    if grain is None:
        return "NULL::date"
    if grain == "day":
        return column
    # ::timestamp (not the implicit timestamptz) spares a time-zone conversion per row.
    return f"date_trunc('{grain}', {column}::timestamp)::date"


def _bucket_end(grain: str | None) -> str:
    """The last day of a row's bucket (for new accounts)."""
    if grain is None:
        return "%(end)s::date"
    if grain == "day":
        return "r.bucket"
    step = {"week": "7 days", "month": "1 month", "quarter": "3 months", "year": "1 year"}[grain]
    return f"(r.bucket + interval '{step}' - interval '1 day')::date"


def _customer_rows_from_facts(grain: str | None, branch_filter: bool, owners: bool = False) -> str:
    """Per customer and bucket, from the raw facts of the branches in %(raw)s (RLS applies);
    with `owners`, per customer, bucket and the staff that held the customer on the days
    (crm.customer_daily_owner), else without staff (NULL)."""
    where = ["d.trade_date BETWEEN %(start)s AND %(end)s", "d.branch_id = ANY (%(raw)s::smallint[])"]
    if branch_filter:
        where.append("d.branch_id = ANY (%(f_branch)s::smallint[])")
    facts = "crm.customer_daily_owner" if owners else "crm.customer_daily"
    staff = "d.developer_id, d.service_staff_id" if owners else "NULL::integer, NULL::integer"
    staff_columns = ("d.developer_id, d.service_staff_id" if owners
                     else "NULL::integer AS developer_id, NULL::integer AS service_staff_id")
    if grain == "day":
        # A fact row is already one customer's day (its key is branch, customer, date): the
        # aggregate below would group nothing (it hashed 790 000 rows into as many groups, ~1 s).
        return f"""
        SELECT d.trade_date AS bucket, d.branch_id, d.customer_id, {staff}, c.gender,
               c.birthday, c.open_date, 1 AS days, d.trade_date AS last_date, d.total_assets_cents AS assets_sum,
               least(d.total_assets_cents, {_ASSET_MASK}) AS assets_end, (d.vip_level & 255)::smallint AS vip_end,
               d.trade_volume_cents AS trade_volume, d.commission_cents AS commission,
               d.net_commission_cents AS net_commission, d.interest_spread_cents AS interest_spread,
               d.pnl_cents AS pnl
          FROM {facts} d
          JOIN crm.customer c ON c.id = d.customer_id
         WHERE {' AND '.join(where)}"""
    return f"""
        SELECT f.bucket, f.branch_id, f.customer_id, f.developer_id, f.service_staff_id, c.gender, c.birthday,
               c.open_date, f.days, f.last_date, f.assets_sum, f.assets_end, f.vip_end,
               f.trade_volume, f.commission, f.net_commission, f.interest_spread, f.pnl
          FROM (SELECT {_bucket(grain, 'd.trade_date')} AS bucket, d.branch_id, d.customer_id,
                       {staff_columns},
                       count(*)::integer AS days, max(d.trade_date) AS last_date,
                       sum(d.total_assets_cents)::bigint AS assets_sum,
                       max(((d.trade_date - DATE '2000-01-01')::bigint << 44)
                           | least(d.total_assets_cents, {_ASSET_MASK})) & {_ASSET_MASK} AS assets_end,
                       (max(((d.trade_date - DATE '2000-01-01')::bigint << 8) | d.vip_level) & 255)::smallint AS vip_end,
                       sum(d.trade_volume_cents)::bigint AS trade_volume, sum(d.commission_cents)::bigint AS commission,
                       sum(d.net_commission_cents)::bigint AS net_commission,
                       sum(d.interest_spread_cents)::bigint AS interest_spread, sum(d.pnl_cents)::bigint AS pnl
                  FROM {facts} d
                 WHERE {' AND '.join(where)}
                 GROUP BY 1, 2, 3, 4, 5) f
          JOIN crm.customer c ON c.id = f.customer_id"""


def needs_customer_periods(layout: Layout) -> bool:
    """Whether values or dimensions need each customer's figures over a whole cell period (end
    assets, averages, VIP level / asset range at the period end, min/max, per-period new
    accounts); otherwise sums over customer-month rows are the same numbers, read directly."""
    used = set(layout.rows + layout.columns) | {f.dimension for f in layout.filters}
    if used & {"vip_level", "asset_range"}:
        return True
    return not all((v.measure in _FLOWS and v.func == "sum") or v.measure == "customers" for v in layout.values)


# The per-customer columns each dimension and measure reads (bucket, branch_id and customer_id
# are always there).
_DIMENSION_COLUMNS = {"vip_level": ("vip_end",), "asset_range": ("assets_end",), "gender": ("gender",),
                      "age_band": ("birthday",), "staff": ("developer_id", "service_staff_id"),
                      "superior": ("developer_id", "service_staff_id"),
                      "relationship_kind": ("developer_id", "service_staff_id")}
_MEASURE_COLUMNS = {"customers": (), "new_accounts": ("open_date",), "assets_end": ("assets_end",),
                    "assets_avg": ("assets_sum", "days"), "contribution": ("net_commission", "interest_spread")}


def _columns_used(layout: Layout) -> frozenset[str]:
    used = set(layout.rows + layout.columns) | {f.dimension for f in layout.filters}
    columns = {c for d in used for c in _DIMENSION_COLUMNS.get(d, ())}
    return frozenset(columns | {c for v in layout.values for c in _MEASURE_COLUMNS.get(v.measure, (v.measure,))})


def _customer_rows_from_rollup(grain: str | None, branch_filter: bool, per_period: bool = True,
                               columns: frozenset[str] | None = None, owners: bool = False,
                               period: str = "month") -> str:
    """Per customer and bucket from the customer-month rollup (`period` "quarter": the
    customer-quarter rollup). Summing months (quarters) into longer buckets is the costly step,
    so only the `columns` the layout reads are aggregated (the others come out NULL, typed for
    the UNION with the facts); None = all. With `owners` or without `per_period`, the rollup's
    rows as they are: one per customer, month (quarter) and holding staff (:func:`_owner_rows`
    makes periods of them). By quarter from the quarter rollup, only the rows of a customer
    handed over within the quarter (`holders` > 1) are merged."""
    table = {"month": "crm.pivot_customer_month", "quarter": "crm.pivot_customer_quarter"}[period]
    where = [f"m.{period} BETWEEN date_trunc('{period}', %(start)s::date)::date AND %(end)s",
             "m.branch_id = ANY (%(full)s::smallint[])"]
    if branch_filter:
        where.append("m.branch_id = ANY (%(f_branch)s::smallint[])")

    def agg(column: str, expression: str, sql_type: str) -> str:
        return (expression if columns is None or column in columns else f"NULL::{sql_type}") + f" AS {column}"

    def as_they_are(condition: str = "") -> str:
        return f"""
        SELECT {_bucket(grain, f'm.{period}')} AS bucket, m.branch_id, m.customer_id, m.developer_id, m.service_staff_id, m.gender,
               m.birthday, m.open_date, m.days::integer AS days, m.last_date, m.assets_sum_cents AS assets_sum,
               m.assets_end_cents AS assets_end, m.vip_end, m.trade_volume_cents AS trade_volume,
               m.commission_cents AS commission, m.net_commission_cents AS net_commission,
               m.interest_spread_cents AS interest_spread, m.pnl_cents AS pnl
          FROM {table} m
         WHERE {' AND '.join(where + ([condition] if condition else []))}"""

    def merged(condition: str = "") -> str:
        return f"""
        SELECT {_bucket(grain, f'm.{period}')} AS bucket, m.branch_id, m.customer_id,
               NULL::integer AS developer_id, NULL::integer AS service_staff_id,
               {agg('gender', 'min(m.gender)', 'char(1)')}, {agg('birthday', 'min(m.birthday)', 'date')},
               {agg('open_date', 'min(m.open_date)', 'date')}, {agg('days', 'sum(m.days)::integer', 'integer')},
               NULL::date AS last_date,
               {agg('assets_sum', 'sum(m.assets_sum_cents)::bigint', 'bigint')},
               {agg('assets_end', f"max(((m.last_date - DATE '2000-01-01')::bigint << 44) | m.assets_end_cents) & {_ASSET_MASK}", 'bigint')},
               {agg('vip_end', "(max(((m.last_date - DATE '2000-01-01')::bigint << 8) | m.vip_end) & 255)::smallint", 'smallint')},
               {agg('trade_volume', 'sum(m.trade_volume_cents)::bigint', 'bigint')},
               {agg('commission', 'sum(m.commission_cents)::bigint', 'bigint')},
               {agg('net_commission', 'sum(m.net_commission_cents)::bigint', 'bigint')},
               {agg('interest_spread', 'sum(m.interest_spread_cents)::bigint', 'bigint')},
               {agg('pnl', 'sum(m.pnl_cents)::bigint', 'bigint')}
          FROM {table} m
         WHERE {' AND '.join(where + ([condition] if condition else []))}
         GROUP BY 1, 2, 3"""

    if owners or not per_period:
        return as_they_are()
    if period == "quarter" and grain == "quarter":
        # (parts >= holders: the partial index on parts > 1 finds the few handed-over rows)
        return as_they_are("m.holders = 1") + "\n        UNION ALL" + merged("m.parts > 1 AND m.holders > 1")
    return merged()


def _branch_rows(grain: str | None, branch_filter: bool, include_facts: bool) -> str:
    """Per branch-month cell: the rollup for full branches plus the same aggregation of the raw
    facts of the caller's other visible customers."""
    rollup_where = ["b.month BETWEEN date_trunc('month', %(start)s::date)::date AND %(end)s",
                    "b.branch_id = ANY (%(full)s::smallint[])"]
    if branch_filter:
        rollup_where.append("b.branch_id = ANY (%(f_branch)s::smallint[])")
    facts = _customer_rows_from_facts("month", branch_filter)
    return f"""
        SELECT {_bucket(grain, 'b.month')} AS bucket, b.month, b.branch_id, b.vip_level AS vip_end, b.asset_band,
               b.customers::bigint AS customers, b.new_accounts::bigint AS new_accounts,
               b.assets_end_cents AS assets_end, b.assets_avg_cents AS assets_avg,
               b.trade_volume_cents AS trade_volume, b.commission_cents AS commission,
               b.net_commission_cents AS net_commission, b.interest_spread_cents AS interest_spread,
               b.pnl_cents AS pnl
          FROM crm.pivot_branch_month b
         WHERE {' AND '.join(rollup_where)}""" + ("" if not include_facts else f"""
        UNION ALL
        SELECT {_bucket(grain, 'x.bucket')}, x.bucket, x.branch_id, x.vip_end,
               width_bucket(x.assets_end, (SELECT crm.pivot_default_asset_edges()))::smallint,
               1, (date_trunc('month', x.open_date::timestamp)::date = x.bucket)::integer,
               x.assets_end, x.assets_sum::float8 / x.days,
               x.trade_volume, x.commission, x.net_commission, x.interest_spread, x.pnl
          FROM ({facts}) x""")


# The columns of the per-customer rows that measures read (besides the bucket).
_ROW_VALUE_COLUMNS = ("branch_id", "customer_id", "gender", "birthday", "open_date", "days", "assets_sum",
                      "assets_end", "vip_end", "trade_volume", "commission", "net_commission", "interest_spread",
                      "pnl")


def _owner_rows(rows_sql: str, grain: str | None, with_service: bool, per_period: bool) -> str:
    """The per-customer rows by holding staff: each row once for its developer (kind
    'development') and, `with_service`, once for its service staff member ('service'), as
    columns kind and staff_id. `per_period`: a customer's rows with the same staff in a bucket
    (their months, or their parts under other service staff) are merged into one, whose period
    values are those of the staff member's days (the latest day's assets and VIP level)."""
    kinds = "('development'::text, s.developer_id)" + (", ('service'::text, s.service_staff_id)" if with_service else "")
    if not per_period:
        return f"""
        SELECT s.*, rk.kind, rk.staff_id
          FROM ({rows_sql}) s CROSS JOIN LATERAL (VALUES {kinds}) rk(kind, staff_id)"""
    return f"""
        SELECT {_bucket(grain, 's.bucket')} AS bucket, s.branch_id, s.customer_id, rk.kind, rk.staff_id,
               min(s.gender) AS gender, min(s.birthday) AS birthday, min(s.open_date) AS open_date,
               sum(s.days)::integer AS days, max(s.last_date) AS last_date, sum(s.assets_sum)::bigint AS assets_sum,
               max(((s.last_date - DATE '2000-01-01')::bigint << 44) | s.assets_end) & {_ASSET_MASK} AS assets_end,
               (max(((s.last_date - DATE '2000-01-01')::bigint << 8) | s.vip_end) & 255)::smallint AS vip_end,
               sum(s.trade_volume)::bigint AS trade_volume, sum(s.commission)::bigint AS commission,
               sum(s.net_commission)::bigint AS net_commission, sum(s.interest_spread)::bigint AS interest_spread,
               sum(s.pnl)::bigint AS pnl
          FROM ({rows_sql}) s CROSS JOIN LATERAL (VALUES {kinds}) rk(kind, staff_id)
         GROUP BY 1, 2, 3, 4, 5"""


def _superior_chain(filtered: bool) -> str:
    """CTEs: `sup` has one row per staff member and each superior above them, at any depth
    (depth 1: the direct superior; a staff member without one has a row with superior NULL),
    in the hierarchy as it is now (crm.staff.superior_id has no dated history; the server keeps
    it free of cycles, the depth bound is a second guard). `nearest` marks each staff member's
    nearest superior among those %(superior_members)s keeps when `filtered`."""
    keep = ("(c.superior_id = ANY (%(superior_members)s::integer[]) OR (c.superior_id IS NULL AND %(superior_none)s))"
            if filtered else "true")
    return f"""RECURSIVE chain(staff_id, superior_id, depth) AS (
        SELECT s.id, s.superior_id, 1 FROM crm.staff s
        UNION ALL
        SELECT c.staff_id, s.superior_id, c.depth + 1
          FROM chain c JOIN crm.staff s ON s.id = c.superior_id
         WHERE s.superior_id IS NOT NULL AND c.depth < 64),
    sup AS (
        SELECT c.staff_id, c.superior_id, c.depth = min(c.depth) OVER (PARTITION BY c.staff_id) AS nearest
          FROM chain c WHERE {keep}),
    """


def _reservation_rows(grain: str | None) -> str:
    """One row per reservation registered in the period (RLS: the registering staff member's
    team, or whole branches in scope) with its funnel stages."""
    return f"""
        SELECT {_bucket(grain, 'v.registered_on')} AS bucket, v.branch_id, v.staff_id,
               v.status = 'matched' AS matched,
               (v.status = 'matched' AND EXISTS (SELECT 1 FROM crm.customer c
                                                  WHERE c.id = v.customer_id AND c.developer_id = v.staff_id)) AS developed,
               (v.status = 'matched'
                AND EXISTS (SELECT 1 FROM crm.customer c WHERE c.id = v.customer_id AND c.developer_id = v.staff_id)
                AND EXISTS (SELECT 1 FROM crm.customer_daily d
                             WHERE d.customer_id = v.customer_id AND d.total_assets_cents > 0)) AS funded
          FROM crm.reservation v
         WHERE v.registered_on BETWEEN %(start)s AND %(end)s"""


def _dimension_expr(key: str, kind: str) -> str:
    """`kind`: 'customer' rows (one per customer and bucket) or 'branch' rows (branch_month)."""
    if DIMENSIONS[key].kind == "date":
        return "r.bucket" if key == "day" else f"date_trunc('{key}', r.bucket::timestamp)::date"
    if key == "branch":
        return "r.branch_id"
    if key == "vip_level":
        return "r.vip_end"
    if key == "asset_range":
        return "r.asset_band" if kind == "branch" else "width_bucket(r.assets_end, %(edges)s::bigint[])"
    if key == "staff":
        return "r.staff_id" if kind == "reservation" else "rk.staff_id"
    if key == "superior":
        return "sup.superior_id"
    if key == "relationship_kind":
        return "rk.kind"
    if key == "gender":
        return "r.gender"
    if key == "age_band":
        # A customer has reached an age edge when born on or before today that many years ago:
        # one integer per row against days computed once (an InitPlan), where AGE_SQL takes four
        # date_part() per row (a third of the gender x age band x quarter layout's time).
        return ("width_bucket(DATE '2000-01-01' - r.birthday, (SELECT array_agg(DATE '2000-01-01' - "
                "(current_date - make_interval(years => e))::date ORDER BY e) FROM unnest(%(ages)s::integer[]) e))")
    if key == "customer":
        return "r.customer_id"
    if key == "customer_group":
        if kind != "customer":
            raise refuse("customer groups need the per-customer rows")
        return "gm.group_id"
    raise refuse(f"unknown dimension {key!r}")


def _measure_expr(value: Value, kind: str, grain: str | None) -> str:
    m, func = value.measure, value.func
    if kind == "reservation":
        return {"reservations": "count(*)", "reservations_matched": "count(*) FILTER (WHERE r.matched)",
                "reservations_developed": "count(*) FILTER (WHERE r.developed)",
                "reservations_funded": "count(*) FILTER (WHERE r.funded)"}[m]
    if m == "contribution":
        return _contribution_expr(func, kind)
    if kind == "branch":
        if m == "customers":
            return "sum(r.customers)::bigint"
        if m == "new_accounts":
            return "sum(r.new_accounts)::bigint"
        column = {"assets_end": "r.assets_end", "assets_avg": "r.assets_avg"}.get(m, f"r.{m}")
        if func == "sum":
            return f"round(sum({column}))::bigint" if m == "assets_avg" else f"sum({column})::bigint"
        if func == "avg":
            return f"sum({column})::float8 / nullif(sum(r.customers), 0)"
        raise refuse("min / max need the per-customer rollup")
    if m == "customers":
        return "count(DISTINCT r.customer_id)"
    if m == "new_accounts":
        start = "r.bucket" if grain is not None else "%(start)s::date"
        return (f"count(DISTINCT r.customer_id) FILTER (WHERE r.open_date BETWEEN {start} AND {_bucket_end(grain)})")
    column = {"assets_end": "r.assets_end", "assets_avg": "(r.assets_sum::float8 / r.days)"}.get(m, f"r.{m}")
    if func == "sum":
        return f"round(sum({column}))::bigint" if m == "assets_avg" else f"sum({column})::bigint"
    if func == "avg":
        return f"avg({column})::float8"
    return f"{func}({column})" + ("::float8" if m == "assets_avg" else "")


def _contribution_expr(func: str, kind: str) -> str:
    """贡献度 is linear in two flows: sums (and averages) weight the sums once per cell; min / max
    weigh each customer's row (the per-customer sources only)."""
    weighted_sum = "crm.contribution_cents(sum(r.net_commission), sum(r.interest_spread))"
    if func == "sum":
        return f"{weighted_sum}::bigint"
    if func == "avg":
        return f"{weighted_sum}::float8 / nullif({'sum(r.customers)' if kind == 'branch' else 'count(*)'}, 0)"
    if kind == "branch":
        raise refuse("min / max need the per-customer rollup")
    return f"{func}(crm.contribution_cents(r.net_commission, r.interest_spread))::bigint"


@dataclass(frozen=True)
class _Parts:
    """A value computed in two steps: `parts` (aggregates over the per-customer rows, each with
    the aggregate that combines them: sum, min, max, or bool_or for a flag of the customer,
    which the final reads as it is) and `final` (a format string over the combined parts {0},
    {1}, ...; `cid` is the customer of a leaf row)."""

    parts: tuple[tuple[str, str], ...]
    final: str


def _value_parts(value: Value, grain: str | None) -> _Parts:
    m, func = value.measure, value.func
    if m == "customers":
        return _Parts((), "count(DISTINCT cid)")
    if m == "new_accounts":
        start = "r.bucket" if grain is not None else "%(start)s::date"
        return _Parts(((f"bool_or(r.open_date BETWEEN {start} AND {_bucket_end(grain)})", "bool_or"),),
                      "count(DISTINCT cid) FILTER (WHERE {0})")
    if m == "contribution":
        if func in ("min", "max"):
            return _Parts(((f"{func}(crm.contribution_cents(r.net_commission, r.interest_spread))", func),),
                          "{0}::bigint")
        sums = (("sum(r.net_commission)", "sum"), ("sum(r.interest_spread)", "sum"))
        if func == "sum":
            return _Parts(sums, "crm.contribution_cents({0}, {1})::bigint")
        return _Parts(sums + (("count(*)", "sum"),), "crm.contribution_cents({0}, {1})::float8 / nullif({2}, 0)")
    column = {"assets_end": "r.assets_end", "assets_avg": "(r.assets_sum::float8 / r.days)"}.get(m, f"r.{m}")
    if func == "sum":
        return _Parts(((f"sum({column})", "sum"),), "round({0})::bigint" if m == "assets_avg" else "{0}::bigint")
    if func == "avg":
        return _Parts(((f"sum({column})", "sum"), (f"count({column})", "sum")),
                      "({0})::float8 / nullif({1}, 0)::float8")
    return _Parts(((f"{func}({column})", func),), "{0}" + ("::float8" if m == "assets_avg" else ""))


def _rolled_up(layout: Layout, grain: str | None, dim_exprs: list[str], from_sql: str, where_sql: str) -> str:
    """The grouping sets of a layout with totals over `leaf`, the per-customer rows aggregated
    once into the layout's cells, instead of over the rows themselves: PostgreSQL evaluates and
    hashes (or, with a count(DISTINCT), sorts) its input once per grouping set. With a customer
    count the leaf keeps one row per cell and customer (the pre-aggregation per customer), so the
    distinct counts sort that instead of every customer-month row (issue #16: staff x kind read
    460 000 month rows x 2 kinds, sorted twice; the leaf has 32 000)."""
    values = [_value_parts(v, grain) for v in layout.values]
    distinct = any(v.measure in ("customers", "new_accounts") for v in layout.values)
    keys = [f"k{i}" for i in range(len(dim_exprs))]
    parts = [f"{expression} AS p{i}_{j}" for i, value in enumerate(values)
             for j, (expression, _) in enumerate(value.parts)]
    customer = ["r.customer_id AS cid"] if distinct else []
    nr, nc = len(layout.rows), len(layout.columns)
    sets = [keys[:i] + keys[nr:nr + j] for i in range(nr, -1, -1) for j in range(nc, -1, -1)]
    finals = [value.final.format(*((f"p{i}_{j}" if combine == "bool_or" else f"{combine}(p{i}_{j})")
                                   for j, (_, combine) in enumerate(value.parts)))
              for i, value in enumerate(values)]
    return f""",
    leaf AS (SELECT {", ".join([f"{e} AS {k}" for e, k in zip(dim_exprs, keys)] + customer + parts)}
               FROM {from_sql}
               {where_sql}
              GROUP BY {", ".join(dim_exprs + (["r.customer_id"] if distinct else []))})
SELECT {", ".join(keys + [f"GROUPING({', '.join(keys)})"] + finals)}
  FROM leaf
 GROUP BY GROUPING SETS ({", ".join("(" + ", ".join(s) + ")" for s in sets)})"""


def _quarter_pnl_ranking(layout: Layout, bounds: tuple[dt.date, dt.date]) -> bool:
    """Whether `layout` ranks customers by their P&L over one whole quarter, with sums of flows
    only and nothing else: the (quarter, P&L) index of the customer-quarter rollup answers it."""
    top = layout.top
    start, end = bounds
    return (top is not None and layout.rows == ("customer",) and not layout.columns and not layout.totals
            and not layout.filters and layout.values[top.value] == Value("pnl")
            and all(v.measure in _FLOWS and v.func == "sum" for v in layout.values)
            and start.day == 1 and start.month % 3 == 1
            and end <= (dt.date(start.year + start.month // 10, (start.month + 2) % 12 + 1, 1) - dt.timedelta(days=1)))


def _quarter_pnl_ranking_sql(layout: Layout) -> str:
    """The top (bottom) N customers by P&L of a quarter from the (quarter, P&L) index: N rows
    and their ties among the customers whose quarter is one row, plus every customer whose
    quarter is split over rows (a hand-over or a move: `parts` > 1, summed here), ranked
    together. A customer of the true top N is in one of the two parts, so the cut is exact."""
    top = layout.top
    order = "ASC" if top.bottom else "DESC"
    columns = [f"{v.measure}_cents" for v in layout.values]
    losses = " AND q.pnl_cents < 0" if top.below_zero else ""
    where = "q.quarter = %(start)s AND q.branch_id = ANY (%(full)s::smallint[])"
    return f"""WITH candidate AS (
    (SELECT q.customer_id AS k0, {", ".join(f"q.{c} AS v{i}" for i, c in enumerate(columns))}
       FROM crm.pivot_customer_quarter q
      WHERE {where} AND q.parts = 1{losses}
      ORDER BY q.pnl_cents {order}
      FETCH FIRST %(top_n)s ROWS WITH TIES)
    UNION ALL
    (SELECT q.customer_id, {", ".join(f"sum(q.{c})::bigint" for c in columns)}
       FROM crm.pivot_customer_quarter q
      WHERE {where} AND q.parts > 1
      GROUP BY q.customer_id
      {"HAVING sum(q.pnl_cents) < 0" if top.below_zero else ""}))
SELECT k0, 0, {", ".join(f"v{i}" for i in range(len(columns)))}
  FROM candidate
 ORDER BY v{top.value} {order} NULLS LAST, k0
 LIMIT %(top_n)s"""


@dataclass
class _Statement:
    text: str
    params: dict
    source: str


def build(layout: Layout, source: str, bounds: tuple[dt.date, dt.date], full_branches: Sequence[int],
          partial_branches: Sequence[int]) -> _Statement:
    """The statement for `layout` from `source`. `full_branches`: branches whose rows come from
    the rollups (crm.pivot_full_branch_ids()); `partial_branches`: the other branches where the
    caller may see some customers, whose facts come from crm.customer_daily under RLS."""
    validate(layout)
    grain = finest_grain(layout)
    dims = layout.rows + layout.columns
    filters = {f.dimension: f for f in layout.filters}
    branch_filter = "branch" in filters
    kind = {"branch_month": "branch", "reservations": "reservation"}.get(source, "customer")
    used = set(dims) | set(filters)
    owners = kind == "customer" and bool(used & STAFF_DIMS)
    if source == "reservations":
        raw: list[int] = []
        rows_sql = _reservation_rows(grain)
    elif source == "facts":
        raw = list(full_branches) + list(partial_branches)
        rows_sql = _customer_rows_from_facts(grain, branch_filter, owners)
        full_branches = []
    else:
        raw = list(partial_branches)
        if source == "branch_month":
            rows_sql = _branch_rows(grain, branch_filter, include_facts=bool(raw))
        else:
            rows_sql = _customer_rows_from_rollup(grain, branch_filter, needs_customer_periods(layout),
                                                  _columns_used(layout), owners,
                                                  "quarter" if source == "customer_quarter" else "month")
            if raw:
                rows_sql += "\n        UNION ALL" + _customer_rows_from_facts(grain, branch_filter, owners)
    if owners:
        rows_sql = _owner_rows(rows_sql, grain, "relationship_kind" in used, needs_customer_periods(layout))
    params: dict[str, Any] = {
        "start": bounds[0], "end": bounds[1], "full": list(full_branches), "raw": raw,
        "edges": [e * 100 for e in layout.asset_edges], "ages": list(AGE_EDGES)}

    joins = []
    ctes = ""
    where = []
    if owners:
        joins.append("CROSS JOIN LATERAL (SELECT r.kind, r.staff_id) rk")
        if "superior" in used:
            superior_filter = filters.get("superior")
            if superior_filter is not None:
                params["superior_members"] = [m for m in superior_filter.members if m is not None]
                params["superior_none"] = None in superior_filter.members
            ctes = _superior_chain(superior_filter is not None)
            # Without the dimension, one superior per row (the nearest one the filter keeps):
            # a customer under two chosen superiors counts once.
            joins.append("LEFT JOIN sup ON sup.staff_id = rk.staff_id"
                         + ("" if "superior" in dims else " AND sup.nearest"))
            if superior_filter is not None:
                where.append("(sup.staff_id IS NOT NULL OR rk.staff_id IS NULL)")
    elif kind == "branch" and (used - BRANCH_MONTH_DIMS):
        raise refuse("this layout needs the per-customer rollup")
    if kind == "customer" and "customer_group" in used:
        # Member rows under their own RLS: groups of the caller's subtree, customers they see.
        joins.append("LEFT JOIN crm.customer_group_member gm ON gm.customer_id = r.customer_id")

    if "relationship_kind" in used:
        where.append("rk.staff_id IS NOT NULL")
    for i, (key, f) in enumerate(sorted(filters.items())):
        if key == "branch":
            params["f_branch"] = [int(m) for m in f.members]
        name = f"f{i}"
        params[name] = list(f.members)
        expr = _dimension_expr(key, kind)
        if None in f.members:
            params[name] = [m for m in f.members if m is not None]
            where.append(f"({expr} = ANY (%({name})s) OR {expr} IS NULL)")
        else:
            where.append(f"{expr} = ANY (%({name})s)")

    # Every source's rows are bucketed by the finest date grain already: its members are the
    # buckets themselves (a date_trunc() per row less).
    dim_exprs = ["r.bucket" if d == grain else _dimension_expr(d, kind) for d in dims]
    measure_exprs = [_measure_expr(v, kind, grain) for v in layout.values]
    rank_exprs = list(measure_exprs)
    if "superior" in dims:
        # A customer counts for every superior above their holder: where the superior level is
        # totalled (and in a ranking that does not split by superior), only the row of the
        # nearest superior counts (p: the row's values there, NULL on the other rows).
        joins.append("CROSS JOIN LATERAL (SELECT r.bucket, " + ", ".join(
            f"CASE WHEN coalesce(sup.nearest, true) THEN r.{c} END AS {c}" for c in _ROW_VALUE_COLUMNS) + ") p")
        nearest_exprs = [re.sub(r"\br\.", "p.", e) for e in measure_exprs]
        superior = _dimension_expr("superior", kind)
        if "superior" not in layout.rows:
            rank_exprs = nearest_exprs
        if layout.totals:
            measure_exprs = [f"CASE WHEN GROUPING({superior}) = 1 THEN {n} ELSE {e} END"
                             for n, e in zip(nearest_exprs, measure_exprs)]
    nr, nc = len(layout.rows), len(layout.columns)
    if layout.totals:
        sets = []
        for i in range(nr, -1, -1):
            for j in range(nc, -1, -1):
                sets.append("(" + ", ".join(dim_exprs[:i] + dim_exprs[nr:nr + j]) + ")")
        group_by = "GROUP BY GROUPING SETS (" + ", ".join(sets) + ")"
    else:
        group_by = ("GROUP BY " + ", ".join(dim_exprs)) if dims else ""
    grouping = f"GROUPING({', '.join(dim_exprs)})" if dims else "0"
    where_sql = ("WHERE " + " AND ".join(where)) if where else ""
    from_sql = "rows r " + " ".join(joins)

    if source == "customer_quarter" and not raw and _quarter_pnl_ranking(layout, bounds):
        params["top_n"] = layout.top.n
        return _Statement(_quarter_pnl_ranking_sql(layout), params, source)

    if layout.top is not None and not layout.columns and not layout.totals:
        # A plain ranking (no columns, no totals): one aggregation, ranked and cut in place.
        top = layout.top
        order = "ASC" if top.bottom else "DESC"
        keys = [f"k{i}" for i in range(nr)]
        partition = ("PARTITION BY " + ", ".join(dim_exprs[:nr - 1])) if nr > 1 else ""
        values = [f"v{i}" for i in range(len(measure_exprs))]
        params["top_n"] = top.n
        text = f"""WITH {ctes}rows AS ({rows_sql})
SELECT {", ".join(keys)}, 0, {", ".join(values)}
  FROM (SELECT {", ".join(f"{e} AS {k}" for e, k in zip(dim_exprs, keys))},
               {", ".join(f"{e} AS {v}" for e, v in zip(measure_exprs, values))},
               row_number() OVER ({partition} ORDER BY {measure_exprs[top.value]} {order} NULLS LAST,
                                  {dim_exprs[nr - 1]}) AS rn
          FROM {from_sql}
          {where_sql}
         GROUP BY {", ".join(dim_exprs)}
         {_below_zero(top, measure_exprs)}) ranked
 WHERE rn <= %(top_n)s
 LIMIT {MAX_ROWS_RETURNED + 1}"""
        return _Statement(text, params, source)

    top_sql = ""
    if layout.top is not None:
        top = layout.top
        row_exprs = dim_exprs[:nr]
        parent = row_exprs[:-1]
        order = "ASC" if top.bottom else "DESC"
        partition = ("PARTITION BY " + ", ".join(f"k{i}" for i in range(nr - 1))) if parent else ""
        keys = ", ".join(f"{e} AS k{i}" for i, e in enumerate(row_exprs))
        top_sql = f""",
    ranked AS (
        SELECT {", ".join(f"k{i}" for i in range(nr))},
               row_number() OVER ({partition} ORDER BY v {order} NULLS LAST, k{nr - 1}) AS rn
          FROM (SELECT {keys}, {rank_exprs[top.value]} AS v
                  FROM {from_sql} {where_sql}
                 GROUP BY {", ".join(row_exprs)}
                 {_below_zero(top, measure_exprs)}) leaf)"""
        # Text keys with a NULL marker: NULL members (e.g. the public pool's "no staff") must
        # match too, and IN over plain values never matches NULL; text keys keep it a hash join.
        def keyed(expr: str) -> str:
            return f"coalesce(({expr})::text, '\u2205')"

        in_top = (f"({', '.join(keyed(e) for e in row_exprs)}) IN "
                  f"(SELECT {', '.join(keyed(f'k{i}') for i in range(nr))} FROM ranked WHERE rn <= %(top_n)s)")
        params["top_n"] = top.n
        where_sql = (where_sql + " AND " + in_top) if where_sql else ("WHERE " + in_top)

    if layout.totals and layout.top is None and kind == "customer" and dims and "superior" not in dims:
        text = f"""WITH {ctes}rows AS ({rows_sql}){_rolled_up(layout, grain, dim_exprs, from_sql, where_sql)}
 LIMIT {MAX_ROWS_RETURNED + 1}"""
        return _Statement(text, params, source)

    select = ", ".join(dim_exprs + [grouping] + measure_exprs)
    materialized = "MATERIALIZED " if layout.top is not None else ""
    text = f"""WITH {ctes}rows AS {materialized}({rows_sql}){top_sql}
SELECT {select}
  FROM {from_sql}
  {where_sql}
  {group_by}
 LIMIT {MAX_ROWS_RETURNED + 1}"""
    return _Statement(text, params, source)


# Running ----------------------------------------------------------------------------------------

_FAR_PAST, _FAR_FUTURE = dt.date(1990, 1, 1), dt.date(2999, 12, 31)


def _below_zero(top: TopN, measure_exprs: list[str]) -> str:
    return f"HAVING {measure_exprs[top.value]} < 0" if top.below_zero else ""


def with_default_edges(conn, layout: Layout) -> Layout:
    """`layout` with HQ's default asset-range edges when it has none of its own."""
    if tuple(layout.asset_edges) != DEFAULT_ASSET_EDGES:
        return layout
    edges = default_asset_edges(conn)
    return layout if edges == DEFAULT_ASSET_EDGES else replace(layout, asset_edges=edges)


def data_bounds(conn) -> tuple[dt.date | None, dt.date | None]:
    """First and last loaded trading date (crm.t1_load, else the facts' own index)."""
    first, last = conn.execute("SELECT min(trade_date), max(trade_date) FROM crm.t1_load").fetchone()
    if last is None:
        first, last = conn.execute("SELECT min(trade_date), max(trade_date) FROM crm.customer_daily").fetchone()
    return first, last


def run(conn, layout: Layout, ctx=None, *, source: str | None = None, lang: str = "zh") -> PivotResult:
    """Aggregate `layout` in PostgreSQL as the connection's staff member (RLS applies).
    `source` forces a source (tests compare them); by default :func:`plan` picks the smallest."""
    import psycopg

    from crm_desktop.services.tasks import TaskCancelled

    layout = with_default_edges(conn, layout)
    validate(layout)
    if ctx is not None:
        ctx.check()
        ctx.watch(conn)
    earliest, latest = data_bounds(conn)
    if any(v.measure in TARGET_MEASURES for v in layout.values):
        return _run_with_targets(conn, layout, ctx, source, lang, earliest, latest)
    chosen = source or plan(layout, latest, earliest, branch_rollup_edges(conn))
    full, partial = conn.execute(
        "SELECT f, array(SELECT unnest(crm.my_visible_branch_ids()) EXCEPT SELECT unnest(f)) "
        "FROM crm.pivot_full_branch_ids() f").fetchone()
    full = full or []
    bounds = (layout.start or _FAR_PAST, layout.end or _FAR_FUTURE)
    statement = build(layout, chosen, bounds, full, partial)
    try:
        with conn.cursor() as cur:
            cur.execute(statement.text, statement.params, prepare=False)
            records = [tuple(r) for r in cur.fetchall()]
    except psycopg.errors.QueryCanceled:
        if ctx is not None and ctx.cancelled:
            raise TaskCancelled() from None
        raise
    dims = len(layout.rows) + len(layout.columns)
    if dims and len(records) == 1 and records[0][dims] == (1 << dims) - 1:
        records = []        # no facts at all: only the grand total of nothing came back
    truncated = len(records) > MAX_ROWS_RETURNED
    records = records[:MAX_ROWS_RETURNED]
    labels = _labels(conn, layout, records, lang)
    period = ((layout.start, layout.end) if layout.start and layout.end else None) if chosen == "reservations" \
        else figures_period(layout, earliest, latest)
    return PivotResult(layout, records, labels, chosen, statement.text, truncated, period)


def figures_period(layout: Layout, earliest: dt.date | None, latest: dt.date | None
                   ) -> tuple[dt.date, dt.date] | None:
    """The part of the layout's date range that has loaded data (None when none of it has)."""
    if earliest is None or latest is None:
        return None
    start, end = max(layout.start or earliest, earliest), min(layout.end or latest, latest)
    return (start, end) if start <= end else None


# Target measures (销售任务) ------------------------------------------------------------------
#
# A target measure's cell is about the sales targets (crm.sales_target) of the cell's subjects
# and periods, with the figures of crm.sales_target_progress_range -- all the periods in one pass;
# the 销售任务 tab's crm.sales_target_progress is its one-period case, so RLS (own, subtree,
# branches in scope) and the completion by date are the same:
#
# * the subject kind follows the layout: 员工 (staff) present: the staff members' own targets,
#   上级员工 grouping them by every superior above them; else 上级员工: team targets, the superior
#   being the team's leader; else 营业部: branch targets;
# * the period kind follows the date grain: 月 monthly targets, 年 alone yearly targets (年 with 月:
#   a year groups its monthly targets); without a date dimension the date range must be one
#   whole month or year. A range that cuts a target's period is refused (the range may end at
#   or after the latest loaded day: the period so far, as the tab shows it);
# * 目标 is the sum of the cell's targets, 完成率 their actual total over their target total
#   (targets of 0 left out), rounded as the tab rounds: a cell of one target shows exactly the
#   tab's completion; a staff or branch subtotal the combined completion of its targets. Teams
#   nest (a superior's team holds their subordinates' teams), so a total across team leaders is
#   left empty, never a double count. An empty cell: no target set there (empty_cell_reason).
#
# Other dimensions (gender, VIP level, customers, ...) and day or week grains have no target: a
# layout with them is refused. Fact measures in the same layout come from run() as usual and
# are merged by cell.

TARGET_DIMS = frozenset({"staff", "superior", "branch", "month", "year"})
MAX_TARGET_PERIODS = 240


def _check_target_layout(layout: Layout) -> None:
    dims = set(layout.rows + layout.columns)
    outside = (dims | {f.dimension for f in layout.filters}) - TARGET_DIMS
    if outside:
        names = "、".join(DIMENSIONS[d].label("zh") for d in sorted(outside))
        raise refuse(f"销售任务的目标和完成率只能按员工、上级员工、营业部和月、年分析，不能按{names}"
                     f" (targets and completion split by staff, superior, branch, month and year only, not by "
                     f"{', '.join(DIMENSIONS[d].label('en') for d in sorted(outside))})")
    if not dims & {"staff", "superior", "branch"}:
        raise refuse("请把员工、上级员工或营业部放到行或列：目标是某个员工、团队或营业部的 (put staff, superior "
                     "or branch in the rows or columns: a target belongs to a staff member, team or branch)")
    subject = _target_subject(layout)
    filtered = {f.dimension for f in layout.filters}
    if subject == "branch" and filtered & {"staff", "superior"} or subject == "team" and "staff" in filtered:
        raise refuse("按营业部（或团队）看目标时不能按员工筛选 (branch or team targets cannot be filtered by staff)")
    if layout.top is not None:
        raise refuse("目标和完成率不能排名前N (targets and completion are not ranked; sort the grid instead)")


def _target_subject(layout: Layout) -> str:
    dims = set(layout.rows + layout.columns)
    if "staff" in dims:
        return "staff"
    return "team" if "superior" in dims else "branch"


def _target_periods(layout: Layout, earliest: dt.date | None, latest: dt.date | None) -> tuple[str, list[dt.date]]:
    """The kind and the starts of the target periods a layout covers; refuses a date range that
    cuts one of them."""
    dims = set(layout.rows + layout.columns)
    today = dt.date.today()
    first_day, last_day = layout.start or earliest or today, layout.end or latest or today
    up_to_latest = layout.end is None or (latest is not None and layout.end >= latest)
    if "month" in dims or "year" in dims:
        kinds = ["month" if "month" in dims else "year"]
    else:
        kinds = [k for k in ("month", "year") if period_of(k, first_day) == period_of(k, last_day)]
    for kind in kinds:
        start_ok = layout.start is None or layout.start == period_of(kind, layout.start)
        end_ok = up_to_latest or (last_day + dt.timedelta(days=1)) == period_of(kind, last_day + dt.timedelta(days=1))
        if start_ok and end_ok:
            break
    else:
        if "month" in dims or "year" in dims:
            raise refuse("日期范围截断了目标的月份或年份：请从月初（年初）选到月末（年末）或最新数据日 (the date range "
                         "cuts a target's month or year: choose whole months or years, or up to the latest data)")
        raise refuse("目标按月或按年设定：请把月或年放到行或列，或把日期范围选为整月或整年 (targets are monthly or "
                     "yearly: put month or year in the rows or columns, or choose one whole month or year)")
    first, last = period_of(kind, first_day), period_of(kind, last_day)
    periods = []
    while first <= last and len(periods) <= MAX_TARGET_PERIODS:
        periods.append(first)
        first = dt.date(first.year + 1, 1, 1) if kind == "year" else \
            dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    if len(periods) > MAX_TARGET_PERIODS:
        raise refuse(f"目标最多分析{MAX_TARGET_PERIODS}个月 (at most {MAX_TARGET_PERIODS} months of targets)")
    return kind, periods


def _target_statement(layout: Layout, kind: str, periods: list[dt.date]) -> tuple[str, dict]:
    subject = _target_subject(layout)
    dims = layout.rows + layout.columns
    filters = {f.dimension: [m for m in f.members if m is not None] for f in layout.filters}
    metrics = sorted({TARGET_MEASURES[v.measure][0] for v in layout.values if v.measure in TARGET_MEASURES})
    params: dict[str, Any] = {"period_kind": kind, "first": periods[0], "last": periods[-1], "subject": subject,
                              "metrics": metrics}
    by_superior = subject == "staff" and "superior" in set(dims) | set(filters)

    def dim_expr(key: str) -> str:
        if key == "superior":
            return "sup.superior_id" if subject == "staff" else "r.staff_id"
        return {"staff": "r.staff_id", "branch": "r.branch_id"}.get(key) or _dimension_expr(key, "customer")

    ctes, joins, where = "", [], []
    if by_superior:
        if "superior" in filters:
            params["superior_members"] = filters["superior"]
            params["superior_none"] = any(m is None for f in layout.filters if f.dimension == "superior"
                                          for m in f.members)
            where.append("sup.staff_id IS NOT NULL")
        ctes = _superior_chain("superior" in filters)
        joins.append("LEFT JOIN sup ON sup.staff_id = r.staff_id" + ("" if "superior" in dims else " AND sup.nearest"))
    for key, members in sorted(filters.items()):
        if key == "superior" and by_superior:
            continue
        params[f"f_{key}"] = members
        where.append(f"{dim_expr(key)} = ANY (%(f_{key})s)")

    def measure(value: Value, rows: str) -> str:
        metric, part = TARGET_MEASURES[value.measure]
        params[f"m_{metric}"] = metric
        mine = f"{rows}.metric = %(m_{metric})s"
        if part == "target":
            return f"(sum({rows}.target_value) FILTER (WHERE {mine}))::bigint"
        return (f"round(sum({rows}.actual_value) FILTER (WHERE {mine} AND {rows}.target_value > 0)::numeric "
                f"/ nullif(sum({rows}.target_value) FILTER (WHERE {mine}), 0), 4)::float8")

    dim_exprs = [dim_expr(d) for d in dims]
    measures = [measure(v, "r") for v in layout.values]
    if "superior" in dims and layout.totals:
        superior = dim_expr("superior")
        if by_superior:
            # A staff member counts under each superior above them: totals count them once.
            joins.append("CROSS JOIN LATERAL (SELECT r.metric, CASE WHEN coalesce(sup.nearest, true) "
                         "THEN r.target_value END AS target_value, r.actual_value) p")
            measures = [f"CASE WHEN GROUPING({superior}) = 1 THEN {measure(v, 'p')} ELSE {m} END"
                        for v, m in zip(layout.values, measures)]
        else:
            measures = [f"CASE WHEN GROUPING({superior}) = 0 THEN {m} END" for m in measures]
    nr, nc = len(layout.rows), len(layout.columns)
    if layout.totals:
        sets = ["(" + ", ".join(dim_exprs[:i] + dim_exprs[nr:nr + j]) + ")"
                for i in range(nr, -1, -1) for j in range(nc, -1, -1)]
        group_by = "GROUP BY GROUPING SETS (" + ", ".join(sets) + ")"
    else:
        group_by = "GROUP BY " + ", ".join(dim_exprs)
    text = f"""WITH {ctes}rows AS MATERIALIZED (
        SELECT t.staff_id, t.branch_id, t.period_start AS bucket, t.metric, t.target_value, t.actual_value
          FROM crm.sales_target_progress_range(%(period_kind)s, %(first)s, %(last)s) t
         WHERE t.subject_kind = %(subject)s AND t.metric = ANY (%(metrics)s::text[]))
SELECT {", ".join(dim_exprs + [f"GROUPING({', '.join(dim_exprs)})"] + measures)}
  FROM rows r {" ".join(joins)}
  {("WHERE " + " AND ".join(where)) if where else ""}
  {group_by}
 LIMIT {MAX_ROWS_RETURNED + 1}"""
    return text, params


def _run_with_targets(conn, layout: Layout, ctx, source: str | None, lang: str, earliest: dt.date | None,
                      latest: dt.date | None) -> PivotResult:
    """A layout with target measures: the targets from crm.sales_target_progress_range, the
    other values from run(), merged cell by cell."""
    import psycopg

    from crm_desktop.services.tasks import TaskCancelled

    kind, periods = _target_periods(layout, earliest, latest)
    targets = [i for i, v in enumerate(layout.values) if v.measure in TARGET_MEASURES]
    others = [i for i, v in enumerate(layout.values) if v.measure not in TARGET_MEASURES]
    text, params = _target_statement(replace(layout, values=tuple(layout.values[i] for i in targets)), kind, periods)
    try:
        with conn.cursor() as cur:
            cur.execute(text, params, prepare=False)
            target_records = [tuple(r) for r in cur.fetchall()]
    except psycopg.errors.QueryCanceled:
        if ctx is not None and ctx.cancelled:
            raise TaskCancelled() from None
        raise
    parts, source_name = [(targets, target_records)], "targets"
    if others:
        facts = run(conn, replace(layout, values=tuple(layout.values[i] for i in others)), ctx, source=source, lang=lang)
        parts.append((others, facts.records))
        source_name += "+" + facts.source
    width = len(layout.rows) + len(layout.columns) + 1
    cells: dict[tuple, list] = {}
    for indices, records in parts:
        for record in records:
            values = cells.setdefault(tuple(record[:width]), [None] * len(layout.values))
            for i, value in zip(indices, record[width:]):
                values[i] = value
    if len(cells) == 1 and all(v is None for v in next(iter(cells.values()))):
        cells = {}          # no targets and no facts: only the grand total of nothing came back
    records = [key + tuple(values) for key, values in cells.items()][:MAX_ROWS_RETURNED]
    end = _grain_end(kind, periods[-1])
    return PivotResult(layout, records, _labels(conn, layout, records, lang), source_name, text,
                       len(cells) > MAX_ROWS_RETURNED, (periods[0], min(end, latest) if latest else end))


def empty_cell_reason(grid: Grid, row: AxisKey, column: AxisKey, value: int, lang: str = "zh") -> str | None:
    """Why a target measure's cell is empty (for its tooltip); None for other measures."""
    if grid.values[value].measure not in TARGET_MEASURES:
        return None
    zh = lang.startswith("zh")
    dims = set(grid.row_dims + grid.column_dims)
    if "superior" in dims and "staff" not in dims:
        for axis_dims, key in ((grid.row_dims, row), (grid.column_dims, column)):
            if "superior" in axis_dims and axis_dims.index("superior") >= key.depth:
                return ("团队目标相互包含（上级的团队含下级的团队），合计没有意义，故不显示" if zh else
                        "Teams nest (a superior's team holds their subordinates' teams): their targets do not add up")
    if TARGET_MEASURES[grid.values[value].measure][1] == "completion":
        return ("没有设定目标（或目标为0），无法计算完成率" if zh else
                "No target set (or a target of 0): no completion")
    return ("此员工、团队或营业部在这个期间没有设定该指标的销售任务" if zh else
            "No sales target of this metric was set for this subject and period")


_LABEL_QUERIES = {
    "branch": "SELECT id, code || ' ' || name FROM crm.branch WHERE id = ANY (%s)",
    "staff": "SELECT id, name FROM crm.staff WHERE id = ANY (%s)",
    "superior": "SELECT id, name FROM crm.staff WHERE id = ANY (%s)",
    "customer": "SELECT id, account_no || ' ' || name FROM crm.customer WHERE id = ANY (%s)",
    "vip_level": "SELECT level, name_zh FROM crm.vip_level WHERE level = ANY (%s)",
    "customer_group": "SELECT id, name FROM crm.customer_group WHERE id = ANY (%s)",
}


def _labels(conn, layout: Layout, records: list[tuple], lang: str = "zh") -> dict[str, dict[Any, str]]:
    """Words for the members the result shows and the members its filters hold (their chips: a
    saved report's filter names staff by id), one query per dimension."""
    wanted: dict[str, set] = {}
    for i, key in enumerate(layout.rows + layout.columns):
        wanted.setdefault(key, set()).update(r[i] for r in records if r[i] is not None)
    for member_filter in layout.filters:
        wanted.setdefault(member_filter.dimension, set()).update(member_filter.members)
    labels: dict[str, dict[Any, str]] = {}
    for key, ids in wanted.items():
        query = _LABEL_QUERIES.get(key)
        if query is None or not ids or (key == "vip_level" and not lang.startswith("zh")):
            continue
        labels[key] = {k: v for k, v in conn.execute(query, (sorted(ids),)).fetchall()}
    return labels


# Drill-down -------------------------------------------------------------------------------------

# The customer query engine's pseudo filter for the customers behind a pivot cell:
# Condition(ANALYSIS_FILTER, "eq", cell spec[, description]); registered below.
ANALYSIS_FILTER = "analysis"


def _grain_end(grain: str, start: dt.date) -> dt.date:
    if grain == "day":
        return start
    if grain == "week":
        return start + dt.timedelta(days=6)
    months = {"month": 1, "quarter": 3, "year": 12}[grain]
    m = start.month - 1 + months
    return dt.date(start.year + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)


def cell_spec(layout: Layout, row: AxisKey, column: AxisKey) -> dict:
    """The customers behind a cell, as plain JSON: the cell's period and the members that
    define it (the layout's member filters included)."""
    if any(v.measure in FUNNEL_MEASURES for v in layout.values):
        raise refuse("the funnel counts reservations: open the Reservations page to see them")
    members: dict[str, Any] = {}
    for dims, key in ((layout.rows, row), (layout.columns, column)):
        for level in range(key.depth):
            members[dims[level]] = key.members[level]
    start = layout.start or _FAR_PAST
    end = layout.end or _FAR_FUTURE
    for grain in DATE_GRAINS:
        if grain in members and members[grain] is not None:
            bucket = members.pop(grain)
            start, end = max(start, bucket), min(end, _grain_end(grain, bucket))
        else:
            members.pop(grain, None)
    filters = {f.dimension: [_plain(m) for m in f.members] for f in layout.filters}
    return {"start": start.isoformat(), "end": end.isoformat(),
            "members": {k: _plain(v) for k, v in members.items()}, "filters": filters,
            "edges": list(layout.asset_edges), "grain": finest_grain(layout)}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def cell_filter(layout: Layout, row: AxisKey, column: AxisKey, lang: str = "zh"):
    """A Customers-tab filter for the customers behind a cell (same RLS as the list)."""
    spec = cell_spec(layout, row, column)
    parts = [f"{spec['start']}…{spec['end']}" if spec["end"] != _FAR_FUTURE.isoformat() else spec["start"]]
    grid_labels = {}
    for dim, key in spec["members"].items():
        grid_labels[dim] = key
        parts.append(f"{DIMENSIONS[dim].label(lang)}={'∅' if key is None else member_text(dim, key, lang, layout.asset_edges)}")
    return Group("and", [Condition(ANALYSIS_FILTER, "eq", spec, " ".join(parts))])


def compile_cell(spec: Any, add, facts: str | None = None) -> str:
    """SQL (over ``crm.customer c``) for a cell spec; `add(value, cast)` binds a value and returns
    its placeholder text. Everything in the spec is validated here: it may come from a saved filter.
    Staff members are those holding the customer on a day of the period (attribution by date):
    a customer is in the cell when such a day exists; with `facts` (the alias of
    crm.customer_daily_owner rows the caller reads) the days themselves must be such days."""
    if not isinstance(spec, dict):
        raise refuse("多维分析 (analysis): not a cell")
    try:
        start = dt.date.fromisoformat(spec["start"])
        end = dt.date.fromisoformat(spec["end"])
        members = dict(spec.get("members") or {})
        filters = dict(spec.get("filters") or {})
        edges = [int(e) for e in spec.get("edges") or DEFAULT_ASSET_EDGES]
    except (KeyError, TypeError, ValueError) as error:
        raise refuse(f"多维分析 (analysis): malformed cell ({error})") from None
    for dim in list(members) + list(filters):
        if dim not in DIMENSIONS or DIMENSIONS[dim].kind == "date":
            raise refuse(f"多维分析 (analysis): unknown dimension {dim!r}")
    s, e = add(start, "date"), add(end, "date")
    conditions = [f"EXISTS (SELECT 1 FROM crm.customer_daily d WHERE d.customer_id = c.id "
                  f"AND d.trade_date BETWEEN {s} AND {e})"]
    last = (f"(SELECT {{}} FROM crm.customer_daily d WHERE d.customer_id = c.id AND d.trade_date BETWEEN {s} AND {e} "
            f"ORDER BY d.trade_date DESC LIMIT 1)")
    kind = members.get("relationship_kind")
    holder = f"{facts or 'o'}.{'service_staff_id' if kind == 'service' else 'developer_id'}"
    # The superiors above the holder, at any depth (NULL when the holder has none).
    superiors = (f"(WITH RECURSIVE up(id, depth) AS (SELECT s.superior_id, 1 FROM crm.staff s "
                 f"WHERE s.id = {holder} AND s.superior_id IS NOT NULL "
                 f"UNION ALL SELECT s.superior_id, up.depth + 1 FROM up JOIN crm.staff s ON s.id = up.id "
                 f"WHERE s.superior_id IS NOT NULL AND up.depth < 64) SELECT array_agg(up.id) FROM up)")

    def expr(dim: str) -> tuple[str, str]:
        if dim == "branch":
            return "c.branch_id", "smallint"
        if dim == "staff":
            return holder, "integer"
        if dim == "superior":
            return superiors, "integer"
        if dim == "relationship_kind":
            return f"(CASE WHEN {holder} IS NULL THEN NULL ELSE {add(kind or 'development', 'text')} END)", "text"
        if dim == "vip_level":
            return last.format("d.vip_level"), "smallint"
        if dim == "asset_range":
            return (f"width_bucket({last.format('d.total_assets_cents')}, {add([x * 100 for x in edges], 'bigint[]')})",
                    "integer")
        if dim == "gender":
            return "c.gender", "text"
        if dim == "age_band":
            return (f"width_bucket({AGE_SQL.format(b='c.birthday')}, "
                    f"{add(list(AGE_EDGES), 'integer[]')})", "integer")
        if dim == "customer":
            return "c.id", "bigint"
        raise refuse(f"多维分析 (analysis): unknown dimension {dim!r}")

    held = []           # conditions on the day's holder
    def in_groups(keys: list) -> str:
        wanted = [int(k) for k in keys if k is not None]
        member = (f"EXISTS (SELECT 1 FROM crm.customer_group_member gm WHERE gm.customer_id = c.id "
                  f"AND gm.group_id = ANY ({add(wanted, 'bigint[]')}))")
        none = "NOT EXISTS (SELECT 1 FROM crm.customer_group_member gm WHERE gm.customer_id = c.id)"
        return f"({member} OR {none})" if None in keys else member

    for dim in [d for d in list(members) + list(filters) if d == "customer_group"]:
        try:
            keys = [members[dim]] if dim in members else list(filters[dim])
            conditions.append(in_groups(keys))
        except (TypeError, ValueError):
            raise refuse("多维分析 (analysis): a customer group is a number") from None
    members.pop("customer_group", None)
    filters.pop("customer_group", None)
    for dim, key in members.items():
        sql_expr, cast = expr(dim)
        target = held if dim in STAFF_DIMS else conditions
        if key is None:
            target.append(f"{sql_expr} IS NULL" if dim != "superior" else f"({holder} IS NULL OR {sql_expr} IS NULL)")
        elif dim == "relationship_kind":
            if key not in ("development", "service"):
                raise refuse("多维分析 (analysis): unknown relationship kind")
            target.append(f"{holder} IS NOT NULL")
        elif dim == "superior":
            target.append(f"{add(key, cast)} = ANY ({sql_expr})")
        else:
            target.append(f"{sql_expr} = {add(key, cast)}")
    for dim, keys in filters.items():
        sql_expr, cast = expr(dim)
        values = [k for k in keys if k is not None]
        target = held if dim in STAFF_DIMS else conditions
        if dim == "superior":
            test = f"{sql_expr} && {add(values, cast + '[]')}"
            target.append(f"({test} OR {holder} IS NULL OR {sql_expr} IS NULL)" if None in keys else test)
            continue
        test = f"{sql_expr} = ANY ({add(values, cast + '[]')})"
        target.append(f"({test} OR {sql_expr} IS NULL)" if None in keys else test)
    if held and facts:
        conditions.extend(held)
    elif held:
        conditions.append(f"EXISTS (SELECT 1 FROM crm.customer_daily_owner o WHERE o.customer_id = c.id "
                          f"AND o.trade_date BETWEEN {s} AND {e} AND {' AND '.join(held)})")
    return "(" + " AND ".join(conditions) + ")"


def _compile_drilldown(condition: Condition, params: Params) -> sql.Composable:
    if condition.op != "eq":
        raise refuse(f"多维分析 (analysis): operator {condition.op!r} does not apply (only eq)")
    # compile_cell builds trusted SQL text around placeholders it asks for; every value in the
    # spec is bound here.
    return sql.SQL(compile_cell(condition.value, lambda value, cast: params.add(value, cast).as_string(None)))


def _describe_drilldown(condition: Condition, lang: str) -> str:
    # value2: the cell's description (cell_filter), for display only
    return f"{'多维分析' if lang.startswith('zh') else 'Analysis'}: {condition.value2 or ''}"


register_pseudo_filter(PseudoFilter(ANALYSIS_FILTER, _compile_drilldown, _describe_drilldown))


def facts_for_cell(conn, layout: Layout, row: AxisKey, column: AxisKey, limit: int = 1000) -> list[dict]:
    """The daily fact rows behind a cell (newest first, at most `limit`), under RLS."""
    params = Params()
    spec = cell_spec(layout, row, column)
    # A staff cell's days are those its staff member held the customer (attribution by date).
    by_holder = bool(set(spec["members"]) & STAFF_DIMS or set(spec["filters"]) & STAFF_DIMS)
    condition = compile_cell(spec, lambda value, cast: params.add(value, cast).as_string(None),
                             facts="d" if by_holder else None)
    start, end = params.add(dt.date.fromisoformat(spec["start"]), "date"), params.add(
        dt.date.fromisoformat(spec["end"]), "date")
    statement = sql.SQL(
        "SELECT d.trade_date, c.account_no, c.name, d.total_assets_cents, d.trade_volume_cents, d.commission_cents, "
        "d.net_commission_cents, d.interest_spread_cents, d.pnl_cents, d.vip_level "
        f"FROM crm.customer c JOIN {'crm.customer_daily_owner' if by_holder else 'crm.customer_daily'} d "
        "ON d.customer_id = c.id "
        "WHERE d.trade_date BETWEEN {} AND {} AND " + condition + " ORDER BY d.trade_date DESC, c.account_no LIMIT {}"
    ).format(start, end, params.add(int(limit), "integer"))
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(statement, params.values)
        return cur.fetchall()


# Filter members, estimates --------------------------------------------------------------------

_MEMBER_QUERIES = {
    "branch": "SELECT b.id, b.code || ' ' || b.name FROM crm.branch b ORDER BY b.code",
    "staff": "SELECT s.id, s.name || ' (' || s.login || ')' FROM crm.staff s ORDER BY s.name, s.login",
    "superior": "SELECT s.id, s.name || ' (' || s.login || ')' FROM crm.staff s "
                "WHERE EXISTS (SELECT 1 FROM crm.staff x WHERE x.superior_id = s.id) ORDER BY s.name",
    "vip_level": "SELECT v.level, v.name_zh FROM crm.vip_level v ORDER BY v.level",
    "customer_group": "SELECT g.id, g.name FROM crm.customer_group g ORDER BY g.name, g.id",
}


def members(conn, dimension: str, layout: Layout | None = None, lang: str = "zh", limit: int = 2000) -> list[tuple]:
    """The members a filter on `dimension` can pick from: (key, label)."""
    layout = with_default_edges(conn, layout or Layout())
    if dimension not in DIMENSIONS or DIMENSIONS[dimension].kind == "date":
        raise refuse(f"{dimension!r} has no members to pick")
    if dimension == "asset_range":
        return [(i, range_text(i, layout.asset_edges, "万" if lang.startswith("zh") else "k",
                               10_000 if lang.startswith("zh") else 1_000)) for i in range(len(layout.asset_edges) + 1)]
    if dimension == "age_band":
        return [(i, member_text("age_band", i, lang)) for i in range(len(AGE_EDGES) + 1)]
    if dimension == "gender":
        return [(g, member_text("gender", g, lang)) for g in ("M", "F")]
    if dimension == "relationship_kind":
        return [(k, member_text("relationship_kind", k, lang)) for k in ("development", "service")]
    if dimension == "customer":
        raise refuse("pick customers with a ranking, not a member list")
    rows = conn.execute(_MEMBER_QUERIES[dimension] + f" LIMIT {int(limit)}").fetchall()
    if dimension == "vip_level" and not lang.startswith("zh"):
        return [(k, member_text("vip_level", k, lang)) for k, _ in rows]
    return [(k, v) for k, v in rows]


def member_counts(conn) -> dict[str, Any]:
    """What the caller can see, counted once per pane (for :func:`estimate_cells`): visible
    branches, staff and funded customers (RLS), and the loaded trading dates."""
    branches, staff, customers = conn.execute(
        "SELECT (SELECT count(*) FROM crm.branch b WHERE b.id = ANY (crm.my_visible_branch_ids())), "
        "(SELECT count(*) FROM crm.staff), (SELECT count(*) FROM crm.customer_latest)").fetchone()
    dates = [r[0] for r in conn.execute("SELECT trade_date FROM crm.t1_load ORDER BY trade_date")]
    return {"branch": int(branches), "staff": int(staff), "superior": int(staff), "customer": int(customers),
            "dates": dates}


def estimate_cells(layout: Layout, member_counts: dict[str, Any] | None = None) -> int | None:
    """A rough upper bound of the grid's cells from known member counts (None: unknown)."""
    counts: dict[str, Any] = {"vip_level": 8, "asset_range": len(layout.asset_edges) + 1, "gender": 3,
                              "age_band": len(AGE_EDGES) + 1, "relationship_kind": 2, "year": 5,
                              "quarter": 20, "month": 60}
    counts.update(member_counts or {})
    dates = counts.pop("dates", None)
    if dates:
        days = [d for d in dates if (layout.start is None or d >= layout.start) and (layout.end is None or d <= layout.end)]
        counts["day"] = len(days)
        counts["week"] = len({d.isocalendar()[:2] for d in days})
        counts["month"] = len({(d.year, d.month) for d in days})
        counts["quarter"] = len({(d.year, (d.month - 1) // 3) for d in days})
        counts["year"] = len({d.year for d in days})
    total = 1
    for dim in layout.rows + layout.columns:
        if dim not in counts:
            return None
        total *= counts[dim] + (1 if layout.totals else 0)
    return total * len(layout.values)


# Layouts as data: saved, shared, ready-made -----------------------------------------------------------

def layout_to_dict(layout: Layout) -> dict:
    return {"version": 1, "rows": list(layout.rows), "columns": list(layout.columns),
            "values": [{"measure": v.measure, "func": v.func} for v in layout.values],
            "filters": [{"dimension": f.dimension, "members": [_plain(m) for m in f.members]} for f in layout.filters],
            "start": _plain(layout.start), "end": _plain(layout.end), "asset_edges": list(layout.asset_edges),
            "totals": layout.totals,
            "top": None if layout.top is None else {"n": layout.top.n, "value": layout.top.value,
                                                    "bottom": layout.top.bottom,
                                                    "below_zero": layout.top.below_zero},
            "preset": None}


def layout_from_dict(data: dict) -> Layout:
    try:
        top = data.get("top")
        layout = Layout(
            rows=tuple(data.get("rows") or ()), columns=tuple(data.get("columns") or ()),
            values=tuple(Value(str(v["measure"]), str(v.get("func", "sum"))) for v in data.get("values") or ()),
            filters=tuple(MemberFilter(str(f["dimension"]), tuple(f.get("members") or ()))
                          for f in data.get("filters") or ()),
            start=dt.date.fromisoformat(data["start"]) if data.get("start") else None,
            end=dt.date.fromisoformat(data["end"]) if data.get("end") else None,
            asset_edges=tuple(int(e) for e in data.get("asset_edges") or DEFAULT_ASSET_EDGES),
            totals=bool(data.get("totals", True)),
            top=None if not top else TopN(int(top["n"]), int(top.get("value", 0)), bool(top.get("bottom", False)),
                                          bool(top.get("below_zero", False))))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise refuse(f"not a pivot layout ({error})") from None
    validate(layout)
    return layout


def list_layouts(conn) -> list[dict]:
    """Own layouts and the shared ones (RLS), newest first."""
    from psycopg.rows import dict_row

    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute("SELECT l.id, l.name, l.shared, l.definition, l.modified_at, s.name AS owner, "
                    "l.staff_id = crm.current_staff_id() AS mine "
                    "FROM crm.pivot_layout l LEFT JOIN crm.staff s ON s.id = l.staff_id "
                    "ORDER BY l.shared, l.name")
        return cur.fetchall()


def save_layout(conn, name: str, layout: Layout, shared: bool = False) -> int:
    """Insert or replace the caller's layout `name`; only HQ administrators may share (RLS)."""
    from psycopg.types.json import Jsonb

    name = (name or "").strip()
    if not name or len(name) > 100:
        raise refuse("a layout needs a name of 1-100 characters")
    validate(layout)
    row = conn.execute(
        "INSERT INTO crm.pivot_layout (name, definition, shared) VALUES (%s, %s, %s) "
        "ON CONFLICT (staff_id, name) DO UPDATE SET definition = EXCLUDED.definition, shared = EXCLUDED.shared "
        "RETURNING id", (name, Jsonb(layout_to_dict(layout)), shared)).fetchone()
    return int(row[0])


def delete_layout(conn, layout_id: int) -> None:
    if conn.execute("DELETE FROM crm.pivot_layout WHERE id = %s RETURNING id", (layout_id,)).fetchone() is None:
        raise CrmRefusal("not_found", "the layout is gone or not yours")


@dataclass(frozen=True)
class DataSpan:
    earliest: dt.date          # first loaded trading date
    latest: dt.date            # last loaded trading date
    today: dt.date


def _this_year(span: DataSpan) -> tuple[dt.date, dt.date]:
    return max(dt.date(span.latest.year, 1, 1), span.earliest), span.latest


def _this_month(span: DataSpan) -> tuple[dt.date, dt.date]:
    return max(span.latest.replace(day=1), span.earliest), span.latest


def _last_whole_quarter(span: DataSpan) -> tuple[dt.date, dt.date]:
    """The last quarter the loaded data covers from its first day; the whole loaded period when
    the data covers no quarter whole (a demo starting mid-quarter)."""
    end = dt.date(span.latest.year, (span.latest.month - 1) // 3 * 3 + 1, 1) - dt.timedelta(days=1)
    start = dt.date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
    if span.earliest <= start:
        return start, end
    return span.earliest, span.latest


def _reservations_this_year(span: DataSpan) -> tuple[dt.date, dt.date]:
    # Reservations are registered every day, loaded trading dates or not.
    return dt.date(span.today.year, 1, 1), span.today


@dataclass(frozen=True)
class Report:
    """A ready-made layout over a period chosen from the loaded data (first and last date)."""

    label_en: str
    label_zh: str
    period: Callable[[DataSpan], tuple[dt.date, dt.date]]
    layout: Layout                           # its start and end are set from `period`

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en


REPORTS: dict[str, Report] = {
    "staff_performance": Report("Staff performance", "营销人员业绩统计", _this_year, Layout(
        rows=("staff",), columns=("relationship_kind",),
        values=(Value("commission"), Value("net_commission"), Value("trade_volume"), Value("customers", "count")))),
    "branch_monthly": Report("Branch monthly summary", "营业部月度汇总", _this_year, Layout(
        rows=("branch",), columns=("month",), values=(Value("commission"), Value("trade_volume")))),
    "loss_ranking": Report("Loss ranking (top 50)", "亏损排名前50", _last_whole_quarter, Layout(
        rows=("customer",), values=(Value("pnl"), Value("assets_end")), totals=False,
        filters=(MemberFilter("asset_range", tuple(range(1, len(DEFAULT_ASSET_EDGES) + 1))),),
        top=TopN(50, 0, bottom=True, below_zero=True))),
    "asset_ranges": Report("Asset-range distribution", "资产区间分布", _this_month, Layout(
        rows=("asset_range",), values=(Value("customers", "count"), Value("assets_end")))),
    "funnel": Report("Sales funnel", "销售漏斗", _reservations_this_year, Layout(
        values=(Value("reservations", "count"), Value("reservations_matched", "count"),
                Value("reservations_developed", "count"), Value("reservations_funded", "count")))),
    "vip_pyramid": Report("VIP pyramid", "贵宾客户金字塔", _this_year, Layout(
        rows=("vip_level",), columns=("month",), values=(Value("customers", "count"),))),
}


def report_layout(conn, key: str, today: dt.date | None = None) -> Layout:
    """The ready-made report `key` over its period of the loaded data, both ends always set
    (today when nothing is loaded yet: the report then says there is no data)."""
    report = REPORTS[key]
    today = today or dt.date.today()
    earliest, latest = data_bounds(conn)
    start, end = report.period(DataSpan(earliest or today, latest or today, today))
    layout = with_default_edges(conn, replace(report.layout, start=start, end=end))
    # A report's asset-range filter keeps every range above the lowest, whatever the edges.
    filters = tuple(MemberFilter(f.dimension, tuple(range(1, len(layout.asset_edges) + 1)))
                    if f.dimension == "asset_range" else f for f in layout.filters)
    return replace(layout, filters=filters)
