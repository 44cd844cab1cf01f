"""The agent's public pool recycling job (常见问题 5): one call of crm.agent_recycle_pool(), which
scans branch by branch inside PostgreSQL (set-based, never customer by customer here) and ends
the due customers' relationships. Nothing happens while HQ has the policy off. The summary goes
into the job's health record: how many customers per branch, and the run ids whose items say
which (系统管理 › 公共池回收 shows them).
"""

from __future__ import annotations

import logging

import psycopg

_log = logging.getLogger(__name__)


def run_job(conn: psycopg.Connection) -> dict:
    rows = conn.execute("SELECT branch_id, run_id, customers, relationships FROM crm.agent_recycle_pool()").fetchall()
    for branch_id, run_id, customers, relationships in rows:
        _log.info("public pool recycling: branch %s, run %s, %s customers (%s relationships)",
                  branch_id, run_id, customers, relationships)
    return {"customers": sum(r[2] for r in rows), "relationships": sum(r[3] for r in rows),
            "runs": [{"branch_id": r[0], "run_id": r[1], "customers": r[2]} for r in rows]}
