"""Where the send dialog opens from: the Customers tab (the selection, or the whole current list
resolved on the server), a customer group, and 今日提醒's 生日提醒 (greeting) and 新开户提醒 (回访)
sections (the selected rows, or the whole section's date window resolved on the server), its
care queue (the selected or listed customers) and its expiring reservations (预约到期: the
selected or listed reservations, sent to the prospect's own mobile). Shown
to holders of the SMS send right (短信发送); the server decides anyway.

    install_customers(tab)     # from CustomersTab.__init__ (tab.sms)
    install_reminders(tab)     # from RemindersTab.__init__ (tab.sms)
    group_button(dialog)       # from GroupsDialog.__init__: its "Send SMS…" button
"""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton, QToolButton, QWidget

from crm_desktop.services import sms
from crm_desktop.ui.sms.common import current_list_text
from crm_desktop.ui.sms.send_dialog import SEND_RIGHT, SendSmsDialog

translate = QCoreApplication.translate

SHORTCUT = "Ctrl+Shift+M"


def may_send(info) -> bool:
    return info is not None and info.can(SEND_RIGHT)


class SmsOpener(QObject):
    """Opens one send dialog at a time for its widget (a second open replaces the first)."""

    def __init__(self, owner: QWidget):
        super().__init__(owner)
        self.owner = owner
        self.dialog: SendSmsDialog | None = None

    def open(self, source: sms.RecipientSource, recipients_text: str, template_code: str | None = None) -> SendSmsDialog:
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.reject()
        self.dialog = SendSmsDialog(self.owner.runner, self.owner.connector, source, recipients_text,
                                    template_code=template_code, info=self.owner.info, parent=self.owner)
        self.dialog.show()
        return self.dialog


def _tell(parent: QWidget, text: str) -> QMessageBox:
    """A note, not modal to the application (open(), never a nested event loop)."""
    box = QMessageBox(QMessageBox.Icon.Information, translate("Sms", "Send SMS"), text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("smsNotice")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


# Customers tab ------------------------------------------------------------------------------------------------

class CustomersSms(SmsOpener):
    """The Customers tab's "Send SMS" menu and context-menu action."""

    def __init__(self, tab):
        super().__init__(tab)
        self.tab = tab
        self.button = QToolButton(objectName="sendSmsButton")
        self.button.setText(translate("Sms", "Send SMS"))
        self.button.setToolTip(translate("Sms", "Send an SMS to the selected customers or to the whole list (%1)")
                               .replace("%1", SHORTCUT))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.button)
        self.selected_action = menu.addAction(translate("Sms", "To the selected customers…"))
        self.selected_action.triggered.connect(self.send_selected)
        self.list_action = menu.addAction(translate("Sms", "To all customers of the current list…"))
        self.list_action.triggered.connect(self.send_list)
        self.button.setMenu(menu)
        tab.tools.addWidget(self.button)
        self.context_action = QAction(translate("Sms", "Send SMS to the selected customers…"), tab.view)
        self.context_action.triggered.connect(self.send_selected)
        if tab.view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
            tab.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        tab.view.addAction(self.context_action)
        QShortcut(QKeySequence(SHORTCUT), tab, activated=self.send_selected,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def send_selected(self) -> SendSmsDialog | None:
        if self.tab.whole_list_selected():
            return self.send_list()          # Ctrl+A: the whole list, resolved on the server
        ids = self.tab.selected_customer_ids()
        if not ids:
            _tell(self.tab, translate("Sms", "Select customers in the list first, or choose “To all customers of "
                                             "the current list”."))
            return None
        text = translate("Sms", "%1 selected customers").replace("%1", f"{len(ids):,}")
        left_out = self.tab.selected_row_count() - len(ids)
        if left_out:
            text += " " + translate("Sms", "(%1 further selected rows are not loaded yet and are left out)") \
                .replace("%1", f"{left_out:,}")
        return self.open(sms.RecipientSource(customer_ids=ids), text)

    def send_list(self) -> SendSmsDialog:
        query = self.tab.current_query()
        text = current_list_text(query)
        return self.open(sms.RecipientSource(customer_filter=query), text)


def install_customers(tab) -> CustomersSms | None:
    return CustomersSms(tab) if may_send(tab.info) else None


# 今日提醒 --------------------------------------------------------------------------------------------------------

class RemindersSms(SmsOpener):
    """A "Send SMS…" button on the birthdays (greeting) and new accounts (回访) sections."""

    def __init__(self, tab):
        super().__init__(tab)
        self.tab = tab
        self.birthday_button = self._button(tab.birthdays, "sendBirthdaySms",
                                            translate("Sms", "Send a birthday greeting to the selected rows, or to "
                                                             "every birthday of the window when none is selected"),
                                            self.send_birthdays)
        self.new_account_button = self._button(tab.new_accounts, "sendNewAccountSms",
                                               translate("Sms", "Send the visit-back message (回访) to the selected "
                                                                "rows, or to every new account listed when none is "
                                                                "selected"),
                                               self.send_new_accounts)
        self.follow_up_button = self._button(tab.due.follow_ups, "sendFollowUpSms",
                                             translate("Sms", "Send an SMS to the selected customers of the care "
                                                              "queue, or to every customer listed when none is "
                                                              "selected"),
                                             self.send_follow_ups)
        self.reservation_button = self._button(tab.due.reservations, "sendReservationSms",
                                               translate("Sms", "Send the reservation reminder to the selected "
                                                                "prospects, or to every reservation listed when none "
                                                                "is selected"),
                                               self.send_reservations)

    def _button(self, box, name: str, tip: str, slot) -> QPushButton:
        button = QPushButton(translate("Sms", "Send SMS…"), objectName=name)
        button.setToolTip(tip + f" ({SHORTCUT})")
        button.clicked.connect(slot)
        QShortcut(QKeySequence(SHORTCUT), box, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        box.layout().insertWidget(0, button, 0, Qt.AlignmentFlag.AlignLeft)
        return button

    def _selected(self, box) -> tuple[list[int], str] | None:
        ids = [row["id"] for row in box.selected_rows()]
        if not ids:
            return None
        return ids, translate("Sms", "%1 selected customers").replace("%1", f"{len(ids):,}")

    def send_birthdays(self) -> SendSmsDialog | None:
        chosen = self._selected(self.tab.birthdays)
        if chosen is not None:
            return self.open(sms.RecipientSource(customer_ids=chosen[0]), chosen[1], "birthday")
        counts = self.tab.counts
        if not counts:
            return None
        first = counts["today"]
        last = first + dt.timedelta(days=self.tab.days)
        text = translate("Sms", "every customer with a birthday from %1 to %2 (生日提醒)") \
            .replace("%1", first.isoformat()).replace("%2", last.isoformat())
        return self.open(sms.RecipientSource(reminder=("birthday", first, last)), text, "birthday")

    def send_follow_ups(self) -> SendSmsDialog | None:
        """The care queue has no server-side window of its own: the listed (or selected) customers."""
        box = self.tab.due.follow_ups
        chosen = self._selected(box)
        if chosen is None:
            ids = [box.proxy.row(n)["id"] for n in range(box.proxy.rowCount())]
            if not ids:
                _tell(self.tab, translate("Sms", "No visit follow-ups are due."))
                return None
            chosen = ids, translate("Sms", "the %1 customers of the care queue (回访提醒)").replace("%1", f"{len(ids):,}")
        return self.open(sms.RecipientSource(customer_ids=chosen[0]), chosen[1])

    def send_reservations(self) -> SendSmsDialog | None:
        """Like the care queue: the selected or listed reservations (the section is one bounded list)."""
        box = self.tab.due.reservations
        ids = [row["id"] for row in box.selected_rows()]
        if ids:
            text = translate("Sms", "%1 selected reservations").replace("%1", f"{len(ids):,}")
        else:
            ids = [box.proxy.row(n)["id"] for n in range(box.proxy.rowCount())]
            if not ids:
                _tell(self.tab, translate("Sms", "No reservation is about to expire."))
                return None
            text = translate("Sms", "the %1 reservations about to expire (预约到期)").replace("%1", f"{len(ids):,}")
        return self.open(sms.RecipientSource(reservation_ids=ids), text, "reservation_expiring")

    def send_new_accounts(self) -> SendSmsDialog | None:
        chosen = self._selected(self.tab.new_accounts)
        if chosen is not None:
            return self.open(sms.RecipientSource(customer_ids=chosen[0]), chosen[1], "new_account")
        dates = (self.tab.counts or {}).get("trade_dates") or []
        if not dates:
            _tell(self.tab, translate("Sms", "No T+1 data has been loaded yet: there are no new accounts."))
            return None
        first, last = min(dates), max(dates)
        text = translate("Sms", "every account opened from %1 to %2 (新开户)") \
            .replace("%1", first.isoformat()).replace("%2", last.isoformat())
        return self.open(sms.RecipientSource(reminder=("new_account", first, last)), text, "new_account")


def install_reminders(tab) -> RemindersSms | None:
    return RemindersSms(tab) if may_send(tab.info) else None


# Customer groups ------------------------------------------------------------------------------------------------

def group_button(dialog) -> QPushButton:
    """The groups window's "Send SMS…" to the current group's members (hidden without the right)."""
    opener = SmsOpener(dialog)
    button = QPushButton(translate("Sms", "Send SMS…"), objectName="sendGroupSmsButton")
    button.setToolTip(translate("Sms", "Send an SMS to every member of this group"))
    button.setAutoDefault(False)
    button.setVisible(may_send(dialog.info))

    def send() -> None:
        group = dialog.group
        if group is None:
            return
        text = translate("Sms", "the members of the group “%1” (%2)").replace("%1", group["name"]) \
            .replace("%2", f"{group.get('member_count', 0):,}")
        dialog.sms_dialog = opener.open(sms.RecipientSource(group_id=int(group["id"])), text)

    button.clicked.connect(send)
    return button
