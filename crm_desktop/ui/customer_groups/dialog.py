"""The customer groups window (客户群管理, FAQ 4-6): the groups visible to the staff member, their
members and their statistics over a period; a group opens as a filter of the customer list."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout,
                               QLabel, QProgressBar, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from crm_desktop.services import customer_groups as cg
from crm_desktop.ui import gain_colours
from crm_desktop.ui.customer_groups import common
from crm_desktop.ui.customer_groups.common import GroupPrompts, count_text, money
from crm_desktop.ui.sms import install as sms_install
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths


class StatisticsModel(RowTableModel):
    """Per-member statistics with a bold totals row at the end (not sortable: the server's order)."""

    def __init__(self, columns, parent=None):
        super().__init__(columns, parent)
        self._bold = QFont()
        self._bold.setBold(True)
        self.statistics: cg.GroupStatistics | None = None

    def set_statistics(self, statistics: cg.GroupStatistics | None, total_label: str) -> None:
        self.statistics = statistics
        if statistics is None:
            self.set_rows([])
            return
        totals = dict(statistics.totals)
        total_row = {"_total": True, "account_no": total_label,
                     "branch_name": self.tr("%1 members").replace("%1", count_text(totals["members"])),
                     "total_assets_cents": totals["total_assets_cents"],
                     "trade_volume_cents": totals["trade_volume_cents"],
                     "commission_cents": totals["commission_cents"],
                     "net_commission_cents": totals["net_commission_cents"],
                     "interest_spread_cents": totals["interest_spread_cents"],
                     "pnl_cents": totals["pnl_cents"],
                     "trading_days": totals["trading_days"]}
        self.set_rows(list(statistics.rows) + ([total_row] if statistics.rows else []))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            if index.isValid() and index.row() < len(self._rows) and self._rows[index.row()].get("_total"):
                return self._bold
            return None
        return super().data(index, role)


PRESETS = ("this_month", "last_month", "this_year", "last_year", "custom")


class GroupsDialog(QDialog):
    """Non-modal. `open_filter(group)` is called by "Open as filter" (the Customers tab passes one
    that applies the group filter to its list). Every query runs on the runner's workers."""

    groups_changed = Signal()

    def __init__(self, runner, connector, info=None, parent: QWidget | None = None,
                 prompts: GroupPrompts | None = None, open_filter: Callable[[dict], None] | None = None):
        super().__init__(parent)
        self.runner, self.connector, self.info = runner, connector, info
        self.prompts = prompts or GroupPrompts()
        self.open_filter = open_filter
        self.groups: list[dict] = []
        self.group: dict | None = None
        self._select_after_load: int | None = None
        self._handles: dict[str, Any] = {}
        self._members_after: tuple | None = None
        self._quiet = False
        self.setObjectName("customerGroupsDialog")
        self.setWindowTitle(self.tr("Customer groups"))
        self.setModal(False)
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowMinMaxButtonsHint
                            | Qt.WindowType.WindowCloseButtonHint)
        self.setSizeGripEnabled(True)
        self.resize(1280, 720)

        # groups ----------------------------------------------------------------------------------------
        self.group_model = RowTableModel([
            Column("name", self.tr("Group"), tooltip=lambda row: row.get("note") or None),
            Column(lambda r: r.get("owner_name") or r.get("owner_login") or "", self.tr("Owner")),
            Column("member_count", self.tr("Members"), count_text),
            Column("modified_at", self.tr("Modified"), common.short_datetime),
        ], self)
        self.group_model.set_row_foreground(lambda row: None if row.get("own") else "#666666")
        self.group_view, self.group_proxy = make_table(self, self.group_model, "groupTable")
        set_column_widths(self.group_view, [16, 8, 7, 14])
        self.group_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)          # the server's order: own first
        self.group_view.selectionModel().currentRowChanged.connect(lambda *_: self._group_selected())
        self.group_view.doubleClicked.connect(lambda _: self.open_as_filter())

        self.new_button = QPushButton(self.tr("New…"), objectName="newGroupButton")
        self.rename_button = QPushButton(self.tr("Rename…"), objectName="renameGroupButton")
        self.delete_button = QPushButton(self.tr("Delete"), objectName="deleteGroupButton")
        self.filter_button = QPushButton(self.tr("Open as filter"), objectName="openFilterButton")
        self.filter_button.setToolTip(self.tr("Show this group's customers in the customer list"))
        self.new_button.clicked.connect(self.new_group)
        self.rename_button.clicked.connect(self.rename_group)
        self.delete_button.clicked.connect(self.delete_group)
        self.filter_button.clicked.connect(self.open_as_filter)
        self.filter_button.setVisible(open_filter is not None)
        group_buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.delete_button):
            button.setAutoDefault(False)
            group_buttons.addWidget(button)
        group_buttons.addStretch(1)
        group_buttons.addWidget(sms_install.group_button(self))     # 短信 to the group's members
        group_buttons.addWidget(self.filter_button)
        self.filter_button.setAutoDefault(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.group_view, 1)
        left_layout.addLayout(group_buttons)

        # members ---------------------------------------------------------------------------------------
        self.member_model = RowTableModel([
            Column("account_no", self.tr("Account no.")),
            Column("name", self.tr("Name")),
            Column("branch_name", self.tr("Branch")),
            Column("developer_name", self.tr("Developer")),
            Column("added_at", self.tr("Added"), common.short_datetime),
        ], self)
        self.member_view, self.member_proxy = make_table(self, self.member_model, "memberTable")
        self.member_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        set_column_widths(self.member_view, [11, 8, 14, 8, 14])
        self.member_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.member_label = QLabel(objectName="memberLabel")
        self.more_button = QPushButton(self.tr("Load more"), objectName="moreMembersButton")
        self.more_button.clicked.connect(lambda: self._load_members(more=True))
        self.remove_button = QPushButton(self.tr("Remove from group"), objectName="removeMembersButton")
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.more_button, self.remove_button):
            button.setAutoDefault(False)
        member_buttons = QHBoxLayout()
        member_buttons.addWidget(self.member_label, 1)
        member_buttons.addWidget(self.more_button)
        member_buttons.addWidget(self.remove_button)
        members_page = QWidget(objectName="membersPage")
        members_layout = QVBoxLayout(members_page)
        members_layout.addWidget(self.member_view, 1)
        members_layout.addLayout(member_buttons)

        # statistics ------------------------------------------------------------------------------------
        self.period = QComboBox(objectName="periodPreset")
        for key, label in zip(PRESETS, (self.tr("This month"), self.tr("Last month"), self.tr("This year"),
                                        self.tr("Last year"), self.tr("Custom"))):
            self.period.addItem(label, key)
        self.start_edit = QDateEdit(objectName="periodStart", calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.end_edit = QDateEdit(objectName="periodEnd", calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.period.currentIndexChanged.connect(lambda _: self._preset_changed())
        self.compute_button = QPushButton(self.tr("Compute"), objectName="computeButton")
        self.compute_button.setAutoDefault(False)
        self.compute_button.clicked.connect(self.compute_statistics)
        self.export_button = QPushButton(self.tr("Export…"), objectName="exportStatisticsButton")
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export_statistics)
        self.export_button.setVisible(self._may_export())
        self.export_button.setEnabled(False)
        self.stats_model = StatisticsModel([
            Column("account_no", self.tr("Account no.")),
            Column("name", self.tr("Name")),
            Column("branch_name", self.tr("Branch")),
            Column("assets_date", self.tr("Assets as of")),
            Column("total_assets_cents", self.tr("Total assets"), money),
            Column("trade_volume_cents", self.tr("Trade volume"), money),
            Column("commission_cents", self.tr("Commission"), money),
            Column("net_commission_cents", self.tr("Net commission"), money),
            Column("interest_spread_cents", self.tr("Interest spread"), money),
            Column("pnl_cents", self.tr("Profit/loss"), money, foreground=lambda row: gain_colours.colour_of(row["pnl_cents"])),
            Column("trading_days", self.tr("Trading days"), count_text),
        ], self)
        self.stats_view, self.stats_proxy = make_table(self, self.stats_model, "statisticsTable")
        self.stats_view.setSortingEnabled(False)
        self.stats_proxy.sort(-1)                        # the server's order, totals last
        self.stats_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        set_column_widths(self.stats_view, [10, 7, 12, 9, 12, 11, 9, 9, 9, 9, 6])
        self.stats_note = QLabel(objectName="statisticsNote")
        self.stats_note.setWordWrap(True)
        self.stats_note.setStyleSheet("color: #555;")
        period_row = QHBoxLayout()
        period_row.addWidget(QLabel(self.tr("Period:")))
        period_row.addWidget(self.period)
        period_row.addWidget(self.start_edit)
        period_row.addWidget(QLabel("–"))
        period_row.addWidget(self.end_edit)
        period_row.addWidget(self.compute_button)
        period_row.addStretch(1)
        period_row.addWidget(self.export_button)
        stats_page = QWidget(objectName="statisticsPage")
        stats_layout = QVBoxLayout(stats_page)
        stats_layout.addLayout(period_row)
        stats_layout.addWidget(self.stats_view, 1)
        stats_layout.addWidget(self.stats_note)

        self.pages = QTabWidget(objectName="groupPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(members_page, self.tr("Members"))
        self.pages.addTab(stats_page, self.tr("Statistics"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([460, 820])

        self.message = QLabel(objectName="groupsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("background: #fdecea; color: #8a1c1c; border: 1px solid #f0b7b3;"
                                   " border-radius: 3px; padding: 6px;")
        self.message.hide()
        self.busy = QProgressBar(objectName="groupsBusy", textVisible=False)
        self.busy.setRange(0, 0)
        self.busy.setFixedSize(72, 6)
        self.busy.hide()
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="refreshGroupsButton")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.clicked.connect(self.refresh)
        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_box.rejected.connect(self.reject)
        close_box.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.busy)
        bottom.addStretch(1)
        bottom.addWidget(close_box)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._preset_changed()
        self._update_buttons()
        self.refresh()

    # tasks -------------------------------------------------------------------------------------------------
    def run(self, fn: Callable, *args: Any, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None, key: str = "task",
            on_progress: Callable[[str, int, int], None] | None = None):
        """fn(ctx, connector, *args) on a worker; results only while this window exists. A newer
        task with the same key cancels the older one."""

        def succeeded(result: Any) -> None:
            if shiboken6.isValid(self):
                self._recheck_busy()
                if on_success is not None:
                    on_success(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self._recheck_busy()
                (on_failure or self.show_error)(error)

        handle = self.runner.run(fn, self.connector, *args, on_success=succeeded, on_failure=failed,
                                 on_progress=on_progress, key=f"customer_groups:{id(self)}:{key}")
        self._handles[key] = handle
        self._recheck_busy()
        return handle

    @property
    def loading(self) -> bool:
        return any(not handle.done for handle in self._handles.values())

    def _recheck_busy(self) -> None:
        self.busy.setVisible(self.loading)

    def show_error(self, error: BaseException) -> None:
        self.message.setText(common.error_text(error))
        self.message.show()

    def _may_export(self) -> bool:
        return self.info is not None and self.info.can("export") and common.export_available()

    # groups ------------------------------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        if select is None and self.group is not None:
            select = self.group["id"]
        self._select_after_load = select
        self.run(common.load_groups, on_success=self._groups_loaded, key="groups")

    def _groups_loaded(self, groups: list[dict]) -> None:
        self.message.hide()
        self.groups = groups
        wanted = self._select_after_load
        self._select_after_load = None
        self._quiet = True            # one _group_selected() below, not one per selection signal
        try:
            self.group_model.set_rows(groups)
            row = self.group_model.find(lambda g: g["id"] == wanted) if wanted is not None else -1
            if row < 0 and groups:
                row = 0
            if row >= 0:
                proxy_index = self.group_proxy.mapFromSource(self.group_model.index(row, 0))
                self.group_view.setCurrentIndex(proxy_index)
                self.group_view.selectRow(proxy_index.row())
        finally:
            self._quiet = False
        self._group_selected()

    def current_group(self) -> dict | None:
        index = self.group_view.currentIndex()
        if not index.isValid():
            return None
        return self.group_proxy.row(index.row())

    def select_group(self, group_id: int) -> bool:
        row = self.group_model.find(lambda g: g["id"] == group_id)
        if row < 0:
            return False
        self.group_view.setCurrentIndex(self.group_proxy.mapFromSource(self.group_model.index(row, 0)))
        return True

    def _group_selected(self) -> None:
        if self._quiet:
            return
        group = self.current_group()
        changed = (group or {}).get("id") != (self.group or {}).get("id")
        self.group = group
        self._update_buttons()
        if group is None:
            self.member_model.set_rows([])
            self.stats_model.set_statistics(None, "")
            self.member_label.setText(self.tr("No group selected.") if not self.groups
                                      else self.tr("Choose a group."))
            self.stats_note.clear()
            return
        self._load_members()
        if changed or self.stats_model.statistics is None:
            self.compute_statistics()

    def _update_buttons(self) -> None:
        group = self.group
        own = bool(group and group.get("own"))
        self.rename_button.setEnabled(own)
        self.delete_button.setEnabled(own)
        self.remove_button.setEnabled(own)
        self.filter_button.setEnabled(group is not None)
        self.compute_button.setEnabled(group is not None)
        tip = "" if own or group is None else self.tr("Only the owner changes a group; you can read it.")
        for button in (self.rename_button, self.delete_button, self.remove_button):
            button.setToolTip(tip)

    def new_group(self) -> None:
        name = self.prompts.ask_name(self, self.tr("New customer group"), self.tr("Name:"))
        if name is None or not name.strip():
            return
        self.run(common.create_group, name.strip(), on_success=lambda g: self._changed(g["id"]), key="write")

    def rename_group(self) -> None:
        group = self.group
        if group is None or not group.get("own"):
            return
        name = self.prompts.ask_name(self, self.tr("Rename customer group"), self.tr("New name:"), group["name"])
        if name is None or not name.strip() or name.strip() == group["name"]:
            return
        self.run(common.rename_group, group["id"], group["version"], name.strip(),
                 on_success=lambda g: self._changed(g["id"]), on_failure=self._write_failed, key="write")

    def delete_group(self) -> None:
        group = self.group
        if group is None or not group.get("own"):
            return
        text = self.tr("Delete the group “%1” with its %2 members? The customers themselves are not deleted.") \
            .replace("%1", group["name"]).replace("%2", count_text(group.get("member_count")))
        if not self.prompts.confirm(self, self.tr("Delete customer group"), text):
            return
        self.group = None
        self.run(common.delete_group, group["id"], group["version"], on_success=lambda _: self._changed(None),
                 on_failure=self._write_failed, key="write")

    def _changed(self, select: int | None) -> None:
        self.stats_model.set_statistics(None, "")
        self.group = None
        self.refresh(select)
        self.groups_changed.emit()

    def _write_failed(self, error: BaseException) -> None:
        self.show_error(error)
        if getattr(error, "kind", None) in ("conflict", "not_found"):
            self._select_after_load = None
            self.run(common.load_groups, on_success=lambda groups: (self._groups_loaded(groups),
                                                                    self.show_error(error)), key="groups")

    def open_as_filter(self) -> None:
        if self.group is not None and self.open_filter is not None:
            self.open_filter(self.group)

    # members -----------------------------------------------------------------------------------------------
    def _load_members(self, more: bool = False) -> None:
        group = self.group
        if group is None:
            return
        after = self._members_after if more else None
        if not more:
            self.member_model.set_rows([])
            self.more_button.hide()

        def loaded(result: tuple[list[dict], int]) -> None:
            rows, total = result
            if self.group is None or self.group["id"] != group["id"]:
                return
            self.member_model.set_rows((self.member_model.rows if more else []) + rows)
            shown = self.member_model.rowCount()
            self._members_after = (rows[-1]["account_no"], rows[-1]["customer_id"]) if rows else None
            self.more_button.setVisible(shown < total and len(rows) == cg.MEMBER_LIMIT)
            text = self.tr("%1 members").replace("%1", count_text(total))
            if shown < total:
                text += " " + self.tr("(showing %1)").replace("%1", count_text(shown))
            self.member_label.setText(text)

        self.run(common.load_members, group["id"], after, cg.MEMBER_LIMIT, on_success=loaded, key="members")

    def selected_member_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.member_view.selectionModel().selectedRows()})
        return [self.member_proxy.row(row)["customer_id"] for row in rows]

    def remove_selected(self) -> None:
        group = self.group
        ids = self.selected_member_ids()
        if group is None or not group.get("own") or not ids:
            return
        text = self.tr("Remove %1 customers from the group “%2”?").replace("%1", count_text(len(ids))) \
            .replace("%2", group["name"])
        if not self.prompts.confirm(self, self.tr("Remove from group"), text):
            return
        self.run(common.remove_members, group["id"], ids, on_success=lambda _: self._changed(group["id"]),
                 key="write")

    # statistics --------------------------------------------------------------------------------------------
    def _preset_changed(self) -> None:
        key = self.period.currentData()
        custom = key == "custom"
        self.start_edit.setEnabled(custom)
        self.end_edit.setEnabled(custom)
        if not custom:
            start, end = cg.period_preset(key)
            self.set_period(start, end, preset=key)
            if self.group is not None:
                self.compute_statistics()

    def set_period(self, start: dt.date, end: dt.date, preset: str = "custom") -> None:
        index = self.period.findData(preset)
        if index != self.period.currentIndex():
            self.period.blockSignals(True)
            self.period.setCurrentIndex(index)
            self.period.blockSignals(False)
            self.start_edit.setEnabled(preset == "custom")
            self.end_edit.setEnabled(preset == "custom")
        self.start_edit.setDate(QDate(start.year, start.month, start.day))
        self.end_edit.setDate(QDate(end.year, end.month, end.day))

    def period_dates(self) -> tuple[dt.date, dt.date]:
        start, end = self.start_edit.date(), self.end_edit.date()
        return (dt.date(start.year(), start.month(), start.day()), dt.date(end.year(), end.month(), end.day()))

    def compute_statistics(self) -> None:
        group = self.group
        if group is None:
            return
        start, end = self.period_dates()
        self.export_button.setEnabled(False)
        self.stats_note.setText(self.tr("Computing…"))

        def done(stats: cg.GroupStatistics) -> None:
            if self.group is None or self.group["id"] != stats.group_id:
                return
            self.stats_model.set_statistics(stats, self.tr("Total"))
            self.export_button.setEnabled(True)
            totals = stats.totals
            note = self.tr("%1 to %2: %3 members, %4 with trading data. Total assets: each member's last "
                           "trading day in the period.").replace("%1", stats.start.isoformat()) \
                .replace("%2", stats.end.isoformat()).replace("%3", count_text(totals["members"])) \
                .replace("%4", count_text(totals["members_with_facts"]))
            if not totals["members"]:
                note = self.tr("This group has no members yet: select customers in the list and use "
                               "“Add to group”, or add the whole filtered list.")
            if stats.truncated:
                note += " " + self.tr("The table shows the first %1 members; the totals cover all of them.") \
                    .replace("%1", count_text(len(stats.rows)))
            self.stats_note.setText(note)

        def failed(error: BaseException) -> None:
            self.stats_note.clear()
            self.show_error(error)

        self.run(common.statistics, group["id"], start, end, on_success=done, on_failure=failed, key="statistics")

    def export_statistics(self) -> None:
        stats = self.stats_model.statistics
        group = self.group
        if stats is None or group is None:
            return
        from crm_desktop.ui.admin.common import chinese_ui

        lang = "zh" if chinese_ui() else "en"
        suggested = f"{group['name']}_{stats.start:%Y%m%d}-{stats.end:%Y%m%d}.xlsx"
        path = self.prompts.save_path(self, self.tr("Export group statistics"), suggested)
        if not path:
            return
        headers = [self.stats_model.headerData(c, Qt.Orientation.Horizontal)
                   for c in range(self.stats_model.columnCount())]
        keys = ("account_no", "name", "branch_name", "assets_date", "total_assets_cents", "trade_volume_cents",
                "commission_cents", "net_commission_cents", "interest_spread_cents", "pnl_cents", "trading_days")
        rows = [[row.get(k) for k in keys] for row in self.stats_model.rows]
        formats = ["text", "text", "text", "date", "money", "money", "money", "money", "money", "money", "number"]
        details = {"group_id": group["id"], "group_name": group["name"], "start": stats.start.isoformat(),
                   "end": stats.end.isoformat(), "members": stats.totals["members"],
                   "rows_truncated": stats.truncated}
        self.export_button.setEnabled(False)

        def done(result) -> None:
            self.export_button.setEnabled(True)
            self.prompts.inform(self, self.tr("Export group statistics"),
                                self.tr("Exported %1 rows to %2.").replace("%1", count_text(result.rows))
                                .replace("%2", str(result.path)))

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.prompts.show_error(self, self.tr("Export group statistics"), error)

        self.run(common.export_statistics, details, headers, rows, formats, path, lang,
                 on_success=done, on_failure=failed, key="export")

    # closing -----------------------------------------------------------------------------------------------
    def reject(self) -> None:
        for key, handle in self._handles.items():
            if key != "write" and not handle.done:
                handle.cancel()
        super().reject()
