"""The questions and messages of the approvals UI, in one replaceable object."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from crm_desktop.ui.approvals.common import error_text, translate
from crm_desktop.ui.approvals.dialogs import CommentDialog, ImportReportDialog, ResultsDialog


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
