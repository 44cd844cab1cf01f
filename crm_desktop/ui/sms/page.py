"""A page of the 短信 tab: runs its tasks on the tab's runner and shows refusals in one line."""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from crm_desktop.ui.sms.common import error_text


class SmsPage(QWidget):
    """Runs its tasks on the tab's runner and shows refusals in one line."""

    def __init__(self, tab, name: str):
        super().__init__()
        self.setObjectName(name)
        self.tab = tab
        self.message = QLabel(objectName=f"{name}Message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a1c1c;")
        self.message.hide()
        self.busy = QProgressBar(maximum=0, textVisible=False, objectName=f"{name}Busy")
        self.busy.setFixedSize(72, 6)
        self.busy.hide()
        self._pending: set[str] = set()

    @property
    def loading(self) -> bool:
        return bool(self._pending)

    def run(self, fn: Callable, *args: Any, on_success: Callable, key: str):
        self._pending.add(key)
        self.busy.show()

        def done() -> None:
            self._pending.discard(key)
            self.busy.setVisible(self.loading)

        def succeeded(result: Any) -> None:
            if shiboken6.isValid(self):
                done()
                self.message.hide()
                on_success(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                done()
                self.message.setText(error_text(error))
                self.message.show()
                self.failed()

        return self.tab.runner.run(fn, self.tab.connector, *args, on_success=succeeded, on_failure=failed,
                                   key=f"sms-{self.objectName()}-{id(self)}-{key}")

    def failed(self) -> None:
        """A task was refused (its message is shown)."""
