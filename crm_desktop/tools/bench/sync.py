"""`crm-admin bench sync`: the T+1 load at scale (issue #5 goal: >= 300 000 rows/s overall).

Generates `accounts` account rows (all on the first date, GBK with Chinese headers) and
`daily` daily rows spread over `days` trading dates (UTF-8 with English headers) as export files,
written by PostgreSQL itself (COPY ... TO STDOUT into the files), then loads each date with
crm_desktop.services.t1_load exactly as `crm-admin sync import` does: COPY into staging,
validation, merge, VIP levels, crm.t1_load, and the refresh of crm.customer_latest and the pivot
rollups, each date in one transaction. Then it replaces the last date again, once with the
explicit refresh (fast path) and once through the statement triggers, to show what they cost.
Run it on a scratch CRM_HOME: it refuses a database that already has customers.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import psycopg

from crm_desktop.config import crm_home
from crm_desktop.services import t1_load

BRANCHES = [f"BS{i:02d}" for i in range(1, 21)]
FIRST_DATE = date(2024, 3, 4)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _dates(days: int) -> list[date]:
    out, d = [], FIRST_DATE
    while len(out) < days:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def _write(conn: psycopg.Connection, query: str, path: Path) -> None:
    with open(path, "wb") as f, conn.cursor().copy(query) as copy:
        for chunk in copy:
            f.write(chunk)


def _generate(conn: psycopg.Connection, folder: Path, accounts: int, per_day: list[int], dates: list[date]) -> None:
    first17 = "(lpad(((i % 899999) + 100000)::text, 6, '0') || to_char(DATE '1950-01-01' + (i % 20000), 'YYYYMMDD') " \
              "|| lpad((i % 1000)::text, 3, '0'))"
    check = " + ".join(f"substr(f, {n}, 1)::int * {w}" for n, w in enumerate(ID_WEIGHTS, 1))
    branches = "ARRAY[" + ", ".join(f"'{b}'" for b in BRANCHES) + "]"
    stamp = dates[0].strftime("%Y%m%d")
    _write(conn, f"""
        COPY (SELECT 9000000000 + i AS "资金账号", '客户' || i AS "客户姓名",
                     f || substr('10X98765432', ({check}) % 11 + 1, 1) AS "证件号码",
                     '13' || lpad((i % 1000000000)::text, 9, '0') AS "手机",
                     CASE WHEN i % 2 = 0 THEN '男' ELSE '女' END AS "性别",
                     DATE '1950-01-01' + (i % 20000) AS "出生日期",
                     DATE '2003-01-02' + (i % 7000) AS "开户日期",
                     ({branches})[i % {len(BRANCHES)} + 1] AS "营业部代码", '正常' AS "状态"
                FROM (SELECT i, {first17} AS f FROM generate_series(1, {accounts}) i) s)
        TO STDOUT (FORMAT csv, HEADER, ENCODING 'GB18030')""", folder / f"accounts_{stamp}.csv")
    for d, n in zip(dates, per_day):
        stamp = d.strftime("%Y%m%d")
        if d != dates[0]:
            (folder / f"accounts_{stamp}.csv").write_text(
                "account_no,name,id_no,mobile,gender,birthday,open_date,branch_code,status\n", encoding="utf-8")
        _write(conn, f"""
            COPY (SELECT '{d.isoformat()}' AS trade_date, 9000000000 + i AS account_no,
                         round((a * 1.3)::numeric, 2) AS total_assets, round(a::numeric, 2) AS market_value,
                         round((a * 0.3)::numeric, 2) AS cash, round((random() * 20000)::numeric, 2) AS trade_volume,
                         round((random() * 20)::numeric, 2) AS commission, round((random() * 15)::numeric, 2) AS net_commission,
                         round((random() * 5)::numeric, 2) AS interest_spread,
                         round(((random() - 0.5) * 5000)::numeric, 2) AS pnl
                    FROM (SELECT i, power(random(), 3) * 8000000 AS a FROM generate_series(1, {n}) i) s)
            TO STDOUT (FORMAT csv, HEADER)""", folder / f"daily_{stamp}.csv")


def _steps_line(steps: dict) -> str:
    """The per-step seconds of a load, the apply's own steps indented under it."""
    return "  ".join(f"{k} {v:.2f}" for k, v in steps.items())


def sync_bench(admin_url: str, accounts: int = 1_000_000, daily: int = 5_000_000, days: int = 5) -> dict:
    days = max(1, days)
    if daily // days > accounts:
        raise ValueError("each date's daily rows must not exceed the account rows")
    dates = _dates(days)
    per_day = [daily // days + (1 if i < daily % days else 0) for i in range(days)]
    folder = crm_home() / "bench_sync"
    folder.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT EXISTS (SELECT 1 FROM crm.customer)").fetchone()[0]:
            raise ValueError("bench sync needs a database without customers: run it on a scratch CRM_HOME")
        for code in BRANCHES:
            conn.execute("INSERT INTO crm.branch (code, name) VALUES (%s, %s) ON CONFLICT (code) DO NOTHING",
                         (code, f"压测营业部 {code}"))
        t = time.perf_counter()
        _generate(conn, folder, accounts, per_day, dates)
        generate_s = time.perf_counter() - t
    print(f"generated {accounts:,} account rows + {daily:,} daily rows over {days} dates in {generate_s:.1f} s "
          f"({sum(p.stat().st_size for p in folder.glob('*.csv')) / 1e6:,.0f} MB in {folder})")

    result: dict = {"accounts": accounts, "daily": daily, "days": days, "generate_seconds": round(generate_s, 2),
                    "loads": []}
    total_rows, total_s = 0, 0.0
    step_totals: dict[str, float] = {}
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("SET temp_buffers = '512MB'")
        for d in dates:
            # force: a date covers --daily/--days of the --accounts, which may be under half of them
            r = t1_load.load_export(conn, folder, d, force=True)
            total_rows += r.rows
            total_s += r.seconds
            for k, v in r.steps.items():
                step_totals[k] = step_totals.get(k, 0.0) + v
            result["loads"].append({"date": d.isoformat(), "status": r.status, "rows": r.rows,
                                    "seconds": round(r.seconds, 2), "rows_per_second": round(r.rows_per_second),
                                    "steps": r.steps})
            print(f"{d}  {r.status:<8} accounts {r.account_rows:>9,}  daily {r.daily_rows:>9,}  "
                  f"{r.seconds:6.1f} s  {r.rows_per_second:>9,.0f} rows/s")
            print(f"    steps (s): {_steps_line(r.steps)}")
        overall = total_rows / total_s if total_s else 0.0
        print(f"overall: {total_rows:,} rows in {total_s:.1f} s = {overall:,.0f} rows/s "
              f"(goal >= 300,000 rows/s: {'met' if overall >= 300_000 else 'NOT met'})")
        print(f"    steps over all dates (s): {_steps_line(step_totals)}")
        result.update(rows=total_rows, seconds=round(total_s, 2), rows_per_second=round(overall),
                      steps={k: round(v, 3) for k, v in step_totals.items()})
        for fast in (True, False):
            r = t1_load.load_export(conn, folder, dates[-1], fast=fast, force=True)
            label = "explicit refresh" if fast else "statement triggers"
            print(f"re-run {dates[-1]} ({label}): {r.status}, {r.rows:,} rows in {r.seconds:.1f} s "
                  f"= {r.rows_per_second:,.0f} rows/s")
            print(f"    steps (s): {_steps_line(r.steps)}")
            result["rerun_fast" if fast else "rerun_triggers"] = {
                "seconds": round(r.seconds, 2), "rows_per_second": round(r.rows_per_second), "steps": r.steps}
    return result
