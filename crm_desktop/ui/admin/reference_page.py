"""系统管理 › 贵宾与资产区间 (HQ): the VIP thresholds and the default asset ranges of 多维分析
(issue #15, FAQ 35). The server checks that the caller is an HQ administrator, validates the
amounts and audits every change (crm.set_vip_thresholds, crm.set_default_asset_edges); this
page parses what was typed (amounts in 万元, like the analysis tab's asset ranges) and says
what a change does: VIP levels follow from the next T+1 load, the asset ranges at once.

    install(admin_tab)     # from AdminTab.__init__, for HQ administrators (admin_all)
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from crm_desktop.services import reference_settings
from crm_desktop.ui.admin.common import AdminPage, ref_name
from crm_desktop.ui.analysis.filters import format_edges, parse_edges


def _load(ctx, connector) -> tuple[list[dict], tuple[int, ...]]:
    conn = ctx.watch(connector.connection())
    reference_settings.forget_cached_edges()      # show what the server holds now
    return reference_settings.vip_levels(conn), reference_settings.default_asset_edges(conn)


def _save_vip(ctx, connector, thresholds: list[int]) -> None:
    reference_settings.set_vip_thresholds(connector.connection(), thresholds)


def _save_edges(ctx, connector, edges: list[int]) -> None:
    reference_settings.set_default_asset_edges(connector.connection(), edges)


def _left_aligned(button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(button)
    row.addStretch(1)
    return row


class ReferencePage(AdminPage):
    def __init__(self, tab):
        super().__init__(tab)
        self.title = self.tr("VIP levels and asset ranges")
        self.levels: list[dict] = []
        self.threshold_edits: list[QLineEdit] = []

        vip_box = QGroupBox(self.tr("VIP thresholds (minimum total assets, 10 000 CNY)"))
        self.vip_form = QFormLayout()
        self.save_vip_button = QPushButton(self.tr("Save VIP thresholds"), objectName="saveVipThresholds")
        self.save_vip_button.clicked.connect(self.save_vip)
        vip_note = QLabel(self.tr("A change applies from the next T+1 load: each loaded day gets the level of "
                                  "that day's assets. Days already loaded keep the level they had."),
                          objectName="vipNote", wordWrap=True)
        vip_layout = QVBoxLayout(vip_box)
        vip_layout.addLayout(self.vip_form)
        vip_layout.addWidget(vip_note)
        vip_layout.addLayout(_left_aligned(self.save_vip_button))

        edges_box = QGroupBox(self.tr("Default asset ranges of the analysis (资产区间)"))
        self.edges_edit = QLineEdit(objectName="defaultAssetEdges")
        self.edges_edit.setMaximumWidth(480)
        self.edges_edit.setPlaceholderText(self.tr("e.g. 1, 10, 50, 100"))
        self.save_edges_button = QPushButton(self.tr("Save asset ranges"), objectName="saveAssetEdges")
        self.save_edges_button.clicked.connect(self.save_edges)
        edges_note = QLabel(self.tr("Edges in 10 000 CNY, increasing, separated by commas: 1, 10 gives "
                                    "below 1, 1 to 10 and 10 or more. Applies to every analysis without "
                                    "its own ranges from its next run; a layout with its own ranges keeps them."),
                            objectName="edgesNote", wordWrap=True)
        edges_form = QFormLayout()
        edges_form.addRow(self.tr("Edges:"), self.edges_edit)
        edges_layout = QVBoxLayout(edges_box)
        edges_layout.addLayout(edges_form)
        edges_layout.addWidget(edges_note)
        edges_layout.addLayout(_left_aligned(self.save_edges_button))

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(vip_box)
        layout.addWidget(edges_box)
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.add_refresh_shortcut()

    def refresh(self) -> None:
        self.run(_load, on_success=self._loaded, key="reference")

    def _loaded(self, result: tuple[list[dict], tuple[int, ...]]) -> None:
        self.levels, edges = result
        while self.vip_form.rowCount():
            self.vip_form.removeRow(0)
        self.threshold_edits = []
        for level in self.levels[1:]:
            edit = QLineEdit(format_edges((int(level["min_assets"]),)), objectName=f"vipThreshold{level['level']}")
            edit.setMaximumWidth(160)
            self.threshold_edits.append(edit)
            self.vip_form.addRow(self.tr("%1 from:").replace("%1", ref_name(level)), edit)
        self.edges_edit.setText(format_edges(edges))

    def save_vip(self) -> None:
        try:
            thresholds = [parse_edges(edit.text())[0] for edit in self.threshold_edits]
            if any(len(parse_edges(edit.text())) != 1 for edit in self.threshold_edits):
                raise ValueError
        except (ValueError, OverflowError):
            self.tab.prompts.inform(self, self.title, self.tr(
                "Each VIP threshold must be one positive amount in 10 000 CNY, e.g. 50. Nothing was saved."))
            return
        if thresholds != sorted(set(thresholds)):
            self.tab.prompts.inform(self, self.title, self.tr(
                "Each VIP level needs a higher threshold than the level below it. Nothing was saved."))
            return

        def saved(_: None) -> None:
            self.status.setText(self.tr("VIP thresholds saved; they apply from the next T+1 load."))
            self.refresh()

        self.run(_save_vip, thresholds, on_success=saved, failure_title=self.tr("VIP thresholds"))

    def save_edges(self) -> None:
        try:
            edges = list(parse_edges(self.edges_edit.text()))
        except (ValueError, OverflowError):
            self.tab.prompts.inform(self, self.title, self.tr(
                "The asset range edges must be positive amounts in 10 000 CNY, increasing, separated by "
                "commas (e.g. 1, 10, 50). Nothing was saved."))
            return

        def saved(_: None) -> None:
            self.status.setText(self.tr("Default asset ranges saved."))
            self.refresh()

        self.run(_save_edges, edges, on_success=saved, failure_title=self.tr("Asset ranges"))


def install(admin_tab) -> ReferencePage | None:
    if not admin_tab.info.can("admin_all"):
        return None
    page = ReferencePage(admin_tab)
    page.setObjectName("admin_reference")
    admin_tab.pages.addTab(page, page.title)
    return page
