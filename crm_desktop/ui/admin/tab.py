"""系统管理: the Administration tab (staff accounts, sessions, login events, policy, audit log).

Branch administrators manage the staff of their branches, HQ administrators all of them;
the server decides (RLS on the views, checks in the definer functions) and the tab shows
its refusals. Every query runs in a worker of the shared TaskRunner on the worker's own
connection (`connector.connection()` inside the worker function); each sub-tab loads the
first time it is shown. The pages live in this folder.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from crm_desktop.services import auth
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.approvals import requests as approval_requests
from crm_desktop.ui.admin import basic_data, branches_page, reference_page
from crm_desktop.ui.admin.audit_page import AuditPage
from crm_desktop.ui.admin.common import AdminPage, Prompts
from crm_desktop.ui.admin.login_events_page import LoginEventsPage
from crm_desktop.ui.admin.policy_page import PolicyPage
from crm_desktop.ui.admin.registration_page import RegistrationPage
from crm_desktop.ui.admin.sessions_page import SessionsPage
from crm_desktop.ui.admin.staff_page import StaffPage
from crm_desktop.ui.pool_recycling import page as pool_recycling
from crm_desktop.ui.tab_base import CrmTab
from crm_desktop.ui.sms import admin_page as sms_admin
from crm_desktop.ui.tasks import TaskRunner

__all__ = ["AdminTab"]


class AdminTab(CrmTab):
    def __init__(self, runner: TaskRunner, connector: StaffConnector, info: auth.SessionInfo,
                 parent: QWidget | None = None, prompts: Prompts | None = None):
        super().__init__(parent)
        self.runner, self.connector, self.info = runner, connector, info
        self.prompts = prompts or Prompts()

        self.pages = QTabWidget(self, objectName="adminPages")
        self.pages.setDocumentMode(True)
        self.staff_page = StaffPage(self)
        self.sessions_page = SessionsPage(self)
        self.login_events_page = LoginEventsPage(self)
        self.policy_page = PolicyPage(self)
        self.audit_page = AuditPage(self)
        self.registration_page = RegistrationPage(self)
        for page, name in ((self.staff_page, "staff"), (self.registration_page, "registrations"),
                           (self.sessions_page, "sessions"), (self.login_events_page, "logins"),
                           (self.policy_page, "policy"), (self.audit_page, "audit")):
            page.setObjectName(f"admin_{name}")
            self.pages.addTab(page, page.title)
        # 审批: flows + holidays pages (HQ), Transfer (调岗)… on the staff page (AdminTabParts, features.py)
        self.approval_parts = approval_requests.install_admin(self)
        self.sms_page = sms_admin.install(self)    # 短信: quotas, carrier prices, blacklist (HQ)
        self.recycling_page = pool_recycling.install_admin(self)   # 公共池回收: policy (HQ), runs
        self.basic_data = basic_data.install(self)     # 基本资料 on the staff page, with its history
        self.branches_page = branches_page.install(self)   # 营业部: new, rename (HQ)
        self.reference_page = reference_page.install(self)   # 贵宾等级, 资产区间 (HQ)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)

    # pages ------------------------------------------------------------------------------------
    def all_pages(self) -> list[AdminPage]:
        return [self.pages.widget(i) for i in range(self.pages.count())]

    def show_page(self, page: AdminPage) -> AdminPage:
        """Bring a sub-tab to the front and make sure it has loaded (also when the tab is hidden)."""
        self.pages.setCurrentWidget(page)
        page.ensure_loaded()
        return page

    def task_key(self, name: str) -> str:
        return f"admin:{id(self)}:{name}"

    @property
    def busy(self) -> bool:
        return any(page.is_busy for page in self.all_pages())

    def set_connector(self, connector: StaffConnector) -> None:
        """After a re-login: use the new connections and reload what was shown."""
        self.connector = connector
        for page in self.all_pages():
            page.invalidate()

    # CrmTab ----------------------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.policy_page.has_unsaved_changes()

    def save_changes(self) -> bool:
        return self.policy_page.save_and_wait() if self.policy_page.has_unsaved_changes() else True

    def discard_changes(self) -> None:
        self.policy_page.discard()
