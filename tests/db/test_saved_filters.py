"""Saved filters (services.customer_query.saved_filters) on the staff member's own connection."""

from __future__ import annotations

import datetime as dt

import pytest
from psycopg.types.json import Jsonb

from crm_desktop.services.customer_query import saved_filters as sf
from crm_desktop.services.customer_query.filters import Condition, Group, to_dict
from crm_desktop.services.errors import CrmRefusal

HOSTILE = "'; DROP TABLE x; -- 100% a_b \\ Zoë 张三"


@pytest.fixture
def staff(db):
    db.make_staff("mkt_sf")
    with db.session("mkt_sf") as conn:
        yield conn


def tree() -> Group:
    return Group("and", [
        Condition("name", "contains", HOSTILE),
        Group("or", [Condition("open_date", "between", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
                     Condition("status", "in", ["normal", "dormant"])]),
        Condition("birthday", "birthday_md", "0229"),
        Condition("ext_mobile", "empty"),
    ])


def test_save_list_load_round_trip(staff):
    definition = sf.make_definition(tree(), search="138", public_pool_only=True)
    saved = sf.save_filter(staff, "  my   VIPs ", definition)
    assert saved.name == "my VIPs"                      # whitespace tidied
    listed = sf.list_filters(staff)
    assert [f.name for f in listed] == ["my VIPs"]
    assert listed[0].definition["version"] == sf.VERSION
    loaded = sf.load_filter(staff, saved.id)
    assert loaded.name == "my VIPs" and loaded.search == "138" and loaded.public_pool_only is True
    assert to_dict(loaded.filter) == to_dict(tree())
    assert loaded.filter.items[0].value == HOSTILE       # stored and read back literally
    assert sf.load_by_name(staff, "my VIPs").id == saved.id


def test_save_under_an_existing_name_replaces_it(staff):
    first = sf.save_filter(staff, "F", sf.make_definition(Condition("name", "eq", "a")))
    second = sf.save_filter(staff, "F", sf.make_definition(Condition("name", "eq", "b")))
    assert second.id == first.id
    assert [f.name for f in sf.list_filters(staff)] == ["F"]
    assert sf.load_filter(staff, first.id).filter.value == "b"
    assert second.modified_at >= first.modified_at


def test_rename_and_delete(staff):
    a = sf.save_filter(staff, "A", sf.make_definition(None, search="x"))
    b = sf.save_filter(staff, "B", sf.make_definition(None, search="y"))
    assert sf.rename_filter(staff, a.id, "C").name == "C"
    assert [f.name for f in sf.list_filters(staff)] == ["B", "C"]
    with pytest.raises(CrmRefusal) as info:
        sf.rename_filter(staff, a.id, "B")
    assert info.value.kind == "duplicate" and "'B'" in info.value.message
    sf.delete_filter(staff, b.id)
    assert [f.name for f in sf.list_filters(staff)] == ["C"]
    with pytest.raises(CrmRefusal) as info:
        sf.delete_filter(staff, b.id)
    assert info.value.kind == "not_found"
    with pytest.raises(CrmRefusal) as info:
        sf.rename_filter(staff, b.id, "D")
    assert info.value.kind == "not_found"
    with pytest.raises(CrmRefusal) as info:
        sf.load_filter(staff, b.id)
    assert info.value.kind == "not_found"


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, 5])
def test_bad_names_are_refused(staff, name):
    with pytest.raises(CrmRefusal) as info:
        sf.save_filter(staff, name, sf.make_definition(None))
    assert info.value.kind == "invalid_input"
    assert sf.list_filters(staff) == []


@pytest.mark.parametrize("definition", [
    {"filter": {"column": "password", "op": "eq", "value": "x"}},             # not an allow-listed column
    {"filter": {"column": "name", "op": "regex", "value": ".*"}},              # not an operator
    {"filter": {"column": "open_date", "op": "eq", "value": "yesterday"}},     # not a date
    {"filter": {"mode": "xor", "items": []}},
    {"filter": {"mode": "and", "items": 5}},
    {"filter": "name = 'x'"},
    {"filter": None, "search": 17},
    {"filter": None, "public_pool_only": "yes"},
    {"version": 99, "filter": None},
    [1, 2],
])
def test_broken_definitions_are_refused_when_saved(staff, definition):
    with pytest.raises(CrmRefusal) as info:
        sf.save_filter(staff, "bad", definition)
    assert info.value.kind == "invalid_input"
    assert sf.list_filters(staff) == []


def test_a_broken_stored_definition_gives_a_clear_refusal_on_load(staff):
    # Written around the service (psql, an older version): the row exists, loading refuses.
    fid = staff.execute("INSERT INTO crm.saved_filter (name, definition) VALUES ('old', %s) RETURNING id",
                        (Jsonb({"version": 1, "filter": {"column": "shoe_size", "op": "eq", "value": 42}}),)
                        ).fetchone()[0]
    with pytest.raises(CrmRefusal) as info:
        sf.load_filter(staff, fid)
    assert info.value.kind == "invalid_input"
    assert "'old'" in info.value.message and "shoe_size" in info.value.message
    assert [f.name for f in sf.list_filters(staff)] == ["old"]      # still listed: it can be deleted
    sf.delete_filter(staff, fid)


def test_owner_and_timestamps_are_stamped_by_the_server(db, staff):
    saved = sf.save_filter(staff, "mine", sf.make_definition(None))
    owner = db.scalar("SELECT s.login FROM crm.saved_filter f JOIN crm.staff s ON s.id = f.staff_id "
                      "WHERE f.id = %s", (saved.id,))
    assert owner == "mkt_sf"
