"""Deterministic demo data: branches, staff logins, customers, relationships and T+1 facts.

`seed(admin_url, customers=20000, days=60, seed=1)` fills an empty CRM database as the
superuser. The same seed (and the same `today`) gives the same data. Bulk parts avoid row by
row work: customers are streamed with COPY from a Python generator, extended data and
development relationships are derived set-based in PostgreSQL, and the daily facts
(customer × trading day) are computed inside PostgreSQL from hash functions on a second,
compute-only connection and streamed into the seed's transaction with COPY (measured on a
2-core machine: INSERT ... SELECT managed ~250 000 rows/s, the COPY relay ~650 000-850 000).
Triggers (audit, developer sync) and foreign-key checks are off for the bulk part
(`session_replication_role = replica`), so the generator keeps `customer.developer_id`
consistent with `crm.relationship` itself. Secondary indexes (and the fact table's primary key)
are dropped for the load and rebuilt from their own definitions before the single commit.

Every demo login is a PostgreSQL LOGIN role in `crm_staff` with the one documented password
`DEMO_PASSWORD`, bound to this PC's MAC addresses, except `bj01_newpc`, which is deliberately
not bound so the refusal can be shown.
"""

from __future__ import annotations

import bisect
import math
import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable, Iterator, Mapping, NamedTuple, Sequence

import psycopg
from psycopg import sql

from crm_desktop.services import machine
from crm_desktop.services.customer_query.latest import refresh_latest
from crm_desktop.tools.demo_data import (BRANCH_STAFF, BRANCHES, EMAIL_DOMAINS, FEMALE_GIVEN, HQ,
                                            HQ_STAFF, MALE_GIVEN, MOBILE_PREFIXES, OTHER_REGIONS, SMS_COLUMNS,
                                            SMS_DEMO_ISSUE, SURNAMES, DemoBranch)

# The one password of every demo account (documented; the demo is not production).
DEMO_PASSWORD = "Crm-demo-2026"
# A marketing account deliberately left without a MAC binding (shows the refusal).
UNBOUND_LOGIN = "bj01_newpc"
# Each 信息管理员's HQ quota in the demo (message parts a month).
DEMO_SMS_QUOTA = 5000

Progress = Callable[[str, int, int], None]

# Share of customers by relationship: development 70 %, of those 1 in 7 also served by a colleague.
DEVELOPMENT_SHARE = 0.70
SERVICE_SHARE = 0.10
# Share of customers with assets (rows in customer_daily).
FUNDED_SHARE = 0.20
FIRST_OPEN_DATE = date(2003, 1, 2)


class DemoSeedRefused(ValueError):
    """The database already holds data the demo would double or collide with."""


# ID numbers (GB 11643: region, birth date, sequence, ISO 7064 MOD 11-2 check character) ------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    """The 18th character of a resident ID number for its first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"expected 17 digits, got {first17!r}")
    return ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def id_is_valid(id_no: str) -> bool:
    return (len(id_no) == 18 and id_no[:17].isdigit()
            and id_check_char(id_no[:17]) == id_no[17].upper())


def make_id_no(region: str, birthday: date, sequence: int) -> str:
    """region (6 digits) + YYYYMMDD + 3-digit sequence (odd = male) + check character."""
    first17 = f"{region}{birthday:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def id_gender(id_no: str) -> str:
    """'M' when the sequence's last digit is odd, else 'F'."""
    return "M" if int(id_no[16]) % 2 else "F"


def id_birthday(id_no: str) -> date:
    return date(int(id_no[6:10]), int(id_no[10:12]), int(id_no[12:14]))


# Calendar ---------------------------------------------------------------------------------

def trading_days(count: int, today: date) -> list[date]:
    """`count` weekdays, ascending, ending at the most recent weekday before `today`."""
    days: list[date] = []
    d = today - timedelta(days=1)
    while len(days) < count:
        if d.weekday() < 5:
            days.append(d)
        d -= timedelta(days=1)
    return days[::-1]


def last_trading_day(today: date) -> date:
    return trading_days(1, today)[0]


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _age(birthday: date, on: date) -> int:
    return on.year - birthday.year - ((on.month, on.day) < (birthday.month, birthday.day))


# Staff -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffSpec:
    login: str
    name: str
    branch: str                    # branch code
    title: str
    roles: tuple[str, ...]
    posts: tuple[str, ...] = ()
    staff_type: str = "marketing"
    scope: str = "own"
    public_pool: bool = False
    superior: str | None = None    # superior's login
    bind_mac: bool = True

    @property
    def is_marketer(self) -> bool:
        return self.title == "营销人员"


def marketing_count(customers: int) -> int:
    """Marketing staff per branch: 12, a few more for big seeds (at most 40)."""
    return min(40, 12 + max(0, customers) // 60000)


class NameMaker:
    """Chinese personal names: weighted surnames, one or two given-name characters."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.surnames = [s for s, _ in SURNAMES]
        total = 0.0
        self.cum: list[float] = []
        for _, weight in SURNAMES:
            total += weight
            self.cum.append(total)
        self.total = total

    def surname(self) -> str:
        return self.surnames[bisect.bisect_right(self.cum, self.rng.random() * self.total)]

    def name(self, gender: str) -> str:
        rng = self.rng
        chars = MALE_GIVEN if gender == "M" else FEMALE_GIVEN
        n = len(chars)
        given = chars[int(rng.random() * n)]
        if rng.random() < 0.62:
            given += chars[int(rng.random() * n)]
        return self.surname() + given


def staff_plan(customers: int = 20000, seed: int = 1) -> list[StaffSpec]:
    """Every demo account, superiors before their subordinates."""
    names = NameMaker(random.Random(seed * 7919 + 17))
    rng = names.rng
    used: set[str] = set()

    def person() -> str:
        while True:
            candidate = names.name("M" if rng.random() < 0.55 else "F")
            if candidate not in used:
                used.add(candidate)
                return candidate

    plan = [StaffSpec(login, person(), HQ.code, title, roles, posts, staff_type, scope, pool, superior)
            for login, title, roles, posts, staff_type, scope, pool, superior in HQ_STAFF]
    count = marketing_count(customers)
    for branch in BRANCHES:
        prefix = branch.code.lower()
        for suffix, title, roles, posts, staff_type, scope, pool, superior in BRANCH_STAFF:
            plan.append(StaffSpec(f"{prefix}_{suffix}", person(), branch.code, title, roles, posts,
                                  staff_type, scope, pool, f"{prefix}_{superior}" if superior else None))
        for i in range(1, count + 1):
            plan.append(StaffSpec(f"{prefix}_mkt{i:02d}", person(), branch.code, "营销人员", ("marketing",),
                                  staff_type="broker" if i % 4 == 0 else "marketing",
                                  superior=f"{prefix}_devmgr"))
        if branch.code == "BJ01":
            plan.append(StaffSpec(UNBOUND_LOGIN, person(), branch.code, "营销人员", ("marketing",),
                                  superior=f"{prefix}_devmgr", bind_mac=False))
    return plan


# Customers ---------------------------------------------------------------------------------

class DemoCustomer(NamedTuple):
    id: int
    account_no: str
    name: str
    id_no: str
    mobile: str
    gender: str
    birthday: date
    open_date: date
    branch_id: int
    status: str
    developer_id: int | None
    service_staff_id: int | None
    service_from: date | None
    funded: bool                   # has assets: rows in customer_daily


_SEQ_SUMS = [sum(int(c) * w for c, w in zip(f"{s:03d}", ID_WEIGHTS[14:17])) for s in range(1000)]


class CustomerGenerator:
    """Streams `count` customers. Pure Python and deterministic for (seed, today, count, staff).

    branch_ids maps branch code -> crm.branch id; marketers maps branch code -> the staff ids
    that may hold development / service relationships there.
    """

    def __init__(self, count: int, seed: int, today: date, branch_ids: Mapping[str, int],
                 marketers: Mapping[str, Sequence[int]], first_id: int = 1):
        self.count = count
        self.today = today
        self.last_date = last_trading_day(today)
        self.recent_dates = trading_days(5, today)
        self.rng = random.Random(seed)
        self.names = NameMaker(self.rng)
        self.first_id = first_id
        self.branches: list[DemoBranch] = list(BRANCHES)
        self.branch_ids = [branch_ids[b.code] for b in self.branches]
        cum, total = [], 0.0
        for b in self.branches:
            total += b.weight
            cum.append(total)
        self.branch_cum, self.branch_total = cum, total
        self.seq = [0] * len(self.branches)
        # Developers get different shares of their branch's customers.
        self.marketers: list[list[int]] = []
        self.marketer_cum: list[list[float]] = []
        for b in self.branches:
            ids = list(marketers.get(b.code, ()))
            weights = [0.4 + self.rng.random() for _ in ids]
            self.marketers.append(ids)
            acc, running = [], 0.0
            for w in weights:
                running += w
                acc.append(running)
            self.marketer_cum.append(acc)
        # Weighted sums of the region digits and of each birth date, cached for the check char.
        self._region_sums = {region: sum(int(c) * w for c, w in zip(region, ID_WEIGHTS[:6]))
                             for region in {*OTHER_REGIONS, *(d for b in BRANCHES for d, _ in b.districts)}}
        self._date_sums: dict[date, tuple[str, int]] = {}
        self._iso: dict[date, str] = {}
        self.today_ord = today.toordinal()
        self.last_ord = self.last_date.toordinal()
        self.first_open_ord = FIRST_OPEN_DATE.toordinal()
        self.recent_mobiles: list[str] = []
        # Open dates counted for t1_load.account_rows.
        self.open_counts: dict[date, int] = {}

    def _ymd_sum(self, birthday: date) -> tuple[str, int]:
        """'YYYYMMDD' and its weighted digit sum for the ID check character (cached)."""
        found = self._date_sums.get(birthday)
        if found is None:
            ymd = f"{birthday.year:04d}{birthday.month:02d}{birthday.day:02d}"
            found = self._date_sums[birthday] = (ymd, sum(int(c) * w for c, w in zip(ymd, ID_WEIGHTS[6:14])))
        return found

    def iso(self, d: date) -> str:
        """date.isoformat(), cached (a few thousand distinct dates serve a million rows)."""
        text = self._iso.get(d)
        if text is None:
            text = self._iso[d] = d.isoformat()
        return text

    def _birthday(self) -> date:
        rng, today = self.rng, self.today
        age = rng.gauss(44.0, 13.0)
        while not 18.1 <= age <= 84.9:
            age = rng.gauss(44.0, 13.0)
        birthday = date.fromordinal(self.today_ord - int(age * 365.2425))
        if rng.random() >= 0.012:
            return birthday
        # A birthday within the next 7 days (today included); wraps into January.
        upcoming = today + timedelta(days=int(rng.random() * 8))
        year = birthday.year
        if upcoming.month == 2 and upcoming.day == 29:
            while not _is_leap(year):
                year -= 1
        birthday = date(year, upcoming.month, upcoming.day)
        age_now = _age(birthday, today)
        if age_now < 18:
            birthday = _shift_years(birthday, age_now - 18)
        elif age_now > 85:
            birthday = _shift_years(birthday, age_now - 85)
        if _shift_years(birthday, 18) > self.last_date:        # adult on the day the account opens
            birthday = _shift_years(birthday, -1)
        return birthday

    def _open_date(self, birthday: date) -> date:
        rng = self.rng
        adult = birthday.toordinal() + 6575                    # 18 years (with up to 5 leap days) or more
        if rng.random() < 0.004:
            day = self.recent_dates[int(rng.random() * len(self.recent_dates))]
            return day if day.toordinal() >= adult else self.last_date
        start = max(self.first_open_ord, adult)
        end = self.last_ord - 8
        if start >= end:
            return self.last_date
        d = date.fromordinal(start + int((end - start) * rng.random() ** 0.65))
        weekday = d.weekday()
        if weekday >= 5:                                       # accounts open on weekdays
            d = date.fromordinal(d.toordinal() + 7 - weekday)
        return d

    def _mobile(self) -> str:
        rng = self.rng
        if self.recent_mobiles and rng.random() < 0.002:       # family members share a phone
            return self.recent_mobiles[int(rng.random() * len(self.recent_mobiles))]
        mobile = f"{MOBILE_PREFIXES[int(rng.random() * len(MOBILE_PREFIXES))]}{int(rng.random() * 1e8):08d}"
        if len(self.recent_mobiles) < 256:
            self.recent_mobiles.append(mobile)
        else:
            self.recent_mobiles[int(rng.random() * 256)] = mobile
        return mobile

    def __iter__(self) -> Iterator[DemoCustomer]:
        rng = self.rng
        names = self.names
        last_ord = self.last_ord
        for i in range(self.count):
            b = bisect.bisect_right(self.branch_cum, rng.random() * self.branch_total)
            branch = self.branches[b]
            self.seq[b] += 1
            account_no = f"{branch.account_prefix}{self.seq[b]:08d}"
            gender = "M" if rng.random() < 0.53 else "F"
            name = names.name(gender)
            birthday = self._birthday()
            if rng.random() < 0.75:
                region = branch.districts[int(rng.random() * len(branch.districts))][0]
            else:
                region = OTHER_REGIONS[int(rng.random() * len(OTHER_REGIONS))]
            sequence = int(rng.random() * 500) * 2 + (1 if gender == "M" else 0)
            ymd, date_sum = self._ymd_sum(birthday)
            check = ID_CHECK_CHARS[(self._region_sums[region] + date_sum + _SEQ_SUMS[sequence]) % 11]
            id_no = f"{region}{ymd}{sequence:03d}{check}"
            mobile = self._mobile()
            open_date = self._open_date(birthday)
            self.open_counts[open_date] = self.open_counts.get(open_date, 0) + 1
            r = rng.random()
            status = "normal" if r < 0.95 else ("dormant" if r < 0.99 else "closed")
            developer = service = service_from = None
            ids = self.marketers[b]
            if ids and rng.random() < DEVELOPMENT_SHARE:
                cum = self.marketer_cum[b]
                k = bisect.bisect_right(cum, rng.random() * cum[-1])
                developer = ids[k]
                if len(ids) > 1 and rng.random() < SERVICE_SHARE / DEVELOPMENT_SHARE:
                    other = int(rng.random() * (len(ids) - 1))
                    service = ids[other if other < k else other + 1]
                    span = last_ord - open_date.toordinal()
                    service_from = date.fromordinal(open_date.toordinal() + int(span * rng.random()))
            funded = status != "closed" and rng.random() < FUNDED_SHARE
            yield DemoCustomer(self.first_id + i, account_no, name, id_no, mobile, gender, birthday,
                               open_date, self.branch_ids[b], status, developer, service, service_from,
                               funded)

    def accounts_open_on(self, day: date) -> int:
        """Customers generated so far with an open date on or before `day`."""
        return sum(n for d, n in self.open_counts.items() if d <= day)


def _shift_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:                                     # 29 February in a common year
        return d.replace(year=d.year + years, day=28)


# Report -------------------------------------------------------------------------------------

@dataclass
class TableStat:
    name: str
    rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


@dataclass
class SeedReport:
    customers: int
    days: int
    seed: int
    first_date: date | None = None
    last_date: date | None = None
    tables: list[TableStat] = field(default_factory=list)
    steps: list[tuple[str, float]] = field(default_factory=list)   # work that is not a table load
    total_seconds: float = 0.0

    def table(self, name: str) -> TableStat:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)

    def lines(self) -> list[str]:
        out = [f"demo seed {self.seed}: {self.customers:,} customers, {self.days} trading days"
               + (f" ({self.first_date} .. {self.last_date})" if self.first_date else "")]
        for t in self.tables:
            rate = f"{t.rows_per_second:>10,.0f} rows/s" if t.rows >= 1000 else ""
            out.append(f"{t.name:<18} {t.rows:>11,} rows {t.seconds:6.1f} s {rate}".rstrip())
        for name, seconds in self.steps:
            out.append(f"{name:<18} {'':>16} {seconds:6.1f} s")
        out.append(f"{'total':<18} {'':>16} {self.total_seconds:6.1f} s")
        return out

    def as_dict(self) -> dict:
        return {
            "customers": self.customers, "days": self.days, "seed": self.seed,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "tables": {t.name: {"rows": t.rows, "seconds": round(t.seconds, 3),
                                "rows_per_second": round(t.rows_per_second)} for t in self.tables},
            "steps": {name: round(seconds, 3) for name, seconds in self.steps},
            "total_seconds": round(self.total_seconds, 3),
        }


# Seeding ------------------------------------------------------------------------------------

# Tables whose plain secondary indexes are dropped for the bulk load and rebuilt after it.
BULK_TABLES = ("crm.customer", "crm.customer_ext", "crm.relationship", "crm.customer_daily")
# Tables whose primary key is dropped too (when no foreign key depends on it).
FACT_TABLES = ("crm.customer_daily",)

_COPY_CHUNK = 5000
_FACT_CHUNK = 2000


def _noop(stage: str, done: int, total: int) -> None:
    pass


class _Timer:
    def __init__(self, report: SeedReport):
        self.report = report

    def table(self, name: str, started: float, rows: int) -> None:
        self.report.tables.append(TableStat(name, rows, time.perf_counter() - started))

    def step(self, name: str, started: float) -> None:
        self.report.steps.append((name, time.perf_counter() - started))


def seed(admin_url: str, customers: int = 20000, days: int = 60, seed: int = 1,
         progress: Progress | None = None, *, today: date | None = None) -> SeedReport:
    """Fill an empty CRM database with demo data, as the superuser at `admin_url`.

    Refuses (DemoSeedRefused) when customers or any demo login already exist in the database.
    `today` (default: the local date) fixes the calendar, for reproducible data.
    """
    if customers < 0 or days < 0:
        raise ValueError("customers and days must not be negative")
    if days > 4000:
        raise ValueError("at most 4000 trading days")
    progress = progress or _noop
    today = today or date.today()
    dates = trading_days(days, today) if days else []
    last_date = last_trading_day(today)
    report = SeedReport(customers, days, seed, dates[0] if dates else None, dates[-1] if dates else None)
    timer = _Timer(report)
    started_all = time.perf_counter()

    plan = staff_plan(customers, seed)
    with psycopg.connect(admin_url) as conn:
        if not conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
            raise DemoSeedRefused("the demo seed needs the administrator (superuser) connection")
        # Local buffers for the generator's temporary tables; only settable before first use.
        conn.execute("SET temp_buffers = '256MB'")
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("SET synchronous_commit = off")
        conn.execute("LOCK TABLE crm.customer, crm.staff IN SHARE ROW EXCLUSIVE MODE")
        _refuse_if_seeded(conn, plan)

        t = time.perf_counter()
        branch_ids = _seed_branches(conn)
        timer.table("branch", t, len(BRANCHES) + 1)

        t = time.perf_counter()
        progress("staff", 0, len(plan))
        staff_ids = _seed_staff(conn, plan, branch_ids, progress)
        timer.table("staff", t, len(plan))

        conn.execute("SET LOCAL session_replication_role = replica")
        t = time.perf_counter()
        indexes = _drop_secondary_indexes(conn)
        timer.step("drop indexes", t)

        marketers: dict[str, list[int]] = {}
        for spec in plan:
            if spec.is_marketer and spec.bind_mac:
                marketers.setdefault(spec.branch, []).append(staff_ids[spec.login])
        first_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM crm.customer").fetchone()[0]
        generator = CustomerGenerator(customers, seed, today, branch_ids, marketers, first_id)

        t = time.perf_counter()
        service, funded = _copy_customers(conn, generator, last_date, progress)
        timer.table("customer", t, customers)

        t = time.perf_counter()
        rel_rows = _seed_relationships(conn, service, seed)
        timer.table("relationship", t, rel_rows)

        t = time.perf_counter()
        progress("customer_ext", 0, customers)
        ext_rows = _seed_customer_ext(conn, seed)
        progress("customer_ext", customers, customers)
        timer.table("customer_ext", t, ext_rows)

        t = time.perf_counter()
        daily_counts = _seed_daily(conn, admin_url, funded, dates, seed, progress)
        del funded
        timer.table("customer_daily", t, sum(daily_counts))

        t = time.perf_counter()
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO crm.t1_load (trade_date, account_rows, daily_rows, source) "
                "VALUES (%s, %s, %s, 'demo')",
                [(d, generator.accounts_open_on(d), n) for d, n in zip(dates, daily_counts)])
        timer.table("t1_load", t, len(dates))

        t = time.perf_counter()
        _recreate_indexes(conn, indexes, progress)
        timer.step("rebuild indexes", t)
        # Triggers were off for the bulk load: build the latest-figures table the list reads.
        t = time.perf_counter()
        latest = refresh_latest(conn)
        timer.table("customer_latest", t, latest)
        t = time.perf_counter()
        progress("analysis rollups", 0, 1)
        rollup_rows = conn.execute("SELECT crm.refresh_pivot_rollups()").fetchone()[0]
        progress("analysis rollups", 1, 1)
        timer.table("pivot_customer_month", t, int(rollup_rows))
        if dates:
            t = time.perf_counter()
            progress("sales targets", 0, 1)
            conn.execute("SELECT crm.refresh_sales_results(%s, %s)", (dates[0], dates[-1]))
            target_rows = _seed_sales_targets(conn, dates)
            progress("sales targets", 1, 1)
            timer.table("sales_target", t, target_rows)
        conn.execute("SET LOCAL session_replication_role = origin")
        t = time.perf_counter()
        conn.commit()
        timer.step("commit", t)

    t = time.perf_counter()
    progress("vacuum analyze", 0, 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        for table in (*BULK_TABLES, "crm.customer_latest", "crm.pivot_customer_month",
                      "crm.pivot_customer_quarter", "crm.pivot_branch_month", "crm.staff", "crm.staff_role",
                      "crm.staff_post", "crm.staff_mac",
                      "crm.branch", "crm.t1_load", "crm.sales_result_day", "crm.sales_target"):
            conn.execute(f"VACUUM (ANALYZE) {table}")   # constants above, not input
    progress("vacuum analyze", 1, 1)
    timer.step("vacuum analyze", t)

    t = time.perf_counter()
    progress("reservations", 0, 1)
    with psycopg.connect(admin_url) as conn:
        workflow = _seed_reservations(conn, seed)
    progress("reservations", 1, 1)
    timer.table("reservation", t, workflow)
    t = time.perf_counter()
    with psycopg.connect(admin_url) as conn:
        blocked = _seed_sms(conn, seed)
    timer.table("sms_blacklist", t, blocked)
    t = time.perf_counter()
    with psycopg.connect(admin_url) as conn:
        subscribed = _seed_sms_subscriptions(conn, seed)
    timer.table("sms_subscription", t, subscribed)
    report.total_seconds = time.perf_counter() - started_all
    return report


def _seed_sales_targets(conn: psycopg.Connection, dates: list[date]) -> int:
    """销售任务 for the demo: every staff member holding customers gets targets for the month of the
    last loaded day, 10 % above their monthly average over the seeded days (rounded to 1 000 元,
    new accounts to whole accounts); each branch a yearly target likewise. Set by 'demo'."""
    months = max(1, len({(d.year, d.month) for d in dates}))
    last = dates[-1]
    return conn.execute(
        """WITH figures AS (
               SELECT r.staff_id, r.branch_id, sum(r.net_inflow_cents) AS net_inflow,
                      sum(r.commission_cents) AS commission,
                      crm.contribution_cents(sum(r.net_commission_cents), sum(r.interest_spread_cents)) AS contribution
                 FROM crm.sales_result_day r GROUP BY r.staff_id, r.branch_id
           ), developed AS (
               SELECT c.developer_id AS staff_id, c.branch_id, count(*) AS accounts
                 FROM crm.customer c WHERE c.developer_id IS NOT NULL GROUP BY 1, 2
           ), staff_targets AS (
               SELECT 'staff' AS kind, f.staff_id, f.branch_id, 'month' AS period_kind,
                      date_trunc('month', %(last)s::date)::date AS period_start, m.metric,
                      CASE m.metric
                          WHEN 'new_accounts' THEN greatest(1, ceil(coalesce(d.accounts, 0) * 1.1 / 12))
                          ELSE greatest(100000, round(greatest(m.value, 0) * 1.1 / %(months)s / 100000) * 100000)
                      END::bigint AS target
                 FROM figures f
                 LEFT JOIN developed d ON d.staff_id = f.staff_id AND d.branch_id = f.branch_id
                 CROSS JOIN LATERAL (VALUES ('new_accounts', 0::numeric), ('net_inflow', f.net_inflow),
                                            ('commission', f.commission), ('contribution', f.contribution)) m(metric, value)
                WHERE f.staff_id IS NOT NULL
           ), branch_targets AS (
               SELECT 'branch', NULL::integer, f.branch_id, 'year', date_trunc('year', %(last)s::date)::date,
                      'commission', greatest(100000, round(sum(f.commission) * 1.1 * 12 / %(months)s / 10000000)
                                                      * 10000000)::bigint
                 FROM figures f GROUP BY f.branch_id
           )
           INSERT INTO crm.sales_target (subject_kind, staff_id, branch_id, period_kind, period_start, metric,
                                         target_value, set_by)
           SELECT *, 'demo' FROM (SELECT * FROM staff_targets UNION ALL SELECT * FROM branch_targets) t""",
        {"last": last, "months": months}).rowcount


def _seed_sms(conn: psycopg.Connection, seed_value: int) -> int:
    """短信 ready on the first run: each branch's 信息管理员 has an HQ quota (parts a month); about
    3 in 1 000 扩展资料 mobiles are Hong Kong or Macau numbers and 5 in 1 000 numbers are
    blacklisted or opted out, so the send dialog shows every skip reason. Returns the blocked count."""
    conn.execute("SET LOCAL session_replication_role = replica")     # seeded data, not an edit
    conn.execute("""
        INSERT INTO crm.sms_quota (staff_id, monthly_quota, set_by)
        SELECT s.id, %s, 'demo' FROM crm.staff s
         WHERE EXISTS (SELECT 1 FROM crm.staff_role r WHERE r.staff_id = s.id AND r.role_code = 'info_manager')
        ON CONFLICT (staff_id) DO NOTHING""", (DEMO_SMS_QUOTA,))
    conn.execute("""
        UPDATE crm.customer_ext x
           SET mobile = CASE WHEN x.customer_id %% 2 = 0 THEN '+852' || (50000000 + x.customer_id %% 40000000)::text
                             ELSE '00853' || (60000000 + x.customer_id %% 9000000)::text END
         WHERE hashint8extended(x.customer_id, %s) & 1023 < 3""", (seed_value + 211,))
    blocked = conn.execute("""
        INSERT INTO crm.sms_blacklist (mobile, kind, note, created_by)
        SELECT x.mobile, CASE WHEN x.customer_id %% 3 = 0 THEN 'blacklisted' ELSE 'opted_out' END,
               CASE WHEN x.customer_id %% 3 = 0 THEN '投诉骚扰' ELSE '客户要求退订' END, 'demo'
          FROM crm.customer_ext x
         WHERE x.mobile ~ '^1[3-9][0-9]{9}$' AND hashint8extended(x.customer_id, %s) & 1023 BETWEEN 3 AND 7
        ON CONFLICT (mobile) DO NOTHING""", (seed_value + 211,)).rowcount
    conn.commit()
    return blocked


def _seed_sms_subscriptions(conn: psycopg.Connection, seed_value: int) -> int:
    """信息栏目 ready on the first run: HQ's columns, a share of each branch's customers subscribed
    to each, sent by the branch's first 信息管理员, and one issue of 早盘提示 published an hour ago
    (the agent queues it for its subscribers on the first start). Returns the subscriptions."""
    conn.execute("SET LOCAL session_replication_role = replica")     # seeded data, not an edit
    total = 0
    for name, description, per_mille in SMS_COLUMNS:
        column_id = conn.execute("INSERT INTO crm.sms_column (name, description, created_by, updated_by) "
                                 "VALUES (%s, %s, 'demo', 'demo') RETURNING id", (name, description)).fetchone()[0]
        total += conn.execute("""
            INSERT INTO crm.sms_subscription (column_id, customer_id, branch_id, sender_id, subscribed_at, subscribed_by)
            SELECT %s, c.id, c.branch_id, sender.id, now() - make_interval(days => (c.id %% 60)::integer), sender.login
              FROM crm.customer c
              JOIN LATERAL (SELECT s.id, s.login FROM crm.staff s
                              JOIN crm.staff_role r ON r.staff_id = s.id AND r.role_code = 'info_manager'
                             WHERE s.branch_id = c.branch_id ORDER BY s.id LIMIT 1) sender ON true
             WHERE c.status <> 'closed' AND hashint8extended(c.id, %s) & 1023 < %s""",
                              (column_id, seed_value + 307 + column_id, per_mille)).rowcount
    column, body = SMS_DEMO_ISSUE
    conn.execute("INSERT INTO crm.sms_column_issue (column_id, body, publish_at, published_by) "
                 "SELECT id, %s, now() - interval '1 hour', 'hq_marketing' FROM crm.sms_column WHERE name = %s",
                 (body, column))
    conn.commit()
    return total


def _refuse_if_seeded(conn: psycopg.Connection, plan: list[StaffSpec]) -> None:
    if conn.execute("SELECT EXISTS (SELECT 1 FROM crm.customer) "
                    "OR EXISTS (SELECT 1 FROM crm.customer_daily)").fetchone()[0]:
        raise DemoSeedRefused("the database already has customers: the demo seed runs only on an empty "
                              "database (create a new one to seed again)")
    logins = [s.login for s in plan]
    taken = [r[0] for r in conn.execute(
        "SELECT login FROM crm.staff WHERE login = ANY (%s) ORDER BY login", (logins,))]
    if taken:
        raise DemoSeedRefused(f"demo staff already exist in this database ({', '.join(taken[:5])}"
                              f"{' ...' if len(taken) > 5 else ''}): not seeding twice")
    risky = [r[0] for r in conn.execute(
        "SELECT rolname FROM pg_roles WHERE rolname = ANY (%s) "
        "AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls) ORDER BY 1",
        (logins,))]
    if risky:
        raise DemoSeedRefused(f"cluster roles with administrative rights already use demo logins: "
                              f"{', '.join(risky)}")


def _seed_branches(conn: psycopg.Connection) -> dict[str, int]:
    ids: dict[str, int] = {}
    for b in (HQ, *BRANCHES):
        ids[b.code] = conn.execute(
            "INSERT INTO crm.branch (code, name, kind) VALUES (%s, %s, %s) "
            "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind RETURNING id",
            (b.code, b.name, b.kind)).fetchone()[0]
    return ids


def _seed_staff(conn: psycopg.Connection, plan: list[StaffSpec], branch_ids: Mapping[str, int],
                progress: Progress) -> dict[str, int]:
    """LOGIN roles with the demo password (one SCRAM verifier), staff rows, roles, posts, MACs."""
    verifier = conn.pgconn.encrypt_password(DEMO_PASSWORD.encode(), b"demo", b"scram-sha-256").decode()
    new_grant_syntax = conn.info.server_version >= 160000
    existing = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY (%s)",
                                           ([s.login for s in plan],))}
    macs = machine.local_macs()
    ids: dict[str, int] = {}
    with conn.cursor() as cur:
        for n, spec in enumerate(plan, 1):
            role = sql.Identifier(spec.login)
            if spec.login in existing:
                cur.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {} VALID UNTIL 'infinity'").format(
                    role, sql.Literal(verifier)))
                cur.execute(sql.SQL("GRANT crm_staff TO {}").format(role))
            else:
                cur.execute(sql.SQL("CREATE ROLE {} LOGIN IN ROLE crm_staff PASSWORD {} "
                                    "VALID UNTIL 'infinity'").format(role, sql.Literal(verifier)))
            # crm_owner (the definer functions) must be able to ALTER the role: reset, freeze.
            # PostgreSQL >= 16 asks for ADMIN OPTION on it; no inheritance, no SET ROLE.
            if new_grant_syntax:
                cur.execute(sql.SQL("GRANT {} TO crm_owner WITH ADMIN TRUE, INHERIT FALSE, SET FALSE")
                            .format(role))
            cur.execute(
                "INSERT INTO crm.staff (login, name, branch_id, staff_type, superior_id, customer_scope, "
                "public_pool, must_change_password, password_expires_at, mac_binding_required) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, false, NULL, true) RETURNING id",
                (spec.login, spec.name, branch_ids[spec.branch], spec.staff_type,
                 ids[spec.superior] if spec.superior else None, spec.scope, spec.public_pool))
            staff_id = cur.fetchone()[0]
            ids[spec.login] = staff_id
            # The documented demo password counts as sanctioned (the agent forces a change otherwise).
            cur.execute("SELECT crm_server.accept_password(%s)", (spec.login,))
            cur.executemany("INSERT INTO crm.staff_role (staff_id, role_code) VALUES (%s, %s)",
                            [(staff_id, r) for r in spec.roles])
            cur.executemany("INSERT INTO crm.staff_post (staff_id, post_code) VALUES (%s, %s)",
                            [(staff_id, p) for p in spec.posts])
            if spec.bind_mac:
                cur.executemany("INSERT INTO crm.staff_mac (staff_id, mac, note) VALUES (%s, %s, %s)",
                                [(staff_id, m, "demo: this PC") for m in macs])
            if n % 20 == 0:
                progress("staff", n, len(plan))
    progress("staff", len(plan), len(plan))
    return ids


def _drop_secondary_indexes(conn: psycopg.Connection) -> list[str]:
    """Drop the plain (non-constraint) indexes of the bulk tables, and the fact table's primary
    key when nothing references it; returns the statements that rebuild them."""
    rows = conn.execute(
        """SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(i.indexrelid)
             FROM pg_index i
             JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE i.indrelid = ANY (%s::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY c.relname""", (list(BULK_TABLES),)).fetchall()
    rebuild: list[str] = []
    for name, definition in rows:
        conn.execute(f"DROP INDEX {name}")      # quoted by quote_ident above
        rebuild.append(recursive_index_definition(definition))
    pkeys = conn.execute(
        """SELECT k.conrelid::regclass::text, quote_ident(k.conname), pg_get_constraintdef(k.oid)
             FROM pg_constraint k
            WHERE k.conrelid = ANY (%s::regclass[]) AND k.contype = 'p'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = k.conindid)
            ORDER BY 1""", (list(FACT_TABLES),)).fetchall()
    for table, name, definition in pkeys:
        conn.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")   # names from the catalog
        rebuild.insert(0, f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    return rebuild


def recursive_index_definition(definition: str) -> str:
    """pg_get_indexdef() of a partitioned table's index says `ON ONLY`: run as it is, it builds an
    index on the parent alone, INVALID until every partition has one attached. Rebuilt without
    ONLY, it is built on every partition and attached, and valid."""
    return definition.replace(" ON ONLY ", " ON ", 1)


def _recreate_indexes(conn: psycopg.Connection, statements: list[str], progress: Progress) -> None:
    for n, statement in enumerate(statements):
        progress("indexes", n, len(statements))
        conn.execute(statement)                 # pg_get_indexdef() / pg_get_constraintdef() output
    progress("indexes", len(statements), len(statements))


def _copy_customers(conn: psycopg.Connection, generator: CustomerGenerator, loaded_for: date, progress: Progress
                    ) -> tuple[list[tuple[int, int, int, date]], list[tuple[int, int, date]]]:
    """COPY the customers; returns the service relationships (customer, branch, staff, from)
    and the funded customers (id, branch, open date)."""
    total = generator.count
    service: list[tuple[int, int, int, date]] = []
    funded: list[tuple[int, int, date]] = []
    loaded = loaded_for.isoformat()
    iso = generator.iso
    null = "\\N"
    buffer: list[str] = []
    done = 0
    # A schema that mirrors the live service relationship on the customer (like developer_id)
    # gets it filled here too: triggers are off during the load.
    mirror_service = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'crm.customer'::regclass "
        "AND attname = 'service_staff_id' AND NOT attisdropped)").fetchone()[0]
    columns = ("id, account_no, name, id_no, mobile, gender, birthday, open_date, branch_id, status, "
               "developer_id, loaded_for" + (", service_staff_id" if mirror_service else ""))
    with conn.cursor() as cur:
        with cur.copy(f"COPY crm.customer ({columns}) FROM STDIN") as copy:
            for c in generator:
                tail = (f"\t{null if c.service_staff_id is None else c.service_staff_id}\n" if mirror_service
                        else "\n")
                buffer.append(
                    f"{c.id}\t{c.account_no}\t{c.name}\t{c.id_no}\t{c.mobile}\t{c.gender}\t"
                    f"{iso(c.birthday)}\t{iso(c.open_date)}\t{c.branch_id}\t{c.status}\t"
                    f"{null if c.developer_id is None else c.developer_id}\t{loaded}{tail}")
                if c.service_staff_id is not None:
                    service.append((c.id, c.branch_id, c.service_staff_id, c.service_from))
                if c.funded:
                    funded.append((c.id, c.branch_id, c.open_date))
                if len(buffer) >= _COPY_CHUNK:
                    copy.write("".join(buffer))
                    done += len(buffer)
                    buffer.clear()
                    if done % 50000 == 0:
                        progress("customers", done, total)
            if buffer:
                copy.write("".join(buffer))
    progress("customers", total, total)
    conn.execute("SELECT setval(pg_get_serial_sequence('crm.customer', 'id'), "
                 "greatest((SELECT max(id) FROM crm.customer), 1))")
    return service, funded


def _seed_relationships(conn: psycopg.Connection, service: list[tuple[int, int, int, date]],
                        seed_value: int) -> int:
    """Development relationships from customer.developer_id (set-based), service ones by COPY."""
    with conn.cursor() as cur:
        cur.execute(
            """INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, status, valid_from)
               SELECT c.id, c.branch_id, c.developer_id, 'development', 'live',
                      least(c.open_date + ((hashint8extended(c.id, %s) & 1023) %% 200)::integer, c.loaded_for)
                 FROM crm.customer c
                WHERE c.developer_id IS NOT NULL
                ORDER BY c.id""", (seed_value,))
        rows = cur.rowcount
        with cur.copy("COPY crm.relationship (customer_id, branch_id, staff_id, kind, status, valid_from) "
                      "FROM STDIN") as copy:
            for i in range(0, len(service), _COPY_CHUNK):
                copy.write("".join(f"{c}\t{b}\t{s}\tservice\tlive\t{d}\n"
                                   for c, b, s, d in service[i:i + _COPY_CHUNK]))
    conn.execute("SELECT setval(pg_get_serial_sequence('crm.relationship', 'id'), "
                 "greatest((SELECT max(id) FROM crm.relationship), 1))")
    return rows + len(service)


def _seed_customer_ext(conn: psycopg.Connection, seed_value: int) -> int:
    """Extended data for every customer: mostly the counter mobile, some addresses and e-mails.

    Inserted with triggers off, so modified_by / modified_at stay NULL (never edited) and
    version is 1.
    """
    branches = [(b.code, b.city, list(d for _, d in b.districts), list(b.streets)) for b in BRANCHES]
    conn.execute("CREATE TEMP TABLE demo_branch_addr (branch_id smallint PRIMARY KEY, city text, "
                 "districts text[], streets text[]) ON COMMIT DROP")
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO demo_branch_addr SELECT b.id, %s, %s, %s FROM crm.branch b WHERE b.code = %s",
                        [(city, districts, streets, code) for code, city, districts, streets in branches])
        cur.execute(
            """INSERT INTO crm.customer_ext (customer_id, branch_id, mobile, address, email,
                                             preferred_contact, version, modified_by, modified_at)
               SELECT x.id, x.branch_id,
                      CASE WHEN x.h & 1023 < 51
                           THEN (%(prefixes)s::text[])[1 + ((x.h >> 10) & 1023) %% %(nprefixes)s]
                                || lpad((((x.h >> 20) & 1073741823) %% 100000000)::text, 8, '0')
                           ELSE x.mobile END,
                      CASE WHEN (x.h >> 50) & 1023 < 420 AND a.city IS NOT NULL
                           THEN a.city || a.districts[1 + ((x.h >> 12) & 255) %% cardinality(a.districts)]
                                || a.streets[1 + ((x.h >> 24) & 255) %% cardinality(a.streets)]
                                || (1 + ((x.h >> 32) & 1023) %% 398)::text || '号' END,
                      CASE WHEN (x.h >> 40) & 1023 < 160
                           THEN (10000000 + ((x.h >> 8) & 1073741823) %% 990000000)::text || '@'
                                || (%(domains)s::text[])[1 + ((x.h >> 44) & 255) %% %(ndomains)s] END,
                      CASE (x.h >> 60) & 7 WHEN 0 THEN 'mobile' WHEN 1 THEN 'sms' WHEN 2 THEN 'phone' END,
                      1, NULL, NULL
                 FROM (SELECT c.id, c.branch_id, c.mobile, hashint8extended(c.id, %(seed)s) AS h
                         FROM crm.customer c OFFSET 0) x
                 LEFT JOIN demo_branch_addr a ON a.branch_id = x.branch_id
                ORDER BY x.id""",
            {"prefixes": list(MOBILE_PREFIXES), "nprefixes": len(MOBILE_PREFIXES),
             "domains": list(EMAIL_DOMAINS), "ndomains": len(EMAIL_DOMAINS), "seed": seed_value + 101})
        return cur.rowcount


def _market_path(days: int, seed_value: int) -> list[float]:
    """A market index for trading days -1 .. days-1 (random walk around 1.0)."""
    rng = random.Random(seed_value * 104729 + 3)
    level, path = 1.0, []
    for _ in range(days + 1):
        path.append(level)
        level *= math.exp(rng.gauss(0.0003, 0.012))
    return path


def _seed_daily(conn: psycopg.Connection, admin_url: str, funded: list[tuple[int, int, date]],
                dates: list[date], seed_value: int, progress: Progress) -> list[int]:
    """customer_daily for every funded customer and trading day since it opened.

    The figures are computed inside PostgreSQL from hashes (hashint8extended) of (customer, day)
    on a second, compute-only connection, and streamed by binary COPY into the seed's
    transaction: COPY writes pages in batches (far less WAL than INSERT ... SELECT) and the two
    backends work in parallel. One COPY per trading day, in date order (as T+1 loads arrive).

    Per customer: lognormal base assets (median 150 000 CNY), market sensitivity, equity share,
    trading frequency and turnover, commission rate, and at most one deposit or withdrawal.
    Per day: assets follow the market index with ±1 % own noise; pnl is the change of assets
    not explained by the day's deposit or withdrawal; vip_level from crm.vip_level.
    """
    if not dates:
        return []
    ndays = len(dates)
    path = _market_path(ndays, seed_value)
    levels = conn.execute("SELECT level, min_assets_cents FROM crm.vip_level "
                          "ORDER BY min_assets_cents DESC").fetchall()
    vip = sql.SQL("CASE {} ELSE 0 END").format(sql.SQL(" ").join(
        sql.SQL("WHEN ta >= {} THEN {}").format(sql.Literal(threshold), sql.Literal(level))
        for level, threshold in levels)) if levels else sql.SQL("0")
    s1, s2, s3 = (seed_value * 1000003 + k for k in (7, 11, 13))
    # One output row per chunk of customers: their facts of the day as COPY text lines, so the
    # relay through Python costs one message per chunk, not per row.
    generate = sql.SQL(
        """COPY (
           SELECT (SELECT string_agg(concat_ws(E'\\t', branch_id, id, {day}, ta, mv, ta - mv, vol,
                                               CASE WHEN vol > 0 THEN greatest((vol * rate)::bigint, 500)
                                                    ELSE 0 END,
                                               CASE WHEN vol > 0 THEN (greatest(vol * rate, 500) * 0.6)::bigint
                                                    ELSE 0 END,
                                               ((ta - mv) * 0.00002::float8)::bigint,
                                               ta - ta_prev - CASE WHEN kf = {k} THEN flow::bigint ELSE 0 END,
                                               {vip}), E'\\n') || E'\\n'
                     FROM (SELECT branch_id, id, kf, flow, rate, ta, ta_prev,
                                  (ta * least(greatest(eq + ((h >> 10) & 1023) / 10230.0::float8 - 0.05, 0), 1)
                                  )::bigint AS mv,
                                  CASE WHEN ((h >> 20) & 65535) < act
                                       THEN (ta * turn * (0.3 + ((h >> 36) & 1023) / 1023.0::float8))::bigint
                                       ELSE 0::bigint END AS vol
                             FROM (SELECT branch_id, id, kf, flow, rate, eq, act, turn, h,
                                          greatest(base * (1 + beta * ({f} - 1))
                                                   * (0.99 + (h & 1023) / 51150.0::float8)
                                                   + CASE WHEN kf <= {k} THEN flow ELSE 0 END, 0)::bigint AS ta,
                                          greatest(base * (1 + beta * ({f_prev} - 1))
                                                   * (0.99 + (hp & 1023) / 51150.0::float8)
                                                   + CASE WHEN kf <= {k} - 1 THEN flow ELSE 0 END, 0)::bigint
                                              AS ta_prev
                                     FROM (SELECT fu.*, hashint8extended(fu.id * 8192 + {k}, {s3}) AS h,
                                                  hashint8extended(fu.id * 8192 + {k} - 1, {s3}) AS hp
                                             FROM demo_funded fu
                                            WHERE fu.seq >= lo AND fu.seq < lo + {chunk}
                                              AND fu.open_date <= {day}
                                           OFFSET 0) x
                                   OFFSET 0) y
                           OFFSET 0) z)
             FROM generate_series(0, {last_seq}, {chunk}) AS lo
           ) TO STDOUT (FORMAT BINARY)""")
    # Each day goes straight into its partition (crm.customer_daily is partitioned by date),
    # made or emptied in this transaction, so COPY writes the rows frozen: no later VACUUM has
    # to visit them for hint bits.
    columns = ("(branch_id, customer_id, trade_date, total_assets_cents, market_value_cents, cash_cents, "
               "trade_volume_cents, commission_cents, net_commission_cents, interest_spread_cents, pnl_cents, "
               "vip_level)")
    counts: list[int] = []
    with psycopg.connect(admin_url, autocommit=True) as gen:
        # The generator's own connection holds only temporary tables: it writes nothing in crm.
        gen.execute("SET temp_buffers = '256MB'")
        gen.execute("SET jit = off")
        gen.execute("CREATE TEMP TABLE demo_customer (seq integer, id bigint, branch_id smallint, open_date date)")
        with gen.cursor() as cur:
            with cur.copy("COPY demo_customer FROM STDIN") as copy:
                for i in range(0, len(funded), _COPY_CHUNK):
                    copy.write("".join(f"{n}\t{c}\t{b}\t{o}\n" for n, (c, b, o)
                                       in enumerate(funded[i:i + _COPY_CHUNK], i)))
            cur.execute(sql.SQL(
                """CREATE TEMP TABLE demo_funded AS
                   SELECT seq, id, branch_id, open_date,
                          least(greatest(exp(16.5236 + 1.25 * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2)),
                                         100000), 5e10) AS base,
                          0.3 + 1.3 * u3 AS beta,
                          0.93 * power(u4, 0.7) AS eq,
                          (65536 * (0.05 + 0.45 * u5 * u5))::integer AS act,
                          0.03 + 0.6 * u6 * u6 AS turn,
                          0.00018 + 0.00012 * u7 AS rate,
                          ((h2 >> 40) & 1048575) % {span} AS kf,
                          least(greatest(exp(16.5236 + 1.25 * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2)),
                                         100000), 5e10) * (u8 - 0.35) * 0.6 AS flow
                     FROM (SELECT seq, id, branch_id, open_date, h2,
                                  ((h1 >> 10) & 65535) / 65536.0::float8 + 1 / 131072.0::float8 AS u1,
                                  ((h1 >> 26) & 65535) / 65536.0::float8 AS u2,
                                  ((h1 >> 42) & 65535) / 65536.0::float8 AS u3,
                                  (h2 & 65535) / 65536.0::float8 AS u4,
                                  ((h2 >> 16) & 65535) / 65536.0::float8 AS u5,
                                  ((h2 >> 32) & 255) / 256.0::float8 AS u6,
                                  ((h1 >> 58) & 31) / 32.0::float8 AS u7,
                                  ((h2 >> 60) & 15) / 16.0::float8 AS u8
                             FROM (SELECT seq, id, branch_id, open_date,
                                          hashint8extended(id, {s1}) AS h1, hashint8extended(id, {s2}) AS h2
                                     FROM demo_customer) h) u""").format(
                span=sql.Literal(ndays * 3), s1=sql.Literal(s1), s2=sql.Literal(s2)))
            cur.execute("CREATE INDEX ON demo_funded (seq)")
            cur.execute("ANALYZE demo_funded")
        with gen.cursor() as src_cur, conn.cursor() as dst_cur:
            for k, day in enumerate(dates):
                statement = generate.format(
                    vip=vip, s3=sql.Literal(s3), k=sql.Literal(k), day=sql.Literal(day.isoformat()),
                    f=sql.Literal(path[k + 1]), f_prev=sql.Literal(path[k]), chunk=sql.Literal(_FACT_CHUNK),
                    last_seq=sql.Literal(max(len(funded) - 1, 0)))
                partition = conn.execute("SELECT crm.customer_daily_partition(%s)::text", (day,)).fetchone()[0]
                conn.execute(f"TRUNCATE {partition}")      # a regclass name from the server
                load = f"COPY {partition} {columns} FROM STDIN (FREEZE)"
                with src_cur.copy(statement) as src:
                    with dst_cur.copy(load) as dst:
                        for lines in _single_column_binary(src):
                            dst.write(lines)
                counts.append(dst_cur.rowcount)
                progress("customer_daily", k + 1, ndays)
    return counts


_BINARY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def _single_column_binary(copy: psycopg.Copy) -> Iterator[memoryview]:
    """The non-NULL values of a one-column binary COPY TO, one per CopyData message."""
    first = True
    for message in copy:
        data = memoryview(message)
        if first:
            if bytes(data[:11]) != _BINARY_SIGNATURE:
                raise RuntimeError("unexpected COPY BINARY header")
            data = data[19 + int.from_bytes(data[15:19], "big"):]
            first = False
        if len(data) < 6:                       # the trailer (-1)
            continue
        length = int.from_bytes(data[2:6], "big", signed=True)
        if length >= 0:
            yield data[6:6 + length]


def _seed_reservations(conn: psycopg.Connection, seed_value: int) -> int:
    """预约 for the workflow screens: per branch, marketing staff registered prospects a few days
    before recent pool accounts were opened (some names with spaces or full-width digits, as
    people type them), plus open prospects without an account yet and old ones that will expire;
    then the matcher runs as after a T+1 load, so the approvers' tabs have pending requests.
    Runs with triggers on (normalisation, windows, audit) in its own transaction. A prospect who
    is open already (two customers of one name sharing a mobile) is registered once: the
    open-reservation unique indexes (0013) skip the second."""
    last = conn.execute("SELECT max(trade_date) FROM crm.t1_load").fetchone()[0]
    if last is None:
        return 0
    # Registered by staff whose type may hold the development relationship a match asks for.
    marketers = "(SELECT array_agg(s.id ORDER BY s.id) FROM crm.staff s JOIN crm.staff_type t " \
                "ON t.code = s.staff_type AND t.holds_relationships WHERE s.branch_id = c.branch_id AND s.superior_id IS NOT NULL)"
    rows = conn.execute(sql.SQL(f"""
        INSERT INTO crm.reservation (staff_id, branch_id, name, id_no, mobile, note, registered_on)
        SELECT m.staff[1 + (hashint8extended(c.id, {{s}}) & 1023) % cardinality(m.staff)], c.branch_id,
               CASE (c.id % 5) WHEN 0 THEN substr(c.name, 1, 1) || E'\u3000' || substr(c.name, 2)
                                WHEN 1 THEN substr(c.name, 1, 1) || ' ' || substr(c.name, 2) ELSE c.name END,
               CASE WHEN c.id % 3 = 0 THEN c.id_no END,
               CASE WHEN c.id % 3 = 0 THEN NULL
                    WHEN c.id % 4 = 1 THEN translate(c.mobile, '0123456789', '０１２３４５６７８９')
                    ELSE c.mobile END,
               '朋友介绍', c.open_date - (2 + c.id % 6)::integer
          FROM crm.customer c, LATERAL (SELECT {marketers} AS staff) m
         WHERE c.developer_id IS NULL AND c.status = 'normal' AND m.staff IS NOT NULL
           AND c.open_date BETWEEN {{last}}::date - 20 AND {{last}}::date
           AND (c.id_no IS NOT NULL OR c.mobile IS NOT NULL)
           AND hashint8extended(c.id, {{s}} + 1) % 3 = 0
        ON CONFLICT DO NOTHING""").format(
        s=sql.Literal(seed_value), last=sql.Literal(last))).rowcount
    # Prospects who have not opened an account (yet): some recent, some past their window.
    rows += conn.execute(sql.SQL(f"""
        INSERT INTO crm.reservation (staff_id, branch_id, name, mobile, note, registered_on)
        SELECT m.staff[1 + g % cardinality(m.staff)], b.id, '预约客户' || b.code || '-' || g,
               '1' || (3 + g % 7)::text || lpad(((hashint8extended(b.id * 1000 + g, {{s}}) & 2147483647) % 1000000000)::text, 9, '0'),
               CASE WHEN g % 2 = 0 THEN '理财讲座' ELSE '电话预约' END,
               CASE WHEN g % 3 = 0 THEN {{last}}::date - 60 - g ELSE {{last}}::date - g END
          FROM crm.branch b CROSS JOIN generate_series(1, 12) g
          CROSS JOIN LATERAL (SELECT {marketers.replace('c.branch_id', 'b.id')} AS staff) m
         WHERE b.kind = 'branch' AND m.staff IS NOT NULL
        ON CONFLICT DO NOTHING""").format(
        s=sql.Literal(seed_value), last=sql.Literal(last))).rowcount
    # The same prospect registered twice, by two marketers, once by ID number and once by
    # mobile (FAQ 31): both reservations match one account, so the matcher leaves them to the
    # approvers' review queue (待人工确认) instead of guessing whose customer it is.
    rows += conn.execute(sql.SQL(f"""
        INSERT INTO crm.reservation (staff_id, branch_id, name, id_no, mobile, note, registered_on)
        SELECT m.staff[1 + ((hashint8extended(c.id, {{s}}) & 1023) + k.n) % cardinality(m.staff)], c.branch_id,
               c.name, CASE k.n WHEN 0 THEN c.id_no END, CASE k.n WHEN 1 THEN c.mobile END,
               CASE k.n WHEN 0 THEN '老客户介绍' ELSE '电话预约' END, c.open_date - 3
          FROM (SELECT c.*, row_number() OVER (PARTITION BY c.branch_id
                                               ORDER BY hashint8extended(c.id, {{s}} + 2)) AS pick
                  FROM crm.customer c
                 WHERE c.developer_id IS NULL AND c.status = 'normal' AND c.id_no IS NOT NULL
                   AND c.mobile IS NOT NULL AND c.open_date BETWEEN {{last}}::date - 20 AND {{last}}::date
                   AND hashint8extended(c.id, {{s}} + 1) % 3 <> 0) c
          CROSS JOIN LATERAL (SELECT {marketers} AS staff) m
          CROSS JOIN (VALUES (0), (1)) k(n)
         WHERE c.pick <= 2 AND cardinality(m.staff) >= 2
        ON CONFLICT DO NOTHING""").format(
        s=sql.Literal(seed_value), last=sql.Literal(last))).rowcount
    conn.execute("SELECT crm.match_reservations(%s)", (last,))
    # Half of the matches already passed the trading manager (as if approved this morning), so
    # both approval posts have work waiting.
    conn.execute("""
        WITH moved AS (
            UPDATE crm.approval_request q SET current_step = 2, current_post = q.posts[2], version = q.version + 1
             WHERE q.status = 'pending' AND q.current_step = 1 AND q.id % 2 = 0 AND cardinality(q.posts) >= 2
               AND EXISTS (SELECT 1 FROM crm.staff_post p JOIN crm.staff s ON s.id = p.staff_id
                            WHERE p.post_code = q.posts[1] AND s.branch_id = q.branch_id)
            RETURNING q.id, q.posts[1] AS post, q.branch_id)
        INSERT INTO crm.approval_step (request_id, step_no, post_code, decision, decided_by, comment)
        SELECT m.id, 1, m.post, 'approved',
               (SELECT min(s.id) FROM crm.staff_post p JOIN crm.staff s ON s.id = p.staff_id
                 WHERE p.post_code = m.post AND s.branch_id = m.branch_id), '资料齐全，同意'
          FROM moved m""")
    conn.commit()
    return rows
