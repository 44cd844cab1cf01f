"""系统管理 › 营业部 (HQ): the branches, a new branch and renaming one (FAQ 35). The server checks
that the caller is an HQ administrator, validates code and name, refuses a name another branch
has, and audits every change (crm.create_branch, crm.rename_branch); this page asks and shows.

    install(admin_tab)     # from AdminTab.__init__, for HQ administrators (admin_all)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from crm_desktop.services import admin_queries, staff_admin
from crm_desktop.ui.admin.common import AdminPage
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths


def _load(ctx, connector) -> list[dict]:
    return admin_queries.list_branches(ctx.watch(connector.connection()))


def _create(ctx, connector, code: str, name: str) -> int:
    return staff_admin.create_branch(connector.connection(), code, name)


def _rename(ctx, connector, code: str, name: str) -> None:
    staff_admin.rename_branch(connector.connection(), code, name)


class BranchesPage(AdminPage):
    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("Branches (营业部)")
        self.model = RowTableModel([
            Column("code", self.tr("Code")),
            Column("name", self.tr("Name")),
            Column(lambda r: self.tr("Headquarters") if r["kind"] == "hq" else self.tr("Branch"), self.tr("Kind")),
        ], self)
        self.view, self.proxy = make_table(self, self.model, "branchesTable")
        set_column_widths(self.view, [12, 40, 12])
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.doubleClicked.connect(lambda _: self.rename())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.new_button = QPushButton(self.tr("New branch…"), objectName="newBranch")
        self.new_button.clicked.connect(self.create)
        self.rename_button = QPushButton(self.tr("Rename…"), objectName="renameBranch")
        self.rename_button.clicked.connect(self.rename)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.rename_button)
        buttons.addStretch(1)
        buttons.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.add_refresh_shortcut()
        self._update()

    def refresh(self) -> None:
        self.run(_load, on_success=self._loaded, key="branches")

    def _loaded(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        self._update()

    def selected(self) -> dict | None:
        index = self.view.currentIndex()
        return self.proxy.row(index.row()) if index.isValid() else None

    def _update(self) -> None:
        self.rename_button.setEnabled(self.selected() is not None)

    def create(self) -> None:
        code = self.tab.prompts.ask_text(self, self.tr("New branch"),
                                         self.tr("Branch code (2 to 12 capital letters or digits, never changes):"))
        if not code:
            return
        name = self.tab.prompts.ask_text(self, self.tr("New branch"), self.tr("Name of the branch:"))
        if not name:
            return

        def created(_: int) -> None:
            self.status.setText(self.tr("Branch %1 created.").replace("%1", code.strip().upper()))
            self.refresh()

        self.run(_create, code, name, on_success=created, failure_title=self.tr("New branch"))

    def rename(self) -> None:
        row = self.selected()
        if row is None:
            return
        name = self.tab.prompts.ask_text(self, self.tr("Rename branch"),
                                         self.tr("New name of %1:").replace("%1", row["code"]), row["name"])
        if not name or name.strip() == row["name"]:
            return

        def renamed(_: None) -> None:
            self.status.setText(self.tr("Branch %1 renamed.").replace("%1", row["code"]))
            self.refresh()

        self.run(_rename, row["code"], name, on_success=renamed, failure_title=self.tr("Rename branch"))


def install(admin_tab) -> BranchesPage | None:
    if not admin_tab.info.can("admin_all"):
        return None
    page = BranchesPage(admin_tab)
    page.setObjectName("admin_branches")
    admin_tab.pages.addTab(page, page.title)
    return page
