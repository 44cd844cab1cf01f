"""审计日志: who changed what (old → new), newest first."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from crm_desktop.services import admin_queries, approvals
from crm_desktop.ui.admin.common import AdminPage, DateRangeFilter, fmt_datetime, ref_name, translate
from crm_desktop.ui.admin.staff_dialogs import scope_label
from crm_desktop.ui.approvals.common import post_label, reason_label, reservation_status_label
from crm_desktop.ui.approvals.common import status_label as approval_status_label
from crm_desktop.ui.customer_detail.common import channel_label, contact_label, kind_label, relationship_status_label
from crm_desktop.ui.reasons import freeze_reason_text
from crm_desktop.ui.table_model import make_table, set_column_widths
from crm_desktop.ui.table_model import Column, RowTableModel

NULL = "∅"
MAX_VALUE = 60
# Bookkeeping columns left out of the one-line summary (the tooltip shows everything); a
# reservation's reason is shown in words, its detail is the server's English note.
QUIET_KEYS = {"version", "reason_detail"}
# Entries whose keys read best in an order of their own (the database keeps a JSON object's keys
# shortest first): what was refused, what the server said, from where; how many more were not.
KEY_ORDER = {admin_queries.REFUSAL_TABLE: ("state_code", "message", "client", "dropped", "limit")}


def table_label(table: str) -> str:
    return {"staff": translate("Admin", "Staff"), "staff_role": translate("Admin", "Staff roles"), "staff_post": translate("Admin", "Approval posts"),
            "staff_branch_scope": translate("Admin", "Branch scope"), "staff_mac": translate("Admin", "MAC bindings"), "policy": translate("Admin", "Policy"),
            "customer_ext": translate("Admin", "Customer extended data"), "relationship": translate("Admin", "Relationships"),
            "visit": translate("Admin", "Visits"), "approval_flow_step": translate("Admin", "Approval flow steps"),
            "approval_request": translate("Admin", "Approval requests"),
            "approval_step": translate("Admin", "Approval decisions"), "reservation": translate("Admin", "Reservations"),
            "holiday": translate("Admin", "Holidays"), "customer_group": translate("Admin", "Customer groups"),
            "export_log": translate("Admin", "Exports"), "pivot_layout": translate("Admin", "Analysis layouts"),
            "sales_target": translate("Admin", "Sales targets"),
            "contribution_weight": translate("Admin", "Contribution weights"),
            admin_queries.REFUSAL_TABLE: translate("Admin", "Security refusals"),
            "pool_recycle_policy": translate("Admin", "Pool recycling policy"),
            "pool_recycle_item": translate("Admin", "Pool recycling reversals"),
            "branch": translate("Admin", "Branches"),
            "vip_level": translate("Admin", "VIP thresholds"),
            "asset_range_setting": translate("Admin", "Default asset ranges"),
            }.get(table, table)


def column_label(column: str) -> str:
    """An audited table's column in words."""
    return {
        "id": translate("Admin", "No."), "login": translate("Admin", "Login"), "name": translate("Admin", "Name"),
        "branch_id": translate("Admin", "Branch no."), "staff_type": translate("Admin", "Staff type"),
        "superior_id": translate("Admin", "Superior no."), "status": translate("Admin", "Status"),
        "freeze_reason": translate("Admin", "Reason frozen"), "customer_scope": translate("Admin", "Customer scope"),
        "public_pool": translate("Admin", "Public pool"),
        "must_change_password": translate("Admin", "Must change password"),
        "password_expires_at": translate("Admin", "Password expires"),
        "mac_binding_required": translate("Admin", "MAC binding required"),
        "created_at": translate("Admin", "Created"), "created_by": translate("Admin", "Created by"),
        "closed_at": translate("Admin", "Closed"), "version": translate("Admin", "Version"),
        "staff_id": translate("Admin", "Staff no."), "role_code": translate("Admin", "Role"),
        "post_code": translate("Admin", "Approval post"), "mac": translate("Admin", "MAC address"),
        "note": translate("Admin", "Note"), "bound_at": translate("Admin", "Bound"),
        "bound_by": translate("Admin", "Bound by"), "customer_id": translate("Admin", "Customer no."),
        "mobile": translate("Admin", "Mobile"), "phone": translate("Admin", "Phone"),
        "address": translate("Admin", "Address"), "email": translate("Admin", "Email"),
        "preferred_contact": translate("Admin", "Preferred contact"), "notes": translate("Admin", "Notes"),
        "modified_by": translate("Admin", "Modified by"), "modified_at": translate("Admin", "Modified"),
        "kind": translate("Admin", "Kind"), "valid_from": translate("Admin", "Valid from"),
        "valid_to": translate("Admin", "Valid to"), "released_at": translate("Admin", "Released"),
        "released_by": translate("Admin", "Released by"), "visited_at": translate("Admin", "Visited"),
        "channel": translate("Admin", "Channel"), "content": translate("Admin", "Content"),
        "next_follow_up": translate("Admin", "Next follow-up"),
        "lockout_threshold": translate("Admin", "Lock after wrong passwords"),
        "lockout_window_minutes": translate("Admin", "Lockout window (min)"),
        "idle_minutes": translate("Admin", "Idle lock (min)"),
        "server_idle_seconds": translate("Admin", "Server idle timeout (s)"),
        "absolute_session_hours": translate("Admin", "Longest session (h)"),
        "password_min_length": translate("Admin", "Minimum password length"),
        "temp_password_hours": translate("Admin", "Temporary password valid (h)"),
        "remember_password_allowed": translate("Admin", "Remember password allowed"),
        "maintenance": translate("Admin", "Maintenance"), "maintenance_message": translate("Admin", "Maintenance message"),
        "updated_at": translate("Admin", "Updated"), "updated_by": translate("Admin", "Updated by"),
        "flow_code": translate("Admin", "Flow"), "subject_staff_id": translate("Admin", "Staff concerned no."),
        "requested_by": translate("Admin", "Requested by"), "reservation_id": translate("Admin", "Reservation no."),
        "payload": translate("Admin", "Request details"), "posts": translate("Admin", "Approval posts in order"),
        "current_step": translate("Admin", "Current step"), "current_post": translate("Admin", "Current approval post"),
        "requested_at": translate("Admin", "Requested"), "decided_at": translate("Admin", "Decided"),
        "outcome": translate("Admin", "Outcome"), "request_id": translate("Admin", "Request no."),
        "step_no": translate("Admin", "Step"), "decision": translate("Admin", "Decision"),
        "decided_by": translate("Admin", "Decided by"), "comment": translate("Admin", "Comment"),
        "id_no": translate("Admin", "ID number"), "name_norm": translate("Admin", "Name (normalised)"),
        "id_no_norm": translate("Admin", "ID number (normalised)"),
        "mobile_norm": translate("Admin", "Mobile (normalised)"), "registered_on": translate("Admin", "Registered on"),
        "window_end": translate("Admin", "Matching window ends"), "reason": translate("Admin", "Reason"),
        "reason_detail": translate("Admin", "Reason details"), "day": translate("Admin", "Day"),
        "actor": translate("Admin", "Actor"), "details": translate("Admin", "Details"),
        "started_at": translate("Admin", "Started"), "finished_at": translate("Admin", "Finished"),
        "row_count": translate("Admin", "Rows"), "definition": translate("Admin", "Definition"),
        "shared": translate("Admin", "Shared"), "deciders": translate("Admin", "Decided steps (staff no.)"),
        "lockout_minutes": translate("Admin", "First lock (min)"),
        "lockout_max_minutes": translate("Admin", "Longest lock (min)"),
        "lockout_locks_before_freeze": translate("Admin", "Locks before freezing"),
        "max_transaction_seconds": translate("Admin", "Longest transaction (s)"),
        "state_code": translate("Admin", "Refusal"), "message": translate("Admin", "Server message"),
        "client": translate("Admin", "Client address"),
        "dropped": translate("Admin", "Further refusals not recorded"),
        "limit": translate("Admin", "Recorded per hour at most"),
        "release_reason": translate("Admin", "Why released"), "enabled": translate("Admin", "On"),
        "days": translate("Admin", "Days without contact"), "warning_days": translate("Admin", "Warning days"),
        "enabled_since": translate("Admin", "On since"), "reversed_at": translate("Admin", "Reversed"),
        "reversed_by": translate("Admin", "Reversed by"), "reverse_note": translate("Admin", "Reason for reversal"),
        "min_assets_cents": translate("Admin", "VIP threshold (cents)"),
        "edges_cents": translate("Admin", "Asset range edges (cents)"),
    }.get(column, column)


def refusal_label(state_code: str) -> str | None:
    """A security refusal's SQLSTATE in words (the code kept after it); None for another code."""
    words = {"42501": translate("Admin", "Insufficient privilege"),
             "CR033": translate("Admin", "Four eyes (nobody decides for themselves)"),
             "CR034": translate("Admin", "Staff type cannot hold customer relationships")}.get(state_code)
    return f"{words} ({state_code})" if words else None


def code_label(table: str, column: str, value, names: dict[str, dict[str, str]]) -> str | None:
    """A coded value in words (roles, posts, staff types and flows by their reference names); None
    when the value is not a code."""
    if column == "posts" and isinstance(value, list):
        return " → ".join(names.get("posts", {}).get(p) or post_label(p) for p in value)
    if not isinstance(value, str):
        return None
    if (table, column) == (admin_queries.REFUSAL_TABLE, "state_code"):
        return refusal_label(value)
    if (table, column) == ("staff", "status"):
        return {"active": translate("Admin", "Active"), "frozen": translate("Admin", "Frozen"),
                "closed": translate("Admin", "Closed (销户)")}.get(value)
    if (table, column) == ("staff", "freeze_reason"):
        return freeze_reason_text(value)
    if column == "customer_scope":
        return scope_label(value)
    if (table, column) == ("relationship", "kind"):
        return kind_label(value)
    if (table, column) == ("relationship", "status"):
        return relationship_status_label(value)
    if (table, column) in (("approval_request", "status"), ("approval_step", "decision")):
        return approval_status_label(value)
    if (table, column) == ("reservation", "status"):
        return reservation_status_label(value)
    if (table, column) == ("reservation", "reason"):
        return reason_label(value)
    if column in ("post_code", "current_post"):
        return names.get("posts", {}).get(value) or post_label(value)
    if column == "preferred_contact":
        return contact_label(value)
    if column == "channel":
        return channel_label(value)
    reference = {"role_code": "roles", "staff_type": "staff_types", "flow_code": "flows"}.get(column)
    if reference is not None:
        return names.get(reference, {}).get(value)
    return None


def action_label(action: str) -> str:
    return {"insert": translate("Admin", "added"), "update": translate("Admin", "changed"), "delete": translate("Admin", "removed"),
            "refused": translate("Admin", "refused by the server"),
            "dropped": translate("Admin", "more refusals, not recorded")}.get(action, action)


def render_value(value, limit: int | None = MAX_VALUE) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return translate("Admin", "yes") if value else translate("Admin", "no")
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


def render_changes(entry: dict, quiet: bool = True, limit: int | None = MAX_VALUE, separator: str = "; ",
                   names: dict[str, dict[str, str]] | None = None) -> str:
    """'状态: 正常 → 已冻结; 冻结原因: ∅ → 休假' (updates); 'MAC地址 = aa:…' (inserts, deletes): columns
    and coded values in words. `names`: reference names by kind ("roles", "posts", "staff_types")."""
    parts = []
    table = entry.get("table_name") or ""
    order = KEY_ORDER.get(table, ())
    changes = sorted(admin_queries.changed_values(entry),
                     key=lambda change: order.index(change[0]) if change[0] in order else len(order))
    loud = [c for c in changes if c[0] not in QUIET_KEYS] if quiet else changes

    def text(key: str, value) -> str:
        label = code_label(table, key, value, names or {})
        return render_value(label if label is not None else value, limit)

    for key, old, new in loud or changes:
        if quiet and entry.get("action") != "update" and old is None and new is None:
            continue          # an empty column of an added or removed row
        if entry.get("action") == "update":
            parts.append(f"{column_label(key)}: {text(key, old)} → {text(key, new)}")
        elif entry.get("action") == "delete":
            parts.append(f"{column_label(key)} = {text(key, old)}")
        else:
            parts.append(f"{column_label(key)} = {text(key, new)}")
    return separator.join(parts)


def _load(ctx, connector, filters: dict) -> tuple[admin_queries.Rows, dict]:
    conn = connector.connection()
    return admin_queries.list_audit_log(conn, **filters), dict(admin_queries.reference_data(conn),
                                                               flows=approvals.flows(conn))


class AuditPage(AdminPage):
    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("Audit log")
        self.names: dict[str, dict[str, str]] = {}     # reference names of role, post and staff-type codes
        self.model = RowTableModel([
            Column("at", self.tr("At"), lambda v: fmt_datetime(v, seconds=True)),
            Column("actor", self.tr("Actor")),
            Column("branch_code", self.tr("Branch")),
            Column("table_name", self.tr("Table"), table_label, tooltip=lambda r: r["table_name"]),
            Column("action", self.tr("Action"), action_label),
            Column("row_key", self.tr("Row key")),
            Column(lambda r: r, self.tr("Changes"), lambda r: render_changes(r, names=self.names),
                   sort_key=lambda r: render_changes(r, names=self.names),
                   tooltip=lambda r: render_changes(r, quiet=False, limit=None, separator="\n", names=self.names)),
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

    def _loaded(self, answer: tuple[admin_queries.Rows, dict]) -> None:
        result, reference = answer
        self.names = {kind: {r["code"]: ref_name(r) for r in reference.get(kind, [])}
                      for kind in ("roles", "posts", "staff_types", "flows")}
        self.model.set_rows(result.rows)
        if result.truncated:
            self.note.setText(self.tr("Showing the newest %1 entries only: narrow the filter to see older ones.")
                              .replace("%1", str(result.limit)))
            self.note.setStyleSheet("color: #a05a00;")
        else:
            self.note.setText(self.tr("%1 entries").replace("%1", str(len(result.rows))))
            self.note.setStyleSheet("color: #666;")
