"""GUI fixtures: isolated QSettings, a task runner that is drained after each test, profiles,
and a live model tester on every item model the test shows or asks for."""

from __future__ import annotations

import time
import weakref

import psycopg
import pytest
import shiboken6
from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QAbstractItemView, QColumnView, QComboBox, QCompleter, QTableView, QTreeView, QWidget

from crm_desktop.services import auth
from crm_desktop.ui.customers.paged_model import PagedRowModel
from crm_desktop.ui.tasks import TaskRunner
from tests.support import failed, with_dbname

GATE_PASSWORD = "gate-test-password"


@pytest.fixture(autouse=True)
def no_timers_left_behind(request, qapp, monkeypatch):
    """A test whose QTimers are still running once its widgets are gone fails (napari's
    dangling_qtimers): such a timer fires in a later test, on that test's time and data. Timers
    die with their parent, so only one without a (deleted) parent can be left."""
    started: list[weakref.ref] = []
    start = QTimer.start

    def start_noted(timer: QTimer, *args) -> None:
        started.append(weakref.ref(timer))
        start(timer, *args)

    monkeypatch.setattr(QTimer, "start", start_noted)
    yield
    # pytest-qt closed the test's widgets with deleteLater(): delete them (and their timers) now.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    running = [timer for timer in (ref() for ref in started)
               if timer is not None and shiboken6.isValid(timer) and timer.isActive()]
    for timer in running:
        timer.stop()
    assert failed(request) or not running, \
        f"the test left timers running: {[(t.objectName(), t.parent()) for t in running]}"


@pytest.fixture(autouse=True)
def no_modifier_keys_held(qapp):
    """Start each test with no modifier key held in Qt's state. QTest's key clicks with modifiers
    can leave one set (Ctrl+Shift+R leaves Shift, a key that closes its widget leaves Ctrl), and
    QAbstractItemView reads that state: selectRow(0) in the next test, whichever file ran before
    on the worker, became a range or a toggle."""
    widget = QWidget()
    QTest.keyRelease(widget, Qt.Key.Key_Shift)      # a spontaneous key event without modifiers
    widget.deleteLater()
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier


@pytest.fixture(autouse=True)
def isolated_settings(qapp, tmp_path):
    QCoreApplication.setOrganizationName("BranchCRM-test")
    QCoreApplication.setApplicationName("crm-desktop-test")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings().clear()


# Classes whose setModel() the code under test calls (each overrides it, so each is wrapped).
MODEL_USERS = (QAbstractItemView, QTableView, QTreeView, QColumnView, QComboBox, QCompleter)
# Not given a tester by itself: Qt's tester walks every row after every signal, and this model
# signals once a page over thousands of seeded customers (the Customers tab tests took over
# 20 minutes). tests/gui/test_paged_model.py keeps one on it over small sources, as do the
# customer group tests.
WALKED_TOO_SLOWLY = (PagedRowModel,)


@pytest.fixture(autouse=True)
def model_tester(monkeypatch):
    """Keep a QAbstractItemModelTester on a model for the whole test: `model_tester(model, ...)`.
    Every model given to a view, combo box or completer (and the source models behind a proxy)
    gets one by itself, except WALKED_TOO_SLOWLY.

    A tester checks the model on each of its signals, so it must stay referenced: one created
    and dropped at once only checked the model as it was then. Warning mode turns a broken rule
    into a Qt warning, which fails the test (qt_log_level_fail) instead of aborting pytest."""
    testers: dict[int, tuple[QAbstractItemModel, QAbstractItemModelTester]] = {}

    def attach(*models: QAbstractItemModel) -> list[QAbstractItemModelTester]:
        """The testers now on `models` (and their sources): a test deletes those of a Qt item
        widget's own model before the widget goes, which resets the model inside its destructor."""
        attached = []
        for model in models:
            while model is not None:
                if id(model) not in testers:
                    testers[id(model)] = (model, QAbstractItemModelTester(
                        model, QAbstractItemModelTester.FailureReportingMode.Warning))
                attached.append(testers[id(model)][1])
                model = model.sourceModel() if isinstance(model, QAbstractProxyModel) else None
        return attached

    for cls in MODEL_USERS:
        def set_model_under_test(user, model, _set_model=cls.__dict__["setModel"]) -> None:
            _set_model(user, model)
            if model is not None and not isinstance(model, WALKED_TOO_SLOWLY):
                attach(model)

        monkeypatch.setattr(cls, "setModel", set_model_under_test)
    yield attach
    testers.clear()


@pytest.fixture
def runner(qtbot):
    task_runner = TaskRunner()
    yield task_runner
    # Cancelled, and every result delivered before the runner goes away, with what a result
    # started meanwhile (runner.wait() alone returns after one round). Posted events only: the
    # widgets pytest-qt closed are not deleted under a result on its way (tests.support.wait_idle).
    deadline = time.monotonic() + 10
    while task_runner.busy:
        assert time.monotonic() < deadline, "background tasks still running after the test"
        task_runner.cancel_all()
        task_runner.wait(20)
    assert task_runner.wait(10000), "background tasks still running after the test"
    task_runner.deleteLater()


@pytest.fixture
def gate_password(cluster):
    # Set for each test, not once a session: security tests set crm_gate's password to their own
    # and clear it, so a GUI test after them (another file order, e.g. pytest -n) met no gate.
    with psycopg.connect(with_dbname(cluster, "postgres"), autocommit=True) as conn:
        conn.execute(f"ALTER ROLE crm_gate PASSWORD '{GATE_PASSWORD}'")
    return GATE_PASSWORD


@pytest.fixture
def profile(db, gate_password) -> auth.ServerProfile:
    return auth.ServerProfile.from_conninfo("test", db.admin_url, gate_password=gate_password)
