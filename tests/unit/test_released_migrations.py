"""Released migrations never change, and every changed object file reaches the databases."""

from __future__ import annotations

import shutil

import pytest

from crm_desktop.db import released, server_objects


def test_released_migration_files_are_unchanged():
    problems = released.changed_released_files()
    assert not problems, "\n".join(problems)


def test_every_object_file_is_applied_as_it_is_by_some_migration():
    problems = released.stale_object_files()
    assert not problems, "\n".join(problems)


def test_every_migration_up_to_0030_is_in_the_manifest():
    assert {f"{n:04d}" for n in range(1, 31)} <= released.load_manifest()["revisions"].keys()


@pytest.fixture
def db_copy(tmp_path, monkeypatch):
    """A copy of db/ that the checks read instead of the real one."""
    copy = tmp_path / "db"
    shutil.copytree(released.db_dir(), copy)
    monkeypatch.setattr(released, "data_dir", lambda name: copy)
    monkeypatch.setattr(server_objects, "data_dir", lambda name: copy)
    return copy


def _migration(db_copy, revision: str, body: str) -> None:
    (db_copy / "versions" / f"{revision}_later_change.py").write_text(
        f'from crm_desktop.db.server_objects import apply_objects\n\nrevision = "{revision}"\n\n\n'
        f"def upgrade():\n    {body}\n", encoding="utf-8")


def test_an_edited_released_sql_file_is_refused_in_words(db_copy):
    path = db_copy / "sql" / "0012_t1_bad_input.sql"
    path.write_text(path.read_text(encoding="utf-8") + "\n-- one more line\n", encoding="utf-8")
    (db_copy / "sql" / "0005_late_fix.sql").write_text("SELECT 1;\n", encoding="utf-8")
    problems = released.changed_released_files()
    assert len(problems) == 2
    assert "sql/0012_t1_bad_input.sql changed" in problems[1] and "add a new migration instead" in problems[1]
    assert "sql/0005_late_fix.sql is new" in problems[0]


def test_windows_line_ends_are_the_same_file(db_copy):
    path = db_copy / "versions" / "0016_refusal_audit.py"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert released.changed_released_files() == []


def test_a_changed_object_file_needs_a_new_migration_that_applies_it(db_copy):
    path = db_copy / "sql" / "objects" / "crm.t1_gender.sql"
    path.write_text(path.read_text(encoding="utf-8").replace("'男'", "'男性'"), encoding="utf-8")
    assert released.stale_object_files() == [
        "crm.t1_gender changed since revision 0017 applied it, and no new migration applies it: "
        "add apply_objects('crm.t1_gender') to your migration"]
    _migration(db_copy, "9018", 'apply_objects("crm.t1_gender")')
    assert released.stale_object_files() == []
    # Once 9018 is released, the changed file is its definition.
    released.record("9018")
    assert released.stale_object_files() == []
    assert released.changed_released_files() == []


def test_a_new_object_file_must_be_applied(db_copy):
    (db_copy / "sql" / "objects" / "crm.sms_cost.sql").write_text(
        "CREATE OR REPLACE FUNCTION crm.sms_cost() RETURNS int LANGUAGE sql RETURN 1;\n", encoding="utf-8")
    assert released.stale_object_files() == [
        "crm.sms_cost is applied by no migration: add apply_objects('crm.sms_cost') to yours"]


def test_object_names_must_be_literal(db_copy):
    _migration(db_copy, "9018", 'apply_objects(*["crm.t1_gender"])')
    with pytest.raises(ValueError, match="literal names"):
        released.stale_object_files()


def test_every_definition_a_released_revision_applied_is_kept():
    missing = released.definitions_to_keep()
    assert not missing, "\n".join(
        f"revision {revision} applied {name} as {digest[:16]}, its file has changed since, and that definition "
        f"is not kept: python -m crm_desktop.db.released --keep" for revision, name, digest in missing)


def test_no_kept_definition_is_left_that_no_released_revision_needs():
    assert released.unneeded_kept_definitions() == []


def test_a_released_revision_applies_the_definition_it_was_released_with(db_copy):
    name = "crm.t1_gender"
    released_digest = released.load_manifest()["revisions"]["0017"]["objects"][name]
    path = db_copy / "sql" / "objects" / f"{name}.sql"
    original = path.read_bytes()
    path.write_text(original.decode("utf-8").replace("'男'", "'男性'"), encoding="utf-8")
    assert released.definitions_to_keep() == [("0017", name, released_digest)]
    with pytest.raises(FileNotFoundError, match="--keep"):
        server_objects.definition_path(name, "0017")
    kept = server_objects.kept_definition_path(name, released_digest)
    kept.parent.mkdir(exist_ok=True)
    kept.write_bytes(original)
    assert released.definitions_to_keep() == []
    assert server_objects.definition_path(name, "0017") == kept
    assert server_objects.definition_path(name, "0099") == path      # an unreleased revision: today's file
    assert server_objects.definition_path(name) == path
