"""Session-wide PostgreSQL (embedded, or CRM_DATABASE_URL) and a fresh database per test."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psycopg
import pytest

from tests.support import TEST_PASSWORD, snapshot_roles, test_database, with_dbname

TEMPLATE = "crm"


@pytest.fixture(scope="session")
def cluster():
    """The test session's server: admin URL of a migrated `crm` database (the template)."""
    from crm_desktop.db import bootstrap, embedded, migrations

    external = os.environ.get("CRM_DATABASE_URL")
    home = None
    if external:
        migrations.upgrade(external)
        admin_url = external
    else:
        home = Path(tempfile.mkdtemp(prefix="crmtest-"))
        admin_url = bootstrap.target(home=home).admin_url
    try:
        yield admin_url
    finally:
        if home is not None:
            embedded.stop(home)
            shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster_state(cluster):
    with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
        verifier = conn.pgconn.encrypt_password(TEST_PASSWORD.encode(), b"any", b"scram-sha-256").decode()
        baseline = snapshot_roles(conn)
        # Nobody may stay connected to the template, or CREATE DATABASE ... TEMPLATE fails.
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND pid <> pg_backend_pid()", (TEMPLATE,))
    return verifier, baseline


@pytest.fixture
def db(cluster, cluster_state):
    """A fresh, migrated CRM database with one branch BR01 (and HQ), as the test's own."""
    verifier, baseline = cluster_state
    with test_database(cluster, TEMPLATE, verifier, baseline) as database:
        database.make_branch("HQ", "总部", kind="hq")
        database.make_branch("BR01", "北京金融街营业部")
        yield database
