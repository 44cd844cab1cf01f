"""One way to run database work off the GUI thread (Anki's QueryOp, Orange3's cancellable tasks).

    runner.run(fn, *args, on_success=..., on_failure=..., on_progress=..., key="search")

`fn(ctx, *args)` is a plain function (services), run on a worker thread with a
TaskContext. Results come back on the GUI thread by queued signals. Starting a task with
the same `key` cancels the older one and drops its late results. Known refusals
(CrmRefusal) go to `on_failure`; a lost connection also goes to the runner's
`connection_lost` signal; anything else is a bug, logged and shown.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal

from crm_desktop import config
from crm_desktop.services.errors import ConnectionLost, CrmRefusal, as_refusal
from crm_desktop.services.tasks import TaskCancelled, TaskContext

_log = logging.getLogger(__name__)


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(str, int, int)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable, args: tuple, ctx: TaskContext, signals: _Signals):
        super().__init__()
        self.fn, self.args, self.ctx, self.signals = fn, args, ctx, signals

    def run(self) -> None:
        try:
            result = self.ctx.run(self.fn, *self.args)
        except TaskCancelled as error:
            self.signals.failed.emit(error)
        except BaseException as error:  # noqa: BLE001 - every failure must reach the GUI thread
            refusal = as_refusal(error)
            if refusal is None:
                _log.error("task %s failed:\n%s", getattr(self.fn, "__name__", self.fn), traceback.format_exc())
                self.signals.failed.emit(error)
            else:
                self.signals.failed.emit(refusal)
        else:
            self.signals.succeeded.emit(result)


class TaskHandle:
    def __init__(self, ctx: TaskContext):
        self.ctx = ctx
        self.done = False

    def cancel(self) -> None:
        self.ctx.cancel()


class TaskRunner(QObject):
    connection_lost = Signal(object)   # ConnectionLost
    unexpected_error = Signal(object)  # an exception that is a bug
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        # As many workers as the StaffConnector has connections (its default too), so no task
        # waits for a connection while another thread idles.
        self.pool.setMaxThreadCount(max_threads or config.worker_connections())
        self._latest: dict[str, TaskHandle] = {}
        self._running: set[tuple[_Signals, TaskHandle]] = set()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(self, fn: Callable[..., Any], *args: Any, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[str, int, int], None] | None = None,
            key: str | None = None) -> TaskHandle:
        signals = _Signals(self)  # dies with the runner: no late delivery to a deleted runner
        ctx = TaskContext(progress=lambda stage, done, total: signals.progressed.emit(stage, done, total))
        handle = TaskHandle(ctx)
        if key is not None:
            stale = self._latest.get(key)
            if stale is not None and not stale.done:
                stale.cancel()
            self._latest[key] = handle
        entry = (signals, handle)
        self._running.add(entry)
        if len(self._running) == 1:
            self.busy_changed.emit(True)

        def current() -> bool:
            return key is None or self._latest.get(key) is handle

        def finish() -> None:
            signals.deleteLater()
            handle.done = True
            self._running.discard(entry)
            if not self._running:
                self.busy_changed.emit(False)

        def succeeded(result: Any) -> None:
            finish()
            if current() and on_success is not None:
                on_success(result)

        def failed(error: BaseException) -> None:
            finish()
            if isinstance(error, TaskCancelled) or not current():
                return
            if isinstance(error, ConnectionLost):
                self.connection_lost.emit(error)
            elif not isinstance(error, CrmRefusal):
                self.unexpected_error.emit(error)
                return
            if on_failure is not None:
                on_failure(error)

        signals.succeeded.connect(succeeded)
        signals.failed.connect(failed)
        if on_progress is not None:
            signals.progressed.connect(lambda stage, done, total: current() and on_progress(stage, done, total))
        self.pool.start(_Runnable(fn, args, ctx, signals))
        return handle

    def cancel_all(self) -> None:
        for _, handle in list(self._running):
            handle.cancel()

    def wait(self, msecs: int = 10000) -> bool:
        """Block until workers are idle and their results delivered (shutdown and tests only)."""
        done = self.pool.waitForDone(msecs)
        QCoreApplication.sendPostedEvents()
        return done


def wait_for_outcome(start: Callable[[Callable[[bool], None]], None], parent: QObject,
                     timeout_ms: int = 15000) -> bool:
    """Start work that reports ok/failed through a callback and keep the GUI responsive (a local
    event loop, not a blocked thread) until it answers — for saving on close or sign-out."""
    outcome: list[bool] = []
    loop = QEventLoop(parent)
    start(lambda ok: (outcome.append(ok), loop.quit()))
    if not outcome:
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
    return bool(outcome and outcome[0])
