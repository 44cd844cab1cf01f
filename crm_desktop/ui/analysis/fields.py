"""The field list (dimensions and measures) and the four drop zones: rows, columns, values,
filters. Everything a drag does has a keyboard and context-menu equivalent:

* field list: Ctrl+1 / Ctrl+2 / Ctrl+3 / Ctrl+4 add the selected field to rows / columns /
  values / filters; Enter or a double-click adds it where it fits (dimension -> rows,
  measure -> values);
* a zone: Delete removes the selected chip, Ctrl+Up / Ctrl+Down move it, Ctrl+1..4 move it to
  another zone, Enter edits it (a value's function, a filter's members).

The widgets only report what the user asked for (signals); the tab owns the layout.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QDrag, QKeySequence, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMenu, QSizePolicy, QTreeWidget, QTreeWidgetItem, QWidget)

from crm_desktop.services import pivot
from crm_desktop.services.pivot_layout import ZONES, entry_payload, field_payload
from crm_desktop.ui.analysis.common import FIELD_MIME, func_label, lang, translate
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2


def zone_title(zone: str) -> str:
    return {"rows": translate("Analysis", "Rows"), "columns": translate("Analysis", "Columns"),
            "values": translate("Analysis", "Values"), "filters": translate("Analysis", "Filters")}[zone]


def _mime(payload: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(FIELD_MIME, QByteArray(payload.encode()))
    mime.setText(payload)
    return mime


def payload_of(mime: QMimeData) -> str | None:
    if not mime.hasFormat(FIELD_MIME):
        return None
    return bytes(mime.data(FIELD_MIME).data()).decode()


def _zone_actions(owner: QWidget, handler, *, include=ZONES) -> list[QAction]:
    actions = []
    for number, zone in enumerate(ZONES, start=1):
        if zone not in include:
            continue
        action = QAction(translate("Analysis", "Add to %1").replace("%1", zone_title(zone)), owner)
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _=False, z=zone: handler(z))
        actions.append(action)
    return actions


class FieldList(QTreeWidget):
    """Dimensions and measures, dragged into the zones."""

    add_requested = Signal(str, str, str)     # kind ('dim' | 'measure'), key, zone ('' = where it fits)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("analysisFields")
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setRootIsDecorated(False)
        self.setIndentation(12)
        language = lang()
        self.dimensions = QTreeWidgetItem(self, [translate("Analysis", "Dimensions")])
        self.measures = QTreeWidgetItem(self, [translate("Analysis", "Measures")])
        for top in (self.dimensions, self.measures):
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
        for dim in pivot.DIMENSION_LIST:
            item = QTreeWidgetItem(self.dimensions, [dim.label(language)])
            item.setData(0, KIND_ROLE, "dim")
            item.setData(0, KEY_ROLE, dim.key)
            item.setToolTip(0, dim.label("en") if language == "zh" else dim.label("zh"))
        for measure in pivot.MEASURE_LIST:
            item = QTreeWidgetItem(self.measures, [measure.label(language)])
            item.setData(0, KIND_ROLE, "measure")
            item.setData(0, KEY_ROLE, measure.key)
            item.setForeground(0, QColor("#1d5fa8"))
            item.setToolTip(0, measure.label("en") if language == "zh" else measure.label("zh"))
        self.expandAll()
        for action in _zone_actions(self, self._add_to):
            self.addAction(action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.itemDoubleClicked.connect(lambda item, _c: self._add_item(item, ""))

    def item_for(self, kind: str, key: str) -> QTreeWidgetItem | None:
        top = self.dimensions if kind == "dim" else self.measures
        for i in range(top.childCount()):
            if top.child(i).data(0, KEY_ROLE) == key:
                return top.child(i)
        return None

    def select(self, kind: str, key: str) -> None:
        item = self.item_for(kind, key)
        if item is not None:
            self.setCurrentItem(item)

    def mimeData(self, items) -> QMimeData:  # noqa: N802 - Qt API
        item = items[0] if items else None
        if item is None or item.data(0, KIND_ROLE) is None:
            return QMimeData()
        return _mime(field_payload(item.data(0, KIND_ROLE), item.data(0, KEY_ROLE)))

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt API
        return [FIELD_MIME]

    def _add_item(self, item: QTreeWidgetItem | None, zone: str) -> None:
        if item is not None and item.data(0, KIND_ROLE) is not None:
            self.add_requested.emit(item.data(0, KIND_ROLE), item.data(0, KEY_ROLE), zone)

    def _add_to(self, zone: str) -> None:
        self._add_item(self.currentItem(), zone)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._add_item(self.currentItem(), "")
            return
        super().keyPressEvent(event)

    def _menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None or item.data(0, KIND_ROLE) is None:
            return
        self.setCurrentItem(item)
        menu = QMenu(self)
        kind = item.data(0, KIND_ROLE)
        for action in self.actions():
            text = action.text()
            if kind == "measure" and zone_title("values") not in text:
                continue
            if kind == "dim" and zone_title("values") in text:
                continue
            menu.addAction(action)
        menu.exec(self.viewport().mapToGlobal(pos))


class ElidedLabel(QLabel):
    """A one-line label that, when narrower than its text, ends in "…" (never cut mid-character
    like "总资产(期末") and shows the whole text as its tooltip."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.full_text = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("…") * 3)
        self._elide()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self.full_text) + 4, hint.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(1, self.width()))
        self.setText(shown)
        self.setToolTip(self.full_text if shown != self.full_text else "")


class ValueChip(QWidget):
    """A value in the values zone: the measure and a function picker."""

    func_changed = Signal(str)

    def __init__(self, value: pivot.Value, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 1, 2, 1)
        layout.setSpacing(4)
        measure = pivot.MEASURES[value.measure]
        self.label = ElidedLabel(measure.label(lang()))
        layout.addWidget(self.label, 1)
        self.func = QComboBox(objectName="valueFunction")
        for func in measure.funcs:
            self.func.addItem(func_label(func), func)
        self.func.setCurrentIndex(max(0, self.func.findData(value.func)))
        self.func.setEnabled(len(measure.funcs) > 1)
        self.func.setMinimumContentsLength(3)
        self.func.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.func.currentIndexChanged.connect(lambda _: self.func_changed.emit(self.func.currentData()))
        layout.addWidget(self.func)


class Zone(QListWidget):
    """One drop zone. Entries are (kind, key, text) rows; the tab sets them with set_entries()."""

    dropped = Signal(str, str, int)           # payload, this zone, insert row
    remove_requested = Signal(str, int)       # zone, row
    move_requested = Signal(str, int, int)    # zone, row, delta (-1 up, +1 down)
    move_to_requested = Signal(str, int, str)  # zone, row, target zone
    edit_requested = Signal(str, int)         # zone, row (a filter's members, a value's function)
    func_changed = Signal(int, str)           # row, function (values zone)

    def __init__(self, zone: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.zone = zone
        self.setObjectName(f"zone_{zone}")
        self.setAcceptDrops(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSpacing(1)
        self.setMinimumHeight(64)
        self.setStyleSheet("QListWidget::item { border: 1px solid #c9d3e0; border-radius: 3px; "
                           "background: #f4f7fb; padding: 2px; }"
                           "QListWidget::item:selected { background: #d7e5f7; color: black; }")
        self.entries: list[tuple[str, str]] = []
        self._placeholder = {
            "rows": translate("Analysis", "Drag dimensions here (rows)"),
            "columns": translate("Analysis", "Drag dimensions here (columns)"),
            "values": translate("Analysis", "Drag measures here"),
            "filters": translate("Analysis", "Drag dimensions here to filter by their members"),
        }[zone]
        remove = QAction(translate("Analysis", "Remove"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(lambda: self._emit_current(self.remove_requested))
        up = QAction(translate("Analysis", "Move up"), self, shortcut=QKeySequence("Ctrl+Up"))
        up.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        up.triggered.connect(lambda: self._move(-1))
        down = QAction(translate("Analysis", "Move down"), self, shortcut=QKeySequence("Ctrl+Down"))
        down.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        down.triggered.connect(lambda: self._move(1))
        self.edit_action = QAction(translate("Analysis", "Edit…"), self)
        self.edit_action.triggered.connect(lambda: self._emit_current(self.edit_requested))
        self.basic_actions = [remove, up, down]
        targets = [z for z in ZONES if z != zone and (z == "values") == (zone == "values")]
        self.move_actions = []
        for number, target in enumerate(ZONES, start=1):
            if target not in targets:
                continue
            action = QAction(translate("Analysis", "Move to %1").replace("%1", zone_title(target)), self,
                             shortcut=QKeySequence(f"Ctrl+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, t=target: self._move_to(t))
            self.move_actions.append(action)
        for action in self.basic_actions + self.move_actions:
            self.addAction(action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.itemDoubleClicked.connect(lambda item: self.edit_requested.emit(self.zone, self.row(item)))

    # content ------------------------------------------------------------------------------------
    def set_entries(self, entries: list[tuple[str, str, str]], values: list[pivot.Value] | None = None) -> None:
        """entries: (kind, key, text); values: the values zone's Value per entry (function chips)."""
        current = self.currentRow()
        self.clear()
        self.entries = [(kind, key) for kind, key, _ in entries]
        for row, (kind, key, text) in enumerate(entries):
            item = QListWidgetItem(text)
            item.setData(KIND_ROLE, kind)
            item.setData(KEY_ROLE, key)
            item.setToolTip(text)
            self.addItem(item)
            if values is not None and row < len(values):
                item.setText("")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
                chip = ValueChip(values[row])
                chip.func_changed.connect(lambda func, r=row: self.func_changed.emit(r, func))
                item.setSizeHint(chip.sizeHint())
                self.setItemWidget(item, chip)
        if self.count():
            self.setCurrentRow(min(max(current, 0), self.count() - 1))

    def chip(self, row: int) -> ValueChip | None:
        item = self.item(row)
        widget = self.itemWidget(item) if item is not None else None
        return widget if isinstance(widget, ValueChip) else None

    # keyboard and menu ----------------------------------------------------------------------------
    def _emit_current(self, signal) -> None:
        row = self.currentRow()
        if 0 <= row < self.count():
            signal.emit(self.zone, row)

    def _move(self, delta: int) -> None:
        row = self.currentRow()
        if 0 <= row < self.count() and 0 <= row + delta < self.count():
            self.move_requested.emit(self.zone, row, delta)

    def _move_to(self, target: str) -> None:
        row = self.currentRow()
        if 0 <= row < self.count():
            self.move_to_requested.emit(self.zone, row, target)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self._emit_current(self.edit_requested)
            return
        super().keyPressEvent(event)

    def _menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        self.setCurrentItem(item)
        menu = QMenu(self)
        if self.zone in ("values", "filters"):
            menu.addAction(self.edit_action)
        for action in self.basic_actions + self.move_actions:
            menu.addAction(action)
        menu.exec(self.viewport().mapToGlobal(pos))

    # drag and drop ----------------------------------------------------------------------------------
    def startDrag(self, actions) -> None:  # noqa: N802 - Qt API
        row = self.currentRow()
        if row < 0:
            return
        drag = QDrag(self)
        drag.setMimeData(_mime(entry_payload(self.zone, row)))
        drag.exec(Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, Qt.DropAction.CopyAction)

    def _accepts(self, event) -> bool:
        payload = payload_of(event.mimeData())
        return payload is not None

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._accepts(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._accepts(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def drop_row(self, pos: QPoint) -> int:
        item = self.itemAt(pos)
        if item is None:
            return self.count()
        row = self.row(item)
        rect = self.visualItemRect(item)
        return row + 1 if pos.y() > rect.center().y() else row

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        payload = payload_of(event.mimeData())
        if payload is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.dropped.emit(payload, self.zone, self.drop_row(event.position().toPoint()))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if self.count() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(QColor("#8a8f98"))
            painter.drawText(self.viewport().rect().adjusted(6, 4, -6, -4),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self._placeholder)
            painter.end()
