"""The filter zone's editors: the member picker (members from the server, in a worker), the
date range with presets, the asset-range edges and the top/bottom-N ranking."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QProgressBar, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from crm_desktop.services import pivot
from crm_desktop.ui.analysis.common import field_label, lang, translate

PRESETS = ("all", "this_month", "last_month", "this_year", "last_20", "custom")


def preset_label(preset: str) -> str:
    return {"all": translate("Analysis", "All dates"), "this_month": translate("Analysis", "This month"),
            "last_month": translate("Analysis", "Last month"), "this_year": translate("Analysis", "This year"),
            "last_20": translate("Analysis", "Last 20 trading days"),
            "custom": translate("Analysis", "Custom range")}[preset]


def preset_range(preset: str, anchor: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The dates of a preset relative to `anchor` (the latest loaded trading day)."""
    if preset == "this_month":
        return anchor.replace(day=1), anchor
    if preset == "last_month":
        end = anchor.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    if preset == "this_year":
        return anchor.replace(month=1, day=1), anchor
    if preset == "last_20":
        # Weekdays: the engine's facts exist only on trading days, so holidays inside the range
        # only make it a little longer, never count a non-trading day as a fact.
        day, counted = anchor, 0
        while True:
            if day.weekday() < 5:
                counted += 1
                if counted == 20:
                    return day, anchor
            day -= dt.timedelta(days=1)
    return None, None


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class DateRangeBar(QWidget):
    """Preset + from/to dates; `changed` after a preset or an edited date."""

    changed = Signal()

    def __init__(self, anchor: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.anchor = anchor
        self.preset = QComboBox(objectName="datePreset")
        for preset in PRESETS:
            self.preset.addItem(preset_label(preset), preset)
        self.start = QDateEdit(calendarPopup=True, objectName="dateStart", displayFormat="yyyy-MM-dd")
        self.end = QDateEdit(calendarPopup=True, objectName="dateEnd", displayFormat="yyyy-MM-dd")
        for edit in (self.start, self.end):
            edit.setDate(_qdate(anchor))
            edit.dateChanged.connect(self._edited)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(translate("Analysis", "Period:")))
        layout.addWidget(self.preset)
        layout.addWidget(self.start)
        layout.addWidget(QLabel("–"))
        layout.addWidget(self.end)
        self._quiet = False
        self._preset_changed()

    def range(self) -> tuple[dt.date | None, dt.date | None]:
        if self.preset.currentData() == "all":
            return None, None
        return self.start.date().toPython(), self.end.date().toPython()

    def set_range(self, start: dt.date | None, end: dt.date | None) -> None:
        """Show a layout's range (no `changed`): a matching preset, else custom."""
        self._quiet = True
        try:
            found = "custom"
            for preset in PRESETS[:-1]:
                if preset_range(preset, self.anchor) == (start, end):
                    found = preset
                    break
            self.preset.setCurrentIndex(self.preset.findData(found))
            if start is not None:
                self.start.setDate(_qdate(start))
            # An open end runs up to the latest load: never leave an older range's end showing.
            self.end.setDate(_qdate(end or self.anchor))
            self._enable()
        finally:
            self._quiet = False

    def _enable(self) -> None:
        preset = self.preset.currentData()
        self.start.setEnabled(preset != "all")
        self.end.setEnabled(preset != "all")

    def _preset_changed(self) -> None:
        preset = self.preset.currentData()
        if preset not in ("custom", "all"):
            start, end = preset_range(preset, self.anchor)
            self._quiet, quiet = True, self._quiet
            self.start.setDate(_qdate(start))
            self.end.setDate(_qdate(end))
            self._quiet = quiet
        self._enable()
        if not self._quiet:
            self.changed.emit()

    def _edited(self) -> None:
        if self._quiet:
            return
        if self.preset.currentData() != "custom":
            self._quiet = True
            self.preset.setCurrentIndex(self.preset.findData("custom"))
            self._quiet = False
        self.changed.emit()


class TopNBar(QWidget):
    """Top / bottom N of the innermost row dimension by one of the values."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.enabled = QCheckBox(translate("Analysis", "Ranking"), objectName="topEnabled")
        self.direction = QComboBox(objectName="topDirection")
        self.direction.addItem(translate("Analysis", "Top"), False)
        self.direction.addItem(translate("Analysis", "Bottom"), True)
        self.count = QSpinBox(objectName="topCount", minimum=1, maximum=10_000, value=50)
        self.value = QComboBox(objectName="topValue")
        self.below_zero = QCheckBox(translate("Analysis", "Negative only"), objectName="topBelowZero")
        self.below_zero.setToolTip(translate("Analysis", "Rank only the members whose value is below zero "
                                                         "(a loss ranking lists losses only)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.enabled, self.direction, self.count, QLabel(translate("Analysis", "by")), self.value,
                       self.below_zero):
            layout.addWidget(widget)
        self.enabled.toggled.connect(self._toggled)
        self.direction.currentIndexChanged.connect(self._emit)
        self.count.editingFinished.connect(self._emit)
        self.value.currentIndexChanged.connect(self._emit)
        self.below_zero.toggled.connect(self._emit)
        self._quiet = False
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        for widget in (self.direction, self.count, self.value, self.below_zero):
            widget.setEnabled(on)
        self._emit()

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit()

    def top(self) -> pivot.TopN | None:
        if not self.enabled.isChecked():
            return None
        return pivot.TopN(self.count.value(), max(0, self.value.currentIndex()), bool(self.direction.currentData()),
                          self.below_zero.isChecked())

    def set_state(self, values: tuple[pivot.Value, ...], top: pivot.TopN | None) -> None:
        self._quiet = True
        try:
            self.value.clear()
            for value in values:
                self.value.addItem(value.label(lang()))
            self.enabled.setChecked(top is not None)
            if top is not None:
                self.count.setValue(top.n)
                self.direction.setCurrentIndex(1 if top.bottom else 0)
                self.value.setCurrentIndex(min(top.value, self.value.count() - 1))
            self.below_zero.setChecked(top is not None and top.below_zero)
            for widget in (self.direction, self.count, self.value, self.below_zero):
                widget.setEnabled(top is not None)
        finally:
            self._quiet = False


def format_edges(edges: tuple[int, ...]) -> str:
    return ", ".join(f"{e / 10_000:g}" for e in edges)


def parse_edges(text: str) -> tuple[int, ...]:
    """'1, 10, 50' (in 10 000 CNY) -> (10000, 100000, 500000); ValueError when not ascending."""
    parts = [p for p in text.replace("，", ",").replace(";", ",").split(",") if p.strip()]
    edges = tuple(int(round(float(p.strip()) * 10_000)) for p in parts)
    if not edges or any(e <= 0 for e in edges) or list(edges) != sorted(set(edges)):
        raise ValueError(text)
    return edges


class AssetEdgesDialog(QDialog):
    def __init__(self, edges: tuple[int, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("Analysis", "Asset ranges (资产区间)"))
        self.edges = edges
        self.text = QLineEdit(format_edges(edges), objectName="assetEdges")
        self.error = QLabel(objectName="assetEdgesError")
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.text.setText(format_edges(pivot.DEFAULT_ASSET_EDGES)))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("Analysis", "Range edges in 10 000 CNY (万元), ascending, separated by "
                                                      "commas. For example 1, 10, 50 gives < 1万, 1万–10万, "
                                                      "10万–50万 and ≥ 50万.")))
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        try:
            self.edges = parse_edges(self.text.text())
        except ValueError:
            self.error.setText(translate("Analysis", "Enter positive numbers in ascending order."))
            return
        self.accept()


class MemberPicker(QDialog):
    """Tick the members of a dimension to keep. The members come from the server (a worker)."""

    def __init__(self, dimension: str, chosen: tuple, start: Callable[[Callable, Callable], Any],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.dimension = dimension
        self.chosen = tuple(chosen)
        self.setWindowTitle(translate("Analysis", "Filter: %1").replace("%1", field_label("dim", dimension)))
        self.resize(360, 460)
        self.search = QLineEdit(objectName="memberSearch", clearButtonEnabled=True)
        self.search.setPlaceholderText(translate("Analysis", "Search members…"))
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget(objectName="memberList")
        self.busy = QProgressBar(maximum=0, textVisible=False)
        self.busy.setFixedHeight(6)
        self.message = QLabel(objectName="memberMessage")
        self.message.setWordWrap(True)
        all_button = QPushButton(translate("Analysis", "All"), flat=True)
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button = QPushButton(translate("Analysis", "None"), flat=True)
        none_button.clicked.connect(lambda: self._check_all(False))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(all_button)
        row.addWidget(none_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.busy)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        start(self.set_members, self.failed)

    def set_members(self, members: list[tuple[Any, str]]) -> None:
        self.busy.hide()
        chosen = set(self.chosen)
        for key, label in members:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if not chosen or key in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if not members:
            self.message.setText(translate("Analysis", "No members in the selected period."))

    def failed(self, text: str) -> None:
        self.busy.hide()
        self.message.setText(text)

    def _filter(self, text: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(text) and text.lower() not in item.text().lower())

    def _check_all(self, on: bool) -> None:
        for i in range(self.list.count()):
            if not self.list.item(i).isHidden():
                self.list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked(self) -> tuple:
        items = [self.list.item(i) for i in range(self.list.count())]
        keys = tuple(i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked)
        return () if len(keys) == len(items) else keys      # everything ticked = no filter

    def _accept(self) -> None:
        if self.list.count() and not any(self.list.item(i).checkState() == Qt.CheckState.Checked
                                         for i in range(self.list.count())):
            self.message.setText(translate("Analysis", "Tick at least one member."))
            return
        if self.list.count():
            self.chosen = self.checked()
        self.accept()
