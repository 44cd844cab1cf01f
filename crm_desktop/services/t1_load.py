"""T+1 counter load (柜台数据): the counter's nightly export for one trading date into the CRM.

Export format
-------------
Per trading date two CSV files, in the given folder or in a sub-folder named after the date
(``YYYYMMDD`` or ``YYYY-MM-DD``)::

    accounts_YYYYMMDD.csv   accounts (资金账号) that are new or whose counter data changed; a
                            full snapshot works too (unchanged rows change nothing)
    daily_YYYYMMDD.csv      one row per account with figures for that trading date

* Encoding: UTF-8 (with or without BOM) or GBK/GB18030, detected per file over the whole file:
  a BOM says UTF-8; else UTF-8 when every byte decodes as UTF-8, else GB18030 -- unless the file
  holds more valid UTF-8 characters than invalid bytes (then it is UTF-8 with a broken byte,
  refused at that line, not misread as GBK). UTF-16 is refused.
* CSV: comma-separated, ``"`` quotes, first line is the header. Lines end in LF, CRLF or CR
  (mixed too); blank lines at the end are ignored, a blank line inside refuses the file. No
  line may be longer than 64 KiB. Header names in Chinese (as a Hundsun-style export) or
  English, case and surrounding spaces ignored; the columns may come in any order, extra columns
  are ignored, a missing column refuses the file:

  ================  ==========================  =================================================
  English           Chinese                     value
  ================  ==========================  =================================================
  account_no        资金账号 / 资金帐号         4-20 letters or digits, required
  name              客户姓名 / 姓名             required, at most 100 characters, at least one
                                                letter or ideograph, no control or invisible
                                                characters (zero-width, bidi, escape sequences)
  id_no             证件号码                    optional, at most 32 characters; not an
                                                18-character resident ID, or a wrong check
                                                character: warning, loaded as given
  mobile            手机 / 手机号码             optional, at most 32 characters; not 1[3-9]+9
                                                digits: warning, loaded as given (only a valid
                                                one seeds 扩展资料)
  gender            性别                        M/F or 男/女, may be empty
  birthday          出生日期                    YYYY-MM-DD or YYYYMMDD, may be empty;
                                                1900-01-01 .. the trading date
  open_date         开户日期                    YYYY-MM-DD or YYYYMMDD, required;
                                                1980-01-01 .. the trading date
  branch_code       营业部代码                  a code in crm.branch (e.g. BJ01), required
  status            状态 / 客户状态             normal/dormant/closed or 正常/休眠/销户(注销);
                                                empty = normal
  ================  ==========================  =================================================

  daily file: ``trade_date`` 日期/交易日期 (must equal ``--date``), ``account_no`` 资金账号
  (in the accounts file or loaded before), and amounts in yuan with at most 2 decimals (no
  thousands separators): ``total_assets`` 总资产, ``market_value`` 市值/证券市值 and
  ``trade_volume`` 成交金额 (all >= 0), ``cash`` 资金余额, ``commission`` 佣金,
  ``net_commission`` 净佣金, ``interest_spread`` 利差, ``pnl`` 盈亏 (may be negative).
  An amount is digits with an optional leading minus and an optional decimal point followed
  by digits (``-1234.56``, ``0``, ``100.5``; trailing zeros such as ``1.500`` are fine); no
  exponent, hex, underscores, plus sign, bare or trailing point, spaces, NaN or infinity. At
  most 41 characters, below 10^15 in value. Amounts become cents exactly
  (numeric in PostgreSQL, never a float).
* Dates are exactly ``YYYY-MM-DD`` or ``YYYYMMDD`` naming a real day (no ``today``, ``epoch``,
  ``-infinity``, ``07/12/2026``, ``261207`` or Julian days). The trading date itself lies
  between 1990-12-19 and today.
* Maxima of the other text fields: account_no 20, gender and status 8, branch_code 12
  characters. A value over its maximum refuses its row while COPY reads it (surplus trailing
  spaces are cut instead, as SQL's varchar does; values are trimmed anyway).

Line numbers count CSV records with the header as line 1 (a quoted field holding a line break
is still one record).

Errors and warnings
-------------------
Errors refuse the whole export and change nothing: a missing column or an over-long line (before
anything is read),
a malformed CSV record or an invalid byte for the encoding (COPY stops there: that one line is
reported), and per row: a value of the wrong type (date, amount), missing required fields,
unknown branch code, gender or status, dates after the trading date, a daily date other than
``--date``, more than 2 decimals, negative assets, duplicate account numbers within a file, a
daily row for an unknown account. The first 100 errors are listed with file, line, account and
reason, then the count. Warnings (ID number and mobile format) are listed the same way and do
not stop the load. Values are shown with control and invisible characters escaped.

A checked export whose daily file has fewer than half the rows of the date's previous load, of
the latest earlier date's load, or of the accounts on file that are not closed is refused as a
probable truncation (``crm.t1_shrink_problem``) unless loaded with ``force=True``
(``crm-admin sync import --force``; an empty ``.force`` file in an agent drop folder).

How it runs
-----------
One transaction on the caller's connection (the operator's superuser URL or ``crm_agent``),
with ``client_connection_check_interval`` set, so a killed loader's server work (and the load
lock) ends within a second or two; a KeyboardInterrupt cancels the running statement.
``crm.t1_stage`` makes typed temp staging tables (owned by crm_owner), the files are streamed
with ``COPY ... (ON_ERROR ignore, LOG_VERBOSITY verbose)`` (a skipped value comes back as a
NOTICE with its line), ``crm.t1_check`` validates set-based, ``crm.t1_apply`` upserts the
customers, replaces the date's daily rows (a re-run reports "replaced"), sets each row's VIP
level from ``crm.vip_level``, records ``crm.t1_load`` and queues ``NOTIFY crm_t1_loaded``;
then ``crm_desktop.services.t1_hooks.after_load`` runs in the same transaction, and the commit
makes it all visible at once. crm.customer_daily is partitioned by trading date (schema
crm_daily): a large load (>= 20 000 daily rows) builds its date's partition as a plain table in
customer order, indexes it by sorting and attaches it; a re-run deletes the date's rows and
fills the partition again (not TRUNCATE: readers of the daily facts go on during a daytime
re-run and see the old day until the commit). Before writing ``crm.customer_latest`` and the
rollups the load locks them against writers (clients' claims wait, readers do not) in the order
the clients' triggers write them; a deadlock all the same undoes the apply (a savepoint) and runs
it again, up to ``APPLY_ATTEMPTS`` times. It keeps ``crm.customer_latest`` and the pivot rollups with set-based
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
import csv
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from crm_desktop.services.tasks import NULL_CONTEXT, TaskContext

MAX_LISTED = 100
COPY_CHUNK = 1 << 20
MAX_LINE_BYTES = 64 * 1024
MAX_COLUMNS = 200                   # as crm.t1_stage allows
FIRST_TRADING_DATE = date(1990, 12, 19)     # the Shanghai exchange's first day
CONNECTION_CHECK_MS = 1000
APPLY_ATTEMPTS = 4                  # crm.t1_apply runs before a deadlock fails the load

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
_DATE_HINT = "is not a date (YYYY-MM-DD or YYYYMMDD, a real day)"
_AMOUNT_HINT = "is not an amount in yuan (digits, an optional minus, at most 2 decimals)"
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def printable(text: str) -> str:
    """`text` with control and invisible characters written as escapes, safe for a terminal."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class T1LoadRefused(ValueError):
    """The export was refused; nothing changed. `result` holds the bad rows when there are any."""

    def __init__(self, message: str, result: "LoadResult | None" = None, *, forcible: bool = False):
        super().__init__(printable(message))
        self.result = result
        self.forcible = forcible       # a shrinking export: loading it with force would go ahead


@dataclass
class BadRow:
    file: str          # "accounts" or "daily"
    line: int | None
    account_no: str | None
    reason: str
    severity: str = "error"

    def text(self) -> str:
        where = f"{self.file} line {self.line}" if self.line else self.file
        account = f" [{printable(self.account_no)}]" if self.account_no else ""
        return f"{where}{account}: {printable(self.reason)}"

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
    apply_retries: int = 0                      # crm.t1_apply runs undone by a deadlock and run again

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


def normalized_chunks(path: Path, skip: int = 0) -> Iterator[bytes]:
    """The file's bytes from offset `skip` with CRLF and CR line ends as LF and the blank lines at
    its end left out, in chunks of about COPY_CHUNK. (CR and LF bytes occur in UTF-8 and GBK text
    only as themselves, so this is safe on the undecoded bytes.)"""
    pending_cr = False
    held = b""                    # whitespace-only lines after the last content line so far
    at_line_start = True
    with open(path, "rb") as f:
        f.seek(skip)
        while chunk := f.read(COPY_CHUNK):
            if pending_cr:
                chunk = b"\r" + chunk
            pending_cr = chunk.endswith(b"\r")
            if pending_cr:
                chunk = chunk[:-1]
            data = held + chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            last = len(data.rstrip(b" \t\n"))
            if last == 0 and at_line_start:
                held = data
                continue
            cut = data.find(b"\n", last)
            out, held = (data, b"") if cut < 0 else (data[:cut + 1], data[cut + 1:])
            at_line_start = out.endswith(b"\n")
            yield out


def detect_encoding(path: Path) -> tuple[str, int]:
    """(PostgreSQL encoding name, BOM length) of a counter export, decided over the whole file;
    refuses a line longer than MAX_LINE_BYTES."""
    with open(path, "rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        bom = 3
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise T1LoadRefused(f"{path.name}: UTF-16 is not supported; export as UTF-8 or GBK")
    else:
        bom = 0
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    valid = invalid = 0              # non-ASCII characters that decode as UTF-8, bytes that do not
    line_no, line_len = 1, 0
    for chunk in normalized_chunks(path, bom):
        parts = chunk.split(b"\n")
        lengths = [line_len + len(parts[0]), *map(len, parts[1:])]
        if max(lengths) > MAX_LINE_BYTES:
            at = line_no + next(i for i, n in enumerate(lengths) if n > MAX_LINE_BYTES)
            raise T1LoadRefused(f"{path.name}: line {at} is longer than {MAX_LINE_BYTES // 1024} KiB "
                                "(far beyond any field's maximum): nothing read")
        line_no += len(parts) - 1
        line_len = lengths[-1]
        text = decoder.decode(chunk)
        if not text.isascii():
            bad = text.count("\ufffd")
            invalid += bad
            valid += len(text) - len(text.encode("ascii", "ignore")) - bad
    invalid += decoder.decode(b"", final=True).count("\ufffd")
    # GBK text read as UTF-8 is mostly invalid sequences; UTF-8 with a broken byte is mostly valid
    # ones, and is refused at the broken byte's line by COPY rather than misread as GB18030.
    if bom or invalid == 0 or valid > invalid:
        return "UTF8", bom
    return "GB18030", 0


def _norm_header(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().strip('"').strip().lower()


def read_header(path: Path, kind: str) -> CsvFile:
    encoding, bom = detect_encoding(path)
    codec = "utf-8" if encoding == "UTF8" else "gb18030"
    first = next(normalized_chunks(path, bom), b"").split(b"\n", 1)[0]
    try:
        text = first.decode(codec)
        header = next(csv.reader([text]), [])
    except UnicodeDecodeError:
        raise T1LoadRefused(f"{path.name}: the header line is not {encoding} text") from None
    except csv.Error as error:
        raise T1LoadRefused(f"{path.name}: the header line is not CSV ({error})") from None
    if not any(h.strip() for h in header):
        raise T1LoadRefused(f"{path.name}: empty file or empty header line")
    if len(header) > MAX_COLUMNS:
        raise T1LoadRefused(f"{path.name}: {len(header)} columns, more than {MAX_COLUMNS}")
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

_SKIP_NOTICE = re.compile(r'at line (\d+) for column "?([^":]+)"?: (.*)$', re.S)
_CONTEXT_LINE = re.compile(r"line (\d+)")


@dataclass
class _StagedColumn:
    name: str                     # the staging column COPY fills
    canonical: str                # the export's column (name without the _text of a checked one)
    reason: str                   # why COPY skips a value of it


def _staged_columns(conn: psycopg.Connection, table: str) -> list[_StagedColumn]:
    """The columns COPY fills, in file order, as crm.t1_stage made them: their types (and text
    maxima) are decided there and only there."""
    rows = conn.execute(
        "SELECT a.attname, format_type(a.atttypid, NULL), nullif(a.atttypmod, -1) - 4 "
        "FROM pg_attribute a WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped "
        "  AND a.attidentity = '' AND a.attgenerated = '' ORDER BY a.attnum", (f"pg_temp.{table}",)).fetchall()
    columns = []
    for name, type_name, max_length in rows:
        if type_name == "crm.t1_date_text":
            columns.append(_StagedColumn(name, name.removesuffix("_text"), _DATE_HINT))
        elif type_name == "crm.t1_amount_text":
            columns.append(_StagedColumn(name, name.removesuffix("_text"), _AMOUNT_HINT))
        else:
            columns.append(_StagedColumn(name, name, f"is longer than {max_length} characters"))
    return columns


class _Notices:
    """COPY's notices about skipped rows: first MAX_LISTED kept, all line numbers counted."""

    def __init__(self, kind: str, columns: list[_StagedColumn]):
        self.kind = kind
        self.columns = {c.name: c for c in columns}
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
            staged = self.columns.get(column)
            name, reason = (staged.canonical, staged.reason) if staged else (column, "is not valid")
            self.rows.append(BadRow(self.kind, line, None, f"{name}: {value} {reason}"))


_COPY_REFUSALS = (psycopg.errors.DataError, psycopg.errors.ProgramLimitExceeded)


def _apply(conn: psycopg.Connection, trade_date: date, source: str, fast: bool | None) -> tuple[dict, int]:
    """crm.t1_apply in a savepoint, run again when PostgreSQL ends it for a deadlock (issue #16).

    The apply takes the derived tables in the clients' lock order, but a client transaction
    that touches several customers can still cross the load's row locks; the savepoint undoes
    only the apply (the checked staging tables stay), and the nightly load should not fail for
    a claim that happened to run at the same moment. Returns the apply's result and the retries."""
    retries = 0
    while True:
        try:
            with conn.transaction():
                return conn.execute("SELECT crm.t1_apply(%s, %s, %s)", (trade_date, source, fast)).fetchone()[0], retries
        except psycopg.errors.DeadlockDetected:
            retries += 1
            if retries == APPLY_ATTEMPTS:
                raise
            time.sleep(0.2 * retries)     # the client that won finishes meanwhile


def _copy_file(conn: psycopg.Connection, table: str, csv_file: CsvFile, ctx: TaskContext) -> tuple[int, _Notices]:
    staged = _staged_columns(conn, table)
    statement = sql.SQL("COPY pg_temp.{} ({}) FROM STDIN (FORMAT csv, HEADER true, ENCODING {}, "
                        "ON_ERROR ignore, LOG_VERBOSITY verbose)").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c.name) for c in staged),
        sql.Literal(csv_file.encoding))
    notices = _Notices(csv_file.kind, staged)
    size = csv_file.path.stat().st_size
    conn.add_notice_handler(notices)
    try:
        with conn.cursor() as cur:
            try:
                with cur.copy(statement) as copy:
                    done = csv_file.bom
                    for chunk in normalized_chunks(csv_file.path, csv_file.bom):
                        copy.write(chunk)
                        done += len(chunk)
                        ctx.progress(f"copy {csv_file.kind}", min(done, size), size)
            except _COPY_REFUSALS as error:
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
                ctx: TaskContext = NULL_CONTEXT, fast: bool | None = None, force: bool = False) -> LoadResult:
    """Load the export of `trade_date` in one transaction on `conn`; T1LoadRefused (nothing
    changed, `.result` lists the bad rows) when it has errors, or when its daily file collapses
    against the earlier loads or the accounts on file and `force` is not given."""
    if not FIRST_TRADING_DATE <= trade_date <= date.today():
        raise T1LoadRefused(f"trading date {trade_date} is not between {FIRST_TRADING_DATE} and today")
    if accounts is None or daily is None:
        accounts, daily = export_files(directory, trade_date)
    started = time.perf_counter()
    try:
        files = [read_header(Path(accounts), "accounts"), read_header(Path(daily), "daily")]
    except OSError as error:
        raise T1LoadRefused(f"{Path(error.filename or '?').name}: cannot be read ({error.strerror})") from None
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
            # A loader that dies (killed, network gone) must not leave its statement running
            # with the load lock held: the server polls the client's socket while it works.
            conn.execute("SELECT set_config('client_connection_check_interval', %s, true)",
                         (str(CONNECTION_CHECK_MS),))
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
            shrink = conn.execute("SELECT crm.t1_shrink_problem(%s)", (trade_date,)).fetchone()[0]
            if shrink and not force:
                raise T1LoadRefused(f"export for {trade_date} refused: {shrink} Nothing changed", forcible=True)
            if shrink:
                result.warnings.insert(0, BadRow("daily", None, None, f"loaded by force: {shrink}", "warning"))
                result.warning_count += 1
            ctx.progress("apply", 0, 1)
            applied, result.apply_retries = _apply(conn, trade_date, source, fast)
            step("apply")
            steps.update({f"apply.{k}": v for k, v in (applied.get("steps") or {}).items()})
            from crm_desktop.services import t1_hooks

            ctx.progress("after load", 0, 1)
            result.hook = t1_hooks.after_load(conn, trade_date, ctx) or {}
            ctx.check()
            step("after_load")
    except OSError as error:       # a file that went away or became unreadable during the load
        raise T1LoadRefused(f"{Path(error.filename or '?').name}: cannot be read ({error.strerror}); "
                            "nothing changed") from None
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
