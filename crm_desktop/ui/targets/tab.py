"""销售任务 Sales targets tab (issue #15; 常见问题 6).

Above: 我的任务, the signed-in staff member's own targets of the chosen month or year with a
progress bar each. Below: every target of that period the user may see (their subtree, the
branches in their scope or setting rights), with completion as a progress bar; sorted by the
server on a header click and fetched a page at a time as the list scrolls. HQ and a branch's
营销总监 set and delete targets and import them from the .xlsx template; the server decides
whose (db/sql/objects/crm.set_sales_target.sql). All work runs on the runner's workers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QDateEdit, QGridLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QStyle,
                               QStyledItemDelegate, QStyleOptionProgressBar, QTableView, QVBoxLayout, QWidget)

from crm_desktop.services import sales_targets
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui.messages import refusal_text
from crm_desktop.ui.tab_base import CrmTab
from crm_desktop.ui.targets import common
from crm_desktop.ui.targets.dialogs import TargetPrompts

PAGE = 200
GOOD, BEHIND, FAR_BEHIND = "#2e7d32", "#b26a00", "#b00020"


def completion_colour(completion: Any, pace: float = 1.0) -> str:
    """Against the share of the period the data covers (`pace`): on day 4 of 31, 34 % is ahead."""
    if completion is None:
        return BEHIND
    value = float(completion)
    return GOOD if value >= pace else BEHIND if value >= 0.5 * pace else FAR_BEHIND


class TargetListModel(QAbstractTableModel):
    """The period's targets, a page at a time (fetchMore asks the tab for the next one)."""

    COLUMNS = ("subject_name", "subject_kind", "branch_name", "metric", "target_value", "actual_value", "completion")

    def __init__(self, tab: "SalesTargetsTab"):
        super().__init__(tab)
        self.tab = tab
        self.rows: list[dict] = []
        self.total = 0
        self.loading = False

    def headers(self) -> list[str]:
        return [self.tr("Staff / team / branch"), self.tr("Kind"), self.tr("Branch"), self.tr("Metric"),
                self.tr("Target"), self.tr("Actual"), self.tr("Completion")]

    def reset(self, rows: list[dict], total: int) -> None:
        self.beginResetModel()
        self.rows, self.total, self.loading = list(rows), total, False
        self.endResetModel()

    def append(self, rows: list[dict], total: int) -> None:
        self.loading = False
        self.total = total
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self.loading and len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self.loading = True
            self.tab.load_page(len(self.rows))

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.COLUMNS):
            return self.headers()[section]
        return None

    def row(self, number: int) -> dict:
        return self.rows[number]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, key = self.rows[index.row()], self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "subject_kind":
                return common.subject_kind_label(row["subject_kind"])
            if key == "metric":
                return common.metric_label(row["metric"])
            if key in ("target_value", "actual_value"):
                return common.figure_text(row["metric"], row[key])
            if key == "completion":
                return common.percent_text(row["completion"])
            if key == "subject_name" and row.get("staff_login"):
                return f"{row['subject_name']} ({row['staff_login']})"
            return row.get(key) or ""
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("target_value", "actual_value", "completion"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key == "completion":
            return self.tr("%1 of %2 %3").replace("%1", common.figure_text(row["metric"], row["actual_value"])) \
                .replace("%2", common.figure_text(row["metric"], row["target_value"])) \
                .replace("%3", common.unit_text(row["metric"]))
        if role == Qt.ItemDataRole.UserRole:
            return row.get("completion")
        return None


class CompletionDelegate(QStyledItemDelegate):
    """Draws the completion column as a progress bar (full at 100 %; the text says the real figure)."""

    def paint(self, painter, option, index) -> None:
        completion = index.data(Qt.ItemDataRole.UserRole)
        if completion is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = max(0, min(1000, int(float(completion) * 1000)))
        bar.text = index.data(Qt.ItemDataRole.DisplayRole)
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)


class MyTargets(QGroupBox):
    """我的任务: one progress bar per own target (as a person, then as a team leader)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("myTargetsBox")
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(2, 1)
        self.empty = QLabel(objectName="myTargetsEmpty")
        self.empty.setStyleSheet("color: #777; padding: 6px;")
        self.bars: list[QProgressBar] = []

    def retitle(self) -> None:
        self.setTitle(self.tr("My targets"))
        self.empty.setText(self.tr("No target has been set for you in this period."))

    def set_rows(self, rows: list[dict], pace: float = 1.0) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None and widget is not self.empty:
                widget.deleteLater()
        self.bars = []
        self.retitle()
        if not rows:
            self.grid.addWidget(self.empty, 0, 0, 1, 4)
            self.empty.show()
            return
        self.empty.hide()
        for number, row in enumerate(rows):
            who = common.subject_kind_label(row["subject_kind"])
            self.grid.addWidget(QLabel(f"{common.metric_label(row['metric'])} · {who}"), number, 0)
            bar = QProgressBar(objectName=f"myTarget_{row['subject_kind']}_{row['metric']}")
            bar.setRange(0, 1000)
            bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
            completion = row["completion"]
            bar.setValue(max(0, min(1000, int(float(completion or 0) * 1000))))
            bar.setFormat(common.percent_text(completion) or "—")
            bar.setStyleSheet(f"QProgressBar::chunk {{ background: {completion_colour(completion, pace)}; }}")
            self.grid.addWidget(bar, number, 2)
            self.grid.addWidget(QLabel(self.tr("%1 of %2 %3")
                                       .replace("%1", common.figure_text(row["metric"], row["actual_value"]))
                                       .replace("%2", common.figure_text(row["metric"], row["target_value"]))
                                       .replace("%3", common.unit_text(row["metric"]))), number, 3)
            self.bars.append(bar)


class SalesTargetsTab(CrmTab):
    def __init__(self, runner, connector, info, parent: QWidget | None = None, today: date | None = None,
                 prompts: TargetPrompts | None = None):
        super().__init__(parent)
        self.runner, self.connector, self.info = runner, connector, info
        self.prompts = prompts or TargetPrompts()
        self.setter: str | None = None
        self.sort, self.descending = "completion", False
        self.loaded_once = False
        today = today or date.today()

        self.period_kind = QComboBox(objectName="targetsPeriodKind")
        for kind in sales_targets.PERIOD_KINDS:
            self.period_kind.addItem(common.label(sales_targets.PERIOD_LABELS, kind), kind)
        self.period = QDateEdit(QDate(today.year, today.month, 1), objectName="targetsPeriod")
        self.period.setDisplayFormat("yyyy-MM")
        self.period.setCalendarPopup(False)
        self.metric_choice = QComboBox(objectName="targetsMetric")
        self.metric_choice.addItem(self.tr("All metrics"), None)
        for metric in sales_targets.METRICS:
            self.metric_choice.addItem(common.metric_label(metric), metric)
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="targetsRefresh")
        self.set_button = QPushButton(self.tr("Set target…"), objectName="targetsSet")
        self.delete_button = QPushButton(self.tr("Delete"), objectName="targetsDelete")
        self.template_button = QPushButton(self.tr("Download template…"), objectName="targetsTemplate")
        self.import_button = QPushButton(self.tr("Import…"), objectName="targetsImport")
        self.weights_button = QPushButton(self.tr("Contribution weights…"), objectName="targetsWeights")
        self.weights_button.hide()         # HQ only
        self.weights_button.clicked.connect(self.edit_weights)
        for button in (self.set_button, self.delete_button, self.template_button, self.import_button):
            button.hide()          # shown once the server says the user sets targets
        self.message = QLabel(objectName="targetsMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.mine = MyTargets(self)
        self.mine.retitle()
        self.model = TargetListModel(self)
        self.view = QTableView(objectName="targetsTable")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(TargetListModel.COLUMNS.index("completion"), CompletionDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(TargetListModel.COLUMNS.index("completion"), Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        # the branch column holds a branch's name (e.g. 北京朝阳门北大街营业部), not its code
        branch_width = self.fontMetrics().horizontalAdvance("北京朝阳门北大街营业部") + 16
        for column, width in enumerate((200, 80, branch_width, 110, 130, 130, 160)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(len(TargetListModel.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel(objectName="targetsCount")
        self.as_of = QLabel(objectName="targetsAsOf")
        self.as_of.setStyleSheet("color: #555;")
        self.list_box = QGroupBox(self.tr("Targets and completion"), objectName="targetsListBox")
        box_layout = QVBoxLayout(self.list_box)
        box_layout.addWidget(self.view, 1)
        box_layout.addWidget(self.count)

        bar = QHBoxLayout()
        for widget in (QLabel(self.tr("Period:")), self.period_kind, self.period, QLabel(self.tr("Metric:")),
                       self.metric_choice, self.refresh_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.set_button, self.delete_button, self.template_button, self.import_button,
                       self.weights_button):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.as_of)
        layout.addWidget(self.mine)
        layout.addWidget(self.list_box, 1)

        self.period_kind.currentIndexChanged.connect(self._period_kind_changed)
        self.period.dateChanged.connect(lambda _: self.reload())
        self.metric_choice.currentIndexChanged.connect(lambda _: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.set_button.clicked.connect(self.set_target)
        self.delete_button.clicked.connect(self.delete_selected)
        self.template_button.clicked.connect(self.download_template)
        self.import_button.clicked.connect(self.import_file)

    # the period -------------------------------------------------------------------------------------
    def current_period(self) -> tuple[str, date]:
        kind = self.period_kind.currentData()
        picked = self.period.date().toPython()
        return kind, sales_targets.period_of(kind, picked)

    def _period_kind_changed(self) -> None:
        self.period.setDisplayFormat("yyyy" if self.period_kind.currentData() == "year" else "yyyy-MM")
        self.reload()

    def _sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        self.sort = TargetListModel.COLUMNS[section]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # loading ----------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self.loaded_once:
            self.reload()

    def use_listener(self, listener) -> None:
        """Follow the T+1 loads (actuals change with each) through the main window's listener."""
        listener.subscribe("crm_t1_loaded", self.t1_loaded)

    def t1_loaded(self, *_args) -> None:
        """NOTIFY crm_t1_loaded: a shown list reloads now; one not loaded yet loads when shown."""
        if shiboken6.isValid(self) and self.loaded_once:
            self.reload()

    def reload(self) -> None:
        self.loaded_once = True
        kind, start = self.current_period()
        self.runner.run(common.load_mine, self.connector, kind, start, on_success=self._mine_loaded,
                        on_failure=self._failed, key="targets-mine")
        self.model.loading = True
        self.runner.run(common.load_page, self.connector, kind, start, self.sort, self.descending, 0, PAGE,
                        self.metric_choice.currentData(), on_success=lambda result: self._page_loaded(result, True),
                        on_failure=self._failed, key="targets-page")

    def load_page(self, offset: int) -> None:
        kind, start = self.current_period()
        self.runner.run(common.load_page, self.connector, kind, start, self.sort, self.descending, offset, PAGE,
                        self.metric_choice.currentData(), on_success=lambda result: self._page_loaded(result, False),
                        on_failure=self._failed, key="targets-page")

    def _mine_loaded(self, data: dict) -> None:
        self.setter = data["setter"]
        for button in (self.set_button, self.delete_button, self.template_button, self.import_button):
            button.setVisible(self.setter is not None)
        self.weights_button.setVisible(self.setter == "hq")
        kind, start = self.current_period()
        covered, total = common.elapsed_days(kind, start, data["as_of"])
        self.mine.set_rows(data["mine"], pace=covered / total)
        self.as_of.setText(self._as_of_text(data["as_of"], covered, total))

    def _as_of_text(self, as_of: date | None, covered: int, total: int) -> str:
        if not covered:
            return self.tr("No data of this period is loaded yet: completion starts with its first T+1 load.")
        if covered == total:
            return self.tr("Completion of the whole period (data loaded up to %1).").replace("%1", as_of.isoformat())
        return self.tr("Completion from the data loaded up to %1: %2 of the period's %3 days.") \
            .replace("%1", as_of.isoformat()).replace("%2", str(covered)).replace("%3", str(total))

    def _page_loaded(self, result: tuple[list[dict], int], first: bool) -> None:
        rows, total = result
        if first:
            self.model.reset(rows, total)
        else:
            self.model.append(rows, total)
        self.count.setText(self.tr("%1 of %2 targets shown").replace("%1", str(len(self.model.rows)))
                           .replace("%2", str(total)))

    def _failed(self, error: BaseException) -> None:
        self.model.loading = False
        self.set_message(refusal_text(error) if isinstance(error, CrmRefusal) else str(error), error=True)

    def set_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #8a1c1c;" if error else "color: #2e5e2e;")
        self.message.setVisible(bool(text))

    # setting and importing ------------------------------------------------------------------------------
    def selected_row(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def set_target(self) -> None:
        kind, start = self.current_period()
        values = self.prompts.target_values(self, kind, start, self.selected_row())
        if values is None:
            return
        self.runner.run(common.set_target, self.connector, values["subject_kind"], values["subject"],
                        values["period_kind"], values["period_start"], values["metric"], values["value"],
                        on_success=lambda _: (self.set_message(self.tr("Target saved.")), self.reload()),
                        on_failure=self._failed)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.set_message(self.tr("Select a target first."), error=True)
            return
        if not self.prompts.confirm(self, self.tr("Delete target"),
                                    self.tr("Delete the target %1 of %2?").replace("%1", common.metric_label(row["metric"]))
                                    .replace("%2", row["subject_name"])):
            return
        self.runner.run(common.delete_target, self.connector, row["target_id"],
                        on_success=lambda _: (self.set_message(self.tr("Target deleted.")), self.reload()),
                        on_failure=self._failed)

    def edit_weights(self) -> None:
        self.runner.run(common.load_weights, self.connector, on_success=self._weights_loaded, on_failure=self._failed)

    def _weights_loaded(self, current: dict) -> None:
        chosen = self.prompts.weights(self, current)
        if chosen is None:
            return
        self.runner.run(common.set_weights, self.connector, *chosen,
                        on_success=lambda _: (self.set_message(self.tr("Contribution weights saved.")), self.reload()),
                        on_failure=self._failed)

    def download_template(self) -> None:
        from crm_desktop.ui.admin.common import chinese_ui

        lang = "zh" if chinese_ui() else "en"
        path = self.prompts.save_path(self, self.tr("Save the sales target template"),
                                      "销售任务导入模板.xlsx" if lang == "zh" else "sales-targets-template.xlsx")
        if not path:
            return
        self.runner.run(common.write_template, path if path.lower().endswith(".xlsx") else path + ".xlsx", lang,
                        on_success=lambda p: self.set_message(self.tr("Template saved to %1.").replace("%1", p)),
                        on_failure=self._failed)

    def import_file(self, path: str | None = None) -> None:
        path = path or self.prompts.open_path(self, self.tr("Import sales targets"))
        if not path:
            return
        self.set_message(self.tr("Importing…"))
        self.runner.run(common.import_targets, self.connector, path,
                        on_success=lambda report: self._imported(report, path), on_failure=self._import_failed,
                        key="targets-import")

    def _import_failed(self, error: BaseException) -> None:
        from crm_desktop.ui.admin.common import chinese_ui

        chinese = getattr(error, "message_zh", None) if chinese_ui() else None
        self.set_message(self.tr("The import failed: %1").replace(
            "%1", chinese or (refusal_text(error) if isinstance(error, CrmRefusal) else str(error))), error=True)

    def _imported(self, report: sales_targets.ImportReport, path: str) -> None:
        if report.errors:
            self.set_message(self.tr("Nothing imported: %1 rows have errors.").replace("%1", str(report.error_rows)),
                             error=True)
        else:
            self.set_message(self.tr("%1 targets imported.").replace("%1", str(report.applied)))
            self.reload()
        self.prompts.import_report(self, report, path)
