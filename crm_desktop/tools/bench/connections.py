"""What every benchmark needs: a staff login's connection with its CRM session, and the error
that says the database is not ready for a benchmark."""

from __future__ import annotations

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from crm_desktop.services import machine


class BenchError(ValueError):
    """The database is not ready for the benchmark (not seeded, logins missing)."""


def staff_conninfo(admin_url: str, login: str, password: str) -> str:
    params = conninfo_to_dict(admin_url)
    params.pop("password", None)
    params["user"] = login
    params["password"] = password
    params.setdefault("application_name", "crm-bench")
    return make_conninfo(**params)


def open_staff(admin_url: str, login: str, password: str) -> psycopg.Connection:
    conn = psycopg.connect(staff_conninfo(admin_url, login, password), autocommit=True)
    try:
        conn.execute("SELECT * FROM crm.open_session(%s, %s, %s)",
                     (machine.local_macs(), machine.hostname(), "bench"))
    except Exception:
        conn.close()
        raise
    return conn


def close_staff(conn: psycopg.Connection) -> None:
    try:
        conn.execute("SELECT crm.close_session()")
    finally:
        conn.close()
