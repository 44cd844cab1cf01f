"""What a feature installed on the Administration tab may use of it.

`approvals.requests.install_admin(tab)` (approval flows, holidays, 调岗 Transfer on the staff page) is
called by `AdminTab.__init__`, which keeps what it returns; it takes the tab as `AdminTabParts`
and uses only the names declared here and in `AdminPageHost` (tests/unit/test_tab_features.py
checks that).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtWidgets import QTabWidget

from crm_desktop.ui.admin.common import AdminPageHost

if TYPE_CHECKING:
    from crm_desktop.ui.admin.staff_page import StaffPage


@runtime_checkable
class AdminTabParts(AdminPageHost, Protocol):
    pages: QTabWidget                   # the sub-tabs: features add their pages here
    staff_page: StaffPage               # 员工 staff accounts: features add actions to its toolbar
