"""今日提醒 Reminders (services.reminders) on a real database: the birthday window across the year
end and 29 February in leap and common years, row-level security (a marketer sees only their own
customers), an index-backed plan under RLS, new accounts from the last 3 loaded dates only, the
care queue of visit follow-ups due, reservations whose window ends within 3 working days (with
the holiday table), the cut at `limit` and the badge counts."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from crm_desktop.services import reminders
from crm_desktop.services.errors import CrmRefusal

D = dt.date


@pytest.fixture
def people(db):
    """Two marketers (own scope), a branch director (branch scope)."""
    db.make_staff("rem_mkt1", name="孙营销")
    db.make_staff("rem_mkt2", name="李营销")
    db.make_staff("rem_dir", name="赵总监", roles=("marketing_director",), scope="branch", public_pool=True)
    return db


def customer(db, account: str, birthday: str | None, *, name: str | None = None, open_date: str = "2020-01-02",
             owner: str | None = None, mobile: str | None = None) -> int:
    cid = db.make_customer(account, name=name or f"客户{account[-3:]}", birthday=birthday, open_date=open_date,
                           mobile=mobile)
    if owner:
        db.relate(cid, owner)
    return cid


def names(rows) -> list[str]:
    return [r["name"] for r in rows]


# Birthdays ------------------------------------------------------------------------------------------------------

def test_window_wraps_the_year_end(people):
    db = people
    for account, birthday, name in [("1001", "1980-12-28", "今天"), ("1002", "1990-12-31", "三天后"),
                                    ("1003", "1975-01-03", "跨年"), ("1004", "1970-01-04", "第七天"),
                                    ("1005", "1970-01-05", "第八天"), ("1006", "1980-12-27", "昨天"),
                                    ("1007", None, "无生日")]:
        customer(db, account, birthday, name=name)
    with db.session("rem_dir") as conn:
        rows = reminders.birthdays(conn, days=7, today=D(2024, 12, 28))
    assert names(rows) == ["今天", "三天后", "跨年", "第七天"]
    assert [r["days_until"] for r in rows] == [0, 3, 6, 7]
    assert [r["next_birthday"] for r in rows] == [D(2024, 12, 28), D(2024, 12, 31), D(2025, 1, 3), D(2025, 1, 4)]
    assert [r["turns"] for r in rows] == [44, 34, 50, 55]
    assert rows.today == D(2024, 12, 28) and rows.until == D(2025, 1, 4) and not rows.truncated


def test_29_february_in_common_and_leap_years(people):
    db = people
    customer(db, "2001", "1980-02-29", name="闰日")
    customer(db, "2002", "1985-02-28", name="二月末")
    customer(db, "2003", "1970-03-01", name="三月一")
    with db.session("rem_dir") as conn:
        common = reminders.birthdays(conn, days=7, today=D(2025, 2, 25))
        assert [(r["name"], r["next_birthday"], r["days_until"]) for r in common] == [
            ("二月末", D(2025, 2, 28), 3), ("闰日", D(2025, 2, 28), 3), ("三月一", D(2025, 3, 1), 4)]
        assert next(r for r in common if r["name"] == "闰日")["turns"] == 45
        # common year, on the day: the leap-day birthday is today
        assert names(reminders.birthdays(conn, days=0, today=D(2025, 2, 28))) == ["二月末", "闰日"]
        # leap year: 28 February is not the leap-day birthday, 29 February is
        assert names(reminders.birthdays(conn, days=0, today=D(2024, 2, 28))) == ["二月末"]
        leap = reminders.birthdays(conn, days=0, today=D(2024, 2, 29))
        assert [(r["name"], r["next_birthday"], r["turns"]) for r in leap] == [("闰日", D(2024, 2, 29), 44)]
        # after the day in a leap year: next year's 28 February, 364 days on (outside a 7-day window)
        assert names(reminders.birthdays(conn, days=7, today=D(2024, 3, 1))) == ["三月一"]
        late = reminders.birthdays(conn, days=366, today=D(2024, 3, 1))
        assert next(r for r in late if r["name"] == "闰日")["next_birthday"] == D(2025, 2, 28)


def test_every_day_of_two_years_matches_the_reference(people):
    """Each start day from December 2023 to March 2025 (a leap year and both year ends): the list
    equals a reference computed in Python."""
    db = people
    birthdays = [D(1980, 2, 29), D(1984, 2, 28), D(1970, 3, 1), D(1975, 12, 31), D(1990, 1, 1), D(1966, 1, 6),
                 D(2000, 12, 25), D(1999, 6, 15)]
    ids = {customer(db, f"30{i:02d}", b.isoformat(), name=f"R{i}"): b for i, b in enumerate(birthdays)}
    day = D(2023, 12, 1)
    with db.session("rem_dir") as conn:
        while day <= D(2025, 3, 31):
            got = {(r["id"], r["next_birthday"], r["days_until"], r["turns"])
                   for r in reminders.birthdays(conn, days=7, today=day)}
            want = set()
            for cid, b in ids.items():
                nxt = reminders.next_birthday(b, day)
                if (nxt - day).days <= 7:
                    want.add((cid, nxt, (nxt - day).days, nxt.year - b.year))
            assert got == want, day
            day += dt.timedelta(days=1)


def test_closed_accounts_get_no_birthday_reminder(people):
    db = people
    customer(db, "4001", "1980-06-01", name="正常")
    closed = customer(db, "4002", "1980-06-01", name="已销户")
    with db.admin() as conn:
        conn.execute("UPDATE crm.customer SET status = 'closed' WHERE id = %s", (closed,))
    with db.session("rem_dir") as conn:
        assert names(reminders.birthdays(conn, today=D(2025, 6, 1))) == ["正常"]


def test_a_marketer_sees_only_their_customers_birthdays(people):
    db = people
    mine = customer(db, "5001", "1980-06-02", name="我的客户", owner="rem_mkt1", mobile="13800000001")
    customer(db, "5002", "1980-06-02", name="别人的客户", owner="rem_mkt2")
    customer(db, "5003", "1980-06-03", name="公有客户")
    with db.admin() as conn:
        conn.execute("UPDATE crm.customer_ext SET mobile = '13900000009' WHERE customer_id = %s", (mine,))
    with db.session("rem_mkt1") as conn:
        rows = reminders.birthdays(conn, today=D(2025, 6, 1))
        assert [(r["id"], r["developer_name"], r["mobile"], r["counter_mobile"]) for r in rows] == [
            (mine, "孙营销", "139****0009", "138****0001")]             # personal data masked
        assert reminders.counts(conn, today=D(2025, 6, 1))["birthdays"] == 1
    with db.session("rem_mkt2") as conn:
        assert names(reminders.birthdays(conn, today=D(2025, 6, 1))) == ["别人的客户"]
    with db.session("rem_dir") as conn:
        rows = reminders.birthdays(conn, today=D(2025, 6, 1))
        assert sorted(names(rows)) == sorted(["我的客户", "别人的客户", "公有客户"])
        assert [r["in_public_pool"] for r in rows if r["name"] == "公有客户"] == [True]


def test_birthday_condition_is_an_index_condition_under_rls(people):
    db = people
    for i in range(30):
        customer(db, f"60{i:02d}", f"19{60 + i}-0{1 + i % 9}-1{i % 9}", owner="rem_mkt1")
    statement, params = reminders.birthday_statement(7, D(2025, 6, 1), 10)
    with db.session("rem_mkt1") as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.execute(psycopg.sql.SQL("EXPLAIN ") + statement, params))
    assert "customer_birthday_md_idx" in plan, plan


def test_limit_cuts_and_says_so(people):
    db = people
    for i in range(5):
        customer(db, f"70{i:02d}", "1980-06-0%d" % (i + 1))
    with db.session("rem_dir") as conn:
        rows = reminders.birthdays(conn, today=D(2025, 6, 1), limit=3)
        assert len(rows) == 3 and rows.truncated and rows.limit == 3
        assert not reminders.birthdays(conn, today=D(2025, 6, 1), limit=5).truncated
        assert reminders.counts(conn, today=D(2025, 6, 1))["birthdays"] == 5


def test_bad_arguments_are_refused(people):
    with people.session("rem_dir") as conn:
        for kwargs in ({"days": -1}, {"days": 400}, {"days": True}, {"today": "June"}, {"limit": 0}):
            with pytest.raises(CrmRefusal) as caught:
                reminders.birthdays(conn, **kwargs)
            assert caught.value.kind == "invalid_input"
        with pytest.raises(CrmRefusal):
            reminders.new_accounts(conn, trading_days=0)
        assert reminders.birthdays(conn, days="7", today="2025-06-01") == []


def test_today_defaults_to_the_server_date(people):
    db = people
    today = db.scalar("SELECT current_date")
    customer(db, "8001", (today.replace(year=1980) if not (today.month == 2 and today.day == 29)
                          else D(1980, 2, 29)).isoformat(), name="寿星")
    with db.session("rem_dir") as conn:
        rows = reminders.birthdays(conn)
        assert rows.today == today and names(rows) == ["寿星"] and rows[0]["days_until"] == 0
        assert reminders.counts(conn)["birthdays_today"] == 1


# New accounts ---------------------------------------------------------------------------------------------------

def load_dates(db, *dates: str) -> None:
    with db.admin() as conn:
        for day in dates:
            conn.execute("INSERT INTO crm.t1_load (trade_date, source) VALUES (%s, 'test')", (day,))


def test_new_accounts_from_the_last_three_loaded_dates(people):
    db = people
    with db.session("rem_dir") as conn:
        assert reminders.new_accounts(conn) == [] and reminders.counts(conn)["new_accounts"] == 0
    load_dates(db, "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-08")   # a weekend and a holiday between
    old = customer(db, "9001", None, name="四天前", open_date="2024-01-02")
    a = customer(db, "9002", None, name="第一天", open_date="2024-01-03", owner="rem_mkt1")
    b = customer(db, "9003", None, name="最新", open_date="2024-01-08", mobile="13700000001")
    c = customer(db, "9004", None, name="中间", open_date="2024-01-04")
    with db.session("rem_dir") as conn:
        rows = reminders.new_accounts(conn)
        assert [r["id"] for r in rows] == [b, c, a] and old not in [r["id"] for r in rows]
        assert rows.trade_dates == [D(2024, 1, 8), D(2024, 1, 4), D(2024, 1, 3)]
        by_id = {r["id"]: r for r in rows}
        assert by_id[a]["developer_name"] == "孙营销" and not by_id[a]["in_public_pool"]
        assert by_id[b]["developer_name"] is None and by_id[b]["in_public_pool"]
        assert by_id[b]["mobile"] == "137****0001" and by_id[b]["branch_name"] == "北京金融街营业部"
        assert [r["id"] for r in reminders.new_accounts(conn, trading_days=1)] == [b]
        assert len(reminders.new_accounts(conn, trading_days=4)) == 4
        cut = reminders.new_accounts(conn, limit=2)
        assert [r["id"] for r in cut] == [b, c] and cut.truncated
        assert reminders.counts(conn, today=D(2024, 1, 8))["new_accounts"] == 3
    with db.session("rem_mkt1") as conn:
        assert [r["id"] for r in reminders.new_accounts(conn)] == [a]
    with db.session("rem_mkt2") as conn:
        assert reminders.new_accounts(conn) == []


def test_counts_make_the_badge(people):
    db = people
    load_dates(db, "2025-05-29", "2025-05-30")
    customer(db, "9101", "1980-06-01", name="今天生日", open_date="2025-05-30")
    customer(db, "9102", "1980-06-03", name="后天生日")
    with db.session("rem_dir") as conn:
        got = reminders.counts(conn, today=D(2025, 6, 1))
    assert got == {"birthdays_today": 1, "birthdays": 2, "new_accounts": 1, "follow_ups_due": 0, "follow_ups_today": 0,
                   "expiring_reservations": 0, "badge": 2, "today": D(2025, 6, 1),
                   "latest_load": D(2025, 5, 30), "trade_dates": [D(2025, 5, 30), D(2025, 5, 29)]}


# Visit follow-ups due (the care queue) ------------------------------------------------------------------------

def visit(db, customer_id: int, login: str, visited_at: str, follow_up: str | None) -> int:
    """As the operator (who may write for anyone): a visit of `login` with its next follow-up."""
    with db.admin() as conn:
        return conn.execute(
            "INSERT INTO crm.visit (customer_id, staff_id, visited_at, channel, content, next_follow_up) "
            "SELECT %s, s.id, %s, 'phone', '回访', %s FROM crm.staff s WHERE s.login = %s RETURNING id",
            (customer_id, visited_at, follow_up, login)).fetchone()[0]


def test_follow_ups_due_are_the_latest_visits_asking_for_today_or_earlier(people):
    db = people
    today = D(2025, 6, 2)
    due_today = customer(db, "7001", None, name="今天回访", owner="rem_mkt1")
    overdue = customer(db, "7002", None, name="逾期回访", owner="rem_mkt1")
    future = customer(db, "7003", None, name="以后回访", owner="rem_mkt1")
    answered = customer(db, "7004", None, name="已回访", owner="rem_mkt1")
    others = customer(db, "7005", None, name="别人的回访", owner="rem_mkt2")
    closed = customer(db, "7006", None, name="已销户", owner="rem_mkt1")
    visit(db, due_today, "rem_mkt1", "2025-05-20 10:00+08", "2025-06-02")
    visit(db, overdue, "rem_mkt1", "2025-05-01 10:00+08", "2025-05-15")
    visit(db, overdue, "rem_mkt1", "2025-05-10 10:00+08", "2025-05-30")      # the latest one counts
    visit(db, future, "rem_mkt1", "2025-05-20 10:00+08", "2025-06-03")
    visit(db, answered, "rem_mkt1", "2025-05-01 10:00+08", "2025-05-20")
    visit(db, answered, "rem_mkt2", "2025-05-21 09:00+08", None)              # anyone's later visit answers it
    visit(db, others, "rem_mkt2", "2025-05-01 10:00+08", "2025-05-31")
    visit(db, closed, "rem_mkt1", "2025-05-01 10:00+08", "2025-05-31")
    with db.admin() as conn:
        conn.execute("UPDATE crm.customer SET status = 'closed' WHERE id = %s", (closed,))

    with db.session("rem_mkt1") as conn:
        rows = reminders.follow_ups_due(conn, today=today)
        assert [(r["name"], r["next_follow_up"], r["days_overdue"]) for r in rows] == [
            ("逾期回访", D(2025, 5, 30), 3), ("今天回访", D(2025, 6, 2), 0)]
        assert all(r["own_visit"] and r["visit_staff_name"] == "孙营销" for r in rows)
        assert rows[0]["id"] == overdue and rows[0]["content"] == "回访" and rows[0]["channel"] == "phone"
        got = reminders.counts(conn, today=today)
        assert (got["follow_ups_due"], got["follow_ups_today"]) == (2, 1)
        assert names(reminders.follow_ups_due(conn, today=D(2025, 6, 3))) == ["逾期回访", "今天回访", "以后回访"]
        cut = reminders.follow_ups_due(conn, today=today, limit=1)
        assert names(cut) == ["逾期回访"] and cut.truncated
    with db.session("rem_mkt2") as conn:                 # RLS: only their own customer's queue
        assert names(reminders.follow_ups_due(conn, today=today)) == ["别人的回访"]
    with db.session("rem_dir") as conn:                  # the branch: everyone's
        rows = reminders.follow_ups_due(conn, today=today)
        assert names(rows) == ["逾期回访", "别人的回访", "今天回访"]
        assert not any(r["own_visit"] for r in rows)
        assert reminders.counts(conn, today=today)["badge"] == 3


def test_follow_up_list_refuses_bad_input_and_uses_the_index(people):
    db = people
    with db.session("rem_dir") as conn:
        for bad in ("tomorrow", "2025-02-30", 20250602):
            with pytest.raises(CrmRefusal) as refused:
                reminders.follow_ups_due(conn, today=bad)
            assert refused.value.kind == "invalid_input"
        with pytest.raises(CrmRefusal):
            reminders.follow_ups_due(conn, limit=0)
    with db.admin() as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN SELECT 1 FROM crm.visit v WHERE v.next_follow_up <= DATE '2025-06-02'").fetchall())
    assert "visit_follow_up_idx" in plan


# Reservations about to expire ---------------------------------------------------------------------------------

def reserve(db, login: str, name: str, registered_on: dt.date, status: str = "open") -> int:
    """As the operator (who may back-date): the window ends 20 working days after `registered_on`."""
    with db.admin() as conn:
        return conn.execute(
            "INSERT INTO crm.reservation (staff_id, branch_id, name, mobile, registered_on, status) "
            "SELECT s.id, s.branch_id, %s, '13912345678', %s, %s FROM crm.staff s WHERE s.login = %s "
            "RETURNING id", (name, registered_on, status, login)).fetchone()[0]


def test_reservations_expiring_within_three_working_days(people):
    db = people
    today = D(2025, 6, 2)                     # a Monday; 20 working days (no holidays) = 4 weeks
    reserve(db, "rem_mkt1", "今天到期", D(2025, 5, 5))         # window ends 2 June
    reserve(db, "rem_mkt1", "周四到期", D(2025, 5, 8))         # 5 June: 3 working days on
    reserve(db, "rem_mkt1", "周五到期", D(2025, 5, 9))         # 6 June: 4 working days on
    reserve(db, "rem_mkt1", "已过期", D(2025, 5, 2))           # 30 May: over (the matcher expires it)
    reserve(db, "rem_mkt1", "已匹配", D(2025, 5, 5), status="matched")
    reserve(db, "rem_mkt2", "别人的预约", D(2025, 5, 6))       # 3 June
    with db.admin() as conn:
        assert conn.execute("SELECT array_agg(window_end ORDER BY window_end) FROM crm.reservation "
                            "WHERE status = 'open'").fetchone()[0] == [
            D(2025, 5, 30), D(2025, 6, 2), D(2025, 6, 3), D(2025, 6, 5), D(2025, 6, 6)]

    with db.session("rem_mkt1") as conn:
        rows = reminders.expiring_reservations(conn, today=today)
        assert [(r["name"], r["window_end"], r["working_days_left"]) for r in rows] == [
            ("今天到期", D(2025, 6, 2), 0), ("周四到期", D(2025, 6, 5), 3)]
        assert rows.today == today and rows.until == D(2025, 6, 5)
        assert rows[0]["own"] and rows[0]["staff_name"] == "孙营销" and "5678" in rows[0]["mobile"]
        assert "1391234" not in rows[0]["mobile"]                 # masked like every personal value
        assert reminders.counts(conn, today=today)["expiring_reservations"] == 2
    with db.session("rem_mkt2") as conn:
        assert names(reminders.expiring_reservations(conn, today=today)) == ["别人的预约"]
    with db.session("rem_dir") as conn:                   # the registering staff's superiors and branch
        assert names(reminders.expiring_reservations(conn, today=today)) == ["今天到期", "别人的预约", "周四到期"]

    # A holiday on Wednesday moves the horizon to Friday; Thursday's window then has 2 working days left.
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.holiday (day, name) VALUES ('2025-06-04', '测试假日')")
    with db.session("rem_mkt1") as conn:
        rows = reminders.expiring_reservations(conn, today=today)
        assert [(r["name"], r["working_days_left"]) for r in rows] == [("今天到期", 0), ("周四到期", 2), ("周五到期", 3)]
        assert rows.until == D(2025, 6, 6)
        empty = reminders.expiring_reservations(conn, today=D(2025, 7, 1))
        assert empty == [] and empty.until == D(2025, 7, 4)
        with pytest.raises(CrmRefusal):
            reminders.expiring_reservations(conn, working_days=-1)
