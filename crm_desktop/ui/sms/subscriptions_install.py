"""信息栏目订阅 on the Customers tab (FAQ 19): a menu next to 发送短信 that subscribes (or
unsubscribes) the selected customers, the whole current list or a customer group to an
information column, in one action. The list and the group are resolved on the server (never
2 000 000 ids through the client); the dialog first counts them there and shows the count on
the button that confirms. Shown to holders of the send right; the server decides anyway.

    install_customers(tab)     # from CustomersTab.__init__ (tab.sms_subscriptions)
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QMenu, QPushButton,
                               QRadioButton, QToolButton, QVBoxLayout, QWidget)

from crm_desktop.services import customer_groups, sms
from crm_desktop.services import sms_subscriptions as subs
from crm_desktop.services.tasks import TaskContext
from crm_desktop.ui.customers.features import CustomerList
from crm_desktop.ui.sms.common import current_list_text, error_text
from crm_desktop.ui.sms.subscriptions import ERROR_STYLE, SEND_RIGHT

translate = QCoreApplication.translate
GROUP = "group"


def load_choices(ctx: TaskContext, connector, source: sms.RecipientSource | None) -> dict:
    """Active columns, own and team groups, and how many customers the source names."""
    conn = ctx.watch(connector.connection())
    choices = {"columns": [vars(c) for c in subs.columns(conn, active_only=True, ctx=ctx)],
               "groups": customer_groups.list_groups(conn, ctx)}
    choices["count"] = None if source is None else subs.count_recipients(conn, source, ctx)
    return choices


def count(ctx: TaskContext, connector, source: sms.RecipientSource) -> int:
    return subs.count_recipients(ctx.watch(connector.connection()), source, ctx)


def change(ctx: TaskContext, connector, subscribing: bool, column_id: int,
           source: sms.RecipientSource) -> subs.ChangeResult:
    action = subs.subscribe if subscribing else subs.unsubscribe
    return action(connector.connection(), column_id, source, ctx)


class SubscribeDialog(QDialog):
    """Subscribe or unsubscribe one source (the selection, the list, or a group chosen here) to a
    column. The count comes from the server; the confirming button names it."""

    def __init__(self, runner, connector, source: sms.RecipientSource | None, source_text: str, *,
                 subscribing: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.connector = runner, connector
        self.source = source                   # None: a group, chosen in the dialog
        self.count: int | None = len(source.customer_ids) if source and source.customer_ids is not None else None
        self.result_value: subs.ChangeResult | None = None
        self.chosen_group_source: sms.RecipientSource | None = None
        self.setObjectName("subscribeDialog")
        self.setWindowTitle(self.tr("Information column subscriptions (信息栏目)"))
        self.setMinimumWidth(480)
        self.who = QLabel(source_text, objectName="subscribeWho")
        self.who.setWordWrap(True)
        self.subscribe_radio = QRadioButton(self.tr("Subscribe"), objectName="subscribeMode")
        self.unsubscribe_radio = QRadioButton(self.tr("Unsubscribe"), objectName="unsubscribeMode")
        (self.subscribe_radio if subscribing else self.unsubscribe_radio).setChecked(True)
        self.subscribe_radio.toggled.connect(lambda _: self._update())
        self.column_combo = QComboBox(objectName="subscribeColumn")
        self.column_combo.setEnabled(False)
        self.column_combo.setMinimumContentsLength(20)
        self.group_combo = QComboBox(objectName="subscribeGroup")
        self.group_combo.setVisible(source is None)
        self.group_combo.setEnabled(False)
        self.group_combo.activated.connect(lambda _: self._group_chosen())
        self.hint = QLabel(self.tr("Subscribed customers get every issue of the column, sent and charged by you "
                                   "(your monthly quota). Customers already subscribed keep their sender. Only "
                                   "customers of your branch that you can see are accepted."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.error = QLabel(objectName="subscribeError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = QPushButton(objectName="subscribeConfirm")
        self.confirm_button.setDefault(True)
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.clicked.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        mode = QWidget()
        mode_row = QFormLayout(mode)
        mode_row.setContentsMargins(0, 0, 0, 0)
        mode_row.addRow(self.subscribe_radio, self.unsubscribe_radio)
        form = QFormLayout()
        form.addRow(self.tr("Customers:"), self.who)
        if source is None:
            form.addRow(self.tr("Group:"), self.group_combo)
        form.addRow(self.tr("Column:"), self.column_combo)
        form.addRow(self.tr("Action:"), mode)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._busy = True
        self._run(load_choices, source, on_success=self._choices, key="choices")
        self._update()

    def _run(self, fn, *args: Any, on_success, key: str) -> None:
        def succeeded(result: Any) -> None:
            if shiboken6.isValid(self):
                self._busy = False
                self.error.hide()
                on_success(result)
                self._update()

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self._busy = False
                self.error.setText(error_text(error))
                self.error.show()
                self._update()

        self._busy = True
        self.runner.run(fn, self.connector, *args, on_success=succeeded, on_failure=failed,
                        key=f"subscribe-{id(self)}-{key}")

    def _choices(self, choices: dict) -> None:
        for column in choices["columns"]:
            self.column_combo.addItem(column["name"], column["id"])
        self.column_combo.setEnabled(self.column_combo.count() > 0)
        if not self.column_combo.count():
            self.error.setText(self.tr("HQ has defined no active information column yet."))
            self.error.show()
        if self.source is None:
            for group in choices["groups"]:
                self.group_combo.addItem(f"{group['name']} ({group.get('member_count', 0):,})", group["id"])
            self.group_combo.setEnabled(self.group_combo.count() > 0)
            if self.group_combo.count():
                self._group_chosen()
        else:
            self.count = choices["count"]

    def _group_chosen(self) -> None:
        group_id = self.group_combo.currentData()
        if group_id is None:
            return
        source = sms.RecipientSource(group_id=int(group_id))

        def counted(n: int) -> None:
            self.count = n
            self.chosen_group_source = source

        self.count = None
        self.chosen_group_source = None
        self._run(count, source, on_success=counted, key="count")

    def current_source(self) -> sms.RecipientSource | None:
        return self.source if self.source is not None else self.chosen_group_source

    @property
    def subscribing(self) -> bool:
        return self.subscribe_radio.isChecked()

    def _update(self) -> None:
        if self.count is None:
            self.confirm_button.setText(self.tr("Counting…") if self._busy else self.tr("Subscribe"))
        elif self.subscribing:
            self.confirm_button.setText(self.tr("Subscribe %1 customers").replace("%1", f"{self.count:,}"))
        else:
            self.confirm_button.setText(self.tr("Unsubscribe %1 customers").replace("%1", f"{self.count:,}"))
        self.confirm_button.setEnabled(not self._busy and bool(self.count) and self.column_combo.count() > 0
                                       and self.current_source() is not None)

    def confirm(self) -> None:
        source = self.current_source()
        if source is None or not self.count:
            return

        def done(result: subs.ChangeResult) -> None:
            self.result_value = result
            self.accept()

        self._run(change, self.subscribing, self.column_combo.currentData(), source, on_success=done, key="change")
        self._update()


class CustomersSubscriptions(QObject):
    """The Customers tab's 信息栏目订阅 menu and context-menu action."""

    def __init__(self, tab: CustomerList):
        super().__init__(tab)
        self.tab = tab
        self.dialog: SubscribeDialog | None = None
        self.button = QToolButton(objectName="subscriptionsButton")
        self.button.setText(translate("Sms", "Information columns"))
        self.button.setToolTip(translate("Sms", "Subscribe customers to an information column (信息栏目), or "
                                                "unsubscribe them"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.button)
        self.selected_action = menu.addAction(translate("Sms", "The selected customers…"))
        self.selected_action.triggered.connect(self.for_selected)
        self.list_action = menu.addAction(translate("Sms", "All customers of the current list…"))
        self.list_action.triggered.connect(self.for_list)
        self.group_action = menu.addAction(translate("Sms", "A customer group…"))
        self.group_action.triggered.connect(self.for_group)
        menu.aboutToShow.connect(lambda: self.selected_action.setEnabled(self.tab.selected_row_count() > 0))
        self.button.setMenu(menu)
        tab.tools.addWidget(self.button)
        self.context_action = QAction(translate("Sms", "Subscribe to an information column…"), tab.view)
        self.context_action.triggered.connect(self.for_selected)
        if tab.view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
            tab.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        tab.view.addAction(self.context_action)

    def _open(self, source: sms.RecipientSource | None, text: str) -> SubscribeDialog:
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.reject()
        self.dialog = SubscribeDialog(self.tab.runner, self.tab.connector, source, text, parent=self.tab)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def for_selected(self) -> SubscribeDialog | None:
        if self.tab.whole_list_selected():
            return self.for_list()
        ids = self.tab.selected_customer_ids()
        if not ids:
            return None            # the menu offers it only with a selection
        return self._open(sms.RecipientSource(customer_ids=ids),
                          translate("Sms", "%1 selected customers").replace("%1", f"{len(ids):,}"))

    def for_list(self) -> SubscribeDialog:
        query = self.tab.current_query()
        text = current_list_text(query)
        return self._open(sms.RecipientSource(customer_filter=query), text)

    def for_group(self) -> SubscribeDialog:
        return self._open(None, translate("Sms", "the members of the group chosen below"))


def install_customers(tab: CustomerList) -> CustomersSubscriptions | None:
    return CustomersSubscriptions(tab) if tab.info is not None and tab.info.can(SEND_RIGHT) else None
