"""The 公共池回收 page: the HQ policy (on/off, days without a visit or contact, warning days), the
agent's recycling runs of the branches the staff member may see, the customers of the chosen run,
and "Reverse…" for one of them (a marketing director of its branch or HQ marketing; the server
decides and says why not). The same page sits in the Administration tab (HQ administrators edit
the policy there) and in the Approvals tab (the managers who reverse). Every query runs in a
worker on the worker's own connection.
"""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox,
                               QSplitter, QVBoxLayout, QWidget)

from crm_desktop.services import pool_recycling
from crm_desktop.ui.admin.common import Prompts, fmt_datetime
from crm_desktop.ui.tab_base import TabContext
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths

REVERSED_COLOR = "#777777"


# Worker functions -------------------------------------------------------------------------------------------

def _load(ctx, connector) -> dict:
    conn = ctx.watch(connector.connection())
    return {"policy": pool_recycling.get_policy(conn), "runs": pool_recycling.runs(conn),
            "scope": pool_recycling.run_scope(conn)}


def _load_items(ctx, connector, run_id: int) -> list[dict]:
    return pool_recycling.run_items(ctx.watch(connector.connection()), run_id)


def _save_policy(ctx, connector, enabled: bool, days: int, warning_days: int) -> dict:
    return pool_recycling.set_policy(connector.connection(), enabled, days, warning_days)


def _reverse(ctx, connector, item_id: int, note: str) -> None:
    pool_recycling.reverse(connector.connection(), item_id, note)


class RecyclingPage(QWidget):
    def __init__(self, host: TabContext, *, can_edit_policy: bool, prompts: Prompts | None = None):
        super().__init__()
        self.host = host
        self.prompts = prompts or Prompts()
        self.title = self.tr("Pool recycling (公共池回收)")
        self.can_edit_policy = can_edit_policy
        self.loaded = False
        self.policy: dict | None = None
        self.run_id: int | None = None
        self._handles: dict[str, Any] = {}     # task key -> TaskHandle (a newer one supersedes)

        self.enabled_check = QCheckBox(self.tr("Return customers nobody visits or contacts to the public pool"),
                                       objectName="recycleEnabled")
        self.days_spin = QSpinBox(objectName="recycleDays", minimum=pool_recycling.DAYS_RANGE[0],
                                  maximum=pool_recycling.DAYS_RANGE[1])
        self.days_spin.setSuffix(self.tr(" days"))
        self.warning_spin = QSpinBox(objectName="recycleWarningDays", minimum=pool_recycling.WARNING_DAYS_RANGE[0],
                                     maximum=pool_recycling.WARNING_DAYS_RANGE[1])
        self.warning_spin.setSuffix(self.tr(" days"))
        self.save_button = QPushButton(self.tr("Save"), objectName="recycleSavePolicy")
        self.save_button.clicked.connect(self.save_policy)
        self.policy_note = QLabel(objectName="recyclePolicyNote")
        self.policy_note.setWordWrap(True)
        self.policy_note.setStyleSheet("color: #666;")
        policy_box = QGroupBox(self.tr("Policy (set by HQ)"))
        form = QFormLayout(policy_box)
        form.addRow("", self.enabled_check)
        form.addRow(self.tr("Recycle after no visit and no contact for:"), self.days_spin)
        form.addRow(self.tr("Warn the owner in Reminders this many days ahead:"), self.warning_spin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.policy_note, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        for widget in (self.enabled_check, self.days_spin, self.warning_spin):
            widget.setEnabled(can_edit_policy)
        self.save_button.setVisible(can_edit_policy)

        self.runs_model = RowTableModel([
            Column("run_at", self.tr("Run at"), fmt_datetime),
            Column("branch_name", self.tr("Branch")),
            Column("customers", self.tr("Customers"), lambda v: f"{v:,}"),
            Column("relationships", self.tr("Relationships"), lambda v: f"{v:,}"),
            Column("days", self.tr("Days without contact")),
            Column("reversed", self.tr("Reversed"), lambda v: f"{v:,}"),
        ], self)
        self.runs_view, self.runs_proxy = make_table(self, self.runs_model, "recycleRunsTable")
        set_column_widths(self.runs_view, [17, 20, 10, 12, 16, 10])
        self.runs_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.runs_view.selectionModel().currentRowChanged.connect(lambda *_: self._run_chosen())

        self.items_model = RowTableModel([
            Column("account_no", self.tr("Account no.")),
            Column("name", self.tr("Name")),
            Column("developer_name", self.tr("Developer")),
            Column("service_staff_name", self.tr("Service staff")),
            Column(self._last_contact_text, self.tr("Last visit or contact")),
            Column(self._reversal_text, self.tr("Reversed"), tooltip=lambda r: r.get("reverse_note")),
        ], self)
        self.items_model.set_row_foreground(lambda r: REVERSED_COLOR if r.get("reversed_at") else None)
        self.items_view, self.items_proxy = make_table(self, self.items_model, "recycleItemsTable")
        set_column_widths(self.items_view, [14, 12, 12, 12, 18, 30])
        self.items_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.reverse_button = QPushButton(self.tr("Reverse…"), objectName="recycleReverse")
        self.reverse_button.setToolTip(self.tr("Give the customer back to the staff member it was recycled from"))
        self.reverse_button.clicked.connect(self.reverse)
        self.items_note = QLabel(objectName="recycleItemsNote")
        self.items_note.setStyleSheet("color: #666;")

        items_box = QWidget()
        items_layout = QVBoxLayout(items_box)
        items_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.items_note, 1)
        row.addWidget(self.reverse_button)
        items_layout.addLayout(row)
        items_layout.addWidget(self.items_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, objectName="recycleSplitter")
        splitter.addWidget(self.runs_view)
        splitter.addWidget(items_box)
        splitter.setChildrenCollapsible(False)

        self.status = QLabel(objectName="recycleStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(policy_box)
        layout.addWidget(QLabel(self.tr("Recycling runs of the HQ agent (newest first); choose one to see its "
                                        "customers."), objectName="recycleRunsLabel"))
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        refresh = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.Refresh))
        refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.triggered.connect(lambda _=False: self.refresh())
        self.addAction(refresh)
        self._update_buttons()

    # texts --------------------------------------------------------------------------------------------------
    def _last_contact_text(self, row: dict) -> str:
        if row.get("last_contact_at") is None:
            return self.tr("Never (since %1)").replace("%1", row["since"].isoformat())
        return fmt_datetime(row["last_contact_at"])

    def _reversal_text(self, row: dict) -> str:
        if row.get("reversed_at") is None:
            return ""
        return self.tr("%1 by %2").replace("%1", fmt_datetime(row["reversed_at"])).replace("%2", row["reversed_by"])

    # loading ------------------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.refresh()

    def reload(self) -> None:
        self.refresh()

    def invalidate(self) -> None:
        """Forget what was loaded (after a re-login); reload now when visible."""
        self.loaded = False
        if self.isVisible():
            self.ensure_loaded()

    @property
    def is_busy(self) -> bool:
        return any(not handle.done for handle in self._handles.values())

    def refresh(self) -> None:
        self.status.clear()
        self._run(_load, on_success=self._arrived, key="load")

    def _run(self, fn: Callable, *args: Any, on_success: Callable[[Any], None], key: str) -> None:
        def succeeded(result: Any) -> None:
            if shiboken6.isValid(self):
                on_success(result)
                self._update_buttons()

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self._update_buttons()
                self.prompts.show_refusal(self, self.title, error)

        self._handles[key] = self.host.runner.run(fn, self.host.connector, *args, on_success=succeeded,
                                                  on_failure=failed, key=f"recycling:{id(self)}:{key}")
        self._update_buttons()

    def _nothing_recycled_text(self, scope: dict) -> str:
        """Worded for whose runs the list holds: HQ sees every branch, a branch its own."""
        if scope["all"]:
            return self.tr("No customer has been recycled in any branch.")
        if scope["branches"] == 1:
            return self.tr("No customer of %1 has been recycled.").replace("%1", scope["branch_name"] or "")
        return self.tr("No customer has been recycled in the %1 branches you oversee.").replace(
            "%1", str(scope["branches"]))

    def _arrived(self, result: dict) -> None:
        self.show_policy(result["policy"])
        self.runs_model.set_rows(result["runs"])
        if not result["runs"]:
            self.items_model.set_rows([])
            self.items_note.setText(self._nothing_recycled_text(result["scope"]))
            return
        chosen = next((n for n in range(self.runs_proxy.rowCount())
                       if self.runs_proxy.row(n)["id"] == self.run_id), 0)
        self.runs_view.setCurrentIndex(self.runs_proxy.index(chosen, 0))
        self._run_chosen(force=True)

    def show_policy(self, policy: dict) -> None:
        self.policy = policy
        self.enabled_check.setChecked(policy["enabled"])
        self.days_spin.setValue(policy["days"])
        self.warning_spin.setValue(policy["warning_days"])
        state = (self.tr("On since %1.").replace("%1", policy["enabled_since"].isoformat()) if policy["enabled"]
                 else self.tr("Off: nobody is recycled."))
        self.policy_note.setText(state + " " + self.tr("Last changed by %1 at %2.")
                                 .replace("%1", policy["updated_by"]).replace("%2", fmt_datetime(policy["updated_at"])))

    def _run_chosen(self, force: bool = False) -> None:
        index = self.runs_view.currentIndex()
        if not index.isValid():
            return
        run = self.runs_proxy.row(index.row())
        if run["id"] == self.run_id and not force:
            return
        self.run_id = run["id"]
        self.items_note.setText(self.tr("%1 — %2: %3 customers").replace("%1", fmt_datetime(run["run_at"]))
                                .replace("%2", run["branch_name"]).replace("%3", f"{run['customers']:,}"))
        self._run(_load_items, run["id"], on_success=self.items_model.set_rows, key="items")

    # actions ------------------------------------------------------------------------------------------------
    def _current_item(self) -> dict | None:
        index = self.items_view.currentIndex()
        return self.items_proxy.row(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        item = self._current_item()
        busy = any(not handle.done for key, handle in self._handles.items() if key in ("save", "reverse"))
        self.reverse_button.setEnabled(item is not None and item.get("reversed_at") is None and not busy)
        self.save_button.setEnabled(self.can_edit_policy and not busy)

    def save_policy(self) -> None:
        enabled, days, warning = self.enabled_check.isChecked(), self.days_spin.value(), self.warning_spin.value()
        if warning >= days:
            self.prompts.show_refusal(self, self.title, ValueError(
                self.tr("The warning must come fewer days ahead than the days without contact.")))
            return

        def saved(policy: dict) -> None:
            self.show_policy(policy)
            self.status.setText(self.tr("Policy saved."))

        self._run(_save_policy, enabled, days, warning, on_success=saved, key="save")

    def reverse(self) -> None:
        item = self._current_item()
        if item is None or item.get("reversed_at") is not None:
            return
        note = self.prompts.ask_text(self, self.tr("Reverse the recycling"),
                                     self.tr("Give %1 (%2) back to %3. Reason:")
                                     .replace("%1", item["name"]).replace("%2", item["account_no"])
                                     .replace("%3", item["developer_name"]))
        if note is None:
            return
        if len(note) > pool_recycling.MAX_NOTE:
            self.prompts.show_refusal(self, self.title, ValueError(
                self.tr("The reason may have at most %1 characters.").replace("%1", str(pool_recycling.MAX_NOTE))))
            return

        def done(_: Any) -> None:
            self.refresh()
            self.status.setText(self.tr("%1 is %2's customer again.").replace("%1", item["name"])
                                .replace("%2", item["developer_name"]))

        self._run(_reverse, item["id"], note, on_success=done, key="reverse")


def install_admin(admin_tab) -> RecyclingPage:
    """系统管理 › 公共池回收: HQ administrators edit the policy, branch administrators read it."""
    page = RecyclingPage(admin_tab, can_edit_policy=admin_tab.info.can("admin_all"), prompts=admin_tab.prompts)
    page.setObjectName("admin_recycling")
    admin_tab.pages.addTab(page, page.title)
    return page


def install_approvals(approvals_tab) -> RecyclingPage | None:
    """审批 › 公共池回收 for those who approve (directors, HQ marketing): the runs and the reversal."""
    if not approvals_tab.info.can("approve"):
        return None
    page = RecyclingPage(approvals_tab, can_edit_policy=False)
    page.setObjectName("approvals_recycling")
    approvals_tab.pages.addTab(page, page.title)
    return page
