"""系统管理 › 短信 (HQ): each sender's monthly quota (每月发送条数), the price per message part of
each carrier with its prefixes, and the blacklist. Every change is a definer function that
checks that the caller is HQ (services.sms); this page only asks and shows the answer.

The blacklist can be added to and removed from by number here; the 短信 tab's 黑名单与退订 page
lists every entry (masked) with its reason, who and when.

    install(admin_tab)     # from AdminTab.__init__, for HQ administrators (admin_all)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from crm_desktop.services import sms
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui.admin.common import AdminPage
from crm_desktop.ui.sms import common
from crm_desktop.ui.sms.common import carrier_text, error_text, money
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths


# Worker functions -------------------------------------------------------------------------------------------

def _load(ctx, connector) -> dict:
    conn = ctx.watch(connector.connection())
    return {"quotas": sms.list_quotas(conn), "carriers": [vars(c) for c in sms.list_carriers(conn)]}


def _set_quota(ctx, connector, staff_id: int, quota: int | None) -> None:
    sms.set_quota(connector.connection(), staff_id, quota)


def _set_price(ctx, connector, carrier: str, price: Decimal) -> None:
    sms.set_price(connector.connection(), carrier, price)


def _unblock(ctx, connector, mobile: str) -> bool:
    return sms.unblock(connector.connection(), mobile=mobile)


class SmsAdminPage(AdminPage):
    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("SMS (短信)")
        self.quota_model = RowTableModel([
            Column("name", self.tr("Sender")),
            Column("login", self.tr("Login")),
            Column("branch_name", self.tr("Branch")),
            Column("monthly_quota", self.tr("Monthly quota (parts)"),
                   lambda v: f"{v:,}", tooltip=lambda r: None if r.get("monthly_quota") is not None
                   else self.tr("No quota: this sender cannot send")),
            Column("used", self.tr("Used this month"), lambda v: f"{v:,}"),
        ], self)
        self.quota_view, self.quota_proxy = make_table(self, self.quota_model, "smsQuotaTable")
        set_column_widths(self.quota_view, [12, 14, 16, 16, 14])
        self.quota_view.doubleClicked.connect(lambda _: self.set_quota())
        self.quota_button = QPushButton(self.tr("Set quota…"), objectName="smsSetQuota")
        self.quota_button.clicked.connect(self.set_quota)

        self.carrier_model = RowTableModel([
            Column("code", self.tr("Carrier"), carrier_text),
            Column("price_per_part", self.tr("Price per part"), money),
            Column("prefixes", self.tr("Number prefixes"), lambda v: " ".join(v)),
        ], self)
        self.carrier_view, self.carrier_proxy = make_table(self, self.carrier_model, "smsCarrierTable")
        set_column_widths(self.carrier_view, [14, 12, 60])
        self.carrier_view.doubleClicked.connect(lambda _: self.set_price())
        self.price_button = QPushButton(self.tr("Set price…"), objectName="smsSetPrice")
        self.price_button.clicked.connect(self.set_price)

        self.mobile_edit = QLineEdit(objectName="smsBlockMobile")
        self.mobile_edit.setPlaceholderText(self.tr("Mobile number"))
        self.mobile_edit.setMaxLength(40)
        self.note_edit = QLineEdit(objectName="smsBlockNote")
        self.note_edit.setPlaceholderText(self.tr("Reason (e.g. complaint)"))
        self.note_edit.setMaxLength(500)
        self.block_button = QPushButton(self.tr("Blacklist"), objectName="smsBlock")
        self.block_button.clicked.connect(self.block)
        self.unblock_button = QPushButton(self.tr("Remove from blacklist"), objectName="smsUnblock")
        self.unblock_button.clicked.connect(self.unblock)
        self.block_result = QLabel(objectName="smsBlockResult")
        self.block_result.setWordWrap(True)

        quotas = QGroupBox(self.tr("Monthly quota per sender (每月发送条数)"))
        quota_layout = QVBoxLayout(quotas)
        quota_layout.addWidget(self.quota_view, 1)
        quota_buttons = QHBoxLayout()
        quota_buttons.addWidget(QLabel(self.tr("Without a quota a sender cannot send; the quota counts message "
                                               "parts.")), 1)
        quota_buttons.addWidget(self.quota_button)
        quota_layout.addLayout(quota_buttons)
        carriers = QGroupBox(self.tr("Carriers and prices (charged to the customer's branch)"))
        carrier_layout = QVBoxLayout(carriers)
        carrier_layout.addWidget(self.carrier_view, 1)
        carrier_buttons = QHBoxLayout()
        carrier_buttons.addStretch(1)
        carrier_buttons.addWidget(self.price_button)
        carrier_layout.addLayout(carrier_buttons)
        blacklist = QGroupBox(self.tr("Blacklist (黑名单)"))
        block_layout = QVBoxLayout(blacklist)
        block_row = QHBoxLayout()
        block_row.addWidget(self.mobile_edit, 1)
        block_row.addWidget(self.note_edit, 2)
        block_row.addWidget(self.block_button)
        block_row.addWidget(self.unblock_button)
        block_layout.addLayout(block_row)
        block_layout.addWidget(self.block_result)

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(quotas, 3)
        layout.addWidget(carriers, 2)
        layout.addWidget(blacklist)
        layout.addWidget(self.status)
        self.add_refresh_shortcut()

    def refresh(self) -> None:
        def loaded(data: dict) -> None:
            self.quota_model.set_rows(data["quotas"])
            self.carrier_model.set_rows(data["carriers"])
            self.status.setText(self.tr("%1 senders").replace("%1", str(len(data["quotas"]))))

        self.run(_load, on_success=loaded, key="sms_admin")

    def _chosen(self, view, proxy) -> dict | None:
        rows = view.selectionModel().selectedRows()
        return proxy.row(rows[0]) if rows else None

    def set_quota(self) -> None:
        row = self._chosen(self.quota_view, self.quota_proxy)
        if row is None:
            self.tab.prompts.inform(self, self.title, self.tr("Choose a sender first."))
            return
        current = "" if row["monthly_quota"] is None else str(row["monthly_quota"])
        text = self.tab.prompts.ask_text(self, self.tr("Monthly SMS quota"),
                                         self.tr("Monthly quota of %1 in message parts (empty: none, cannot send):")
                                         .replace("%1", row["name"]), current)
        if text is None:
            return
        text = text.strip().replace(",", "")
        if text and not text.isdigit():
            self.tab.prompts.inform(self, self.title, self.tr("The quota is a whole number of message parts, or "
                                                              "empty for none. Nothing was changed."))
            return
        self.run(_set_quota, row["staff_id"], int(text) if text else None, on_success=lambda _: self.refresh(),
                 key="sms_quota", failure_title=self.tr("Monthly SMS quota"))

    def set_price(self) -> None:
        row = self._chosen(self.carrier_view, self.carrier_proxy)
        if row is None:
            self.tab.prompts.inform(self, self.title, self.tr("Choose a carrier first."))
            return
        text = self.tab.prompts.ask_text(self, self.tr("Price per message part"),
                                         self.tr("Price of one message part for %1, in CNY:")
                                         .replace("%1", carrier_text(row["code"])), str(row["price_per_part"]))
        if text is None:
            return
        try:
            price = Decimal(text.strip().lstrip("¥"))
        except InvalidOperation:
            self.tab.prompts.inform(self, self.title, self.tr("“%1” is not a price. Nothing was changed.")
                                    .replace("%1", text[:40]))
            return
        self.run(_set_price, row["code"], price, on_success=lambda _: self.refresh(), key="sms_price",
                 failure_title=self.tr("Price per message part"))

    def _blacklist_done(self, text: str) -> None:
        self.block_result.setStyleSheet("color: #1b5e20;")
        self.block_result.setText(text)

    def _blacklist_failed(self, error: BaseException) -> None:
        self.block_result.setStyleSheet("color: #8a1c1c;")
        self.block_result.setText(error_text(error) if isinstance(error, CrmRefusal) else str(error))

    def block(self) -> None:
        mobile = self.mobile_edit.text().strip()
        if not mobile:
            self._blacklist_failed(CrmRefusal("invalid_input", self.tr("enter the mobile number")))
            return
        self.run(common.blacklist_number, mobile, self.note_edit.text().strip() or None,
                 on_success=lambda changed: self._blacklist_done(
                     (self.tr("%1 is blacklisted: no SMS goes to it.") if changed
                      else self.tr("%1 was already blacklisted.")).replace("%1", mobile)),
                 on_failure=self._blacklist_failed, key="sms_block")

    def unblock(self) -> None:
        mobile = self.mobile_edit.text().strip()
        if not mobile:
            self._blacklist_failed(CrmRefusal("invalid_input", self.tr("enter the mobile number")))
            return
        self.run(_unblock, mobile,
                 on_success=lambda changed: self._blacklist_done(
                     (self.tr("%1 is no longer blacklisted.") if changed
                      else self.tr("%1 was not blacklisted.")).replace("%1", mobile)),
                 on_failure=self._blacklist_failed, key="sms_unblock")


def install(admin_tab) -> SmsAdminPage | None:
    """The 短信 page for HQ administrators (the server refuses everyone else anyway)."""
    if not admin_tab.info.can("admin_all"):
        return None
    page = SmsAdminPage(admin_tab)
    page.setObjectName("admin_sms")
    admin_tab.pages.addTab(page, page.title)
    return page
