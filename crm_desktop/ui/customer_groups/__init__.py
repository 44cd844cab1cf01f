"""Customer groups (客户群, FAQ 4-6): the groups window, adding customers from the list, and the
tab wiring.

    install(customers_tab)            # "Groups…" and "Add to group" on the tab's tools row
    GroupsDialog(runner, connector, info, open_filter=...)
"""

from crm_desktop.ui.customer_groups.common import GroupPrompts
from crm_desktop.ui.customer_groups.dialog import GroupsDialog
from crm_desktop.ui.customer_groups.install import AddToGroupDialog, GroupsFeature, install

__all__ = ["AddToGroupDialog", "GroupPrompts", "GroupsDialog", "GroupsFeature", "install"]
