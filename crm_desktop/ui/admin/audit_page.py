"""审计日志: who changed what (old → new), newest first."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from crm_desktop.services import admin_queries
from crm_desktop.ui.admin.common import AdminPage, DateRangeFilter, fmt_datetime, translate
from crm_desktop.ui.table_model import make_table, set_column_widths
from crm_desktop.ui.table_model import Column, RowTableModel

NULL = "∅"
MAX_VALUE = 60
# Bookkeeping columns left out of the one-line summary (the tooltip shows everything).
QUIET_KEYS = {"version"}


def table_label(table: str) -> str:
    return {"staff": translate("Admin", "Staff"), "staff_role": translate("Admin", "Staff roles"), "staff_post": translate("Admin", "Approval posts"),
            "staff_branch_scope": translate("Admin", "Branch scope"), "staff_mac": translate("Admin", "MAC bindings"), "policy": translate("Admin", "Policy"),
            "customer_ext": translate("Admin", "Customer extended data"), "relationship": translate("Admin", "Relationships"),
            "visit": translate("Admin", "Visits")}.get(table, table)


def action_label(action: str) -> str:
    return {"insert": translate("Admin", "added"), "update": translate("Admin", "changed"), "delete": translate("Admin", "removed")}.get(action, action)


def render_value(value, limit: int | None = MAX_VALUE) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value
        try:  # timestamps from to_jsonb: show them like the rest of the tab
            text = fmt_datetime(dt.datetime.fromisoformat(value), seconds=True) if "T" in value and len(value) > 18 \
                else value
        except ValueError:
            pass
    elif isinstance(value, list):
        text = "[" + ", ".join(render_value(v, None) for v in value) + "]"
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def render_changes(entry: dict, quiet: bool = True, limit: int | None = MAX_VALUE, separator: str = "; ") -> str:
    """'status: active → frozen; freeze_reason: ∅ → test' (updates); 'mac = aa:…' (inserts, deletes)."""
    parts = []
    changes = admin_queries.changed_values(entry)
    loud = [c for c in changes if c[0] not in QUIET_KEYS] if quiet else changes
    for key, old, new in loud or changes:
        if quiet and entry.get("action") != "update" and old is None and new is None:
            continue          # an empty column of an added or removed row
        if entry.get("action") == "update":
            parts.append(f"{key}: {render_value(old, limit)} → {render_value(new, limit)}")
        elif entry.get("action") == "delete":
            parts.append(f"{key} = {render_value(old, limit)}")
        else:
            parts.append(f"{key} = {render_value(new, limit)}")
    return separator.join(parts)


def _load(ctx, connector, filters: dict) -> admin_queries.Rows:
    return admin_queries.list_audit_log(connector.connection(), **filters)


class AuditPage(AdminPage):
    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("Audit log")
        self.model = RowTableModel([
            Column("at", self.tr("At"), lambda v: fmt_datetime(v, seconds=True)),
            Column("actor", self.tr("Actor")),
            Column("branch_code", self.tr("Branch")),
            Column("table_name", self.tr("Table"), table_label, tooltip=lambda r: r["table_name"]),
            Column("action", self.tr("Action"), action_label),
            Column("row_key", self.tr("Row key")),
            Column(lambda r: r, self.tr("Changes"), render_changes, sort_key=lambda r: render_changes(r),
                   tooltip=lambda r: render_changes(r, quiet=False, limit=None, separator="\n")),
        ], self)
        self.view, self.proxy = make_table(self, self.model, "auditTable")
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        set_column_widths(self.view, [19, 10, 6, 15, 8, 16, 60])

        self.actor_edit = QLineEdit(objectName="auditActor", clearButtonEnabled=True)
        self.actor_edit.setPlaceholderText(self.tr("Actor (login) contains…"))
        self.actor_edit.returnPressed.connect(self.refresh)
        self.table_combo = QComboBox(objectName="auditTableFilter")
        self.table_combo.addItem(self.tr("All tables"), None)
        for table in admin_queries.AUDITED_TABLES:
            self.table_combo.addItem(table_label(table), table)
        self.key_edit = QLineEdit(objectName="auditRowKey", clearButtonEnabled=True)
        self.key_edit.setPlaceholderText(self.tr("Row key contains…"))
        self.key_edit.returnPressed.connect(self.refresh)
        self.dates = DateRangeFilter(days_back=30, parent=self)
        self.search_button = QPushButton(self.tr("Search"), objectName="searchAudit", default=True)
        self.search_button.clicked.connect(self.refresh)
        self.note = QLabel(objectName="auditNote")
        self.note.setStyleSheet("color: #666;")

        self.lay_out_search_page([(self.actor_edit, 2), (self.table_combo, 1), (self.key_edit, 1),
                                  (self.dates, 0), (self.search_button, 0)], self.view, self.note)

    def filters(self) -> dict:
        return {"actor": self.actor_edit.text().strip() or None, "table": self.table_combo.currentData(),
                "row_key": self.key_edit.text().strip() or None,
                "since": self.dates.since(), "until": self.dates.until()}

    def refresh(self) -> None:
        self.status.clear()
        self.run(_load, self.filters(), on_success=self._loaded, key="audit", failure_title=self.title)

    def _loaded(self, result: admin_queries.Rows) -> None:
        self.model.set_rows(result.rows)
        if result.truncated:
            self.note.setText(self.tr("Showing the newest %1 entries only: narrow the filter to see older ones.")
                              .replace("%1", str(result.limit)))
            self.note.setStyleSheet("color: #a05a00;")
        else:
            self.note.setText(self.tr("%1 entries").replace("%1", str(len(result.rows))))
            self.note.setStyleSheet("color: #666;")
