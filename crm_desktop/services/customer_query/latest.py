"""Latest total assets and VIP level per customer (the ``l`` join of the column allow-list)
come from ``crm.customer_latest``: one row per customer with facts, kept by triggers on
crm.customer_daily. A bulk load with those triggers off (the demo seed) rebuilds it here."""

from __future__ import annotations

import psycopg


def refresh_latest(conn: psycopg.Connection) -> int:
    """Rebuild crm.customer_latest from crm.customer_daily (after a bulk load that ran with
    triggers off, e.g. the demo seed). Needs the superuser or crm_agent; runs in the caller's
    transaction. Returns the number of rows written or removed."""
    return int(conn.execute("SELECT crm.refresh_customer_latest()").fetchone()[0])
