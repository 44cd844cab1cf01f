"""客户 The Customers tab (`tab.CustomersTab`) and the features installed on its list.

    tab.py              the list: search, pool toggle, count, sort, copy, open a customer
    paged_model.py      the table model fetching pages near the viewport (keyset paging)
    features.py         CustomerList: all a feature may use of the tab
    filter_builder.py   过滤数据 dialog, saved filters, the Filter… button   (install)
    filter_chips.py     the active filter as removable chips; filter_text.py the filter in words
    column_chooser.py   visible columns, order and widths per user         (install)
    export.py           Summary… and Export… buttons                         (install)
    export_flow.py      save dialog, worker, progress, outcome of an export
    summary_dialog.py   汇总统计 group-by summary of the list

Features that live elsewhere and install themselves the same way: ui/customer_groups/
(客户群) and ui/approvals/requests.py (认领, assign service staff).
"""
