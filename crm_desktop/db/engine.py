"""Engines and connections. Every worker owns its connection; nothing here is shared across threads."""

from __future__ import annotations

from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import Engine, create_engine, pool
from sqlalchemy.engine import URL


def sqlalchemy_url(conninfo: str) -> URL:
    """A libpq URL or key=value conninfo -> SQLAlchemy URL for psycopg 3."""
    if conninfo.startswith("postgresql+psycopg://"):
        conninfo = "postgresql://" + conninfo[len("postgresql+psycopg://"):]
    params = conninfo_to_dict(conninfo)
    host = params.pop("host", None)
    port = params.pop("port", None)
    query = {k: str(v) for k, v in params.items() if k not in ("user", "password", "dbname")}
    socket_dir = host if host and (host.startswith("/") or ":" in host[1:3]) else None
    if socket_dir:
        query["host"] = socket_dir
    return URL.create("postgresql+psycopg", username=params.get("user"), password=params.get("password"),
                      host=None if socket_dir else host, port=int(port) if port else None,
                      database=params.get("dbname"), query=query)


def admin_engine(admin_url: str) -> Engine:
    return create_engine(sqlalchemy_url(admin_url), poolclass=pool.NullPool)
