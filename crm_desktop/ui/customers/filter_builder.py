"""过滤数据 The filter builder: AND / OR groups of conditions over the allow-listed columns, and
saved filters per user.

The dialog edits a tree of services.customer_query.filters.Group / Condition. It never builds
SQL: columns and operators come from the engine's allow-list (customer_query.columns.COLUMN_LIST,
Column.ops), values are plain Python values that the engine binds as parameters, and OK
validates the tree with the engine (customer_query.query.validate) before the list runs it.
Saved filters are read and written by workers (customer_query.saved_filters) on the staff
member's own connection.

`install(tab)` puts the builder on a CustomersTab: a "Filter…" button showing how many
conditions are active, a saved-filters menu, the chips bar under the tools row and Ctrl+Shift+F.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QEvent, QObject, QRegularExpression, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QDialog,
                               QDialogButtonBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMenu, QMessageBox, QPlainTextEdit, QPushButton,
                               QScrollArea, QSpinBox, QToolButton, QVBoxLayout, QWidget)

from crm_desktop.services.customer_query import columns as list_columns
from crm_desktop.services.customer_query import saved_filters
from crm_desktop.services.customer_query.filters import Condition, Group, Node
from crm_desktop.services.customer_query.list_source import can_see_pool
from crm_desktop.services.customer_query.query import CustomerQuery, validate
from crm_desktop.services.customer_query.values import MAX_TEXT, coerce_value
from crm_desktop.services.customer_query.words import value_label
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui.customers.features import CustomerList
from crm_desktop.ui.customers.filter_chips import FilterChips
from crm_desktop.ui.customers.filter_text import count_conditions, display_text, is_empty, ui_lang
from crm_desktop.ui.messages import error_text, refusal_text

NO_VALUE_OPS = frozenset({"empty", "not_empty"})
MAX_DEPTH = 4               # nested group levels offered (the engine accepts 20)
LIST_SPLIT = re.compile(r"[,\n\r，、;；]")


# Texts: `translate("FilterBuilder", "literal")`, so that pyside6-lupdate files them under that context.
translate = QCoreApplication.translate


# Value editors ----------------------------------------------------------------------------------

def _to_qdate(value: Any) -> QDate | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return QDate(value.year, value.month, value.day)
    if isinstance(value, str):
        for fmt in ("yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "yyyy.MM.dd"):
            date = QDate.fromString(value.strip()[:10] if fmt == "yyyy-MM-dd" else value.strip(), fmt)
            if date.isValid():
                return date
    return None


def _to_qdatetime(value: Any) -> QDateTime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone().replace(tzinfo=None)
        return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute, value.second))
    if isinstance(value, dt.date):
        return QDateTime(QDate(value.year, value.month, value.day), QTime(0, 0))
    return None


class ValueEditor(QWidget):
    """The value part of one condition, suited to the column's type and the operator:
    none (empty / not empty), text, whole number, amount in yuan, date (QDateEdit), date and
    time, an enumeration (combo of labels), yes / no, a list (`in`: check boxes for
    enumerations, else values separated by commas or new lines), MMDD (birthday_md) or a number
    of days (birthday_next). `between` shows two editors."""

    def __init__(self, column: list_columns.Column, op: str, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.column, self.op, self.lang = column, op, lang
        self.kind = self._kind()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.first: QWidget | None = None
        self.second: QWidget | None = None
        self.checks: list[QCheckBox] = []
        if self.kind == "none":
            layout.addStretch(1)
        elif self.kind == "checks":
            for code in column.values:
                box = QCheckBox(value_label(column.key, code, lang), objectName="valueCheck")
                box.setProperty("code", code)
                self.checks.append(box)
                layout.addWidget(box)
            layout.addStretch(1)
        else:
            self.first = self._make_editor("valueEdit")
            layout.addWidget(self.first, 1)
            if op == "between":
                layout.addWidget(QLabel(translate("FilterBuilder", "and")))
                self.second = self._make_editor("valueEdit2")
                layout.addWidget(self.second, 1)
            if self.kind == "money":
                layout.addWidget(QLabel(translate("FilterBuilder", "yuan")))

    def _kind(self) -> str:
        col, op = self.column, self.op
        if op in NO_VALUE_OPS:
            return "none"
        if op == "birthday_md":
            return "md"
        if op == "birthday_next":
            return "days"
        if op == "in":
            return "checks" if col.values is not None else "list"
        if col.values is not None:
            return "enum"
        return {list_columns.BOOL: "bool", list_columns.DATE: "date", list_columns.DATETIME: "datetime",
                list_columns.MONEY: "money", list_columns.NUMBER: "number"}.get(col.type, "text")

    def _make_editor(self, name: str) -> QWidget:
        kind = self.kind
        if kind == "list":
            edit = QPlainTextEdit(objectName=name)
            edit.setTabChangesFocus(True)
            edit.setPlaceholderText(translate("FilterBuilder", "Values separated by commas or new lines"))
            edit.setFixedHeight(58)
            return edit
        if kind == "enum":
            combo = QComboBox(objectName=name)
            for code in self.column.values:
                combo.addItem(value_label(self.column.key, code, self.lang), code)
            return combo
        if kind == "bool":
            combo = QComboBox(objectName=name)
            combo.addItem(translate("FilterBuilder", "Yes"), True)
            combo.addItem(translate("FilterBuilder", "No"), False)
            return combo
        if kind == "date":
            edit = QDateEdit(QDate.currentDate(), objectName=name, calendarPopup=True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(QDate(1900, 1, 1))
            return edit
        if kind == "datetime":
            edit = QDateTimeEdit(QDateTime(QDate.currentDate(), QTime(0, 0)), objectName=name, calendarPopup=True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            return edit
        if kind == "days":
            spin = QSpinBox(objectName=name)
            spin.setRange(0, 366)
            spin.setValue(7)
            spin.setSuffix(translate("FilterBuilder", " days"))
            return spin
        edit = QLineEdit(objectName=name)
        edit.setMaxLength(MAX_TEXT)
        if kind == "md":
            edit.setPlaceholderText(translate("FilterBuilder", "MMDD, e.g. 0316"))
            edit.setMaxLength(5)
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,2}[-/.]?\d{0,2}"), edit))
        elif kind == "number":
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[-+]?\d{0,18}"), edit))
        elif kind == "money":
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[-+]?\d{0,15}(\.\d{0,2})?"), edit))
            edit.setPlaceholderText(translate("FilterBuilder", "amount in yuan"))
        return edit

    # values in the engine's terms ------------------------------------------------------------------
    def _one(self, widget: QWidget | None) -> Any:
        kind = self.kind
        if widget is None:
            return None
        if kind in ("enum", "bool"):
            return widget.currentData()
        if kind == "date":
            return widget.date().toPython()
        if kind == "datetime":
            return widget.dateTime().toPython().replace(microsecond=0)
        if kind == "days":
            return widget.value()
        if kind == "list":
            items = [part.strip() for part in LIST_SPLIT.split(widget.toPlainText())]
            values = [self._scalar(item) for item in items if item]
            return values or None
        return self._scalar(widget.text().strip()) if widget.text().strip() else None

    def _scalar(self, text: str) -> Any:
        """Text typed for one value: numbers as int, yuan as cents; anything the engine would
        refuse is passed on as typed, so the engine's message names it."""
        if self.kind == "number" or (self.kind == "list" and self.column.type == list_columns.NUMBER):
            return int(text) if re.fullmatch(r"[-+]?\d{1,18}", text) else text
        if self.kind == "money" or (self.kind == "list" and self.column.unit == "cents"):
            try:
                cents = Decimal(text.replace(",", "")) * 100
            except InvalidOperation:
                return text
            return int(cents) if cents == cents.to_integral_value() else text
        return text

    def values(self) -> tuple[Any, Any]:
        """(value, value2); a missing value is None."""
        if self.kind == "none":
            return None, None
        if self.kind == "checks":
            chosen = [box.property("code") for box in self.checks if box.isChecked()]
            return (chosen or None), None
        return self._one(self.first), self._one(self.second)

    def missing(self) -> bool:
        if self.kind == "none":
            return False
        value, value2 = self.values()
        return value is None or (self.second is not None and value2 is None)

    def set_values(self, value: Any, value2: Any = None) -> None:
        if self.kind == "checks":
            chosen = set(value) if isinstance(value, (list, tuple)) else {value}
            for box in self.checks:
                box.setChecked(box.property("code") in chosen)
            return
        self._set_one(self.first, value)
        self._set_one(self.second, value2)

    def _set_one(self, widget: QWidget | None, value: Any) -> None:
        if widget is None or value is None:
            return
        kind = self.kind
        if kind in ("enum", "bool"):
            if kind == "bool" and not isinstance(value, bool):
                try:
                    value = coerce_value(self.column, value)
                except CrmRefusal:
                    return
            index = widget.findData(value)
            if index >= 0:
                widget.setCurrentIndex(index)
        elif kind == "date":
            date = _to_qdate(value)
            if date is not None:
                widget.setDate(date)
        elif kind == "datetime":
            moment = _to_qdatetime(value)
            if moment is not None:
                widget.setDateTime(moment)
        elif kind == "days":
            try:
                widget.setValue(int(value))
            except (TypeError, ValueError):
                pass
        elif kind == "list":
            items = value if isinstance(value, (list, tuple)) else [value]
            widget.setPlainText("\n".join(self._text(v) for v in items))
        else:
            widget.setText(self._text(value))

    def _text(self, value: Any) -> str:
        if self.column.unit == "cents" and isinstance(value, int) and not isinstance(value, bool):
            return f"{Decimal(value) / 100:f}"
        return str(value)

    def focus(self) -> None:
        target = self.first or (self.checks[0] if self.checks else None)
        if target is not None:
            target.setFocus()


# Rows and groups --------------------------------------------------------------------------------

class ConditionRow(QFrame):
    """column · operator · value(s) · ×"""

    remove_requested = Signal(object)

    def __init__(self, lang: str, condition: Condition | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conditionRow")
        self.lang = lang
        self.column_combo = QComboBox(objectName="columnCombo")
        for col in list_columns.COLUMN_LIST:
            if col.filterable:
                self.column_combo.addItem(col.label(lang), col.key)
        self.column_combo.setMaxVisibleItems(len(list_columns.COLUMN_LIST))
        self.op_combo = QComboBox(objectName="opCombo")
        self.remove_button = QToolButton(objectName="removeCondition", text="×", autoRaise=True)
        self.remove_button.setToolTip(translate("FilterBuilder", "Remove this condition"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.editor: ValueEditor | None = None
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(2, 1, 2, 1)
        self._layout.addWidget(self.column_combo)
        self._layout.addWidget(self.op_combo)
        self._layout.addWidget(self.remove_button)
        self.column_combo.currentIndexChanged.connect(self._column_changed)
        self.op_combo.currentIndexChanged.connect(self._op_changed)
        self._column_changed()
        if condition is not None:
            self.set_condition(condition)

    @property
    def column(self) -> list_columns.Column:
        return list_columns.COLUMNS[self.column_combo.currentData()]

    @property
    def op(self) -> str:
        return self.op_combo.currentData()

    def _column_changed(self) -> None:
        previous = self.op
        self.op_combo.blockSignals(True)
        self.op_combo.clear()
        for op in self.column.ops:
            en, zh = list_columns.OP_LABELS.get(op, (op, op))
            self.op_combo.addItem(zh if self.lang == "zh" else en, op)
        index = self.op_combo.findData(previous)
        self.op_combo.setCurrentIndex(max(index, 0))
        self.op_combo.blockSignals(False)
        self._op_changed(keep=False)

    def _op_changed(self, *_args, keep: bool = True) -> None:
        old = self.editor
        carry = old.values() if keep and old is not None else (None, None)
        old_kind = old.kind if old is not None else None
        editor = ValueEditor(self.column, self.op, self.lang, self)
        if old is not None:
            self._layout.replaceWidget(old, editor)
            old.hide()
            old.deleteLater()
        else:
            self._layout.insertWidget(2, editor, 1)
        self.editor = editor
        # Same kind of editor (e.g. = -> contains), or one value -> a list: keep what was entered.
        if keep and (old_kind == editor.kind or (old_kind in ("text", "enum") and editor.kind in ("list", "checks"))):
            editor.set_values(*carry)
        self.mark_error(False)

    def set_condition(self, condition: Condition) -> None:
        index = self.column_combo.findData(condition.column)
        if index < 0:
            raise ValueError(condition.column)
        self.column_combo.setCurrentIndex(index)
        op_index = self.op_combo.findData(condition.op)
        if op_index >= 0:
            self.op_combo.setCurrentIndex(op_index)
        self.editor.set_values(condition.value, condition.value2)

    def condition(self) -> Condition:
        value, value2 = self.editor.values()
        return Condition(self.column.key, self.op, value, value2)

    def missing_value(self) -> bool:
        return self.editor.missing()

    def mark_error(self, on: bool) -> None:
        self.setStyleSheet("QFrame#conditionRow { border: 1px solid #d9534f; border-radius: 3px; }" if on else "")

    def focus(self) -> None:
        self.editor.focus() if self.editor.kind != "none" else self.column_combo.setFocus()


class FixedConditionRow(QFrame):
    """A condition the builder cannot edit (e.g. membership of a customer group, set from the
    groups pane): shown as text, kept as it is, removable."""

    remove_requested = Signal(object)

    def __init__(self, lang: str, condition: Condition, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fixedConditionRow")
        self._condition = condition
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 1, 2, 1)
        label = QLabel(display_text(condition, lang), objectName="fixedCondition")
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label, 1)
        remove = QToolButton(objectName="removeCondition", text="×", autoRaise=True)
        remove.setToolTip(translate("FilterBuilder", "Remove this condition"))
        remove.clicked.connect(lambda: self.remove_requested.emit(self))
        layout.addWidget(remove)

    def condition(self) -> Condition:
        return self._condition

    def missing_value(self) -> bool:
        return False

    def mark_error(self, on: bool) -> None:
        pass

    def focus(self) -> None:
        pass


class GroupEditor(QFrame):
    """All of / any of: condition rows and nested groups."""

    remove_requested = Signal(object)
    changed = Signal()

    def __init__(self, lang: str, depth: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang, self.depth = lang, depth
        self.setObjectName("groupEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel if depth else QFrame.Shape.NoFrame)
        self.mode_combo = QComboBox(objectName="modeCombo")
        self.mode_combo.addItem(translate("FilterBuilder", "All of these conditions (AND)"), "and")
        self.mode_combo.addItem(translate("FilterBuilder", "Any of these conditions (OR)"), "or")
        self.add_condition_button = QPushButton(translate("FilterBuilder", "+ Condition"), objectName="addCondition",
                                                autoDefault=False)
        self.add_condition_button.clicked.connect(lambda: self.add_condition().focus())
        self.add_group_button = QPushButton(translate("FilterBuilder", "+ Group"), objectName="addGroup",
                                            autoDefault=False)
        self.add_group_button.setToolTip(
            translate("FilterBuilder", "A nested group: combine conditions with the other of AND / OR"))
        self.add_group_button.clicked.connect(lambda: self.add_group())
        self.add_group_button.setEnabled(depth < MAX_DEPTH)
        head = QHBoxLayout()
        head.addWidget(self.mode_combo)
        head.addStretch(1)
        if depth:
            remove = QToolButton(objectName="removeGroup", text="×", autoRaise=True)
            remove.setToolTip(translate("FilterBuilder", "Remove this group"))
            remove.clicked.connect(lambda: self.remove_requested.emit(self))
            head.addWidget(remove)
        self.items_layout = QVBoxLayout()
        self.items_layout.setContentsMargins(16 if depth else 0, 0, 0, 0)
        self.items_layout.setSpacing(2)
        foot = QHBoxLayout()
        foot.setContentsMargins(16 if depth else 0, 0, 0, 0)
        foot.addWidget(self.add_condition_button)
        foot.addWidget(self.add_group_button)
        foot.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4) if depth else layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(self.items_layout)
        layout.addLayout(foot)
        self.items: list[QWidget] = []

    @property
    def mode(self) -> str:
        return self.mode_combo.currentData()

    def add_condition(self, condition: Condition | None = None) -> QWidget:
        if condition is not None and condition.column not in list_columns.COLUMNS:
            row: QWidget = FixedConditionRow(self.lang, condition, self)
        else:
            row = ConditionRow(self.lang, condition, self)
        return self._add(row)

    def add_group(self, group: Group | None = None) -> "GroupEditor":
        editor = GroupEditor(self.lang, self.depth + 1, self)
        if group is not None:
            editor.set_group(group)
        else:
            editor.mode_combo.setCurrentIndex(1 if self.mode == "and" else 0)   # the other one
            editor.add_condition()
        return self._add(editor)

    def _add(self, widget):
        widget.remove_requested.connect(self.remove_item)
        self.items.append(widget)
        self.items_layout.addWidget(widget)
        self.changed.emit()
        return widget

    def remove_item(self, widget: QWidget) -> None:
        if widget in self.items:
            self.items.remove(widget)
            self.items_layout.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
            self.changed.emit()

    def clear(self) -> None:
        for widget in list(self.items):
            self.remove_item(widget)

    def set_group(self, group: Group) -> None:
        self.clear()
        self.mode_combo.setCurrentIndex(1 if group.mode == "or" else 0)
        for item in group.items:
            if isinstance(item, Group):
                if self.depth < MAX_DEPTH:
                    self.add_group(item)
                else:                                   # deeper than offered: flatten nothing, keep as text
                    self._add(_FixedGroupRow(self.lang, item, self))
            else:
                self.add_condition(item)

    def group(self) -> Group:
        """The tree as edited; groups left empty are dropped."""
        items: list[Node] = []
        for widget in self.items:
            if isinstance(widget, GroupEditor):
                sub = widget.group()
                if sub.items:
                    items.append(sub)
            else:
                items.append(widget.condition())
        return Group(self.mode, items)

    def rows(self) -> Iterator[QWidget]:
        for widget in self.items:
            if isinstance(widget, GroupEditor):
                yield from widget.rows()
            else:
                yield widget


class _FixedGroupRow(FixedConditionRow):
    """A group nested deeper than the builder offers (from a saved filter): kept as text."""

    def __init__(self, lang: str, group: Group, parent: QWidget | None = None):
        super().__init__(lang, group, parent)   # display_text handles groups too


# The dialog ---------------------------------------------------------------------------------------

def _list_saved(ctx, connector) -> list[saved_filters.SavedFilter]:
    return saved_filters.list_filters(ctx.watch(connector.connection()))


def _save(ctx, connector, name: str, definition: dict) -> saved_filters.SavedFilter:
    return saved_filters.save_filter(ctx.watch(connector.connection()), name, definition)


def _load(ctx, connector, filter_id: int) -> saved_filters.LoadedFilter:
    return saved_filters.load_filter(ctx.watch(connector.connection()), filter_id)


def _rename(ctx, connector, filter_id: int, name: str) -> saved_filters.SavedFilter:
    return saved_filters.rename_filter(ctx.watch(connector.connection()), filter_id, name)


def _delete(ctx, connector, filter_id: int) -> int:
    saved_filters.delete_filter(ctx.watch(connector.connection()), filter_id)
    return filter_id


ID_ROLE = Qt.ItemDataRole.UserRole


class FilterBuilderDialog(QDialog):
    """Edit the list's filter; OK validates it with the query engine (the dialog stays open with
    a message naming the problem). The result: `result_node` (None: no filter), `result_search`,
    `result_pool`. Enter = OK, Esc = Cancel."""

    saved_filters_changed = Signal(list)     # the staff member's saved filters after a change

    def __init__(self, runner, connector, node: Node | None = None, search: str = "",
                 public_pool_only: bool = False, show_pool: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.connector = runner, connector
        self.lang = ui_lang()
        self.setObjectName("filterBuilderDialog")
        self.setWindowTitle(translate("FilterBuilder", "Filter customers (过滤数据)"))
        self.resize(980, 520)
        self.result_node: Node | None = None
        self.result_search = ""
        self.result_pool = False
        self.confirm = self._ask     # replaced in tests

        self.root = GroupEditor(self.lang, 0)
        scroll = QScrollArea(objectName="filterScroll", widgetResizable=True)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addWidget(self.root)
        holder_layout.addStretch(1)
        scroll.setWidget(holder)

        self.search_edit = QLineEdit(objectName="builderSearch", clearButtonEnabled=True)
        self.search_edit.setPlaceholderText(translate("FilterBuilder", "Account number, mobile, ID number or name…"))
        self.pool_check = QCheckBox(translate("FilterBuilder", "Public pool only (公有客户)"),
                                    objectName="builderPool")
        self.pool_check.setVisible(show_pool)
        together = QFormLayout()
        together.addRow(translate("FilterBuilder", "Quick search:"), self.search_edit)
        together.addRow("", self.pool_check)

        self.error_label = QLabel(objectName="filterError", wordWrap=True)
        self.error_label.setStyleSheet("color: #c9302c;")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()

        editor = QVBoxLayout()
        editor.addWidget(scroll, 1)
        editor.addLayout(together)
        editor.addWidget(self.error_label)

        # saved filters
        self.saved_list = QListWidget(objectName="savedFilterList")
        self.saved_list.itemDoubleClicked.connect(lambda _: self.load_selected())
        self.saved_list.currentItemChanged.connect(self._saved_selected)
        self.saved_list.itemChanged.connect(self._saved_renamed)
        self.saved_list.installEventFilter(self)          # Enter on a saved filter loads it
        self.name_edit = QLineEdit(objectName="savedFilterName", maxLength=saved_filters.MAX_NAME)
        self.name_edit.setPlaceholderText(translate("FilterBuilder", "Name of the filter"))
        self.save_button = QPushButton(translate("FilterBuilder", "Save"), objectName="saveFilter", autoDefault=False)
        self.save_button.setToolTip(translate(
            "FilterBuilder", "Save the filter under this name (a saved filter with the same name is replaced)"))
        self.save_button.clicked.connect(lambda: self.save_as())
        self.load_button = QPushButton(translate("FilterBuilder", "Load"), objectName="loadFilter", autoDefault=False)
        self.load_button.clicked.connect(lambda: self.load_selected())
        self.rename_button = QPushButton(translate("FilterBuilder", "Rename"), objectName="renameFilter",
                                         autoDefault=False)
        self.rename_button.clicked.connect(lambda: self.rename_selected())
        self.delete_button = QPushButton(translate("FilterBuilder", "Delete"), objectName="deleteFilter",
                                         autoDefault=False)
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.saved_status = QLabel(objectName="savedStatus", wordWrap=True)
        self.saved_status.setTextFormat(Qt.TextFormat.PlainText)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_edit, 1)
        name_row.addWidget(self.save_button)
        actions = QHBoxLayout()
        for button in (self.load_button, self.rename_button, self.delete_button):
            actions.addWidget(button)
        saved_box = QGroupBox(translate("FilterBuilder", "Saved filters"), objectName="savedFilters")
        saved_layout = QVBoxLayout(saved_box)
        saved_layout.addWidget(self.saved_list, 1)
        saved_layout.addLayout(actions)
        saved_layout.addLayout(name_row)
        saved_layout.addWidget(self.saved_status)
        saved_box.setFixedWidth(280)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.clear_button = self.buttons.addButton(translate("FilterBuilder", "Clear all"),
                                                   QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.setObjectName("clearFilter")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addLayout(editor, 1)
        body.addWidget(saved_box)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self._update_saved_buttons()
        self.set_state(node, search, public_pool_only)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.saved_list and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.saved_list.state() != QAbstractItemView.State.EditingState:
            self.load_selected()
            return True                       # not the dialog's OK
        return super().eventFilter(watched, event)

    # the tree -------------------------------------------------------------------------------------
    def set_state(self, node: Node | None, search: str = "", public_pool_only: bool = False) -> None:
        """Show a filter (and the search text and pool toggle that go with it)."""
        self.set_node(node)
        self.search_edit.setText(search or "")
        self.pool_check.setChecked(bool(public_pool_only) and not self.pool_check.isHidden())
        self.show_error("")

    def set_node(self, node: Node | None) -> None:
        if isinstance(node, Group):
            self.root.set_group(node)
        else:
            self.root.set_group(Group("and", [node] if node is not None else []))
        if not self.root.items:
            self.root.add_condition()

    def clear(self) -> None:
        self.root.set_group(Group("and", []))
        self.root.add_condition()
        self.show_error("")

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _row_problem(self, row: QWidget) -> str | None:
        if row.missing_value():
            label = row.column.label(self.lang) if isinstance(row, ConditionRow) else ""
            return translate("FilterBuilder", "Enter a value for “%1”.").replace("%1", label)
        try:
            validate(CustomerQuery(filter=row.condition()))
        except CrmRefusal as refusal:
            return refusal_text(refusal)
        return None

    def validated(self) -> tuple[bool, Node | None]:
        """(ok, the tree) with problems shown in the dialog. A row left completely untouched
        (the empty row a new filter starts with) counts as no condition."""
        rows = list(self.root.rows())
        for row in rows:
            row.mark_error(False)
        if len(rows) == 1 and isinstance(rows[0], ConditionRow) and rows[0].missing_value() \
                and rows[0].editor.kind != "none" and rows[0].parent() is self.root:
            node = None                      # nothing entered at all
        else:
            for row in rows:
                problem = self._row_problem(row)
                if problem:
                    row.mark_error(True)
                    row.focus()
                    self.show_error(problem)
                    return False, None
            node = self.root.group()
            node = None if is_empty(node) else node
        try:
            validate(CustomerQuery(filter=node, search=self.search_edit.text().strip(),
                                                       public_pool_only=self.pool_check.isChecked()))
        except CrmRefusal as refusal:
            self.show_error(refusal_text(refusal))
            return False, None
        self.show_error("")
        return True, node

    def accept(self) -> None:
        ok, node = self.validated()
        if not ok:
            return
        self.result_node = node
        self.result_search = self.search_edit.text().strip()
        self.result_pool = self.pool_check.isChecked()
        super().accept()

    # saved filters -------------------------------------------------------------------------------
    def _run(self, fn, *args, on_success) -> None:
        self.saved_status.setText(translate("FilterBuilder", "Working…"))
        self.runner.run(fn, self.connector, *args, on_success=on_success, on_failure=self._saved_failed)

    def _saved_failed(self, error: BaseException) -> None:
        self.saved_status.setText(error_text(error))

    def refresh_saved(self, select: str | None = None) -> None:
        self.runner.run(_list_saved, self.connector, key=f"saved-filters-{id(self)}",
                        on_success=lambda rows: self._show_saved(rows, select), on_failure=self._saved_failed)

    def _show_saved(self, rows: list, select: str | None) -> None:
        current = select or (self.saved_list.currentItem().text() if self.saved_list.currentItem() else None)
        self.saved_list.blockSignals(True)
        self.saved_list.clear()
        for saved in rows:
            item = QListWidgetItem(saved.name, self.saved_list)
            item.setData(ID_ROLE, saved.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            try:
                node, search, _ = saved_filters.parse_definition(saved.definition, saved.name)
                tip = display_text(node, self.lang) or translate("FilterBuilder", "(no conditions)")
                if search:
                    tip += "\n" + translate("FilterBuilder", "Quick search: %1").replace("%1", search)
            except CrmRefusal as refusal:
                tip = refusal_text(refusal)
            item.setToolTip(tip)
            if saved.name == current:
                self.saved_list.setCurrentItem(item)
        self.saved_list.blockSignals(False)
        if self.saved_status.text() == translate("FilterBuilder", "Working…"):
            self.saved_status.setText("")
        self._update_saved_buttons()
        self.saved_filters_changed.emit(list(rows))

    def _update_saved_buttons(self) -> None:
        selected = self.saved_list.currentItem() is not None
        for button in (self.load_button, self.rename_button, self.delete_button):
            button.setEnabled(selected)

    def _saved_selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.name_edit.setText(item.text())
        self._update_saved_buttons()

    def save_as(self, name: str | None = None) -> bool:
        """Save the filter being edited under `name` (default: the name field)."""
        name = self.name_edit.text() if name is None else name
        try:
            name = saved_filters.check_name(name)
        except CrmRefusal as refusal:
            self.saved_status.setText(refusal_text(refusal))
            self.name_edit.setFocus()
            return False
        ok, node = self.validated()
        if not ok:
            return False
        try:
            definition = saved_filters.make_definition(node, self.search_edit.text().strip(),
                                                       self.pool_check.isChecked())
        except CrmRefusal as refusal:
            self.show_error(refusal_text(refusal))
            return False
        self._run(_save, name, definition, on_success=self._saved)
        return True

    def _saved(self, saved: saved_filters.SavedFilter) -> None:
        self.saved_status.setText(translate("FilterBuilder", "Saved “%1”.").replace("%1", saved.name))
        self.refresh_saved(saved.name)

    def load_selected(self) -> None:
        item = self.saved_list.currentItem()
        if item is not None:
            self._run(_load, item.data(ID_ROLE), on_success=self._loaded)

    def _loaded(self, loaded: saved_filters.LoadedFilter) -> None:
        self.set_state(loaded.filter, loaded.search, loaded.public_pool_only)
        self.name_edit.setText(loaded.name)
        self.saved_status.setText(translate("FilterBuilder", "Loaded “%1”.").replace("%1", loaded.name))

    def rename_selected(self, new_name: str | None = None) -> None:
        """Rename the selected saved filter; without a name, edit it in the list (Enter commits)."""
        item = self.saved_list.currentItem()
        if item is None:
            return
        if new_name is None:
            self.saved_list.editItem(item)
            return
        self._rename(item, new_name)

    def _saved_renamed(self, item: QListWidgetItem) -> None:
        self._rename(item, item.text())

    def _rename(self, item: QListWidgetItem, new_name: str) -> None:
        try:
            new_name = saved_filters.check_name(new_name)
        except CrmRefusal as refusal:
            self.saved_status.setText(refusal_text(refusal))
            self.refresh_saved()
            return
        self._run(_rename, item.data(ID_ROLE), new_name, on_success=self._renamed)

    def _renamed(self, saved: saved_filters.SavedFilter) -> None:
        self.saved_status.setText(translate("FilterBuilder", "Renamed to “%1”.").replace("%1", saved.name))
        self.refresh_saved(saved.name)

    def delete_selected(self) -> None:
        item = self.saved_list.currentItem()
        if item is None:
            return
        if not self.confirm(translate("FilterBuilder", "Delete the saved filter “%1”?").replace("%1", item.text())):
            return
        name = item.text()
        self._run(_delete, item.data(ID_ROLE), on_success=lambda _: self._deleted(name))

    def _deleted(self, name: str) -> None:
        self.saved_status.setText(translate("FilterBuilder", "Deleted “%1”.").replace("%1", name))
        self.name_edit.clear()
        self.refresh_saved()

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.windowTitle(), text)
        return answer == QMessageBox.StandardButton.Yes


# On the Customers tab -----------------------------------------------------------------------------

class FilterTools(QObject):
    """The builder on a CustomersTab: "Filter…" button, saved-filters menu, chips, Ctrl+Shift+F."""

    def __init__(self, tab: CustomerList):
        super().__init__(tab)
        self.tab = tab
        self.saved: list[saved_filters.SavedFilter] | None = None   # None: not read yet
        self.dialog: FilterBuilderDialog | None = None
        self.button = QPushButton(objectName="filterButton")
        self.button.setToolTip(translate("FilterBuilder", "Build a filter from conditions (Ctrl+Shift+F)"))
        self.button.clicked.connect(self.open_builder)
        self.saved_button = QToolButton(objectName="savedFiltersButton",
                                        text=translate("FilterBuilder", "Saved filters"))
        self.saved_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.saved_button, objectName="savedFiltersMenu")
        self.menu.aboutToShow.connect(self._menu_opening)
        self.saved_button.setMenu(self.menu)
        tab.tools.insertWidget(0, self.button)           # the first of the list's actions
        tab.tools.insertWidget(1, self.saved_button)
        self.chips = FilterChips(tab)
        self.chips.edit_requested.connect(self.open_builder)
        layout = tab.layout()
        index = next((i for i in range(layout.count()) if layout.itemAt(i).layout() is tab.tools), 1)
        layout.insertWidget(index + 1, self.chips)
        QShortcut(QKeySequence("Ctrl+Shift+F"), tab, activated=self.open_builder)
        tab.filter_changed.connect(self._filter_changed)
        self._filter_changed(tab.filter_node)
        self._fill_menu()

    def _filter_changed(self, node) -> None:
        count = count_conditions(node)
        self.button.setText(translate("FilterBuilder", "Filter (%1)…").replace("%1", str(count)) if count
                            else translate("FilterBuilder", "Filter…"))
        self.chips.set_filter(node)

    # the builder ----------------------------------------------------------------------------------
    def open_builder(self) -> FilterBuilderDialog:
        tab = self.tab
        if self.dialog is None:
            self.dialog = FilterBuilderDialog(tab.runner, tab.connector, show_pool=can_see_pool(tab.info),
                                              parent=tab)
            self.dialog.accepted.connect(self._accepted)
            self.dialog.saved_filters_changed.connect(self._saved_changed)
        dialog = self.dialog
        dialog.connector = tab.connector                 # re-signed in: a new connector
        dialog.set_state(tab.filter_node, tab.search.text().strip(), tab.pool_toggle.isChecked())
        dialog.saved_status.clear()
        dialog.refresh_saved()
        if dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
        else:
            dialog.open()
        return dialog

    def _accepted(self) -> None:
        dialog = self.dialog
        self.apply(dialog.result_node, dialog.result_search, dialog.result_pool)

    def apply(self, node, search: str, public_pool_only: bool) -> None:
        tab = self.tab
        if tab.search.text().strip() != search:
            tab.search.blockSignals(True)
            tab.search.setText(search)
            tab.search.blockSignals(False)
        if can_see_pool(tab.info) and tab.pool_toggle.isChecked() != public_pool_only:
            tab.pool_toggle.blockSignals(True)
            tab.pool_toggle.setChecked(public_pool_only)
            tab.pool_toggle.blockSignals(False)
        tab.apply_filter(node)

    # saved filters menu ------------------------------------------------------------------------------
    def _menu_opening(self) -> None:
        self._fill_menu()
        self.refresh_saved()

    def refresh_saved(self) -> None:
        self.tab.runner.run(_list_saved, self.tab.connector, key=f"saved-filter-menu-{id(self)}",
                            on_success=self._saved_changed, on_failure=lambda _error: None)

    def _saved_changed(self, rows: list) -> None:
        self.saved = list(rows)
        self._fill_menu()

    def _fill_menu(self) -> None:
        menu = self.menu
        menu.clear()
        if self.saved is None:
            menu.addAction(translate("FilterBuilder", "Loading…")).setEnabled(False)
        elif not self.saved:
            menu.addAction(translate("FilterBuilder", "No saved filters yet")).setEnabled(False)
        for saved in self.saved or []:
            action = menu.addAction(saved.name)
            action.setObjectName(f"savedFilter:{saved.name}")
            action.triggered.connect(lambda _checked=False, s=saved: self.apply_saved(s))
        menu.addSeparator()
        menu.addAction(translate("FilterBuilder", "Manage saved filters…"), self.open_builder)

    def apply_saved(self, saved: saved_filters.SavedFilter) -> bool:
        try:
            node, search, pool = saved_filters.parse_definition(saved.definition, saved.name)
        except CrmRefusal as refusal:
            box = QMessageBox(QMessageBox.Icon.Warning, translate("FilterBuilder", "Saved filters"),
                              refusal_text(refusal),
                              QMessageBox.StandardButton.Ok, self.tab)
            box.setObjectName("savedFilterRefused")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return False
        self.apply(node, search, pool)
        return True


def install(tab: CustomerList) -> FilterTools:
    return FilterTools(tab)
