"""Requests that name many customers at once (issue #15), one request and one approval each:

* 客户交接 hand-over (FAQ 1, 22): all of a staff member's development or service customers, or
  the ones selected in 客户, to a colleague of their branch from an effective date;
* 存量关系录入 batch entry (FAQ 33): existing customers' development or service relationships
  for a subordinate, from the selection in 客户 or an .xlsx of account numbers (资金账号), read
  row by row with a report (services/account_list.py).

The dialog loads the staff it may name (crm.handover_staff), reads workbooks and submits in
workers; the server's refusal stays in the dialog, which stays open. Before a hand-over is
submitted it asks which of the customers began their relationship on or after the effective date
(crm.handover_blockers: the server refuses to end those before they began); when there are any it
names them and offers to hand over the others, which the server judges again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget)

from crm_desktop.ui.approvals import common
from crm_desktop.ui.approvals.common import chinese_ui, kind_label
from crm_desktop.ui.messages import error_text

MAX_REPORTED_ROWS = 8       # row errors listed in the dialog; the count says how many in all


def staff_text(row: dict) -> str:
    return f"{row.get('name', '')} ({row.get('login', '')}) · {row.get('branch_code', '')}"


class BatchRequestDialog(QDialog):
    """mode "handover" or "batch_entry". `run(fn, *args, on_success=, on_failure=)` runs a worker
    function of ui/approvals/common.py with the caller's connector."""

    def __init__(self, mode: str, run: Callable, parent: QWidget | None = None, *, giver_login: str | None = None,
                 customer_ids: list[int] | None = None, own_login: str | None = None):
        super().__init__(parent)
        self.mode, self.run = mode, run
        self.giver_login = giver_login
        self.own_login = own_login          # never offered as the receiver
        self.customer_ids = list(customer_ids) if customer_ids else None
        self.staff: list[dict] = []
        self.request_id: int | None = None
        self.report: Any = None
        self.setObjectName("handoverDialog" if mode == "handover" else "batchEntryDialog")
        self.setMinimumWidth(560)
        handover = mode == "handover"
        self.setWindowTitle(self.tr("Hand over customers (客户交接)") if handover
                            else self.tr("Enter existing relationships (存量关系录入)"))
        text = QLabel(self.tr("Hand the customers of one staff member to a colleague of the same branch. The request "
                              "goes to the approvers; when the last step approves it, the old relationships end the "
                              "day before the effective date and the new ones begin on it.") if handover else
                      self.tr("Enter the development or service relationships of existing customers (without one of "
                              "that kind) for a staff member of your team, as one request."))
        text.setWordWrap(True)
        self.giver = QComboBox(objectName="handoverGiver")
        self.receiver = QComboBox(objectName="handoverReceiver")
        self.kind = QComboBox(objectName="handoverKind")
        for code in ("development", "service"):
            self.kind.addItem(kind_label(code), code)
        self.day = QDateEdit(QDate.currentDate(), objectName="handoverDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMinimumDate(QDate.currentDate().addDays(-62))
        self.day.setMaximumDate(QDate.currentDate().addDays(31))
        self.scope = QLabel(objectName="handoverScope")
        self.scope.setWordWrap(True)
        self.workbook_button = QPushButton(self.tr("Read account numbers from .xlsx…"), objectName="handoverWorkbook")
        self.workbook_button.clicked.connect(lambda: self.read_workbook())
        self.report_label = QLabel(objectName="handoverReport")
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_label.hide()
        self.note = QPlainTextEdit(objectName="handoverNote")
        self.note.setFixedHeight(64)
        self.note.setTabChangesFocus(True)
        self.error = QLabel(objectName="handoverError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #8a1c1c;")
        self.error.hide()
        self.blockers: list[dict] = []
        self.blockers_label = QLabel(objectName="handoverBlockers")
        self.blockers_label.setWordWrap(True)
        self.blockers_label.setStyleSheet("color: #8a5a00;")
        self.blockers_list = QPlainTextEdit(objectName="handoverBlockerList")
        self.blockers_list.setReadOnly(True)
        self.blockers_list.setFixedHeight(96)
        self.others_button = QPushButton(objectName="handoverOthers")
        self.others_button.clicked.connect(self.submit_others)
        for widget in (self.blockers_label, self.blockers_list, self.others_button):
            widget.hide()
        self.busy = QProgressBar(maximum=0, textVisible=False)
        self.busy.setFixedHeight(6)
        self.busy.hide()
        form = QFormLayout()
        if handover:
            form.addRow(self.tr("From (staff member leaving) *:"), self.giver)
        form.addRow(self.tr("To *:") if handover else self.tr("Staff member *:"), self.receiver)
        form.addRow(self.tr("Relationship:"), self.kind)
        form.addRow(self.tr("Effective date *:") if handover else self.tr("Begins on *:"), self.day)
        customers = QHBoxLayout()
        customers.addWidget(self.scope, 1, Qt.AlignmentFlag.AlignTop)
        customers.addWidget(self.workbook_button, 0, Qt.AlignmentFlag.AlignTop)
        self.workbook_button.setVisible(not handover)
        form.addRow(self.tr("Customers:"), customers)
        form.addRow(self.report_label)
        form.addRow(self.tr("Reason / note:"), self.note)
        self.submit_button = QPushButton(self.tr("Submit"), objectName="handoverSubmit")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.blockers_label)
        layout.addWidget(self.blockers_list)
        layout.addWidget(self.others_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.giver.currentIndexChanged.connect(lambda _: self._giver_changed())
        self.kind.currentIndexChanged.connect(lambda _: self._update_scope())
        for changed in (self.giver.currentIndexChanged, self.kind.currentIndexChanged, self.day.dateChanged):
            changed.connect(lambda _: self._show_blockers([]))
        self._set_busy(True)
        self.run(common.load_handover_staff, on_success=self.set_staff, on_failure=self.show_error)
        self._update_scope()

    # data -----------------------------------------------------------------------------------------------
    def set_staff(self, rows: list[dict]) -> None:
        self._set_busy(False)
        self.staff = list(rows)
        self.giver.blockSignals(True)
        self.giver.clear()
        for row in self.staff:
            self.giver.addItem(self._with_counts(row), row["login"])
        if self.giver_login:
            index = self.giver.findData(self.giver_login)
            if index >= 0:
                self.giver.setCurrentIndex(index)
        self.giver.blockSignals(False)
        self._giver_changed()

    def _with_counts(self, row: dict) -> str:
        return self.tr("%1 — development %2, service %3").replace("%1", staff_text(row)) \
            .replace("%2", str(row.get("development", 0))).replace("%3", str(row.get("service", 0)))

    def _giver_changed(self) -> None:
        giver = self.selected_giver()
        keep = self.receiver.currentData()
        self.receiver.clear()
        for row in common.receivers(self.staff, self.own_login):
            if giver is not None and (row["login"] == giver["login"] or row.get("branch_id") != giver.get("branch_id")):
                continue
            self.receiver.addItem(staff_text(row), row["login"])
        index = self.receiver.findData(keep)
        if index >= 0:
            self.receiver.setCurrentIndex(index)
        self._update_scope()

    def selected_giver(self) -> dict | None:
        if self.mode != "handover":
            return None
        login = self.giver.currentData()
        return next((r for r in self.staff if r["login"] == login), None)

    def _update_scope(self) -> None:
        kind = self.kind.currentData()
        if self.report is not None:
            self.scope.setText(self.tr("the %1 customers found in the file").replace("%1", str(len(self.customer_ids))))
        elif self.customer_ids is not None:
            self.scope.setText(self.tr("the %1 selected customers").replace("%1", str(len(self.customer_ids))))
        elif self.mode == "handover":
            giver = self.selected_giver()
            count = giver.get(kind, 0) if giver else 0
            self.scope.setText(self.tr("all %1 %2 customers of the staff member").replace("%1", str(count))
                               .replace("%2", kind_label(kind)))
        else:
            self.scope.setText(self.tr("none yet: select customers in the Customers tab, or read an .xlsx of account "
                                       "numbers (column 资金账号)"))

    # the workbook (batch entry) ---------------------------------------------------------------------------------
    def read_workbook(self, path: str | None = None) -> None:
        if path is None:
            from crm_desktop.ui.approvals.dialogs import ApprovalPrompts

            path = ApprovalPrompts().open_path(self, self.tr("Account numbers (.xlsx)"))
            if not path:
                return
        self._set_busy(True)
        self.run(common.read_account_list, path, on_success=lambda report: self._read(path, report),
                 on_failure=self.show_error)

    def _read(self, path: str, report: Any) -> None:
        self._set_busy(False)
        self.report = report
        self.customer_ids = list(report.customer_ids)
        lines = [self.tr("%1: %2 customers found, %3 rows with errors.").replace("%1", Path(path).name)
                 .replace("%2", str(len(report.customer_ids))).replace("%3", str(len(report.errors)))]
        for error in report.errors[:MAX_REPORTED_ROWS]:
            message = error["message_zh"] if chinese_ui() else error["message_en"]
            account = f" ({error['account_no']})" if error.get("account_no") else ""
            lines.append(self.tr("row %1%2: %3").replace("%1", str(error["row"])).replace("%2", account)
                         .replace("%3", message))
        if len(report.errors) > MAX_REPORTED_ROWS:
            lines.append(self.tr("… and %1 more").replace("%1", str(len(report.errors) - MAX_REPORTED_ROWS)))
        if report.errors:
            lines.append(self.tr("Only the customers found are entered: correct the file and read it again to "
                                 "include the others."))
        self.report_label.setText("\n".join(lines))
        self.report_label.setStyleSheet("color: #8a5a00;" if report.errors else "color: #1b6b34;")
        self.report_label.show()
        self._update_scope()

    # submitting --------------------------------------------------------------------------------------------
    def values(self) -> dict:
        day = self.day.date()
        return {"from_login": self.giver.currentData(), "to_login": self.receiver.currentData(),
                "kind": self.kind.currentData(), "day": dt.date(day.year(), day.month(), day.day()),
                "customer_ids": self.customer_ids, "note": self.note.toPlainText().strip() or None}

    def submit(self) -> None:
        values = self.values()
        if self.mode == "handover" and not values["from_login"]:
            self.show_error(self.tr("Choose the staff member whose customers are handed over."))
            return
        if not values["to_login"]:
            self.show_error(self.tr("Choose the staff member who receives the customers."))
            return
        if self.mode == "batch_entry" and not values["customer_ids"]:
            self.show_error(self.tr("No customers: select them in the Customers tab or read an .xlsx first."))
            return
        if values["note"] and len(values["note"]) > 1000:
            self.show_error(self.tr("The note is too long (at most 1000 characters)."))
            return
        self.error.hide()
        self._set_busy(True)
        if self.mode == "handover":
            self.run(common.handover_blockers, values["from_login"], values["kind"], values["day"],
                     values["customer_ids"], on_success=lambda rows: self._checked(values, rows),
                     on_failure=self.show_error)
        else:
            self.run(common.request_batch_entry, values["to_login"], values["kind"], values["customer_ids"],
                     values["day"], values["note"], on_success=self._submitted, on_failure=self.show_error)

    def _checked(self, values: dict, blockers: list[dict]) -> None:
        if blockers:
            self._set_busy(False)
            self._show_blockers(blockers)
            return
        self._request_handover(values, None)

    def _request_handover(self, values: dict, leave_out: list[int] | None) -> None:
        self.run(common.request_handover, values["from_login"], values["to_login"], values["kind"], values["day"],
                 values["customer_ids"], values["note"], leave_out, on_success=self._submitted,
                 on_failure=self.show_error)

    def _handed_over_count(self) -> int:
        """How many customers the request names without the blockers."""
        if self.customer_ids is not None:
            total = len(self.customer_ids)
        else:
            giver = self.selected_giver()
            total = int(giver.get(self.kind.currentData(), 0)) if giver else 0
        return max(total - len(self.blockers), 0)

    def _show_blockers(self, blockers: list[dict]) -> None:
        self.blockers = list(blockers)
        for widget in (self.blockers_label, self.blockers_list, self.others_button):
            widget.setVisible(bool(blockers))
        if not blockers:
            return
        others = self._handed_over_count()
        self.blockers_label.setText(
            self.tr("%1 of these customers began their relationship on or after %2 and cannot be handed over "
                    "from that day: choose a later effective date, or hand over the others.")
            .replace("%1", str(len(blockers))).replace("%2", self.day.date().toString("yyyy-MM-dd")))
        self.blockers_list.setPlainText("\n".join(
            self.tr("%1 %2 — since %3").replace("%1", row.get("account_no") or "")
            .replace("%2", row.get("customer_name") or "").replace("%3", common.fmt_date(row.get("valid_from")))
            for row in blockers))
        self.others_button.setText(self.tr("Hand over the other %1 customers").replace("%1", str(others)))
        self.others_button.setEnabled(others > 0)

    def submit_others(self) -> None:
        """Submit without the customers named as blocking (the server judges the rest again)."""
        if not self.blockers:
            return
        values = self.values()
        self.error.hide()
        self._set_busy(True)
        self._request_handover(values, [row["customer_id"] for row in self.blockers])

    def _submitted(self, request_id: int) -> None:
        self._set_busy(False)
        self.request_id = request_id
        self.accept()

    def show_error(self, error: BaseException | str) -> None:
        self._set_busy(False)
        self.error.setText(error if isinstance(error, str) else error_text(error))
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.submit_button.setEnabled(not busy)
        self.workbook_button.setEnabled(not busy)
        self.others_button.setEnabled(not busy and self._handed_over_count() > 0)
