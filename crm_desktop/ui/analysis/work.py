"""What the Analysis pane runs on a TaskRunner thread, with the staff member's own connection.

Pivots (ready-made reports included) and drill-down facts are the heavy reads: a read replica
answers them when the profile names one (services/replica.py); layouts, which the user edits,
and member lists for the pickers stay on the primary.
"""

from __future__ import annotations

import time
from typing import Any

from crm_desktop.services import pivot
from crm_desktop.services.replica import ReadRouter
from crm_desktop.services.tasks import TaskContext


def run_layout(ctx: TaskContext, connector, layout: pivot.Layout) -> tuple[pivot.PivotResult, float]:
    started = time.perf_counter()
    result = ReadRouter.of(connector).run(ctx, lambda conn: pivot.run(conn, layout, ctx))
    return result, time.perf_counter() - started


def report_layout(ctx: TaskContext, connector, key: str) -> pivot.Layout:
    return pivot.report_layout(ctx.watch(connector.connection()), key)


def member_counts(ctx: TaskContext, connector) -> dict:
    return pivot.member_counts(ctx.watch(connector.connection()))


def members(ctx: TaskContext, connector, dimension: str, layout: pivot.Layout, language: str) -> list:
    conn = ctx.watch(connector.connection())
    return pivot.members(conn, dimension, layout, lang=language)


def facts(ctx: TaskContext, connector, layout: pivot.Layout, row, column, limit: int) -> list[dict]:
    return ReadRouter.of(connector).run(ctx, lambda conn: pivot.facts_for_cell(conn, layout, row, column,
                                                                                limit=limit))


def list_layouts(ctx: TaskContext, connector) -> list:
    return pivot.list_layouts(connector.connection())


def save_layout(ctx: TaskContext, connector, name: str, layout: pivot.Layout, shared: bool) -> Any:
    return pivot.save_layout(connector.connection(), name, layout, shared)


def delete_layout(ctx: TaskContext, connector, layout_id: int) -> Any:
    return pivot.delete_layout(connector.connection(), layout_id)


def export_grid(ctx: TaskContext, connector, details: dict, headers, rows, path: str, formats, language: str,
                conditions: list[tuple[str, str]]):
    from crm_desktop.services import export

    return export.export_table(ctx, connector.connection(), "analysis", details, headers, rows, path, formats,
                               lang=language, conditions=conditions)
