"""Dialogs of the 销售任务 tab; every question goes through `TargetPrompts` (tests replace it)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog,
                               QFormLayout, QLabel,
                               QLineEdit, QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from crm_desktop.services import sales_targets
from crm_desktop.ui.admin.common import chinese_ui
from crm_desktop.ui.targets import common


class SetTargetDialog(QDialog):
    """One target: who (staff login, team leader's login or branch code), period, metric, value."""

    def __init__(self, period_kind: str, period_start: date, row: dict | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("setTargetDialog")
        self.setWindowTitle(self.tr("Set sales target"))
        self.values: dict | None = None
        self.subject_kind = QComboBox(objectName="targetSubjectKind")
        for kind in sales_targets.SUBJECT_KINDS:
            self.subject_kind.addItem(common.subject_kind_label(kind), kind)
        self.subject = QLineEdit(objectName="targetSubject")
        self.subject.setMaxLength(40)
        self.subject.setPlaceholderText(self.tr("Staff login, or branch code"))
        self.period_kind = QComboBox(objectName="targetPeriodKind")
        for kind in sales_targets.PERIOD_KINDS:
            self.period_kind.addItem(common.label(sales_targets.PERIOD_LABELS, kind), kind)
        self.period_kind.setCurrentIndex(sales_targets.PERIOD_KINDS.index(period_kind))
        self.period = QDateEdit(QDate(period_start.year, period_start.month, 1), objectName="targetPeriod")
        self.period.setDisplayFormat("yyyy" if period_kind == "year" else "yyyy-MM")
        self.period_kind.currentIndexChanged.connect(
            lambda _: self.period.setDisplayFormat("yyyy" if self.period_kind.currentData() == "year" else "yyyy-MM"))
        self.metric_choice = QComboBox(objectName="targetMetric")
        for metric in sales_targets.METRICS:
            self.metric_choice.addItem(common.metric_label(metric), metric)
        self.value = QLineEdit(objectName="targetValue")
        self.value.setMaxLength(24)
        self.unit = QLabel()
        self.metric_choice.currentIndexChanged.connect(lambda _: self.unit.setText(common.unit_text(self.metric_choice.currentData())))
        self.unit.setText(common.unit_text(self.metric_choice.currentData()))
        self.error = QLabel(objectName="targetError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        if row is not None:
            self.subject_kind.setCurrentIndex(sales_targets.SUBJECT_KINDS.index(row["subject_kind"]))
            self.subject.setText(row.get("staff_login") or row.get("branch_code") or "")
            self.metric_choice.setCurrentIndex(sales_targets.METRICS.index(row["metric"]))
        form = QFormLayout()
        form.addRow(self.tr("For:"), self.subject_kind)
        form.addRow(self.tr("Login or code:"), self.subject)
        form.addRow(self.tr("Period:"), self.period_kind)
        form.addRow(self.tr("Starting:"), self.period)
        form.addRow(self.tr("Metric:"), self.metric_choice)
        form.addRow(self.tr("Target:"), self.value)
        form.addRow("", self.unit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def check(self) -> None:
        """Checks what can be checked here (a number, the subject given); the server checks the rest."""
        metric = self.metric_choice.currentData()
        if not self.subject.text().strip():
            self.error.setText(self.tr("Give the staff login or the branch code."))
            return
        try:
            sales_targets.to_stored(metric, self.value.text())
        except sales_targets.CrmRefusal:
            self.error.setText(self.tr("The target is a number of 0 or more (yuan with at most two decimals, or a "
                                       "whole number of accounts)."))
            return
        kind = self.period_kind.currentData()
        self.values = {"subject_kind": self.subject_kind.currentData(), "subject": self.subject.text().strip(),
                       "period_kind": kind,
                       "period_start": sales_targets.period_of(kind, self.period.date().toPython()),
                       "metric": metric, "value": self.value.text().strip()}
        self.accept()


class ImportReportDialog(QDialog):
    """What the import did, and each refused row with its reason (nothing is set while any row fails)."""

    def __init__(self, report: sales_targets.ImportReport, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("targetImportReport")
        self.setWindowTitle(self.tr("Sales target import"))
        self.resize(720, 420)
        summary = QLabel(self.tr("%1: %2 rows read, %3 targets set, %4 rows with errors.")
                         .replace("%1", path).replace("%2", str(report.rows_read))
                         .replace("%3", str(report.applied)).replace("%4", str(report.error_rows)))
        summary.setWordWrap(True)
        table = QTableWidget(len(report.errors), 3, objectName="targetImportErrors")
        table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Reason")])
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        for number, error in enumerate(report.errors):
            reason = error["message_zh"] if chinese_ui() else error["message"]
            for column, text in enumerate((str(error["row"]), error["column"], reason)):
                table.setItem(number, column, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)


class WeightsDialog(QDialog):
    """贡献度 = 净佣金 × w1 + 利差 × w2: HQ's two weights (0 to 10)."""

    def __init__(self, weights: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("weightsDialog")
        self.setWindowTitle(self.tr("Contribution weights"))
        self.net = QDoubleSpinBox(objectName="weightNetCommission", decimals=4, minimum=0, maximum=10, singleStep=0.1)
        self.spread = QDoubleSpinBox(objectName="weightInterestSpread", decimals=4, minimum=0, maximum=10,
                                     singleStep=0.1)
        self.net.setValue(float(weights["net_commission_weight"]))
        self.spread.setValue(float(weights["interest_spread_weight"]))
        form = QFormLayout()
        form.addRow(self.tr("Net commission ×"), self.net)
        form.addRow(self.tr("Interest spread ×"), self.spread)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Contribution = net commission × w1 + interest spread × w2")))
        layout.addLayout(form)
        layout.addWidget(buttons)


class TargetPrompts:
    def target_values(self, parent: QWidget, period_kind: str, period_start: date, row: dict | None) -> dict | None:
        dialog = SetTargetDialog(period_kind, period_start, row, parent)
        return dialog.values if dialog.exec() else None

    def weights(self, parent: QWidget, current: dict) -> tuple[str, str] | None:
        dialog = WeightsDialog(current, parent)
        return (f"{dialog.net.value():.4f}", f"{dialog.spread.value():.4f}") if dialog.exec() else None

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes

    def save_path(self, parent: QWidget, title: str, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "Excel (*.xlsx)")
        return path or None

    def open_path(self, parent: QWidget, title: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", "Excel (*.xlsx)")
        return path or None

    def import_report(self, parent: QWidget, report: sales_targets.ImportReport, path: str) -> None:
        ImportReportDialog(report, path, parent).exec()
