"""发送短信: the send dialog, opened on a recipient source (selected customers, the Customers
tab's whole list, a customer group, a 今日提醒 section).

The sender picks a template (生日祝福, 新开户回访, free text) and edits it, with the placeholders
{姓名} {称呼} {营业部} {员工} a click (or Ctrl+1..4) away. Every change of the text asks the server
for a preview (debounced, the older request cancelled): the first rows as each recipient would
receive them with their skip reasons, and totals over ALL recipients (sendable, skipped by
reason, message parts, cost) beside the sender's remaining monthly quota. A list from the server
(the whole filtered list of up to 2 M customers, a group, a window) is counted chunk by chunk in
customer-id order (services.sms.preview_step, one short cancellable statement each): the totals
grow as each chunk comes in, marked "so far" with how far into the list the count is, and 停止统计
stops it (cancelling the server's query). Send (Ctrl+Enter) does not wait for the count to end:
it is possible once the preview of the text shown has its first chunk, someone in it is
sendable, no placeholder was found empty and the parts counted so far fit the quota; sending
stops the count. The server re-checks all of it in the transaction that queues and charges
(services.sms.queue, or each chunk of services.sms.queue_in_chunks), so a refusal from there is
shown as is and nothing (or no further chunk) was sent. Queueing runs as a background task with a progress bar and Stop. A list
larger than QUEUE_CHUNK recipients from the server (the whole filtered list, a group, a window)
is queued in chunks (services.sms.queue_in_chunks): the bar shows the customers done, Stop ends it
after the chunk in progress, and the result says how far it got.
"""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QProgressBar, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from crm_desktop.services import sms
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskCancelled
from crm_desktop.ui.sms import common
from crm_desktop.ui.sms.common import (carrier_text, error_text, money, no_quota_text, no_right_text,
                                       skip_reason_text, ui_lang)
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths

PREVIEW_DEBOUNCE_MS = 350
PREVIEW_ROWS = sms.DEFAULT_PREVIEW_ROWS
SKIPPED_COLOR = "#777777"
ERROR_STYLE = ("background: #fdecea; color: #8a1c1c; border: 1px solid #f0b7b3; border-radius: 3px; "
               "padding: 6px;")
DONE_STYLE = ("background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7; border-radius: 3px; "
              "padding: 6px;")
# The placeholders offered as buttons, in the seed's words (the server also takes English aliases).
PLACEHOLDERS = ("姓名", "称呼", "营业部", "员工")
SEND_RIGHT = "sms_send"


class SendSmsDialog(QDialog):
    queued = Signal(object)        # services.sms.QueueResult, after the server queued the batch

    def __init__(self, runner, connector, source: sms.RecipientSource, recipients_text: str, *,
                 template_code: str | None = None, info=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.connector, self.source = runner, connector, source
        # Without the right the server refuses everything; say so rather than "no quota".
        self.lacks_right = info is not None and not info.can(SEND_RIGHT)
        self.template_code = template_code
        self.quota: sms.QuotaStatus | None = None
        self.preview: sms.Preview | None = None
        self.preview_text: str | None = None       # the text the shown preview is of
        self.preview_error: str | None = None
        self.preview_complete = False              # the totals count every recipient (not "so far")
        self.preview_share = 0.0                   # how far into the list's id range the count is
        self.preview_stopped = False               # the user stopped the count
        self.result_value: sms.QueueResult | sms.ChunkedQueueResult | None = None
        self._handles: dict[str, Any] = {}
        self._queueing = None
        self.setObjectName("sendSmsDialog")
        self.setWindowTitle(self.tr("Send SMS"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setSizeGripEnabled(True)
        self.resize(980, 700)

        self.recipients_label = QLabel(self.tr("To: %1").replace("%1", recipients_text), objectName="smsRecipients")
        self.recipients_label.setWordWrap(True)
        self.quota_label = QLabel(self.tr("Monthly quota: loading…"), objectName="smsQuota")
        self.quota_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.refusal = QLabel(objectName="smsRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(ERROR_STYLE)
        self.refusal.hide()

        self.template_combo = QComboBox(objectName="smsTemplate")
        self.template_combo.setEnabled(False)
        self.template_combo.activated.connect(lambda _: self._template_chosen())
        template_label = QLabel(self.tr("&Template:"))
        template_label.setBuddy(self.template_combo)
        self.placeholder_buttons = []
        template_row = QHBoxLayout()
        template_row.addWidget(template_label)
        template_row.addWidget(self.template_combo, 1)
        template_row.addSpacing(12)
        template_row.addWidget(QLabel(self.tr("Insert:")))
        for number, name in enumerate(PLACEHOLDERS, start=1):
            button = QPushButton("{" + name + "}", objectName=f"smsPlaceholder{number}")
            button.setToolTip(self._placeholder_tip(name) + f" (Ctrl+{number})")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, n=name: self.insert_placeholder(n))
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, activated=lambda n=name: self.insert_placeholder(n))
            self.placeholder_buttons.append(button)
            template_row.addWidget(button)

        self.editor = QPlainTextEdit(objectName="smsText")
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText(self.tr("Write the message; placeholders are filled in for each recipient."))
        self.editor.textChanged.connect(self._text_changed)
        self.counter = QLabel(objectName="smsCounter")
        self.counter.setWordWrap(True)
        self.counter.setStyleSheet("color: #555;")
        self.missing = QLabel(objectName="smsMissing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #b00020;")
        self.missing.hide()

        self.model = RowTableModel([
            Column("customer_name", self.tr("Name")),
            Column("mobile_masked", self.tr("Mobile")),
            Column("carrier", self.tr("Carrier"), carrier_text),
            Column("skip_reason", self.tr("Skipped because"), skip_reason_text),
            Column("chars", self.tr("Characters")),
            Column("parts", self.tr("Parts")),
            Column("cost", self.tr("Cost"), money),
            Column("text", self.tr("Message as sent")),
        ], self)
        self.model.set_row_foreground(lambda row: SKIPPED_COLOR if row.get("skip_reason") else None)
        self.view, self.proxy = make_table(self, self.model, "smsPreviewTable")
        set_column_widths(self.view, [8, 12, 12, 20, 8, 5, 7, 40])
        self.view.horizontalHeader().setStretchLastSection(True)
        self.totals = QLabel(objectName="smsTotals")
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_busy = QProgressBar(maximum=0, textVisible=False, objectName="smsPreviewBusy")
        self.preview_busy.setFixedSize(72, 6)
        self.preview_busy.hide()
        self.preview_stop = QPushButton(self.tr("Stop counting"), objectName="smsPreviewStop")
        self.preview_stop.setToolTip(self.tr("Stop counting the recipients; the totals so far stay shown"))
        self.preview_stop.setAutoDefault(False)
        self.preview_stop.clicked.connect(self.stop_counting)
        self.preview_stop.hide()

        self.progress = QProgressBar(objectName="smsProgress", textVisible=False)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel(objectName="smsStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        self.send_button = QPushButton(self.tr("Send"), objectName="smsSend")
        self.send_button.setToolTip(self.tr("Queue the messages (Ctrl+Enter)"))
        self.send_button.setAutoDefault(False)
        self.send_button.clicked.connect(self.send)
        self.more_button = QPushButton(objectName="smsAskMore")
        self.more_button.setAutoDefault(False)
        self.more_button.clicked.connect(self.ask_for_more)
        self.more_button.hide()
        self.close_button = QPushButton(self.tr("Close"), objectName="smsClose")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.stop_or_close)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, activated=self.send)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh_preview)

        top = QHBoxLayout()
        top.addWidget(self.recipients_label, 1)
        top.addWidget(self.quota_label)
        editor_box = QWidget()
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(template_row)
        editor_layout.addWidget(self.editor, 1)
        editor_layout.addWidget(self.counter)
        editor_layout.addWidget(self.missing)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_title = QHBoxLayout()
        preview_title.addWidget(QLabel(self.tr("Preview per recipient (F5 refreshes):")), 1)
        preview_title.addWidget(self.preview_busy)
        preview_title.addWidget(self.preview_stop)
        preview_layout.addLayout(preview_title)
        preview_layout.addWidget(self.view, 1)
        preview_layout.addWidget(self.totals)
        splitter = QSplitter(Qt.Orientation.Vertical, objectName="smsSplitter")
        splitter.addWidget(editor_box)
        splitter.addWidget(preview_box)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([220, 420])
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.refusal)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self._debounce = QTimer(self, singleShot=True, interval=PREVIEW_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh_preview)
        self._show_counter()
        self._update()
        self._run(common.load_sending_state, on_success=self._state_loaded, on_failure=self._refused, key="state")
        self.editor.setFocus()

    # tasks ---------------------------------------------------------------------------------------------------
    def _run(self, fn: Callable, *args: Any, on_success: Callable, on_failure: Callable, key: str,
             on_progress: Callable[[str, int, int], None] | None = None):
        def succeeded(result: Any) -> None:
            if shiboken6.isValid(self):
                on_success(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                on_failure(error)

        handle = self.runner.run(fn, self.connector, *args, on_success=succeeded, on_failure=failed,
                                 on_progress=on_progress, key=f"send_sms:{id(self)}:{key}")
        self._handles[key] = handle
        return handle

    @property
    def busy(self) -> bool:
        return any(not h.done for h in self._handles.values())

    def _state_loaded(self, result: tuple[sms.QuotaStatus, list[sms.Template]]) -> None:
        quota, templates = result
        self._show_quota(quota)
        lang = ui_lang()
        self.template_combo.clear()
        for template in templates:
            self.template_combo.addItem(template.name(lang), template)
        self.template_combo.setEnabled(bool(templates))
        wanted = next((i for i, t in enumerate(templates) if t.code == self.template_code), -1)
        if wanted >= 0 and not self.editor.toPlainText():
            self.template_combo.setCurrentIndex(wanted)
            self._template_chosen()
        elif not self.editor.toPlainText():
            free = next((i for i, t in enumerate(templates) if not t.body), 0)
            self.template_combo.setCurrentIndex(free)

    def _refused(self, error: BaseException) -> None:
        """Loading the quota or a preview was refused (no send right, not visible, bad text)."""
        self.refusal.setText(error_text(error))
        self.refusal.show()
        self.quota_label.setText(self.tr("Monthly quota: —"))
        self._update()

    # template and text -----------------------------------------------------------------------------------------
    def _placeholder_tip(self, name: str) -> str:
        return {"姓名": self.tr("The customer's name"),
                "称呼": self.tr("先生 or 女士, from the customer's gender"),
                "营业部": self.tr("The customer's branch"),
                "员工": self.tr("Your name")}[name]

    def _template_chosen(self) -> None:
        template = self.template_combo.currentData()
        if template is not None:
            self.editor.setPlainText(template.body)
            self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
            self.editor.setFocus()

    def insert_placeholder(self, name: str) -> None:
        if self._queueing is None and self.result_value is None:
            self.editor.insertPlainText("{" + name + "}")
            self.editor.setFocus()

    def text(self) -> str:
        return self.editor.toPlainText()

    def _text_changed(self) -> None:
        self._show_counter()
        self._update()
        self._debounce.start()

    def _show_counter(self) -> None:
        text = self.text()
        chars = sms.message_chars(text)
        parts = sms.message_parts(chars) if text else 0
        counter = self.tr("%1 characters · %2 part(s) as written (70 characters make one part, 67 each in a longer "
                          "message)").replace("%1", str(chars)).replace("%2", str(parts))
        if sms.placeholders_in(text):
            counter += " · " + self.tr("placeholders are filled per recipient: see the preview for the real counts")
        self.counter.setText(counter)

    # preview -------------------------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        self._debounce.stop()
        text = self.text()
        self.preview, self.preview_text, self.preview_error = None, None, None
        self.preview_complete, self.preview_share, self.preview_stopped = False, 0.0, False
        if not text.strip() or self.result_value is not None:
            self._counting(False)
            self.model.set_rows([])
            self._show_totals()
            self._update()
            return
        self._count_chunk(text, 0, None, sms.PREVIEW_FIRST_CHUNK)

    def _count_chunk(self, text: str, after: int, last_id: int | None, chunk: int) -> None:
        """The next chunk of the preview; each one that arrives adds to the totals and asks for
        the next (a new text or F5 starts over: the runner drops the older task's results)."""
        self._counting(True)

        def arrived(step: sms.PreviewStep) -> None:
            first = self.preview is None
            self.preview = step.preview if first else self.preview.plus(step.preview)
            self.preview_text, self.preview_error = text, None
            self.preview_complete, self.preview_share = step.after is None, step.share
            if first:
                # A skipped recipient is charged nothing: no parts or cost shown for them.
                self.model.set_rows([dict(vars(row), parts=None, cost=None) if row.skip_reason else vars(row)
                                     for row in step.preview.rows])
            if step.after is None or self.preview_stopped:
                self._counting(False)
            else:
                self._count_chunk(text, step.after, step.last_id, sms.PREVIEW_CHUNK)
            self._show_totals()
            self._update()

        def failed(error: BaseException) -> None:
            self._counting(False)
            self.preview, self.preview_text, self.preview_error = None, text, error_text(error)
            if isinstance(error, CrmRefusal) and error.kind == "not_permitted":     # e.g. the right was revoked
                self.refusal.setText(self.preview_error)
                self.refusal.show()
            self.model.set_rows([])
            self._show_totals()
            self._update()

        self._run(common.preview_step, self.source, text, after, chunk, PREVIEW_ROWS if after == 0 else 0, last_id,
                  on_success=arrived, on_failure=failed, key="preview")

    @property
    def counting(self) -> bool:
        handle = self._handles.get("preview")
        return handle is not None and not handle.done

    def _counting(self, busy: bool) -> None:
        self.preview_busy.setVisible(busy)
        self.preview_stop.setVisible(busy)

    def stop_counting(self) -> None:
        """Stop the preview's count (its server query is cancelled); the totals so far stay."""
        handle = self._handles.get("preview")
        if handle is not None and not handle.done:
            handle.cancel()         # a cancelled task reports nothing back (ui.tasks)
            self.preview_stopped = True
            self._counting(False)
            self._show_totals()
            self._update()

    def _show_totals(self) -> None:
        preview = self.preview
        self.missing.setVisible(bool(self.preview_error or (preview and preview.missing_fields)))
        if self.preview_error:
            self.missing.setText(self.preview_error)
        elif preview is not None and preview.missing_fields:
            self.missing.setText(self.tr("Empty for some recipients: %1. Fill these in (扩展资料) or remove them from "
                                         "the text; nothing can be sent until then.")
                                 .replace("%1", "、".join("{" + f + "}" for f in preview.missing_fields)))
        if preview is None:
            self.totals.setText("")
            return
        skipped = sum(preview.skipped_by_reason.values())
        parts = [self.tr("%1 recipients: %2 sendable, %3 skipped").replace("%1", f"{preview.recipients:,}")
                 .replace("%2", f"{preview.sendable:,}").replace("%3", f"{skipped:,}")]
        if skipped:
            parts[0] += " (" + "; ".join(f"{skip_reason_text(code)} {count:,}"
                                         for code, count in sorted(preview.skipped_by_reason.items())) + ")"
        parts.append(self.tr("%1 message parts, cost %2").replace("%1", f"{preview.parts:,}")
                     .replace("%2", money(preview.cost)))
        text = " · ".join(parts)
        if not self.preview_complete:
            percent = f"{self.preview_share * 100:.0f}"
            text = (self.tr("Stopped counting at about %1% of the list; so far: %2") if self.preview_stopped
                    else self.tr("Counting, about %1% of the list so far: %2")).replace("%1", percent).replace("%2", text)
        if preview.truncated and self.preview_complete:
            text += "\n" + self.tr("The table shows the first %1 recipients; the totals count all of them.") \
                .replace("%1", f"{len(preview.rows):,}")
        elif preview.truncated:
            text += "\n" + self.tr("The table shows the first %1 recipients.").replace("%1", f"{len(preview.rows):,}")
        self.totals.setText(text)

    # quota -------------------------------------------------------------------------------------------------------
    def _show_quota(self, quota: sms.QuotaStatus) -> None:
        self.quota = quota
        if self.lacks_right:
            self.quota_label.setText(self.tr("Monthly quota: none"))
            self.refusal.setText(no_right_text())
            self.refusal.show()
        elif quota.monthly_quota is None:
            self.quota_label.setText(self.tr("Monthly quota: none"))
            self.refusal.setText(no_quota_text())
            self.refusal.show()
        else:
            self.quota_label.setText(self.tr("Remaining this month: %1 of %2 parts · branch: %3 of %4")
                                     .replace("%1", f"{quota.remaining or 0:,}")
                                     .replace("%2", f"{quota.monthly_quota:,}")
                                     .replace("%3", f"{quota.branch_remaining:,}")
                                     .replace("%4", f"{quota.branch_volume:,}"))
        self._update()

    # sending -----------------------------------------------------------------------------------------------------
    def send_refusal(self) -> str | None:
        """Why Send is not possible now (None: it is)."""
        if self.result_value is not None:
            return self.tr("Already queued.")
        if self._queueing is not None:
            return self.tr("Queueing…")
        if self.lacks_right:
            return no_right_text()
        if self.quota is None:
            return self.tr("The quota has not been loaded.")
        if self.quota.monthly_quota is None:
            return no_quota_text()
        if not self.text().strip():
            return self.tr("Write the message first.")
        if self.preview is None or self.preview_text != self.text():
            return self.preview_error or self.tr("Waiting for the preview of this text.")
        if self.preview.missing_fields:
            return self.missing.text()
        if self.preview.sendable == 0:
            return (self.tr("None of the recipients can receive an SMS.") if self.preview_complete
                    else self.tr("None of the recipients counted so far can receive an SMS."))
        if self.preview.parts > (self.quota.remaining or 0):
            return self.tr("%1 message parts do not fit your remaining monthly quota of %2.") \
                .replace("%1", f"{self.preview.parts:,}").replace("%2", f"{self.quota.remaining or 0:,}")
        if self.preview.parts > self.quota.branch_remaining:
            return self.tr("%1 message parts do not fit the branch's remaining monthly volume of %2: ask HQ for "
                           "more (审批).").replace("%1", f"{self.preview.parts:,}") \
                .replace("%2", f"{self.quota.branch_remaining:,}")
        return None

    def quota_wanted(self) -> tuple[int | None, int | None]:
        """(monthly quota, branch volume) that would let this batch go, in hundreds of parts; None
        where the current one suffices. Both None: nothing to ask."""
        quota, preview = self.quota, self.preview
        # Only a finished count knows what the batch needs.
        if (self.lacks_right or quota is None or preview is None or not self.preview_complete
                or self.preview_text != self.text()
                or preview.sendable == 0 or preview.missing_fields or self.result_value is not None):
            return None, None

        def rounded(parts: int) -> int:
            return -(-parts // 100) * 100

        mine = rounded(quota.used + preview.parts) if preview.parts > (quota.remaining or 0) else None
        branch = rounded(quota.branch_used + preview.parts) if preview.parts > quota.branch_remaining else None
        return mine, branch

    def ask_for_more(self) -> None:
        """An HQ-decided approval request (审批) for the quota / branch volume this batch needs."""
        mine, branch = self.quota_wanted()
        if mine is None and branch is None:
            return
        self.more_button.setEnabled(False)

        def sent(request_id: int) -> None:
            self.status.setText(self.tr("Request %1 is with HQ (审批); once approved, send again.")
                                .replace("%1", str(request_id)))
            self.status.setStyleSheet(DONE_STYLE)
            self.status.show()

        def refused(error: BaseException) -> None:
            self.more_button.setEnabled(True)
            self.status.setText(self.tr("Not requested: %1").replace("%1", error_text(error)))
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.show()

        self._run(common.request_quota, mine, branch, on_success=sent, on_failure=refused, key="more")

    def _update(self) -> None:
        mine, branch = self.quota_wanted()
        self.more_button.setVisible(mine is not None or branch is not None)
        if mine is not None and branch is not None:
            self.more_button.setText(self.tr("Ask HQ to raise your quota to %1 and the branch volume to %2")
                                     .replace("%1", f"{mine:,}").replace("%2", f"{branch:,}"))
        elif mine is not None:
            self.more_button.setText(self.tr("Ask HQ to raise your quota to %1").replace("%1", f"{mine:,}"))
        elif branch is not None:
            self.more_button.setText(self.tr("Ask HQ to raise the branch volume to %1").replace("%1", f"{branch:,}"))
        refusal = self.send_refusal()
        self.send_button.setEnabled(refusal is None)
        self.send_button.setToolTip(refusal or self.tr("Queue the messages (Ctrl+Enter)"))
        sendable = self.preview.sendable if self.preview is not None and self.preview_text == self.text() else 0
        if sendable and self.preview_complete:
            self.send_button.setText(self.tr("Send %1 messages").replace("%1", f"{sendable:,}"))
        else:
            self.send_button.setText(self.tr("Send to the whole list") if sendable else self.tr("Send"))
        editable = self._queueing is None and self.result_value is None
        self.editor.setReadOnly(not editable)
        self.template_combo.setEnabled(editable and self.template_combo.count() > 0)
        for button in self.placeholder_buttons:
            button.setEnabled(editable)

    def send(self) -> None:
        if self.send_refusal() is not None:
            return
        text = self.text()
        counted = self.preview_complete
        self.stop_counting()       # the send does not wait for the count, nor share its connection
        self.progress.show()
        self.status.setText(self.tr("Queueing %1 messages…").replace("%1", f"{self.preview.sendable:,}") if counted
                            else self.tr("Queueing…"))
        self.status.setStyleSheet("")
        self.status.show()
        self.close_button.setText(self.tr("Stop"))
        self.progress.setRange(0, 0)
        if self.source.explicit_ids is None and (not counted or self.preview.recipients > sms.QUEUE_CHUNK):
            self._queueing = self._run(common.queue_chunked, self.source, text, on_success=self._queued,
                                       on_failure=self._queue_failed, key="queue", on_progress=self._queue_progress)
        else:
            self._queueing = self._run(common.queue, self.source, text, on_success=self._queued,
                                       on_failure=self._queue_failed, key="queue")
        self._update()

    def _queue_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(self.tr("Queueing in chunks: %1 of %2 recipients done…")
                            .replace("%1", f"{done:,}").replace("%2", f"{total:,}"))

    def _queued(self, result: tuple[sms.QueueResult | sms.ChunkedQueueResult, sms.QuotaStatus]) -> None:
        queued, quota = result
        self._queueing = None
        self.result_value = queued
        self.progress.hide()
        self.close_button.setText(self.tr("Close"))
        text = self.tr("Queued %1 messages (%2 parts, %3); the HQ agent sends them and 短信记录 shows how each "
                       "one went.").replace("%1", f"{queued.queued:,}").replace("%2", f"{queued.parts:,}") \
            .replace("%3", money(queued.cost))
        skipped = sum(queued.skipped_by_reason.values())
        if skipped:
            text += " " + self.tr("Skipped: %1.").replace("%1", "; ".join(
                f"{skip_reason_text(code)} {count:,}" for code, count in sorted(queued.skipped_by_reason.items())))
        stopped = getattr(queued, "stopped", None)
        if stopped is not None:
            reason = self.tr("you stopped it") if stopped == sms.CANCELLED else error_text(CrmRefusal("sms_over_quota",
                                                                                                       stopped))
            text += " " + self.tr("Stopped after %1 of %2 recipients (%3): the rest were not sent.") \
                .replace("%1", f"{queued.done:,}").replace("%2", f"{queued.recipients:,}").replace("%3", reason)
        self.status.setText(text)
        self.status.setStyleSheet(DONE_STYLE if stopped is None else ERROR_STYLE)
        self._show_quota(quota)
        self.queued.emit(queued)
        self.close_button.setFocus()

    def _queue_failed(self, error: BaseException) -> None:
        self._queueing = None
        self.progress.hide()
        self.close_button.setText(self.tr("Close"))
        if isinstance(error, TaskCancelled):
            self.status.setText(self.tr("Stopped: nothing was sent."))
        else:
            self.status.setText(self.tr("Not sent: %1").replace("%1", error_text(error)))
        self.status.setStyleSheet(ERROR_STYLE)
        self._run(common.load_quota, on_success=self._show_quota, on_failure=self._refused, key="quota")
        self._update()

    def stop_or_close(self) -> None:
        if self._queueing is not None:
            self._queueing.cancel()
            self.status.setText(self.tr("Stopping…"))
            return
        self.reject()

    def reject(self) -> None:
        if self._queueing is not None:        # Esc while queueing stops first; the window stays
            self.stop_or_close()
            return
        self._debounce.stop()
        for handle in self._handles.values():
            if not handle.done:
                handle.cancel()
        super().reject()

