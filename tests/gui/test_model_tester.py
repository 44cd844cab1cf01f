"""The GUI conftest's model testers check for real: a model that breaks Qt's rules after it was
put in a view (or handed to the model_tester fixture) is reported."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, qInstallMessageHandler
from PySide6.QtWidgets import QTableView


class OneColumn(QAbstractTableModel):
    def __init__(self, rows: int):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return f"row {index.row()}" if index.isValid() and role == Qt.ItemDataRole.DisplayRole else None

    def announce_a_row_that_never_comes(self) -> None:
        self.beginInsertRows(QModelIndex(), self.rows, self.rows)
        self.endInsertRows()


def modeltest_failures(qtlog, action) -> list[str]:
    """The model tester's reports while `action` runs, kept from pytest-qt, which would fail
    this test for them (as it fails any other test)."""
    messages: list[str] = []
    with qtlog.disabled():
        previous = qInstallMessageHandler(lambda _mode, _context, message: messages.append(message))
        try:
            action()
        finally:
            qInstallMessageHandler(previous)
    return [message for message in messages if message.startswith("FAIL!")]


@pytest.mark.parametrize("behind_a_proxy", [False, True])
def test_a_model_that_breaks_the_rules_after_it_is_shown_is_caught(qtbot, qtlog, behind_a_proxy):
    model = OneColumn(3)
    view = QTableView()
    qtbot.addWidget(view)
    if behind_a_proxy:
        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(model)
        view.setModel(proxy)
    else:
        view.setModel(model)
    failures = modeltest_failures(qtlog, model.announce_a_row_that_never_comes)
    assert any("rowCount" in failure for failure in failures), failures


def test_a_model_asked_for_explicitly_is_checked_too(qtlog, model_tester):
    model = OneColumn(2)
    model_tester(model)
    assert modeltest_failures(qtlog, model.announce_a_row_that_never_comes)


def test_a_model_that_keeps_the_rules_is_not_reported(qtbot, qtlog, model_tester):
    model = OneColumn(2)
    model_tester(model)

    def grow() -> None:
        model.beginInsertRows(QModelIndex(), 2, 3)
        model.rows = 4
        model.endInsertRows()

    assert modeltest_failures(qtlog, grow) == []
