"""The pivot layout's editing rules (services/pivot_layout.py), without Qt or a database: where
fields may go, how entries move within and between zones, what stays valid, the size guard,
what a layout is remembered as."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import replace

import pytest

from crm_desktop.services import pivot
from crm_desktop.services.pivot import Layout, MemberFilter, TopN, Value
from crm_desktop.services.pivot_layout import (NOTHING, TOP_INSTEAD, Edit, LayoutEditor, MisplacedField, entry_payload,
                                               field_payload, layout_from_json, layout_to_json, valid)

BASE = Layout(rows=("branch",), columns=("month",), values=(Value("commission"),),
              start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))


def applied(editor: LayoutEditor, edit: Edit) -> Layout:
    """The layout after the tab carried out `edit`, as AnalysisTab._apply does."""
    if edit.layout is not None:
        editor.replace(edit.layout)
    return editor.layout


def test_the_rules_import_without_qt():
    code = ("import sys, crm_desktop.services.pivot_layout; "
            "sys.exit(any(m.split('.')[0] in ('PySide6', 'shiboken6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_a_field_without_a_zone_goes_where_it_fits():
    editor = LayoutEditor(BASE)
    assert applied(editor, editor.add_field("dim", "staff")).rows == ("branch", "staff")
    assert applied(editor, editor.add_field("measure", "customers")).values == (Value("commission"),
                                                                               Value("customers", "count"))


def test_measures_only_go_to_values_and_dimensions_never_do():
    editor = LayoutEditor(BASE)
    for kind, key, zone in (("measure", "pnl", "rows"), ("measure", "pnl", "filters"), ("dim", "staff", "values")):
        with pytest.raises(MisplacedField):
            editor.add_field(kind, key, zone)
        assert editor.layout == BASE


def test_a_measure_is_added_once_with_its_first_function_at_the_drop_row():
    editor = LayoutEditor(BASE)
    assert applied(editor, editor.add_field("measure", "pnl", "values", 0)).values == (Value("pnl", "sum"),
                                                                                       Value("commission"))
    assert editor.add_field("measure", "pnl") == NOTHING


def test_unknown_fields_and_zones_change_nothing():
    editor = LayoutEditor(BASE)
    assert editor.add_field("measure", "no_such_measure") == NOTHING
    assert editor.add_field("dim", "no_such_dimension", "rows") == NOTHING
    with pytest.raises(ValueError):
        editor.add_field("dim", "staff", "sideways")


def test_a_dimension_sits_on_one_axis_only():
    editor = LayoutEditor(BASE)
    layout = applied(editor, editor.add_field("dim", "month", "rows"))
    assert (layout.rows, layout.columns) == (("branch", "month"), ())
    layout = applied(editor, editor.add_field("dim", "branch", "columns"))
    assert (layout.rows, layout.columns) == (("month",), ("branch",))


def test_a_dimension_dropped_again_on_its_own_axis_moves_to_the_drop_row():
    editor = LayoutEditor(replace(BASE, rows=("branch", "staff", "vip_level"), columns=()))
    assert applied(editor, editor.add_field("dim", "branch", "rows", 2)).rows == ("staff", "branch", "vip_level")
    assert applied(editor, editor.add_field("dim", "vip_level", "rows", 0)).rows == ("vip_level", "staff", "branch")
    assert applied(editor, editor.add_field("dim", "staff", "rows", 99)).rows == ("vip_level", "branch", "staff")


def test_a_new_filter_waits_for_its_members_and_an_existing_one_asks_again():
    editor = LayoutEditor(BASE)
    edit = editor.add_field("dim", "vip_level", "filters")
    assert edit.run is False and edit.pick_members == "vip_level"
    assert applied(editor, edit).filters == (MemberFilter("vip_level", ()),)
    again = editor.add_field("dim", "vip_level", "filters")
    assert again.layout is None and again.pick_members == "vip_level"


def test_members_are_set_on_the_filter_or_add_it():
    editor = LayoutEditor(replace(BASE, filters=(MemberFilter("vip_level", ()), MemberFilter("gender", ("F",)))))
    layout = applied(editor, editor.set_members("vip_level", (1, 2)))
    assert layout.filters == (MemberFilter("vip_level", (1, 2)), MemberFilter("gender", ("F",)))
    assert editor.members_of("vip_level") == (1, 2) and editor.members_of("branch") == ()
    layout = applied(editor, editor.set_members("branch", (7,)))
    assert layout.filters[-1] == MemberFilter("branch", (7,))


def test_the_member_list_ignores_the_dimensions_own_filter_and_the_ranking():
    layout = replace(BASE, filters=(MemberFilter("vip_level", (1,)), MemberFilter("gender", ("F",))),
                     top=TopN(3))
    scope = LayoutEditor(layout).member_scope("vip_level")
    assert scope.filters == (MemberFilter("gender", ("F",)),) and scope.top is None
    assert (scope.start, scope.end, scope.rows) == (layout.start, layout.end, layout.rows)


def test_remove_and_move_stay_inside_the_zone():
    editor = LayoutEditor(replace(BASE, rows=("branch", "staff", "vip_level")))
    assert editor.remove("rows", 3) == NOTHING and editor.remove("rows", -1) == NOTHING
    assert editor.move("rows", 0, -1) == NOTHING and editor.move("rows", 2, 1) == NOTHING
    edit = editor.move("rows", 0, 1)
    assert edit.select == ("rows", 1)
    assert applied(editor, edit).rows == ("staff", "branch", "vip_level")
    assert applied(editor, editor.remove("rows", 1)).rows == ("staff", "vip_level")


def test_an_entry_moves_within_its_zone_to_the_drop_row():
    editor = LayoutEditor(replace(BASE, rows=("branch", "staff", "vip_level")))
    assert applied(editor, editor.move_to("rows", 0, "rows", 2)).rows == ("staff", "branch", "vip_level")
    assert applied(editor, editor.move_to("rows", 2, "rows", 0)).rows == ("vip_level", "staff", "branch")
    assert applied(editor, editor.move_to("rows", 0, "rows")).rows == ("staff", "branch", "vip_level")


def test_an_entry_moves_between_rows_columns_and_filters_but_values_stay_values():
    editor = LayoutEditor(replace(BASE, values=(Value("commission"), Value("pnl"))))
    layout = applied(editor, editor.move_to("columns", 0, "rows", 0))
    assert (layout.rows, layout.columns) == (("month", "branch"), ())
    to_filters = editor.move_to("rows", 1, "filters")
    assert to_filters.run is True and to_filters.pick_members == "branch"
    layout = applied(editor, to_filters)
    assert layout.rows == ("month",) and layout.filters == (MemberFilter("branch", ()),)
    layout = applied(editor, editor.move_to("filters", 0, "columns"))
    assert layout.columns == ("branch",) and layout.filters == ()
    assert editor.move_to("values", 0, "rows") == NOTHING
    assert editor.move_to("rows", 0, "values") == NOTHING
    assert editor.move_to("rows", 5, "columns") == NOTHING
    assert editor.move_to("rows", 0, "elsewhere") == NOTHING


def test_moving_a_dimension_onto_a_filter_it_already_has_still_takes_it_off_its_axis():
    editor = LayoutEditor(replace(BASE, filters=(MemberFilter("branch", (3,)),)))
    edit = editor.move_to("rows", 0, "filters")
    assert edit.pick_members == "branch" and edit.run
    layout = applied(editor, edit)
    assert layout.rows == () and layout.filters == (MemberFilter("branch", (3,)),)


def test_a_function_changes_only_to_one_its_measure_has():
    editor = LayoutEditor(replace(BASE, values=(Value("commission"), Value("customers", "count"))))
    assert applied(editor, editor.set_function(0, "max")).values[0] == Value("commission", "max")
    assert editor.set_function(0, "max") == NOTHING
    assert editor.set_function(1, "sum") == NOTHING          # a count has no sum
    assert editor.set_function(0, "median") == NOTHING
    assert editor.set_function(2, "min") == NOTHING


def test_drops_follow_the_payloads_the_widgets_make():
    editor = LayoutEditor(BASE)
    assert field_payload("dim", "staff") == "field:dim:staff" and entry_payload("rows", 0) == "zone:rows:0"
    assert applied(editor, editor.drop(field_payload("dim", "staff"), "rows", 0)).rows == ("staff", "branch")
    layout = applied(editor, editor.drop(entry_payload("columns", 0), "rows", 1))
    assert (layout.rows, layout.columns) == (("staff", "month", "branch"), ())
    with pytest.raises(MisplacedField):
        editor.drop(field_payload("measure", "pnl"), "rows", 0)


@pytest.mark.parametrize("payload", ["", "field", "field:dim", "zone:rows:x", "zone:rows:-1", "zone:nowhere:0",
                                     "text:a:b", "field:dim:staff:extra", "zone:rows:" + "9" * 1000,
                                     "field:dim:" + "分" * 100_000, "field:\x00:\u202e"])
def test_foreign_or_hostile_drops_change_nothing(payload):
    editor = LayoutEditor(BASE)
    edit = editor.drop(payload, "rows", 0)
    assert edit == NOTHING and editor.layout == BASE


def test_a_drop_onto_an_unknown_zone_changes_nothing():
    assert LayoutEditor(BASE).drop(field_payload("dim", "staff"), "sideways", 0) == NOTHING


def test_a_ranking_keeps_to_the_values_there_are():
    assert valid(replace(BASE, top=TopN(5, 3))).top == TopN(5, 0)
    assert valid(replace(BASE, values=(), top=TopN(5))).top is None
    editor = LayoutEditor(replace(BASE, values=(Value("commission"), Value("pnl")), top=TopN(5, 1)))
    assert applied(editor, editor.remove("values", 1)).top == TopN(5, 0)
    assert applied(editor, editor.remove("values", 0)).top is None


def test_replace_says_whether_the_layout_changed():
    editor = LayoutEditor(BASE)
    assert editor.replace(BASE) is False
    assert editor.replace(replace(BASE, totals=False)) is True
    assert editor.replace(replace(BASE, totals=False, top=TopN(5, 9))) is True
    assert editor.layout.top == TopN(5, 0)


def test_the_size_guard_asks_before_large_or_per_customer_layouts():
    counts = {"branch": 3, "staff": 40, "superior": 40, "customer": 50_000, "dates": []}
    small = LayoutEditor(replace(BASE, rows=("branch",), columns=("vip_level",)))
    assert small.oversized(counts) is None
    large = LayoutEditor(replace(BASE, rows=("customer",), columns=("month",)))
    assert large.oversized(counts) == pivot.estimate_cells(large.layout, counts) > pivot.MAX_CELLS
    assert LayoutEditor(replace(BASE, rows=("customer",), columns=())).oversized(None) == -1
    ranked = LayoutEditor(replace(BASE, rows=("customer",), top=TopN(10)))
    assert ranked.oversized(counts) is None


def test_top_instead_ranks_by_the_first_value():
    editor = LayoutEditor(replace(BASE, rows=("customer",)))
    assert applied(editor, editor.top_instead()).top == TopN(TOP_INSTEAD, 0, False)
    empty = LayoutEditor(replace(BASE, values=()))
    assert empty.top_instead().layout == empty.layout


def test_a_layout_is_remembered_and_read_back():
    layout = replace(BASE, filters=(MemberFilter("vip_level", (1, 2)),), asset_edges=(10_000, 500_000),
                     totals=False, top=TopN(10, 0, True, True))
    assert layout_from_json(layout_to_json(layout)) == layout


@pytest.mark.parametrize("text", ["", "{", "[]", "null", '{"rows": 5}', '{"values": [{"func": "sum"}]}',
                                  '{"rows": ["no_such_dimension"]}', '{"start": "2025-13-01"}', "x" * 1_000_000])
def test_an_unreadable_remembered_layout_is_ignored(text):
    assert layout_from_json(text) is None
