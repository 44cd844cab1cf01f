"""Work that follows each T+1 load, inside the load's transaction (after crm.t1_apply, before
the commit): a failure here rolls the whole load back.

The load itself already sets each daily row's VIP level from crm.vip_level, so for now this
recomputes nothing else; reservation matching (issue #5) and reminder refresh hook in here.
"""

from __future__ import annotations

from datetime import date

import psycopg

from crm_desktop.services import sales_targets
from crm_desktop.services.tasks import TaskContext


def after_load(conn: psycopg.Connection, trade_date: date, ctx: TaskContext) -> dict:
    """Runs after the apply of `trade_date` on the loader's connection, same transaction.
    Returns figures for the load report (printed by the CLI, kept by the agent's log)."""
    figures: dict = {}
    # Reservation matching (预约, issue #5): {'matched', 'review', 'expired'}.
    ctx.check()
    figures["reservations"] = dict(conn.execute("SELECT crm.match_reservations(%s)", (trade_date,)).fetchone()[0])
    # 销售任务 completion reads the day's figures per developer by date (issue #15).
    ctx.check()
    figures["sales_result_days"] = sales_targets.refresh_loaded_day(conn, trade_date)
    return figures
