"""The customer detail window (客户详情): comprehensive and extended data, assets and trading,
relationships and VIP levels, visit records.

    dialog = CustomerDetailDialog(runner, connector, customer_id, parent=main_window)
    dialog.show()
"""

from crm_desktop.ui.customer_detail.common import DetailPrompts
from crm_desktop.ui.customer_detail.dialog import CustomerDetailDialog

__all__ = ["CustomerDetailDialog", "DetailPrompts"]
