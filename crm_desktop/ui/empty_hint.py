"""A grey sentence over an empty list saying why it is empty or what would fill it: a blank
table next to "0" left a new user guessing whether the list failed, is loading, or is empty
for a reason."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyHint(QLabel):
    """Over `view`'s viewport while its model has no rows and `text()` says something ("" while
    the list is loading or when nothing needs saying). Call `refresh()` when what `text()`
    depends on changes; the model's own row signals refresh it too."""

    def __init__(self, view: QAbstractItemView, text: Callable[[], str], object_name: str = ""):
        super().__init__(view.viewport())
        self.view, self.text_of = view, text
        self.setObjectName(object_name or f"{view.objectName()}EmptyHint")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setStyleSheet("color: #777; padding: 32px;")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        view.viewport().installEventFilter(self)
        model = view.model()
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
                signal.connect(self.refresh)

    def refresh(self, *_args) -> None:
        model = self.view.model()
        text = self.text_of() if model is not None and model.rowCount() == 0 else ""
        self.setText(text)
        self.setGeometry(self.view.viewport().rect())
        self.setVisible(bool(text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False
