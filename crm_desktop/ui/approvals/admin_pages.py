"""Administration pages of HQ administrators: 审批流程 Approval flows (ordered posts per flow) and
节假日 Holidays (the working-day calendar of the reservation window)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSpinBox,
                               QSplitter, QVBoxLayout, QWidget)

from crm_desktop.ui.admin.common import AdminPage, ref_name
from crm_desktop.ui.approvals import common
from crm_desktop.ui.approvals.common import flow_label, post_label, translate
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths


class FlowsPage(AdminPage):
    """Flows with their ordered posts; edit the order, add or remove posts, save (set_flow_steps).
    Pending requests keep the steps they were created with."""

    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("Approval flows")
        self.posts: list[dict] = []
        self.flows: list[dict] = []
        self._dirty = False
        self._select_after: str | None = None

        self.model = RowTableModel([
            Column(flow_label, self.tr("Flow")),
            Column("code", self.tr("Code")),
            Column(lambda r: self.posts_text(r.get("posts")), self.tr("Steps (approval posts in order)")),
        ], self)
        self.view, self.proxy = make_table(self, self.model, "flowTable")
        set_column_widths(self.view, [18, 12, 50])
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._flow_selected())

        self.steps = QListWidget(objectName="flowSteps")
        self.steps.currentRowChanged.connect(lambda _: self._update())
        self.add_combo = QComboBox(objectName="flowAddPost")
        self.add_button = QPushButton(self.tr("Add"), objectName="flowAdd")
        self.add_button.clicked.connect(lambda: self.add_post())
        self.remove_button = QPushButton(self.tr("Remove"), objectName="flowRemove")
        self.remove_button.clicked.connect(self.remove_post)
        self.up_button = QPushButton(self.tr("Move up"), objectName="flowUp")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton(self.tr("Move down"), objectName="flowDown")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.save_button = QPushButton(self.tr("Save flow"), objectName="flowSave")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Revert"), objectName="flowRevert")
        self.revert_button.clicked.connect(lambda: self._flow_selected())
        note = QLabel(self.tr("Requests already pending keep the steps they started with; new requests follow the "
                              "saved flow."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")

        editor = QGroupBox(self.tr("Steps of the selected flow"))
        buttons = QVBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.steps, 1)
        row.addLayout(buttons)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_combo, 1)
        add_row.addWidget(self.add_button)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.revert_button)
        save_row.addWidget(self.save_button)
        editor_layout = QVBoxLayout(editor)
        editor_layout.addLayout(row, 1)
        editor_layout.addLayout(add_row)
        editor_layout.addWidget(note)
        editor_layout.addLayout(save_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(editor)
        splitter.setSizes([600, 380])
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Approval flows are data: each flow's requests go through these posts in order.")))
        top.addStretch(1)
        top.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.add_refresh_shortcut()
        self._update()

    def post_names(self) -> dict[str, str]:
        return {p["code"]: ref_name(p) for p in self.posts}

    def posts_text(self, posts) -> str:
        return common.posts_text(posts, self.post_names())

    # loading -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.selected()
        if current is not None and self._select_after is None:
            self._select_after = current["code"]
        self.run(common.load_flows, on_success=self._loaded, key="flows")

    def _loaded(self, data: dict) -> None:
        self.posts = data["posts"]
        self.flows = data["flows"]
        self.model.set_rows(self.flows)
        self.add_combo.clear()
        for post in self.posts:
            self.add_combo.addItem(ref_name(post), post["code"])
        wanted, self._select_after = self._select_after, None
        number = self.model.find(lambda r: r["code"] == wanted) if wanted else 0
        if self.model.rowCount():
            self.view.selectRow(self.proxy.mapFromSource(self.model.index(max(number, 0), 0)).row())
        self._flow_selected()

    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.proxy.row(rows[0]) if rows else None

    def select_flow(self, code: str) -> bool:
        number = self.model.find(lambda r: r["code"] == code)
        if number >= 0:
            self.view.selectRow(self.proxy.mapFromSource(self.model.index(number, 0)).row())
        return number >= 0

    # editing -----------------------------------------------------------------------------------------------
    def _flow_selected(self) -> None:
        flow = self.selected()
        self.steps.clear()
        for code in (flow or {}).get("posts") or ():
            self._add_item(code)
        self._dirty = False
        self.status.clear()
        self._update()

    def _add_item(self, code: str) -> None:
        item = QListWidgetItem(self.post_names().get(code) or post_label(code))
        item.setData(Qt.ItemDataRole.UserRole, code)
        self.steps.addItem(item)
        self._renumber()

    def _renumber(self) -> None:
        names = self.post_names()
        for number in range(self.steps.count()):
            item = self.steps.item(number)
            code = item.data(Qt.ItemDataRole.UserRole)
            item.setText(f"{number + 1}. {names.get(code) or post_label(code)}")

    def edited_posts(self) -> list[str]:
        return [self.steps.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.steps.count())]

    def add_post(self, code: str | None = None) -> None:
        code = code or self.add_combo.currentData()
        if not code or code in self.edited_posts():
            self.status.setText(self.tr("This post is already a step of the flow."))
            return
        self._add_item(code)
        self.steps.setCurrentRow(self.steps.count() - 1)
        self._changed()

    def remove_post(self) -> None:
        row = self.steps.currentRow()
        if row >= 0:
            self.steps.takeItem(row)
            self._renumber()
            self._changed()

    def move(self, delta: int) -> None:
        row = self.steps.currentRow()
        target = row + delta
        if row < 0 or not (0 <= target < self.steps.count()):
            return
        item = self.steps.takeItem(row)
        self.steps.insertItem(target, item)
        self._renumber()
        self.steps.setCurrentRow(target)
        self._changed()

    def _changed(self) -> None:
        flow = self.selected()
        self._dirty = flow is not None and self.edited_posts() != list(flow.get("posts") or ())
        self.status.setText(self.tr("Not saved yet.") if self._dirty else "")
        self._update()

    def _update(self) -> None:
        has_flow = self.selected() is not None
        row = self.steps.currentRow()
        self.add_button.setEnabled(has_flow)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.steps.count() - 1)
        self.save_button.setEnabled(self._dirty and self.steps.count() > 0)
        self.revert_button.setEnabled(self._dirty)

    def save(self) -> None:
        flow = self.selected()
        posts = self.edited_posts()
        if flow is None:
            return
        if not posts:
            self.status.setText(self.tr("A flow needs at least one step."))
            return
        self._select_after = flow["code"]
        self.save_button.setEnabled(False)
        self.run(common.set_flow_steps, flow["code"], posts,
                 on_success=lambda _: self._saved(flow), failure_title=self.title,
                 on_failure=self._save_failed)

    def _saved(self, flow: dict) -> None:
        self._dirty = False
        self.refresh()
        self.status.setText(self.tr("Flow “%1” saved.").replace("%1", flow_label(flow)))

    def _save_failed(self, error: BaseException) -> None:
        self._update()
        self.show_failure(self.title, error)

    def has_unsaved_changes(self) -> bool:
        return self._dirty


class HolidayDialog(QDialog):
    def __init__(self, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("holidayDialog")
        self.setWindowTitle(self.tr("Add holiday"))
        today = QDate.currentDate()
        start = QDate(year, today.month(), today.day()) if year == today.year() else QDate(year, 1, 1)
        self.day = QDateEdit(start, calendarPopup=True, objectName="holidayDay")
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.name = QLineEdit(objectName="holidayName", maxLength=100)
        self.name.setPlaceholderText(self.tr("e.g. 国庆节"))
        self.error = QLabel(objectName="holidayError")
        self.error.setStyleSheet("color: #8a1c1c;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Day:"), self.day)
        form.addRow(self.tr("Name:"), self.name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if not self.name.text().strip():
            self.error.setText(self.tr("Enter the holiday's name."))
            self.error.show()
            return
        super().accept()

    def values(self) -> tuple[dt.date, str]:
        day = self.day.date()
        return dt.date(day.year(), day.month(), day.day()), self.name.text().strip()


class HolidaysPage(AdminPage):
    """Public holidays (法定节假日) by year; weekends are never working days."""

    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("Holidays")
        self.ask_holiday = self._ask_holiday       # tests replace it
        self.year = QSpinBox(objectName="holidayYear", minimum=2000, maximum=2100)
        self.year.setValue(QDate.currentDate().year())
        self.year.valueChanged.connect(lambda _: self.refresh())
        self.model = RowTableModel([
            Column("day", self.tr("Day")),
            Column(lambda r: _weekday(r.get("day")), self.tr("Weekday")),
            Column("name", self.tr("Name")),
        ], self)
        self.view, self.proxy = make_table(self, self.model, "holidayTable")
        set_column_widths(self.view, [12, 8, 30])
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.add_button = QPushButton(self.tr("Add…"), objectName="holidayAdd")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("Remove"), objectName="holidayRemove")
        self.remove_button.clicked.connect(self.remove)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year:")))
        top.addWidget(self.year)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        top.addStretch(1)
        top.addWidget(self.busy)
        hint = QLabel(self.tr("Working days exclude weekends and these holidays (the 20-working-day reservation window)."))
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addWidget(self.status)
        self.add_refresh_shortcut()
        self._update()

    def refresh(self) -> None:
        self.run(common.load_holidays, self.year.value(), on_success=self._loaded, key="holidays")

    def _loaded(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        self.status.setText(self.tr("%1 holidays in %2").replace("%1", str(len(rows))).replace("%2", str(self.year.value())))
        self._update()

    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.proxy.row(rows[0]) if rows else None

    def _update(self) -> None:
        self.remove_button.setEnabled(self.selected() is not None)

    def _ask_holiday(self) -> tuple[dt.date, str] | None:
        dialog = HolidayDialog(self.year.value(), self)
        return dialog.values() if dialog.exec() else None

    def add(self) -> None:
        answer = self.ask_holiday()
        if answer is None:
            return
        day, name = answer
        self.run(common.set_holiday, day, name, on_success=lambda _: self._changed(day))

    def remove(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not self.tab.prompts.confirm(self, self.tr("Remove holiday"),
                                        self.tr("Remove %1 (%2)? It becomes a working day unless it is a weekend.")
                                        .replace("%1", str(row["day"])).replace("%2", row.get("name") or ""),
                                        self.tr("Remove"), destructive=True):
            return
        self.run(common.set_holiday, row["day"], None, on_success=lambda _: self._changed(row["day"]))

    def _changed(self, day: dt.date) -> None:
        if day.year != self.year.value():
            self.year.setValue(day.year)        # reloads
        else:
            self.refresh()


def _weekday(day) -> str:
    if not isinstance(day, dt.date):
        return ""
    names = [translate("Approvals", "Mon"), translate("Approvals", "Tue"), translate("Approvals", "Wed"),
             translate("Approvals", "Thu"), translate("Approvals", "Fri"), translate("Approvals", "Sat"),
             translate("Approvals", "Sun")]
    return names[day.weekday()]
