"""Guard against the PySide6 build that loses a reference to None / True / False each time a
Python override (here QAbstractItemModel.data) returns one to C++: the interpreter aborts with
"deallocating None" after a few hundred thousand painted cells (seen with 6.12.0 on CPython
3.11; pyproject.toml excludes it). Run in a subprocess, since the failure kills the process."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import sys
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication
app = QApplication.instance() or QApplication(["check", "-platform", "offscreen"])

class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 1
    def columnCount(self, parent=QModelIndex()):
        return 1
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None if role == Qt.ItemDataRole.DisplayRole else True

model = Model()
index = model.index(0, 0)
before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(20000):
    index.data()
    index.data(Qt.ItemDataRole.ToolTipRole)
after = sys.getrefcount(None), sys.getrefcount(True)
print(after[0] - before[0], after[1] - before[1])
"""


def test_overrides_returning_none_keep_their_reference_counts():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    none_delta, true_delta = (int(x) for x in done.stdout.split()[-2:])
    assert abs(none_delta) < 100 and abs(true_delta) < 100, done.stdout
