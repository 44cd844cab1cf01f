"""公共池回收 Public pool recycling (常见问题 5): the policy, the agent's runs and their reversal.

    install_admin(admin_tab)          # 系统管理 › 公共池回收: HQ administrators edit the policy
    install_approvals(approvals_tab)  # 审批 › 公共池回收: directors and HQ marketing reverse

Both live in pool_recycling.page (import them from there).
"""
