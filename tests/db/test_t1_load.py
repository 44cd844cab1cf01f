"""T+1 counter load: encodings, headers, bad rows, re-runs, rollups, rights, the agent's drop folder."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest

from crm_desktop.agent import jobs
from crm_desktop.services import t1_load
from tests.db.test_pivot import quarter_rollup, quarter_rollup_from_months

DATA = Path(__file__).resolve().parent.parent / "data" / "t1"
D1, D2, D5 = date(2024, 1, 3), date(2024, 1, 4), date(2024, 1, 5)


def load(conn, folder, trade_date, **kw):
    return t1_load.load_export(conn, DATA / folder, trade_date, **kw)


def counts(db):
    return (db.scalar("SELECT count(*) FROM crm.customer"), db.scalar("SELECT count(*) FROM crm.customer_daily"),
            db.scalar("SELECT count(*) FROM crm.t1_load"), db.scalar("SELECT count(*) FROM crm.customer_ext"))


def test_gbk_export_with_chinese_headers_loads(db):
    with db.admin() as conn:
        result = load(conn, "gbk", D1)
    assert result.files["accounts"]["encoding"] == "GB18030" and not result.files["accounts"]["bom"]
    assert (result.status, result.account_rows, result.new_accounts, result.daily_rows) == ("loaded", 5, 5, 5)
    assert result.error_count == 0 and result.warning_count == 2
    assert {w.line for w in result.warnings} == {6}
    assert counts(db) == (5, 5, 1, 5)
    with db.admin() as conn:
        rows = {r[0]: r[1:] for r in conn.execute(
            "SELECT c.account_no, c.name, c.gender, c.status, c.birthday, d.total_assets_cents, d.vip_level, "
            "       d.pnl_cents, e.mobile "
            "FROM crm.customer c JOIN crm.customer_daily d ON d.customer_id = c.id "
            "JOIN crm.customer_ext e ON e.customer_id = c.id")}
        load_row = conn.execute("SELECT status, account_rows, daily_rows, new_accounts, warnings, load_count "
                                "FROM crm.t1_load WHERE trade_date = %s", (D1,)).fetchone()
    assert rows["80000001"] == ("张伟", "M", "normal", date(1980, 5, 6), 52345678, 1, -123456, "13800138001")
    assert rows["80000002"][3] == date(1975, 1, 20) and rows["80000002"][5] == 2        # YYYYMMDD, gold
    assert rows["80000003"][2] == "dormant" and rows["80000003"][4:6] == (1200000001, 3)
    assert rows["80000005"][4] == 10050 and rows["80000005"][7] is None   # landline not copied to 扩展资料
    assert load_row == ("loaded", 5, 5, 5, 2, 1)


def test_utf8_bom_export_with_english_headers_in_any_order(db):
    with db.admin() as conn:
        load(conn, "gbk", D1)
        result = load(conn, "utf8bom", D2)
    assert result.files["daily"] == {"path": str(DATA / "utf8bom" / "daily_20240104.csv"), "encoding": "UTF8",
                                     "bom": True}
    assert (result.status, result.new_accounts, result.changed_accounts, result.daily_rows) == ("loaded", 1, 1, 6)
    assert db.scalar("SELECT mobile FROM crm.customer WHERE account_no = '80000001'") == "13800138111"
    assert db.scalar("SELECT loaded_for FROM crm.customer WHERE account_no = '80000002'") == D1
    assert db.scalar("SELECT count(*) FROM crm.customer_daily WHERE trade_date = %s", (D2,)) == 6


def test_rerun_of_a_date_replaces_without_duplicates(db):
    with db.admin() as conn:
        load(conn, "gbk", D1)
        load(conn, "utf8bom", D2)
        again = load(conn, "utf8bom", D2)
    assert (again.status, again.replaced_rows, again.daily_rows) == ("replaced", 6, 6)
    assert (again.new_accounts, again.changed_accounts, again.unchanged_accounts) == (0, 0, 2)
    assert "replaced" in again.lines()[0]
    assert db.scalar("SELECT count(*) FROM crm.customer_daily WHERE trade_date = %s", (D2,)) == 6
    assert db.scalar("SELECT count(*) FROM crm.customer") == 6
    assert db.scalar("SELECT (status, load_count, replaced_rows)::text FROM crm.t1_load WHERE trade_date = %s",
                     (D2,)) == "(replaced,2,6)"


def test_an_older_date_never_overwrites_newer_counter_data(db):
    with db.admin() as conn:
        load(conn, "gbk", D1)
        load(conn, "utf8bom", D2)
        load(conn, "gbk", D1)     # re-run of the older date
    assert db.scalar("SELECT mobile FROM crm.customer WHERE account_no = '80000001'") == "13800138111"


def test_bad_rows_are_listed_with_line_and_reason_and_nothing_is_applied(db):
    with db.admin() as conn:
        load(conn, "gbk", D1)
    before = counts(db)
    with db.admin() as conn, pytest.raises(t1_load.T1LoadRefused) as refused:
        load(conn, "bad", D5)
    result = refused.value.result
    assert "nothing changed" in str(refused.value) and result.status == "refused"
    got = {(e.file, e.line): e.reason for e in result.errors}
    reasons = [(e.file, e.line, e.reason) for e in result.errors]
    assert result.error_count == len(reasons)

    def has(file, line, text):
        return any(f == file and l == line and text in r for f, l, r in reasons), (file, line, text, got)

    assert has("accounts", 2, "birthday: ")[0]                        # 1988-02-30 (COPY skipped the row)
    assert has("accounts", 3, "missing name")[0]
    assert has("accounts", 4, 'unknown branch code "NOPE"')[0]
    assert has("accounts", 4, 'gender "X"')[0]
    assert has("accounts", 5, "duplicate account number (first at line 3)")[0]
    assert has("accounts", 6, "open date 2024-02-01 is after the trading date")[0]
    assert has("accounts", 6, 'unknown status "冻结"')[0]
    assert has("daily", 3, "is not the load date 2024-01-05")[0]
    assert has("daily", 3, "duplicate account number (first at line 2)")[0]
    assert has("daily", 4, "unknown account number")[0]
    assert has("daily", 5, "more than 2 decimals")[0]
    assert has("daily", 6, "total_assets: ")[0]                       # "1,000.00" is not an amount
    assert has("daily", 7, "is negative")[0]                           # numbered right after a skipped row
    assert not any(f == "accounts" and l == 7 for f, l, _ in reasons)
    assert counts(db) == before
    assert "accounts line 3 [80000012]: missing name (客户姓名)" in "\n".join(result.lines())


def test_daily_amount_rules_at_their_edges(db, tmp_path):
    """The check's cheap first pass (scale, least/greatest) must let through exactly what the
    detailed rules accept and flag the rest with its reason."""
    with db.admin() as conn:
        load(conn, "gbk", D1)
    header = "trade_date,account_no,total_assets,market_value,cash,trade_volume,commission,net_commission,interest_spread,pnl"
    rows = {
        2: ("80000001", "1.500,0,-3.10,0,0,0,0,-999999999999999.99", None),       # trailing zero, negatives allowed
        3: ("80000002", "999999999999999.99,0,0,0,0,0,0,0", None),                  # just under the limit
        4: ("80000003", "1000000000000000,0,0,0,0,0,0,0", "total_assets (总资产) is out of range"),
        5: ("80000004", "NaN,0,0,0,0,0,0,0", 'total_assets: "NaN" is not an amount'),      # refused by COPY
        6: ("80000005", "0,0,-Infinity,0,0,0,0,0", 'cash: "-Infinity" is not an amount'),
        7: ("x-1", "0,0,0,0,0,0,0,0", "account number must be 4-20 letters or digits"),
        8: ("80000006", "0,-0.01,0,0,0,0,0,0", "market_value (市值) is negative"),
        9: ("80000007", "0,0,0,0,0,0,0,", "missing pnl (盈亏)"),
        10: ("80000008", "0,0,0,0.001,0,0,0,0", "trade_volume (成交金额) has more than 2 decimals"),
    }
    (tmp_path / "accounts_20240104.csv").write_text(
        "account_no,name,id_no,mobile,gender,birthday,open_date,branch_code,status\n"
        + "".join(f"{a},客户,,,M,,2023-01-01,BR01,\n" for a in ("80000006", "80000007", "80000008")))
    (tmp_path / "daily_20240104.csv").write_text(
        "\n".join([header, *(f"2024-01-04,{a},{v}" for a, v, _ in rows.values())]) + "\n")
    with db.admin() as conn, pytest.raises(t1_load.T1LoadRefused) as refused:
        t1_load.load_export(conn, tmp_path, D2)
    got = {(e.line, e.reason) for e in refused.value.result.errors}
    assert {line for line, _ in got} == {line for line, (_, _, reason) in rows.items() if reason}, got
    for line, (_, _, reason) in rows.items():
        if reason:
            assert any(l == line and reason in r for l, r in got), (line, reason, got)


def test_only_the_first_100_bad_rows_are_listed_then_a_count(db, tmp_path):
    header = "trade_date,account_no,total_assets,market_value,cash,trade_volume,commission,net_commission,interest_spread,pnl"
    (tmp_path / "accounts_20240103.csv").write_text("account_no,name,id_no,mobile,gender,birthday,open_date,branch_code,status\n")
    rows = [f"20240103,{70000000 + i},1,0,1,0,0,0,0,0" for i in range(250)]
    (tmp_path / "daily_20240103.csv").write_text("\n".join([header, *rows]) + "\n")
    with db.admin() as conn, pytest.raises(t1_load.T1LoadRefused) as refused:
        t1_load.load_export(conn, tmp_path, D1)
    result = refused.value.result
    assert result.error_count == 250 and len(result.errors) == 100
    assert result.lines()[-1] == "  ... and 150 more bad row(s)"


def test_a_file_missing_a_column_is_refused_before_reading(db):
    with db.admin() as conn, pytest.raises(t1_load.T1LoadRefused) as refused:
        load(conn, "missing", D5)
    assert str(refused.value) == "accounts_20240105.csv: missing column(s) 营业部代码 (branch_code)"
    assert counts(db)[:3] == (0, 0, 0)


def test_a_malformed_record_is_refused_with_its_line(db, tmp_path):
    shutil.copy(DATA / "gbk" / "accounts_20240103.csv", tmp_path)
    text = (DATA / "gbk" / "daily_20240103.csv").read_bytes().replace(b"25.00,20.00", b"25.00,20.00,extra", 1)
    (tmp_path / "daily_20240103.csv").write_bytes(text)
    with db.admin() as conn, pytest.raises(t1_load.T1LoadRefused) as refused:
        t1_load.load_export(conn, tmp_path, D1)
    assert "daily line 2" in str(refused.value) and "extra data after last expected column" in str(refused.value)
    assert counts(db)[:3] == (0, 0, 0)


def test_missing_files_and_folders_are_refused(db, tmp_path):
    with pytest.raises(t1_load.T1LoadRefused, match="no accounts_20240103.csv"):
        t1_load.export_files(tmp_path, D1)
    shutil.copy(DATA / "gbk" / "accounts_20240103.csv", tmp_path)
    with pytest.raises(t1_load.T1LoadRefused, match="daily_20240103.csv missing"):
        t1_load.export_files(tmp_path, D1)
    (tmp_path / "u16").mkdir()
    (tmp_path / "u16" / "accounts_20240103.csv").write_bytes("资金账号\n".encode("utf-16"))
    with pytest.raises(t1_load.T1LoadRefused, match="UTF-16"):
        t1_load.read_header(tmp_path / "u16" / "accounts_20240103.csv", "accounts")


def _derived_state(conn):
    """customer_latest and the pivot rollups, keyed by account number (ids differ between runs)."""
    latest = conn.execute(
        "SELECT c.account_no, l.branch_id, l.trade_date, l.total_assets_cents, l.vip_level "
        "FROM crm.customer_latest l JOIN crm.customer c ON c.id = l.customer_id ORDER BY 1").fetchall()
    months = conn.execute(
        "SELECT c.account_no, m.month, m.days, m.last_date, m.assets_end_cents, m.assets_sum_cents, m.vip_end, "
        "       m.trade_volume_cents, m.commission_cents, m.pnl_cents, m.gender, m.open_date "
        "FROM crm.pivot_customer_month m JOIN crm.customer c ON c.id = m.customer_id ORDER BY 1, 2, m.branch_id").fetchall()
    branches = conn.execute("SELECT * FROM crm.pivot_branch_month ORDER BY 1, 2, 3, 4").fetchall()
    return latest, months, branches


def _from_scratch(conn):
    conn.execute("SAVEPOINT scratch")
    conn.execute("SELECT crm.refresh_customer_latest(NULL), crm.refresh_pivot_rollups(NULL, NULL)")
    conn.execute("DELETE FROM crm.customer_latest WHERE customer_id NOT IN (SELECT customer_id FROM crm.customer_daily)")
    state = _derived_state(conn)
    conn.execute("ROLLBACK TO SAVEPOINT scratch")
    return state


def test_fast_path_and_trigger_path_leave_the_same_rollups_as_a_from_scratch_refresh(db):
    steps = [("gbk", D1), ("utf8bom", D2), ("utf8bom", D2), ("gbk", D1)]
    results = {}
    with db.admin(autocommit=False) as conn:
        for fast in (False, True):
            conn.execute("SELECT 1")      # a transaction around the loads (they become savepoints)
            for folder, trade_date in steps:
                load(conn, folder, trade_date, fast=fast)
                state = _derived_state(conn)
                assert state == _from_scratch(conn), (fast, folder)
            assert len(state[0]) == 6 and len(state[1]) == 6 and state[2]
            results[fast] = state
            conn.rollback()
    assert results[True] == results[False]


ACCOUNT_HEADER = "account_no,name,id_no,mobile,gender,birthday,open_date,branch_code,status\n"
DAILY_HEADER = "trade_date,account_no,total_assets,market_value,cash,trade_volume,commission,net_commission,interest_spread,pnl\n"


def _export(root, trade_date, accounts, daily):
    """Writes an export for `trade_date` under root/YYYYMMDD: accounts as (account_no, branch_code),
    daily as (account_no, total_assets_yuan, pnl_yuan)."""
    folder = root / trade_date.strftime("%Y%m%d")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = trade_date.strftime("%Y%m%d")
    (folder / f"accounts_{stamp}.csv").write_text(ACCOUNT_HEADER + "".join(
        f"{a},客户{a},,1390000{int(a) % 10000:04d},M,1980-01-01,2023-12-01,{b},normal\n" for a, b in accounts),
        encoding="utf-8")
    (folder / f"daily_{stamp}.csv").write_text(DAILY_HEADER + "".join(
        f"{trade_date.isoformat()},{a},{assets},{assets},0,{abs(pnl) * 3},1.25,1,0.5,{pnl}\n" for a, assets, pnl in daily),
        encoding="utf-8")
    return folder


def test_every_fast_path_leaves_what_a_from_scratch_refresh_leaves(db, tmp_path):
    """Merge of a later date, a new month, an older date loaded late, re-runs (the latest date, a
    date in the middle of the month, a customer missing from the re-run, a branch move), and the
    same steps through the statement triggers."""
    db.make_branch("BR02")
    jan, feb = [date(2024, 1, d) for d in (8, 9, 10, 11)], [date(2024, 2, 1), date(2024, 2, 2)]
    accounts = [(str(81000000 + i), "BR01" if i % 2 else "BR02") for i in range(8)]
    every = [a for a, _ in accounts]
    exports = {
        jan[0]: _export(tmp_path / "a", jan[0], accounts, [(a, 1000 * (i + 1), 10) for i, a in enumerate(every)]),
        jan[1]: _export(tmp_path / "a", jan[1], [], [(a, 50_000_00 + i, -5) for i, a in enumerate(every[:6])]),
        jan[3]: _export(tmp_path / "a", jan[3], [], [(a, 2_000_000 + i, 7) for i, a in enumerate(every[2:])]),
        # loaded after jan[3]: an older date of the month
        jan[2]: _export(tmp_path / "a", jan[2], [], [(a, 9_000_000, 1) for a in every[::2]]),
        feb[0]: _export(tmp_path / "a", feb[0], [], [(a, 100 + i, 2) for i, a in enumerate(every)]),
    }
    # Re-runs: jan[3] without two customers, and one customer moved to another branch.
    rerun_latest = _export(tmp_path / "b", jan[3], [(every[3], "BR02")],
                           [(a, 3_000_000, 4) for a in every[4:]])
    rerun_middle = _export(tmp_path / "c", jan[1], [], [(a, 10, 1) for a in every[1:3]])
    new_day = _export(tmp_path / "d", feb[1], [], [(a, 555, -1) for a in every[1:5]])
    steps = [(exports[jan[0]], jan[0], "loaded", True), (exports[jan[1]], jan[1], "loaded", True),
             (exports[jan[3]], jan[3], "loaded", True), (exports[jan[2]], jan[2], "loaded", False),
             (exports[feb[0]], feb[0], "loaded", True), (rerun_latest, jan[3], "replaced", True),
             (rerun_middle, jan[1], "replaced", False), (new_day, feb[1], "loaded", True)]
    results = {}
    with db.admin(autocommit=False) as conn:
        # Fast path with customer_latest rewritten on every date, upserted on every date, and the
        # statement triggers.
        for fast, rewrite_share in ((True, "0"), (True, "1e9"), (False, "0")):
            conn.execute("SELECT set_config('crm.t1_latest_rewrite_share', %s, false)", (rewrite_share,))
            for folder, trade_date, status, merged in steps:
                # (force: these exports cover fewer customers from date to date on purpose)
                result = t1_load.load_export(conn, folder, trade_date, fast=fast, force=True)
                assert result.status == status, (fast, trade_date)
                if fast:
                    assert ("apply.pivot_merge" in result.steps) == merged, (trade_date, result.steps)
                    rewritten = "apply.customer_latest_rewrite" in result.steps
                    # (the first date finds the table empty: a rewrite either way)
                    assert rewritten == (rewrite_share == "0" or trade_date == jan[0]), (trade_date, result.steps)
                state = _derived_state(conn)
                assert state == _from_scratch(conn), (fast, rewrite_share, trade_date, status)
            results[fast, rewrite_share] = state
            conn.rollback()
    assert results[True, "0"] == results[True, "1e9"] == results[False, "0"]
    latest = {row[0]: row[1:] for row in results[True, "0"][0]}
    assert latest[every[0]][1] == feb[0] and latest[every[2]][1] == feb[1]
    assert latest[every[3]][0] == db.scalar("SELECT id FROM crm.branch WHERE code = 'BR02'")


def test_a_load_in_the_middle_of_a_quarter_keeps_the_quarter_rollup_equal_to_its_months(db, tmp_path):
    """Issue #16: the T+1 merge keeps crm.pivot_customer_quarter itself (its triggers off): loads
    of dates in the second month of a quarter, after a hand-over in the middle of the quarter (a
    new holding pair: holders / parts of the customer's other rows), a re-run without a customer
    and with a branch move, and an older date; after each, the quarter rollup is what its months
    give and what a rebuild from scratch gives."""
    db.make_branch("BR02")
    first, second = db.make_staff("q_dev1").staff_id, db.make_staff("q_dev2").staff_id
    jan, feb = [date(2024, 1, 8), date(2024, 1, 9)], [date(2024, 2, 1), date(2024, 2, 2), date(2024, 2, 5)]
    accounts = [(str(82000000 + i), "BR01" if i % 2 else "BR02") for i in range(6)]
    every = [a for a, _ in accounts]
    root = tmp_path
    steps = [
        (_export(root / "a", jan[0], accounts, [(a, 1000 * (i + 1), 10) for i, a in enumerate(every)]), jan[0]),
        (_export(root / "a", jan[1], [], [(a, 70_000 + i, -3) for i, a in enumerate(every[:4])]), jan[1]),
        (_export(root / "a", feb[0], [], [(a, 5_000 + i, 2) for i, a in enumerate(every[1:])]), feb[0]),
        # after the hand-over of every[1] effective feb[1]: a new holding pair in the quarter
        (_export(root / "a", feb[1], [], [(a, 6_000 + i, 4) for i, a in enumerate(every)]), feb[1]),
        (_export(root / "a", feb[2], [], [(a, 7_000 + i, -1) for i, a in enumerate(every)]), feb[2]),
        # re-run of feb[2] without every[0] and with every[2] moved to BR01
        (_export(root / "b", feb[2], [(every[2], "BR01")], [(a, 8_000, 6) for a in every[1:]]), feb[2]),
        # an older date of the quarter loaded late (the month is rebuilt: the triggers keep the quarter)
        (_export(root / "c", jan[0] - timedelta(days=3), [], [(a, 900, 1) for a in every[::2]]),
         jan[0] - timedelta(days=3)),
    ]
    with db.admin(autocommit=False) as conn:
        for n, (folder, trade_date) in enumerate(steps):
            if n == 3:
                cid = conn.execute("SELECT id FROM crm.customer WHERE account_no = %s", (every[1],)).fetchone()[0]
                conn.execute("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from) "
                             "SELECT id, branch_id, %s, 'development', %s FROM crm.customer WHERE id = %s",
                             (first, jan[0], cid))
                conn.execute("UPDATE crm.relationship SET status = 'released', valid_to = %s, released_at = now(), "
                             "released_by = 'test' WHERE customer_id = %s AND kind = 'development'", (feb[1], cid))
                conn.execute("INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from) "
                             "SELECT id, branch_id, %s, 'development', %s FROM crm.customer WHERE id = %s",
                             (second, feb[1], cid))
                assert quarter_rollup(conn) == quarter_rollup_from_months(conn)
            result = t1_load.load_export(conn, folder, trade_date, fast=True, force=True)
            # every date but the older one is merged into its month and quarter
            assert ("apply.pivot_quarter" in result.steps) == (n != 6), (trade_date, result.steps)
            assert ("apply.pivot_gone" in result.steps) == (n == 5), (trade_date, result.steps)
            state = quarter_rollup(conn)
            assert state == quarter_rollup_from_months(conn), (n, trade_date)
            conn.execute("SAVEPOINT scratch")
            conn.execute("SELECT crm.refresh_pivot_rollups(NULL, NULL)")
            assert quarter_rollup(conn) == state, (n, trade_date)
            conn.execute("ROLLBACK TO SAVEPOINT scratch")
            # the merge turned the triggers back on
            assert conn.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'crm.pivot_customer_month'::regclass "
                                "AND tgname LIKE 'pivot_customer_quarter_%' AND tgenabled = 'A'").fetchone()[0] == 4
        split = conn.execute("SELECT count(*), min(holders), min(parts) FROM crm.pivot_customer_quarter q "
                             "JOIN crm.customer c ON c.id = q.customer_id WHERE c.account_no = %s",
                             (every[1],)).fetchone()
        assert split == (2, 2, 2)
        conn.rollback()


def test_a_first_load_in_bulk_rebuilds_indexes_and_keys_and_matches_a_refresh(db, tmp_path):
    """>= 100 000 new accounts on an (almost) empty crm.customer: secondary indexes and the
    customer_ext -> customer key are dropped and rebuilt, the 扩展资料 stamp trigger is off."""
    db.make_branch("BR02")
    catalog = ("SELECT array_agg(x ORDER BY x) FROM ("
               " SELECT pg_get_indexdef(i.indexrelid) AS x FROM pg_index i "
               "  WHERE i.indrelid IN ('crm.customer'::regclass, 'crm.customer_ext'::regclass)"
               " UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
               "  WHERE conrelid IN ('crm.customer'::regclass, 'crm.customer_ext'::regclass)"
               " UNION ALL SELECT tgname || ' ' || tgenabled::text FROM pg_trigger"
               "  WHERE NOT tgisinternal AND tgrelid IN ('crm.customer'::regclass, 'crm.customer_ext'::regclass)) s")
    before = db.scalar(catalog)
    n = 100_000
    day = date(2024, 3, 4)
    folder = tmp_path / "bulk"
    folder.mkdir()
    stamp = day.strftime("%Y%m%d")
    with open(folder / f"accounts_{stamp}.csv", "w", encoding="utf-8") as f:
        f.write(ACCOUNT_HEADER)
        for i in range(n):
            mobile = f"138{i:08d}" if i % 3 else "010-1234567"
            f.write(f"{90000000 + i},客户{i},,{mobile},{'M' if i % 2 else 'F'},1980-01-01,2023-12-01,"
                    f"{'BR01' if i % 2 else 'BR02'},normal\n")
    with open(folder / f"daily_{stamp}.csv", "w", encoding="utf-8") as f:
        f.write(DAILY_HEADER)
        for i in range(0, n, 2):
            f.write(f"{day.isoformat()},{90000000 + i},{i % 7919}.5,0,0,{i % 13},0,0,0,-{i % 5}\n")
    with db.admin(autocommit=False) as conn:
        result = t1_load.load_export(conn, folder, day)
        assert (result.new_accounts, result.daily_rows) == (n, n // 2)
        assert "apply.customer_indexes" in result.steps
        state = _derived_state(conn)
        assert state == _from_scratch(conn)
        assert len(state[0]) == n // 2
        ext = conn.execute("SELECT count(*), count(e.mobile), count(*) FILTER (WHERE e.branch_id <> c.branch_id), "
                           "       count(*) FILTER (WHERE e.version <> 1 OR e.modified_by IS NOT NULL "
                           "                          OR e.modified_at IS NOT NULL) "
                           "FROM crm.customer_ext e JOIN crm.customer c ON c.id = e.customer_id").fetchone()
        assert ext == (n, n - len(range(0, n, 3)), 0, 0)
        assert conn.execute(catalog).fetchone()[0] == before
        conn.commit()
    # The next (small) load of a few accounts is not a bulk one, and the stamp trigger is back.
    small = _export(tmp_path / "s", date(2024, 3, 5), [("91000001", "BR01")], [("91000001", 5, 0)])
    with db.admin() as conn:
        again = t1_load.load_export(conn, small, date(2024, 3, 5), force=True)    # 1 of 100 000 accounts
    assert "apply.customer_indexes" not in again.steps and again.new_accounts == 1
    assert db.scalar(catalog) == before


def test_staff_cannot_write_counter_data_or_load(db):
    db.make_staff("t1_mkt", scope="branch")
    with db.admin() as conn:
        load(conn, "gbk", D1)
    with db.session("t1_mkt") as conn:
        assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 5   # may read
        for statement in (
                "INSERT INTO crm.customer (account_no, name, open_date, branch_id, loaded_for) "
                "VALUES ('66666666', 'x', '2024-01-01', 2, '2024-01-01')",
                "UPDATE crm.customer SET name = 'x'",
                "DELETE FROM crm.customer",
                "INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, "
                "market_value_cents, cash_cents, trade_volume_cents, commission_cents, net_commission_cents, "
                "interest_spread_cents, pnl_cents) VALUES (2, 1, '2024-01-09', 0, 0, 0, 0, 0, 0, 0, 0)",
                "UPDATE crm.customer_daily SET pnl_cents = 0",
                "DELETE FROM crm.customer_daily",
                "INSERT INTO crm.t1_load (trade_date, source) VALUES ('2024-01-09', 'x')",
                "UPDATE crm.t1_load SET source = 'x'",
                "DELETE FROM crm.t1_load",
                "SELECT crm.t1_stage(crm.t1_account_columns(), crm.t1_daily_columns())",
                "SELECT crm.t1_apply('2024-01-03', 'x', true)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    assert counts(db) == (5, 5, 1, 5)


def test_agent_role_cannot_smuggle_its_own_staging_table(db):
    with jobs.connect_agent(db.admin_url) as conn:
        conn.execute("BEGIN")
        conn.execute("CREATE TEMP TABLE t1_account_in (line bigint, account_no text)")
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="nothing staged"):
            conn.execute("SELECT crm.t1_check('2024-01-03')")
        conn.execute("ROLLBACK")
        # Skipping the check is refused too.
        conn.execute("BEGIN")
        conn.execute("SELECT crm.t1_stage(crm.t1_account_columns(), crm.t1_daily_columns())")
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="nothing checked"):
            conn.execute("SELECT crm.t1_apply('2024-01-03', 'x', false)")
        conn.execute("ROLLBACK")


def test_load_notifies_listeners_at_commit(db):
    with db.admin() as listener, db.admin() as loader:
        listener.execute("LISTEN crm_t1_loaded")
        load(loader, "gbk", D1)
        notes = list(listener.notifies(timeout=5, stop_after=1))
    assert [(n.channel, n.payload) for n in notes] == [("crm_t1_loaded", "2024-01-03")]


def _drop(tmp_path, folder, trade_date, done=True):
    target = tmp_path / "drop" / trade_date.strftime("%Y%m%d")
    shutil.copytree(DATA / folder, target)
    if done:
        (target / ".done").write_text("")
    return target


def test_agent_loads_each_complete_drop_once(db, tmp_path, monkeypatch):
    first = _drop(tmp_path, "gbk", D1)
    bad = _drop(tmp_path, "bad", D5)
    incomplete = _drop(tmp_path, "utf8bom", D2, done=False)
    monkeypatch.setenv("CRM_DROP_DIR", str(tmp_path / "drop"))
    report = jobs.run_once(db.admin_url)           # the agent's round, as crm_agent
    assert [(r["trade_date"], r["status"]) for r in report.t1_loads] == [("2024-01-03", "loaded"),
                                                                            ("2024-01-05", "refused")]
    assert (first / ".loaded").is_file() and (bad / ".refused").is_file()
    assert "accounts line 3" in (bad / ".refused").read_text(encoding="utf-8")
    assert not (incomplete / ".loaded").exists()
    assert db.scalar("SELECT loaded_by FROM crm.t1_load WHERE trade_date = %s", (D1,)) is not None
    assert db.scalar("SELECT source FROM crm.t1_load") == f"drop:{first}"

    assert jobs.run_once(db.admin_url).t1_loads == []            # second round: nothing to do
    assert db.scalar("SELECT load_count FROM crm.t1_load WHERE trade_date = %s", (D1,)) == 1

    (incomplete / ".done").write_text("")                       # the exporter finished
    with jobs.connect_agent(db.admin_url) as conn:
        assert [r["status"] for r in jobs.import_drop_folder(conn)] == ["loaded"]
    assert counts(db)[:3] == (6, 11, 2)
