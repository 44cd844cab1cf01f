"""Runs the Alembic migrations in `db/` against an administrator connection."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, pool, text

from crm_desktop.config import data_dir
from crm_desktop.db.engine import sqlalchemy_url

# Serialises concurrent upgrades (two branch PCs, two test workers) on the server itself.
_ADVISORY_LOCK_KEY = 0x43524D5F4D4947  # "CRM_MIG"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(data_dir("db")))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def revisions() -> list[str]:
    """Every revision, the first one first."""
    return [script.revision for script in reversed(list(ScriptDirectory.from_config(_config()).walk_revisions()))]


def known_revisions() -> set[str]:
    """Every schema revision this version of the app has a migration for."""
    return set(revisions())


def current_revision(admin_url: str) -> str | None:
    engine = create_engine(sqlalchemy_url(admin_url), poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def upgrade(admin_url: str, revision: str = "head") -> tuple[str | None, str]:
    """Upgrade to `revision`; returns (before, after)."""
    engine = create_engine(sqlalchemy_url(admin_url), poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _ADVISORY_LOCK_KEY})
            conn.commit()
            try:
                before = MigrationContext.configure(conn).get_current_revision()
                if before is not None and before not in known_revisions():
                    raise ValueError(f"the database is at schema {before}, newer than this version of the app "
                                     f"understands (its newest is {head_revision()}): upgrade the app, not the "
                                     f"database")
                cfg = _config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                conn.commit()
                after = MigrationContext.configure(conn).get_current_revision()
            finally:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _ADVISORY_LOCK_KEY})
                conn.commit()
        return before, after
    finally:
        engine.dispose()
