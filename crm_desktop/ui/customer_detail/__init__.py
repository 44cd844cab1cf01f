"""The customer detail window (客户详情): comprehensive and extended data, assets and trading,
relationships and VIP levels, visit records.

    dialog = CustomerDetailDialog(runner, connector, customer_id, parent=main_window)
    dialog.show()

Import the dialog from customer_detail.dialog where it is opened (ui/detail_windows.py does so
on first use): it pulls in matplotlib (~0.3 s), which must not happen at sign-in just because a
tab uses a label helper from `customer_detail.common`.
"""
