"""Customer groups (客户群, FAQ 4-6): the groups window, adding customers from the list, and the
tab wiring.

    install(customers_tab)            # "Groups…" and "Add to group" on the tab's tools row
    GroupsDialog(runner, connector, info, open_filter=...)

Import each from its module: install from customer_groups.install, GroupsDialog from
customer_groups.dialog, GroupPrompts from customer_groups.common.
"""
