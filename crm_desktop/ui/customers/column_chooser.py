"""The Customers list's columns: which are visible, in which order and how wide, per user.

`install(tab)` restores the layout the staff member left (QSettings key
``customers/<login>/columns``) before the first query, so the list queries only the visible
columns; it remembers changes made in the chooser dialog ("Columns…" button, or the header's
context menu), by dragging header sections (order) and by resizing them (widths).
"""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMenu, QPushButton, QVBoxLayout, QWidget)

from crm_desktop.services.customer_query.columns import COLUMN_LIST, COLUMNS
from crm_desktop.services.customer_query.list_source import LIST_COLUMNS
from crm_desktop.ui.customers.features import CustomerList

KEY_ROLE = Qt.ItemDataRole.UserRole
MIN_WIDTH = 30


# Texts: `translate("ColumnChooser", "literal")`, so that pyside6-lupdate files them under that context.
translate = QCoreApplication.translate


def settings_key(login: str) -> str:
    return f"customers/{login}/columns"


def _lang() -> str:
    from crm_desktop.ui.admin.common import chinese_ui

    return "zh" if chinese_ui() else "en"


def clean_keys(keys) -> list[str]:
    """Allow-listed, listable column keys without duplicates (an old or edited setting may hold
    others); the default columns when nothing is left."""
    seen: list[str] = []
    for key in keys if isinstance(keys, (list, tuple)) else ():
        if isinstance(key, str) and key in COLUMNS and key not in seen:
            seen.append(key)
    return seen or list(LIST_COLUMNS)


class ColumnChooserDialog(QDialog):
    """A checkable list of every allow-listed column; Up / Down reorder. `chosen()`: the checked
    keys in list order."""

    def __init__(self, visible: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("columnChooserDialog")
        self.setWindowTitle(translate("ColumnChooser", "Columns"))
        lang = _lang()
        self.list = QListWidget(objectName="columnList")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        order = list(visible) + [c.key for c in COLUMN_LIST if c.key not in visible]
        for key in order:
            item = QListWidgetItem(COLUMNS[key].label(lang), self.list)
            item.setData(KEY_ROLE, key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsDragEnabled)
            item.setCheckState(Qt.CheckState.Checked if key in visible else Qt.CheckState.Unchecked)
        self.list.setCurrentRow(0)
        self.up_button = QPushButton(translate("ColumnChooser", "Up"), objectName="columnUp", autoDefault=False)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton(translate("ColumnChooser", "Down"), objectName="columnDown", autoDefault=False)
        self.down_button.clicked.connect(lambda: self.move(1))
        self.default_button = QPushButton(translate("ColumnChooser", "Defaults"), objectName="columnDefaults",
                                          autoDefault=False)
        self.default_button.clicked.connect(self.reset_to_defaults)
        side = QVBoxLayout()
        side.addWidget(self.up_button)
        side.addWidget(self.down_button)
        side.addStretch(1)
        side.addWidget(self.default_button)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(side)
        self.error_label = QLabel(objectName="columnError")
        self.error_label.setStyleSheet("color: #c9302c;")
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("ColumnChooser",
                                          "Tick the columns to show; Up / Down (or drag) to order them.")))
        layout.addLayout(body, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(360, 480)

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def set_checked(self, key: str, checked: bool) -> None:
        for item in self._items():
            if item.data(KEY_ROLE) == key:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def reset_to_defaults(self) -> None:
        defaults = list(LIST_COLUMNS)
        items = sorted(self._items(), key=lambda i: (defaults.index(i.data(KEY_ROLE))
                                                     if i.data(KEY_ROLE) in defaults else len(defaults)))
        keys = [i.data(KEY_ROLE) for i in items]
        self.list.clear()
        lang = _lang()
        for key in keys:
            item = QListWidgetItem(COLUMNS[key].label(lang), self.list)
            item.setData(KEY_ROLE, key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsDragEnabled)
            item.setCheckState(Qt.CheckState.Checked if key in defaults else Qt.CheckState.Unchecked)
        self.list.setCurrentRow(0)

    def chosen(self) -> list[str]:
        return [i.data(KEY_ROLE) for i in self._items() if i.checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        if not self.chosen():
            self.error_label.setText(translate("ColumnChooser", "Choose at least one column."))
            self.error_label.show()
            return
        super().accept()


class ColumnLayout(QObject):
    """Visible columns, order and widths of one CustomersTab, remembered per login."""

    def __init__(self, tab: CustomerList):
        super().__init__(tab)
        self.tab = tab
        self.header = tab.view.horizontalHeader()
        self.widths: dict[str, int] = {}
        self._applying = False
        self.dialog: ColumnChooserDialog | None = None
        self.button = QPushButton(translate("ColumnChooser", "Columns…"), objectName="columnsButton")
        self.button.setToolTip(translate("ColumnChooser", "Choose and order the list's columns"))
        self.button.clicked.connect(self.open_chooser)
        tab.tools.addWidget(self.button)
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.customContextMenuRequested.connect(self._header_menu)
        self.header.sectionMoved.connect(self._moved)
        self.header.sectionResized.connect(self._resized)
        self.restore()

    @property
    def login(self) -> str:
        return getattr(self.tab.info, "login", None) or getattr(self.tab.connector, "login", "")

    # settings ---------------------------------------------------------------------------------------
    def _read(self) -> dict:
        raw = QSettings().value(settings_key(self.login))
        try:
            data = json.loads(raw) if isinstance(raw, str) else {}
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    def save(self) -> None:
        data = {"visible": self.visual_keys(),
                "widths": {k: w for k, w in self.widths.items() if k in COLUMNS}}
        QSettings().setValue(settings_key(self.login), json.dumps(data))

    def restore(self) -> None:
        data = self._read()
        widths = data.get("widths")
        if isinstance(widths, dict):
            self.widths = {k: int(w) for k, w in widths.items()
                           if k in COLUMNS and isinstance(w, int) and not isinstance(w, bool)
                           and w >= MIN_WIDTH}
        keys = clean_keys(data["visible"]) if "visible" in data else list(LIST_COLUMNS)
        self.apply(keys, save=False)
        if self.widths:
            self.tab.keep_column_widths()

    # the header ---------------------------------------------------------------------------------------
    def model_keys(self) -> list[str]:
        return [c.key for c in self.tab.model.columns]

    def visual_keys(self) -> list[str]:
        """The visible columns in the order the user sees them (after dragging sections)."""
        keys = self.model_keys()
        return [keys[self.header.logicalIndex(v)] for v in range(self.header.count())
                if 0 <= self.header.logicalIndex(v) < len(keys)]

    def apply(self, keys: list[str], save: bool = True) -> None:
        """Show these columns in this order: a new model layout (and query), header moves undone,
        remembered widths and the sort indicator put back."""
        keys = clean_keys(keys)
        self._applying = True
        try:
            if keys != list(self.tab.visible_columns) or keys != self.model_keys():
                self.tab.set_visible_columns(keys)
            header = self.header
            for logical in range(header.count()):       # model order = what the user chose
                visual = header.visualIndex(logical)
                if visual != logical:
                    header.moveSection(visual, logical)
            for logical, key in enumerate(keys):
                if key in self.widths:
                    header.resizeSection(logical, self.widths[key])
            self._sort_indicator()
        finally:
            self._applying = False
        if save:
            self.save()

    def _sort_indicator(self) -> None:
        keys = self.model_keys()
        section = keys.index(self.tab.sort_column) if self.tab.sort_column in keys else -1
        order = Qt.SortOrder.DescendingOrder if self.tab.sort_descending else Qt.SortOrder.AscendingOrder
        self.header.blockSignals(True)
        self.header.setSortIndicator(section, order)
        self.header.blockSignals(False)
        self.header.viewport().update()

    def _moved(self, *_args) -> None:
        """A section dragged: the list's columns (export, saved layout) follow what the user sees;
        the model keeps its order until the columns change (no new query for a drag)."""
        if not self._applying:
            self.tab.visible_columns = tuple(self.visual_keys())
            self.save()

    def _resized(self, logical: int, _old: int, new: int) -> None:
        keys = self.model_keys()
        if self._applying or not 0 <= logical < len(keys) or new < MIN_WIDTH:
            return
        self.widths[keys[logical]] = new
        self.save()

    # choosing ---------------------------------------------------------------------------------------
    def open_chooser(self) -> ColumnChooserDialog:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = ColumnChooserDialog(self.visual_keys(), self.tab)
        self.dialog.accepted.connect(lambda: self.apply(self.dialog.chosen()))
        self.dialog.open()
        return self.dialog

    def toggle(self, key: str, visible: bool) -> None:
        keys = self.visual_keys()
        if visible and key not in keys:
            keys.append(key)
        elif not visible and key in keys and len(keys) > 1:
            keys.remove(key)
        self.apply(keys)

    def reset(self) -> None:
        self.widths = {}
        self.apply(list(LIST_COLUMNS))
        self.tab.fit_columns()

    def _header_menu(self, pos) -> None:
        self.header_menu(self.header.logicalIndexAt(pos)).popup(self.header.mapToGlobal(pos))

    def header_menu(self, section: int = -1) -> QMenu:
        lang = _lang()
        menu = QMenu(self.header)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        keys = self.visual_keys()
        if 0 <= section < len(self.model_keys()) and len(keys) > 1:
            key = self.model_keys()[section]
            label = COLUMNS[key].label(lang)
            menu.addAction(translate("ColumnChooser", "Hide “%1”").replace("%1", label),
                           lambda: self.toggle(key, False))
            menu.addSeparator()
        for column in COLUMN_LIST:
            action = menu.addAction(column.label(lang))
            action.setCheckable(True)
            action.setChecked(column.key in keys)
            action.setEnabled(not (column.key in keys and len(keys) == 1))
            action.toggled.connect(lambda on, k=column.key: self.toggle(k, on))
        menu.addSeparator()
        menu.addAction(translate("ColumnChooser", "Columns…"), self.open_chooser)
        menu.addAction(translate("ColumnChooser", "Reset columns"), self.reset)
        return menu


def install(tab: CustomerList) -> ColumnLayout:
    return ColumnLayout(tab)
