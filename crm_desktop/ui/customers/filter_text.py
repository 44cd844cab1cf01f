"""A filter tree (services.customers.Node) in words, for the chips, the builder's fixed rows,
tooltips and the customer groups' filter names."""

from __future__ import annotations

from crm_desktop.services import customers
from crm_desktop.services.customers import Group


def ui_lang() -> str:
    from crm_desktop.ui.admin.common import chinese_ui

    return "zh" if chinese_ui() else "en"


def display_text(node: customers.Node | None, lang: str | None = None) -> str:
    """One line for a filter or one of its conditions, in the UI's language (customers.describe)."""
    return customers.describe(node, lang or ui_lang())


def count_conditions(node: customers.Node | None) -> int:
    if node is None:
        return 0
    if isinstance(node, Group):
        return sum(count_conditions(item) for item in node.items)
    return 1


def is_empty(node: customers.Node | None) -> bool:
    return count_conditions(node) == 0
