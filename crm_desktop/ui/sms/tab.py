"""短信 tab: 短信记录 (the message log), 费用报表 (the monthly cost per branch or per sender) and
信息栏目 (information-column subscriptions: ui/sms/subscriptions.py).

The log shows what the server lets the reader see (their own messages and their subtree's,
their branch scope's, the branches they administer), filtered by sender, branch, status, dates
and one customer, one page of PAGE_ROWS at a time (Alt+Left / Alt+Right), newest first, each
page sought by the key of the row next to it (services.sms.log_statement: the 5 000th page
costs what the first does); the total is counted on the server. Export (Ctrl+E) streams every
matching message through the export machinery (the export right and the export log are the
server's). 黑名单与退订 (ui/sms/blocklist_page.py) lists the blocked numbers. The cost report counts
the month's messages per charged branch or per sender, failed ones excluded (their parts went
back to the quota). All reading happens in runner tasks; the GUI thread never waits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QTabWidget,
                               QToolButton, QVBoxLayout, QWidget)

from crm_desktop.services import sms
from crm_desktop.ui.export_flow import ExportFlow
from crm_desktop.ui.tab_base import CrmTab
from crm_desktop.ui.sms import common
from crm_desktop.ui.sms.blocklist_page import BlocklistPage
from crm_desktop.ui.sms.page import SmsPage
from crm_desktop.ui.sms.common import money, status_text
from crm_desktop.ui.sms.subscriptions import SubscriptionsPage
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths

PAGE_ROWS = 200
MINE = -1


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class LogPage(SmsPage):
    def __init__(self, tab: "SmsTab"):
        super().__init__(tab, "smsLog")
        self.offset = 0                  # the row number of the page's first row (shown, never sent)
        self.total: int | None = None
        self.customer: tuple[int, str] | None = None
        self._choices_loaded = False

        self.sender_combo = QComboBox(objectName="logSender")
        self.sender_combo.addItem(self.tr("Everyone I may see"), None)
        self.sender_combo.addItem(self.tr("Only mine"), MINE)
        self.branch_combo = QComboBox(objectName="logBranch")
        self.branch_combo.addItem(self.tr("All branches"), None)
        self.status_combo = QComboBox(objectName="logStatus")
        self.status_combo.addItem(self.tr("Any status"), None)
        for code in sms.STATUSES:
            self.status_combo.addItem(status_text(code), code)
        today = dt.date.today()
        self.from_edit = QDateEdit(_qdate(today.replace(day=1)), objectName="logFrom", calendarPopup=True)
        self.to_edit = QDateEdit(_qdate(today), objectName="logTo", calendarPopup=True)
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _: self.reload())
        for combo in (self.sender_combo, self.branch_combo, self.status_combo):
            combo.activated.connect(lambda _: self.reload())
        self.customer_button = QToolButton(objectName="logCustomer")
        self.customer_button.setToolTip(self.tr("Show every customer again"))
        self.customer_button.clicked.connect(lambda: self.set_customer(None))
        self.customer_button.hide()
        self.only_customer_button = QPushButton(self.tr("Only this customer"), objectName="logOnlyCustomer")
        self.only_customer_button.setToolTip(self.tr("The messages to the selected row's customer"))
        self.only_customer_button.clicked.connect(self.only_selected_customer)
        self.export_button = QPushButton(self.tr("Export…"), objectName="logExport")
        self.export_button.setToolTip(self.tr("Every message matching the filters to .xlsx (Ctrl+E)"))
        self.export_button.setVisible(tab.info.can("export"))
        self.export_button.clicked.connect(self.export)

        self.model = RowTableModel(common.log_columns(), self)
        self.view, self.proxy = make_table(self, self.model, "smsLogTable")
        set_column_widths(self.view, [16, 8, 10, 13, 9, 32, 5, 8, 10, 10, 30, 16])
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.prev_button = QPushButton(self.tr("◀ Newer"), objectName="logPrevious")
        self.prev_button.setToolTip(self.tr("The newer page (Alt+Left)"))
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button = QPushButton(self.tr("Older ▶"), objectName="logNext")
        self.next_button.setToolTip(self.tr("The older page (Alt+Right)"))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.page_label = QLabel(objectName="logPageLabel")
        QShortcut(QKeySequence("Alt+Left"), self, activated=lambda: self.go(-1),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Alt+Right"), self, activated=lambda: self.go(1),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.export, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        filters = QHBoxLayout()
        for label, widget in ((self.tr("Sender:"), self.sender_combo), (self.tr("Branch:"), self.branch_combo),
                              (self.tr("Status:"), self.status_combo), (self.tr("From:"), self.from_edit),
                              (self.tr("To:"), self.to_edit)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.customer_button)
        filters.addStretch(1)
        filters.addWidget(self.busy)
        filters.addWidget(self.only_customer_button)
        filters.addWidget(self.export_button)
        pages = QHBoxLayout()
        pages.addWidget(self.page_label, 1)
        pages.addWidget(self.prev_button)
        pages.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addLayout(pages)
        self._update()

    # filters ---------------------------------------------------------------------------------------------------
    def filters(self) -> dict:
        sender = self.sender_combo.currentData()
        return {"sender_id": self.tab.info.staff_id if sender == MINE else sender,
                "branch_id": self.branch_combo.currentData(), "status": self.status_combo.currentData(),
                "customer_id": self.customer[0] if self.customer else None,
                "date_from": self.from_edit.date().toPython(), "date_to": self.to_edit.date().toPython()}

    def conditions(self) -> list[tuple[str, str]]:
        """The filters in words (the export's 条件 sheet)."""
        rows = [(self.tr("Sender"), self.sender_combo.currentText()), (self.tr("Branch"), self.branch_combo.currentText()),
                (self.tr("Status"), self.status_combo.currentText()),
                (self.tr("Dates"), f"{self.from_edit.date().toString('yyyy-MM-dd')} – "
                                   f"{self.to_edit.date().toString('yyyy-MM-dd')}")]
        if self.customer:
            rows.append((self.tr("Customer"), self.customer[1]))
        return rows

    def set_customer(self, customer: tuple[int, str] | None) -> None:
        self.customer = customer
        self.customer_button.setVisible(customer is not None)
        if customer is not None:
            self.customer_button.setText(self.tr("Customer: %1 ✕").replace("%1", customer[1]))
        self.reload()

    def only_selected_customer(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            row = self.proxy.row(rows[0])
            self.set_customer((row["customer_id"], row.get("customer_name") or str(row["customer_id"])))

    def _choices(self, data: dict) -> None:
        self._choices_loaded = True
        for sender in data["senders"]:
            if sender["staff_id"] != self.tab.info.staff_id:
                self.sender_combo.addItem(f"{sender['name']} ({sender['branch_name']})", sender["staff_id"])
        for branch in data["branches"]:
            self.branch_combo.addItem(branch["name"], branch["id"])

    # loading ---------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """New filters: the first page and the count."""
        self.offset = 0
        self.total = None
        self._load(None, with_count=True)

    def ensure_loaded(self) -> None:
        if self.total is None and "page" not in self._pending:
            self.reload()
        if not self._choices_loaded and "choices" not in self._pending:
            self.run(common.load_log_choices, on_success=self._choices, key="choices")

    def failed(self) -> None:
        self._update()

    def go(self, step: int) -> None:
        """The older (1) or newer (-1) page, sought from the last / first row shown."""
        offset = self.offset + step * PAGE_ROWS
        rows = self.model.rowCount()
        if "page" in self._pending or offset < 0 or not rows or (self.total is not None and offset >= self.total):
            return
        edge = self.model.row(rows - 1 if step > 0 else 0)
        self.offset = offset
        self._load(("after" if step > 0 else "before", (edge["queued_at"], edge["id"])), with_count=False)

    def _load(self, seek: tuple[str, tuple] | None, with_count: bool) -> None:
        if self.from_edit.date() > self.to_edit.date():
            self.message.setText(self.tr("The first day is after the last day."))
            self.message.show()
            return

        def arrived(result: tuple[list[dict], int | None]) -> None:
            rows, total = result
            if total is not None:
                self.total = total
            self.model.set_rows(rows)
            self._update()

        self.run(common.load_log, self.filters(), seek, PAGE_ROWS, with_count, on_success=arrived, key="page")
        self._update()

    def _update(self) -> None:
        shown = self.model.rowCount()
        if self.total is None:
            self.page_label.setText(self.tr("Loading…") if self.loading else "")
        elif self.total == 0:
            self.page_label.setText(self.tr("No messages match."))
        else:
            self.page_label.setText(self.tr("Messages %1–%2 of %3, newest first")
                                    .replace("%1", f"{self.offset + 1:,}")
                                    .replace("%2", f"{self.offset + shown:,}").replace("%3", f"{self.total:,}"))
        self.prev_button.setEnabled(not self.loading and self.offset > 0)
        self.next_button.setEnabled(not self.loading and self.total is not None
                                    and self.offset + PAGE_ROWS < self.total)
        self.only_customer_button.setEnabled(bool(self.view.selectionModel().selectedRows()))
        self.export_button.setEnabled(bool(self.total))

    def export(self, path: str | None = None) -> bool:
        if not self.tab.info.can("export") or not self.total:
            return False
        return self.tab.exporter.start("sms_log", self.tr("Export SMS log"), common.export_log, self.filters(),
                                       self.conditions(), path=path)


class CostPage(SmsPage):
    def __init__(self, tab: "SmsTab"):
        super().__init__(tab, "smsCost")
        self.loaded_once = False
        self.month_edit = QDateEdit(_qdate(dt.date.today()), objectName="costMonth", calendarPopup=True)
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.dateChanged.connect(lambda _: self.reload())
        self.by_combo = QComboBox(objectName="costBy")
        self.by_combo.addItem(self.tr("Per branch (charged to the customer's branch)"), "branch")
        self.by_combo.addItem(self.tr("Per sender"), "sender")
        self.by_combo.activated.connect(lambda _: self.reload())
        self.export_button = QPushButton(self.tr("Export…"), objectName="costExport")
        self.export_button.setToolTip(self.tr("The report to .xlsx (Ctrl+E)"))
        self.export_button.setVisible(tab.info.can("export"))
        self.export_button.clicked.connect(self.export)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.export, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.model = RowTableModel([
            Column("name", self.tr("Name")),
            Column("messages", self.tr("Charged messages")),
            Column("parts", self.tr("Parts")),
            Column("cost", self.tr("Cost"), money),
            Column("delivered", self.tr("Delivered")),
            Column("failed", self.tr("Failed")),
        ], self)
        self.view, self.proxy = make_table(self, self.model, "smsCostTable")
        set_column_widths(self.view, [24, 10, 10, 12, 10, 10])
        self.view.horizontalHeader().setStretchLastSection(False)
        self.totals = QLabel(objectName="costTotals")
        self.note = QLabel(self.tr("Failed messages cost nothing: their parts went back to the quota."))
        self.note.setStyleSheet("color: #666;")

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Month:")))
        top.addWidget(self.month_edit)
        top.addWidget(self.by_combo)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.note)

    def month(self) -> dt.date:
        return self.month_edit.date().toPython().replace(day=1)

    def ensure_loaded(self) -> None:
        if not self.loaded_once and not self.loading:
            self.reload()

    def reload(self) -> None:
        def arrived(rows: list[dict]) -> None:
            self.loaded_once = True
            self.model.set_rows(rows)
            self.totals.setText(self.tr("Total: %1 charged messages, %2 parts, %3 (delivered %4, failed %5)")
                                .replace("%1", f"{sum(r['messages'] for r in rows):,}")
                                .replace("%2", f"{sum(r['parts'] for r in rows):,}")
                                .replace("%3", money(sum((r["cost"] for r in rows), Decimal(0))))
                                .replace("%4", f"{sum(r['delivered'] for r in rows):,}")
                                .replace("%5", f"{sum(r['failed'] for r in rows):,}"))
            self.export_button.setEnabled(bool(rows))

        self.run(common.load_cost, self.month(), self.by_combo.currentData(), on_success=arrived, key="cost")

    def export(self, path: str | None = None) -> bool:
        if not self.tab.info.can("export") or not self.model.rowCount():
            return False
        return self.tab.exporter.start("sms_cost", self.tr("Export SMS cost report"), common.export_cost,
                                       self.month(), self.by_combo.currentData(), path=path)


class SmsTab(CrmTab):
    def __init__(self, runner, connector, info, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.connector, self.info = runner, connector, info
        self.exporter = ExportFlow(self, runner, lambda: self.connector)
        self.log_page = LogPage(self)
        self.cost_page = CostPage(self)
        self.pages = QTabWidget(objectName="smsPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.log_page, self.tr("SMS log (短信记录)"))
        self.pages.addTab(self.cost_page, self.tr("Monthly cost (费用报表)"))
        self.subscriptions_page = SubscriptionsPage(self)
        self.pages.addTab(self.subscriptions_page, self.tr("Information columns (信息栏目)"))
        self.blocklist_page = BlocklistPage(self)
        if self.blocklist_page.available:
            self.pages.addTab(self.blocklist_page, self.tr("Blacklist and opt-outs (黑名单与退订)"))
        self.pages.currentChanged.connect(lambda _: self._page_shown())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=lambda: self.pages.currentWidget().reload(),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _page_shown(self) -> None:
        if self.isVisible():
            self.pages.currentWidget().ensure_loaded()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._page_shown()

    def set_connector(self, connector) -> None:
        self.connector = connector

    def shutdown(self) -> None:
        self.exporter.cancel()
