"""Filters and values in words: the one description every place shows (chips, the summary's
scope, the export sheet, customer groups made from a filter, saved filters)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from crm_desktop.services.customer_query.columns import BOOL, COLUMNS, OP_LABELS, Column
from crm_desktop.services.customer_query.compile import pseudo_filter
from crm_desktop.services.customer_query.filters import Group, Node
from crm_desktop.services.customer_query.values import coerce_value
from crm_desktop.services.errors import CrmRefusal

# Codes stored as the counter exports them, shown as words: (中文, English).
VALUE_LABELS: dict[str, dict[Any, tuple[str, str]]] = {
    "gender": {"M": ("男", "Male"), "F": ("女", "Female")},
    "status": {"normal": ("正常", "Normal"), "dormant": ("休眠", "Dormant"), "closed": ("销户", "Closed")},
    # The names of crm.vip_level (reference data of migration 0001; tests/db/test_export.py
    # checks they agree): a VIP level is a grade, shown by name, never summed or averaged.
    "vip_level": {0: ("普通客户", "Standard"), 1: ("银卡贵宾", "Silver"), 2: ("金卡贵宾", "Gold"),
                  3: ("钻石贵宾", "Diamond")},
}


def value_label(column: str, value: Any, lang: str = "zh") -> str:
    labels = VALUE_LABELS.get(column, {}).get(value)
    if labels is None:
        return "" if value is None else str(value)
    return labels[0] if lang.startswith("zh") else labels[1]


def yuan_text(cents: Any) -> str:
    """An amount in cents (分) as the user reads and types it: yuan with thousands separators."""
    try:
        return f"{Decimal(int(cents)) / 100:,.2f}"
    except (TypeError, ValueError, InvalidOperation):
        return str(cents)


def _value_text(col: Column | None, value: Any, lang: str) -> str:
    """A filter value in words: coded values by name, money in yuan (never cents), yes / no."""
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_text(col, v, lang) for v in value)
    if col is None or value is None:
        return "" if value is None else str(value)
    if col.key in VALUE_LABELS:
        return value_label(col.key, value, lang)
    if col.type == BOOL:
        try:
            yes = coerce_value(col, value)
        except CrmRefusal:
            return str(value)
        return ("是" if yes else "否") if lang.startswith("zh") else ("yes" if yes else "no")
    if col.unit == "cents":
        return yuan_text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def describe(node: Node | None, lang: str = "zh") -> str:
    """A filter in words, values as the user typed them (yuan, not cents; names, not codes)."""
    zh = lang.startswith("zh")
    if node is None:
        return ""
    if isinstance(node, Group):
        joiner = (" 且 " if node.mode == "and" else " 或 ") if zh else f" {node.mode.upper()} "
        parts = [p for p in (describe(item, lang) for item in node.items) if p]
        return f"({joiner.join(parts)})" if len(parts) > 1 else joiner.join(parts)
    pseudo = pseudo_filter(node.column)
    if pseudo is not None:
        return pseudo.describe(node, lang)
    col = COLUMNS.get(node.column)
    label = col.label(lang) if col else str(node.column)
    op_en, op_zh = OP_LABELS.get(node.op, (str(node.op), str(node.op)))
    op = op_zh if zh else op_en
    if node.op == "birthday_next":
        return f"{label}在未来 {node.value} 天内" if zh else f"{label} within the next {node.value} days"
    if node.op == "birthday_md":
        text = str(node.value)
        md = f"{text[:2]}-{text[2:]}" if len(text) == 4 and text.isdigit() else text
        return f"{label}为 {md}" if zh else f"{label} on {md}"
    if node.op in ("empty", "not_empty"):
        return f"{label} {op}"
    value = _value_text(col, node.value, lang)
    if node.op == "between":
        return f"{label} {op} {value} – {_value_text(col, node.value2, lang)}"
    if node.op == "in":
        return f"{label} {op} ({value})"
    return f"{label} {op} {value}"
