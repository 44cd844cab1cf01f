"""审批 Approvals (issue #5): the Approvals tab with its Reservations page, and the places that
start requests elsewhere.

    ApprovalsTab(runner, connector, info)      # the main window's "approvals" tab (badge: waiting count)
    install_customers(customers_tab)           # 认领 / assign service on the customer list's context menu
    install_customer_detail(detail_dialog)     # 解除 on the relationships page
    install_admin(admin_tab)                   # flows + holidays pages (HQ), 调岗 on the staff page

Import each from its module: the tab from approvals.tab, the install_* functions and the
prompts from approvals.requests and approvals.dialogs (a package that imported its modules here
would be imported by each of them: an import loop).
"""
