"""Layouts saved on the server (services.pivot save/list/delete_layout): the Layouts menu with
the newest twenty, saving the pane's layout (shared with everyone only for HQ administrators),
the manage dialog that loads and deletes them, and loading one into the pane.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from crm_desktop.services import pivot
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui.analysis import work
from crm_desktop.ui.analysis.common import menu_button
from crm_desktop.ui.analysis.dialogs import ManageLayoutsDialog, SaveLayoutDialog, layout_row_text
from crm_desktop.ui.analysis.features import AnalysisPane

MENU_ROWS = 20


def _row_dict(row: Any) -> dict:
    if isinstance(row, dict):
        return row
    if hasattr(row, "_asdict"):
        return row._asdict()
    if hasattr(row, "__dataclass_fields__"):
        return {name: getattr(row, name) for name in row.__dataclass_fields__}
    return dict(row)


class SavedLayouts(QObject):
    def __init__(self, tab: AnalysisPane):
        super().__init__(tab)
        self.tab = tab
        self.rows: list[dict] = []          # the saved layouts the signed-in staff member sees
        self.button, self.menu = menu_button("layoutsButton", self.tr("Layouts"), self._fill_menu, tab)
        tab.tools.addWidget(self.button)

    def _fill_menu(self) -> None:
        self.menu.clear()
        self.menu.addAction(self.tr("Save layout…"), self.save)
        self.menu.addAction(self.tr("Manage layouts…"), self.manage)
        if self.rows:
            self.menu.addSeparator()
        for row in self.rows[:MENU_ROWS]:
            self.menu.addAction(layout_row_text(row), lambda _=False, r=row: self.load(r))

    def reload(self, then=None) -> None:
        def got(rows) -> None:
            self.rows = [_row_dict(r) for r in rows]
            if then is not None:
                then(self.rows)

        tab = self.tab
        tab.runner.run(work.list_layouts, tab.connector, key="analysis-layouts", on_success=got,
                       on_failure=lambda error: tab.say(tab.error_text(error)))

    def save(self) -> None:
        tab = self.tab
        dialog = SaveLayoutDialog(tab.info.can("admin_all"), parent=tab)

        def accepted() -> None:
            name, shared = dialog.name.text().strip(), dialog.shared.isChecked()
            tab.runner.run(work.save_layout, tab.connector, name, tab.layout_state, shared, key="analysis-save",
                           on_success=lambda _: (tab.say(self.tr("Layout “%1” saved.").replace("%1", name)),
                                                 self.reload()),
                           on_failure=lambda error: tab.say(tab.error_text(error)))

        dialog.accepted.connect(accepted)
        tab.keep(dialog)
        dialog.open()

    def manage(self) -> ManageLayoutsDialog:
        tab = self.tab
        dialog = ManageLayoutsDialog(self.rows, tab)
        dialog.load_requested.connect(self.load)

        def delete(row: dict) -> None:
            tab.runner.run(work.delete_layout, tab.connector, row["id"], key="analysis-delete",
                           on_success=lambda _: self.reload(then=dialog.set_rows),
                           on_failure=lambda error: tab.say(tab.error_text(error)))

        dialog.delete_requested.connect(delete)
        tab.keep(dialog)
        dialog.open()
        self.reload(then=dialog.set_rows)
        return dialog

    def load(self, row: dict) -> None:
        layout = row.get("definition", row.get("layout"))
        try:
            if isinstance(layout, dict):
                layout = pivot.layout_from_dict(layout)
        except (CrmRefusal, KeyError, TypeError, ValueError) as error:
            self.tab.say(self.tab.error_text(error) if isinstance(error, CrmRefusal)
                         else self.tr("This saved layout cannot be read: %1").replace("%1", str(error)))
            return
        if isinstance(layout, pivot.Layout):
            self.tab.set_layout(layout)


def install(tab: AnalysisPane) -> SavedLayouts:
    return SavedLayouts(tab)
