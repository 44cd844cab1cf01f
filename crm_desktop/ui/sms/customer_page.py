"""The customer window's 短信 page: the messages sent to this customer that the reader may see,
newest first (the first PAGE_ROWS; the 短信 tab's log filtered on the customer has them all).
Loaded when the page is first shown and on its Refresh, in the window's own tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crm_desktop.ui.sms import common
from crm_desktop.ui.sms.common import error_text
from crm_desktop.ui.table_model import RowTableModel, make_table, set_column_widths

if TYPE_CHECKING:
    from crm_desktop.ui.customer_detail.window_parts import DetailWindowParts

PAGE_ROWS = 200


class CustomerSmsPage(QWidget):
    def __init__(self, dialog: "DetailWindowParts"):
        super().__init__(dialog)  # type: ignore[arg-type]  # the window is a QWidget
        self.setObjectName("customerSmsPage")
        self.dialog = dialog
        self.loaded_once = False
        self.model = RowTableModel(common.log_columns(with_customer=False), self)
        self.view, self.proxy = make_table(self, self.model, "customerSmsTable")
        set_column_widths(self.view, [16, 8, 9, 44, 5, 8, 10, 10, 18, 16])
        self.status = QLabel(objectName="customerSmsStatus")
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="customerSmsRefresh")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self.loaded_once:
            self.reload()

    def reload(self) -> None:
        self.loaded_once = True
        self.status.setText(self.tr("Loading…"))
        self.dialog.run(common.load_log, {"customer_id": self.dialog.customer_id}, 0, PAGE_ROWS, True,
                        on_success=self._arrived, on_failure=lambda e: self.status.setText(error_text(e)),
                        key="sms")

    def _arrived(self, result: tuple[list[dict], int | None]) -> None:
        rows, total = result
        self.model.set_rows(rows)
        if not total:
            self.status.setText(self.tr("No messages to this customer that you may see."))
        elif total > len(rows):
            self.status.setText(self.tr("The newest %1 of %2 messages; the SMS tab's log has them all.")
                                .replace("%1", f"{len(rows):,}").replace("%2", f"{total:,}"))
        else:
            self.status.setText(self.tr("%1 messages, newest first.").replace("%1", f"{total:,}"))
