"""员工账号 › 基本资料 (FAQ 22): an administrator edits a staff member's name, phone, title and team;
the dialog shows every earlier version with its dates and who changed it (the server keeps them as
dated rows and checks the administrator's scope, services.staff_admin.update_basic_data).

    install(admin_tab)     # from AdminTab.__init__: the "Basic data…" action on the staff page
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QToolBar, QVBoxLayout,
                               QWidget)

from crm_desktop.services import staff_admin
from crm_desktop.ui.admin.common import fmt_datetime, translate
from crm_desktop.ui.admin.features import AdminTabParts
from crm_desktop.ui.messages import error_text
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths


def _history(ctx, connector, login: str) -> list[dict]:
    return staff_admin.basic_data_history(ctx.watch(connector.connection()), login)


def _save(ctx, connector, login: str, values: dict) -> bool:
    return staff_admin.update_basic_data(connector.connection(), login, **values)


class BasicDataDialog(QDialog):
    """The form and, under it, the history (newest first)."""

    def __init__(self, row: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("basicDataDialog")
        self.login = row["login"]
        self.setWindowTitle(self.tr("Basic data of %1").replace("%1", f"{row['login']} {row['name']}"))
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in (("name", self.tr("Name:")), ("phone", self.tr("Phone:")), ("title", self.tr("Title:")),
                           ("team", self.tr("Team:"))):
            edit = QLineEdit(objectName=f"basic_{key}")
            edit.setMaxLength(staff_admin.BASIC_TEXT_MAX if key != "phone" else 30)
            self.fields[key] = edit
            form.addRow(label, edit)
        self.fields["name"].setText(row["name"])
        self.model = RowTableModel([
            Column("valid_from", self.tr("From"), fmt_datetime),
            Column(lambda r: fmt_datetime(r["valid_to"]) if r["valid_to"] else self.tr("now"), self.tr("To")),
            Column("name", self.tr("Name")),
            Column("phone", self.tr("Phone")),
            Column("title", self.tr("Title")),
            Column("team", self.tr("Team")),
            Column("changed_by", self.tr("Changed by")),
        ], self)
        self.view, self.proxy = make_table(self, self.model, "basicDataHistory")
        set_column_widths(self.view, [15, 15, 8, 12, 10, 10, 9])
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.message = QLabel(objectName="basicDataMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a1c1c;")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(self.tr("History (every version, newest first)")))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.resize(880, 460)

    def show_history(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        current = next((r for r in rows if r["valid_to"] is None), None)
        if current is not None:
            for key in ("name", "phone", "title", "team"):
                # What was typed while the history loaded (a slow server) is the user's: kept.
                if not self.fields[key].isModified():
                    self.fields[key].setText(current[key] or "")

    def values(self) -> dict:
        return {key: edit.text().strip() or None for key, edit in self.fields.items()}

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class BasicDataAction:
    """The staff page's "Basic data…" action (enabled for staff of a branch the caller administers)."""

    def __init__(self, admin_tab: AdminTabParts):
        self.admin_tab = admin_tab
        self.page = admin_tab.staff_page
        self.dialog: BasicDataDialog | None = None
        self.action = QAction(translate("Admin", "Basic data…"), self.page, objectName="basicData")
        self.action.setToolTip(translate("Admin", "Name, phone, title and team, with their history"))
        self.action.triggered.connect(lambda _=False: self.open())
        toolbar = self.page.findChild(QToolBar, "staffToolbar")
        if toolbar is not None:
            toolbar.insertAction(toolbar.actions()[2] if len(toolbar.actions()) > 2 else None, self.action)
        self.page.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.page.proxy.modelReset.connect(self._update)
        self._update()

    def _update(self) -> None:
        row = self.page.selected()
        administered = {b["code"] for b in self.page.reference.get("branches", []) if b.get("administered")}
        self.action.setEnabled(row is not None and row["branch_code"] in administered and row["status"] != "closed")

    def open(self) -> BasicDataDialog | None:
        row = self.page.selected()
        if row is None:
            return None
        dialog = BasicDataDialog(row, self.page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.buttons.accepted.connect(lambda: self._save(dialog))
        self.dialog = dialog
        self._run(_history, row["login"], on_success=dialog.show_history, dialog=dialog)
        dialog.open()
        return dialog

    def _save(self, dialog: BasicDataDialog) -> None:
        values = dialog.values()
        if not values["name"]:
            dialog.show_problem(translate("Admin", "The name is required."))
            return
        dialog.buttons.setEnabled(False)

        def saved(_: Any) -> None:
            dialog.accept()
            self.page.refresh()

        self._run(_save, dialog.login, values, on_success=saved, dialog=dialog)

    def _run(self, fn, *args, on_success, dialog: BasicDataDialog) -> None:
        def succeeded(result: Any) -> None:
            if shiboken6.isValid(dialog):
                on_success(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(dialog):
                dialog.buttons.setEnabled(True)
                dialog.show_problem(error_text(error))

        self.admin_tab.runner.run(fn, self.admin_tab.connector, *args, on_success=succeeded, on_failure=failed,
                                  key=self.admin_tab.task_key(f"basic_data:{fn.__name__}"))


def install(admin_tab: AdminTabParts) -> BasicDataAction:
    return BasicDataAction(admin_tab)
