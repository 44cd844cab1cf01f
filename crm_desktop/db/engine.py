"""Engines and connections. Every worker owns its connection; nothing here is shared across threads."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, pool


def sqlalchemy_url(url: str) -> str:
    """libpq URL -> SQLAlchemy URL for psycopg 3."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    raise ValueError(f"not a PostgreSQL URL: {url!r}")


def libpq_url(url: str) -> str:
    """SQLAlchemy URL -> libpq URL (psycopg.connect)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def admin_engine(admin_url: str) -> Engine:
    return create_engine(sqlalchemy_url(admin_url), poolclass=pool.NullPool)
