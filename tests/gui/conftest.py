"""GUI fixtures: isolated QSettings, a task runner that is drained after each test, profiles."""

from __future__ import annotations

import psycopg
import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from crm_desktop.services import auth
from crm_desktop.ui.tasks import TaskRunner
from tests.support import with_dbname

GATE_PASSWORD = "gate-test-password"


@pytest.fixture(autouse=True)
def isolated_settings(qapp, tmp_path):
    QCoreApplication.setOrganizationName("BranchCRM-test")
    QCoreApplication.setApplicationName("crm-desktop-test")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings().clear()


@pytest.fixture
def runner(qtbot):
    task_runner = TaskRunner()
    yield task_runner
    task_runner.cancel_all()
    assert task_runner.wait(10000), "background tasks still running after the test"
    qtbot.wait(10)  # deliver queued results before the runner goes away
    task_runner.deleteLater()


@pytest.fixture(scope="session")
def gate_password(cluster):
    with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
        conn.execute(f"ALTER ROLE crm_gate PASSWORD '{GATE_PASSWORD}'")
    return GATE_PASSWORD


@pytest.fixture
def profile(db, gate_password) -> auth.ServerProfile:
    return auth.ServerProfile.from_conninfo("test", db.admin_url, gate_password=gate_password)
