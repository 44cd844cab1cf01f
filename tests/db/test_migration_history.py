"""A database migrated step by step, as the long-lived HQ database was, against one created fresh.

"Fresh" is what every new installation and every test database is: an empty database migrated
to head in one `alembic upgrade` call (the session's template). "Step by step" is what the HQ
database went through: one `alembic upgrade <revision>` call per revision, each committed before
the next, with the object files as they are today (a released migration that applies an object
applies today's file). After every step each function body is compiled against the schema of that
step with check_function_bodies on: apply_objects creates bodies unchecked, so an object file
changed to need a later revision's table would otherwise slip through an earlier migration.

The two are compared by catalog (tables, columns, constraints, indexes, policies, grants,
functions, views, triggers, types, comments), by the rows the migrations insert, and by
`pg_dump --schema-only` from the bundled binaries.
"""

from __future__ import annotations

import difflib
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import psycopg
import pytest
from psycopg import sql

from crm_desktop.db import migrations, released, server_objects
from tests.catalog_snapshot import catalog_snapshot, schema_dump, snapshot_differences
from tests.support import with_dbname

# Migrates from scratch once per session (module fixture, ~25 s on the 2-core test machine).
pytestmark = pytest.mark.slow

STEPWISE = "crm_stepwise"


@dataclass
class StepByStep:
    catalogs: dict[str, dict[str, list[str]]]          # revision -> catalog snapshot after it
    body_errors: dict[str, list[tuple[str, str]]]     # revision -> functions that do not compile
    dump: list[str] | None                            # pg_dump --schema-only at head


@contextmanager
def empty_database(cluster: str, name: str) -> Iterator[str]:
    """A new empty database on the session's server (its URL), dropped afterwards."""
    def drop(conn):
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
        drop(conn)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_dbname(cluster, name)
    finally:
        with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
            drop(conn)


def step_by_step(url: str) -> Iterator[str]:
    """Upgrade to each revision in its own call (committed), yielding the revision after each."""
    for revision in migrations.revisions():
        before, after = migrations.upgrade(url, revision)
        assert after == revision, f"upgrade to {revision} stopped at {after} (from {before})"
        yield revision


@pytest.fixture(scope="module")
def stepwise(cluster):
    """Migrate an empty database one revision per call, looking at it after each."""
    snapshots, body_errors = {}, {}
    with empty_database(cluster, STEPWISE) as url:
        for revision in step_by_step(url):
            with psycopg.connect(url) as conn:
                body_errors[revision] = server_objects.function_body_errors(conn)
                snapshots[revision] = catalog_snapshot(conn, with_data=True)
        yield StepByStep(snapshots, body_errors, schema_dump(url))


def test_every_function_body_compiles_after_every_revision(stepwise):
    assert {revision: errors for revision, errors in stepwise.body_errors.items() if errors} == {}


def test_step_by_step_and_fresh_databases_have_the_same_catalog(stepwise, cluster):
    head = migrations.head_revision()
    # The session's template, migrated to head in one call (the `db` fixture's clones add branches).
    with psycopg.connect(cluster) as conn:
        fresh = catalog_snapshot(conn, with_data=True)
    assert snapshot_differences(stepwise.catalogs[head], fresh) == ""


def test_step_by_step_and_fresh_databases_dump_the_same_schema(stepwise, cluster):
    # A second opinion that knows every kind of object (casts, rules, operator families, ...).
    fresh = schema_dump(cluster)
    if fresh is None:
        pytest.skip("no bundled pg_dump for this server's version")
    assert len(fresh) > 5000
    assert "\n".join(difflib.unified_diff(stepwise.dump, fresh, "step by step", "fresh", lineterm="",
                                          n=1)) == ""


def _without_objects(snapshot: dict[str, list[str]], names: set[str]) -> dict[str, list[str]]:
    """The snapshot without the rows about the named functions and views (and views' columns)."""
    def about(row: str) -> str:
        return row.split(" | ", 1)[0].split("(", 1)[0]
    return {part: [row for row in rows if about(row) not in names] for part, rows in snapshot.items()}


def test_object_files_reproduce_the_definitions_at_0016(stepwise):
    # 0017 applied every object file to a database at 0016: a no-op, since each file (or, once the
    # file has moved on, the definition kept as 0017 released it) holds the definition, owner and
    # privileges that the released migrations left.
    assert snapshot_differences(stepwise.catalogs["0016"], stepwise.catalogs["0017"]) == ""


def test_an_object_file_that_needs_a_later_revision_is_applied_as_released_before_it(cluster, tmp_path,
                                                                                     monkeypatch):
    # Tomorrow's change, played out: crm.agent_log_cursor's file is changed to read a column that
    # a new revision adds, and that revision applies it. 0017 applied the file too: without the
    # definition 0017 was released with, migrating a new database stops at 0017 and says how to
    # keep it; with it kept, every step compiles and the new revision brings the new body.
    head = migrations.head_revision()
    later = "9999"
    db_dir = tmp_path / "db"
    shutil.copytree(migrations.data_dir("db"), db_dir)
    cursor_file = db_dir / "sql" / "objects" / "crm.agent_log_cursor.sql"
    released_text = cursor_file.read_bytes()
    cursor_file.write_text(released_text.decode("utf-8").replace(
        "WHERE key = 'auth_log_cursor'", "WHERE key = 'auth_log_cursor' AND NOT archived"), encoding="utf-8")
    (db_dir / "versions" / f"{later}_archive.py").write_text(
        'from alembic import op\n\nfrom crm_desktop.db.server_objects import apply_objects\n\n'
        f'revision = "{later}"\ndown_revision = "{head}"\n\n\ndef upgrade():\n'
        '    op.execute("ALTER TABLE crm.agent_state ADD COLUMN archived boolean NOT NULL DEFAULT false")\n'
        '    apply_objects("crm.agent_log_cursor")\n', encoding="utf-8")
    monkeypatch.setattr(migrations, "data_dir", lambda name: db_dir)
    monkeypatch.setattr(server_objects, "data_dir", lambda name: db_dir)
    with empty_database(cluster, "crm_stepwise_later_file") as url:
        with pytest.raises(Exception, match="--keep"):
            for _ in step_by_step(url):
                pass
    digest = released.load_manifest()["revisions"]["0017"]["objects"]["crm.agent_log_cursor"]
    kept = server_objects.kept_definition_path("crm.agent_log_cursor", digest)
    kept.write_bytes(released_text)
    errors = {}
    with empty_database(cluster, "crm_stepwise_later_file") as url:
        for revision in step_by_step(url):
            if revision >= "0017":
                with psycopg.connect(url) as conn:
                    errors[revision] = server_objects.function_body_errors(conn)
        with psycopg.connect(url) as conn:
            body = conn.execute("SELECT prosrc FROM pg_proc WHERE oid = 'crm.agent_log_cursor()'::regprocedure").fetchone()[0]
    assert "NOT archived" in body
    assert {revision: found for revision, found in errors.items() if found} == {}
