"""Reference settings HQ edits in the Administration tab (issue #15, FAQ 35): the VIP thresholds
and the default asset-range edges (资产区间) of 多维分析. Amounts are whole yuan here, cents in
the database. The server checks the caller (HQ administrators) and the values.

- VIP thresholds (crm.vip_level): the levels and their names stay; a change applies from the
  next T+1 load (crm.t1_apply computes each day's level as it loads it). Earlier days, and the
  latest day until the next load, keep the level they were loaded with: history shows what was.
- Default asset edges (crm.asset_range_setting): read by the pivot engine at query time through
  :func:`default_asset_edges` (cached for a minute per process). The branch rollup keeps the
  bands it was built with (crm.pivot_default_asset_edges()); when HQ's edges differ, the planner
  answers asset ranges from the customer rollup (services/pivot.plan), exact at any edges.
"""

from __future__ import annotations

import time

import psycopg
from psycopg.rows import dict_row

from crm_desktop.services.staff_admin import refusals

EDGES_CACHE_SECONDS = 60.0
_edges_cache: dict[str, tuple[float, tuple[int, ...]]] = {}


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


def default_asset_edges(conn: psycopg.Connection) -> tuple[int, ...]:
    """HQ's default asset-range edges in yuan (cached: the pivot reads them for every query)."""
    key = _cache_key(conn)
    cached = _edges_cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < EDGES_CACHE_SECONDS:
        return cached[1]
    row = conn.execute("SELECT edges_cents FROM crm.asset_range_setting").fetchone()
    edges = tuple(int(e) // 100 for e in row[0])
    _edges_cache[key] = (time.monotonic(), edges)
    return edges


def forget_cached_edges() -> None:
    _edges_cache.clear()


def set_default_asset_edges(conn: psycopg.Connection, edges: list[int]) -> None:
    """New default edges (yuan, strictly increasing); this process sees them at once, others
    within EDGES_CACHE_SECONDS."""
    with refusals(), conn.transaction():
        conn.execute("SELECT crm.set_default_asset_edges(%s::bigint[])", ([int(e) * 100 for e in edges],))
    forget_cached_edges()
