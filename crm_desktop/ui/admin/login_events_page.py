"""登录记录: sign-ins, refusals, lockouts and forced logouts, newest first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from crm_desktop.services import admin_queries
from crm_desktop.ui.admin.common import AdminPage, DateRangeFilter, fmt_datetime, fmt_first, translate
from crm_desktop.ui.reasons import login_reason_text
from crm_desktop.ui.table_model import make_table, set_column_widths
from crm_desktop.ui.table_model import Column, RowTableModel

OUTCOME_COLORS = {"success": "#1b7f3b", "bad_password": "#b00020", "mac_refused": "#b00020", "locked": "#b00020",
                  "account_inactive": "#b00020", "password_bypass": "#b00020", "unlocked": "#1b7f3b", "maintenance": "#a05a00", "password_change_required": "#a05a00"}


def outcome_label(outcome: str) -> str:
    return {
        "success": translate("Admin", "Signed in"),
        "bad_password": translate("Admin", "Wrong password"),
        "mac_refused": translate("Admin", "PC not registered (MAC)"),
        "maintenance": translate("Admin", "Refused: maintenance"),
        "password_change_required": translate("Admin", "Must change password"),
        "account_inactive": translate("Admin", "Account frozen or closed"),
        "locked": translate("Admin", "Locked (too many failures)"),
        "unlocked": translate("Admin", "Unlocked"),
        "password_bypass": translate("Admin", "Password set outside the policy"),
        "logout": translate("Admin", "Signed out"),
        "session_ended": translate("Admin", "Session ended"),
    }.get(outcome, outcome)


def _load(ctx, connector, filters: dict) -> admin_queries.Rows:
    return admin_queries.list_login_events(connector.connection(), **filters)


class LoginEventsPage(AdminPage):
    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("Login events")
        self.model = RowTableModel([
            Column("at", self.tr("At"), lambda v: fmt_datetime(v, seconds=True)),
            Column("login", self.tr("Login")),
            Column("staff_name", self.tr("Name")),
            Column("branch_code", self.tr("Branch")),
            Column("outcome", self.tr("Outcome"), outcome_label, foreground=lambda r: OUTCOME_COLORS.get(r["outcome"])),
            Column("hostname", self.tr("Host")),
            Column("macs", self.tr("MACs"), fmt_first, tooltip=lambda r: "\n".join(r.get("macs") or ()) or None),
            Column(lambda r: login_reason_text(r.get("reason"), r.get("detail"), r.get("client_addr")),
                   self.tr("Detail")),
        ], self)
        self.view, self.proxy = make_table(self, self.model, "loginEventsTable")
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        set_column_widths(self.view, [19, 10, 8, 6, 24, 14, 22, 30])

        self.login_edit = QLineEdit(objectName="eventLogin", clearButtonEnabled=True)
        self.login_edit.setPlaceholderText(self.tr("Login contains…"))
        self.login_edit.returnPressed.connect(self.refresh)
        self.outcome_combo = QComboBox(objectName="eventOutcome")
        self.outcome_combo.addItem(self.tr("All outcomes"), None)
        for outcome in admin_queries.LOGIN_OUTCOMES:
            self.outcome_combo.addItem(outcome_label(outcome), outcome)
        self.dates = DateRangeFilter(days_back=30, parent=self)
        self.search_button = QPushButton(self.tr("Search"), objectName="searchEvents", default=True)
        self.search_button.clicked.connect(self.refresh)
        self.note = QLabel(objectName="eventsNote")
        self.note.setStyleSheet("color: #666;")

        self.lay_out_search_page([(self.login_edit, 2), (self.outcome_combo, 1), (self.dates, 0),
                                  (self.search_button, 0)], self.view, self.note)

    def filters(self) -> dict:
        return {"login": self.login_edit.text().strip() or None, "outcome": self.outcome_combo.currentData(),
                "since": self.dates.since(), "until": self.dates.until()}

    def refresh(self) -> None:
        self.status.clear()
        self.run(_load, self.filters(), on_success=self._loaded, key="login_events", failure_title=self.title)

    def _loaded(self, result: admin_queries.Rows) -> None:
        self.model.set_rows(result.rows)
        if result.truncated:
            self.note.setText(self.tr("Showing the newest %1 events only: narrow the filter to see older ones.")
                              .replace("%1", str(result.limit)))
            self.note.setStyleSheet("color: #a05a00;")
        else:
            self.note.setText(self.tr("%1 events").replace("%1", str(len(result.rows))))
            self.note.setStyleSheet("color: #666;")
