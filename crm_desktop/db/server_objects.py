"""Run SQL from a migration: the versioned change script of a revision, and server objects by name.

Tables, columns, indexes and data changes are versioned: each lives in the SQL file of the
migration that made it (`db/sql/00NN_<name>.sql`), and a released file never changes.

Replaceable objects (functions, views) are not: the current definition of each lives in one file,
`db/sql/objects/<schema>.<name>.sql` (all overloads of a function in that one file, with its
REVOKE/GRANT/COMMENT), and a migration that creates or changes one applies it by name:

    from crm_desktop.db.server_objects import apply_objects, run_revision_sql

    def upgrade() -> None:
        run_revision_sql("0017_sms.sql")          # new tables, grants, policies
        apply_objects("crm.sms_queue", "crm.sms_cost")

To change a function: edit its file under db/sql/objects/ and add a migration that applies it.
"""

from __future__ import annotations

from pathlib import Path

from crm_desktop.config import data_dir


def sql_dir() -> Path:
    return data_dir("db") / "sql"


def objects_dir() -> Path:
    return sql_dir() / "objects"


def object_path(name: str) -> Path:
    path = objects_dir() / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no definition of server object {name!r} at {path}")
    return path


def _execute_as_owner(sql: str) -> None:
    from alembic import op

    op.execute("SET LOCAL ROLE crm_owner")
    # Raw driver call: the files hold $$-bodies that must reach the server untouched.
    op.get_bind().connection.dbapi_connection.execute(sql)
    op.execute("RESET ROLE")


def run_revision_sql(file_name: str) -> None:
    """Run db/sql/<file_name> (a revision's versioned change script) as crm_owner."""
    _execute_as_owner((sql_dir() / file_name).read_text(encoding="utf-8"))


def apply_objects(*names: str) -> None:
    """(Re)create the named server objects from their current definitions, as crm_owner.

    Function bodies are not checked against the schema here: a fresh database runs an early
    migration with today's definition, which may use a column that a later migration adds; that
    later migration applies the object again, checked."""
    sql = "\n".join(object_path(name).read_text(encoding="utf-8") for name in names)
    _execute_as_owner("SET LOCAL check_function_bodies = off;\n" + sql
                      + "\nSET LOCAL check_function_bodies = on;")
