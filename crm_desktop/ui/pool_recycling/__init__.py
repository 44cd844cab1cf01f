"""公共池回收 Public pool recycling (常见问题 5): the policy, the agent's runs and their reversal.

    install_admin(admin_tab)          # 系统管理 › 公共池回收: HQ administrators edit the policy
    install_approvals(approvals_tab)  # 审批 › 公共池回收: directors and HQ marketing reverse
"""

from crm_desktop.ui.pool_recycling.page import RecyclingPage, install_admin, install_approvals

__all__ = ["RecyclingPage", "install_admin", "install_approvals"]
