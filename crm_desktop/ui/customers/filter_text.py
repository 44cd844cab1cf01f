"""A filter tree (services.customer_query.filters.Node) in words, for the chips, the builder's fixed rows,
tooltips and the customer groups' filter names."""

from __future__ import annotations

from crm_desktop.services.customer_query.filters import Group, Node
from crm_desktop.services.customer_query.words import describe


def ui_lang() -> str:
    from crm_desktop.ui.admin.common import chinese_ui

    return "zh" if chinese_ui() else "en"


def display_text(node: Node | None, lang: str | None = None) -> str:
    """One line for a filter or one of its conditions, in the UI's language (describe)."""
    return describe(node, lang or ui_lang())


def count_conditions(node: Node | None) -> int:
    if node is None:
        return 0
    if isinstance(node, Group):
        return sum(count_conditions(item) for item in node.items)
    return 1


def is_empty(node: Node | None) -> bool:
    return count_conditions(node) == 0
