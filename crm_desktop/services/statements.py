"""One SQL statement on the signed-in staff member's connection, for the services that read and
write through plain statements: rows as dicts, known refusals of the server as CrmRefusal (a
lost connection or an ended session stays the psycopg error the connector handles), and, given a
TaskContext, cancellable on the server (TaskCancelled). Qt-free.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from crm_desktop.services.errors import as_refusal
from crm_desktop.services.tasks import TaskCancelled, TaskContext


def execute(conn: psycopg.Connection, statement: Any, params: Any = None, ctx: TaskContext | None = None,
            *, rows: bool = True) -> list[dict]:
    """Rows as dicts (none with rows=False); a cancelled task raises TaskCancelled, a refusal of
    the server CrmRefusal (a lost connection or ended session stays a psycopg error)."""
    if ctx is not None:
        ctx.check()
        ctx.watch(conn)
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            cur.execute(statement, params)
            return cur.fetchall() if rows and cur.description is not None else []
    except psycopg.Error as error:
        if isinstance(error, psycopg.errors.QueryCanceled) and ctx is not None and ctx.cancelled:
            raise TaskCancelled() from error
        refusal = as_refusal(error)
        if refusal is None or refusal.kind in ("connection_lost", "session_ended"):
            raise
        raise refusal from error
    finally:
        if ctx is not None:
            ctx.release()
