"""The demo generator's pure-Python parts (no database)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest

from crm_desktop.tools import demo
from crm_desktop.tools.demo_data import BRANCHES

TODAY = date(2026, 3, 18)          # a Wednesday
BRANCH_IDS = {b.code: i for i, b in enumerate(BRANCHES, start=2)}
MARKETERS = {b.code: list(range(100 * i, 100 * i + 12)) for i, b in enumerate(BRANCHES, start=1)}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LOGIN = re.compile(r"^[a-z][a-z0-9_]{2,31}$")


def generate(count: int, seed: int = 1, today: date = TODAY) -> list[demo.DemoCustomer]:
    return list(demo.CustomerGenerator(count, seed, today, BRANCH_IDS, MARKETERS))


@pytest.fixture(scope="module")
def customers() -> list[demo.DemoCustomer]:
    return generate(20000)


# ID numbers ----------------------------------------------------------------------------

@pytest.mark.parametrize("id_no", ["11010519491231002X", "440524188001010014"])
def test_check_character_of_known_id_numbers(id_no):
    assert demo.id_check_char(id_no[:17]) == id_no[17]
    assert demo.id_is_valid(id_no)


def test_wrong_check_character_is_invalid():
    assert not demo.id_is_valid("110105194912310029")
    assert not demo.id_is_valid("11010519491231002")
    with pytest.raises(ValueError):
        demo.id_check_char("1101051949123100X")


def test_make_id_no_sequence_parity_is_gender():
    male = demo.make_id_no("110105", date(1949, 12, 31), 3)
    female = demo.make_id_no("110105", date(1949, 12, 31), 2)
    assert female == "11010519491231002X"
    assert demo.id_gender(male) == "M" and demo.id_gender(female) == "F"
    assert demo.id_birthday(male) == date(1949, 12, 31)


def test_generated_id_numbers_match_gender_and_birthday(customers):
    for c in customers:
        assert demo.id_is_valid(c.id_no), c
        assert demo.id_gender(c.id_no) == c.gender, c
        assert demo.id_birthday(c.id_no) == c.birthday, c


# Calendar --------------------------------------------------------------------------------

def test_trading_days_are_weekdays_before_today():
    monday = date(2026, 11, 23)
    days = demo.trading_days(7, monday)
    assert days[-1] == date(2026, 11, 20)          # the Friday before
    assert len(days) == 7 == len(set(days))
    assert days == sorted(days)
    assert all(d.weekday() < 5 and d < monday for d in days)
    assert demo.trading_days(0, monday) == []


# Customers -------------------------------------------------------------------------------

def test_same_seed_same_rows_other_seed_other_rows():
    first = generate(300, seed=7)
    assert first == generate(300, seed=7)
    assert first[:50] == generate(50, seed=7)[:50]
    other = generate(300, seed=8)
    assert [c.name for c in first] != [c.name for c in other]


def test_names_mobiles_and_accounts(customers):
    assert all(c.name and 2 <= len(c.name) <= 4 for c in customers)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", c.name) for c in customers)
    assert all(MOBILE.match(c.mobile) for c in customers)
    mobiles = Counter(c.mobile for c in customers)
    shared = sum(n for n in mobiles.values() if n > 1)
    assert 0 < shared < len(customers) * 0.02           # some duplicates, but rare
    accounts = [c.account_no for c in customers]
    assert len(set(accounts)) == len(accounts)
    prefix = {BRANCH_IDS[b.code]: b.account_prefix for b in BRANCHES}
    assert all(re.fullmatch(r"\d{12}", c.account_no) and c.account_no.startswith(prefix[c.branch_id])
               for c in customers)
    assert [c.id for c in customers] == list(range(1, len(customers) + 1))
    common = Counter(c.name[0] for c in customers).most_common(3)
    assert {s for s, _ in common} <= {"王", "李", "张", "刘", "陈"}


def test_ages_open_dates_and_status(customers):
    last = demo.last_trading_day(TODAY)
    for c in customers:
        assert 18 <= demo._age(c.birthday, TODAY) <= 85, c
        assert demo._age(c.birthday, c.open_date) >= 18, c
        assert c.open_date <= last and c.open_date.weekday() < 5, c
    status = Counter(c.status for c in customers)
    assert status["normal"] > 0.9 * len(customers) and status["dormant"] and status["closed"]
    recent = set(demo.trading_days(3, TODAY))
    assert sum(c.open_date in recent for c in customers) >= 10
    assert min(c.open_date for c in customers).year <= 2005


def _days_to_birthday(birthday: date, today: date) -> int:
    for offset in range(366):
        d = today + timedelta(days=offset)
        if (d.month, d.day) == (birthday.month, birthday.day):
            return offset
    return 999                      # 29 February in a common year


def test_birthdays_in_the_next_week_wrap_the_year():
    today = date(2026, 12, 28)
    rows = generate(5000, today=today)
    soon = [c for c in rows if _days_to_birthday(c.birthday, today) <= 7]
    assert len(soon) >= 0.02 * len(rows)
    assert any(c.birthday.month == 1 for c in soon)


def test_relationship_shares(customers):
    n = len(customers)
    developed = [c for c in customers if c.developer_id is not None]
    served = [c for c in customers if c.service_staff_id is not None]
    assert 0.65 < len(developed) / n < 0.75
    assert 0.07 < len(served) / n < 0.13
    by_id = {v: code for code, ids in MARKETERS.items() for v in ids}
    code_of = {i: code for code, i in BRANCH_IDS.items()}
    for c in served:
        assert c.developer_id is not None and c.service_staff_id != c.developer_id
        assert c.open_date <= c.service_from <= demo.last_trading_day(TODAY)
    for c in developed:
        assert by_id[c.developer_id] == code_of[c.branch_id]
    funded = [c for c in customers if c.funded]
    assert 0.17 < len(funded) / n < 0.23 and all(c.status != "closed" for c in funded)


# Staff -----------------------------------------------------------------------------------

def test_staff_plan():
    plan = demo.staff_plan(20000)
    logins = [s.login for s in plan]
    assert len(set(logins)) == len(logins)
    assert all(LOGIN.match(x) for x in logins)
    seen: set[str] = set()
    for s in plan:
        assert s.superior is None or s.superior in seen, s
        seen.add(s.login)
    by_login = {s.login: s for s in plan}
    assert {"hq_admin", "hq_marketing", "hq_analyst"} <= seen
    assert by_login["hq_marketing"].posts == ("hq_marketing",) and by_login["hq_marketing"].scope == "all"
    d = by_login["bj01_director"]
    assert (d.roles, d.posts, d.scope, d.public_pool) == (("marketing_director",), ("marketing_director",),
                                                           "subordinates", True)
    t = by_login["bj01_trading"]
    assert (t.posts, t.scope, t.public_pool) == (("trading_manager",), "branch", True)
    assert by_login["bj01_devmgr"].superior == "bj01_director"
    assert by_login["bj01_mkt01"].superior == "bj01_devmgr" and by_login["bj01_mkt01"].scope == "own"
    assert [s.login for s in plan if not s.bind_mac] == [demo.UNBOUND_LOGIN]
    marketers = [s for s in plan if s.branch == "BJ01" and s.login.startswith("bj01_mkt")]
    assert len(marketers) == demo.marketing_count(20000) == 12
    assert demo.marketing_count(1_000_000) > 12
    assert all(s.name and not s.name.isascii() for s in plan)
    assert plan == demo.staff_plan(20000)


def test_report_lines():
    report = demo.SeedReport(customers=1_000_000, days=20, seed=1, first_date=date(2026, 1, 5),
                             last_date=date(2026, 1, 30))
    report.tables.append(demo.TableStat("customer", 1_000_000, 6.1))
    report.steps.append(("rebuild indexes", 2.0))
    report.total_seconds = 9.5
    lines = report.lines()
    line = next(x for x in lines if x.startswith("customer"))
    assert re.fullmatch(r"customer\s+1,000,000 rows\s+6\.1 s\s+163,934 rows/s", line)
    assert lines[-1].startswith("total") and "9.5 s" in lines[-1]
    d = report.as_dict()
    assert d["tables"]["customer"]["rows_per_second"] == 163934 and d["total_seconds"] == 9.5
