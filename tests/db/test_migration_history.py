"""A database migrated step by step, as the long-lived HQ database was, against one created fresh.

"Fresh" is what every new installation and every test database is: an empty database migrated
to head in one `alembic upgrade` call (the session's template). "Step by step" is what the HQ
database went through: one `alembic upgrade <revision>` call per revision, each committed before
the next, with the object files as they are today (a released migration that applies an object
applies today's file). After every step each function body is compiled against the schema of that
step with check_function_bodies on: apply_objects creates bodies unchecked, so an object file
changed to need a later revision's table would otherwise slip through an earlier migration.

The two are compared by catalog (tables, columns, constraints, indexes, policies, grants,
functions, views, triggers, types, comments) and by the rows the migrations insert.
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql

from crm_desktop.db import migrations, released, server_objects
from tests.catalog_snapshot import catalog_snapshot, snapshot_differences
from tests.support import with_dbname

STEPWISE = "crm_stepwise"


@pytest.fixture(scope="module")
def stepwise(cluster):
    """Migrate an empty database one revision per call; the catalog at each step and body errors."""
    with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(STEPWISE)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(STEPWISE)))
    url = with_dbname(cluster, STEPWISE)
    snapshots, body_errors = {}, {}
    try:
        for revision in migrations.revisions():
            before, after = migrations.upgrade(url, revision)
            assert after == revision, f"upgrade to {revision} stopped at {after} (from {before})"
            with psycopg.connect(url) as conn:
                body_errors[revision] = server_objects.function_body_errors(conn)
                snapshots[revision] = catalog_snapshot(conn, with_data=True)
        yield snapshots, body_errors
    finally:
        with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(STEPWISE)))


def test_every_function_body_compiles_after_every_revision(stepwise):
    _, body_errors = stepwise
    assert {revision: errors for revision, errors in body_errors.items() if errors} == {}


def test_step_by_step_and_fresh_databases_have_the_same_catalog(stepwise, cluster):
    snapshots, _ = stepwise
    head = migrations.head_revision()
    # The session's template, migrated to head in one call (the `db` fixture's clones add branches).
    with psycopg.connect(cluster) as conn:
        fresh = catalog_snapshot(conn, with_data=True)
    assert snapshot_differences(snapshots[head], fresh) == ""


def _without_objects(snapshot: dict[str, list[str]], names: set[str]) -> dict[str, list[str]]:
    """The snapshot without the rows about the named functions and views (and views' columns)."""
    def about(row: str) -> str:
        return row.split(" | ", 1)[0].split("(", 1)[0]
    return {part: [row for row in rows if about(row) not in names] for part, rows in snapshot.items()}


def test_object_files_reproduce_the_definitions_at_0016(stepwise):
    # 0017 applied every object file to a database at 0016: a no-op, since each file holds the
    # definition, owner and privileges that the released migrations left. A file changed since
    # (by a later migration, which applies it again) is today's definition, no longer 0016's.
    snapshots, _ = stepwise
    at_release = released.load_manifest()["revisions"]["0017"]["objects"]
    changed_since = {name for name, digest in at_release.items()
                     if released.file_digest(server_objects.object_path(name)) != digest}
    assert snapshot_differences(_without_objects(snapshots["0016"], changed_since),
                                _without_objects(snapshots["0017"], changed_since)) == ""
