"""贡献度 page of the customer window (FAQ 39): how the customer's 利差 and contribution come
from the daily facts, month by month (services/contribution.py). Loaded the first time it is shown."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from crm_desktop.services import contribution
from crm_desktop.ui.customer_detail.common import fmt_money
from crm_desktop.ui.messages import error_text
from crm_desktop.ui.customer_detail.window_parts import DetailWindowParts
from crm_desktop.ui.table_model import Column, RowTableModel


def load_contribution(ctx, connector, customer_id: int) -> dict:
    return contribution.spread_by_month(connector.connection(), customer_id)


class ContributionPage(QWidget):
    def __init__(self, dialog: DetailWindowParts):
        super().__init__(dialog)
        self.setObjectName("contributionPage")
        self.dialog = dialog
        self.loaded = False
        self.formula = QLabel(objectName="contributionFormula")
        self.formula.setWordWrap(True)
        self.model = RowTableModel([
            Column("month", self.tr("Month"), lambda d: d.strftime("%Y-%m")),
            Column("trading_days", self.tr("Trading days")),
            Column("avg_cash", self.tr("Average daily cash"), fmt_money),
            Column("interest_spread", self.tr("Interest spread"), fmt_money),
            Column("implied_rate", self.tr("Implied annual spread rate"), lambda r: f"{Decimal(r) * 100:.3f}%"),
            Column("net_commission", self.tr("Net commission"), fmt_money),
            Column("contribution", self.tr("Contribution"), fmt_money),
        ], self)
        self.table = QTableView(objectName="contributionTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(objectName="contributionNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666;")
        self.note.setText(self.tr("The counter reports the interest spread per trading day: what the firm earns "
                                  "on the customer's cash between the bank's rate and the rate paid to the customer. "
                                  "The implied annual rate is the month's spread divided by the sum of the daily cash "
                                  "balances, times %1 trading days.").replace("%1", str(contribution.TRADING_DAYS_A_YEAR)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.formula)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        self.loaded = True
        self.dialog.run(load_contribution, self.dialog.customer_id, on_success=self.show_months,
                        on_failure=lambda error: self.formula.setText(error_text(error)), key="contribution")

    def show_months(self, data: dict) -> None:
        weights = data["weights"]
        self.formula.setText(self.tr("Contribution = net commission × %1 + interest spread × %2 (weights set by HQ)")
                             .replace("%1", format(Decimal(weights['net_commission']).normalize(), 'f'))
                             .replace("%2", format(Decimal(weights['interest_spread']).normalize(), 'f')))
        self.model.set_rows(data["months"])
