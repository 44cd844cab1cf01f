"""Every function and view of the CRM schemas has its current definition in db/sql/objects/."""

from __future__ import annotations

import pytest

from crm_desktop.db import server_objects
from tests.catalog_snapshot import catalog_snapshot, snapshot_differences


def test_reapplying_every_object_file_at_head_changes_nothing(db):
    names = server_objects.object_names()
    with db.admin(autocommit=False) as conn:
        before = catalog_snapshot(conn)
        # Checked bodies: at head every file must be valid against the schema it finds.
        server_objects.apply_objects_on(conn, names, check_bodies=True)
        after = catalog_snapshot(conn)
        conn.rollback()
    assert len(before["functions"]) >= 140
    assert snapshot_differences(before, after) == ""


def test_every_function_and_view_has_an_object_file_and_every_file_an_object(db):
    with db.admin() as conn:
        assert server_objects.objects_without_file(conn) == []
        assert server_objects.files_without_object(conn) == []


def test_a_function_without_a_file_is_reported(db):
    with db.admin() as conn:
        conn.execute("CREATE FUNCTION crm.stray_helper() RETURNS int LANGUAGE sql AS 'SELECT 1'")
        assert server_objects.objects_without_file(conn) == ["crm.stray_helper"]


def test_a_changed_definer_function_is_noticed_by_the_comparison(db):
    # The comparison above would see a file that lost its SET search_path or a grant.
    with db.admin(autocommit=False) as conn:
        before = catalog_snapshot(conn)
        conn.execute("ALTER FUNCTION crm.t1_apply(date, text, boolean) RESET search_path")
        conn.execute("GRANT EXECUTE ON FUNCTION crm.close_staff(text) TO crm_gate")
        differences = snapshot_differences(before, catalog_snapshot(conn))
        conn.rollback()
    assert "crm.t1_apply" in differences and "search_path" in differences
    assert "crm_gate=X/" in differences


@pytest.mark.parametrize("name", ["crm.month_day", "crm_server.read_log"])
def test_superuser_objects_keep_their_owner(db, name):
    schema, proname = name.split(".")
    with db.admin(autocommit=False) as conn:
        before = conn.execute("SELECT proowner::regrole::text FROM pg_proc WHERE proname = %s "
                              "AND pronamespace = %s::regnamespace", (proname, schema)).fetchone()
        server_objects.apply_objects_on(conn, [name])
        after = conn.execute("SELECT proowner::regrole::text FROM pg_proc WHERE proname = %s "
                             "AND pronamespace = %s::regnamespace", (proname, schema)).fetchone()
        conn.rollback()
    assert before == after


def test_a_body_that_needs_a_later_revision_is_reported(db):
    # What apply_objects would let through at an early revision: bodies are created unchecked.
    with db.admin() as conn:
        conn.execute("SET check_function_bodies = off")
        conn.execute("CREATE FUNCTION crm.sms_sender(p_branch smallint) RETURNS text LANGUAGE sql "
                     "AS 'SELECT sms_sender FROM crm.branch WHERE id = p_branch'")
        conn.execute("CREATE FUNCTION crm.sms_typo() RETURNS void LANGUAGE plpgsql AS 'BEGIN SELEC 1; END'")
        conn.execute("RESET check_function_bodies")
    with db.admin(autocommit=False) as conn:
        errors = dict(server_objects.function_body_errors(conn))
    assert set(errors) == {"crm.sms_sender(smallint)", "crm.sms_typo()"}
    assert "sms_sender" in errors["crm.sms_sender(smallint)"]
    assert "SELEC" in errors["crm.sms_typo()"]


def test_a_superuser_applied_file_must_hand_its_function_to_crm_owner(db, tmp_path, monkeypatch):
    objects = tmp_path / "sql" / "objects"
    objects.mkdir(parents=True)
    source = server_objects.object_path("crm.month_day").read_text(encoding="utf-8")
    (objects / "crm.month_day.sql").write_text(
        "\n".join(line for line in source.splitlines() if "OWNER TO" not in line), encoding="utf-8")
    monkeypatch.setattr(server_objects, "data_dir", lambda name: tmp_path)
    with db.admin(autocommit=False) as conn:
        conn.execute("ALTER FUNCTION crm.month_day(date) OWNER TO postgres")
        with pytest.raises(RuntimeError, match="OWNER TO crm_owner"):
            server_objects.apply_objects_on(conn, ["crm.month_day"])
        conn.rollback()


@pytest.mark.parametrize("name", ["../0001_roles", "crm.t1_apply; DROP", "CRM.T1_APPLY", "crm", ""])
def test_object_names_are_plain_schema_dot_name(name):
    with pytest.raises(ValueError, match="not a server object name"):
        server_objects.object_path(name)


@pytest.mark.parametrize("role", ["none", "crm_owner"])
def test_applying_leaves_the_callers_role_and_body_checks_as_they_were(db, role):
    with db.admin(autocommit=False) as conn:
        conn.execute("SELECT set_config('role', %s, true)", (role,))
        # A superuser object, then a crm_owner one: each switches the role.
        server_objects.apply_objects_on(conn, ["crm.month_day", "crm.t1_gender"])
        assert conn.execute("SELECT current_setting('role'), current_setting('check_function_bodies')"
                            ).fetchone() == (role, "on")
        conn.rollback()
