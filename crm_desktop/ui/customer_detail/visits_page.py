"""拜访记录: the customer's visit records; add, edit own (double-click), delete own."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit, QProgressBar, QPushButton,
                               QVBoxLayout, QWidget)

from crm_desktop.services import customer_detail as cd
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui.customer_detail import common
from crm_desktop.ui.customer_detail.common import channel_label, field_error_text, fmt_date, fmt_datetime, staff_text
from crm_desktop.ui.messages import error_text
from crm_desktop.ui.customer_detail.window_parts import DetailWindowParts
from crm_desktop.ui.table_model import make_table, set_column_widths
from crm_desktop.ui.table_model import Column, RowTableModel


GREY = "#777777"


def _qdatetime(value: dt.datetime) -> QDateTime:
    local = value.astimezone()
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def _local_datetime(value: QDateTime) -> dt.datetime:
    date, time = value.date(), value.time()
    return dt.datetime(date.year(), date.month(), date.day(), time.hour(), time.minute()).astimezone()


class VisitDialog(QDialog):
    """Add or edit one visit. It does not talk to the server: `submitted` carries the values,
    the page saves them in a worker and calls `finish()` or `show_error()`."""

    submitted = Signal(dict)

    def __init__(self, visit: dict | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.visit = visit
        self.setObjectName("visitDialog")
        self.setWindowTitle(self.tr("Edit visit") if visit else self.tr("Add visit"))
        self.setMinimumWidth(480)

        self.time_edit = QDateTimeEdit(objectName="visitTimeEdit", calendarPopup=True)
        self.time_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.channel_combo = QComboBox(objectName="channelCombo")
        for code in cd.VISIT_CHANNELS:
            self.channel_combo.addItem(channel_label(code), code)
        self.content_edit = QPlainTextEdit(objectName="contentEdit")
        self.content_edit.setTabChangesFocus(True)
        self.content_edit.setPlaceholderText(self.tr("What was discussed, what the customer wants…"))
        self.follow_check = QCheckBox(self.tr("Next follow-up:"), objectName="followUpCheck")
        self.follow_edit = QDateEdit(objectName="followUpEdit", calendarPopup=True)
        self.follow_edit.setDisplayFormat("yyyy-MM-dd")
        self.follow_check.toggled.connect(self.follow_edit.setEnabled)

        if visit:
            self.time_edit.setDateTime(_qdatetime(visit["visited_at"]))
            self.channel_combo.setCurrentIndex(max(0, self.channel_combo.findData(visit["channel"])))
            self.content_edit.setPlainText(visit["content"])
            follow = visit.get("next_follow_up")
            self.follow_check.setChecked(follow is not None)
            self.follow_edit.setDate(QDate(follow.year, follow.month, follow.day) if follow
                                     else QDate.currentDate().addDays(7))
        else:
            now = QDateTime.currentDateTime()
            self.time_edit.setDateTime(QDateTime(now.date(), QTime(now.time().hour(), now.time().minute())))
            self.channel_combo.setCurrentIndex(self.channel_combo.findData("visit"))
            self.follow_edit.setDate(QDate.currentDate().addDays(7))
        self.follow_edit.setEnabled(self.follow_check.isChecked())

        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_edit)
        follow_row.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("Time:"), self.time_edit)
        form.addRow(self.tr("Channel:"), self.channel_combo)
        form.addRow(self.tr("Content:"), self.content_edit)
        form.addRow(self.follow_check, follow_row)

        self.message = QLabel(objectName="visitMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.busy = QProgressBar(textVisible=False)
        self.busy.setRange(0, 0)
        self.busy.setFixedHeight(4)
        self.busy.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.content_edit.setFocus()

    def values(self) -> dict:
        return {"visited_at": _local_datetime(self.time_edit.dateTime()),
                "channel": self.channel_combo.currentData(),
                "content": self.content_edit.toPlainText(),
                "next_follow_up": self.follow_edit.date().toPython() if self.follow_check.isChecked() else None}

    def submit(self) -> None:
        values = self.values()
        errors = cd.validate_visit(cd.normalize_visit(**values))
        if errors:
            self.show_error(self._errors_text(errors))
            return
        self.set_busy(True)
        self.submitted.emit(values)

    def _errors_text(self, errors: dict[str, str]) -> str:
        names = {"visited_at": self.tr("Time"), "channel": self.tr("Channel"), "content": self.tr("Content"),
                 "next_follow_up": self.tr("Next follow-up")}
        return "\n".join(f"{names.get(name, name)}: {field_error_text(name, code)}" for name, code in errors.items())

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.message.setText(text)
        self.message.show()

    def show_refusal(self, error: BaseException) -> None:
        if isinstance(error, cd.InvalidFields):
            self.show_error(self._errors_text(error.fields))
        else:
            self.show_error(error_text(error))

    def finish(self) -> None:
        self.set_busy(False)
        self.accept()


class VisitsPage(QWidget):
    def __init__(self, dialog: DetailWindowParts):
        super().__init__(dialog)
        self.setObjectName("visitsPage")
        self.dialog = dialog
        self.visit_dialog: VisitDialog | None = None
        self.model = RowTableModel([
            Column("visited_at", self.tr("Time"), fmt_datetime),
            Column("channel", self.tr("Channel"), channel_label),
            Column("content", self.tr("Content"), lambda text: " ".join(text.split())),
            Column("next_follow_up", self.tr("Next follow-up"), fmt_date),
            Column(lambda r: staff_text(r.get("staff_name"), r.get("staff_login"), r.get("staff_id")),
                   self.tr("Staff")),
        ], self)
        self.model.set_row_foreground(lambda row: None if row.get("own") else GREY)
        self.view, self.proxy = make_table(self, self.model, "visitsTable")
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.view.horizontalHeader().setStretchLastSection(False)
        set_column_widths(self.view, [16, 8, 44, 11, 18])
        self.view.horizontalHeader().setSectionResizeMode(2, self.view.horizontalHeader().ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.add_button = QPushButton(self.tr("Add visit…"), objectName="addVisitButton")
        self.edit_button = QPushButton(self.tr("Edit…"), objectName="editVisitButton")
        self.delete_button = QPushButton(self.tr("Delete"), objectName="deleteVisitButton")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        delete_action = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete_action.triggered.connect(lambda _=False: self.delete_selected())
        self.view.addAction(delete_action)
        self.hint = QLabel(self.tr("You can change only your own visits (others are grey)."))
        self.hint.setStyleSheet("color: #666;")
        self.status = QLabel(objectName="visitsStatus")
        self.status.setStyleSheet("color: #b00020;")

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self._update_buttons()

    # content -----------------------------------------------------------------------------------------------
    def show_visits(self, visits: list[dict]) -> None:
        selected = self.selected()
        self.model.set_rows(visits)
        if selected is not None:
            self.select(selected["id"])
        self._update_buttons()

    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.proxy.row(rows[0]) if rows else None

    def select(self, visit_id: int) -> bool:
        number = self.model.find(lambda r: r["id"] == visit_id)
        if number < 0:
            return False
        self.view.selectRow(self.proxy.mapFromSource(self.model.index(number, 0)).row())
        return True

    def _update_buttons(self) -> None:
        row = self.selected()
        own = bool(row and row.get("own"))
        self.add_button.setEnabled(self.dialog.detail is not None)
        self.edit_button.setEnabled(own)
        self.delete_button.setEnabled(own)
        tip = "" if own or row is None else self.tr("Only the author can change a visit.")
        self.edit_button.setToolTip(tip)
        self.delete_button.setToolTip(tip)

    # actions -------------------------------------------------------------------------------------------------
    def add(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None and row.get("own"):
            self._open_dialog(row)

    def _open_dialog(self, visit: dict | None) -> None:
        if self.visit_dialog is not None:
            self.visit_dialog.reject()
        dialog = VisitDialog(visit, self)
        self.visit_dialog = dialog
        dialog.submitted.connect(lambda values: self._submit(dialog, values))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: VisitDialog) -> None:
        if self.visit_dialog is dialog:
            self.visit_dialog = None
        dialog.deleteLater()

    def _submit(self, dialog: VisitDialog, values: dict, version: int | None = None) -> None:
        cid = self.dialog.customer_id
        if dialog.visit is None:
            self.dialog.run(common.add_visit, cid, values,
                            on_success=lambda visit: self._saved(dialog, visit),
                            on_failure=dialog.show_refusal, key="visit_save")
            return
        visit = dialog.visit
        self.dialog.run(common.update_visit, visit["id"], version or visit["version"], values,
                        on_success=lambda result: self._updated(dialog, values, result),
                        on_failure=dialog.show_refusal, key="visit_save")

    def _saved(self, dialog: VisitDialog, visit: dict) -> None:
        dialog.finish()
        self.status.clear()
        self.dialog.reload_visits(select=visit["id"])

    def _updated(self, dialog: VisitDialog, values: dict, result: cd.VisitSaved | cd.VisitConflict) -> None:
        if isinstance(result, cd.VisitSaved):
            self._saved(dialog, result.visit)
            return
        choice = self.dialog.prompts.choose_visit_conflict(dialog, result.theirs)
        if choice == "mine":
            self._submit(dialog, values, version=result.theirs["version"])
        elif choice == "theirs":
            dialog.reject()
            self.dialog.reload_visits(select=result.theirs["id"])
        else:
            dialog.set_busy(False)

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None or not row.get("own"):
            return
        text = self.tr("Delete the visit of %1?\n\n%2").replace("%1", fmt_datetime(row["visited_at"])) \
            .replace("%2", row["content"][:200])
        if not self.dialog.prompts.confirm_delete(self, text):
            return

        def failed(error: BaseException) -> None:
            self.status.setText(error_text(error))
            if isinstance(error, CrmRefusal) and error.kind == "not_found":
                self.dialog.reload_visits()

        self.dialog.run(common.delete_visit, row["id"],
                        on_success=lambda _: (self.status.clear(), self.dialog.reload_visits()),
                        on_failure=failed)
