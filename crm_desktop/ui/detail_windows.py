"""The customer windows a tab has opened: they hold the unsaved edits the main window asks
about at sign-out (save / discard / cancel), so every tab that opens them keeps them here.
The dialog is imported when the first one opens (it pulls in matplotlib)."""

from __future__ import annotations


class DetailWindows(list):
    """Open CustomerDetailDialogs, each removed again when it closes."""

    def open(self, parent, runner, connector, customer_id: int):
        from crm_desktop.ui.customer_detail.dialog import CustomerDetailDialog

        dialog = CustomerDetailDialog(runner, connector, customer_id, parent=parent)
        self.append(dialog)
        dialog.finished.connect(lambda _: self.remove(dialog) if dialog in self else None)
        dialog.show()
        return dialog

    def has_unsaved_changes(self) -> bool:
        return any(w.has_unsaved_changes() for w in self)

    def save_changes(self) -> bool:
        return all(w.save_changes() for w in self if w.has_unsaved_changes())

    def discard_changes(self) -> None:
        for window in self:
            window.discard_changes()
