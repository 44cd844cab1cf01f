"""Relationships (经纪关系, current and past), VIP level periods (贵宾) and customer groups (客户群)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QSplitter, QVBoxLayout, QWidget

from crm_desktop.services import customer_detail as cd
from crm_desktop.ui.customer_detail.common import (kind_label, relationship_status_label, staff_text, vip_name)
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths

GREY = "#888888"


class RelationsPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("relationsPage")
        released = (lambda row: GREY if row.get("status") != "live" else None)
        self.relationship_model = RowTableModel([
            Column("kind", self.tr("Kind"), kind_label),
            Column(lambda r: staff_text(r.get("staff_name"), r.get("staff_login"), r.get("staff_id")),
                   self.tr("Staff")),
            Column("valid_from", self.tr("From")),
            Column("valid_to", self.tr("To")),
            Column("status", self.tr("Status"), relationship_status_label),
        ], self)
        self.relationship_model.set_row_foreground(released)
        self.relationship_view, self.relationship_proxy = make_table(self, self.relationship_model, "relationshipTable")
        set_column_widths(self.relationship_view, [12, 24, 11, 11, 8])
        self.relationship_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)   # the server's order: live first

        self.vip_model = RowTableModel([
            Column(vip_name, self.tr("VIP level")),
            Column("date_from", self.tr("From")),
            Column("date_to", self.tr("To (last day)")),
            Column("days", self.tr("Trading days"), align=Qt.AlignmentFlag.AlignLeft),
        ], self)
        self.vip_view, self.vip_proxy = make_table(self, self.vip_model, "vipTable")
        set_column_widths(self.vip_view, [12, 11, 12, 10])
        self.vip_view.sortByColumn(1, Qt.SortOrder.DescendingOrder)             # newest period first
        self.vip_note = QLabel(self.tr("Derived from total assets on each trading day (T+1 data)."))
        self.vip_note.setStyleSheet("color: #666;")

        self.groups_label = QLabel(objectName="groupsLabel")
        self.groups_label.setWordWrap(True)
        self.groups_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        relationship_box = QGroupBox(self.tr("Relationships (经纪关系)"))
        QVBoxLayout(relationship_box).addWidget(self.relationship_view)
        vip_box = QGroupBox(self.tr("VIP level history (贵宾)"))
        vip_layout = QVBoxLayout(vip_box)
        vip_layout.addWidget(self.vip_view)
        vip_layout.addWidget(self.vip_note)
        groups_box = QGroupBox(self.tr("Customer groups (客户群)"))
        QVBoxLayout(groups_box).addWidget(self.groups_label)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(relationship_box)
        splitter.addWidget(vip_box)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter, 1)
        layout.addWidget(groups_box)

    def show_detail(self, detail: cd.CustomerDetail) -> None:
        self.relationship_model.set_rows(detail.relationships)
        self.vip_model.set_rows(detail.vip_periods)
        if not detail.groups_available:
            self.groups_label.setText(self.tr("Customer groups are not available yet."))
        elif detail.groups:
            # Own groups by name; a subordinate's group (read-only) with its owner.
            self.groups_label.setText(", ".join(
                g.get("name", "") if g.get("own") or not g.get("owner_name")
                else self.tr("%1 (of %2)").replace("%1", g.get("name", "")).replace("%2", g["owner_name"])
                for g in detail.groups))
        else:
            self.groups_label.setText(self.tr("Not in any group."))
