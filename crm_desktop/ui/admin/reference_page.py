"""系统管理 › 贵宾与资产区间 (HQ): the VIP thresholds and the default asset ranges of 多维分析
(issue #15, FAQ 35). The server checks that the caller is an HQ administrator, validates the
amounts and audits every change (crm.set_vip_thresholds, crm.set_default_asset_edges); this
page parses what was typed (amounts in 万元, like the analysis tab's asset ranges) and says
what a change does: VIP levels follow from the next T+1 load, the asset ranges at once.

Two HQ actions run in the background with a progress bar and 取消 (services/reference_settings):
按新标准重算最新交易日 recomputes the latest loaded day's VIP levels under the saved thresholds;
按新区间重建营业部汇总 rebuilds the branch rollup's asset bands at the saved edges (until then
analyses by asset range read the customer rollup, exact but slower). Cancelling keeps what was
done; running the action again finishes it.

    install(admin_tab)     # from AdminTab.__init__, for HQ administrators (admin_all)
"""

from __future__ import annotations

from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
                               QVBoxLayout)

from crm_desktop.services import reference_settings
from crm_desktop.ui.admin.common import AdminPage, ref_name
from crm_desktop.ui.analysis.filters import format_edges, parse_edges


def _load(ctx, connector) -> tuple[list[dict], tuple[int, ...], tuple[int, ...] | None]:
    conn = ctx.watch(connector.connection())
    reference_settings.forget_cached_edges()      # show what the server holds now
    return (reference_settings.vip_levels(conn), reference_settings.default_asset_edges(conn),
            reference_settings.branch_rollup_edges(conn))


def _recompute_vip(ctx, connector, thresholds: list[int]) -> reference_settings.VipRecomputation:
    return reference_settings.recompute_latest_vip_levels(ctx, connector.connection(), thresholds)


def _rebuild_bands(ctx, connector, edges: list[int]) -> reference_settings.BandRebuild:
    return reference_settings.rebuild_asset_bands(ctx, connector.connection(), edges)


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
                                  "that day's assets. Days already loaded keep the level they had; the latest "
                                  "trading day can be recomputed at the saved thresholds now (in the background; "
                                  "the customer list and the analysis follow)."),
                          objectName="vipNote", wordWrap=True)
        self.recompute_vip_button = QPushButton(self.tr("Recompute the latest trading day at the saved thresholds"),
                                                objectName="recomputeLatestVip")
        self.recompute_vip_button.clicked.connect(self.recompute_vip)
        vip_buttons = _left_aligned(self.save_vip_button)
        vip_buttons.insertWidget(1, self.recompute_vip_button)
        vip_layout = QVBoxLayout(vip_box)
        vip_layout.addLayout(self.vip_form)
        vip_layout.addWidget(vip_note)
        vip_layout.addLayout(vip_buttons)

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
        self.rollup_note = QLabel(objectName="branchRollupNote", wordWrap=True)
        self.rebuild_button = QPushButton(self.tr("Rebuild the branch summary at the saved ranges"),
                                          objectName="rebuildAssetBands")
        self.rebuild_button.clicked.connect(self.rebuild_bands)
        edges_buttons = _left_aligned(self.save_edges_button)
        edges_buttons.insertWidget(1, self.rebuild_button)
        edges_layout = QVBoxLayout(edges_box)
        edges_layout.addLayout(edges_form)
        edges_layout.addWidget(edges_note)
        edges_layout.addWidget(self.rollup_note)
        edges_layout.addLayout(edges_buttons)

        # The background action under way: its progress and 取消.
        self.action_label = QLabel(objectName="actionLabel")
        self.action_progress = QProgressBar(objectName="actionProgress")
        self.action_progress.setMaximumWidth(320)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="cancelAction")
        self.cancel_button.clicked.connect(self.cancel_action)
        self.action_row = QHBoxLayout()
        for widget in (self.action_label, self.action_progress, self.cancel_button):
            self.action_row.addWidget(widget)
        self.action_row.addStretch(1)
        self.action_handle = None
        self._show_action(None)

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(vip_box)
        layout.addWidget(edges_box)
        layout.addLayout(self.action_row)
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.add_refresh_shortcut()

    def refresh(self) -> None:
        self.run(_load, on_success=self._loaded, key="reference")

    def _loaded(self, result: tuple[list[dict], tuple[int, ...], tuple[int, ...] | None]) -> None:
        self.levels, edges, rollup_edges = result
        self.saved_edges = list(edges)
        self.rollup_current = rollup_edges == edges
        self.rollup_note.setText(
            self.tr("The branch summary uses these ranges: analyses by asset range read it.") if self.rollup_current
            else self.tr("The branch summary is built with other ranges: analyses by asset range read the customer "
                         "summary (exact, but slower) until it is rebuilt at these ranges."))
        self.rebuild_button.setEnabled(not self.rollup_current and self.action_handle is None)
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


    # background actions ----------------------------------------------------------------------------
    def _show_action(self, text: str | None) -> None:
        running = text is not None
        for widget in (self.action_label, self.action_progress, self.cancel_button):
            widget.setVisible(running)
        if running:
            self.action_label.setText(text)
            self.action_progress.setRange(0, 0)
        self.recompute_vip_button.setEnabled(not running)
        self.rebuild_button.setEnabled(not running and not getattr(self, "rollup_current", True))

    def _progressed(self, _stage: str, done: int, total: int) -> None:
        self.action_progress.setRange(0, max(total, 1))
        self.action_progress.setValue(done)

    def _action_over(self) -> None:
        self.action_handle = None
        self._show_action(None)

    def recompute_vip(self) -> None:
        if not self.tab.prompts.confirm(self, self.title, self.tr(
                "Recompute the VIP level of every customer on the latest trading day at the saved thresholds? "
                "Earlier days keep their levels. It runs in the background and can be cancelled.")):
            return

        def done(result: reference_settings.VipRecomputation) -> None:
            self._action_over()
            day = result.trade_date.isoformat()
            if result.cancelled:
                self.status.setText(self.tr("Cancelled: %1 of %2 customers of %3 recomputed; run it again to "
                                            "finish.").replace("%1", f"{result.done:,}")
                                    .replace("%2", f"{result.customers:,}").replace("%3", day))
            else:
                self.status.setText(self.tr("VIP levels of %1 recomputed: %2 customers, %3 changed level.")
                                    .replace("%1", day).replace("%2", f"{result.customers:,}")
                                    .replace("%3", f"{result.changed:,}"))

        self._show_action(self.tr("Recomputing the latest trading day's VIP levels…"))
        thresholds = [int(level["min_assets"]) for level in self.levels[1:]]     # as saved and shown
        self.action_handle = self.run(_recompute_vip, thresholds, on_success=done, on_progress=self._progressed,
                                      on_failure=self._action_failed, failure_title=self.tr("VIP thresholds"))

    def rebuild_bands(self) -> None:
        def done(result: reference_settings.BandRebuild) -> None:
            self._action_over()
            if result.cancelled:
                self.status.setText(self.tr("Cancelled: %1 months rebuilt, %2 left; run it again to finish.")
                                    .replace("%1", str(result.months)).replace("%2", str(result.months_left)))
            else:
                self.status.setText(self.tr("Branch summary rebuilt at the saved ranges (%1 months).")
                                    .replace("%1", str(result.months)))
            self.refresh()

        self._show_action(self.tr("Rebuilding the branch summary month by month…"))
        self.action_handle = self.run(_rebuild_bands, self.saved_edges, on_success=done, on_progress=self._progressed,
                                      on_failure=self._action_failed, failure_title=self.tr("Asset ranges"))

    def _action_failed(self, error: BaseException) -> None:
        self._action_over()
        self.show_failure(self.title, error)

    def cancel_action(self) -> None:
        if self.action_handle is None:
            return
        self.action_handle.cancel()
        self._action_over()
        self.status.setText(self.tr("Cancelled: what was done so far stays; run it again to finish."))
        self.refresh()


def install(admin_tab) -> ReferencePage | None:
    if not admin_tab.info.can("admin_all"):
        return None
    page = ReferencePage(admin_tab)
    page.setObjectName("admin_reference")
    admin_tab.pages.addTab(page, page.title)
    return page
