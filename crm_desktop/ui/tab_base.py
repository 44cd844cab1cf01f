"""What the main window asks of every tab, and what every tab offers the features installed on it.

A tab is a `CrmTab` in its own folder (ui/customers/, ui/reminders/, ui/approvals/,
ui/analysis/, ui/admin/) and is listed in `MainWindow.default_tabs`. The window talks to its
tabs only through the methods below; each has a do-nothing default, so a tab overrides just
the ones it needs. This module imports no tab and not the window: tabs import it, never the
window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:
    from crm_desktop.services.auth import SessionInfo
    from crm_desktop.services.connector import StaffConnector
    from crm_desktop.ui.notifications import NotificationListener
    from crm_desktop.ui.tasks import TaskRunner


class CrmTab(QWidget):
    """Base of every tab of the main window."""

    # unsaved edits: asked at sign-out and when the window closes (save / discard / cancel)
    def has_unsaved_changes(self) -> bool:
        return False

    def save_changes(self) -> bool:
        """Save pending edits; False when saving failed or was refused."""
        return True

    def discard_changes(self) -> None:
        pass

    # the session -----------------------------------------------------------------------------------
    def set_connector(self, connector: StaffConnector) -> None:
        """Signed in again after a forced sign-out: the tab keeps its state (and unsaved edits)
        and runs its queries on the new connector from now on."""

    # LISTEN/NOTIFY: the window keeps one listening connection for all tabs -----------------------------
    def notification_channels(self) -> list[str]:
        """Channels this tab needs besides crm_t1_loaded (which the window always hears)."""
        return []

    def use_listener(self, listener: NotificationListener) -> None:
        """Subscribe to the window's listener (called once, before it starts)."""

    def shutdown(self) -> None:
        """The window is closing or signing out: stop background work of the tab (listeners)."""

    # the window's tab bar ------------------------------------------------------------------------------
    def set_window_tab_title(self, text: str, tooltip: str) -> None:
        """This tab's title and tooltip in the window's tab bar (a badge with a count); nothing while
        the tab is not in one."""
        tabs = self.parentWidget()
        while tabs is not None and not isinstance(tabs, QTabWidget):
            tabs = tabs.parentWidget()
        index = tabs.indexOf(self) if tabs is not None else -1
        if index >= 0:
            tabs.setTabText(index, text)
            tabs.setTabToolTip(index, tooltip)


class TabContext(Protocol):
    """What every tab holds and a feature installed on a tab may use: the signed-in session."""

    runner: TaskRunner
    connector: StaffConnector          # replaced by set_connector after a re-login: read it when needed
    info: SessionInfo

    def window(self) -> QWidget: ...
