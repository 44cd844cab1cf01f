"""导出 Export and 汇总统计 Summary on the Customers tab (issue #4, FAQ 8-9 and 11).

`install(tab)` adds the "Summary…" and "Export…" buttons to the tab's tools row (Export and
Ctrl+E only for staff with the export right -- the server refuses the others anyway) and
returns the tab's exporter. The export itself is `export_flow.ExportFlow`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QPushButton

from crm_desktop.ui.export_flow import ExportFlow, export_customers
from crm_desktop.ui.customers.features import CustomerList
from crm_desktop.ui.customers.summary_dialog import SummaryDialog


class CustomerListActions(QObject):
    """The Customers tab's Summary… and Export… buttons (and Ctrl+E)."""

    def __init__(self, tab: CustomerList):
        super().__init__(tab)
        self.tab = tab
        self.flow = ExportFlow(tab, tab.runner, lambda: tab.connector)
        self.summary_button = QPushButton(self.tr("Summary…"), objectName="summaryButton")
        self.summary_button.setToolTip(self.tr("Counts, sums and averages of the current list by group (汇总统计)"))
        self.summary_button.clicked.connect(self.open_summary)
        self.export_button = QPushButton(self.tr("Export…"), objectName="exportButton")
        self.export_button.setToolTip(self.tr("Export the list as filtered and sorted, with the visible columns, "
                                              "to an Excel file (Ctrl+E)"))
        self.export_button.clicked.connect(lambda: self.export())
        allowed = tab.info.can("export")
        self.export_button.setVisible(allowed)
        # Whole ID numbers and mobiles: a second right, granted by HQ; the server checks and records it.
        self.export_personal_button = QPushButton(self.tr("Export with personal data…"),
                                                  objectName="exportPersonalButton")
        self.export_personal_button.setToolTip(self.tr("Export the list with whole ID numbers and mobiles "
                                                       "instead of masked ones (recorded)"))
        self.export_personal_button.clicked.connect(lambda: self.export(personal_data=True))
        self.export_personal_button.setVisible(allowed and tab.info.can("export_personal_data"))
        # Ctrl+E works for everyone: without the right it says why nothing is exported.
        self.shortcut = QShortcut(QKeySequence("Ctrl+E"), tab, activated=lambda: self.export())
        self.refusal: QMessageBox | None = None
        tab.tools.addWidget(self.summary_button)
        tab.tools.addWidget(self.export_button)
        tab.tools.addWidget(self.export_personal_button)
        self.summary = None

    @property
    def allowed(self) -> bool:
        return self.tab.info.can("export")

    def export(self, path: str | None = None, personal_data: bool = False) -> bool:
        """Export the current list (filter, search, pool toggle, sort, visible columns); ID numbers
        and mobiles masked, or whole with `personal_data` (refused by the server without the right)."""
        if not self.allowed:
            self.explain_missing_right()
            return False
        return self.flow.start("customers", self.tr("Export customers"), export_customers,
                               self.tab.current_query(), personal_data, path=path)

    def explain_missing_right(self) -> None:
        if self.refusal is None:
            self.refusal = QMessageBox(QMessageBox.Icon.Information, self.tr("Export customers"),
                                       self.tr("You do not have the export right, so the list cannot be exported. "
                                               "The right is granted by headquarters: ask your HQ "
                                               "system administrator."),
                                       QMessageBox.StandardButton.Ok, self.tab)
            self.refusal.setObjectName("exportRightMissing")
        self.refusal.open()

    def open_summary(self):
        if self.summary is not None:
            try:
                self.summary.close()
            except RuntimeError:
                pass
        self.summary = SummaryDialog(self.tab, parent=self.tab)
        self.summary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary.destroyed.connect(lambda *_: setattr(self, "summary", None))
        self.summary.show()
        return self.summary


def install(tab: CustomerList) -> CustomerListActions:
    """Add Summary… and Export… to the customer list; returns the actions."""
    return CustomerListActions(tab)
