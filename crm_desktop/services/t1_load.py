"""T+1 counter load (柜台数据): the counter's nightly export for one trading date into the CRM.

Export format
-------------
Per trading date two CSV files, in the given folder or in a sub-folder named after the date
(``YYYYMMDD`` or ``YYYY-MM-DD``)::

    accounts_YYYYMMDD.csv   accounts (资金账号) that are new or whose counter data changed; a
                            full snapshot works too (unchanged rows change nothing)
    daily_YYYYMMDD.csv      one row per account with figures for that trading date

* Encoding: UTF-8 (with or without BOM) or GBK/GB18030, detected per file (BOM, else the first
  64 KiB decode as UTF-8, else GB18030). UTF-16 is refused.
* CSV: comma-separated, ``"`` quotes, first line is the header. Header names in Chinese (as a
  Hundsun-style export) or English, case and surrounding spaces ignored; the columns may come
  in any order, extra columns are ignored, a missing column refuses the file:

  ================  ==========================  =================================================
  English           Chinese                     value
  ================  ==========================  =================================================
  account_no        资金账号 / 资金帐号         4-20 letters or digits, required
  name              客户姓名 / 姓名             required
  id_no             证件号码                    optional; not an 18-character resident ID, or a
                                                wrong check character: warning, loaded as given
  mobile            手机 / 手机号码             optional; not 1[3-9]+9 digits: warning, loaded as
                                                given (only a valid one seeds 扩展资料)
  gender            性别                        M/F or 男/女, may be empty
  birthday          出生日期                    YYYY-MM-DD or YYYYMMDD, may be empty
  open_date         开户日期                    YYYY-MM-DD or YYYYMMDD, required, <= the date
  branch_code       营业部代码                  a code in crm.branch (e.g. BJ01), required
  status            状态 / 客户状态             normal/dormant/closed or 正常/休眠/销户(注销);
                                                empty = normal
  ================  ==========================  =================================================

  daily file: ``trade_date`` 日期/交易日期 (must equal ``--date``), ``account_no`` 资金账号
  (in the accounts file or loaded before), and amounts in yuan with at most 2 decimals (no
  thousands separators): ``total_assets`` 总资产, ``market_value`` 市值/证券市值 and
  ``trade_volume`` 成交金额 (all >= 0), ``cash`` 资金余额, ``commission`` 佣金,
  ``net_commission`` 净佣金, ``interest_spread`` 利差, ``pnl`` 盈亏 (may be negative).
  Amounts become cents exactly (numeric in PostgreSQL, never a float).

Line numbers count CSV records with the header as line 1 (a quoted field holding a line break
is still one record).

Errors and warnings
-------------------
Errors refuse the whole export and change nothing: a missing column (before anything is read),
a malformed CSV record or an invalid byte for the encoding (COPY stops there: that one line is
reported), and per row: a value of the wrong type (date, amount), missing required fields,
unknown branch code, gender or status, dates after the trading date, a daily date other than
``--date``, more than 2 decimals, negative assets, duplicate account numbers within a file, a
daily row for an unknown account. The first 100 errors are listed with file, line, account and
reason, then the count. Warnings (ID number and mobile format) are listed the same way and do
not stop the load.

How it runs
-----------
One transaction on the caller's connection (the operator's superuser URL or ``crm_agent``):
``crm.t1_stage`` makes typed temp staging tables (owned by crm_owner), the files are streamed
with ``COPY ... (ON_ERROR ignore, LOG_VERBOSITY verbose)`` (a skipped value comes back as a
NOTICE with its line), ``crm.t1_check`` validates set-based, ``crm.t1_apply`` upserts the
customers, replaces the date's daily rows (a re-run reports "replaced"), sets each row's VIP
level from ``crm.vip_level``, records ``crm.t1_load`` and queues ``NOTIFY crm_t1_loaded``;
then ``crm_desktop.services.t1_hooks.after_load`` runs in the same transaction, and the commit
makes it all visible at once. crm.customer_daily is partitioned by trading date (schema
crm_daily): a large load (>= 20 000 daily rows) builds its date's partition as a plain table in
customer order, indexes it by sorting and attaches it; a re-run truncates the date's partition
and fills it again. It keeps ``crm.customer_latest`` and the pivot rollups with set-based
statements instead of the statement triggers: the month's customer rollup merged with the date
(MERGE) when it comes after every date of the month loaded so far (a re-run of that date takes
the replaced figures out again; an older date rebuilds the month), the branch rollup rebuilt from the customer rollup, and the latest figures
rewritten when the date covers at least a tenth of them (an upsert otherwise). A first load
(>= 100 000 account rows, fewer than half as many customers so far) rebuilds the customer
tables' secondary indexes instead of maintaining them per row. See db/sql/0005_t1_load.sql and
0007_t1_load_speed.sql; the end state is the same as a from-scratch refresh
(tests/db/test_t1_load.py compares them). ``LoadResult.steps`` has the
seconds per step (``apply.*`` measured inside ``crm.t1_apply``).
"""

from __future__ import annotations

import codecs
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from crm_desktop.services.tasks import NULL_CONTEXT, TaskContext

MAX_LISTED = 100
SAMPLE_BYTES = 64 * 1024
COPY_CHUNK = 1 << 20

ACCOUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "account_no": ("资金账号", "资金帐号"),
    "name": ("客户姓名", "姓名"),
    "id_no": ("证件号码",),
    "mobile": ("手机", "手机号码"),
    "gender": ("性别",),
    "birthday": ("出生日期",),
    "open_date": ("开户日期",),
    "branch_code": ("营业部代码",),
    "status": ("状态", "客户状态"),
}
DAILY_COLUMNS: dict[str, tuple[str, ...]] = {
    "trade_date": ("日期", "交易日期"),
    "account_no": ("资金账号", "资金帐号"),
    "total_assets": ("总资产",),
    "market_value": ("市值", "证券市值"),
    "cash": ("资金余额",),
    "trade_volume": ("成交金额",),
    "commission": ("佣金",),
    "net_commission": ("净佣金",),
    "interest_spread": ("利差",),
    "pnl": ("盈亏",),
}
_TYPE_HINTS = {"birthday": "a date (YYYY-MM-DD or YYYYMMDD)", "open_date": "a date (YYYY-MM-DD or YYYYMMDD)",
               "trade_date": "a date (YYYY-MM-DD or YYYYMMDD)"}


class T1LoadRefused(ValueError):
    """The export was refused; nothing changed. `result` holds the bad rows when there are any."""

    def __init__(self, message: str, result: "LoadResult | None" = None):
        super().__init__(message)
        self.result = result


@dataclass
class BadRow:
    file: str          # "accounts" or "daily"
    line: int | None
    account_no: str | None
    reason: str
    severity: str = "error"

    def text(self) -> str:
        where = f"{self.file} line {self.line}" if self.line else self.file
        account = f" [{self.account_no}]" if self.account_no else ""
        return f"{where}{account}: {self.reason}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "account_no": self.account_no, "reason": self.reason,
                "severity": self.severity}


@dataclass
class LoadResult:
    trade_date: date
    status: str = "refused"              # loaded / replaced / refused
    account_rows: int = 0
    daily_rows: int = 0
    new_accounts: int = 0
    changed_accounts: int = 0
    unchanged_accounts: int = 0
    replaced_rows: int = 0
    fast: bool = False
    errors: list[BadRow] = field(default_factory=list)
    error_count: int = 0
    warnings: list[BadRow] = field(default_factory=list)
    warning_count: int = 0
    seconds: float = 0.0
    hook: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    steps: dict = field(default_factory=dict)   # seconds per step (client side; apply.* from the server)

    @property
    def rows(self) -> int:
        return self.account_rows + self.daily_rows

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def lines(self) -> list[str]:
        out = []
        if self.status == "refused":
            out.append(f"{self.trade_date}: refused, {self.error_count:,} bad row(s); nothing changed")
            out += ["  " + e.text() for e in self.errors]
            if self.error_count > len(self.errors):
                out.append(f"  ... and {self.error_count - len(self.errors):,} more bad row(s)")
        else:
            head = f"{self.trade_date}: {self.status}"
            if self.status == "replaced":
                head += f" ({self.replaced_rows:,} earlier daily rows of this date replaced)"
            out.append(head)
            out.append(f"accounts: {self.account_rows:,} rows (new {self.new_accounts:,}, changed "
                       f"{self.changed_accounts:,}, unchanged {self.unchanged_accounts:,})")
            out.append(f"daily:    {self.daily_rows:,} rows")
        if self.warning_count:
            out.append(f"warnings: {self.warning_count:,}")
            out += ["  " + w.text() for w in self.warnings]
            if self.warning_count > len(self.warnings):
                out.append(f"  ... and {self.warning_count - len(self.warnings):,} more warning(s)")
        if self.status != "refused":
            out.append(f"time:     {self.seconds:.1f} s, {self.rows_per_second:,.0f} rows/s")
        return out

    def as_dict(self) -> dict:
        return {"trade_date": self.trade_date.isoformat(), "status": self.status,
                "account_rows": self.account_rows, "daily_rows": self.daily_rows,
                "new_accounts": self.new_accounts, "changed_accounts": self.changed_accounts,
                "unchanged_accounts": self.unchanged_accounts, "replaced_rows": self.replaced_rows,
                "fast": self.fast, "error_count": self.error_count, "errors": [e.as_dict() for e in self.errors],
                "warning_count": self.warning_count, "warnings": [w.as_dict() for w in self.warnings],
                "seconds": round(self.seconds, 3), "rows_per_second": round(self.rows_per_second),
                "hook": self.hook, "files": self.files, "steps": self.steps}


# Files ----------------------------------------------------------------------------------------

def export_files(directory: str | Path, trade_date: date) -> tuple[Path, Path]:
    """The accounts and daily files of `trade_date` in `directory` (or its date sub-folder)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise T1LoadRefused(f"{directory}: not a folder")
    stamp = trade_date.strftime("%Y%m%d")
    for folder in (directory, directory / stamp, directory / trade_date.isoformat()):
        accounts, daily = folder / f"accounts_{stamp}.csv", folder / f"daily_{stamp}.csv"
        if accounts.is_file() or daily.is_file():
            missing = [p.name for p in (accounts, daily) if not p.is_file()]
            if missing:
                raise T1LoadRefused(f"{folder}: {', '.join(missing)} missing (an export needs both files)")
            return accounts, daily
    raise T1LoadRefused(f"{directory}: no accounts_{stamp}.csv / daily_{stamp}.csv for {trade_date}")


@dataclass
class CsvFile:
    path: Path
    kind: str                    # accounts / daily
    encoding: str                # PostgreSQL name: UTF8 or GB18030
    bom: int                     # bytes to skip
    columns: list[str | None]    # canonical name per file column, None = ignored
    header: list[str]


def detect_encoding(path: Path) -> tuple[str, int]:
    """(PostgreSQL encoding name, BOM length) of a counter export."""
    with open(path, "rb") as f:
        sample = f.read(SAMPLE_BYTES)
    if sample.startswith(codecs.BOM_UTF8):
        return "UTF8", 3
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise T1LoadRefused(f"{path.name}: UTF-16 is not supported; export as UTF-8 or GBK")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "UTF8", 0
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        return "GB18030", 0
    except UnicodeDecodeError:
        raise T1LoadRefused(f"{path.name}: neither UTF-8 nor GBK text") from None


def _norm_header(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().strip('"').strip().lower()


def read_header(path: Path, kind: str) -> CsvFile:
    import csv

    encoding, bom = detect_encoding(path)
    codec = "utf-8" if encoding == "UTF8" else "gb18030"
    with open(path, "rb") as f:
        f.seek(bom)
        first = f.readline(1 << 16)
    try:
        text = first.decode(codec)
    except UnicodeDecodeError:
        raise T1LoadRefused(f"{path.name}: the header line is not {encoding} text") from None
    header = next(csv.reader([text.rstrip("\r\n")]), [])
    if not any(h.strip() for h in header):
        raise T1LoadRefused(f"{path.name}: empty file or empty header line")
    spec = ACCOUNT_COLUMNS if kind == "accounts" else DAILY_COLUMNS
    names = {}
    for canonical, chinese in spec.items():
        for alias in (canonical, *chinese):
            names[_norm_header(alias)] = canonical
    columns: list[str | None] = []
    for h in header:
        canonical = names.get(_norm_header(h))
        if canonical is not None and canonical in columns:
            raise T1LoadRefused(f"{path.name}: column {h.strip()!r} appears twice")
        columns.append(canonical)
    missing = [c for c in spec if c not in columns]
    if missing:
        described = ", ".join(f"{spec[c][0]} ({c})" for c in missing)
        raise T1LoadRefused(f"{path.name}: missing column(s) {described}")
    return CsvFile(path, kind, encoding, bom, columns, header)


# Loading ----------------------------------------------------------------------------------------

_SKIP_NOTICE = re.compile(r'at line (\d+) for column "?([^":]+)"?: (.*)$')
_CONTEXT_LINE = re.compile(r"line (\d+)")


class _Notices:
    """COPY's notices about skipped rows: first MAX_LISTED kept, all line numbers counted."""

    def __init__(self, kind: str):
        self.kind = kind
        self.rows: list[BadRow] = []
        self.lines: list[int] = []

    def __call__(self, diag: psycopg.errors.Diagnostic) -> None:
        message = diag.message_primary or ""
        if "skipping row" not in message:
            return
        m = _SKIP_NOTICE.search(message)
        if not m:
            return
        line, column, value = int(m.group(1)), m.group(2), m.group(3)
        self.lines.append(line)
        if len(self.rows) < MAX_LISTED:
            hint = _TYPE_HINTS.get(column, "an amount in yuan (digits, at most 2 decimals)")
            self.rows.append(BadRow(self.kind, line, None, f"{column}: {value} is not {hint}"))


def _copy_file(conn: psycopg.Connection, table: str, csv_file: CsvFile, ctx: TaskContext) -> tuple[int, _Notices]:
    columns = [c if c is not None else f"ignored_{i}" for i, c in enumerate(csv_file.columns, 1)]
    statement = sql.SQL("COPY pg_temp.{} ({}) FROM STDIN (FORMAT csv, HEADER true, ENCODING {}, "
                        "ON_ERROR ignore, LOG_VERBOSITY verbose)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Literal(csv_file.encoding))
    notices = _Notices(csv_file.kind)
    size = csv_file.path.stat().st_size
    conn.add_notice_handler(notices)
    try:
        with conn.cursor() as cur:
            try:
                with cur.copy(statement) as copy, open(csv_file.path, "rb") as f:
                    f.seek(csv_file.bom)
                    done = csv_file.bom
                    while chunk := f.read(COPY_CHUNK):
                        copy.write(chunk)
                        done += len(chunk)
                        ctx.progress(f"copy {csv_file.kind}", done, size)
            except (psycopg.errors.BadCopyFileFormat, psycopg.errors.CharacterNotInRepertoire,
                    psycopg.errors.UntranslatableCharacter, psycopg.errors.InvalidTextRepresentation) as error:
                context = error.diag.context or ""
                m = _CONTEXT_LINE.search(context)
                reason = (error.diag.message_primary or str(error)).strip()
                row = BadRow(csv_file.kind, int(m.group(1)) if m else None, None,
                             f"{reason} (malformed record: the file is read no further)")
                raise T1LoadRefused(f"{csv_file.path.name}: {row.text()}", None) from error
            rows = cur.rowcount
    finally:
        conn.remove_notice_handler(notices)
    return rows, notices


def load_export(conn: psycopg.Connection, directory: str | Path | None, trade_date: date, *,
                accounts: Path | None = None, daily: Path | None = None, source: str | None = None,
                ctx: TaskContext = NULL_CONTEXT, fast: bool | None = None) -> LoadResult:
    """Load the export of `trade_date` in one transaction on `conn`; T1LoadRefused (nothing
    changed, `.result` lists the bad rows) when it has errors."""
    if accounts is None or daily is None:
        accounts, daily = export_files(directory, trade_date)
    started = time.perf_counter()
    files = [read_header(Path(accounts), "accounts"), read_header(Path(daily), "daily")]
    result = LoadResult(trade_date, files={f.kind: {"path": str(f.path), "encoding": f.encoding, "bom": bool(f.bom)}
                                           for f in files})
    source = source or str(Path(accounts).parent)
    steps = result.steps
    mark = [started]

    def step(name: str) -> None:
        now = time.perf_counter()
        steps[name] = round(now - mark[0], 3)
        mark[0] = now

    ctx.watch(conn)
    try:
        with conn.transaction():
            conn.execute("SELECT crm.t1_stage(%s, %s)", (files[0].columns, files[1].columns))
            step("stage")
            skipped: dict[str, _Notices] = {}
            renumber: dict[str, list[int]] = {}
            for csv_file, table in zip(files, ("t1_account_in", "t1_daily_in")):
                rows, notices = _copy_file(conn, table, csv_file, ctx)
                skipped[csv_file.kind] = notices
                # Whether a skipped row consumed a record number depends on the server version:
                # renumber only when the staged numbers run without the skipped records.
                last = conn.execute(sql.SQL("SELECT coalesce(max(line), 1) FROM pg_temp.{}").format(
                    sql.Identifier(table))).fetchone()[0]
                renumber[csv_file.kind] = notices.lines if notices.lines and last == rows + 1 else []
                step(f"copy_{csv_file.kind}")
            ctx.progress("check", 0, 1)
            errors, warnings = conn.execute(
                "SELECT errors, warnings FROM crm.t1_check(%s, %s, %s)",
                (trade_date, renumber["accounts"], renumber["daily"])).fetchone()
            result.error_count = errors + sum(len(n.lines) for n in skipped.values())
            result.warning_count = warnings
            listed = conn.execute(
                "(SELECT file, line, account_no, reason, severity FROM pg_temp.t1_issue WHERE severity = 'error' "
                " ORDER BY file, line, reason LIMIT %s) UNION ALL "
                "(SELECT file, line, account_no, reason, severity FROM pg_temp.t1_issue WHERE severity = 'warning' "
                " ORDER BY file, line, reason LIMIT %s)", (MAX_LISTED, MAX_LISTED)).fetchall()
            bad = [BadRow(*r) for r in listed]
            all_errors = [b for b in bad if b.severity == "error"] + [r for n in skipped.values() for r in n.rows]
            all_errors.sort(key=lambda b: (b.file, b.line or 0))
            result.errors = all_errors[:MAX_LISTED]
            result.warnings = [b for b in bad if b.severity == "warning"]
            step("check")
            if result.error_count:
                raise T1LoadRefused(f"export for {trade_date} refused: {result.error_count:,} bad row(s), "
                                    "nothing changed", result)
            ctx.progress("apply", 0, 1)
            applied = conn.execute("SELECT crm.t1_apply(%s, %s, %s)", (trade_date, source, fast)).fetchone()[0]
            step("apply")
            steps.update({f"apply.{k}": v for k, v in (applied.get("steps") or {}).items()})
            from crm_desktop.services import t1_hooks

            ctx.progress("after load", 0, 1)
            result.hook = t1_hooks.after_load(conn, trade_date, ctx) or {}
            ctx.check()
            step("after_load")
    except psycopg.errors.QueryCanceled:
        ctx.check()
        raise
    finally:
        ctx.release()
    for key in ("status", "account_rows", "daily_rows", "new_accounts", "changed_accounts", "unchanged_accounts",
                "replaced_rows", "fast"):
        setattr(result, key, applied[key])
    step("commit")
    result.seconds = time.perf_counter() - started
    return result


def status(conn: psycopg.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    """Loaded trading dates, newest first, with their row counts."""
    with conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        return cur.execute(
            "SELECT trade_date, status, account_rows, daily_rows, new_accounts, changed_accounts, replaced_rows, "
            "       warnings, load_count, seconds, loaded_at, loaded_by, source, "
            "       (SELECT count(*) FROM crm.customer_daily d WHERE d.trade_date = t.trade_date) AS rows_in_db "
            "FROM crm.t1_load t ORDER BY trade_date DESC LIMIT %s", (limit,)).fetchall()


def latest_date(conn: psycopg.Connection) -> date | None:
    return conn.execute("SELECT max(trade_date) FROM crm.t1_load").fetchone()[0]
