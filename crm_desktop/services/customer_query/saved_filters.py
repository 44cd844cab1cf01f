"""Saved filters (过滤数据 → 保存): named customer-list filters, private to each staff member. Qt-free.

Everything runs on the staff member's own connection: row-level security on crm.saved_filter
("own rows only") decides which rows exist for the caller, and the BEFORE trigger
crm.owned_row_stamp sets the owner and the timestamps, so a client cannot save a filter for
someone else. "0 rows affected" means "not found or not yours".

A definition is the JSON the list needs to show the same customers again:

    {"version": 1, "filter": filters.to_dict(node), "search": "...", "public_pool_only": false}

It is validated with the query engine when saved and again when loaded (a definition written by
an older version, or by hand with psql, may name a column that no longer exists): a broken one
is refused with CrmRefusal('invalid_input') and a message naming the filter.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from crm_desktop.services.customer_query.filters import Node, from_dict, to_dict
from crm_desktop.services.customer_query.query import CustomerQuery, validate
from crm_desktop.services.errors import CrmRefusal, as_refusal

VERSION = 1
MAX_NAME = 100                 # the table's CHECK
MAX_DEFINITION_BYTES = 64_000  # a filter of 1000 list values fits comfortably


@dataclass(frozen=True)
class SavedFilter:
    id: int
    name: str
    definition: dict
    modified_at: dt.datetime | None = None


@dataclass(frozen=True)
class LoadedFilter:
    """A saved filter made ready for the list: the validated tree plus search and pool toggle."""

    id: int | None
    name: str
    filter: Node | None
    search: str = ""
    public_pool_only: bool = False


def _refuse(message: str) -> CrmRefusal:
    return CrmRefusal("invalid_input", message)


# Definitions (no database) ---------------------------------------------------------------------

def make_definition(node: Node | None, search: str = "", public_pool_only: bool = False) -> dict:
    """The JSON to store for a filter tree with the quick-search text and the pool toggle."""
    definition = {"version": VERSION, "filter": to_dict(node), "search": search or "",
                  "public_pool_only": bool(public_pool_only)}
    check_definition(definition)
    return definition


def parse_definition(definition: Any, name: str = "") -> tuple[Node | None, str, bool]:
    """(filter tree, search text, public pool only) of a stored definition, validated by the query
    engine; CrmRefusal('invalid_input') naming the filter when it cannot be used."""
    label = f"the saved filter {name!r}" if name else "the saved filter"
    if isinstance(definition, str):
        try:
            definition = json.loads(definition)
        except ValueError:
            raise _refuse(f"{label} is not valid JSON") from None
    if not isinstance(definition, dict):
        raise _refuse(f"{label} is not an object")
    version = definition.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version > VERSION:
        raise _refuse(f"{label} was saved by a newer version of the application (format {version!r})")
    search = definition.get("search", "")
    if search is None:
        search = ""
    if not isinstance(search, str):
        raise _refuse(f"{label}: the search text is not text")
    pool = definition.get("public_pool_only", False)
    if not isinstance(pool, bool):
        raise _refuse(f"{label}: public_pool_only is not true/false")
    try:
        node = from_dict(definition.get("filter"))
        validate(CustomerQuery(filter=node, search=search, public_pool_only=pool))
    except CrmRefusal as error:
        raise _refuse(f"{label} cannot be used: {error.message}") from None
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as error:
        raise _refuse(f"{label} cannot be used: malformed filter ({type(error).__name__})") from None
    return node, search, pool


def check_definition(definition: Any) -> None:
    """Refuse a definition that cannot be loaded again, or that is unreasonably large."""
    parse_definition(definition)
    if len(json.dumps(definition, ensure_ascii=False).encode("utf-8")) > MAX_DEFINITION_BYTES:
        raise _refuse(f"the filter is too large to save (at most {MAX_DEFINITION_BYTES // 1000} kB)")


def check_name(name: Any) -> str:
    if not isinstance(name, str):
        raise _refuse("the name of a saved filter is text")
    name = " ".join(name.split())          # no leading / trailing / doubled whitespace
    if not name:
        raise _refuse("enter a name for the filter")
    if len(name) > MAX_NAME:
        raise _refuse(f"the name of a saved filter has at most {MAX_NAME} characters")
    if "\x00" in name:
        raise _refuse("the name must not contain NUL characters")
    return name


# Database ---------------------------------------------------------------------------------------

def _refusal(error: psycopg.Error, name: str | None = None) -> CrmRefusal:
    refusal = as_refusal(error)
    if refusal is None:
        raise error
    if refusal.kind == "duplicate" and name is not None:
        return CrmRefusal("duplicate", f"a saved filter named {name!r} already exists", refusal.sqlstate)
    return refusal


def list_filters(conn: psycopg.Connection) -> list[SavedFilter]:
    """The caller's saved filters, by name."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute("SELECT id, name, definition, modified_at FROM crm.saved_filter "
                           "ORDER BY name, id").fetchall()
    return [SavedFilter(r["id"], r["name"], r["definition"], r["modified_at"]) for r in rows]


def save_filter(conn: psycopg.Connection, name: str, definition: dict) -> SavedFilter:
    """Save under `name`; an existing filter of the caller with that name is replaced."""
    name = check_name(name)
    check_definition(definition)
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            row = cur.execute(
                "INSERT INTO crm.saved_filter (name, definition) VALUES (%s, %s) "
                "ON CONFLICT (staff_id, name) DO UPDATE SET definition = EXCLUDED.definition "
                "RETURNING id, name, definition, modified_at", (name, Jsonb(definition))).fetchone()
    except psycopg.Error as error:
        raise _refusal(error, name) from error
    return SavedFilter(row["id"], row["name"], row["definition"], row["modified_at"])


def rename_filter(conn: psycopg.Connection, filter_id: int, new_name: str) -> SavedFilter:
    new_name = check_name(new_name)
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            row = cur.execute("UPDATE crm.saved_filter SET name = %s WHERE id = %s "
                              "RETURNING id, name, definition, modified_at", (new_name, filter_id)).fetchone()
    except psycopg.Error as error:
        raise _refusal(error, new_name) from error
    if row is None:
        raise CrmRefusal("not_found", "the saved filter no longer exists")
    return SavedFilter(row["id"], row["name"], row["definition"], row["modified_at"])


def delete_filter(conn: psycopg.Connection, filter_id: int) -> None:
    try:
        deleted = conn.execute("DELETE FROM crm.saved_filter WHERE id = %s", (filter_id,)).rowcount
    except psycopg.Error as error:
        raise _refusal(error) from error
    if not deleted:
        raise CrmRefusal("not_found", "the saved filter no longer exists")


def load_filter(conn: psycopg.Connection, filter_id: int) -> LoadedFilter:
    """A saved filter by id, validated (CrmRefusal 'invalid_input' when its definition is broken)."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute("SELECT id, name, definition FROM crm.saved_filter WHERE id = %s",
                          (filter_id,)).fetchone()
    if row is None:
        raise CrmRefusal("not_found", "the saved filter no longer exists")
    return loaded(SavedFilter(row["id"], row["name"], row["definition"]))


def load_by_name(conn: psycopg.Connection, name: str) -> LoadedFilter:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute("SELECT id, name, definition FROM crm.saved_filter WHERE name = %s",
                          (check_name(name),)).fetchone()
    if row is None:
        raise CrmRefusal("not_found", f"no saved filter named {name!r}")
    return loaded(SavedFilter(row["id"], row["name"], row["definition"]))


def loaded(saved: SavedFilter) -> LoadedFilter:
    node, search, pool = parse_definition(saved.definition, saved.name)
    return LoadedFilter(saved.id, saved.name, node, search, pool)
