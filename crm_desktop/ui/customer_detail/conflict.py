"""Someone else saved the extended data in between: both versions side by side, the user chooses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QGridLayout, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from crm_desktop.services import customer_detail as cd
from crm_desktop.ui.customer_detail.common import DASH, contact_label, ext_field_label, fmt_datetime, staff_text


THEIRS_COLOR, MINE_COLOR = "#e3eeff", "#fff1cc"


def _shown(name: str, value: str | None) -> str:
    if value is None:
        return DASH
    return contact_label(value) if name == "preferred_contact" else value


class ConflictDialog(QDialog):
    """Rows: every field where their saved value and my form value differ.

    `choice` after exec(): 'mine' (save my changed fields over their version), 'theirs' (drop my
    edits, show their version) or None (back to editing)."""

    def __init__(self, base: cd.ExtData, theirs: cd.ExtData, mine: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("extConflictDialog")
        self.setWindowTitle(self.tr("Changed by someone else"))
        self.setMinimumWidth(640)
        self.choice: str | None = None
        mine_full = dict(base.values(), **mine)
        who = staff_text(theirs.modified_by_name, theirs.modified_by) or self.tr("someone")
        intro = QLabel(self.tr("%1 saved this customer's extended data at %2, after you opened it. "
                               "Choose which version to keep.")
                       .replace("%1", who).replace("%2", fmt_datetime(theirs.modified_at)))
        intro.setWordWrap(True)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        headers = (self.tr("Field"), self.tr("Theirs (saved)"), self.tr("Mine (not saved)"))
        for column, text in enumerate(headers):
            label = QLabel(f"<b>{text}</b>")
            grid.addWidget(label, 0, column)
        line = QFrame(frameShape=QFrame.Shape.HLine, frameShadow=QFrame.Shadow.Sunken)
        grid.addWidget(line, 1, 0, 1, 3)
        self.rows: list[str] = []
        theirs_values, base_values = theirs.values(), base.values()
        for name in cd.EXT_FIELDS:
            if theirs_values[name] == mine_full[name]:
                continue
            row = len(self.rows) + 2
            self.rows.append(name)
            grid.addWidget(QLabel(ext_field_label(name)), row, 0, Qt.AlignmentFlag.AlignTop)
            # Highlighted: what each side changed since the version I opened.
            for column, value, changed, color in ((1, theirs_values[name], theirs_values[name] != base_values[name],
                                                   THEIRS_COLOR),
                                                  (2, mine_full[name], name in mine, MINE_COLOR)):
                label = QLabel(_shown(name, value), objectName=f"{'theirs' if column == 1 else 'mine'}_{name}")
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setStyleSheet(f"background: {color}; padding: 2px;" if changed else "padding: 2px;")
                grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        if not self.rows:
            grid.addWidget(QLabel(self.tr("Both versions have the same values.")), 2, 0, 1, 3)

        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addLayout(grid)
        holder_layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(holder)

        note = QLabel(self.tr("Highlighted: what each side changed. “Keep mine” saves only your changes; "
                              "their other changes stay."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")

        buttons = QDialogButtonBox()
        self.mine_button = QPushButton(self.tr("Keep mine (overwrite)"), objectName="keepMineButton")
        self.theirs_button = QPushButton(self.tr("Take theirs"), objectName="takeTheirsButton")
        buttons.addButton(self.mine_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.theirs_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.mine_button.clicked.connect(lambda: self._choose("mine"))
        self.theirs_button.clicked.connect(lambda: self._choose("theirs"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
