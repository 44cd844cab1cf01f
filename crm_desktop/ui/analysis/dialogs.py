"""Dialogs of the Analysis pane: the daily rows behind a cell, saving and managing layouts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from crm_desktop.ui.analysis.common import format_number, translate
from crm_desktop.ui.table_model import Column, RowTableModel

# Known columns of pivot.facts_for_cell rows: (key, label, unit); others are shown as they come.
FACT_COLUMNS = (
    ("trade_date", "Trade date", None), ("account_no", "Account no.", None), ("name", "Name", None),
    ("branch", "Branch", None), ("vip_level", "VIP level", None),
    ("total_assets_cents", "Total assets", "cents"), ("market_value_cents", "Market value", "cents"),
    ("cash_cents", "Cash", "cents"), ("trade_volume_cents", "Trade volume", "cents"),
    ("commission_cents", "Commission", "cents"), ("net_commission_cents", "Net commission", "cents"),
    ("interest_spread_cents", "Interest spread", "cents"), ("pnl_cents", "Profit/loss", "cents"),
)


def _fact_label(key: str) -> str:
    texts = {
        "trade_date": translate("Analysis", "Trade date"), "account_no": translate("Analysis", "Account no."),
        "name": translate("Analysis", "Name"), "branch": translate("Analysis", "Branch"),
        "vip_level": translate("Analysis", "VIP level"), "total_assets_cents": translate("Analysis", "Total assets"),
        "market_value_cents": translate("Analysis", "Market value"), "cash_cents": translate("Analysis", "Cash"),
        "trade_volume_cents": translate("Analysis", "Trade volume"),
        "commission_cents": translate("Analysis", "Commission"),
        "net_commission_cents": translate("Analysis", "Net commission"),
        "interest_spread_cents": translate("Analysis", "Interest spread"), "pnl_cents": translate("Analysis", "Profit/loss"),
    }
    return texts.get(key, key)


def fact_columns(rows: list[dict]) -> list[Column]:
    keys = list(rows[0].keys()) if rows else [key for key, _, _ in FACT_COLUMNS]
    known = {key: unit for key, _, unit in FACT_COLUMNS}
    hidden = {"customer_id", "branch_id"}
    columns = []
    for key in keys:
        if key in hidden:
            continue
        unit = known.get(key, "cents" if key.endswith("_cents") else None)
        formatter = (lambda value: format_number(value, "cents")) if unit == "cents" else None
        columns.append(Column(key, _fact_label(key), formatter))
    return columns


class FactsDialog(QDialog):
    """The daily rows behind one cell of the grid (pivot.facts_for_cell)."""

    def __init__(self, title: str, rows: list[dict], limit: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("analysisFacts")
        self.setWindowTitle(translate("Analysis", "Daily rows — %1").replace("%1", title))
        self.resize(960, 520)
        self.model = RowTableModel(fact_columns(rows), parent=self)
        self.model.set_rows(rows)
        self.view = QTableView(objectName="factsTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.resizeColumnsToContents()
        count = translate("Analysis", "%1 rows").replace("%1", f"{len(rows):,}")
        if len(rows) >= limit:
            count += " " + translate("Analysis", "(the first %1 only)").replace("%1", f"{limit:,}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(count, objectName="factsCount"))
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)


class SaveLayoutDialog(QDialog):
    def __init__(self, can_publish: bool, name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("Analysis", "Save layout"))
        self.name = QLineEdit(name, objectName="layoutName")
        self.name.setPlaceholderText(translate("Analysis", "Name of the layout"))
        self.shared = QCheckBox(translate("Analysis", "Publish to everyone (shared layout)"), objectName="layoutShared")
        self.shared.setVisible(can_publish)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("Analysis", "Name:")))
        layout.addWidget(self.name)
        layout.addWidget(self.shared)
        layout.addWidget(self.buttons)
        self._enable()

    def _enable(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(self.name.text().strip()))


def layout_row_text(row: dict) -> str:
    text = str(row.get("name", ""))
    if row.get("shared"):
        text += "  " + translate("Analysis", "(shared)")
    owner = row.get("owner_name") or row.get("owner")
    if owner:
        text += f"  · {owner}"
    return text


class ManageLayoutsDialog(QDialog):
    """Saved layouts: open one, or delete one of your own (HQ: shared ones too)."""

    load_requested = Signal(object)      # the saved row
    delete_requested = Signal(object)

    def __init__(self, rows: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("Analysis", "Saved layouts"))
        self.resize(420, 380)
        self.list = QListWidget(objectName="layoutList")
        self.set_rows(rows)
        open_button = QPushButton(translate("Analysis", "Open"), objectName="layoutOpen")
        open_button.clicked.connect(self._open)
        delete_button = QPushButton(translate("Analysis", "Delete"), objectName="layoutDelete")
        delete_button.clicked.connect(self._delete)
        close = QPushButton(translate("Analysis", "Close"))
        close.clicked.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _: self._open())
        row = QHBoxLayout()
        row.addWidget(open_button)
        row.addWidget(delete_button)
        row.addStretch()
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)

    def set_rows(self, rows: list[dict]) -> None:
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(layout_row_text(row))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.list.addItem(item)

    def _current(self) -> Any:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _open(self) -> None:
        row = self._current()
        if row is not None:
            self.load_requested.emit(row)
            self.accept()

    def _delete(self) -> None:
        row = self._current()
        if row is not None:
            self.delete_requested.emit(row)
