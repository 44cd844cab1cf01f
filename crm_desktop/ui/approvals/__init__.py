"""审批 Approvals (issue #5): the Approvals tab with its Reservations page, and the places that
start requests elsewhere.

    ApprovalsTab(runner, connector, info)      # the main window's "approvals" tab (badge: waiting count)
    install_customers(customers_tab)           # 认领 / assign service on the customer list's context menu
    install_customer_detail(detail_dialog)     # 解除 on the relationships page
    install_admin(admin_tab)                   # flows + holidays pages (HQ), 调岗 on the staff page
"""

from crm_desktop.ui.approvals.prompts import ApprovalPrompts
from crm_desktop.ui.approvals.requests import (RequestPrompts, install_admin, install_customer_detail,
                                               install_customers)
from crm_desktop.ui.approvals.tab import ApprovalsTab

__all__ = ["ApprovalPrompts", "ApprovalsTab", "RequestPrompts", "install_admin", "install_customer_detail",
           "install_customers"]
