"""The questions the customer window asks (unsaved edits, conflicts, deleting a visit, refusals):
one class, so tests answer them without dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from crm_desktop.services import customer_detail as cd
from crm_desktop.ui.customer_detail.common import fmt_datetime, translate
from crm_desktop.ui.messages import error_text
from crm_desktop.ui.customer_detail.conflict import ConflictDialog


class DetailPrompts:
    """Every question the detail window asks goes through here (tests replace the methods)."""

    def ask_unsaved(self, parent: QWidget) -> str:
        """'save', 'discard' or 'cancel'."""
        answer = QMessageBox.question(
            parent, translate("CustomerDetail", "Unsaved changes"),
            translate("CustomerDetail", "The extended data has unsaved changes. Save them?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(answer, "cancel")

    def choose_conflict(self, parent: QWidget, base: cd.ExtData, theirs: cd.ExtData, mine: dict) -> str | None:
        """'mine' (overwrite), 'theirs' (reload) or None (keep editing)."""
        dialog = ConflictDialog(base, theirs, mine, parent)
        dialog.exec()
        return dialog.choice

    def choose_visit_conflict(self, parent: QWidget, theirs: dict) -> str | None:
        box = QMessageBox(QMessageBox.Icon.Warning, translate("CustomerDetail", "Visit changed"),
                          translate("CustomerDetail", "This visit was changed elsewhere (%1) after you opened it.")
                          .replace("%1", fmt_datetime(theirs.get("modified_at"))),
                          QMessageBox.StandardButton.NoButton, parent)
        mine = box.addButton(translate("CustomerDetail", "Keep mine (overwrite)"), QMessageBox.ButtonRole.AcceptRole)
        theirs_button = box.addButton(translate("CustomerDetail", "Take theirs"),
                                      QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "mine" if clicked is mine else "theirs" if clicked is theirs_button else None

    def confirm_delete(self, parent: QWidget, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, translate("CustomerDetail", "Delete visit"), text,
                          QMessageBox.StandardButton.NoButton, parent)
        ok = box.addButton(translate("CustomerDetail", "Delete"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is ok

    def show_refusal(self, parent: QWidget, title: str, error: BaseException) -> None:
        QMessageBox.warning(parent, title, error_text(error))
