"""Pages of the Administration tab (系统管理); `crm_desktop.ui.admin_tab.AdminTab` assembles them."""
