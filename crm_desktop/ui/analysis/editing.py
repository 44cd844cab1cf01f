"""Editing the Analysis pane's layout: the user's drags, keys and menus on the field list and
the zones, the member picker of a filter, the period, the ranking and the asset ranges.

`install(tab)` wires those widgets of the tab to a `LayoutEditing`; every step is carried out by
the tab's `services.pivot_layout.LayoutEditor` (the rules live there) and shown with
`tab.set_layout`.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject

from crm_desktop.services.pivot_layout import Edit, MisplacedField
from crm_desktop.ui.analysis import work
from crm_desktop.ui.analysis.common import lang
from crm_desktop.ui.analysis.features import AnalysisPane
from crm_desktop.ui.analysis.filters import AssetEdgesDialog, MemberPicker


class LayoutEditing(QObject):
    def __init__(self, tab: AnalysisPane):
        super().__init__(tab)
        self.tab = tab
        editor = tab.editor
        tab.fields.add_requested.connect(lambda kind, key, zone: self.add_field(kind, key, zone))
        for zone in tab.zones.values():
            zone.dropped.connect(lambda payload, target, row: self.apply(editor.drop, payload, target, row))
            zone.remove_requested.connect(lambda zone, row: self.apply(editor.remove, zone, row))
            zone.move_requested.connect(lambda zone, row, delta: self.apply(editor.move, zone, row, delta))
            zone.move_to_requested.connect(self.move_entry_to)
            zone.edit_requested.connect(self.edit_entry)
            zone.func_changed.connect(lambda row, func: self.apply(editor.set_function, row, func))
        tab.dates.changed.connect(self._dates_changed)
        tab.top.changed.connect(lambda: tab.set_layout(replace(tab.layout_state, top=tab.top.top())))
        tab.edges_button.clicked.connect(self.edit_asset_edges)

    def apply(self, step, *args) -> None:
        """Carry out one editing step of the editor: show its layout, keep its selection, ask for
        the members of the filter it added."""
        try:
            edit: Edit = step(*args)
        except MisplacedField:
            self.tab.say(self.tr("Measures go to Values; dimensions go to Rows, Columns or Filters."))
            return
        if edit.layout is not None:
            self.tab.set_layout(edit.layout, run=edit.run)
        if edit.select is not None:
            zone, row = edit.select
            self.tab.zones[zone].setCurrentRow(row)
        if edit.pick_members is not None:
            self.pick_members(edit.pick_members)

    def add_field(self, kind: str, key: str, zone: str = "", row: int | None = None) -> None:
        """Put a field into a zone (zone '' = where it fits: dimension -> rows, measure -> values)."""
        self.apply(self.tab.editor.add_field, kind, key, zone, row)

    def move_entry_to(self, zone: str, row: int, target: str, position: int | None = None) -> None:
        self.apply(self.tab.editor.move_to, zone, row, target, position)

    def edit_entry(self, zone: str, row: int) -> None:
        if zone == "filters":
            filters = self.tab.layout_state.filters
            if 0 <= row < len(filters):
                self.pick_members(filters[row].dimension)
        elif zone == "values":
            chip = self.tab.zones["values"].chip(row)
            if chip is not None and chip.func.isEnabled():
                chip.func.setFocus()
                chip.func.showPopup()

    def _dates_changed(self) -> None:
        start, end = self.tab.dates.range()
        self.tab.set_layout(replace(self.tab.layout_state, start=start, end=end))

    def edit_asset_edges(self) -> None:
        tab = self.tab
        dialog = AssetEdgesDialog(tuple(tab.layout_state.asset_edges), tab)
        dialog.accepted.connect(lambda: tab.set_layout(replace(tab.layout_state, asset_edges=dialog.edges)))
        tab.keep(dialog)
        dialog.open()

    def pick_members(self, dimension: str) -> MemberPicker:
        tab = self.tab
        scope = tab.editor.member_scope(dimension)

        def start(done, failed) -> None:
            def got(members: list) -> None:
                tab.filter_labels[dimension] = {key: label for key, label in members}
                done(members)

            tab.runner.run(work.members, tab.connector, dimension, scope, lang(), key="analysis-members",
                           on_success=got, on_failure=lambda e: failed(tab.error_text(e)))

        dialog = MemberPicker(dimension, tab.editor.members_of(dimension), start, tab)
        dialog.accepted.connect(lambda: self.apply(tab.editor.set_members, dimension, dialog.chosen))
        dialog.rejected.connect(lambda: tab.result is None and tab.run_later())
        tab.keep(dialog)
        dialog.open()
        return dialog


def install(tab: AnalysisPane) -> LayoutEditing:
    return LayoutEditing(tab)
