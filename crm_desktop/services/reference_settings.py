"""Reference settings HQ edits in the Administration tab (issue #15, FAQ 35): the VIP thresholds
and the default asset-range edges (资产区间) of 多维分析. Amounts are whole yuan here, cents in
the database. The server checks the caller (HQ administrators) and the values.

- VIP thresholds (crm.vip_level): the levels and their names stay; a change applies from the
  next T+1 load (crm.t1_apply computes each day's level as it loads it). Earlier days keep the
  level they were loaded with: history shows what was. The latest day too, unless HQ has it
  recomputed (按新标准重算最新交易日: :func:`recompute_latest_vip_levels`).
- Default asset edges (crm.asset_range_setting): read by the pivot engine at query time through
  :func:`default_asset_edges` (cached for a minute per process). The branch rollup keeps the
  bands it was built with (:func:`branch_rollup_edges`); when HQ's edges differ, the planner
  answers asset ranges from the customer rollup (services/pivot.plan), exact at any edges but
  slower, until HQ has the branch rollup rebuilt at them (:func:`rebuild_asset_bands`).

Both HQ actions run in the background in short server transactions (one chunk of customers or
one month each), report progress and stop between chunks when cancelled: what was done stays
done, and running the action again finishes the rest.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import psycopg
from psycopg.rows import dict_row

from crm_desktop.services.staff_admin import refusals
from crm_desktop.services.tasks import TaskContext

EDGES_CACHE_SECONDS = 60.0
# Customers per chunk of the VIP recomputation: at most what crm.customer_daily_sync_pivot still
# refreshes customer by customer (their own rollup rows) rather than as whole months.
VIP_CHUNK = 5000
_edges_cache: dict[str, tuple[float, tuple[int, ...] | None]] = {}


@dataclass(frozen=True)
class VipRecomputation:
    trade_date: dt.date
    customers: int          # with facts on the day
    done: int               # looked at (all of them unless cancelled)
    changed: int            # whose level changed
    cancelled: bool


@dataclass(frozen=True)
class BandRebuild:
    months: int             # rebuilt by this run
    months_left: int        # 0: the branch rollup is cut at HQ's edges again
    cancelled: bool


def vip_levels(conn: psycopg.Connection) -> list[dict]:
    """The VIP levels, lowest first: level, name_zh, name_en, min_assets (yuan)."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute("SELECT level, name_zh, name_en, min_assets_cents / 100 AS min_assets "
                           "FROM crm.vip_level ORDER BY level").fetchall()


def set_vip_thresholds(conn: psycopg.Connection, thresholds: list[int]) -> None:
    """The minimum total assets (yuan) of each level above 普通客户, lowest first."""
    with refusals(), conn.transaction():
        conn.execute("SELECT crm.set_vip_thresholds(%s::bigint[])", ([int(t) * 100 for t in thresholds],))


def _cache_key(conn: psycopg.Connection) -> str:
    info = conn.info
    return f"{info.host}:{info.port}/{info.dbname}"


def _cached_edges(conn: psycopg.Connection, what: str, query: str) -> tuple[int, ...] | None:
    key = f"{_cache_key(conn)}#{what}"
    cached = _edges_cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < EDGES_CACHE_SECONDS:
        return cached[1]
    row = conn.execute(query).fetchone()
    edges = None if row is None or row[0] is None else tuple(int(e) // 100 for e in row[0])
    _edges_cache[key] = (time.monotonic(), edges)
    return edges


def default_asset_edges(conn: psycopg.Connection) -> tuple[int, ...]:
    """HQ's default asset-range edges in yuan (cached: the pivot reads them for every query)."""
    return _cached_edges(conn, "default", "SELECT edges_cents FROM crm.asset_range_setting")


def branch_rollup_edges(conn: psycopg.Connection) -> tuple[int, ...] | None:
    """The edges (yuan) the branch rollup's asset bands are cut at, None while a rebuild at new
    edges has months left (cached like :func:`default_asset_edges`)."""
    return _cached_edges(conn, "branch_rollup", "SELECT CASE WHEN cardinality(months_left) = 0 THEN edges_cents END "
                                                "FROM crm.pivot_band_edges")


def forget_cached_edges() -> None:
    _edges_cache.clear()


def set_default_asset_edges(conn: psycopg.Connection, edges: list[int]) -> None:
    """New default edges (yuan, strictly increasing); this process sees them at once, others
    within EDGES_CACHE_SECONDS."""
    with refusals(), conn.transaction():
        conn.execute("SELECT crm.set_default_asset_edges(%s::bigint[])", ([int(e) * 100 for e in edges],))
    forget_cached_edges()


def recompute_latest_vip_levels(ctx: TaskContext, conn: psycopg.Connection, thresholds: list[int]) -> VipRecomputation:
    """按新标准重算最新交易日 (HQ): the latest loaded day's VIP levels under the saved thresholds
    (`thresholds`: as the caller showed them, yuan, lowest first; refused when changed meanwhile),
    VIP_CHUNK customers per server transaction (crm.vip_recompute_step; the rollups and the
    customer list follow in the same transaction). Audited by crm.vip_recompute_begin."""
    with refusals():
        day, total = conn.execute("SELECT trade_date, customers FROM crm.vip_recompute_begin(%s::bigint[])",
                                  ([int(t) * 100 for t in thresholds],)).fetchone()
    done = changed = 0
    after = None
    ctx.progress("vip", 0, total)
    while not ctx.cancelled:
        with refusals(), conn.transaction():
            last, customers, moved = conn.execute("SELECT * FROM crm.vip_recompute_step(%s, %s, %s)",
                                                  (day, after, VIP_CHUNK)).fetchone()
        if not customers:
            break
        after, done, changed = last, done + customers, changed + moved
        if not ctx.cancelled:
            ctx.progress("vip", done, max(total, done))
    return VipRecomputation(day, total, done, changed, ctx.cancelled and done < total)


def rebuild_asset_bands(ctx: TaskContext, conn: psycopg.Connection, edges: list[int]) -> BandRebuild:
    """Rebuild the branch rollup's asset bands at HQ's default edges (HQ; `edges`: as the caller
    showed them, yuan; refused when changed meanwhile), one month per server transaction
    (crm.asset_band_rebuild_begin / _step, audited); afterwards the pivot engine answers
    asset-range layouts from the branch rollup again."""
    cents = [int(e) * 100 for e in edges]
    with refusals(), conn.transaction():
        total = conn.execute("SELECT crm.asset_band_rebuild_begin(%s::bigint[])", (cents,)).fetchone()[0]
    forget_cached_edges()
    done, left = 0, total
    ctx.progress("bands", 0, total)
    while left and not ctx.cancelled:
        with refusals(), conn.transaction():
            left = conn.execute("SELECT crm.asset_band_rebuild_step(%s::bigint[])", (cents,)).fetchone()[0]
        done += 1
        if not ctx.cancelled:
            ctx.progress("bands", done, max(total, done))
    forget_cached_edges()
    return BandRebuild(done, left, bool(left))
