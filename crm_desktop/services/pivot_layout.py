"""The rules of editing a pivot layout (多维分析): which fields sit in rows, columns, values and
filters, how entries move within and between those zones, what keeps a layout valid, when it is
too large to run without asking, and what it is remembered as between sessions.

Qt-free, so the rules are unit-tested without a window (tests/unit/test_pivot_layout.py); the
Analysis tab (ui/analysis/tab.py) turns the user's drags, keys and menus into calls here and
shows the resulting layout. An editing step never changes the editor: it proposes an `Edit`
that the tab applies with `LayoutEditor.replace`, so the tab decides when the layout is shown
and run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from crm_desktop.services import pivot
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.pivot import Layout, MemberFilter, TopN, Value

ZONES = ("rows", "columns", "values", "filters")
AXES = ("rows", "columns")
TOP_INSTEAD = 50          # the ranking offered instead of a too large result


class MisplacedField(ValueError):
    """A measure asked into rows, columns or filters, or a dimension into values."""


@dataclass(frozen=True)
class Edit:
    """What one editing step asks of the tab."""

    layout: Layout | None = None             # the layout to show; None: nothing to change
    run: bool = True                         # run it (False: a new filter waits for its members)
    pick_members: str | None = None          # the filter dimension whose members the user picks next
    select: tuple[str, int] | None = None    # (zone, row) that stays selected after a move


NOTHING = Edit()


def field_payload(kind: str, key: str) -> str:
    """The drag data of a field from the field list (kind 'dim' or 'measure')."""
    return f"field:{kind}:{key}"


def entry_payload(zone: str, row: int) -> str:
    """The drag data of an entry dragged out of a zone."""
    return f"zone:{zone}:{row}"


def valid(layout: Layout) -> Layout:
    """The layout with a ranking that still fits its values (the ranked value may have gone)."""
    if layout.top is not None and not layout.values:
        return replace(layout, top=None)
    if layout.top is not None and layout.top.value >= len(layout.values):
        return replace(layout, top=replace(layout.top, value=0))
    return layout


def layout_to_json(layout: Layout) -> str:
    return json.dumps(pivot.layout_to_dict(layout), default=str)


def layout_from_json(text: str) -> Layout | None:
    """A layout remembered by layout_to_json; None when the text is empty or no longer readable
    (an older version's fields, a hand-edited settings file)."""
    if not text:
        return None
    try:
        return pivot.layout_from_dict(json.loads(text))
    except (CrmRefusal, KeyError, TypeError, ValueError, AttributeError):
        return None


def _entries(layout: Layout, zone: str) -> list:
    return list(getattr(layout, zone))


def _with(layout: Layout, zone: str, entries: list) -> Layout:
    return replace(layout, **{zone: tuple(entries)})


def _dimension_of(entry: str | MemberFilter) -> str:
    return entry.dimension if isinstance(entry, MemberFilter) else entry


def _added(layout: Layout, kind: str, key: str, zone: str, row: int | None) -> Edit:
    """`layout` with the field put into `zone` at `row` (None: at the end)."""
    if zone not in ZONES:
        raise ValueError(f"no such zone: {zone!r}")
    if (kind == "measure") != (zone == "values"):
        raise MisplacedField(kind, key, zone)
    if kind == "measure":
        measure = pivot.MEASURES.get(key)
        if measure is None:
            return NOTHING
        value = Value(key, measure.funcs[0])
        values = list(layout.values)
        if value in values:
            return NOTHING
        values.insert(len(values) if row is None else row, value)
        return Edit(replace(layout, values=tuple(values)))
    if key not in pivot.DIMENSIONS:
        return NOTHING
    if zone == "filters":
        filters = list(layout.filters)
        if key in [f.dimension for f in filters]:
            return Edit(pick_members=key)
        filters.insert(len(filters) if row is None else row, MemberFilter(key, ()))
        # The new filter keeps everyone until its members are picked: nothing to run yet.
        return Edit(replace(layout, filters=tuple(filters)), run=False, pick_members=key)
    # A dimension sits on one axis at most: put on rows it leaves the columns, and the reverse.
    other = "columns" if zone == "rows" else "rows"
    target = _entries(layout, zone)
    position = len(target) if row is None else row
    if key in target:
        old = target.index(key)
        target.pop(old)
        if old < position:
            position -= 1
    target.insert(min(position, len(target)), key)
    source = [d for d in _entries(layout, other) if d != key]
    return Edit(_with(_with(layout, zone, target), other, source))


class LayoutEditor:
    """The layout being edited and every rule of editing it."""

    def __init__(self, layout: Layout):
        self.layout = valid(layout)

    def replace(self, layout: Layout) -> bool:
        """Make `layout` (made valid) the current one; whether it differs from the one before."""
        layout = valid(layout)
        changed = layout != self.layout
        self.layout = layout
        return changed

    # fields and entries ---------------------------------------------------------------------------
    def add_field(self, kind: str, key: str, zone: str = "", row: int | None = None) -> Edit:
        """Put a field into a zone ('' = where it fits: dimension -> rows, measure -> values).
        A dimension put into filters first asks for its members; one already there asks again."""
        zone = zone or ("values" if kind == "measure" else "rows")
        return _added(self.layout, kind, key, zone, row)

    def remove(self, zone: str, row: int) -> Edit:
        entries = _entries(self.layout, zone)
        if not 0 <= row < len(entries):
            return NOTHING
        entries.pop(row)
        return Edit(_with(self.layout, zone, entries))

    def move(self, zone: str, row: int, delta: int) -> Edit:
        """Swap an entry with its neighbour (delta -1: up, +1: down); it stays selected."""
        entries = _entries(self.layout, zone)
        target = row + delta
        if not (0 <= row < len(entries) and 0 <= target < len(entries)):
            return NOTHING
        entries[row], entries[target] = entries[target], entries[row]
        return Edit(_with(self.layout, zone, entries), select=(zone, target))

    def move_to(self, zone: str, row: int, target: str, position: int | None = None) -> Edit:
        """Move an entry within its zone or to another one (values never trade with the others).
        Moved into filters, a dimension keeps everyone and asks for its members."""
        entries = _entries(self.layout, zone)
        if not 0 <= row < len(entries) or target not in ZONES:
            return NOTHING
        if zone == target:
            entry = entries.pop(row)
            position = len(entries) if position is None else min(position - (1 if position > row else 0),
                                                                  len(entries))
            entries.insert(position, entry)
            return Edit(_with(self.layout, zone, entries))
        if (zone == "values") != (target == "values"):
            return NOTHING
        key = _dimension_of(entries.pop(row))
        edit = _added(_with(self.layout, zone, entries), "dim", key, target, position)
        # The entry has left its zone, so the layout changed even where the target had it already.
        return replace(edit, layout=edit.layout or _with(self.layout, zone, entries), run=True)

    def set_function(self, row: int, func: str) -> Edit:
        values = list(self.layout.values)
        if not 0 <= row < len(values) or values[row].func == func:
            return NOTHING
        measure = pivot.MEASURES.get(values[row].measure)
        if measure is None or func not in measure.funcs:
            return NOTHING
        values[row] = Value(values[row].measure, func)
        return Edit(replace(self.layout, values=tuple(values)))

    def drop(self, payload: str, zone: str, row: int) -> Edit:
        """A drag (field_payload / entry_payload) dropped into `zone` before `row`."""
        parts = payload.split(":")
        if len(parts) != 3 or zone not in ZONES:
            return NOTHING
        source, first, second = parts
        if source == "field":
            return self.add_field(first, second, zone, row)
        if source == "zone" and first in ZONES and second.isdigit():
            return self.move_to(first, int(second), zone, row)
        return NOTHING

    # filters ------------------------------------------------------------------------------------------
    def members_of(self, dimension: str) -> tuple:
        """The members a dimension's filter keeps (() = all, or no such filter)."""
        return next((f.members for f in self.layout.filters if f.dimension == dimension), ())

    def member_scope(self, dimension: str) -> Layout:
        """What the member list of a filter is drawn from: the period and the other filters, not
        this dimension's own filter (or its members could never come back) nor the ranking."""
        return replace(self.layout, filters=tuple(f for f in self.layout.filters if f.dimension != dimension),
                       top=None)

    def set_members(self, dimension: str, members: tuple) -> Edit:
        filters = [MemberFilter(f.dimension, members) if f.dimension == dimension else f for f in self.layout.filters]
        if dimension not in [f.dimension for f in filters]:
            filters.append(MemberFilter(dimension, members))
        return Edit(replace(self.layout, filters=tuple(filters)))

    # size --------------------------------------------------------------------------------------------
    def oversized(self, member_counts: dict | None) -> int | None:
        """The cells to warn about before running: about how many (-1: one row per customer, too
        many however counted), None when the layout is small enough or already ranked."""
        layout = self.layout
        if layout.top is not None:
            return None
        estimate = pivot.estimate_cells(layout, member_counts)
        if estimate is None and "customer" in layout.rows + layout.columns:
            return -1
        if estimate is not None and estimate > pivot.MAX_CELLS:
            return estimate
        return None

    def top_instead(self) -> Edit:
        """Instead of a too large result: the top TOP_INSTEAD rows by the first value."""
        if not self.layout.values:
            return Edit(self.layout)
        return Edit(replace(self.layout, top=TopN(TOP_INSTEAD, 0, False)))
