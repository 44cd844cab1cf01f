"""The customer query engine's SQL composition, without a database: columns and operators only
from the allow-list, every value a bound parameter, LIKE patterns escaped."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from crm_desktop.services.customer_query.columns import ALL_OPS, COLUMNS, DEFAULT_COLUMNS, JOINS, columns
from crm_desktop.services.customer_query.compile import like_escape, prefix_upper_bound
from crm_desktop.services.customer_query.filters import Condition, Group, from_dict, to_dict
from crm_desktop.services.customer_query.ordering import check_key, key_value, reversed_segments, segment_of, segments
from crm_desktop.services.customer_query.paging import fetch_page
from crm_desktop.services.customer_query.query import CustomerQuery, query_base, validate
from crm_desktop.services.customer_query.search import search_kind
from crm_desktop.services.customer_query.seeking import seek_fraction
from crm_desktop.services.customer_query.summary import summarize
from crm_desktop.services.customer_query.values import coerce_value, month_day
from crm_desktop.services.customer_query.words import describe
from crm_desktop.services.errors import CrmRefusal

HOSTILE = ["'; DROP TABLE crm.customer; --", "O'Brien", '"quoted"', "100%", "a_b", "back\\slash",
           "%_\\", "张三%", "\u0000"[:0] + "Ωé\u0301🙂", "$1", "%(p0)s", "{}", "--", "/* x */"]


def compile_(node=None, search: str = "", pool: bool = False):
    base = query_base(CustomerQuery(filter=node, search=search, public_pool_only=pool))
    return base.where.as_string(None), base.params.values


def test_every_value_is_a_placeholder_never_sql_text():
    for value in HOSTILE:
        node = Group("or", [
            Condition("name", "eq", value), Condition("name", "contains", value),
            Condition("name", "starts_with", value), Condition("account_no", "starts_with", value),
            Condition("ext_mobile", "ne", value), Condition("developer", "in", [value, "x"]),
            Group("and", [Condition("id_no", "lt", value), Condition("mobile", "between", value, "z")]),
        ])
        text, params = compile_(node, search=value)
        # Only our own placeholders: %(pN)s, numbered from 0; the value nowhere else.
        names = re.findall(r"%\((\w+)\)s", text)
        assert set(names) == set(params) and names
        assert all(re.fullmatch(r"p\d+", n) for n in names)
        skeleton = re.sub(r"%\(p\d+\)s", "", text)
        assert "%" not in skeleton
        assert value not in skeleton
        assert any(value in str(v) or like_escape(value) in str(v) for v in params.values())


def test_injection_text_stays_a_value():
    text, params = compile_(Condition("name", "eq", "'; DROP TABLE crm.customer; --"))
    assert "DROP" not in text and ";" not in text
    assert params == {"p0": "'; DROP TABLE crm.customer; --"}
    assert text == "c.name = %(p0)s::text"


def test_like_patterns_escape_wildcards_and_backslash():
    assert like_escape("100%_a\\b") == "100\\%\\_a\\\\b"
    text, params = compile_(Condition("id_no", "contains", "5%_\\"))
    assert "LIKE %(p0)s::text ESCAPE '\\'" in text
    assert params["p0"] == "%5\\%\\_\\\\%"


def test_name_contains_uses_the_gram_index_and_the_like_recheck():
    text, params = compile_(Condition("name", "contains", "张 三"))
    assert "crm.name_grams(c.name) OPERATOR(crm.@>) crm.name_grams(" in text
    assert "c.name LIKE" in text
    assert sorted(params.values()) == sorted(["张 三", "%张 三%"])
    # Nothing but spaces: no grams to look up, the LIKE alone.
    text, _ = compile_(Condition("name", "contains", "  "))
    assert "name_grams" not in text


def test_prefix_search_is_a_c_collation_range():
    text, params = compile_(Condition("account_no", "starts_with", "1101"))
    assert text == ('(c.account_no COLLATE "C" >= %(p0)s::text AND c.account_no COLLATE "C" < %(p1)s::text)')
    assert params == {"p0": "1101", "p1": "1102"}
    text, params = compile_(Condition("name", "starts_with", "张"))
    assert text == "starts_with(c.name, %(p0)s::text)"


def test_prefix_upper_bound():
    assert prefix_upper_bound("139") == "13:"
    assert prefix_upper_bound("a\U0010ffff") == "b"
    assert prefix_upper_bound("\U0010ffff") is None
    assert prefix_upper_bound("") is None
    assert prefix_upper_bound("\ud7ff") == "\ue000"
    for prefix in ("1101", "张", "a\U0010ffffz"):
        upper = prefix_upper_bound(prefix)
        for s in (prefix, prefix + "0", prefix + "\U0010ffff" * 3):
            assert prefix <= s < upper


@pytest.mark.parametrize("node, message", [
    (Condition("password", "eq", "x"), "unknown column"),
    (Condition("c.name; --", "eq", "x"), "unknown column"),
    (Condition("name", "like", "x"), "unknown operator"),
    (Condition("name", "birthday_md", "0316"), "does not apply"),
    (Condition("open_date", "contains", "2024"), "does not apply"),
    (Condition("status", "eq", "deleted"), "is not one of"),
    (Condition("open_date", "eq", "2024-13-01"), "is not a date"),
    (Condition("open_date", "gt", dt.datetime(2024, 1, 1, 8)), "expected a date"),
    (Condition("vip_level", "eq", "three"), "not a whole number"),
    (Condition("vip_level", "eq", 1.5), "not a whole number"),
    (Condition("vip_level", "eq", 40000), "out of range"),
    (Condition("total_assets", "gt", "1e9"), "cents"),
    (Condition("in_public_pool", "eq", "maybe"), "yes/no"),
    (Condition("name", "eq", None), "value is required"),
    (Condition("name", "eq", "a\x00b"), "NUL"),
    (Condition("name", "eq", "x" * 201), "at most 200"),
    (Condition("name", "in", []), "empty"),
    (Condition("name", "in", "abc"), "list"),
    (Condition("birthday", "birthday_md", "0230"), "month and day"),
    (Condition("birthday", "birthday_next", 400), "between 0 and 366"),
    (Condition("birthday", "birthday_next", "soon"), "between 0 and 366"),
    (Condition("birthday", "birthday_next", 3, "tomorrow"), "is not a date"),
    (Group("xor", []), "group mode"),
    ("name = 'x'", "not a filter condition"),
])
def test_refusals(node, message):
    with pytest.raises(CrmRefusal) as info:
        compile_(node)
    assert info.value.kind == "invalid_input"
    assert message in info.value.message


def test_query_level_refusals():
    for query, message in [
        (CustomerQuery(sort="password"), "unknown column"),
        (CustomerQuery(columns=("name", "secret")), "unknown column"),
        (CustomerQuery(columns=("name", "name")), "twice"),
        (CustomerQuery(columns=()), "at least one"),
        (CustomerQuery(search="x" * 201), "at most"),
    ]:
        with pytest.raises(CrmRefusal) as info:
            validate(query)
        assert message in info.value.message


def test_values_are_typed():
    col = COLUMNS
    assert coerce_value(col["open_date"], "2024-03-16") == dt.date(2024, 3, 16)
    assert coerce_value(col["open_date"], "20240316") == dt.date(2024, 3, 16)
    assert coerce_value(col["vip_level"], " 3 ") == 3
    assert coerce_value(col["total_assets"], 10_000_000) == 10_000_000
    assert coerce_value(col["in_public_pool"], "是") is True
    assert coerce_value(col["account_no"], 110100000001) == "110100000001"
    assert month_day("0316") == 316 and month_day("2-29") == 229 and month_day("12/31") == 1231


def test_between_is_ordered_and_in_is_an_array():
    text, params = compile_(Condition("open_date", "between", "2024-12-31", "2024-01-01"))
    assert text == "(c.open_date >= %(p0)s::date AND c.open_date <= %(p1)s::date)"
    assert params == {"p0": dt.date(2024, 1, 1), "p1": dt.date(2024, 12, 31)}
    text, params = compile_(Condition("status", "in", ["normal", "closed"]))
    assert text == "c.status = ANY (%(p0)s::text[])" and params == {"p0": ["normal", "closed"]}


def test_empty_and_ne_include_nulls():
    assert compile_(Condition("mobile", "empty"))[0] == "(c.mobile_masked IS NULL OR c.mobile_masked = '')"
    assert compile_(Condition("birthday", "not_empty"))[0] == "c.birthday IS NOT NULL"
    assert compile_(Condition("mobile", "ne", "1"))[0] == "c.mobile_masked IS DISTINCT FROM %(p0)s::text"


def test_age_becomes_a_birthday_range():
    text, params = compile_(Condition("age", "between", 30, 40))
    assert "c.birthday <=" in text and "c.birthday >" in text and "date_part" not in text
    assert params == {"p0": 30, "p1": 41}


def test_birthday_operators():
    text, params = compile_(Condition("birthday", "birthday_md", "0316"))
    assert text == "crm.month_day(c.birthday) = %(p0)s::smallint" and params == {"p0": 316}
    text, params = compile_(Condition("birthday", "birthday_next", 7, "2025-12-29"))
    assert "crm.upcoming_month_days(coalesce(%(p0)s::date, current_date), %(p1)s::integer)" in text
    assert params == {"p0": dt.date(2025, 12, 29), "p1": 7}


def test_groups_compose_and_empty_groups_are_no_condition():
    assert compile_(Group("and", []))[0] == "true"
    assert compile_(Group("or", [Group("and", []), Condition("name", "eq", "x")]))[0] == "true"
    text, _ = compile_(Group("or", [Condition("name", "eq", "a"),
                                    Group("and", [Condition("status", "eq", "normal"), Condition("vip_level", "gt", 1)])]))
    assert text == ("(c.name = %(p0)s::text OR (c.status = %(p1)s::text AND l.vip_level > %(p2)s::smallint))")
    assert compile_(pool=True)[0] == "c.developer_id IS NULL"


@pytest.mark.parametrize("text, kind, normalised", [
    ("", "none", ""), ("   ", "none", ""),
    ("110100001", "digits", "110100001"), ("１３８ ００１３-８０００", "digits", "13800138000"),
    ("11010519800101123x", "id_no", "11010519800101123x"), ("张三", "name", "张三"),
    ("Li Na", "name", "Li Na"), ("'; DROP TABLE x; --", "name", "'; DROP TABLE x; --"),
])
def test_search_kinds(text, kind, normalised):
    assert search_kind(text) == (kind, normalised)


def test_search_sql_shapes():
    # Digits: the account-number prefix; mobiles and ID numbers never as a prefix, and never read
    # by the client: whole values go to the server's comparison as a bound parameter.
    text, params = compile_(search="1380013")
    assert 'c2.account_no COLLATE "C" >=' in text and "mobile" not in text and "id_no" not in text
    assert "personal_data" not in text and "1380013" not in text
    text, params = compile_(search="13800138000")
    assert 'c2.account_no COLLATE "C" >=' in text
    assert "UNION ALL SELECT unnest((SELECT crm.customer_ids_by_personal_data(%" in text
    assert "13800138000" not in text and "13800138000" in params.values()
    text, params = compile_(search="110105198001011234")
    assert "crm.customer_ids_by_personal_data(%" in text and "c2.id_no" not in text
    text, params = compile_(search="11010519800101123x")
    assert text == "c.id = ANY ((SELECT crm.customer_ids_by_personal_data(%(p0)s::text))::bigint[])"
    assert params == {"p0": "11010519800101123x"}
    # Filter "equals" on a personal column: a whole value goes to the server, a masked one is compared as shown.
    text, params = compile_(Condition("ext_mobile", "eq", "13800138000"))
    assert text == "c.id = ANY ((SELECT crm.customer_ids_by_personal_data(%(p0)s::text, %(p1)s::text))::bigint[])"
    assert params == {"p0": "13800138000", "p1": "ext_mobile"}
    assert compile_(Condition("mobile", "eq", "138****8000"))[0] == "c.mobile_masked = %(p0)s::text"


def test_segments_and_their_reversal():
    segs = segments(COLUMNS["birthday"], False)
    assert [(s.kind, s.desc) for s in segs] == [("range", False), ("null", False)]
    assert [(s.kind, s.desc) for s in reversed_segments(segs)] == [("null", True), ("range", True)]
    segs = segments(COLUMNS["status"], True)
    assert [(s.kind, s.value, s.desc) for s in segs] == [("eq", "closed", True), ("eq", "dormant", True),
                                                          ("eq", "normal", True)]
    # Age ascending = birthday descending; NULLs still last.
    segs = segments(COLUMNS["age"], False)
    assert [(s.kind, s.desc) for s in segs] == [("range", True), ("null", True)]
    assert segment_of(segments(COLUMNS["gender"], False), COLUMNS["gender"], None) == 2
    with pytest.raises(CrmRefusal):
        segment_of(segments(COLUMNS["status"], False), COLUMNS["status"], "gone")


def test_page_keys_are_checked():
    for bad in [None, "x", (1,), ("a", "1"), ("a", True), ("a", 1, 2)]:
        with pytest.raises(CrmRefusal):
            check_key(bad)
    # The sort value must be of the sort column's type.
    for key, value in [("open_date", "2024-01-01"), ("open_date", dt.datetime(2024, 1, 1)), ("name", 5),
                       ("vip_level", True), ("vip_level", "3"), ("in_public_pool", 1), ("name", "a\x00")]:
        with pytest.raises(CrmRefusal):
            key_value(COLUMNS[key], value)
    assert key_value(COLUMNS["age"], dt.date(1980, 1, 1)) == dt.date(1980, 1, 1)


def test_every_column_expression_is_from_the_module():
    for col in columns():
        assert re.fullmatch(r"[a-z_]+", col.key)
        assert col.pg_type in ("text", "bpchar", "date", "integer", "smallint", "bigint", "boolean", "timestamptz")
        assert set(col.joins) <= set(JOINS)
        assert col.label_zh and col.label_en
        assert set(col.ops) <= ALL_OPS
    assert set(DEFAULT_COLUMNS) <= set(COLUMNS)


def test_filters_round_trip_and_describe():
    node = Group("and", [Condition("open_date", "between", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
                         Group("or", [Condition("name", "contains", "张"), Condition("status", "in", ["normal"])])])
    data = to_dict(node)
    assert data["items"][0]["value"] == "2024-01-01"
    again = from_dict(data)
    assert compile_(again) == compile_(node)
    assert describe(node) == "(开户日期 介于 2024-01-01 – 2024-06-30 且 (姓名 包含 张 或 状态 在列表中 (正常)))"
    assert describe(Condition("mobile", "empty"), "en") == "Mobile (counter) is empty"


def test_describe_shows_values_as_the_user_typed_them():
    """Issue #12 item 1: amounts in yuan (the engine keeps cents), coded values by name, birthdays
    as a sentence -- the one description the chips, summary, export sheet and groups show."""
    assert describe(Group("and", [Condition("total_assets", "gt", 5_000_000)])) == "总资产 大于 50,000.00"
    assert describe(Condition("total_assets", "between", 100, 250_050), "en") == "Total assets between 1.00 – 2,500.50"
    assert describe(Condition("gender", "in", ["M", "F"]), "en") == "Gender in list (Male, Female)"
    assert describe(Condition("in_public_pool", "eq", True)) == "公有客户 等于 是"
    assert describe(Condition("birthday", "birthday_md", "0229")) == "生日为 02-29"
    assert describe(Condition("birthday", "birthday_next", 7), "en") == "Birthday within the next 7 days"
    assert describe(Condition("ext_modified_at", "gt", dt.datetime(2026, 3, 1, 9, 30, 15))) \
        == "扩展资料修改时间 大于 2026-03-01 09:30"


def test_summary_and_paging_arguments_are_checked():
    class NoConnection:
        def cursor(self, *a, **k):
            raise AssertionError("must refuse before touching the database")
    conn = NoConnection()
    q = CustomerQuery()
    for group_by, aggregates in [(["password"], [("count", None)]), (["name"], [("median", "age")]),
                                 ([], [("sum", "name")]), ([], [("sum", None)]), ([], [("max", "in_public_pool")]),
                                 ([], []), (["a", "b", "c", "d", "e", "f"], [])]:
        with pytest.raises(CrmRefusal):
            summarize(conn, q, group_by, aggregates)
    with pytest.raises(CrmRefusal):
        fetch_page(conn, q, limit=0)
    with pytest.raises(CrmRefusal):
        fetch_page(conn, q, after=("a", 1), before=("b", 2))
    with pytest.raises(CrmRefusal):
        seek_fraction(conn, q, float("nan"))
