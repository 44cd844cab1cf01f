"""The active filter as chips under the Customers tab's tools row: one chip per top-level
condition (a nested group is one chip), each with a × that removes just that condition, and
"Clear all". Clicking a chip opens the filter builder. Hidden when there is no filter.

The readable text of a filter (chips, the builder's fixed rows, tooltips) is made here, so the
builder and others import it from here."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QSizePolicy, QToolButton, QWidget

from crm_desktop.services import customers
from crm_desktop.services.customers import Group


# Texts: `translate("FilterChips", "literal")`, so that pyside6-lupdate files them under that context.
translate = QCoreApplication.translate


def ui_lang() -> str:
    from crm_desktop.ui.admin.common import chinese_ui

    return "zh" if chinese_ui() else "en"


# Readable text (chips, fixed rows, tooltips) ----------------------------------------------------

def display_text(node: customers.Node | None, lang: str | None = None) -> str:
    """One line for a filter or one of its conditions, in the UI's language (customers.describe)."""
    return customers.describe(node, lang or ui_lang())


def count_conditions(node: customers.Node | None) -> int:
    if node is None:
        return 0
    if isinstance(node, Group):
        return sum(count_conditions(item) for item in node.items)
    return 1


def is_empty(node: customers.Node | None) -> bool:
    return count_conditions(node) == 0


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps them onto new lines (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:  # noqa: N802 - Qt API
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in lines (each item centred vertically in its line); the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        lines: list[list] = [[]]
        x = area.x()
        for item in self._items:
            if item.widget() is not None and item.widget().isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and lines[-1]:
                lines.append([])
                x = area.x()
            lines[-1].append((item, hint))
            x += hint.width() + self._spacing
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(hint.height() for _, hint in line)
            x = area.x()
            for item, hint in line:
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return max(y - self._spacing - rect.y() + margins.bottom(), 0)


class Chip(QFrame):
    clicked = Signal()
    remove_requested = Signal()

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("filterChip")
        self.setStyleSheet("QFrame#filterChip { border: 1px solid #9db7d6; border-radius: 8px; background: #eaf2fb; }"
                           "QFrame#filterChip QToolButton { border: none; background: transparent; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 2, 0)
        layout.setSpacing(0)
        self.label = QToolButton(objectName="chipText", text=text.replace("&", "&&"))
        self.label.setToolTip(translate("FilterChips", "Edit the filter"))
        self.label.clicked.connect(self.clicked)
        self.remove_button = QToolButton(objectName="chipRemove", text="×")
        self.remove_button.setToolTip(translate("FilterChips", "Remove this condition"))
        self.remove_button.clicked.connect(self.remove_requested)
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)

    def text(self) -> str:
        return self.label.text().replace("&&", "&")


class FilterChips(QWidget):
    """Chips of `tab.filter_node`; removing one calls tab.apply_filter with the rest."""

    edit_requested = Signal()

    def __init__(self, tab, parent: QWidget | None = None):
        super().__init__(parent or tab)
        self.tab = tab
        self.setObjectName("filterChips")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.flow = FlowLayout(self)
        self.chips: list[Chip] = []
        self._node: customers.Node | None = None
        self.hide()

    def set_filter(self, node: customers.Node | None) -> None:
        self._node = node
        while self.flow.count():
            item = self.flow.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.chips = []
        if is_empty(node):
            self.hide()
            return
        items = node.items if isinstance(node, Group) else [node]
        if isinstance(node, Group) and len(items) > 1:
            mode = translate("FilterChips", "All of:") if node.mode == "and" else translate("FilterChips", "Any of:")
            self.flow.addWidget(QLabel(mode, objectName="chipsMode"))
        for index, item in enumerate(items):
            chip = Chip(display_text(item), self)
            chip.clicked.connect(self.edit_requested)
            chip.remove_requested.connect(lambda i=index: self.remove(i))
            self.chips.append(chip)
            self.flow.addWidget(chip)
        clear = QToolButton(objectName="clearChips", text=translate("FilterChips", "Clear all"))
        clear.setAutoRaise(True)
        clear.clicked.connect(self.clear)
        self.flow.addWidget(clear)
        self.show()
        self.updateGeometry()

    def texts(self) -> list[str]:
        return [chip.text() for chip in self.chips]

    def remove(self, index: int) -> None:
        """Remove the index-th top-level condition; the rest stays as it was."""
        node = self._node
        if isinstance(node, Group):
            rest = [item for i, item in enumerate(node.items) if i != index]
            self.tab.apply_filter(Group(node.mode, rest) if rest else None)
        else:
            self.tab.apply_filter(None)

    def clear(self) -> None:
        self.tab.apply_filter(None)
