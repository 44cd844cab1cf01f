"""预约 Reservations: prospects a staff member registered (mine / my team), their status and the
reason in words, register / edit / delete while open, the .xlsx template and the import with a
row-level error report (all or nothing, or the valid rows only when the user chooses so)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QProgressBar, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from crm_desktop.services import reservations as rs
from crm_desktop.ui.approvals import common
from crm_desktop.ui.approvals.common import (chinese_ui, fmt_date, reason_label, reservation_status_label,
                                             status_label, translate)
from crm_desktop.ui.messages import error_text
from crm_desktop.ui.approvals.models import KeysetModel
from crm_desktop.ui.table_model import Column

STATUS_COLORS = {"open": "#0d3c7a", "matched": "#1b6b34", "review": "#8a5a00", "expired": "#8a1c1c",
                 "withdrawn": "#888888", "rejected": "#8a1c1c"}


def _columns() -> list[Column]:
    return [
        Column("name", translate("Reservations", "Name")),
        Column("id_no", translate("Reservations", "ID number")),
        Column("mobile", translate("Reservations", "Mobile")),
        Column(lambda r: r.get("branch_name") or r.get("branch_code") or r.get("branch_id"), translate("Reservations", "Expected branch")),
        Column("registered_on", translate("Reservations", "Registered on"), fmt_date),
        Column("window_end", translate("Reservations", "Window ends"), fmt_date),
        Column("status", translate("Reservations", "Status"), reservation_status_label,
               foreground=lambda r: STATUS_COLORS.get(r.get("status"))),
        Column(lambda r: reason_label(r.get("reason")), translate("Reservations", "Reason"),
               tooltip=lambda r: "\n".join(x for x in (reason_label(r.get("reason")), r.get("reason_detail") or "") if x)
               or None),
        Column(lambda r: " ".join(x for x in (r.get("account_no"), r.get("matched_name")) if x), translate("Reservations", "Account"),
               tooltip=lambda r: fmt_date(r.get("account_open_date")) or None),
        Column("staff_name", translate("Reservations", "Registered by")),
        Column("note", translate("Reservations", "Note")),
    ]


def _error_label(reason: str) -> str:
    labels = rs.ERROR_LABELS.get(reason)
    if labels is None:
        return reason
    return labels[0] if chinese_ui() else labels[1]


def validate(values: dict, row: dict | None = None) -> list[tuple[str, str]]:
    """(field, message) for every problem the dialog can see before the server does (the
    service's own rules: 18-character ID with its check digit, 11-digit mainland mobile). `row`:
    the reservation being edited (its masked ID number and mobile, kept when left as shown)."""
    problems = [(field, _error_label(reason))
                for field, reason in rs.validate(values.get("name"), values.get("id_no"), values.get("mobile"),
                                                 values.get("note"), kept=row)]
    if values.get("branch_id") is None:
        problems.append(("branch", translate("Reservations", "Choose the expected branch.")))
    return problems


class ReservationDialog(QDialog):
    """Register a prospect (or edit an open reservation). Saves in a worker; the server's refusal
    shows in the dialog, which stays open."""

    def __init__(self, page: "ReservationsPage", branches: list[dict], row: dict | None = None):
        super().__init__(page)
        self.page, self.row = page, row
        self.saved_id: int | None = None
        self.setObjectName("reservationDialog")
        self.setWindowTitle(self.tr("Edit reservation") if row else self.tr("Register a reservation (预约)"))
        self.setMinimumWidth(460)
        self.name = QLineEdit(objectName="resName", maxLength=100)
        self.id_no = QLineEdit(objectName="resIdNo", maxLength=40)
        self.id_no.setPlaceholderText(self.tr("18-digit resident ID, or other document number"))
        self.mobile = QLineEdit(objectName="resMobile", maxLength=40)
        self.mobile.setPlaceholderText(self.tr("11-digit mobile"))
        self.branch = QComboBox(objectName="resBranch")
        for branch in branches:
            self.branch.addItem(f"{branch.get('name', '')} ({branch.get('code', '')})", branch.get("id"))
        self.note = QPlainTextEdit(objectName="resNote")
        self.note.setFixedHeight(70)
        self.note.setTabChangesFocus(True)
        hint = QLabel(self.tr("Name and the ID number or the mobile are required. A new account opened at this branch "
                              "within 20 working days with the same name and ID number or mobile is matched "
                              "automatically."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.error = QLabel(objectName="resError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #8a1c1c;")
        self.error.hide()
        self.busy = QProgressBar(maximum=0, textVisible=False)
        self.busy.setFixedHeight(6)
        self.busy.hide()
        form = QFormLayout()
        form.addRow(self.tr("Name *:"), self.name)
        form.addRow(self.tr("ID number:"), self.id_no)
        form.addRow(self.tr("Mobile:"), self.mobile)
        form.addRow(self.tr("Expected branch *:"), self.branch)
        form.addRow(self.tr("Note:"), self.note)
        self.buttons = QDialogButtonBox()
        self.ok_button = QPushButton(self.tr("Save") if row else self.tr("Register"), objectName="resSave")
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        if row:
            self.name.setText(row.get("name") or "")
            self.id_no.setText(row.get("id_no") or "")
            self.mobile.setText(row.get("mobile") or "")
            self.note.setPlainText(row.get("note") or "")
            index = self.branch.findData(row.get("branch_id"))
            if index >= 0:
                self.branch.setCurrentIndex(index)
        else:
            own = page.tab.info.branch_code
            for number, branch in enumerate(branches):
                if branch.get("code") == own:
                    self.branch.setCurrentIndex(number)
        self._fields = {"name": self.name, "id_no": self.id_no, "mobile": self.mobile, "branch": self.branch,
                        "note": self.note}

    def values(self) -> dict:
        def clean(text: str) -> str | None:
            text = text.strip()
            return text or None

        return {"name": clean(self.name.text()), "id_no": clean(self.id_no.text()),
                "mobile": clean(self.mobile.text()), "branch_id": self.branch.currentData(),
                "note": clean(self.note.toPlainText())}

    def show_error(self, text: str, field: str | None = None) -> None:
        self.busy.hide()
        self.ok_button.setEnabled(True)
        self.error.setText(text)
        self.error.show()
        widget = self._fields.get(field or "")
        if widget is not None:
            widget.setFocus()

    def save(self) -> None:
        values = self.values()
        problems = validate(values, self.row)
        if problems:
            self.show_error("\n".join(text for _, text in problems), problems[0][0])
            return
        self.error.hide()
        self.busy.show()
        self.ok_button.setEnabled(False)
        if self.row:
            changes = {k: v for k, v in values.items() if v != self.row.get(k)}
            if not changes:
                self.accept()
                return
            self.page.tab.run(common.update_reservation, self.row["id"], self.row.get("version"), changes,
                              on_success=lambda _: self._saved(self.row["id"]),
                              on_failure=lambda e: self.show_error(error_text(e)), key="reservation-save")
        else:
            self.page.tab.run(common.register_reservation, values, on_success=self._saved,
                              on_failure=lambda e: self.show_error(error_text(e)), key="reservation-save")

    def _saved(self, reservation_id) -> None:
        self.saved_id = reservation_id if isinstance(reservation_id, int) else (self.row or {}).get("id")
        self.busy.hide()
        self.accept()


class ReservationsPage(QWidget):
    def __init__(self, tab):
        super().__init__()
        self.tab = tab
        self.setObjectName("approvals_reservations")
        self.branches: list[dict] | None = None
        self.dialog: ReservationDialog | None = None
        self.importing = None

        self.scope = QComboBox(objectName="resScope")
        self.scope.addItem(self.tr("My reservations"), True)
        self.scope.addItem(self.tr("My team's reservations"), False)
        self.status_filter = QComboBox(objectName="resStatus")
        self.status_filter.addItem(self.tr("All statuses"), None)
        for code in rs.STATUSES:
            self.status_filter.addItem(reservation_status_label(code), code)
        self.scope.currentIndexChanged.connect(lambda _: self.reload())
        self.status_filter.currentIndexChanged.connect(lambda _: self.reload())

        self.register_button = QPushButton(self.tr("Register…"), objectName="resRegister")
        self.register_button.clicked.connect(self.register)
        self.edit_button = QPushButton(self.tr("Edit…"), objectName="resEdit")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton(self.tr("Delete"), objectName="resDelete")
        self.delete_button.clicked.connect(self.delete)
        self.template_button = QPushButton(self.tr("Download template…"), objectName="resTemplate")
        self.template_button.clicked.connect(self.download_template)
        self.import_button = QPushButton(self.tr("Import…"), objectName="resImport")
        self.import_button.clicked.connect(lambda: self.import_file())

        self.model = KeysetModel(tab.runner, tab.connection, _columns(), fetch=self._fetch(), parent=self)
        self.model.row_foreground = lambda r: "#888888" if r.get("status") in ("expired", "withdrawn", "rejected") else None
        self.model.failed.connect(tab.show_refusal)
        self.view = QTableView(objectName="reservationTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        unit = self.view.fontMetrics().horizontalAdvance("0")
        for column, chars in enumerate([9, 19, 12, 18, 11, 11, 11, 30, 18, 9]):
            self.view.setColumnWidth(column, chars * unit + 16)
        self.view.doubleClicked.connect(lambda _: self.edit_button.isEnabled() and self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.model.modelReset.connect(self._update)
        self.model.loading_changed.connect(lambda _: self._update())

        self.count_label = QLabel(objectName="resCount")
        self.count_label.setStyleSheet("color: #666;")
        self.progress = QProgressBar(objectName="resProgress", maximum=0, textVisible=False)
        self.progress.setFixedSize(100, 8)
        self.progress.hide()
        self.detail = QLabel(objectName="resDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("color: #444; padding: 2px;")

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        for widget in (self.scope, self.status_filter, self.register_button, self.edit_button, self.delete_button):
            top.addWidget(widget)
        top.addStretch(1)
        for widget in (self.progress, self.count_label, self.template_button, self.import_button):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.register,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view, activated=self.delete,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self._update()

    # loading ---------------------------------------------------------------------------------------------
    def _fetch(self):
        mine_only = bool(self.scope.currentData())
        status = self.status_filter.currentData()
        return partial(rs.list_reservations, status=status, mine_only=mine_only)

    def ensure_loaded(self) -> None:
        if not self.model.loaded_once and not self.model.loading:
            self.reload()

    def reload(self) -> None:
        self.model.set_fetch(self._fetch())

    def _branches(self, then) -> None:
        if self.branches is not None:
            then()
            return

        def loaded(data: dict) -> None:
            if data.get("my_branches"):
                self.branches = data["my_branches"]
            else:
                own = [b for b in data.get("branches", []) if b.get("code") == self.tab.info.branch_code]
                self.branches = own or [b for b in data.get("branches", []) if b.get("kind") != "hq"]
            then()

        self.tab.run(common.load_reference, on_success=loaded, key="reservation-branches")

    # selection ------------------------------------------------------------------------------------------------
    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.row(rows[0].row()) if rows else None

    def select_id(self, reservation_id: int) -> None:
        number = self.model.find(reservation_id)
        if number >= 0:
            self.view.selectRow(number)

    def select_when_loaded(self, reservation_id: int) -> None:
        """Select the reservation now, or when the list being loaded arrives (今日提醒's link)."""
        if self.model.loaded_once and not self.model.loading:
            self.select_id(reservation_id)
            return

        def arrived() -> None:
            self.model.reloaded.disconnect(arrived)
            self.select_id(reservation_id)

        self.model.reloaded.connect(arrived)

    def _update(self) -> None:
        row = self.selected()
        mine = row is not None and row.get("staff_id") in (None, self.tab.info.staff_id)
        editable = mine and row.get("status") == "open"
        self.edit_button.setEnabled(bool(editable))
        self.delete_button.setEnabled(bool(editable))
        busy = self.importing is not None
        self.import_button.setEnabled(not busy)
        self.progress.setVisible(busy or self.model.loading)
        rows = self.model.rowCount()
        self.count_label.setText(self.tr("%1 reservations").replace("%1", str(rows)) +
                                 ("+" if self.model.has_more else ""))
        if row is None:
            self.detail.setText("")
            return
        parts = [f"<b>{row.get('name', '')}</b>", reservation_status_label(row.get("status"))]
        if row.get("reason"):
            parts.append(reason_label(row.get("reason")))
        if row.get("reason_detail"):
            parts.append(row["reason_detail"])
        if row.get("account_no"):
            parts.append(self.tr("account %1").replace("%1", row["account_no"]))
        if row.get("request_id"):
            text = self.tr("approval request #%1").replace("%1", str(row["request_id"]))
            if row.get("request_status"):
                text += f" ({status_label(row['request_status'])})"
            parts.append(text)
        self.detail.setText(" · ".join(parts))

    # register / edit / delete --------------------------------------------------------------------------------------
    def register(self) -> None:
        self._branches(lambda: self._open_dialog(None))

    def edit(self) -> None:
        row = self.selected()
        if row is not None and row.get("status") == "open":
            self._branches(lambda: self._open_dialog(row))

    def _open_dialog(self, row: dict | None) -> ReservationDialog:
        dialog = ReservationDialog(self, self.branches or [], row)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._saved(dialog.saved_id, row is None))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.show()
        return dialog

    def _dialog_closed(self, dialog: ReservationDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _saved(self, reservation_id, new: bool) -> None:
        self.tab.set_message(self.tr("Reservation registered.") if new else self.tr("Reservation saved."))
        self.reload()

    def delete(self) -> None:
        row = self.selected()
        if row is None or not self.delete_button.isEnabled():
            return
        if not self.tab.prompts.confirm(self, self.tr("Delete reservation"),
                                        self.tr("Delete the reservation of %1?").replace("%1", row.get("name", "")),
                                        self.tr("Delete")):
            return
        self.tab.run(common.delete_reservation, row["id"],
                     on_success=lambda _: (self.tab.set_message(self.tr("Reservation deleted.")), self.reload()))

    # template and import ---------------------------------------------------------------------------------------------
    def download_template(self) -> None:
        lang = "zh" if chinese_ui() else "en"
        suggested = "预约导入模板.xlsx" if lang == "zh" else "reservations-template.xlsx"
        path = self.tab.prompts.save_path(self, self.tr("Save the reservation template"), suggested)
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.tab.run(common.write_template, path, lang,
                     on_success=lambda p: self.tab.set_message(self.tr("Template saved to %1. Required columns are "
                                                                       "marked with *.").replace("%1", p)),
                     on_failure=lambda e: self.tab.set_message(error_text(e), error=True))

    def import_file(self, path: str | None = None, valid_only: bool = False) -> None:
        if self.importing is not None:
            return
        if path is None:
            path = self.tab.prompts.open_path(self, self.tr("Import reservations"))
            if not path:
                return
        self.tab.set_message(self.tr("Importing %1…").replace("%1", Path(path).name))
        self.importing = self.tab.run(common.import_reservations, path, valid_only,
                                      on_success=lambda report: self._imported(path, report),
                                      on_failure=self._import_failed, key="reservation-import")
        self._update()

    def _import_failed(self, error: BaseException) -> None:
        self.importing = None
        self._update()
        # A workbook refusal carries its reason in Chinese too (services/workbook_reader.py).
        chinese = getattr(error, "message_zh", None) if chinese_ui() else None
        text = translate("Messages", "Invalid input: %1").replace("%1", chinese) if chinese else error_text(error)
        self.tab.set_message(self.tr("The import failed: %1").replace("%1", text), error=True)

    def _imported(self, path: str, report: Any) -> None:
        from crm_desktop.ui.approvals.dialogs import report_errors, report_value

        self.importing = None
        self._update()
        inserted = report_value(report, "inserted", "rows_inserted", default=0) or 0
        errors = report_errors(report)
        duplicates = report_errors(report, "duplicates")
        if errors:
            self.tab.set_message(self.tr("%1 reservations imported; %2 row errors.").replace("%1", str(inserted))
                                 .replace("%2", str(len(errors))), error=True)
        elif duplicates:
            self.tab.set_message(self.tr("%1 reservations imported; %2 duplicates of open reservations skipped.")
                                 .replace("%1", str(inserted)).replace("%2", str(len(duplicates))))
        else:
            self.tab.set_message(self.tr("%1 reservations imported.").replace("%1", str(inserted)))
        if inserted:
            self.reload()
        offer_valid_only = bool(errors) and not inserted and not report_value(report, "valid_only", default=False)
        if self.tab.prompts.import_report(self, report, path) and offer_valid_only:
            self.import_file(path, valid_only=True)
