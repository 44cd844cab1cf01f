"""A filter as data: a tree of AND / OR groups of conditions, and its JSON form (saved filters,
the export log). Compiled to SQL by :mod:`.compile`, worded by :mod:`.words`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Union

from crm_desktop.services.customer_query.columns import refuse


@dataclass
class Condition:
    """`column op value [value2]`: between takes value..value2 (inclusive), in a list,
    empty / not_empty nothing, birthday_md 'MMDD', birthday_next a number of days (value2: the
    reference date, default the server's today). `column` is a key of the column allow-list or
    a registered pseudo filter (compile.register_pseudo_filter)."""

    column: str
    op: str
    value: Any = None
    value2: Any = None


@dataclass
class Group:
    """AND / OR of conditions and groups. An empty group is no condition."""

    mode: str = "and"
    items: list[Union[Condition, "Group"]] = field(default_factory=list)


Node = Union[Condition, Group]


def to_dict(node: Node | None) -> dict | None:
    """A JSON-able form of a filter (saved filters)."""
    if node is None:
        return None
    if isinstance(node, Group):
        return {"mode": node.mode, "items": [to_dict(i) for i in node.items]}

    def plain(v: Any) -> Any:
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, Decimal):
            return str(v)
        return v
    return {"column": node.column, "op": node.op, "value": plain(node.value), "value2": plain(node.value2)}


def from_dict(data: dict | None) -> Node | None:
    """Inverse of to_dict; the result is validated when a query compiles it."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise refuse("a saved filter is an object")
    if "items" in data:
        return Group(str(data.get("mode", "and")), [from_dict(i) for i in data.get("items") or []])
    return Condition(str(data.get("column")), str(data.get("op")), data.get("value"), data.get("value2"))
