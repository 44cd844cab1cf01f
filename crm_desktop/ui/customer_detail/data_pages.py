"""综合资料 (read-only, from the T+1 load) and 扩展资料 (editable, optimistic concurrency)."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QSizePolicy, QToolButton, QVBoxLayout, QWidget)

from crm_desktop.services import customer_detail as cd
from crm_desktop.services.errors import ConnectionLost, CrmRefusal
from crm_desktop.ui.customer_detail import common
from crm_desktop.ui.tasks import wait_for_outcome
from crm_desktop.ui.customer_detail.common import (contact_label, field_error_text, fmt_date, fmt_datetime,
                                                   gender_label, staff_text, status_label, value_label)
from crm_desktop.ui.messages import error_text
from crm_desktop.ui.customer_detail.window_parts import DetailWindowParts


ERROR_STYLE = "color: #b00020;"
BANNER_STYLE = "background: #fff4d6; border: 1px solid #e6c36a; border-radius: 3px; padding: 6px;"


class RevealButton(QToolButton):
    """显示 / 隐藏 next to a masked personal value: the whole value comes from the server
    (cd.reveal: the right is checked and the look is audited there), off the GUI thread, once
    per loaded record."""

    def __init__(self, dialog: DetailWindowParts, field: str, label: QLabel, tooltip: str,
                 shown: Callable[[str | None], None] | None = None):
        super().__init__(objectName=f"reveal_{field}_button", checkable=True)
        self.dialog, self.field, self.label, self.shown = dialog, field, label, shown
        self.masked: str | None = None
        self.full: str | None = None
        self.revealed = False
        self.setToolTip(tooltip)
        self.toggled.connect(self._toggled)
        self._show()

    def set_masked(self, masked: str | None) -> None:
        """A freshly loaded (masked) value: hidden again until asked."""
        self.masked, self.full, self.revealed = masked, None, False
        self.blockSignals(True)
        self.setChecked(False)
        self.blockSignals(False)
        self.setEnabled(True)
        self.setVisible(bool(masked))
        self._show()

    def _toggled(self, checked: bool) -> None:
        if checked and not self.revealed:
            self.setEnabled(False)
            self.dialog.run(common.reveal, self.dialog.customer_id, self.field, on_success=self._revealed,
                            on_failure=self._refused, key=f"reveal_{self.field}")
            return
        self._show()

    def _revealed(self, value: str | None) -> None:
        self.full, self.revealed = value, True
        self.setEnabled(True)
        self._show()
        if self.shown is not None:
            self.shown(value)

    def _refused(self, error: BaseException) -> None:
        self.setEnabled(True)
        self.blockSignals(True)
        self.setChecked(False)
        self.blockSignals(False)
        self._show()
        self.dialog.show_message(error_text(error))

    def _show(self) -> None:
        shown = self.isChecked() and self.revealed
        self.label.setText((self.full if shown else self.masked) or "")
        self.setText(self.tr("Hide") if shown else self.tr("Show"))


class ComprehensivePage(QWidget):
    """The counter's data, read-only, with the trading date of the load it came from. The ID
    number and mobile arrive masked; 显示 reveals one (audited by the server)."""

    def __init__(self, dialog: DetailWindowParts):
        super().__init__(dialog)
        self.setObjectName("comprehensivePage")
        self.fields: dict[str, QLabel] = {}
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
            form.setHorizontalSpacing(12)
            form.setVerticalSpacing(10)

        def add(form: QFormLayout, name: str, label: str) -> QLabel:
            self.fields[name] = value_label(name)
            form.addRow(label, self.fields[name])
            return self.fields[name]

        add(left, "account_no", self.tr("Account no. (资金账号):"))
        add(left, "name", self.tr("Name:"))
        def add_personal(form: QFormLayout, name: str, field: str, label: str, tooltip: str) -> RevealButton:
            self.fields[name] = value_label(name)
            button = RevealButton(dialog, field, self.fields[name], tooltip)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(self.fields[name])
            row.addWidget(button)
            row.addStretch(1)
            form.addRow(label, row)
            return button

        self.show_id_button = add_personal(left, "id_no", "id_no", self.tr("ID number:"),
                                           self.tr("Show the whole ID number (recorded)"))
        add(left, "gender", self.tr("Gender:"))
        add(left, "birthday", self.tr("Birthday:"))
        add(right, "open_date", self.tr("Opened:"))
        add(right, "branch", self.tr("Branch (营业部):"))
        add(right, "status", self.tr("Status:"))
        self.show_mobile_button = add_personal(right, "counter_mobile", "mobile", self.tr("Counter mobile:"),
                                               self.tr("Show the whole mobile (recorded)"))

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(24)
        columns.addLayout(right, 1)

        self.source_label = QLabel(objectName="loadedForLabel")
        self.source_label.setStyleSheet("color: #666;")
        self.source_label.setWordWrap(True)
        note = QLabel(self.tr("Comprehensive data is a copy of the trading counter and cannot be edited here."))
        note.setStyleSheet("color: #666;")
        note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(columns)
        layout.addStretch(1)
        layout.addWidget(self.source_label)
        layout.addWidget(note)

    def show_detail(self, detail: cd.CustomerDetail) -> None:
        f = self.fields
        f["account_no"].setText(detail.account_no)
        f["name"].setText(detail.name)
        self.show_id_button.set_masked(detail.id_no)
        f["gender"].setText(gender_label(detail.gender))
        age = common.age_on(detail.birthday)
        f["birthday"].setText(fmt_date(detail.birthday) + (self.tr(" (age %1)").replace("%1", str(age))
                                                           if age is not None else ""))
        f["open_date"].setText(fmt_date(detail.open_date))
        f["branch"].setText(f"{detail.branch_name} ({detail.branch_code})")
        f["status"].setText(status_label(detail.status))
        self.show_mobile_button.set_masked(detail.counter_mobile)
        text = self.tr("From the T+1 load of %1").replace("%1", fmt_date(detail.loaded_for))
        if detail.loaded_at is not None:
            text += self.tr(" (loaded %1)").replace("%1", fmt_datetime(detail.loaded_at))
        self.source_label.setText(text)


class ExtendedPage(QWidget):
    """The editable contact data. Save (Ctrl+S in the window) writes only the changed fields against
    the version it was read at; a conflict asks the user; a lost connection keeps the edits."""

    saved = Signal(object)          # cd.ExtData after a successful save
    dirty_changed = Signal(bool)

    def __init__(self, dialog: DetailWindowParts):
        super().__init__(dialog)
        self.setObjectName("extendedPage")
        self.dialog = dialog
        self.base: cd.ExtData | None = None
        self.editable = False
        self.saving = False
        self._dirty = False
        self._on_done: list[Callable[[bool], None]] = []

        self.banner = QLabel(objectName="readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()

        self.edits: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(8)

        def line(name: str, label: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(objectName=f"{name}Edit", placeholderText=placeholder)
            edit.textChanged.connect(lambda _: self._edited(name))
            edit.editingFinished.connect(lambda: self._validate(name, show=True))
            self._add(form, name, label, edit)
            return edit

        line("mobile", self.tr("Mobile:"), self.tr("11 digits, e.g. 13800138000")).setMaxLength(20)
        line("phone", self.tr("Phone:"), self.tr("e.g. 010-66881234")).setMaxLength(cd.MAX_LENGTHS["phone"])
        line("address", self.tr("Address:")).setMaxLength(cd.MAX_LENGTHS["address"])
        line("email", self.tr("Email:"), "name@example.com").setMaxLength(cd.MAX_LENGTHS["email"])
        contact = QComboBox(objectName="preferredContactCombo")
        # As wide as the fields above it: sized to its own hint, the combo clipped "（未设置" in Chinese
        # (a fallback CJK font draws wider than the primary font measures; issue #12 item 15).
        contact.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        contact.addItem(self.tr("(not set)"), None)
        for code in cd.PREFERRED_CONTACTS:
            contact.addItem(contact_label(code), code)
        contact.currentIndexChanged.connect(lambda _: self._edited("preferred_contact"))
        self._add(form, "preferred_contact", self.tr("Preferred contact:"), contact)
        notes = QPlainTextEdit(objectName="notesEdit")
        notes.setTabChangesFocus(True)
        notes.setFixedHeight(notes.fontMetrics().lineSpacing() * 5 + 12)
        notes.textChanged.connect(lambda: self._edited("notes"))
        self._add(form, "notes", self.tr("Notes:"), notes)

        self.modified_label = QLabel(objectName="modifiedLabel")
        self.modified_label.setStyleSheet("color: #666;")
        self.modified_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(objectName="extStatus")
        self.status.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Retry"), objectName="retryButton")
        self.retry_button.clicked.connect(lambda: self.save())
        self.retry_button.hide()
        self.revert_button = QPushButton(self.tr("Revert"), objectName="revertButton")
        self.revert_button.setToolTip(self.tr("Discard your edits"))
        self.revert_button.clicked.connect(self.discard)
        self.save_button = QPushButton(self.tr("Save"), objectName="saveButton")
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda: self.save())

        # The mobile, phone and address arrive masked: typing a new one needs nothing, changing
        # part of one needs the whole value first (revealed by the server, recorded).
        self.reveal_button = QPushButton(self.tr("Show full contact data"), objectName="revealExtButton")
        self.reveal_button.setToolTip(self.tr("Show the whole mobile, phone and address (recorded)"))
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.clicked.connect(self.reveal)
        self.reveal_button.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.reveal_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        separator = QFrame(frameShape=QFrame.Shape.HLine, frameShadow=QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        form_box = QWidget(objectName="extForm")
        form.setContentsMargins(0, 0, 0, 0)
        form_box.setLayout(form)
        form_box.setMaximumWidth(760)
        layout.addWidget(self.banner)
        layout.addWidget(form_box)
        layout.addStretch(1)
        layout.addWidget(self.modified_label)
        layout.addWidget(separator)
        layout.addLayout(buttons)
        self._set_enabled()

    def _add(self, form: QFormLayout, name: str, label: str, edit: QWidget) -> None:
        error = QLabel(objectName=f"{name}Error")
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(2)
        box_layout.addWidget(edit)
        box_layout.addWidget(error)
        form.addRow(label, box)
        self.edits[name], self.errors[name] = edit, error

    # values ------------------------------------------------------------------------------------------------
    def form_values(self) -> dict:
        values = {}
        for name, edit in self.edits.items():
            if isinstance(edit, QComboBox):
                values[name] = edit.currentData()
            elif isinstance(edit, QPlainTextEdit):
                values[name] = edit.toPlainText()
            else:
                values[name] = edit.text()
        return cd.normalize_ext(values)

    def changes(self) -> dict:
        if self.base is None or not self.editable:
            return {}
        stored = self.base.values()
        return {name: value for name, value in self.form_values().items() if value != stored[name]}

    def has_unsaved_changes(self) -> bool:
        return bool(self.changes())

    def set_value(self, name: str, value: str | None) -> None:
        """Set one field as the user would (tests and the conflict dialog)."""
        edit = self.edits[name]
        if isinstance(edit, QComboBox):
            edit.setCurrentIndex(max(0, edit.findData(value)))
        elif isinstance(edit, QPlainTextEdit):
            edit.setPlainText(value or "")
        else:
            edit.setText(value or "")

    def _fill(self, ext: cd.ExtData | None) -> None:
        for name in cd.EXT_FIELDS:
            edit = self.edits[name]
            edit.blockSignals(True)
            self.set_value(name, getattr(ext, name) if ext else None)
            edit.blockSignals(False)
            self._show_error(name, None)

    # showing -------------------------------------------------------------------------------------------------
    def show_ext(self, ext: cd.ExtData | None, editable: bool, refusal: str | None, counter_mobile: str | None,
                 force: bool = False) -> None:
        """Show a freshly loaded record. Edits in progress are kept (with the version they started
        from) unless `force`: the save then detects whether someone else changed it."""
        if self.has_unsaved_changes() and not force:
            return
        self.base, self.editable = ext, editable and ext is not None
        self._fill(ext)
        self.status.clear()
        self.retry_button.hide()
        if counter_mobile:
            self.edits["mobile"].setPlaceholderText(self.tr("Counter mobile: %1").replace("%1", counter_mobile))
        if refusal == "not_related":
            self.banner.setText(self.tr("Read only: only customers in a brokerage relationship with you "
                                        "or your team can be edited."))
        elif refusal == "no_ext_row":
            self.banner.setText(self.tr("Read only: this customer has no extended data record yet "
                                        "(it is created by the T+1 load)."))
        self.banner.setVisible(not self.editable)
        self.reveal_button.setEnabled(True)
        self.reveal_button.setVisible(any(getattr(ext, name, None) for name in cd.EXT_PERSONAL_FIELDS))
        self._show_modified()
        self._set_enabled()

    def reveal(self) -> None:
        if self.base is None:
            return
        fields = [name for name in cd.EXT_PERSONAL_FIELDS if getattr(self.base, name)]
        self.reveal_button.setEnabled(False)
        self.dialog.run(common.reveal_ext, self.dialog.customer_id, fields, on_success=self._revealed,
                        on_failure=self._reveal_refused, key="reveal_ext")

    def _revealed(self, values: dict) -> None:
        """The whole values become what was read: unchanged fields show them, edits stay."""
        if self.base is None:
            return
        stored = self.base.values()
        typed = self.form_values()
        for name, value in values.items():
            if typed[name] == stored[name]:
                edit = self.edits[name]
                edit.blockSignals(True)
                self.set_value(name, value)
                edit.blockSignals(False)
        self.base = replace(self.base, **values)
        self.reveal_button.hide()
        self._set_enabled()

    def _reveal_refused(self, error: BaseException) -> None:
        self.reveal_button.setEnabled(True)
        self.dialog.show_message(error_text(error))

    def _show_modified(self) -> None:
        ext = self.base
        if ext is None:
            self.modified_label.clear()
        elif ext.never_modified:
            self.modified_label.setText(self.tr("Never modified"))
        else:
            who = staff_text(ext.modified_by_name, ext.modified_by)
            self.modified_label.setText(self.tr("Last modified by %1 at %2").replace("%1", who)
                                        .replace("%2", fmt_datetime(ext.modified_at)))

    def _set_enabled(self) -> None:
        for edit in self.edits.values():
            if isinstance(edit, QComboBox):
                edit.setEnabled(self.editable and not self.saving)
            else:   # read-only rather than disabled: the values stay readable and can be copied
                edit.setReadOnly(not self.editable or self.saving)
        for name in self.edits:
            self._restyle(name)
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(self.editable and dirty and not self.saving)
        self.revert_button.setEnabled(self.editable and dirty and not self.saving)
        self.save_button.setVisible(self.editable)
        self.revert_button.setVisible(self.editable)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # validation -------------------------------------------------------------------------------------------------
    def _show_error(self, name: str, code: str | None) -> None:
        label = self.errors[name]
        label.setText(field_error_text(name, code) if code else "")
        label.setVisible(bool(code))
        self._restyle(name)

    def _restyle(self, name: str) -> None:
        """A red border while a field is invalid; a grey background while it is read-only."""
        edit = self.edits[name]
        rules = []
        if self.errors[name].isVisibleTo(self):
            rules.append("border: 1px solid #b00020;")
        if not isinstance(edit, QComboBox) and edit.isReadOnly():
            rules.append("background: #f3f3f3;")
        css = f"{type(edit).__name__} {{ {' '.join(rules)} }}" if rules else ""
        if edit.styleSheet() != css:
            edit.setStyleSheet(css)

    def _validate(self, name: str | None = None, show: bool = False) -> dict[str, str]:
        # Only what would be saved: the masked personal values as read are no input.
        errors = cd.validate_ext(self.changes())
        for field in ([name] if name else cd.EXT_FIELDS):
            # While typing, an error only disappears; it appears when the field is left or on save.
            if show or not errors.get(field):
                self._show_error(field, errors.get(field))
        return errors

    def _edited(self, name: str) -> None:
        if self.errors[name].isVisible():
            self._validate(name)
        if self.status.text() and not self.saving and not self.retry_button.isVisible():
            self.status.clear()
        self._set_enabled()

    # saving ---------------------------------------------------------------------------------------------------------
    def save(self, on_done: Callable[[bool], None] | None = None) -> None:
        """Validate and save the changed fields; `on_done(ok)` when finished."""
        if on_done is not None:
            self._on_done.append(on_done)
        if self.saving:
            return
        changes = self.changes()
        if not changes:
            self._finish(True)
            return
        errors = self._validate(show=True)
        if errors:
            first = next(name for name in cd.EXT_FIELDS if name in errors)
            self.edits[first].setFocus()
            self.status.setText(self.tr("Please correct the fields marked in red."))
            self.status.setStyleSheet(ERROR_STYLE)
            self._finish(False)
            return
        self._start_save(self.base.version, changes)

    def _start_save(self, version: int, changes: dict) -> None:
        self.saving = True
        self.retry_button.hide()
        self.status.setStyleSheet("color: #666;")
        self.status.setText(self.tr("Saving…"))
        self._set_enabled()
        self.dialog.run(common.save_ext, self.dialog.customer_id, version, changes,
                        on_success=self._saved, on_failure=self._save_failed, key="save_ext")

    def _saved(self, result: cd.ExtSaved | cd.ExtConflict) -> None:
        self.saving = False
        if isinstance(result, cd.ExtSaved):
            self.base = result.ext
            self._fill(result.ext)
            self._show_modified()
            self._set_enabled()
            self.status.setStyleSheet("color: #1b7f3b;")
            self.status.setText(self.tr("Saved."))
            self.saved.emit(result.ext)
            self._finish(True)
            return
        self._set_enabled()
        choice = self.dialog.prompts.choose_conflict(self, self.base, result.theirs, result.mine)
        if choice == "mine":
            # Their version with my changed fields on top: the form shows exactly what is saved,
            # and a retry after a lost connection cannot undo their other changes.
            self.base = result.theirs
            for name in cd.EXT_FIELDS:
                if name not in result.mine:
                    edit = self.edits[name]
                    edit.blockSignals(True)
                    self.set_value(name, getattr(result.theirs, name))
                    edit.blockSignals(False)
            self._show_modified()
            self._start_save(result.theirs.version, self.changes())
        elif choice == "theirs":
            self.base = result.theirs
            self._fill(result.theirs)
            self._show_modified()
            self._set_enabled()
            self.status.setStyleSheet("color: #666;")
            self.status.setText(self.tr("Showing the other version; your edits were discarded."))
            self._finish(True)
        else:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(self.tr("Not saved: someone else changed this customer. Save again to choose."))
            self._finish(False)

    def _save_failed(self, error: BaseException) -> None:
        self.saving = False
        self._set_enabled()
        self.status.setStyleSheet(ERROR_STYLE)
        if isinstance(error, cd.InvalidFields):
            for name, code in error.fields.items():
                if name in self.errors:
                    self._show_error(name, code)
            self.status.setText(self.tr("Please correct the fields marked in red."))
        elif isinstance(error, ConnectionLost):
            self.status.setText(self.tr("Not saved: the connection was lost. Your edits are kept."))
            self.retry_button.show()
        elif isinstance(error, CrmRefusal):
            self.status.setText(error_text(error))
        else:
            self.status.setText(str(error))
        self._finish(False)

    def _finish(self, ok: bool) -> None:
        callbacks, self._on_done = self._on_done, []
        for callback in callbacks:
            callback(ok)

    def save_and_wait(self, timeout_ms: int = 15000) -> bool:
        """Save while keeping the GUI responsive until the worker answers (closing, signing out)."""
        return wait_for_outcome(lambda done: self.save(on_done=done), self, timeout_ms)

    def discard(self) -> None:
        self._fill(self.base)
        self.status.clear()
        self.retry_button.hide()
        self._set_enabled()
