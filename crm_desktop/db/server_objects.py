"""Run SQL from a migration: the versioned change script of a revision, and server objects by name.

Where do I add or change a server function (or view)? (db/README.md says it with examples.)

* Tables, columns, indexes, policies, grants on tables and data changes are versioned: each lives
  in the SQL file of the migration that made it (`db/sql/00NN_<name>.sql`, run by
  `run_revision_sql`), and a released file never changes (tests/unit/test_released_migrations.py
  holds them to `db/released.json`).
* Replaceable objects (functions, views) are not: the current definition of each lives in one
  file, `db/sql/objects/<schema>.<name>.sql` (all overloads of a function in that one file,
  followed by its ALTER ... OWNER / REVOKE / GRANT / COMMENT lines), and a migration that creates
  or changes one applies it by name:

      from crm_desktop.db.server_objects import apply_objects, run_revision_sql

      def upgrade() -> None:
          run_revision_sql("0018_sms.sql")          # new tables, grants, policies
          apply_objects("crm.sms_queue", "crm.sms_cost")

  To change a function: edit its file and add a migration that applies it (the released-migration
  test fails while a changed file is applied by no new migration). A new function: a new file,
  applied by your migration. Dropping one: DROP it in your migration's versioned file and move
  its file to db/sql/objects/dropped/ (a released migration that applies it still finds it
  there). Names are always literal strings: the released-migration test reads them.
* A released migration applies each object as it was when that revision was released: once an
  object's file has changed, the released definition is kept under
  `db/sql/objects/released/<schema>.<name>@<digest prefix>.sql` (`python -m
  crm_desktop.db.released --keep`), so that a database migrated from scratch passes through the
  same definitions as the HQ database did, and an object may come to need a later revision's
  column (the migration of that revision applies the new file).
* A file is applied as crm_owner, so what it creates belongs to crm_owner and falls under the
  schema's default privileges (no EXECUTE to PUBLIC). Objects only a superuser may define (a
  LEAKPROOF function, anything in crm_server) are applied as the migrating superuser and say
  themselves who owns them (ALTER FUNCTION ... OWNER TO crm_owner for crm).
* `crm-admin db objects --check` lists functions and views in the database without an object
  file, and object files with no object in the database.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from crm_desktop.config import data_dir

# The schemas whose functions and views are the CRM's (crm_daily holds only partitions).
CRM_SCHEMAS = ("crm", "crm_server", "crm_daily")

OWNER_ROLE = "crm_owner"

# Applied as the migrating superuser: crm_server reads server files and pg_authid (its objects
# are the superuser's), and only a superuser may declare a function LEAKPROOF (the customer
# search's index conditions under row-level security, see 0002_leakproof.sql).
_SUPERUSER_SCHEMAS = frozenset({"crm_server"})
_SUPERUSER_OBJECTS = frozenset({"crm.name_grams", "crm.grams_contain", "crm.month_day"})


def sql_dir() -> Path:
    return data_dir("db") / "sql"


def objects_dir() -> Path:
    return sql_dir() / "objects"


def dropped_objects_dir() -> Path:
    return objects_dir() / "dropped"


_OBJECT_NAME = re.compile(r"[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*")


def object_path(name: str) -> Path:
    """The file of an object; a dropped object's last definition, which released migrations
    still apply on their way to the migration that drops it, is under objects/dropped/."""
    if not _OBJECT_NAME.fullmatch(name):
        raise ValueError(f"not a server object name (<schema>.<name>, lower case): {name!r}")
    for folder in (objects_dir(), dropped_objects_dir()):
        path = folder / f"{name}.sql"
        if path.is_file():
            return path
    raise FileNotFoundError(f"no definition of server object {name!r} at {objects_dir() / name}.sql")


def released_objects_dir() -> Path:
    return objects_dir() / "released"


def kept_definition_path(name: str, digest: str) -> Path:
    """Where the definition with SHA-256 `digest` of an object applied by a released revision is
    kept once its file has moved on."""
    return released_objects_dir() / f"{name}@{digest[:16]}.sql"


def text_digest(data: bytes) -> str:
    # Line ends as a Windows checkout (core.autocrlf) writes them are the same file.
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def file_digest(path: Path) -> str:
    return text_digest(path.read_bytes())


def released_manifest() -> dict:
    """db/released.json: what each released revision ran (crm_desktop.db.released keeps it)."""
    path = data_dir("db") / "released.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"revisions": {}}


def _released_digest(revision: str | None, name: str) -> str | None:
    """The digest of `name` as released `revision` applied it (None: not a released revision)."""
    if revision is None:
        return None
    return released_manifest()["revisions"].get(revision, {}).get("objects", {}).get(name)


def definition_path(name: str, revision: str | None = None) -> Path:
    """The file `revision`'s migration applies for `name`: the current one, or for a released
    revision whose object file has changed since, the definition it was released with."""
    current = object_path(name)
    digest = _released_digest(revision, name)
    if digest is None or file_digest(current) == digest:
        return current
    kept = kept_definition_path(name, digest)
    if not kept.is_file():
        raise FileNotFoundError(f"released revision {revision} applied {name} as it was then ({digest[:16]}), "
                                f"and its file has changed since: keep that definition with "
                                f"`python -m crm_desktop.db.released --keep`")
    return kept


def _migrating_revision() -> str | None:
    """The revision whose migration is running (its module's `revision`), found on the stack:
    apply_objects' signature is frozen by the released migrations that call it."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name in ("upgrade", "downgrade") and isinstance(frame.f_globals.get("revision"), str) \
                and "down_revision" in frame.f_globals:
            return frame.f_globals["revision"]
        frame = frame.f_back
    return None


def object_names() -> list[str]:
    """Every server object that exists at head and has a file, as "<schema>.<name>"."""
    return sorted(path.name.removesuffix(".sql") for path in objects_dir().glob("*.sql"))


def applied_as_superuser(name: str) -> bool:
    return name.split(".", 1)[0] in _SUPERUSER_SCHEMAS or name in _SUPERUSER_OBJECTS


@contextmanager
def _restoring_role_and_body_checks(raw_connection) -> Iterator[None]:
    """Leave the transaction's role and check_function_bodies as the caller had them: a migration
    that goes on after apply_objects must not find itself the superuser (what it then creates
    would be the superuser's) nor with unchecked bodies."""
    saved = raw_connection.execute(
        "SELECT current_setting('role'), current_setting('check_function_bodies')").fetchone()
    yield
    raw_connection.execute("SELECT set_config('role', %s, true), set_config('check_function_bodies', %s, true)",
                           saved)


def apply_objects_on(raw_connection, names: tuple[str, ...] | list[str], check_bodies: bool = False,
                     revision: str | None = None) -> None:
    """(Re)create the named objects from their files on a psycopg connection inside a transaction.

    Function bodies are checked against the schema only with `check_bodies`: a fresh database runs
    an early migration with today's definition, which may use a column that a later migration
    adds; that later migration applies the object again. tests/db/test_migration_history.py
    checks every body after each revision, so a file that only works at head cannot hide here."""
    setting = "on" if check_bodies else "off"
    with _restoring_role_and_body_checks(raw_connection):
        for name in names:
            sql = definition_path(name, revision).read_text(encoding="utf-8")
            role = "RESET ROLE" if applied_as_superuser(name) else f"SET LOCAL ROLE {OWNER_ROLE}"
            # Raw driver call: the files hold $$-bodies and %-formats that must reach the server untouched.
            raw_connection.execute(f"{role};\nSET LOCAL check_function_bodies = {setting};\n{sql}")
            if applied_as_superuser(name) and name.split(".", 1)[0] not in _SUPERUSER_SCHEMAS:
                _refuse_superuser_owned(raw_connection, name)


def _refuse_superuser_owned(raw_connection, name: str) -> None:
    # A crm function the superuser created stays the superuser's (a definer one would run as
    # the superuser) unless its file hands it over: the migration stops here instead.
    schema, proname = name.split(".", 1)
    owners = {row[0] for row in raw_connection.execute(
        "SELECT proowner::regrole::text FROM pg_proc WHERE pronamespace = %s::regnamespace AND proname = %s",
        (schema, proname))}
    if owners - {OWNER_ROLE}:
        raise RuntimeError(f"{object_path(name)} leaves {name} owned by {', '.join(sorted(owners))}: "
                           f"end it with ALTER FUNCTION ... OWNER TO {OWNER_ROLE}")


def _raw_migration_connection():
    from alembic import op

    return op.get_bind().connection.dbapi_connection


def run_revision_sql(file_name: str) -> None:
    """Run db/sql/<file_name> (a revision's versioned change script) as crm_owner."""
    raw = _raw_migration_connection()
    with _restoring_role_and_body_checks(raw):
        raw.execute(f"SET LOCAL ROLE {OWNER_ROLE}")
        raw.execute((sql_dir() / file_name).read_text(encoding="utf-8"))


def apply_objects(*names: str) -> None:
    """(Re)create the named server objects (in a migration): their current definitions, or those a
    released revision was released with."""
    apply_objects_on(_raw_migration_connection(), names, revision=_migrating_revision())


# What `crm-admin db objects --check` and the tests compare: objects in the database by name.
_DATABASE_OBJECTS = """
    SELECT n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = ANY(%(schemas)s)
    UNION
    SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('v', 'm')
"""


def database_object_names(conn) -> set[str]:
    return {row[0] for row in conn.execute(_DATABASE_OBJECTS, {"schemas": list(CRM_SCHEMAS)})}


def objects_without_file(conn) -> list[str]:
    """Functions and views in the database whose current definition has no file."""
    return sorted(database_object_names(conn) - set(object_names()))


def files_without_object(conn) -> list[str]:
    """Object files whose object the database does not hold (not applied by any migration yet)."""
    return sorted(set(object_names()) - database_object_names(conn))


def function_body_errors(conn) -> list[tuple[str, str]]:
    """(function, error) for each function whose body does not compile against the schema as it is.

    Each definition is created again with check_function_bodies on, in a transaction that is
    rolled back: a SQL body is analysed against today's tables and columns, a PL/pgSQL body
    parsed (its statements' tables are only resolved when it runs). Needs a superuser connection
    (the definitions include LEAKPROOF and superuser-owned functions)."""
    import psycopg

    errors = []
    with conn.transaction(force_rollback=True):
        conn.execute("SET LOCAL check_function_bodies = on")
        functions = conn.execute("""
            SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid)
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              JOIN pg_language l ON l.oid = p.prolang
             WHERE n.nspname = ANY(%s) AND p.prokind IN ('f', 'p') AND l.lanname IN ('sql', 'plpgsql')
             ORDER BY 1""", (list(CRM_SCHEMAS),)).fetchall()
        for name, definition in functions:
            try:
                with conn.transaction():
                    conn.execute(definition)
            except psycopg.Error as error:
                errors.append((name, str(error).splitlines()[0]))
    return errors
