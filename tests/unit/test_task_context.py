"""TaskContext: cancelling reaches the registered connection only while the task runs."""

from crm_desktop.services.tasks import TaskCancelled, TaskContext

import pytest


class RecordingConnection:
    def __init__(self):
        self.cancelled = 0

    def cancel_safe(self, timeout=None):
        self.cancelled += 1


def test_cancel_reaches_watched_connection_and_stops_progress():
    ctx = TaskContext()
    conn = ctx.watch(RecordingConnection())
    ctx.cancel()
    assert conn.cancelled == 1 and ctx.cancelled
    with pytest.raises(TaskCancelled):
        ctx.progress("x", 1, 2)


def test_released_connection_is_not_cancelled():
    ctx = TaskContext()
    conn = ctx.watch(RecordingConnection())
    ctx.release()
    ctx.cancel()
    assert conn.cancelled == 0
