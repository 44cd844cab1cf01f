"""A server migrated by a newer app (a schema revision this app has no migration for) is refused
with a clear message: at sign-in, and by `crm-admin db upgrade` (issue #17, upgrades)."""

from __future__ import annotations

import pytest

from crm_desktop.db import migrations
from crm_desktop.services import auth
from crm_desktop.services.errors import CrmRefusal
from tests.support import TEST_PASSWORD


def test_sign_in_refuses_a_schema_newer_than_the_app(db):
    db.make_staff("schema_user")
    profile = auth.ServerProfile.from_conninfo("t", db.admin_url)
    conn, _ = auth.sign_in(profile, "schema_user", TEST_PASSWORD)     # today's schema: fine
    conn.close()
    with db.admin() as admin:
        admin.execute("UPDATE public.alembic_version SET version_num = '0999_from_the_future'")
        sessions = admin.execute("SELECT count(*) FROM crm.app_session").fetchone()[0]
    with pytest.raises(CrmRefusal) as refused:
        auth.sign_in(profile, "schema_user", TEST_PASSWORD)
    assert refused.value.kind == "schema_too_new" and refused.value.params["revision"] == "0999_from_the_future"
    with db.admin() as admin:
        assert admin.execute("SELECT count(*) FROM crm.app_session").fetchone()[0] == sessions   # none opened

    with pytest.raises(ValueError, match="newer than this version of the app understands"):
        migrations.upgrade(db.admin_url)
    assert migrations.current_revision(db.admin_url) == "0999_from_the_future"
