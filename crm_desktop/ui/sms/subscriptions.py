"""信息栏目: the SMS tab's information-column page (FAQ 2.3, 19, 42) and its dialogs.

Everybody with the tab sees HQ's columns with the live subscribers of their branches, and per
column its subscribers (keyset pages, newest first), its published issues with what the agent
made of them (queued, skipped per reason: over quota, opted out, ...) and the senders whose
subscriptions can no longer be sent (the 信息管理员 changed: FAQ 2.3). Senders unsubscribe the
selected subscribers and ask for the move of a stuck sender's subscriptions to another sender
(an approval request). HQ (admin_all) defines columns and publishes issues after a preview of
the recipients, parts and cost. Subscribing happens from the Customers tab
(ui/sms/subscriptions_install.py). Every call runs on the tab's TaskRunner; the server decides.
"""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget)

from crm_desktop.services import sms
from crm_desktop.services import sms_subscriptions as subs
from crm_desktop.services.tasks import TaskContext
from crm_desktop.ui.customer_detail.common import fmt_datetime
from crm_desktop.ui.sms.common import error_text, money, skip_reason_text, translate
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths

PAGE_ROWS = 200
HQ_RIGHT = "admin_all"
SEND_RIGHT = "sms_send"
ERROR_STYLE = "color: #8a1c1c;"


def reason_text(code: str | None) -> str:
    if code == subs.SENDER_NOT_ALLOWED:
        return translate("Sms", "The sender no longer holds the send right or the account")
    return skip_reason_text(code)


def skipped_text(skipped: dict[str, int]) -> str:
    return "; ".join(f"{reason_text(k)} {v:,}" for k, v in sorted(skipped.items()))


# Worker functions (fn(ctx, connector, ...): a runner thread with its own connection) ------------------

def load_columns(ctx: TaskContext, connector) -> list[dict]:
    return [vars(c) for c in subs.columns(ctx.watch(connector.connection()), ctx=ctx)]


def load_column_page(ctx: TaskContext, connector, column_id: int, after_id: int | None,
                     with_count: bool) -> tuple[list[dict], int | None]:
    conn = ctx.watch(connector.connection())
    rows = [vars(s) for s in subs.subscriptions(conn, column_id=column_id, after_id=after_id, limit=PAGE_ROWS, ctx=ctx)]
    return rows, subs.subscription_count(conn, column_id=column_id, ctx=ctx) if with_count else None


def load_issues(ctx: TaskContext, connector, column_id: int) -> list[dict]:
    return [vars(i) for i in subs.issues(ctx.watch(connector.connection()), column_id=column_id, ctx=ctx)]


def load_problems(ctx: TaskContext, connector) -> list[dict]:
    return [vars(p) for p in subs.problems(ctx.watch(connector.connection()), ctx=ctx)]


def load_senders(ctx: TaskContext, connector) -> list[dict]:
    return subs.senders(ctx.watch(connector.connection()))


def unsubscribe(ctx: TaskContext, connector, column_id: int, customer_ids: list[int]) -> subs.ChangeResult:
    return subs.unsubscribe(connector.connection(), column_id, sms.RecipientSource(customer_ids=customer_ids), ctx)


def save_column(ctx: TaskContext, connector, column_id: int | None, name: str, description: str, active: bool) -> int:
    return subs.save_column(connector.connection(), column_id, name, description, active)


def preview_issue(ctx: TaskContext, connector, column_id: int, text: str) -> subs.IssuePreview:
    return subs.issue_preview(connector.connection(), column_id, text, ctx)


def publish_issue(ctx: TaskContext, connector, column_id: int, text: str) -> int:
    return subs.publish_issue(connector.connection(), column_id, text)


def request_move(ctx: TaskContext, connector, from_id: int, to_id: int, note: str) -> int:
    return subs.request_move(connector.connection(), from_id, to_id, note)


# Dialogs --------------------------------------------------------------------------------------------------

class _TaskDialog(QDialog):
    """A dialog whose work runs on the runner; a refusal shows in its error line."""

    def __init__(self, runner, connector, name: str, parent: QWidget | None):
        super().__init__(parent)
        self.runner, self.connector = runner, connector
        self.setObjectName(name)
        self.error = QLabel(objectName=f"{name}Error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()

    def run(self, fn: Callable, *args: Any, on_success: Callable, key: str) -> None:
        def succeeded(result: Any) -> None:
            if shiboken6.isValid(self):
                self.error.hide()
                on_success(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self.error.setText(error_text(error))
                self.error.show()
                self.failed()

        self.runner.run(fn, self.connector, *args, on_success=succeeded, on_failure=failed,
                        key=f"{self.objectName()}-{id(self)}-{key}")

    def failed(self) -> None:
        """A task was refused (its message is shown)."""


class ColumnDialog(_TaskDialog):
    """HQ: a new information column, or one changed (name, description, active)."""

    def __init__(self, runner, connector, column: dict | None, parent: QWidget | None = None):
        super().__init__(runner, connector, "smsColumnDialog", parent)
        self.column = column
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("Information column") if column is None else self.tr("Edit information column"))
        self.name_edit = QLineEdit(column["name"] if column else "", objectName="columnName")
        self.name_edit.setMaxLength(subs.MAX_NAME)
        self.name_edit.setPlaceholderText(self.tr("e.g. 早盘提示"))
        self.description_edit = QPlainTextEdit(column["description"] if column else "", objectName="columnDescription")
        self.description_edit.setFixedHeight(80)
        self.active_box = QCheckBox(self.tr("Active (takes subscriptions and issues)"), objectName="columnActive")
        self.active_box.setChecked(column["active"] if column else True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("columnSave")
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Description:"), self.description_edit)
        form.addRow("", self.active_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        self.save_button.setEnabled(False)

        def saved(column_id: int) -> None:
            self.saved_id = column_id
            self.accept()

        self.run(save_column, self.column["id"] if self.column else None, self.name_edit.text(),
                 self.description_edit.toPlainText(), self.active_box.isChecked(), on_success=saved, key="save")

    def failed(self) -> None:
        self.save_button.setEnabled(True)


class PublishDialog(_TaskDialog):
    """HQ publishes an issue of a column: the text, then a preview over every live subscriber
    (sendable, skipped per reason, parts, cost, senders whose quota it exceeds); Publish is
    possible once the preview is of the text shown. The agent then queues it."""

    def __init__(self, runner, connector, column: dict, parent: QWidget | None = None):
        super().__init__(runner, connector, "smsPublishDialog", parent)
        self.column = column
        self.preview: subs.IssuePreview | None = None
        self.preview_text: str | None = None
        self.published_id: int | None = None
        self.setWindowTitle(self.tr("Publish an issue of “%1”").replace("%1", column["name"]))
        self.resize(620, 420)
        self.text_edit = QPlainTextEdit(objectName="issueText")
        self.text_edit.setPlaceholderText(self.tr("The text sent to every subscriber. {姓名} {称呼} {营业部} and {员工} "
                                                  "(the subscription's sender) are filled in per subscriber."))
        self.text_edit.textChanged.connect(self._update)
        self.chars = QLabel(objectName="issueChars")
        self.summary = QLabel(objectName="issueSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_button = QPushButton(self.tr("Preview recipients and cost"), objectName="issuePreview")
        self.preview_button.clicked.connect(self.run_preview)
        self.publish_button = QPushButton(self.tr("Publish"), objectName="issuePublish")
        self.publish_button.clicked.connect(self.publish)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.chars, 1)
        row.addWidget(self.preview_button)
        row.addWidget(self.publish_button)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Column: %1").replace("%1", column["name"])))
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self._update()

    def _update(self) -> None:
        text = self.text_edit.toPlainText()
        self.chars.setText(self.tr("%1 characters, %2 parts").replace("%1", f"{sms.message_chars(text):,}")
                           .replace("%2", f"{sms.message_parts(text) if text else 0}"))
        self.preview_button.setEnabled(bool(text.strip()))
        self.publish_button.setEnabled(self.preview is not None and self.preview_text == text)
        if self.preview is not None and self.preview_text != text:
            self.summary.setText(self.tr("The text changed: preview again before publishing."))

    def run_preview(self) -> None:
        text = self.text_edit.toPlainText()

        def shown(preview: subs.IssuePreview) -> None:
            self.preview, self.preview_text = preview, text
            lines = [self.tr("%1 subscribers: %2 will receive it, %3 message parts, cost %4.")
                     .replace("%1", f"{preview.subscribers:,}").replace("%2", f"{preview.sendable:,}")
                     .replace("%3", f"{preview.parts:,}").replace("%4", money(preview.cost))]
            if preview.skipped_by_reason:
                lines.append(self.tr("Skipped: %1").replace("%1", skipped_text(preview.skipped_by_reason)))
            for sender in preview.over_quota:
                lines.append(self.tr("%1 needs %2 parts but has %3 left this month: the rest of theirs will be "
                                     "skipped as over quota.").replace("%1", sender["sender_name"])
                             .replace("%2", f"{sender['parts']:,}").replace("%3", f"{sender['remaining']:,}"))
            self.summary.setText("\n".join(lines))
            self._update()

        self.run(preview_issue, self.column["id"], text, on_success=shown, key="preview")

    def publish(self) -> None:
        self.publish_button.setEnabled(False)

        def done(issue_id: int) -> None:
            self.published_id = issue_id
            self.accept()

        self.run(publish_issue, self.column["id"], self.preview_text, on_success=done, key="publish")

    def failed(self) -> None:
        self._update()


class MoveDialog(_TaskDialog):
    """FAQ 2.3: ask that every subscription of one sender move to another sender of the branch,
    as an approval request (the branch's marketing director, then HQ)."""

    def __init__(self, runner, connector, problem: dict, parent: QWidget | None = None):
        super().__init__(runner, connector, "smsMoveDialog", parent)
        self.problem = problem
        self.request_id: int | None = None
        self.setWindowTitle(self.tr("Move subscriptions to another sender"))
        text = QLabel(self.tr("Every subscription sent by %1 (%2) moves to the sender chosen below once the "
                              "branch's marketing director and HQ approve.")
                      .replace("%1", problem["sender_name"]).replace("%2", problem["branch_name"]))
        text.setWordWrap(True)
        self.sender_combo = QComboBox(objectName="moveTarget")
        self.sender_combo.setEnabled(False)
        self.sender_combo.setMinimumContentsLength(24)
        self.note_edit = QLineEdit(self.tr("The branch changed its information manager (信息管理员)."),
                                   objectName="moveNote")
        self.note_edit.setMaxLength(1000)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = buttons.addButton(self.tr("Submit request"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit_button.setObjectName("moveSubmit")
        self.submit_button.setEnabled(False)
        self.submit_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("New sender:"), self.sender_combo)
        form.addRow(self.tr("Note:"), self.note_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.run(load_senders, on_success=self._senders, key="senders")

    def _senders(self, senders: list[dict]) -> None:
        for sender in senders:
            if sender["staff_id"] != self.problem["sender_id"] and sender["branch_id"] == self.problem["branch_id"]:
                self.sender_combo.addItem(f"{sender['name']} ({sender['login']})", sender["staff_id"])
        self.sender_combo.setEnabled(self.sender_combo.count() > 0)
        self.submit_button.setEnabled(self.sender_combo.count() > 0)
        if not self.sender_combo.count():
            self.error.setText(self.tr("The branch has no other sender (短信发送) yet: HQ grants the right first."))
            self.error.show()

    def submit(self) -> None:
        self.submit_button.setEnabled(False)

        def done(request_id: int) -> None:
            self.request_id = request_id
            self.accept()

        self.run(request_move, self.problem["sender_id"], self.sender_combo.currentData(), self.note_edit.text(),
                 on_success=done, key="submit")

    def failed(self) -> None:
        self.submit_button.setEnabled(self.sender_combo.count() > 0)


# The page -----------------------------------------------------------------------------------------------------

class SubscriptionsPage(QWidget):
    """The SMS tab's 信息栏目 page (tab: the SmsTab, for its runner, connector, info and run())."""

    def __init__(self, tab):
        super().__init__()
        self.setObjectName("smsSubscriptions")
        self.tab = tab
        self.loaded_once = False
        self.is_hq = tab.info.can(HQ_RIGHT)
        self.is_sender = tab.info.can(SEND_RIGHT)
        self.total: int | None = None
        self.page_starts: list[int | None] = [None]      # keyset: the after_id of each page shown so far
        self.dialog: QDialog | None = None

        self.message = QLabel(objectName="subscriptionsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.notice = QLabel(objectName="subscriptionsNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #1b5e20;")
        self.notice.hide()

        self.columns_model = RowTableModel([
            Column("name", self.tr("Column")),
            Column("description", self.tr("Description")),
            Column("active", self.tr("Active"), lambda v: self.tr("Yes") if v else self.tr("No")),
            Column("subscribers", self.tr("Subscribers"), lambda v: f"{v:,}"),
            Column("last_issue_at", self.tr("Last issue"), fmt_datetime),
        ], self)
        self.columns_view, self.columns_proxy = make_table(self, self.columns_model, "subscriptionColumns")
        set_column_widths(self.columns_view, [16, 44, 6, 10, 16])
        self.columns_view.setMaximumHeight(170)
        self.columns_view.selectionModel().selectionChanged.connect(lambda *_: self._column_chosen())

        self.new_column_button = QPushButton(self.tr("New column…"), objectName="newColumn")
        self.new_column_button.clicked.connect(lambda: self.edit_column(None))
        self.edit_column_button = QPushButton(self.tr("Edit column…"), objectName="editColumn")
        self.edit_column_button.clicked.connect(lambda: self.edit_column(self.current_column()))
        self.publish_button = QPushButton(self.tr("Publish issue…"), objectName="publishIssue")
        self.publish_button.clicked.connect(self.publish)
        for button in (self.new_column_button, self.edit_column_button, self.publish_button):
            button.setVisible(self.is_hq)
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="subscriptionsRefresh")
        self.refresh_button.setToolTip(self.tr("Read the columns, subscribers and issues again (F5)"))
        self.refresh_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        hint = QLabel(self.tr("Subscribe customers from the Customers tab: select them (or filter the list) and "
                              "choose “Information columns”."))
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        top.addWidget(hint, 1)
        for button in (self.new_column_button, self.edit_column_button, self.publish_button, self.refresh_button):
            top.addWidget(button)

        # Subscribers of the chosen column, paged.
        self.subscribers_model = RowTableModel([
            Column("customer_name", self.tr("Customer"), lambda name: name or "",
                   tooltip=lambda r: None if r.get("customer_name") else
                   self.tr("A customer of your branch you cannot see yourself")),
            Column("account_no", self.tr("Account")),
            Column("sender_name", self.tr("Sender")),
            Column("subscribed_at", self.tr("Subscribed at"), fmt_datetime),
            Column("subscribed_by_name", self.tr("Subscribed by"), tooltip=lambda r: r.get("subscribed_by")),
        ], self)
        self.subscribers_view, self.subscribers_proxy = make_table(self, self.subscribers_model, "columnSubscribers")
        self.subscribers_view.sortByColumn(3, Qt.SortOrder.DescendingOrder)    # as the page label says: newest first
        self.subscribers_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        set_column_widths(self.subscribers_view, [12, 14, 12, 16, 14])
        self.subscribers_view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.unsubscribe_button = QPushButton(self.tr("Unsubscribe selected"), objectName="unsubscribeSelected")
        self.unsubscribe_button.setVisible(self.is_sender)
        self.unsubscribe_button.clicked.connect(self.unsubscribe_selected)
        self.page_label = QLabel(objectName="subscribersPageLabel")
        self.newer_button = QPushButton(self.tr("◀ Newer"), objectName="subscribersNewer")
        self.newer_button.clicked.connect(lambda: self.go(-1))
        self.older_button = QPushButton(self.tr("Older ▶"), objectName="subscribersOlder")
        self.older_button.clicked.connect(lambda: self.go(1))
        subscribers = QWidget()
        paging = QHBoxLayout()
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.unsubscribe_button)
        paging.addWidget(self.newer_button)
        paging.addWidget(self.older_button)
        box = QVBoxLayout(subscribers)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(self.subscribers_view, 1)
        box.addLayout(paging)

        # Issues of the chosen column.
        self.issues_model = RowTableModel([
            Column("publish_at", self.tr("Published"), fmt_datetime),
            Column("body", self.tr("Text"), lambda text: " ".join(text.split())),
            Column("delivered_at", self.tr("Handed to the outbox"), lambda v: fmt_datetime(v) if v else self.tr("waiting")),
            Column("subscribers", self.tr("Subscribers"), lambda v: "" if v is None else f"{v:,}"),
            Column("queued", self.tr("Queued"), lambda v: "" if v is None else f"{v:,}"),
            Column("skipped_by_reason", self.tr("Skipped"), skipped_text),
        ], self)
        self.issues_view, _ = make_table(self, self.issues_model, "columnIssues")
        set_column_widths(self.issues_view, [16, 36, 16, 9, 8, 30])

        # Senders whose subscriptions are stuck (FAQ 2.3).
        self.problems_model = RowTableModel([
            Column("sender_name", self.tr("Sender")),
            Column("branch_name", self.tr("Branch")),
            Column("column_name", self.tr("Column")),
            Column("reason", self.tr("Why nothing is sent"), reason_text),
            Column("subscriptions", self.tr("Subscriptions"), lambda v: f"{v:,}"),
            Column("pending_move_request", self.tr("Move request"),
                   lambda v: self.tr("No. %1 pending").replace("%1", str(v)) if v else ""),
        ], self)
        self.problems_view, self.problems_proxy = make_table(self, self.problems_model, "subscriptionProblems")
        set_column_widths(self.problems_view, [12, 12, 12, 40, 10, 14])
        self.problems_view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.move_button = QPushButton(self.tr("Request move to another sender…"), objectName="requestMove")
        self.move_button.setVisible(self.is_sender or tab.info.is_admin)
        self.move_button.clicked.connect(self.request_move)
        problems = QWidget()
        problem_box = QVBoxLayout(problems)
        problem_box.setContentsMargins(0, 4, 0, 0)
        explain = QLabel(self.tr("These subscriptions get nothing: their sender lost the send right, the account or "
                                 "the monthly quota. When the branch changed its information manager, move them "
                                 "to the new one."))
        explain.setWordWrap(True)
        problem_box.addWidget(explain)
        problem_box.addWidget(self.problems_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.move_button)
        problem_box.addLayout(row)

        self.details = QTabWidget(objectName="subscriptionDetails")
        self.details.setDocumentMode(True)
        self.details.addTab(subscribers, self.tr("Subscribers"))
        self.details.addTab(self.issues_view, self.tr("Issues"))
        self.details.addTab(problems, self.tr("Senders who cannot send"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        layout.addWidget(self.columns_view)
        layout.addWidget(self.details, 1)
        self._update()

    # running ---------------------------------------------------------------------------------------------------
    def run(self, fn: Callable, *args: Any, on_success: Callable, key: str) -> None:
        def succeeded(result: Any) -> None:
            if shiboken6.isValid(self):
                self.message.hide()
                on_success(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self.message.setText(error_text(error))
                self.message.show()

        self.tab.runner.run(fn, self.tab.connector, *args, on_success=succeeded, on_failure=failed,
                            key=f"sms-subscriptions-{id(self)}-{key}")

    def tell(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    # loading ---------------------------------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        if not self.loaded_once:
            self.reload()

    def reload(self) -> None:
        chosen = (self.current_column() or {}).get("id")

        def arrived(rows: list[dict]) -> None:
            self.loaded_once = True
            self.columns_model.set_rows(rows)
            found = self.columns_model.find(lambda r: r["id"] == chosen) if chosen is not None else -1
            row = found if found >= 0 else (0 if rows else -1)
            if row >= 0:
                self.columns_view.selectRow(self.columns_proxy.mapFromSource(self.columns_model.index(row, 0)).row())
            else:
                self._column_chosen()

        self.run(load_columns, on_success=arrived, key="columns")
        self.run(load_problems, on_success=self._problems, key="problems")

    def _problems(self, rows: list[dict]) -> None:
        self.problems_model.set_rows(rows)
        title = self.tr("Senders who cannot send")
        self.details.setTabText(2, f"{title} ({len(rows)})" if rows else title)
        self._update()

    def current_column(self) -> dict | None:
        rows = self.columns_view.selectionModel().selectedRows()
        return self.columns_proxy.row(rows[0]) if rows else None

    def _column_chosen(self) -> None:
        self.page_starts = [None]
        self.total = None
        self.subscribers_model.set_rows([])
        self.issues_model.set_rows([])
        column = self.current_column()
        if column is not None:
            self._load_page(with_count=True)
            self.run(load_issues, column["id"], on_success=self.issues_model.set_rows, key="issues")
        self._update()

    def _load_page(self, with_count: bool) -> None:
        column = self.current_column()
        if column is None:
            return

        def arrived(result: tuple[list[dict], int | None]) -> None:
            rows, total = result
            if total is not None:
                self.total = total
            self.subscribers_model.set_rows(rows)
            self._update()

        self.run(load_column_page, column["id"], self.page_starts[-1], with_count, on_success=arrived, key="page")

    def go(self, step: int) -> None:
        if step < 0 and len(self.page_starts) > 1:
            self.page_starts.pop()
        elif step > 0 and self.subscribers_model.rowCount() == PAGE_ROWS:
            self.page_starts.append(self.subscribers_model.row(self.subscribers_model.rowCount() - 1)["id"])
        else:
            return
        self._load_page(with_count=False)

    def _update(self) -> None:
        column = self.current_column()
        shown = self.subscribers_model.rowCount()
        first = (len(self.page_starts) - 1) * PAGE_ROWS
        if column is None:
            self.page_label.setText(self.tr("Choose a column above."))
        elif self.total == 0:
            self.page_label.setText(self.tr("Nobody of your branches subscribes to “%1” yet.").replace("%1", column["name"]))
        elif self.total is not None:
            self.page_label.setText(self.tr("Subscribers %1–%2 of %3, newest first").replace("%1", f"{first + 1:,}")
                                    .replace("%2", f"{first + shown:,}").replace("%3", f"{self.total:,}"))
        self.newer_button.setEnabled(len(self.page_starts) > 1)
        self.older_button.setEnabled(self.total is not None and first + shown < self.total)
        self.unsubscribe_button.setEnabled(bool(self.subscribers_view.selectionModel().selectedRows()))
        self.edit_column_button.setEnabled(column is not None)
        self.publish_button.setEnabled(column is not None and bool(column.get("active")))
        self.move_button.setEnabled(bool(self.problems_view.selectionModel().selectedRows()))

    # actions ---------------------------------------------------------------------------------------------------
    def unsubscribe_selected(self) -> None:
        column = self.current_column()
        ids = [self.subscribers_proxy.row(i)["customer_id"] for i in self.subscribers_view.selectionModel().selectedRows()]
        if column is None or not ids:
            return

        def done(result: subs.ChangeResult) -> None:
            self.tell(self.tr("%1 customers unsubscribed from “%2”.").replace("%1", f"{result.changed:,}")
                      .replace("%2", column["name"]))
            self.reload()

        self.run(unsubscribe, column["id"], ids, on_success=done, key="unsubscribe")

    def _open(self, dialog: QDialog, on_accepted: Callable[[], None]) -> QDialog:
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.reject()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_accepted)
        dialog.open()
        return dialog

    def edit_column(self, column: dict | None) -> QDialog:
        dialog = ColumnDialog(self.tab.runner, self.tab.connector, column, self)
        return self._open(dialog, self.reload)

    def publish(self) -> QDialog | None:
        column = self.current_column()
        if column is None:
            return None
        dialog = PublishDialog(self.tab.runner, self.tab.connector, column, self)

        def published() -> None:
            self.tell(self.tr("Issue published: the agent sends it to the subscribers of “%1” within a minute.")
                      .replace("%1", column["name"]))
            self.reload()

        return self._open(dialog, published)

    def request_move(self) -> QDialog | None:
        rows = self.problems_view.selectionModel().selectedRows()
        if not rows:
            return None
        dialog = MoveDialog(self.tab.runner, self.tab.connector, self.problems_proxy.row(rows[0]), self)

        def submitted() -> None:
            self.tell(self.tr("Request No. %1 submitted: the subscriptions move once it is approved (审批).")
                      .replace("%1", str(dialog.request_id)))
            self.reload()

        return self._open(dialog, submitted)
