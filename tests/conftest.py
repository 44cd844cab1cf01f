"""Session-wide PostgreSQL (embedded, or CRM_DATABASE_URL) and a fresh database per test."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psycopg
import pytest
from psycopg import sql

from tests.support import (FAILED, TEST_PASSWORD, TemplateCopies, TestDatabase, failed, snapshot_roles, test_database,
                           with_dbname)

TEMPLATE = "crm"


def pytest_configure(config):
    if os.environ.get("CRM_DATABASE_URL") and config.getoption("numprocesses", None) not in (None, 0):
        # Each worker needs a server of its own: test logins are cluster-wide roles.
        raise pytest.UsageError("CRM_DATABASE_URL names one server for every worker: run with -n 0")


@pytest.fixture(scope="session", autouse=True)
def session_crm_home(tmp_path_factory):
    """CRM_HOME of this test session (of this worker, with pytest -n): what falls back to it (the
    agent's folder, the T1 drop folder, profiles.json) is never the developer's nor another
    worker's. Tests that need a home of their own still set CRM_HOME to their tmp_path."""
    previous = os.environ.get("CRM_HOME")
    os.environ["CRM_HOME"] = str(tmp_path_factory.mktemp("crm_home"))
    yield
    if previous is None:
        os.environ.pop("CRM_HOME", None)
    else:
        os.environ["CRM_HOME"] = previous


# Threads that session fixtures start on first use (tests.support.TemplateCopies): not a test's.
SESSION_THREADS = ("template-copies",)
# How long a test's threads get to end after it, e.g. an idle reaper told to stop mid-wait.
THREAD_EXIT_GRACE_S = 5.0


@pytest.fixture(autouse=True)
def no_threads_left_behind(request):
    """A test whose Python threads outlive it fails (napari's leak fixtures): such a thread works
    on into the next test, against a database that is gone. Qt's pool workers are not Python
    threads (tests/gui/conftest.py `runner` checks those)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + THREAD_EXIT_GRACE_S
    left = []
    for thread in set(threading.enumerate()) - before:
        # A _DummyThread is a foreign (Qt) thread that once ran Python: it never "ends".
        if isinstance(thread, threading._DummyThread) or thread.name.startswith(SESSION_THREADS):
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            left.append(thread.name)
    assert failed(request) or not left, f"the test left threads running: {sorted(left)}"


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
        with psycopg.connect(with_dbname(admin_url, "postgres"), autocommit=True) as conn:
            # The session's server is thrown away at the end, so nothing needs to survive a crash;
            # every test copies the template and drops its copy, and with fsync those waited on
            # a disk the machine's other work shares (create + drop 3.1 s with fsync, 1.8 s
            # without, the server's CPU 0.2–0.35 s either way, machine under load).
            conn.execute("ALTER SYSTEM SET fsync = off")
            conn.execute("SELECT pg_reload_conf()")
    try:
        yield admin_url
    finally:
        if home is not None:
            embedded.stop(home)
            shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster_state(cluster):
    with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
        # The tests sign staff logins in over and over: their verifier has PostgreSQL's default
        # 4 096 iterations, not the server's 40 000 (a connection took 0.15 s with 40 000 and
        # 0.03 s with 4 096 here, machine under load). Verifiers the server makes (create_staff,
        # change_password, resets) and the demo's keep the server's setting.
        conn.execute("SET scram_iterations = 4096")
        verifier = conn.pgconn.encrypt_password(TEST_PASSWORD.encode(), b"any", b"scram-sha-256").decode()
        baseline = snapshot_roles(conn)
        # Nobody may stay connected to the template, or CREATE DATABASE ... TEMPLATE fails.
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND pid <> pg_backend_pid()", (TEMPLATE,))
    return verifier, baseline


def _with_test_branches(database) -> None:
    database.make_branch("HQ", "总部", kind="hq")
    database.make_branch("BR01", "北京金融街营业部")


@pytest.fixture(scope="session")
def db_copies(cluster, cluster_state):
    """What `db` hands out: copies of the template with the test branches, made one ahead."""
    verifier, _ = cluster_state
    copies = TemplateCopies(cluster, TEMPLATE, verifier, prepare=_with_test_branches)
    yield copies
    copies.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
def db(request, cluster, cluster_state, db_copies):
    """A fresh, migrated CRM database with one branch BR01 (and HQ), as the test's own. A test
    that leaves a connection to it open fails (tests.support.sessions_left_open)."""
    verifier, baseline = cluster_state
    with test_database(cluster, TEMPLATE, verifier, baseline, copies=db_copies,
                       test_failed=lambda: failed(request)) as database:
        yield database


@pytest.fixture(scope="session")
def demo_templates(cluster, cluster_state):
    """demo_templates(customers, days, seed) -> the name of a database holding what `db` holds
    plus that demo seed, seeded once per test session and then only copied (CREATE DATABASE …
    TEMPLATE): a copy takes a fraction of the seed's time and is the same data."""
    from crm_desktop.tools import demo

    verifier, baseline = cluster_state
    names: dict[tuple[int, int, int], str] = {}

    def template(customers: int, days: int, seed: int) -> str:
        key = (customers, days, seed)
        if key in names:
            return names[key]
        name = f"crm_demo_{customers}_{days}_{seed}"
        with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name),
                                                                           sql.Identifier(TEMPLATE)))
        _with_test_branches(TestDatabase(admin_url=with_dbname(cluster, name), name=name, scram_verifier=verifier))
        demo.seed(with_dbname(cluster, name), customers=customers, days=days, seed=seed)
        with psycopg.connect(with_dbname(cluster, name), autocommit=True) as conn:
            logins = {r[0] for r in conn.execute("SELECT login FROM crm.staff")}
            # The demo's logins are cluster roles that every copy needs: from now on they are
            # part of the baseline that each test's teardown restores instead of dropping.
            baseline.update({role: state for role, state in snapshot_roles(conn).items() if role in logins})
        with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        names[key] = name
        return name

    yield template
    with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
        for name in names.values():
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def demo_db(request, cluster, cluster_state, demo_templates):
    """demo_db(customers, days, seed=1) -> a fresh CRM database, the test's own, holding HQ,
    BR01 and `crm_desktop.tools.demo.seed(customers=…, days=…, seed=…)`: the same data as
    seeding `db`, copied from a template seeded once per session."""
    verifier, baseline = cluster_state
    with ExitStack() as stack:
        def make(customers: int, days: int, seed: int = 1):
            return stack.enter_context(test_database(cluster, demo_templates(customers, days, seed), verifier,
                                                     baseline, test_failed=lambda: failed(request)))
        yield make
