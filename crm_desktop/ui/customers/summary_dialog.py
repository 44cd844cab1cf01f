"""汇总统计 Summary of the current customer list (issue #4, FAQ 11).

The staff member picks group columns (from the allow-listed groupable columns) and aggregates
(number of customers; sum / average / minimum / maximum of the number and money columns); the
summary is computed in PostgreSQL over the list's current filter, search and pool toggle
(services.customer_query.summary, under RLS) in a worker, with a busy bar and Cancel (which
cancels the query on the server). The result is a sortable table, money in yuan; Export writes
it to .xlsx through the same server-checked, audited export as the list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QProgressBar, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from crm_desktop.services import export
from crm_desktop.services.customer_query import columns as list_columns
from crm_desktop.services.customer_query.summary import aggregate_name, summarize
from crm_desktop.services.customer_query.words import VALUE_LABELS, describe, value_label
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui.export_flow import ExportFlow, export_table, ui_lang
from crm_desktop.ui.customers.features import CustomerList
from crm_desktop.ui.messages import refusal_text
from crm_desktop.ui.table_model import Column, RowTableModel, fit_columns_to_view, make_table

FUNCTIONS = ("sum", "avg", "min", "max")
DEFAULT_GROUPS = ("branch_name",)
DEFAULT_AGGREGATES = (("count", None), ("sum", "total_assets"))
MAX_GROUP_COLUMNS = 5


def _money(cents: Any) -> str:
    return f"{cents / 100:,.2f}"


def _number(value: Any) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}"


def summary_columns() -> tuple[list[list_columns.Column], list[list_columns.Column]]:
    """(groupable columns, columns that take sum/avg/min/max) from the engine's allow-list; coded
    columns (贵宾等级 is a grade with names) are grouped by, never summed or averaged."""
    groupable = [c for c in list_columns.columns() if c.groupable]
    numeric = [c for c in list_columns.columns()
               if c.type in (list_columns.NUMBER, list_columns.MONEY) and c.key not in VALUE_LABELS]
    return groupable, numeric


def _summarize(ctx, connector, query, group_by, aggregates):
    conn = ctx.watch(connector.connection())
    return summarize(conn, query, group_by, aggregates, ctx=ctx)


class SummaryDialog(QDialog):
    def __init__(self, tab: CustomerList, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("summaryDialog")
        self.setWindowTitle(self.tr("Summary (汇总统计)"))
        self.tab = tab
        self.runner = tab.runner
        self.query = tab.current_query()          # the list as it was when the dialog opened
        self.lang = ui_lang()
        self.handle = None
        self.rows: list[dict] = []
        self.spec: tuple[list[str], list[tuple[str, str | None]]] | None = None
        self.exporter = ExportFlow(self, self.runner, lambda: self.tab.connector)

        groupable, numeric = summary_columns()
        self.scope = QLabel(self._scope_text(), objectName="summaryScope", wordWrap=True)

        self.groups = QListWidget(objectName="summaryGroups")
        for col in groupable:
            item = QListWidgetItem(col.label(self.lang))
            item.setData(Qt.ItemDataRole.UserRole, col.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if col.key in DEFAULT_GROUPS else Qt.CheckState.Unchecked)
            self.groups.addItem(item)
        group_box = QGroupBox(self.tr("Group by (at most %1)").replace("%1", str(MAX_GROUP_COLUMNS)))
        QVBoxLayout(group_box).addWidget(self.groups)

        self.count_box = QCheckBox(self.tr("Number of customers"), objectName="summaryCount", checked=True)
        grid = QGridLayout()
        grid.addWidget(self.count_box, 0, 0, 1, 5)
        titles = {"sum": self.tr("Sum"), "avg": self.tr("Average"), "min": self.tr("Minimum"),
                  "max": self.tr("Maximum")}
        for j, func in enumerate(FUNCTIONS):
            grid.addWidget(QLabel(titles[func]), 1, j + 1, alignment=Qt.AlignmentFlag.AlignCenter)
        self.aggregate_boxes: dict[tuple[str, str], QCheckBox] = {}
        for i, col in enumerate(numeric):
            grid.addWidget(QLabel(col.label(self.lang)), i + 2, 0)
            for j, func in enumerate(FUNCTIONS):
                box = QCheckBox(objectName=f"agg_{func}_{col.key}")
                box.setChecked((func, col.key) in DEFAULT_AGGREGATES)
                box.setToolTip(f"{titles[func]}: {col.label(self.lang)}")
                self.aggregate_boxes[(func, col.key)] = box
                grid.addWidget(box, i + 2, j + 1, alignment=Qt.AlignmentFlag.AlignCenter)
        grid.setRowStretch(len(numeric) + 2, 1)
        aggregate_box = QGroupBox(self.tr("Figures"))
        aggregate_box.setLayout(grid)

        self.run_button = QPushButton(self.tr("Calculate"), objectName="summaryRun", default=True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="summaryCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.busy = QProgressBar(maximum=0, textVisible=False, objectName="summaryBusy")
        self.busy.setFixedSize(100, 8)
        self.busy.hide()
        self.status = QLabel(objectName="summaryStatus", wordWrap=True)

        self.model = RowTableModel([], parent=self)
        self.view, self.proxy = make_table(self, self.model, "summaryTable")

        self.export_button = QPushButton(self.tr("Export…"), objectName="summaryExport")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setVisible(tab.info.can("export"))     # after addButton, which shows it
        buttons.rejected.connect(self.reject)

        choices = QWidget()
        row = QHBoxLayout(choices)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(group_box, 1)
        row.addWidget(aggregate_box, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(choices)
        split.addWidget(self.view)
        split.setStretchFactor(1, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.run_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.busy)
        actions.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        layout.addWidget(buttons)
        self.resize(820, 640)

    # choices ---------------------------------------------------------------------------------
    def _scope_text(self) -> str:
        parts = []
        if self.query.search:
            parts.append(self.tr("search “%1”").replace("%1", self.query.search))
        if self.query.filter is not None:
            parts.append(describe(self.query.filter, self.lang))
        if self.query.public_pool_only:
            parts.append(self.tr("public pool only"))
        if not parts:
            return self.tr("Over the whole list (every customer you can see).")
        return self.tr("Over the current list: %1").replace("%1", "; ".join(parts))

    def group_by(self) -> list[str]:
        return [self.groups.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.groups.count())
                if self.groups.item(i).checkState() == Qt.CheckState.Checked]

    def aggregates(self) -> list[tuple[str, str | None]]:
        chosen: list[tuple[str, str | None]] = [("count", None)] if self.count_box.isChecked() else []
        chosen += [(func, key) for (func, key), box in self.aggregate_boxes.items() if box.isChecked()]
        return chosen

    def set_choice(self, group_by: list[str], aggregates: list[tuple[str, str | None]]) -> None:
        """Check exactly these group columns and aggregates (tests, remembered choices)."""
        for i in range(self.groups.count()):
            item = self.groups.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in group_by
                               else Qt.CheckState.Unchecked)
        self.count_box.setChecked(("count", None) in aggregates)
        for key, box in self.aggregate_boxes.items():
            box.setChecked(key in aggregates)

    # running ---------------------------------------------------------------------------------
    def run(self) -> None:
        group_by, aggregates = self.group_by(), self.aggregates()
        if not group_by and not aggregates:
            self.status.setText(self.tr("Choose group columns or figures first."))
            return
        if len(group_by) > MAX_GROUP_COLUMNS:
            self.status.setText(self.tr("Choose at most %1 group columns.").replace("%1", str(MAX_GROUP_COLUMNS)))
            return
        self._set_busy(True)
        self.status.setText(self.tr("Calculating…"))
        self.handle = self.runner.run(_summarize, self.tab.connector, self.query, group_by, aggregates,
                                      on_success=lambda rows: self._arrived(group_by, aggregates, rows),
                                      on_failure=self._failed, key=f"summary-{id(self)}")

    def cancel(self) -> None:
        if self.handle is not None and not self.handle.done:
            self.handle.cancel()          # cancels the query on the server
        self._set_busy(False)
        self.status.setText(self.tr("Cancelled."))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.run_button.setEnabled(not busy)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, CrmRefusal):
            if error.kind == "cancelled":
                self.status.setText(self.tr("Cancelled."))
            else:
                self.status.setText(refusal_text(error))

    def _arrived(self, group_by: list[str], aggregates: list[tuple[str, str | None]], rows: list[dict]) -> None:
        self._set_busy(False)
        self.rows, self.spec = rows, (group_by, aggregates)
        self.model.set_rows([])
        self.model.set_columns(self._table_columns(group_by, aggregates))
        self.model.set_rows(rows)
        fit_columns_to_view(self.view)
        self.export_button.setEnabled(bool(rows))
        self.status.setText(self.tr("%1 groups").replace("%1", f"{len(rows):,}") if group_by else "")

    # presentation ------------------------------------------------------------------------------
    def aggregate_header(self, func: str, key: str | None) -> str:
        if key is None:
            return self.tr("Customers")
        label = list_columns.COLUMNS[key].label(self.lang)
        titles = {"sum": self.tr("%1 (sum)"), "avg": self.tr("%1 (average)"), "min": self.tr("%1 (minimum)"),
                  "max": self.tr("%1 (maximum)")}
        return titles[func].replace("%1", label)

    def _group_formatter(self, key: str):
        col = list_columns.COLUMNS[key]
        if key in VALUE_LABELS:
            return lambda value: value_label(key, value, self.lang)
        if col.type == list_columns.BOOL:
            return lambda value: self.tr("Yes") if value else self.tr("No")
        if col.unit == "cents":
            return _money
        return None

    def _table_columns(self, group_by: list[str], aggregates: list[tuple[str, str | None]]) -> list[Column]:
        columns = [Column(key, list_columns.COLUMNS[key].label(self.lang), self._group_formatter(key))
                   for key in group_by]
        right = Qt.AlignmentFlag.AlignRight
        for func, key in aggregates:
            money = key is not None and list_columns.COLUMNS[key].unit == "cents"
            columns.append(Column(aggregate_name(func, key), self.aggregate_header(func, key),
                                  _money if money else _number, align=right))
        return columns

    def export_table(self) -> tuple[list[str], list[tuple], list[str]]:
        """The result as export.export_table takes it: headers, rows (codes as labels, money in
        cents), cell formats."""
        assert self.spec is not None
        group_by, aggregates = self.spec
        headers, formats, getters = [], [], []
        for key in group_by:
            col = list_columns.COLUMNS[key]
            headers.append(col.label(self.lang))
            fmt = self._group_formatter(key)
            if col.unit == "cents":
                formats.append(export.MONEY)
                getters.append(lambda row, k=key: row[k])
            elif fmt is not None:
                formats.append(export.TEXT)
                getters.append(lambda row, k=key, f=fmt: None if row[k] is None else f(row[k]))
            else:
                formats.append({list_columns.DATE: export.DATE, list_columns.DATETIME: export.DATETIME,
                                list_columns.NUMBER: export.NUMBER}.get(col.type, export.TEXT))
                getters.append(lambda row, k=key: row[k])
        for func, key in aggregates:
            name = aggregate_name(func, key)
            headers.append(self.aggregate_header(func, key))
            money = key is not None and list_columns.COLUMNS[key].unit == "cents"
            formats.append(export.MONEY if money else export.NUMBER)
            getters.append(lambda row, n=name: row[n])
        rows = [tuple(get(row) for get in getters) for row in self.rows]
        return headers, rows, formats

    def export(self, path: str | None = None) -> bool:
        if not self.tab.info.can("export") or self.spec is None:
            return False
        headers, rows, formats = self.export_table()
        group_by, aggregates = self.spec
        details = dict(export.query_details(self.query, self.lang), group_by=group_by,
                       aggregates=[[f, k] for f, k in aggregates])
        return self.exporter.start("summary", self.tr("Export summary"), export_table, "summary", details,
                                   headers, rows, formats, path=path)

    def done(self, result: int) -> None:  # noqa: D401 - Qt API
        if self.handle is not None and not self.handle.done:
            self.handle.cancel()
        super().done(result)
