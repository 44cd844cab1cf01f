"""会话: who is signed in from where, one row per sign-in with its database connections below;
an administrator can end a sign-in (forced logout of all its connections)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from crm_desktop.services import admin_queries, staff_admin
from crm_desktop.ui.admin.common import AdminPage, fmt_datetime, fmt_first, fmt_interval
from crm_desktop.ui.reasons import close_reason_text
from crm_desktop.ui.table_model import make_table, set_column_widths
from crm_desktop.ui.table_model import Column, RowTableModel


def _load(ctx, connector, include_closed: bool) -> admin_queries.Rows:
    return admin_queries.list_sign_ins(connector.connection(), include_closed=include_closed)


def _end(ctx, connector, session_ids: list[int]) -> int:
    """Ends every connection of a sign-in; how many were still running."""
    conn = connector.connection()
    return sum(staff_admin.end_session(conn, session_id) for session_id in session_ids)


class SessionsPage(AdminPage):
    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("Sessions")
        self.model = RowTableModel([
            Column("login", self.tr("Login")),
            Column("staff_name", self.tr("Name")),
            Column("branch_code", self.tr("Branch")),
            Column("hostname", self.tr("Host")),
            Column("macs", self.tr("MACs"), fmt_first, tooltip=lambda r: "\n".join(r.get("macs") or ()) or None),
            Column("client_addr", self.tr("Address"), str),
            Column("opened_at", self.tr("Since"), fmt_datetime),
            Column("idle_for", self.tr("Idle for"), fmt_interval, align=Qt.AlignmentFlag.AlignRight),
            Column("app_version", self.tr("Version")),
            Column(lambda r: r, self.tr("Connections"), self._connections_text,
                   sort_key=lambda r: (r["open_connections"], len(r["connections"])), align=Qt.AlignmentFlag.AlignRight),
            Column(lambda r: r, self.tr("State"), self._state_text, sort_key=lambda r: (r["open"], r["closed_at"])),
        ], self)
        self.model.set_row_foreground(lambda r: None if r["open"] else "#888888")
        self.view, self.proxy = make_table(self, self.model, "sessionsTable")
        self.view.sortByColumn(6, Qt.SortOrder.DescendingOrder)
        set_column_widths(self.view, [10, 8, 6, 14, 22, 12, 16, 9, 8, 8, 20])

        # The database connections of the selected sign-in (one per worker thread of the app).
        self.connections = RowTableModel([
            Column("id", self.tr("Session no."), str, align=Qt.AlignmentFlag.AlignRight),
            Column("opened_at", self.tr("Connected at"), fmt_datetime),
            Column("idle_for", self.tr("Idle for"), fmt_interval, align=Qt.AlignmentFlag.AlignRight),
            Column(lambda r: r, self.tr("State"), self._state_text, sort_key=lambda r: (r["open"], r["closed_at"])),
        ], self)
        self.connections.set_row_foreground(lambda r: None if r["open"] else "#888888")
        self.connections_view, self.connections_proxy = make_table(self, self.connections, "sessionConnections")
        set_column_widths(self.connections_view, [10, 16, 9, 20])
        self.connections_title = QLabel(objectName="sessionConnectionsTitle")
        self.connections_title.setStyleSheet("color: #666;")

        self.include_closed = QCheckBox(self.tr("Include closed sessions"), objectName="includeClosed")
        self.include_closed.toggled.connect(lambda _: self.refresh())
        self.count_label = QLabel(objectName="sessionCount")
        self.count_label.setStyleSheet("color: #666;")
        self.end_button = QPushButton(self.tr("End session…"), objectName="endSession")
        self.end_button.setToolTip(self.tr("Sign this session out now (the user sees why)"))
        self.end_button.clicked.connect(self.end_session)
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="refreshSessions")
        self.refresh_button.clicked.connect(self.refresh)

        top = QHBoxLayout()
        top.addWidget(self.include_closed)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.end_button)
        top.addWidget(self.refresh_button)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.connections_title)
        below_layout.addWidget(self.connections_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.proxy.modelReset.connect(self._selection_changed)
        self._selection_changed()
        self.add_refresh_shortcut()

    def _connections_text(self, row: dict) -> str:
        if row["open_connections"] == len(row["connections"]):
            return str(len(row["connections"]))
        return self.tr("%1 of %2 open").replace("%1", str(row["open_connections"])) \
            .replace("%2", str(len(row["connections"])))

    def _state_text(self, row: dict) -> str:
        if row["open"]:
            return self.tr("Open (your own)") if row["login"] == self.tab.info.login else self.tr("Open")
        return self.tr("Closed %1: %2").replace("%1", fmt_datetime(row["closed_at"])).replace(
            "%2", close_reason_text(row.get("close_reason")))

    def refresh(self) -> None:
        self.status.clear()
        self.run(_load, self.include_closed.isChecked(), on_success=self._loaded, key="sessions",
                 failure_title=self.title)

    def _loaded(self, result: admin_queries.Rows) -> None:
        self.model.set_rows(result.rows)
        signed_in = [r for r in result.rows if r["open"]]
        text = self.tr("%1 signed in (%2 connections)").replace("%1", str(len(signed_in))) \
            .replace("%2", str(sum(r["open_connections"] for r in signed_in)))
        if result.truncated:
            text += " · " + self.tr("newest %1 shown").replace("%1", str(result.limit))
        self.count_label.setText(text)
        self._selection_changed()

    def selected(self) -> dict | None:
        indexes = self.view.selectionModel().selectedRows()
        return self.proxy.row(indexes[0]) if indexes else None

    def select_session(self, session_id: int) -> bool:
        """Selects the sign-in that session row (connection) `session_id` belongs to."""
        source_row = self.model.find(lambda r: any(c["id"] == session_id for c in r["connections"]))
        if source_row < 0:
            return False
        self.view.setCurrentIndex(self.proxy.mapFromSource(self.model.index(source_row, 0)))
        return True

    def _selection_changed(self) -> None:
        row = self.selected()
        self.end_button.setEnabled(row is not None and row["open"])
        self.connections.set_rows(row["connections"] if row is not None else [])
        self.connections_title.setText(
            self.tr("Database connections of this sign-in:") if row is not None
            else self.tr("Select a sign-in to see its database connections."))

    def end_session(self) -> None:
        row = self.selected()
        if row is None or not row["open"]:
            return
        text = self.tr("End the session of %1 (%2) on %3? The program there is signed out at once; unsaved "
                  "work is kept until they sign in again.").replace("%1", row["staff_name"]) \
            .replace("%2", row["login"]).replace("%3", row.get("hostname") or "?")
        if row["login"] == self.tab.info.login:
            text += "\n\n" + self.tr("This is one of your own sessions.")
        if not self.tab.prompts.confirm(self, self.tr("End session"), text, self.tr("End session"), destructive=True):
            return
        self.run(_end, [c["id"] for c in row["connections"] if c["open"]], on_success=lambda _: self.refresh(),
                 failure_title=self.tr("End session"))
