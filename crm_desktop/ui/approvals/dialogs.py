"""Dialogs of the approvals UI: a decision comment, the per-item results of a batch decision,
the reservation import report, and ApprovalPrompts, through which every question goes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QInputDialog, QLabel, QLineEdit,
                               QMessageBox, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from crm_desktop.ui.approvals.common import COLORS, chinese_ui, translate
from crm_desktop.ui.messages import error_text

MAX_COMMENT = 1000


class CommentDialog(QDialog):
    """Approve or reject with a comment; a rejection needs one. Ctrl+Enter confirms."""

    def __init__(self, title: str, summary: str, required: bool, ok_text: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("commentDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.required = required
        self.comment = ""
        self.summary = QLabel(summary, objectName="commentSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label = QLabel(self.tr("Comment (required):") if required else self.tr("Comment (optional):"))
        self.edit = QPlainTextEdit(objectName="commentEdit")
        self.edit.setPlaceholderText(self.tr("Reason for the rejection, visible to the requester")
                                     if required else self.tr("Visible to the requester and in the history"))
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(110)
        self.error = QLabel(objectName="commentError")
        self.error.setStyleSheet("color: #8a1c1c;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.ok_button = QPushButton(ok_text or self.tr("OK"), objectName="commentOk")
        self.ok_button.setDefault(True)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Ctrl+Enter to confirm"))
        hint.setStyleSheet("color: #777;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        self.edit.setFocus()

    def accept(self) -> None:
        text = self.edit.toPlainText().strip()
        if self.required and not text:
            self.error.setText(self.tr("Please give a reason: the requester sees it."))
            self.error.show()
            self.edit.setFocus()
            return
        if len(text) > MAX_COMMENT:
            self.error.setText(self.tr("The comment is too long (at most %1 characters).")
                               .replace("%1", str(MAX_COMMENT)))
            self.error.show()
            return
        self.comment = text
        super().accept()


class ResultsDialog(QDialog):
    """The outcome of a batch decision, one line per request (what happened, or why not)."""

    def __init__(self, title: str, results: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("resultsDialog")
        self.setWindowTitle(title)
        self.resize(720, 360)
        done = sum(1 for r in results if r["ok"])
        summary = QLabel(self.tr("%1 of %2 requests done.").replace("%1", str(done)).replace("%2", str(len(results))),
                         objectName="resultsSummary")
        font = summary.font()
        font.setBold(True)
        summary.setFont(font)
        self.table = QTableWidget(len(results), 3, objectName="resultsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Request"), self.tr("Customer / staff"), self.tr("Result")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for number, result in enumerate(results):
            color = COLORS["approved" if result["ok"] else "rejected"][0]
            cells = (f"#{result['id']} {result.get('flow', '')}", result.get("who", ""),
                     ("✓ " if result["ok"] else "✗ ") + result["text"])
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2:
                    item.setForeground(_brush(color))
                self.table.setItem(number, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


def _brush(color: str):
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(color))


def report_value(report: Any, *names: str, default: Any = None) -> Any:
    """A field of the import report, whether it is a dataclass, an object or a dict."""
    for name in names:
        if isinstance(report, dict) and name in report:
            return report[name]
        if hasattr(report, name):
            return getattr(report, name)
    return default


def report_errors(report: Any, field_name: str = "errors") -> list[dict]:
    """{row, column, reason (in the UI language)} of the report's row errors (or, with
    field_name="duplicates", of the rows skipped as duplicates of open reservations)."""
    errors = report_value(report, field_name, default=()) or ()
    rows = []
    for error in errors:
        if isinstance(error, dict):
            text = (error.get("message_zh") if chinese_ui() else None) or error.get("message") or error.get("reason")
            if error.get("earlier_row"):
                text += " (" + QCoreApplication.translate("Reservations", "row %1").replace(
                    "%1", str(error["earlier_row"])) + ")"
            rows.append({"row": error.get("row"), "column": error.get("column"), "reason": text})
        elif isinstance(error, (tuple, list)):
            row, column, reason = (list(error) + [None, None, None])[:3]
            rows.append({"row": row, "column": column, "reason": reason})
        else:
            rows.append({"row": getattr(error, "row", None), "column": getattr(error, "column", None),
                         "reason": getattr(error, "reason", str(error))})
    return rows


class ImportReportDialog(QDialog):
    """Rows read / imported and every row-level error. With errors and nothing imported, the user
    may import the valid rows only (all-or-nothing is the default)."""

    def __init__(self, report: Any, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importReportDialog")
        self.setWindowTitle(self.tr("Reservation import"))
        self.resize(720, 440)
        self.import_valid = False
        read = report_value(report, "rows_read", "read", default=0) or 0
        inserted = report_value(report, "inserted", "rows_inserted", default=0) or 0
        errors = report_errors(report)
        duplicates = report_errors(report, "duplicates")
        bad_rows = len({e["row"] for e in errors})
        if errors and not inserted:
            text = self.tr("%1 rows read from %2; %3 rows have errors, so nothing was imported "
                           "(all or nothing). Correct the file and import it again, or import the %4 valid rows only.")
            text = (text.replace("%1", str(read)).replace("%2", path).replace("%3", str(bad_rows))
                    .replace("%4", str(max(read - bad_rows, 0))))
        elif errors:
            text = self.tr("%1 rows read from %2; %3 imported; %4 rows with errors were skipped.")
            text = text.replace("%1", str(read)).replace("%2", path).replace("%3", str(inserted)).replace("%4", str(bad_rows))
        else:
            text = self.tr("%1 rows read from %2; %3 reservations imported.")
            text = text.replace("%1", str(read)).replace("%2", path).replace("%3", str(inserted))
        sheet = report_value(report, "sheet", default="")
        if sheet:
            text = self.tr("Sheet “%1”.").replace("%1", sheet) + " " + text
        if duplicates:
            text += " " + self.tr("%1 rows were skipped: these people already have an open reservation at "
                                  "that branch.").replace("%1", str(len(duplicates)))
        self.summary = QLabel(text, objectName="importSummary")
        self.summary.setWordWrap(True)
        listed = errors + duplicates
        self.table = QTableWidget(len(listed), 3, objectName="importErrors")
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Problem")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for number, error in enumerate(listed):
            for column, value in enumerate((error["row"], error["column"], error["reason"])):
                item = QTableWidgetItem("" if value is None else str(value))
                item.setToolTip(item.text())
                self.table.setItem(number, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(listed))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.valid_button = None
        if errors and not inserted and read > bad_rows:
            self.valid_button = QPushButton(self.tr("Import valid rows only"), objectName="importValidOnly")
            buttons.addButton(self.valid_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.valid_button.clicked.connect(self._valid_only)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _valid_only(self) -> None:
        self.import_valid = True
        self.accept()


# Prompts ---------------------------------------------------------------------------------------------

class ApprovalPrompts:
    """Every question and message of the approvals UI goes through here (tests replace methods)."""

    def ask_comment(self, parent: QWidget, title: str, summary: str, required: bool,
                    ok_text: str | None = None) -> str | None:
        """The comment ('' allowed unless required), or None when cancelled."""
        dialog = CommentDialog(title, summary, required, ok_text, parent)
        return dialog.comment if dialog.exec() else None

    def show_results(self, parent: QWidget, title: str, results: list[dict]) -> None:
        ResultsDialog(title, results, parent).exec()

    def confirm(self, parent: QWidget, title: str, text: str, ok_text: str | None = None) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        ok = box.addButton(ok_text or translate("Approvals", "OK"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is ok

    def ask_text(self, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def show_error(self, parent: QWidget, title: str, error: BaseException) -> None:
        QMessageBox.warning(parent, title, error_text(error))

    def save_path(self, parent: QWidget, title: str, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "Excel (*.xlsx)")
        return path or None

    def open_path(self, parent: QWidget, title: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", "Excel (*.xlsx)")
        return path or None

    def import_report(self, parent: QWidget, report: Any, path: str) -> bool:
        """Show an import report; True when the user chose "import valid rows only"."""
        dialog = ImportReportDialog(report, path, parent)
        dialog.exec()
        return dialog.import_valid
