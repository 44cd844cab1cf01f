"""The demo seed against a fresh database: consistency of what it loads, and its logins."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from crm_desktop.agent import jobs, sms_subscriptions
from crm_desktop.services import machine
from crm_desktop.tools import demo

CUSTOMERS = 2000
DAYS = 5


def seed(db, **kwargs) -> demo.SeedReport:
    stages: list[str] = []
    report = demo.seed(db.admin_url, customers=CUSTOMERS, days=DAYS, seed=3,
                       progress=lambda stage, done, total: stages.append(stage), **kwargs)
    assert {"staff", "customers", "customer_daily", "indexes"} <= set(stages)
    return report


def rows(db, query: str, params: tuple = ()) -> list[tuple]:
    with db.admin() as conn:
        return conn.execute(query, params).fetchall()


def test_seed_loads_consistent_data(db):
    report = seed(db)
    dates = demo.trading_days(DAYS, date.today())
    plan = demo.staff_plan(CUSTOMERS, 3)

    assert report.table("customer").rows == CUSTOMERS
    assert any(line.startswith("customer_daily") for line in report.lines())
    assert db.scalar("SELECT count(*) FROM crm.customer") == CUSTOMERS
    assert db.scalar("SELECT count(*) FROM crm.customer_ext") == CUSTOMERS
    assert db.scalar("SELECT count(*) FROM crm.customer c LEFT JOIN crm.customer_ext e ON e.customer_id = c.id "
                     "WHERE e.customer_id IS NULL OR e.branch_id <> c.branch_id") == 0
    assert rows(db, "SELECT DISTINCT version, modified_by, modified_at FROM crm.customer_ext") == [(1, None, None)]
    # mostly the counter mobile, some different; valid either way (the CHECK holds)
    different = db.scalar("SELECT count(*) FROM crm.customer_ext e JOIN crm.customer c ON c.id = e.customer_id "
                          "WHERE e.mobile <> c.mobile")
    assert 0 < different < CUSTOMERS * 0.1
    assert db.scalar("SELECT count(*) FROM crm.customer_ext WHERE address IS NOT NULL") > CUSTOMERS * 0.2
    assert db.scalar("SELECT count(*) FROM crm.customer_ext WHERE email IS NOT NULL") > CUSTOMERS * 0.05

    # branches and staff
    assert {r[0] for r in rows(db, "SELECT code FROM crm.branch")} >= {"HQ", "BJ01", "SH01", "SZ01", "GZ01",
                                                                        "HZ01", "CD01"}
    assert db.scalar("SELECT kind FROM crm.branch WHERE code = 'HQ'") == "hq"
    assert db.scalar("SELECT count(*) FROM crm.staff") == len(plan)
    assert db.scalar("SELECT count(*) FROM crm.staff WHERE must_change_password OR password_expires_at IS NOT NULL "
                     "OR NOT mac_binding_required") == 0
    # every login is a LOGIN role in crm_staff that crm_owner administers
    assert db.scalar(
        "SELECT count(*) FROM crm.staff s JOIN pg_roles r ON r.rolname = s.login "
        "WHERE r.rolcanlogin AND pg_has_role(r.oid, 'crm_staff', 'MEMBER') "
        "AND pg_has_role('crm_owner', r.oid, 'MEMBER WITH ADMIN OPTION')") == len(plan)
    assert rows(db, "SELECT s.login, r.role_code, p.post_code, s.customer_scope, s.public_pool, sup.login "
                    "FROM crm.staff s JOIN crm.staff_role r ON r.staff_id = s.id "
                    "LEFT JOIN crm.staff_post p ON p.staff_id = s.id LEFT JOIN crm.staff sup ON sup.id = s.superior_id "
                    "WHERE s.login IN ('bj01_director', 'bj01_devmgr', 'bj01_mkt01', 'hq_marketing') ORDER BY 1") == [
        ("bj01_devmgr", "marketing", None, "subordinates", False, "bj01_director"),
        ("bj01_director", "marketing_director", "marketing_director", "subordinates", True, None),
        ("bj01_mkt01", "marketing", None, "own", False, "bj01_devmgr"),
        ("hq_marketing", "hq_marketing", "hq_marketing", "all", True, None),
    ]
    macs = machine.local_macs()
    bound = dict(rows(db, "SELECT s.login, array_agg(m.mac ORDER BY m.mac) FROM crm.staff s "
                          "LEFT JOIN crm.staff_mac m ON m.staff_id = s.id GROUP BY s.login"))
    assert bound.pop(demo.UNBOUND_LOGIN) == [None]
    assert all(v == sorted(macs) for v in bound.values())

    # relationships: at most one live development relationship, mirrored by developer_id
    assert db.scalar("SELECT count(*) FROM (SELECT customer_id FROM crm.relationship WHERE kind = 'development' "
                     "AND status = 'live' GROUP BY customer_id HAVING count(*) > 1) x") == 0
    assert db.scalar(
        "SELECT count(*) FROM crm.customer c LEFT JOIN crm.relationship r ON r.customer_id = c.id "
        "AND r.kind = 'development' AND r.status = 'live' "
        "WHERE c.developer_id IS DISTINCT FROM r.staff_id") == 0
    developed = db.scalar("SELECT count(*) FROM crm.customer WHERE developer_id IS NOT NULL")
    served = db.scalar("SELECT count(*) FROM crm.relationship WHERE kind = 'service'")
    assert 0.62 * CUSTOMERS < developed < 0.78 * CUSTOMERS
    assert 0.06 * CUSTOMERS < served < 0.14 * CUSTOMERS
    assert db.scalar(
        "SELECT count(*) FROM crm.relationship r JOIN crm.customer c ON c.id = r.customer_id "
        "JOIN crm.staff s ON s.id = r.staff_id "
        "WHERE r.branch_id <> c.branch_id OR s.branch_id <> c.branch_id OR r.valid_from < c.open_date "
        "OR r.valid_from > c.loaded_for OR (r.kind = 'service' AND r.staff_id = c.developer_id)") == 0

    # customers: ID numbers agree with birthday and gender; loaded for the last trading day
    assert db.scalar(
        "SELECT count(*) FROM crm.customer WHERE id_no !~ '^[0-9]{17}[0-9X]$' "
        "OR substr(id_no, 7, 8) <> to_char(birthday, 'YYYYMMDD') "
        "OR (substr(id_no, 17, 1)::integer %% 2 = 1) <> (gender = 'M') "
        "OR mobile !~ '^1[3-9][0-9]{9}$' OR account_no !~ '^[0-9]{12}$' "
        "OR loaded_for <> %s OR open_date > loaded_for", (dates[-1],)) == 0
    assert db.scalar("SELECT count(DISTINCT status) FROM crm.customer") >= 2

    # facts: only trading days, only from the open date, figures consistent
    assert [r[0] for r in rows(db, "SELECT DISTINCT trade_date FROM crm.customer_daily ORDER BY 1")] == dates
    facts = db.scalar("SELECT count(*) FROM crm.customer_daily")
    assert 0.12 * CUSTOMERS * DAYS < facts < 0.28 * CUSTOMERS * DAYS
    assert report.table("customer_daily").rows == facts
    assert db.scalar(
        "SELECT count(*) FROM crm.customer_daily d LEFT JOIN crm.customer c ON c.id = d.customer_id "
        "WHERE c.id IS NULL OR c.branch_id <> d.branch_id OR d.trade_date < c.open_date OR c.status = 'closed' "
        "OR d.market_value_cents + d.cash_cents <> d.total_assets_cents OR d.cash_cents < 0 "
        "OR d.market_value_cents < 0 "
        "OR (d.trade_volume_cents = 0) <> (d.commission_cents = 0) "
        "OR (d.trade_volume_cents > 0 AND d.commission_cents < 500) "
        "OR d.net_commission_cents > d.commission_cents "
        "OR d.vip_level <> (SELECT max(v.level) FROM crm.vip_level v "
        "                    WHERE v.min_assets_cents <= d.total_assets_cents)") == 0
    assert db.scalar("SELECT count(*) FROM crm.customer_daily WHERE trade_volume_cents > 0") > facts * 0.05
    assert db.scalar("SELECT count(*) FROM crm.customer_daily WHERE pnl_cents < 0") > 0
    assert db.scalar("SELECT count(*) FROM crm.customer_daily WHERE pnl_cents > 0") > 0
    loads = rows(db, "SELECT trade_date, daily_rows, source FROM crm.t1_load ORDER BY 1")
    counted = dict(rows(db, "SELECT trade_date, count(*) FROM crm.customer_daily GROUP BY 1"))
    assert [(d, counted[d], "demo") for d in dates] == loads

    # the indexes dropped for the load are back
    assert {r[0] for r in rows(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'crm' AND tablename IN "
                                   "('customer', 'customer_daily', 'relationship')")} >= {
        "customer_branch_idx", "customer_pool_idx", "customer_mobile_idx", "customer_daily_pkey",
        "customer_daily_customer_idx", "customer_daily_date_idx", "relationship_one_live_development",
        "relationship_live_staff_idx"}

    # 短信 works on the first run: every 信息管理员 has an HQ quota; a few 扩展资料 mobiles are Hong
    # Kong / Macau numbers and a few numbers are blacklisted or opted out (each skip reason shows)
    assert rows(db, "SELECT DISTINCT q.monthly_quota FROM crm.staff_role r LEFT JOIN crm.sms_quota q "
                    "ON q.staff_id = r.staff_id WHERE r.role_code = 'info_manager'") == [(demo.DEMO_SMS_QUOTA,)]
    assert db.scalar("SELECT count(*) FROM crm.customer_ext WHERE left(mobile, 4) = '+852' OR left(mobile, 5) = '00853'") > 0
    assert {r[0] for r in rows(db, "SELECT kind FROM crm.sms_blacklist")} == {"blacklisted", "opted_out"}
    # 信息栏目: HQ's columns with subscribers in every branch, sent by the branch's 信息管理员, and
    # one published issue that the agent queues on the first run
    assert db.scalar("SELECT count(*) FROM crm.sms_column") == len(demo.SMS_COLUMNS)
    assert db.scalar("SELECT count(DISTINCT branch_id) FROM crm.sms_subscription") == len(demo.BRANCHES)
    assert rows(db, "SELECT DISTINCT r.role_code FROM crm.sms_subscription s JOIN crm.staff_role r "
                    "ON r.staff_id = s.sender_id AND r.role_code = 'info_manager'") == [("info_manager",)]
    with jobs.connect_agent(db.admin_url) as conn:
        delivered = sms_subscriptions.run_job(conn)
    assert delivered["issues"] == 1 and delivered["queued"] > 0
    # 待人工确认: the same prospect registered twice gives the approvers' review queue items to resolve
    review = rows(db, "SELECT reason, count(*) FROM crm.reservation WHERE status = 'review' GROUP BY 1")
    assert [reason for reason, _ in review] == ["several_reservations"] and review[0][1] >= 2


def test_demo_logins_and_refusals(db):
    seed(db)
    # A marketer sees exactly the customers in a live relationship with them.
    expected = {r[0] for r in rows(
        db, "SELECT c.account_no FROM crm.customer c JOIN crm.relationship r ON r.customer_id = c.id "
            "JOIN crm.staff s ON s.id = r.staff_id WHERE s.login = 'bj01_mkt01' AND r.status = 'live'")}
    assert expected
    with db.session("bj01_mkt01", password=demo.DEMO_PASSWORD) as conn:
        seen = {r[0] for r in conn.execute("SELECT account_no FROM crm.customer")}
        facts = conn.execute("SELECT count(DISTINCT customer_id) FROM crm.customer_daily").fetchone()[0]
    assert seen == expected
    assert facts <= len(expected)
    # The director sees the branch's developed customers and its public pool.
    with db.session("bj01_director", password=demo.DEMO_PASSWORD) as conn:
        director = conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0]
    assert director == db.scalar("SELECT count(*) FROM crm.customer c JOIN crm.branch b ON b.id = c.branch_id "
                                 "WHERE b.code = 'BJ01'")
    # The unbound account is refused on this PC.
    with pytest.raises(psycopg.Error) as refused:
        db.session(demo.UNBOUND_LOGIN, password=demo.DEMO_PASSWORD)
    assert refused.value.sqlstate == "CR001"

    # The definer functions (crm_owner) can alter demo roles: reset and freeze.
    with db.session("bj01_admin", password=demo.DEMO_PASSWORD) as conn:
        temporary = conn.execute("SELECT crm.reset_password('bj01_mkt01')").fetchone()[0]
        conn.execute("SELECT crm.freeze_staff('bj01_mkt02', 'test')")
    assert db.scalar("SELECT must_change_password FROM crm.staff WHERE login = 'bj01_mkt01'") is True
    with db.connect("bj01_mkt01", temporary) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == "bj01_mkt01"
    with db.admin() as conn:
        conn.execute("SELECT crm.reset_password('bj01_mkt03')")
    with pytest.raises(psycopg.OperationalError):
        db.connect("bj01_mkt02", demo.DEMO_PASSWORD)

    # Seeding again is refused and changes nothing.
    staff_before = db.scalar("SELECT count(*) FROM crm.staff")
    with pytest.raises(demo.DemoSeedRefused, match="already has customers"):
        demo.seed(db.admin_url, customers=10, days=1)
    assert db.scalar("SELECT count(*) FROM crm.staff") == staff_before
    assert db.scalar("SELECT count(*) FROM crm.customer") == CUSTOMERS


def test_seed_refuses_a_database_with_customers(db):
    db.make_customer("100001")
    # Logins are the cluster's: another test's demo may have left bj01_* roles behind.
    demo_roles = "SELECT count(*) FROM pg_roles WHERE rolname ~ '^bj01_'"
    roles_before = db.scalar(demo_roles)
    with pytest.raises(ValueError, match="already has customers"):
        demo.seed(db.admin_url, customers=10, days=1)
    assert db.scalar("SELECT count(*) FROM crm.staff") == 0
    assert db.scalar(demo_roles) == roles_before
