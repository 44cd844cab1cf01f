"""Customer groups on the Customers tab: a "Groups…" button (the groups window), an "Add to group"
menu (the selected customers, or the whole current list added on the server) and the same on
the list's context menu.

    install(tab)        # once, from CustomersTab.__init__; the feature is tab.customer_groups
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMenu,
                               QProgressBar, QPushButton, QToolButton, QVBoxLayout, QWidget)

from crm_desktop.services import customers
from crm_desktop.ui.customer_groups import common
from crm_desktop.ui.customer_groups.common import GroupPrompts, count_text
from crm_desktop.ui.customer_groups.dialog import GroupsDialog
from crm_desktop.ui.filter_chips import display_text

translate = common.translate
NEW_GROUP = -1


class AddToGroupDialog(QDialog):
    """Choose an own group (or name a new one) and add customers to it. For a whole list the
    exact count is computed first and shown: pressing Add is the confirmation. Adding a list is
    one statement on the server; Stop cancels it there (and then nothing is added)."""

    def __init__(self, runner, connector, *, ids: list[int] | None = None,
                 query: customers.CustomerQuery | None = None, not_loaded: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.connector, self.ids, self.query = runner, connector, ids, query
        self.not_loaded = not_loaded        # selected rows whose page was never fetched: left out
        self.result_value: tuple[dict, int] | None = None
        self.count: int | None = len(ids) if ids is not None else None
        self._groups_ready = False
        self._handles: dict[str, Any] = {}
        self._adding = None
        self.setObjectName("addToGroupDialog")
        self.setWindowTitle(self.tr("Add to customer group"))
        self.setMinimumWidth(460)

        self.summary = QLabel(objectName="addSummary")
        self.summary.setWordWrap(True)
        self.group_combo = QComboBox(objectName="targetGroup")
        self.group_combo.setEnabled(False)
        self.group_combo.currentIndexChanged.connect(lambda _: self._update())
        self.name_edit = QLineEdit(objectName="newGroupName")
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(self.tr("Name of the new group"))
        self.name_edit.textChanged.connect(lambda _: self._update())
        self.hint = QLabel(self.tr("Customers already in the group are skipped. Only customers you can see are added."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.status = QLabel(objectName="addStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar(objectName="addProgress", textVisible=False)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.add_button = QPushButton(self.tr("Add"), objectName="addButton")
        self.add_button.setDefault(True)
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelButton")
        self.add_button.clicked.connect(self.add)
        self.cancel_button.clicked.connect(self.stop_or_close)

        form = QFormLayout()
        form.addRow(self.tr("Group:"), self.group_combo)
        form.addRow(self.tr("New group:"), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self._show_summary()
        self._run(common.own_groups, on_success=self._groups_loaded, key="groups")
        if query is not None:
            self.progress.show()
            self._run(common.count_list, query, on_success=self._counted, key="count")
        self._update()

    # tasks ------------------------------------------------------------------------------------------------
    def _run(self, fn, *args, on_success, key: str):
        def succeeded(result):
            if shiboken6.isValid(self):
                on_success(result)

        def failed(error):
            if shiboken6.isValid(self):
                self._failed(error)

        handle = self.runner.run(fn, self.connector, *args, on_success=succeeded, on_failure=failed,
                                 key=f"add_to_group:{id(self)}:{key}")
        self._handles[key] = handle
        return handle

    @property
    def busy(self) -> bool:
        return any(not h.done for h in self._handles.values())

    def _failed(self, error: BaseException) -> None:
        self._adding = None
        self.progress.hide()
        self.status.setText(common.error_text(error))
        self.status.setStyleSheet("color: #8a1c1c;")
        self._set_inputs_enabled(True)
        self._update()

    # content ----------------------------------------------------------------------------------------------
    def _show_summary(self) -> None:
        if self.ids is not None:
            text = self.tr("Add the %1 selected customers to a group.").replace("%1", count_text(len(self.ids)))
            if self.not_loaded > 0:
                text += " " + self.tr("%1 further selected rows are not loaded yet and are left out: scroll "
                                      "through them first, or select the whole list (Ctrl+A).").replace(
                    "%1", count_text(self.not_loaded))
            self.summary.setText(text)
        elif self.count is None:
            self.summary.setText(self.tr("Counting the customers of the current list…"))
        else:
            text = self.tr("Add all %1 customers of the current list (filter and search) to a group.").replace(
                "%1", count_text(self.count))
            if self.query.filter is not None:
                text += "\n" + self.tr("Filter: %1").replace("%1", display_text(self.query.filter))
            self.summary.setText(text)

    def _counted(self, count: int) -> None:
        self.count = count
        if not self.busy:
            self.progress.hide()
        self._show_summary()
        self._update()

    def _groups_loaded(self, groups: list[dict]) -> None:
        self._groups_ready = True
        self.group_combo.clear()
        for group in groups:
            self.group_combo.addItem(self.tr("%1 (%2 members)").replace("%1", group["name"])
                                     .replace("%2", count_text(group.get("member_count"))), group["id"])
        self.group_combo.addItem(self.tr("New group…"), NEW_GROUP)
        self.group_combo.setEnabled(True)
        if not self.busy:
            self.progress.hide()
        self._update()

    def select_group(self, group_id: int) -> bool:
        index = self.group_combo.findData(group_id)
        if index >= 0:
            self.group_combo.setCurrentIndex(index)
        return index >= 0

    def target(self) -> tuple[int | None, str | None]:
        data = self.group_combo.currentData()
        if data == NEW_GROUP:
            return None, self.name_edit.text().strip() or None
        return data, None

    def _update(self) -> None:
        group_id, name = self.target()
        new = self.group_combo.currentData() == NEW_GROUP
        self.name_edit.setEnabled(new and self._adding is None)
        ready = (self._groups_ready and self._adding is None and self.count is not None and self.count > 0
                 and (group_id is not None or name is not None))
        self.add_button.setEnabled(ready)
        if self.count == 0 and self._adding is None:
            self.status.setText(self.tr("There is nothing to add."))

    def _set_inputs_enabled(self, enabled: bool) -> None:
        self.group_combo.setEnabled(enabled)
        self.name_edit.setEnabled(enabled and self.group_combo.currentData() == NEW_GROUP)

    # adding -------------------------------------------------------------------------------------------------
    def add(self) -> None:
        group_id, name = self.target()
        if not self.add_button.isEnabled():
            return
        self._set_inputs_enabled(False)
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Adding %1 customers…").replace("%1", count_text(self.count)))
        self.cancel_button.setText(self.tr("Stop"))
        self._adding = self._run(common.add_to_group, group_id, name, self.ids, self.query,
                                 on_success=self._added, key="add")
        self._update()

    def _added(self, result: tuple[dict, int]) -> None:
        self._adding = None
        self.result_value = result
        self.progress.hide()
        self.accept()

    def stop_or_close(self) -> None:
        handle = self._adding
        if handle is None:
            self.reject()
            return
        handle.cancel()
        self.status.setText(self.tr("Stopping…"))
        self._wait_stopped(handle)

    def _wait_stopped(self, handle) -> None:
        """A cancelled task reports nothing: watch it end, then say that nothing was added."""
        def check() -> None:
            if not shiboken6.isValid(self):
                return
            if not handle.done:
                QTimer.singleShot(50, check)
                return
            if self._adding is handle:          # no result came: the statement was cancelled
                self._adding = None
                self.progress.hide()
                self.status.setText(self.tr("Stopped: nothing was added."))
                self.cancel_button.setText(self.tr("Close"))
                self._set_inputs_enabled(True)
                self._update()
        QTimer.singleShot(50, check)

    def reject(self) -> None:
        if self._adding is not None:
            self.stop_or_close()
            return
        for handle in self._handles.values():
            if not handle.done:
                handle.cancel()
        super().reject()


class GroupsFeature(QObject):
    """What install() adds to a CustomersTab (kept as tab.customer_groups)."""

    def __init__(self, tab, prompts: GroupPrompts | None = None):
        super().__init__(tab)
        self.tab = tab
        self.prompts = prompts or GroupPrompts()
        self.dialog: GroupsDialog | None = None
        self.add_dialog: AddToGroupDialog | None = None

        self.groups_button = QPushButton(translate("CustomerGroups", "Groups…"), objectName="groupsButton")
        self.groups_button.setToolTip(translate("CustomerGroups", "Customer groups (客户群): members and statistics"))
        self.groups_button.clicked.connect(self.open_groups)
        self.add_button = QToolButton(objectName="addToGroupButton")
        self.add_button.setText(translate("CustomerGroups", "Add to group"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.add_button)
        self.add_selected_action = menu.addAction(translate("CustomerGroups", "Selected customers…"))
        self.add_selected_action.triggered.connect(self.add_selected)
        self.add_list_action = menu.addAction(translate("CustomerGroups", "All customers of the current list…"))
        self.add_list_action.triggered.connect(self.add_list)
        self.add_button.setMenu(menu)
        tab.tools.addWidget(self.groups_button)
        tab.tools.addWidget(self.add_button)

        # The list's context menu (Qt.ActionsContextMenu: the view's actions).
        self.context_action = QAction(translate("CustomerGroups", "Add selected customers to a group…"), tab.view)
        self.context_action.triggered.connect(self.add_selected)
        if tab.view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
            tab.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        tab.view.addAction(self.context_action)

    # the groups window ----------------------------------------------------------------------------------------
    def open_groups(self) -> GroupsDialog:
        if self.dialog is None or not shiboken6.isValid(self.dialog):
            self.dialog = GroupsDialog(self.tab.runner, self.tab.connector, self.tab.info, parent=self.tab,
                                       prompts=self.prompts, open_filter=self.open_filter)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        else:
            self.dialog.refresh()
        self.dialog.show()
        self.dialog.activateWindow()
        return self.dialog

    def open_filter(self, group: dict) -> None:
        """Show exactly the group's members: the quick search and the pool toggle are cleared
        (quietly: apply_filter runs the list once)."""
        for widget, reset in ((self.tab.search, lambda: self.tab.search.clear()),
                              (self.tab.pool_toggle, lambda: self.tab.pool_toggle.setChecked(False))):
            widget.blockSignals(True)
            try:
                reset()
            finally:
                widget.blockSignals(False)
        self.tab.apply_filter(common.group_filter(group))
        self.tab.window().activateWindow()

    # adding -----------------------------------------------------------------------------------------------------
    def add_selected(self) -> AddToGroupDialog | None:
        if self.tab.whole_list_selected():
            return self.add_list()          # Ctrl+A: every customer of the list, added on the server
        ids = self.tab.selected_customer_ids()
        if not ids:
            self.prompts.inform(self.tab, translate("CustomerGroups", "Add to customer group"),
                                translate("CustomerGroups", "Select customers in the list first."))
            return None
        return self._open_add(ids=ids, not_loaded=self.tab.selected_row_count() - len(ids))

    def add_list(self) -> AddToGroupDialog:
        return self._open_add(query=self.tab.current_query())

    def _open_add(self, **kwargs) -> AddToGroupDialog:
        if self.add_dialog is not None and shiboken6.isValid(self.add_dialog):
            self.add_dialog.reject()
        dialog = AddToGroupDialog(self.tab.runner, self.tab.connector, parent=self.tab, **kwargs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._added(dialog.result_value))
        self.add_dialog = dialog
        dialog.show()
        return dialog

    def _added(self, result: tuple[dict, int] | None) -> None:
        if result is None:
            return
        group, added = result
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.refresh(group["id"])
        self.prompts.inform(self.tab, translate("CustomerGroups", "Add to customer group"),
                            translate("CustomerGroups", "Added %1 customers to the group “%2”.")
                            .replace("%1", count_text(added)).replace("%2", group["name"]))


def install(tab, prompts: GroupPrompts | None = None) -> GroupsFeature:
    """Add the customer groups actions to a CustomersTab; returns (and keeps) the feature."""
    feature = GroupsFeature(tab, prompts)
    tab.customer_groups = feature
    return feature
