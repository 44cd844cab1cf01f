"""Shared pieces of the customer groups UI: formatting, prompts and the worker functions.

Worker functions are ``fn(ctx, connector, ...)``: they run on a TaskRunner worker with that
thread's own connection; the GUI thread never touches the database.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from crm_desktop.services import customer_groups as cg
from crm_desktop.services.customer_query.counting import exact_count
from crm_desktop.services.customer_query.filters import Condition, Group
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.replica import ReadRouter
from crm_desktop.ui import messages

translate = QCoreApplication.translate


def money(cents: Any) -> str:
    return "" if cents is None else f"{Decimal(int(cents)) / 100:,.2f}"


def count_text(value: Any) -> str:
    return "" if value is None else f"{int(value):,}"


def short_datetime(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%Y-%m-%d %H:%M")


def error_text(error: BaseException) -> str:
    if isinstance(error, CrmRefusal) and error.kind == "conflict":
        return translate("CustomerGroups", "The group was changed by someone else in the meantime. "
                                           "The list has been reloaded: please try again.")
    return messages.error_text(error)


def group_filter(group: dict) -> Group:
    """The list filter that shows a group's members (the name is for the filter chip only)."""
    return Group("and", [Condition(cg.GROUP_FILTER, "eq", int(group["id"]), group.get("name"))])


class GroupPrompts:
    """Every question the groups UI asks goes through here (tests replace the methods)."""

    def ask_name(self, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        ok = box.addButton(QMessageBox.StandardButton.Ok)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is ok

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def show_error(self, parent: QWidget, title: str, error: BaseException) -> None:
        QMessageBox.warning(parent, title, error_text(error))

    def save_path(self, parent: QWidget, title: str, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "Excel (*.xlsx)")
        return path or None


# Worker functions ------------------------------------------------------------------------------------------

def load_groups(ctx, connector) -> list[dict]:
    return cg.list_groups(connector.connection(), ctx)


def create_group(ctx, connector, name: str, note: str | None = None) -> dict:
    return cg.create_group(connector.connection(), name, note)


def rename_group(ctx, connector, group_id: int, version: int, name: str) -> dict:
    return cg.rename_group(connector.connection(), group_id, version, name)


def delete_group(ctx, connector, group_id: int, version: int) -> None:
    cg.delete_group(connector.connection(), group_id, version)


def load_members(ctx, connector, group_id: int, after: tuple | None, limit: int) -> tuple[list[dict], int]:
    conn = connector.connection()
    rows = cg.members(conn, group_id, after=after, limit=limit, ctx=ctx)
    return rows, cg.member_count(conn, group_id)


def remove_members(ctx, connector, group_id: int, customer_ids: Sequence[int]) -> int:
    return cg.remove_members(connector.connection(), group_id, customer_ids)


def statistics(ctx, connector, group_id: int, start: dt.date, end: dt.date) -> cg.GroupStatistics:
    """On a read replica when one is configured (services/replica.py): an aggregate over the facts."""
    return ReadRouter.of(connector).run(ctx, lambda conn: cg.group_statistics(conn, group_id, start, end, ctx=ctx))


def own_groups(ctx, connector) -> list[dict]:
    return [g for g in cg.list_groups(connector.connection(), ctx) if g["own"]]


def count_list(ctx, connector, query: CustomerQuery) -> int:
    conn = ctx.watch(connector.connection())
    return exact_count(conn, query, ctx)


def add_to_group(ctx, connector, group_id: int | None, new_name: str | None,
                 customer_ids: Sequence[int] | None, query: CustomerQuery | None) -> tuple[dict, int]:
    """Add the ids (or every customer of `query`, on the server) to a group, creating the group
    first when `new_name` is given. Returns (group, number added)."""
    conn = connector.connection()
    group = cg.create_group(conn, new_name) if new_name is not None else cg.get_group(conn, int(group_id))
    ctx.check()
    if query is not None:
        added = cg.add_query(conn, group["id"], query, ctx)
    else:
        added = cg.add_customers(conn, group["id"], list(customer_ids or []))
    return group, added


def export_statistics(ctx, connector, details: dict, headers: list[str], rows: list[list], formats: list[str],
                      path: str, lang: str):
    from crm_desktop.services import export

    return export.export_table(ctx, connector.connection(), "group_statistics", details, headers, rows, path,
                               formats, lang)


def export_available() -> bool:
    """Whether the export service (services.export.export_table) is installed."""
    try:
        from crm_desktop.services import export
    except ImportError:
        return False
    return hasattr(export, "export_table")
