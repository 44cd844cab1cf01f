"""安全策略: lockout, timeouts, passwords, maintenance. HQ administrators change it; others read it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from crm_desktop.services import admin_queries, staff_admin
from crm_desktop.ui.admin.common import AdminPage, fmt_datetime
from crm_desktop.ui.tasks import wait_for_outcome


def _load(ctx, connector) -> dict:
    return staff_admin.get_policy(connector.connection())


def _load_agent_health(ctx, connector) -> list[dict]:
    return admin_queries.agent_health(connector.connection())


def _save(ctx, connector, settings: dict) -> dict:
    return staff_admin.update_policy(connector.connection(), settings)


# name -> (minimum, maximum) as the table's CHECK constraints allow.
NUMBERS = {
    "lockout_threshold": (1, 100),
    "lockout_window_minutes": (1, 10080),
    "lockout_minutes": (1, 1440),
    "lockout_max_minutes": (1, 10080),
    "lockout_locks_before_freeze": (0, 20),
    "max_transaction_seconds": (1, 86400),
    "idle_minutes": (1, 1440),
    "absolute_session_hours": (1, 168),
    "password_min_length": (8, 64),
    "temp_password_hours": (1, 168),
}


class PolicyPage(AdminPage):
    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("Policy")
        self.policy: dict | None = None
        self.editable = tab.info.can("admin_all")
        self._saving = False

        def spin(name: str, suffix: str = "") -> QSpinBox:
            low, high = NUMBERS[name]
            box = QSpinBox(objectName=name, minimum=low, maximum=high)
            box.setSuffix(suffix)
            box.setMinimumWidth(110)
            box.valueChanged.connect(self._edited)
            return box

        self.fields: dict[str, QWidget] = {}
        sign_in = QGroupBox(self.tr("Sign-in and lockout"))
        form = QFormLayout(sign_in)
        self.fields["lockout_threshold"] = spin("lockout_threshold", self.tr(" failures"))
        self.fields["lockout_window_minutes"] = spin("lockout_window_minutes", self.tr(" min"))
        self.fields["lockout_minutes"] = spin("lockout_minutes", self.tr(" min"))
        self.fields["lockout_max_minutes"] = spin("lockout_max_minutes", self.tr(" min"))
        self.fields["lockout_locks_before_freeze"] = spin("lockout_locks_before_freeze", self.tr(" locks"))
        self.fields["password_min_length"] = spin("password_min_length", self.tr(" characters"))
        self.fields["temp_password_hours"] = spin("temp_password_hours", self.tr(" h"))
        self.fields["remember_password_allowed"] = QCheckBox(self.tr("Allow “remember my password” on PCs"),
                                                             objectName="remember_password_allowed")
        form.addRow(self.tr("Lock an account after:"), self.fields["lockout_threshold"])
        form.addRow(self.tr("…wrong passwords within:"), self.fields["lockout_window_minutes"])
        form.addRow(self.tr("…for (doubling with each further lock):"), self.fields["lockout_minutes"])
        form.addRow(self.tr("Longest lock:"), self.fields["lockout_max_minutes"])
        form.addRow(self.tr("Freeze the account after:"), self.fields["lockout_locks_before_freeze"])
        form.addRow(self.tr("Minimum password length:"), self.fields["password_min_length"])
        form.addRow(self.tr("Temporary passwords valid for:"), self.fields["temp_password_hours"])
        form.addRow("", self.fields["remember_password_allowed"])

        sessions = QGroupBox(self.tr("Sessions"))
        form = QFormLayout(sessions)
        self.fields["idle_minutes"] = spin("idle_minutes", self.tr(" min"))
        self.fields["absolute_session_hours"] = spin("absolute_session_hours", self.tr(" h"))
        form.addRow(self.tr("Lock and sign out when idle for:"), self.fields["idle_minutes"])
        form.addRow(self.tr("Longest session:"), self.fields["absolute_session_hours"])
        self.fields["max_transaction_seconds"] = spin("max_transaction_seconds", self.tr(" s"))
        form.addRow(self.tr("End a transaction running longer than (exports excepted):"),
                    self.fields["max_transaction_seconds"])

        maintenance = QGroupBox(self.tr("Maintenance (系统维护)"))
        form = QFormLayout(maintenance)
        self.fields["maintenance"] = QCheckBox(self.tr("System under maintenance: only administrators may sign in"),
                                               objectName="maintenance")
        self.fields["maintenance_message"] = QLineEdit(objectName="maintenance_message")
        self.fields["maintenance_message"].setPlaceholderText(self.tr("Message shown at sign-in"))
        form.addRow("", self.fields["maintenance"])
        form.addRow(self.tr("Message:"), self.fields["maintenance_message"])
        self.fields["remember_password_allowed"].toggled.connect(self._edited)
        self.fields["maintenance"].toggled.connect(self._edited)
        self.fields["maintenance_message"].textChanged.connect(self._edited)

        self.read_only_note = QLabel(self.tr("Only HQ administrators can change the policy; you see it read-only."),
                                     objectName="policyReadOnly")
        self.read_only_note.setStyleSheet("background: #fff4e5; padding: 6px; border-radius: 4px;")
        self.read_only_note.setVisible(not self.editable)
        self.updated_label = QLabel(objectName="policyUpdated")
        self.updated_label.setStyleSheet("color: #666;")
        self.save_button = QPushButton(self.tr("Save"), objectName="savePolicy")
        self.save_button.clicked.connect(lambda: self.save())
        self.revert_button = QPushButton(self.tr("Revert"), objectName="revertPolicy")
        self.revert_button.clicked.connect(self.discard)
        self.reload_button = QPushButton(self.tr("Reload"), objectName="reloadPolicy")
        self.reload_button.clicked.connect(self.refresh)

        groups = QVBoxLayout()
        groups.addWidget(self.read_only_note)
        groups.addWidget(sign_in)
        groups.addWidget(sessions)
        groups.addWidget(maintenance)
        # The HQ agent's health, for HQ administrators (the server refuses it to others).
        self.agent_box = QGroupBox(self.tr("HQ agent"), objectName="agentHealthBox")
        self.agent_health = QLabel(objectName="agentHealth", textFormat=Qt.TextFormat.RichText)
        self.agent_health.setWordWrap(True)
        self.agent_health.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.agent_box).addWidget(self.agent_health)
        self.agent_box.setVisible(self.editable)
        groups.addWidget(self.agent_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.updated_label, 1)
        buttons.addWidget(self.busy)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        groups.addLayout(buttons)
        groups.addWidget(self.status)
        groups.addStretch(1)
        row = QHBoxLayout(self)
        row.addLayout(groups, 0)
        row.addStretch(1)

        for widget in self.fields.values():
            widget.setEnabled(self.editable)
        self._update_buttons()
        self.add_refresh_shortcut()

    # values ----------------------------------------------------------------------------------------
    def values(self) -> dict:
        values = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QSpinBox):
                values[name] = widget.value()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            else:
                values[name] = widget.text().strip()
        return values

    def changes(self) -> dict:
        if self.policy is None:
            return {}
        return {k: v for k, v in self.values().items() if self.policy.get(k) != v}

    def has_unsaved_changes(self) -> bool:
        return self.editable and bool(self.changes())

    def _show(self, policy: dict) -> None:
        self.policy = policy
        for name, widget in self.fields.items():
            widget.blockSignals(True)
            if isinstance(widget, QSpinBox):
                widget.setValue(int(policy[name]))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(policy[name]))
            else:
                widget.setText(policy[name] or "")
            widget.blockSignals(False)
        self.updated_label.setText(self.tr("Last changed %1 by %2").replace("%1", fmt_datetime(policy.get("updated_at")))
                                   .replace("%2", policy.get("updated_by") or "?"))
        self._update_buttons()

    def _edited(self, *_) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = bool(self.changes())
        self.save_button.setEnabled(self.editable and dirty and not self._saving)
        self.revert_button.setEnabled(self.editable and dirty and not self._saving)
        if not self.editable:
            self.save_button.setToolTip(self.tr("Only HQ administrators can change the policy."))

    # loading and saving ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.status.clear()
        self.run(_load, on_success=self._show, key="policy", failure_title=self.title)
        if self.editable:
            self.run(_load_agent_health, on_success=self._show_agent_health, key="agent_health",
                     failure_title=self.tr("HQ agent"))

    def _show_agent_health(self, health: list[dict]) -> None:
        if not health:
            self.agent_health.setText(self.tr("The HQ agent has not run yet."))
            self.agent_health.setStyleSheet("color: #a05a00;")
            return
        names = {"auth_log": self.tr("Lockout watcher (server log)"), "release_locks": self.tr("Lock expiry"),
                 "check_passwords": self.tr("Passwords set outside the policy"),
                 "enforce_sessions": self.tr("Session limits"), "sweep_sessions": self.tr("Stale sessions"),
                 "t1_import": self.tr("T+1 pickup")}
        lines = []
        for job in health:
            line = self.tr("%1: last run %2, %3").replace("%1", names.get(job["job"], job["job"])).replace(
                "%2", fmt_datetime(job["last_run"], seconds=True)).replace(
                "%3", self.tr("OK") if job["ok"] else self.tr("FAILED"))
            if job["skipped_last_run"] or job["skipped_total"]:
                line += self.tr("; log records skipped: %1 (last run), %2 (total)").replace(
                    "%1", str(job["skipped_last_run"])).replace("%2", str(job["skipped_total"]))
            if job["last_error"]:
                line += "\n    " + self.tr("last error %1: %2").replace(
                    "%1", fmt_datetime(job["last_error_at"], seconds=True)).replace("%2", job["last_error"][:300])
            color = "#1b5e20" if job["ok"] else "#b00020"
            lines.append(f'<div style="color: {color}; white-space: pre-wrap;">{html.escape(line)}</div>')
        self.agent_health.setStyleSheet("")
        self.agent_health.setText("".join(lines))

    def discard(self) -> None:
        if self.policy is not None:
            self._show(self.policy)

    def save(self, on_done=None) -> None:
        changes = self.changes()
        if not changes or not self.editable:
            if on_done:
                on_done(not changes)
            return
        self._saving = True
        self._update_buttons()

        def saved(policy: dict) -> None:
            self._saving = False
            self._show(policy)
            self.status.setText(self.tr("Saved."))
            if on_done:
                on_done(True)

        def failed(error: BaseException) -> None:
            self._saving = False
            self._update_buttons()
            self.show_failure(self.tr("Save policy"), error)
            if on_done:
                on_done(False)

        self.run(_save, changes, on_success=saved, on_failure=failed)

    def save_and_wait(self, timeout_ms: int = 15000) -> bool:
        """Save, keeping the GUI responsive until the worker answers (sign-out with unsaved edits)."""
        return wait_for_outcome(lambda done: self.save(on_done=done), self, timeout_ms)
