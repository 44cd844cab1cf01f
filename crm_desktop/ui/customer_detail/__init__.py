"""The customer detail window (客户详情): comprehensive and extended data, assets and trading,
relationships and VIP levels, visit records.

    dialog = CustomerDetailDialog(runner, connector, customer_id, parent=main_window)
    dialog.show()

The dialog is loaded on first use (PEP 562): it pulls in matplotlib (~0.3 s), which must not
happen at sign-in just because a tab uses a label helper from `customer_detail.common`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crm_desktop.ui.customer_detail.prompts import DetailPrompts
    from crm_desktop.ui.customer_detail.dialog import CustomerDetailDialog

__all__ = ["CustomerDetailDialog", "DetailPrompts"]


def __getattr__(name: str) -> Any:
    if name == "CustomerDetailDialog":
        from crm_desktop.ui.customer_detail.dialog import CustomerDetailDialog

        return CustomerDetailDialog
    if name == "DetailPrompts":
        from crm_desktop.ui.customer_detail.prompts import DetailPrompts

        return DetailPrompts
    raise AttributeError(name)
