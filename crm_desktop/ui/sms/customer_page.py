"""The customer window's 短信 page: the messages sent to this customer that the reader may see,
newest first (the first PAGE_ROWS; the 短信 tab's log filtered on the customer has them all),
and whether SMS reach the customer at all: 退订短信 records the customer's wish for no more
messages (an opt-out of their 扩展资料 mobile, with the reason), 恢复短信 lifts it (with the
reason); HQ's blacklisting is shown but only HQ lifts it. The server decides who may (the send
right and a customer one sees): a reader without the right sees no such line. Loaded when the
page is first shown and on its Refresh, in the window's own tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui.admin.common import Prompts
from crm_desktop.ui.customer_detail.common import fmt_datetime
from crm_desktop.ui.sms import common
from crm_desktop.ui.sms.common import block_kind_text, error_text
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
        self.prompts = Prompts()
        self.block: dict | None = None
        self.model = RowTableModel(common.log_columns(with_customer=False), self)
        self.view, self.proxy = make_table(self, self.model, "customerSmsTable")
        set_column_widths(self.view, [16, 8, 9, 44, 5, 8, 10, 10, 18, 16])
        self.status = QLabel(objectName="customerSmsStatus")
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="customerSmsRefresh")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.reload)
        self.block_label = QLabel(objectName="customerSmsBlock")
        self.block_label.setWordWrap(True)
        self.opt_out_button = QPushButton(self.tr("Opt out of SMS…"), objectName="customerSmsOptOut")
        self.opt_out_button.setToolTip(self.tr("The customer asked for no more messages: none go to their mobile"))
        self.opt_out_button.setAutoDefault(False)
        self.opt_out_button.clicked.connect(self.opt_out)
        self.restore_button = QPushButton(self.tr("Resume SMS…"), objectName="customerSmsResume")
        self.restore_button.setToolTip(self.tr("The customer wants messages again"))
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.resume)
        for widget in (self.block_label, self.opt_out_button, self.restore_button):
            widget.hide()
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button)
        blocking = QHBoxLayout()
        blocking.addWidget(self.block_label, 1)
        blocking.addWidget(self.opt_out_button)
        blocking.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addLayout(blocking)
        layout.addWidget(self.view, 1)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self.loaded_once:
            self.reload()

    def reload(self) -> None:
        self.loaded_once = True
        self.status.setText(self.tr("Loading…"))
        self.dialog.run(common.load_log, {"customer_id": self.dialog.customer_id}, None, PAGE_ROWS, True,
                        on_success=self._arrived, on_failure=lambda e: self.status.setText(error_text(e)),
                        key="sms")
        self.reload_block()

    # 退订短信 / 恢复短信 ---------------------------------------------------------------------------------
    def reload_block(self) -> None:
        self.dialog.run(common.load_customer_block, self.dialog.customer_id, on_success=self._block_arrived,
                        on_failure=self._block_refused, key="sms-block")

    def _block_refused(self, error: BaseException) -> None:
        self.block = None
        for widget in (self.opt_out_button, self.restore_button):
            widget.hide()
        if isinstance(error, CrmRefusal) and error.kind == "not_permitted":
            self.block_label.hide()          # no send right: nothing to decide here
            return
        self.block_label.setText(error_text(error))
        self.block_label.show()

    def _block_arrived(self, entry: dict | None) -> None:
        self.block = entry
        self.block_label.show()
        if entry is None:
            self.block_label.setStyleSheet("")
            self.block_label.setText(self.tr("SMS reach this customer's mobile."))
        else:
            self.block_label.setStyleSheet("color: #8a1c1c;")
            self.block_label.setText(
                self.tr("No SMS go to %1: %2 (%3, %4 on %5).").replace("%1", entry["mobile_masked"])
                .replace("%2", block_kind_text(entry["kind"])).replace("%3", entry["note"] or self.tr("no reason given"))
                .replace("%4", entry["created_by_name"] or entry["created_by"])
                .replace("%5", fmt_datetime(entry["created_at"])))
        self.opt_out_button.setVisible(entry is None)
        self.restore_button.setVisible(entry is not None)

    def _ask_reason(self, title: str, label: str) -> str | None:
        reason = self.prompts.ask_text(self, title, label)
        if reason is not None and not reason.strip():
            self.prompts.inform(self, title, self.tr("A reason is required. Nothing was changed."))
            return None
        return None if reason is None else reason.strip()

    def opt_out(self) -> None:
        reason = self._ask_reason(self.tr("Opt out of SMS"),
                                  self.tr("Why does the customer want no more messages (e.g. asked by phone)?"))
        if reason is not None:
            self.dialog.run(common.opt_out, self.dialog.customer_id, reason, on_success=lambda _: self.reload_block(),
                            on_failure=self._change_refused, key="sms-opt-out")

    def resume(self) -> None:
        if self.block is None:
            return
        reason = self._ask_reason(self.tr("Resume SMS"), self.tr("Why may messages go to the customer again?"))
        if reason is not None:
            self.dialog.run(common.lift_block, self.block["id"], reason, on_success=lambda _: self.reload_block(),
                            on_failure=self._change_refused, key="sms-resume")

    def _change_refused(self, error: BaseException) -> None:
        self.dialog.show_message(error_text(error))
        self.reload_block()

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
