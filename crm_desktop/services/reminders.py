"""今日提醒 Reminders (DESIGN.md §4), without Qt.

* ``birthdays(conn, days=7, today=None)``: customers whose birthday falls on ``today`` ..
  ``today + days`` (inclusive), soonest first. The window wraps the year end; a 29 February
  birthday falls on 28 February in a common year (and on 29 February in a leap year).
* ``new_accounts(conn, trading_days=3)``: accounts opened within the last ``trading_days``
  loaded trading dates of ``crm.t1_load``, newest first.
* ``follow_ups_due(conn, today=None)``: the care queue: customers whose latest visit record
  (拜访记录) asks for a follow-up on ``today`` or earlier, most overdue first. A later visit of the
  customer (by anyone) answers the follow-up and takes the customer off the queue.
* ``expiring_reservations(conn, working_days=3, today=None)``: open reservations (预约) whose
  window to match a new account ends within ``working_days`` working days (weekends and the
  holiday table, like the matcher), soonest first.
* ``counts(conn, ...)``: the numbers behind the tab's badge (exact, not limited).

Everything runs on the staff member's own connection, so row-level security decides which
customers appear; nothing here filters by permission. The birthday condition is the customer
query engine's ``birthday_next`` operator (services.customer_query): ``crm.month_day(birthday) = ANY
(crm.upcoming_month_days(...))`` -- month_day is LEAKPROOF, so under RLS it stays an index
condition on ``customer_birthday_md_idx``. The open-date window is a plain date range (date
comparisons are leakproof: ``customer_open_date_idx``). Every value is a bound parameter.

"Today" is the server's ``current_date`` unless ``today`` is given (tests, or a what-if view).
Closed accounts (销户) get no birthday reminder; new accounts are listed whatever their status.

Lists are cut at ``limit`` rows (default ``DEFAULT_LIMIT``); the returned ``ReminderRows`` (a
list of dicts) says so in ``truncated``, and the exact total is in ``counts``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
from psycopg import sql

from crm_desktop.services.customer_query.columns import JOINS
from crm_desktop.services.customer_query.compile import Params, compile_filter
from crm_desktop.services.customer_query.filters import Condition
from crm_desktop.services.customer_query.values import as_day, whole_number
from crm_desktop.services.statements import execute as _run

DEFAULT_DAYS = 7
DEFAULT_TRADING_DAYS = 3
DEFAULT_EXPIRY_WORKING_DAYS = 3
DEFAULT_LIMIT = 2000
MAX_LIMIT = 10000
MAX_DAYS = 366
MAX_TRADING_DAYS = 60
MAX_EXPIRY_WORKING_DAYS = 60


class ReminderRows(list):
    """The rows (dicts) of one reminder list, with what the list covers.

    truncated   more rows matched than ``limit``: only the first ``limit`` are here
    limit       the cut
    today       birthdays: the first day of the window (server date unless given)
    until       birthdays: the last day of the window (inclusive)
    trade_dates new accounts: the loaded trading dates the window covers, newest first
    """

    def __init__(self, rows=(), *, limit: int, truncated: bool = False, today: dt.date | None = None,
                 until: dt.date | None = None, trade_dates: list[dt.date] | None = None):
        super().__init__(rows)
        self.limit = limit
        self.truncated = truncated
        self.today = today
        self.until = until
        self.trade_dates = list(trade_dates or [])


# Helpers -------------------------------------------------------------------------------------------------

def _date(value: Any) -> dt.date | None:
    return None if value is None else as_day(value)


def next_birthday(birthday: dt.date, today: dt.date) -> dt.date:
    """The first day >= today on which `birthday` is celebrated (29 Feb -> 28 Feb in common years).
    The same rule as the SQL below and crm.upcoming_month_days; for callers and tests."""
    for year in (today.year, today.year + 1):
        try:
            day = birthday.replace(year=year)
        except ValueError:               # 29 February in a common year
            day = dt.date(year, 2, 28)
        if day >= today:
            return day
    raise AssertionError("unreachable")


# The birthday's day in the reference year; date + interval clamps 29 Feb to 28 Feb in a common year.
_IN_YEAR = ("(c.birthday + make_interval(years => (date_part('year', r.today)::integer + {shift}"
            " - date_part('year', c.birthday)::integer)))::date")
_NEXT = sql.SQL("CASE WHEN {this} >= r.today THEN {this} ELSE {next} END").format(
    this=sql.SQL(_IN_YEAR.format(shift=0)), next=sql.SQL(_IN_YEAR.format(shift=1)))


def _birthday_parts(days: int, today: dt.date | None) -> tuple[sql.Composable, sql.Composable, dict]:
    """(FROM ... , WHERE ..., params) shared by the list and the counts."""
    params = Params()
    # The query engine's own operator: an index-backed, leakproof condition under RLS.
    where = compile_filter(Condition("birthday", "birthday_next", days, today), params)
    ref = params.add(today, "date")
    source = sql.SQL(
        "crm.customer c CROSS JOIN (SELECT coalesce({ref}, current_date) AS today) r "
        "CROSS JOIN LATERAL (SELECT {next} AS next_birthday) n").format(ref=ref, next=_NEXT)
    where = sql.SQL("{} AND c.status <> 'closed'").format(where)
    return source, where, params.values


# Birthdays -------------------------------------------------------------------------------------------------

def birthday_statement(days: int, today: dt.date | None, limit: int) -> tuple[sql.Composable, dict]:
    """The birthday list's statement and parameters (validated values only; tests EXPLAIN it)."""
    source, where, params = _birthday_parts(days, today)
    params = dict(params, limit=limit)
    statement = sql.SQL("""
        SELECT c.id, c.account_no, c.name, c.gender, c.birthday, c.status, c.branch_id, b.name AS branch_name,
               n.next_birthday, n.next_birthday - r.today AS days_until,
               date_part('year', n.next_birthday)::integer - date_part('year', c.birthday)::integer AS turns,
               coalesce(nullif(x.mobile_masked, ''), c.mobile_masked) AS mobile, x.mobile_masked AS ext_mobile,
               c.mobile_masked AS counter_mobile, c.developer_id, dev.name AS developer_name,
               (c.developer_id IS NULL) AS in_public_pool, r.today AS reference_date
          FROM {source} {b} {x} {dev}
         WHERE {where}
         ORDER BY n.next_birthday, c.name, c.account_no
         LIMIT %(limit)s""").format(source=source, where=where, b=sql.SQL(JOINS["b"]),
                                      x=sql.SQL(JOINS["x"]), dev=sql.SQL(JOINS["dev"]))
    return statement, params


def birthdays(conn: psycopg.Connection, days: int = DEFAULT_DAYS, today: dt.date | None = None,
              limit: int = DEFAULT_LIMIT) -> ReminderRows:
    """Visible customers (not closed) whose birthday falls within today .. today + days, soonest
    first (then name, account number). Each row: id, account_no, name, gender, birthday, status,
    branch_name, next_birthday (the date it falls on this or next year), days_until, turns (the
    age they turn), mobile (extended mobile, else the counter's; masked like all personal data),
    ext_mobile, counter_mobile, developer_id, developer_name, in_public_pool."""
    days = whole_number(days, "days", 0, MAX_DAYS)
    limit = whole_number(limit, "limit", 1, MAX_LIMIT)
    today = _date(today)
    statement, params = birthday_statement(days, today, limit + 1)
    rows = _run(conn, statement, params)
    if today is None:
        today = rows[0]["reference_date"] if rows else _run(conn, "SELECT current_date AS d")[0]["d"]
    for row in rows:
        row.pop("reference_date", None)
    truncated = len(rows) > limit
    return ReminderRows(rows[:limit], limit=limit, truncated=truncated, today=today,
                        until=today + dt.timedelta(days=days))


# New accounts ----------------------------------------------------------------------------------------------

def loaded_dates(conn: psycopg.Connection, trading_days: int = DEFAULT_TRADING_DAYS) -> list[dt.date]:
    """The latest `trading_days` loaded trading dates (crm.t1_load), newest first."""
    trading_days = whole_number(trading_days, "trading_days", 1, MAX_TRADING_DAYS)
    rows = _run(conn, "SELECT trade_date FROM crm.t1_load ORDER BY trade_date DESC LIMIT %(n)s",
                {"n": trading_days})
    return [r["trade_date"] for r in rows]


def _new_accounts_where(dates: list[dt.date]) -> tuple[sql.Composable, dict]:
    return (sql.SQL("c.open_date BETWEEN %(first)s::date AND %(last)s::date"),
            {"first": min(dates), "last": max(dates)})


def new_accounts(conn: psycopg.Connection, trading_days: int = DEFAULT_TRADING_DAYS,
                 limit: int = DEFAULT_LIMIT) -> ReminderRows:
    """Visible accounts opened within the last `trading_days` loaded trading dates (from the oldest
    of them to the newest, inclusive), newest first (then account number). Each row: id,
    account_no, name, gender, open_date, status, branch_id, branch_code, branch_name, mobile
    (extended, else counter; masked), ext_mobile, counter_mobile, developer_id, developer_name (None with
    in_public_pool = the public pool 公有客户), service_staff_name. Nothing loaded yet: no rows."""
    limit = whole_number(limit, "limit", 1, MAX_LIMIT)
    dates = loaded_dates(conn, trading_days)
    if not dates:
        return ReminderRows([], limit=limit, trade_dates=[])
    where, params = _new_accounts_where(dates)
    params["limit"] = limit + 1
    statement = sql.SQL("""
        SELECT c.id, c.account_no, c.name, c.gender, c.open_date, c.status, c.branch_id,
               b.code AS branch_code, b.name AS branch_name,
               coalesce(nullif(x.mobile_masked, ''), c.mobile_masked) AS mobile, x.mobile_masked AS ext_mobile,
               c.mobile_masked AS counter_mobile, c.developer_id, dev.name AS developer_name,
               (c.developer_id IS NULL) AS in_public_pool, svc.name AS service_staff_name
          FROM crm.customer c {b} {x} {dev} {svc}
         WHERE {where}
         ORDER BY c.open_date DESC, c.account_no
         LIMIT %(limit)s""").format(where=where, b=sql.SQL(JOINS["b"]), x=sql.SQL(JOINS["x"]),
                                      dev=sql.SQL(JOINS["dev"]), svc=sql.SQL(JOINS["svc"]))
    rows = _run(conn, statement, params)
    truncated = len(rows) > limit
    return ReminderRows(rows[:limit], limit=limit, truncated=truncated, trade_dates=dates)


# Visit follow-ups due (the care queue) ----------------------------------------------------------------

# The customer's latest visit asks for a follow-up today or earlier; a later visit answers it. The
# index visit_follow_up_idx finds the candidates; RLS on visit and customer decides who is shown.
_FOLLOW_UP_WHERE = """
    v.next_follow_up <= r.today
    AND c.status <> 'closed'
    AND NOT EXISTS (SELECT 1 FROM crm.visit w
                     WHERE w.customer_id = v.customer_id AND (w.visited_at, w.id) > (v.visited_at, v.id))"""
_FOLLOW_UP_SOURCE = """
    crm.visit v
    CROSS JOIN (SELECT coalesce(%(today)s::date, current_date) AS today) r
    JOIN crm.customer c ON c.id = v.customer_id"""


def follow_ups_due(conn: psycopg.Connection, today: dt.date | None = None,
                   limit: int = DEFAULT_LIMIT) -> ReminderRows:
    """Visible customers (not closed) whose latest visit record has a next follow-up on or before
    `today`, most overdue first (then name). Each row: id (the customer), account_no, name, gender,
    branch_name, mobile (masked), developer_id, developer_name, in_public_pool, visit_id, visited_at,
    channel, content, next_follow_up, days_overdue (0 = due today), visit_staff_id,
    visit_staff_name, own_visit (the visit is the caller's)."""
    limit = whole_number(limit, "limit", 1, MAX_LIMIT)
    today = _date(today)
    statement = sql.SQL("""
        SELECT c.id, c.account_no, c.name, c.gender, c.branch_id, b.name AS branch_name,
               coalesce(nullif(x.mobile_masked, ''), c.mobile_masked) AS mobile, x.mobile_masked AS ext_mobile,
               c.mobile_masked AS counter_mobile, c.developer_id, dev.name AS developer_name,
               (c.developer_id IS NULL) AS in_public_pool,
               v.id AS visit_id, v.visited_at, v.channel, v.content, v.next_follow_up,
               r.today - v.next_follow_up AS days_overdue, v.staff_id AS visit_staff_id,
               vs.name AS visit_staff_name, (v.staff_id = crm.current_staff_id()) AS own_visit,
               r.today AS reference_date
          FROM {source} {b} {x} {dev}
          LEFT JOIN crm.staff vs ON vs.id = v.staff_id
         WHERE {where}
         ORDER BY v.next_follow_up, c.name, c.account_no
         LIMIT %(limit)s""").format(source=sql.SQL(_FOLLOW_UP_SOURCE), where=sql.SQL(_FOLLOW_UP_WHERE),
                                      b=sql.SQL(JOINS["b"]), x=sql.SQL(JOINS["x"]),
                                      dev=sql.SQL(JOINS["dev"]))
    rows = _run(conn, statement, {"today": today, "limit": limit + 1})
    if today is None:
        today = rows[0]["reference_date"] if rows else _run(conn, "SELECT current_date AS d")[0]["d"]
    for row in rows:
        row.pop("reference_date", None)
    return ReminderRows(rows[:limit], limit=limit, truncated=len(rows) > limit, today=today, until=today)


# Reservations about to expire ---------------------------------------------------------------------------------

# Open reservations whose window ends between today and the `n`-th working day after it (the
# matcher's own working-day rule, crm.add_working_days). RLS on reservation decides who sees which.
_EXPIRING_SOURCE = """
    crm.reservation r
    CROSS JOIN (SELECT coalesce(%(today)s::date, current_date) AS today) t
    CROSS JOIN LATERAL (SELECT crm.add_working_days(t.today, %(working_days)s) AS last_day) w"""
_EXPIRING_WHERE = "r.status = 'open' AND r.window_end BETWEEN t.today AND w.last_day"


def expiring_reservations(conn: psycopg.Connection, working_days: int = DEFAULT_EXPIRY_WORKING_DAYS,
                          today: dt.date | None = None, limit: int = DEFAULT_LIMIT) -> ReminderRows:
    """Visible open reservations whose matching window ends within `working_days` working days of
    `today` (today included), soonest first. Each row: id (the reservation), name, mobile and id_no
    (masked), note, registered_on, window_end, working_days_left (working days after today up to
    the window's end; 0 = ends today), staff_id, staff_name, own (the caller's), branch_id,
    branch_name. ``until`` of the result is the last day the window covers."""
    working_days = whole_number(working_days, "working_days", 0, MAX_EXPIRY_WORKING_DAYS)
    limit = whole_number(limit, "limit", 1, MAX_LIMIT)
    today = _date(today)
    statement = sql.SQL("""
        SELECT r.id, r.name, r.mobile_masked AS mobile, r.id_no_masked AS id_no, r.note, r.registered_on,
               r.window_end, r.staff_id, s.name AS staff_name, (r.staff_id = crm.current_staff_id()) AS own,
               r.branch_id, b.name AS branch_name,
               (SELECT count(*)::integer FROM generate_series(t.today + 1, r.window_end, interval '1 day') g
                 WHERE extract(isodow FROM g) < 6
                   AND NOT EXISTS (SELECT 1 FROM crm.holiday h WHERE h.day = g::date)) AS working_days_left,
               t.today AS reference_date, w.last_day
          FROM {source}
          JOIN crm.branch b ON b.id = r.branch_id
          LEFT JOIN crm.staff s ON s.id = r.staff_id
         WHERE {where}
         ORDER BY r.window_end, r.name, r.id
         LIMIT %(limit)s""").format(source=sql.SQL(_EXPIRING_SOURCE), where=sql.SQL(_EXPIRING_WHERE))
    params = {"today": today, "working_days": working_days, "limit": limit + 1}
    rows = _run(conn, statement, params)
    if rows:
        today, until = rows[0]["reference_date"], rows[0]["last_day"]
    else:
        window = _run(conn, "SELECT t.today, crm.add_working_days(t.today, %(working_days)s) AS last_day "
                            "FROM (SELECT coalesce(%(today)s::date, current_date) AS today) t", params)[0]
        today, until = window["today"], window["last_day"]
    for row in rows:
        row.pop("reference_date", None)
        row.pop("last_day", None)
    return ReminderRows(rows[:limit], limit=limit, truncated=len(rows) > limit, today=today, until=until)


# Counts (the badge) ---------------------------------------------------------------------------------------------

def counts(conn: psycopg.Connection, days: int = DEFAULT_DAYS, trading_days: int = DEFAULT_TRADING_DAYS,
           today: dt.date | None = None, expiry_working_days: int = DEFAULT_EXPIRY_WORKING_DAYS) -> dict:
    """Exact numbers for the tab's badge and headings:
    birthdays_today, birthdays (within the window), new_accounts (last `trading_days` loaded
    dates), follow_ups_due (the care queue), follow_ups_today (of them, due today),
    expiring_reservations (within `expiry_working_days` working days), badge (birthdays_today +
    new_accounts + follow_ups_due + expiring_reservations: what asks for action today), today,
    latest_load (or None), trade_dates."""
    days = whole_number(days, "days", 0, MAX_DAYS)
    expiry_working_days = whole_number(expiry_working_days, "working_days", 0, MAX_EXPIRY_WORKING_DAYS)
    today = _date(today)
    source, where, params = _birthday_parts(days, today)
    row = _run(conn, sql.SQL(
        "SELECT count(*) AS birthdays, count(*) FILTER (WHERE n.next_birthday = r.today) AS birthdays_today "
        "FROM {source} WHERE {where}").format(source=source, where=where), params)[0]
    if today is None:
        today = _run(conn, "SELECT current_date AS d")[0]["d"]
    dates = loaded_dates(conn, trading_days)
    accounts = 0
    if dates:
        where, params = _new_accounts_where(dates)
        accounts = _run(conn, sql.SQL("SELECT count(*) AS n FROM crm.customer c WHERE {}").format(where),
                        params)[0]["n"]
    params = {"today": today, "working_days": expiry_working_days}
    follow = _run(conn, sql.SQL(
        "SELECT count(*) AS due, count(*) FILTER (WHERE v.next_follow_up = r.today) AS due_today "
        "FROM {source} WHERE {where}").format(source=sql.SQL(_FOLLOW_UP_SOURCE), where=sql.SQL(_FOLLOW_UP_WHERE)),
        params)[0]
    expiring = _run(conn, sql.SQL("SELECT count(*) AS n FROM {source} WHERE {where}").format(
        source=sql.SQL(_EXPIRING_SOURCE), where=sql.SQL(_EXPIRING_WHERE)), params)[0]["n"]
    return {"birthdays_today": row["birthdays_today"], "birthdays": row["birthdays"], "new_accounts": accounts,
            "follow_ups_due": follow["due"], "follow_ups_today": follow["due_today"],
            "expiring_reservations": expiring,
            "badge": row["birthdays_today"] + accounts + follow["due"] + expiring, "today": today,
            "latest_load": dates[0] if dates else None, "trade_dates": dates}
