"""Fuzz harness for the T+1 counter load (issue #18): seeded hostile counter exports of every
class of bad input the issue lists, plus random byte mutations. Every case must end in the
loader's own refusal (T1LoadRefused, database unchanged) or in a correct load, within a time
bound; the harness prints the seed, the cases per class, the slowest case and the memory.

Case i of seed S is generated from random.Random(f"{S}-{i}") alone, so a failure replays with
T1_FUZZ_SEED=S T1_FUZZ_CASES=i+1 (the failing exports are also left in the test's tmp_path).
The normal run has 300 cases; `pytest -m fuzz_long` runs 3 000.
"""

from __future__ import annotations

import os
import random
import resource
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from crm_desktop.services import t1_load

D1, D2 = date(2024, 1, 3), date(2024, 1, 4)
SEED = int(os.environ.get("T1_FUZZ_SEED", "18"))
CASE_SECONDS = 15.0                  # per case, generous for 2 shared cores
RSS_GROWTH_MB = 300

ACCOUNT_COLUMNS = ["account_no", "name", "id_no", "mobile", "gender", "birthday", "open_date", "branch_code", "status",
                   "remark"]
DAILY_COLUMNS = ["trade_date", "account_no", "total_assets", "market_value", "cash", "trade_volume", "commission",
                 "net_commission", "interest_spread", "pnl"]
AMOUNTS = DAILY_COLUMNS[2:]
BASE_ROWS = 20
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "欧阳娜娜", "阿依古丽·买买提", "José Müller", "O'Brien", "赵磊",
         "孙丽", "周杰", "吴敏", "郑爽", "王强", "钱多多", "冯小刚", "𠮷田", "金 正", "ＡＢＣ"]

HOSTILE_DATES = ["-infinity", "infinity", "today", "tomorrow", "yesterday", "epoch", "now", "allballs", "07/12/2026",
                 "12/07/2026", "2026.12.07", "261207", "J2451187", "2024-02-30", "20240230", "0000-01-01",
                 "1899-12-31", "1850-06-01", "9999-12-31", "2024-1-5", " 2024-01-05", "2024-01-05T00:00",
                 "2024年1月5日", "１９８０-０１-０１", "2024-13-01", "20241301", "1e3", "", "NULL", "2024-01-05 BC"]
HOSTILE_AMOUNTS = ["1e5", "1E5", "0x10", "0X1F", "1_000", "+5", ".5", "5.", "NaN", "nan", "Infinity", "-Infinity",
                   "inf", "-", "1,000", " 5", "5 ", "0b101", "0o17", "５", "--5", "1.2.3", "1" * 25, "0." + "1" * 25,
                   "￥5", "5元", "(5)", "5-", "1 000", "١٢٣", "0x", "e5"]
HOSTILE_NAMES = ["\u3000\u3000\u3000", "\u200b", "\u200b\u200c\u200d", "\ufeff", "\u2060", "\u00ad",
                 "\x1b[31m张伟\x1b[0m", "\x1b]0;pwned\x07", "张\u202e伟", "\u202a张伟\u202c", "\x07", "\x08\x08\x08",
                 "\x7f", "\u0085", "\u2028", "...", "-- ·", "\t\t", "''", "\u3000\u200b\u3000", "\x01张伟"]
PALETTE = [b'"', b",", b"\r", b"\n", b"\r\n", b"\x00", b"\xff", b"\xe5", b"\x1b", b" ", b"\xef\xbb\xbf", b"-",
           b"e", b"9" * 40, b"\\", b"'", b";"]


@dataclass
class Case:
    index: int
    kind: str
    trade_date: date
    accounts: bytes
    daily: bytes
    expect: str                       # refused / loaded / either
    same_as_base: bool = False        # a loaded case must leave what the plain export leaves


def _field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\r\n') else value


def _csv(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join([",".join(header), *(",".join(_field(v) for v in row) for row in rows)]) + "\n"


def base_rows(trade_date: date) -> tuple[list[list[str]], list[list[str]]]:
    accounts, daily = [], []
    for i in range(BASE_ROWS):
        account = f"8200{i:04d}"
        accounts.append([account, NAMES[i], f"11010119800506{i:04d}", f"1380013{i:04d}", "M" if i % 2 else "女",
                         f"19{60 + i}-0{1 + i % 9}-1{i % 10}", f"2023{1 + i % 9:02d}15", "BR01",
                         ["normal", "正常", "dormant", ""][i % 4], f"r{i}"])
        daily.append([f"{trade_date:%Y%m%d}", account, f"{1000 * i}.5", str(900 * i), f"{100 * i}.50", "0",
                      "1.25", "1", "0.5", f"-{i}.10"])
    return accounts, daily


def _encode(text: str, rng: random.Random) -> bytes:
    return text.encode("utf-8-sig" if rng.random() < 0.3 else "utf-8")


def make_case(index: int) -> Case:
    """Case `index` of the seed: one class of bad input, drawn and shaped by its own generator."""
    rng = random.Random(f"{SEED}-{index}")
    trade_date = rng.choice([D1, D2])
    accounts, daily = base_rows(trade_date)
    kind = rng.choice(["long_field", "collapse", "truncated", "special_date", "amount", "line_endings",
                       "encoding", "invisible_name", "mutation", "mutation"])
    expect, same = "refused", False
    if kind == "long_field":
        length = rng.choice([101, 500, 4_000, 21_000, 70_000, 300_000])
        column = rng.choice(["name", "id_no", "mobile", "gender", "branch_code", "status", "account_no",
                             "remark", "birthday", "amount"])
        row = rng.randrange(BASE_ROWS)
        filler = rng.choice(["张", "a", "9", " ", "\u200b"])
        if column == "amount":
            daily[row][2 + rng.randrange(len(AMOUNTS))] = "9" * length
        elif column == "remark":
            accounts[row][9] = filler * length
            # an ignored column only matters when its line is beyond the line limit
            expect = "refused" if len((filler * length).encode()) > t1_load.MAX_LINE_BYTES - 200 else "loaded"
        else:
            accounts[row][ACCOUNT_COLUMNS.index(column)] = filler * length
            if filler == " ":
                expect = "either"       # surplus trailing blanks are cut to the maximum (varchar), then trimmed
    elif kind == "collapse":
        keep = rng.randint(0, BASE_ROWS // 2 - 1)
        daily = daily[:keep]
        accounts = accounts if rng.random() < 0.5 else []
    elif kind == "truncated":
        text = _csv(DAILY_COLUMNS, daily).encode()
        header_end = text.index(b"\n") + 1
        cut = rng.randint(header_end, len(text) - 1)
        return Case(index, kind, trade_date, _encode(_csv(ACCOUNT_COLUMNS, accounts), rng), text[:cut], "either")
    elif kind == "special_date":
        value = rng.choice(HOSTILE_DATES)
        row = rng.randrange(BASE_ROWS)
        target = rng.choice(["birthday", "open_date", "trade_date"])
        if target == "trade_date":
            daily[row][0] = value
        else:
            accounts[row][ACCOUNT_COLUMNS.index(target)] = value
        if value == "" and target == "birthday":
            expect = "loaded"           # an empty birthday is allowed
    elif kind == "amount":
        daily[rng.randrange(BASE_ROWS)][2 + rng.randrange(len(AMOUNTS))] = rng.choice(HOSTILE_AMOUNTS)
    elif kind == "line_endings":
        texts = []
        for header, rows in ((ACCOUNT_COLUMNS, accounts), (DAILY_COLUMNS, daily)):
            lines = _csv(header, rows).split("\n")[:-1]
            style = rng.choice(["crlf", "cr", "mixed", "trailing", "no_final"])
            if style == "mixed":
                text = "".join(line + rng.choice(["\r\n", "\r", "\n"]) for line in lines)
            elif style == "trailing":
                text = "\n".join(lines) + "\n" + "".join(rng.choice(["\n", "\r\n", "\r", " \n", "\t\r\n"])
                                                         for _ in range(rng.randint(1, 5)))
            elif style == "no_final":
                text = "\n".join(lines)
            else:
                text = ("\r\n" if style == "crlf" else "\r").join(lines) + ("\r\n" if style == "crlf" else "\r")
            texts.append(_encode(text, rng))
        return Case(index, kind, trade_date, texts[0], texts[1], "loaded", same_as_base=True)
    elif kind == "encoding":
        variant = rng.choice(["gbk_late", "gb18030", "utf8_broken", "utf16"])
        if variant in ("gbk_late", "gb18030"):
            for i, row in enumerate(accounts):
                if variant == "gbk_late" and i < BASE_ROWS - 3:
                    row[1] = f"Client {i}"
                    row[9] = "x" * 5_000      # the first 64 KiB are ASCII, the GBK names come later
                elif variant == "gbk_late":
                    row[1] = NAMES[i % 7]
            codec = "gbk" if variant == "gbk_late" else "gb18030"
            return Case(index, kind, trade_date, _csv(ACCOUNT_COLUMNS, accounts).encode(codec),
                        _csv(DAILY_COLUMNS, daily).encode(codec), "loaded")
        text = _csv(ACCOUNT_COLUMNS, accounts)
        if variant == "utf16":
            return Case(index, kind, trade_date, text.encode("utf-16"), _csv(DAILY_COLUMNS, daily).encode(), "refused")
        data = bytearray(text.encode())
        at = rng.randrange(data.index(b"\n") + 1, len(data))
        data[at:at] = rng.choice([b"\xff", b"\xe5\xae", b"\xc0\xaf", b"\xed\xa0\x80"])
        return Case(index, kind, trade_date, bytes(data), _csv(DAILY_COLUMNS, daily).encode(), "refused")
    elif kind == "invisible_name":
        accounts[rng.randrange(BASE_ROWS)][1] = rng.choice(HOSTILE_NAMES)
    else:   # mutation: a few random byte edits of either file
        files = [bytearray(_csv(ACCOUNT_COLUMNS, accounts).encode()), bytearray(_csv(DAILY_COLUMNS, daily).encode())]
        for _ in range(rng.randint(1, 4)):
            data = files[rng.randrange(2)]
            at = rng.randrange(len(data))
            op = rng.choice(["insert", "replace", "delete", "duplicate_line", "cut"])
            if op == "insert":
                data[at:at] = rng.choice(PALETTE)
            elif op == "replace":
                data[at] = rng.randrange(256)
            elif op == "delete":
                del data[at:at + rng.randint(1, 8)]
            elif op == "duplicate_line":
                start = data.rfind(b"\n", 0, at) + 1
                end = data.find(b"\n", at)
                end = len(data) if end < 0 else end + 1
                data[end:end] = data[start:end]
            else:
                del data[max(at, 1):]
        return Case(index, kind, trade_date, bytes(files[0]), bytes(files[1]), "either")
    return Case(index, kind, trade_date, _encode(_csv(ACCOUNT_COLUMNS, accounts), rng),
                _encode(_csv(DAILY_COLUMNS, daily), rng), expect, same)


def write_case(case: Case, root: Path) -> Path:
    folder = root / f"case{case.index:05d}_{case.kind}"
    folder.mkdir(parents=True)
    stamp = case.trade_date.strftime("%Y%m%d")
    (folder / f"accounts_{stamp}.csv").write_bytes(case.accounts)
    (folder / f"daily_{stamp}.csv").write_bytes(case.daily)
    return folder


def fingerprint(conn) -> tuple:
    return conn.execute(
        "SELECT (SELECT md5(coalesce(string_agg(c::text, '|' ORDER BY id), '')) FROM crm.customer c), "
        "       (SELECT md5(coalesce(string_agg(e::text, '|' ORDER BY customer_id), '')) FROM crm.customer_ext e), "
        "       (SELECT md5(coalesce(string_agg(d::text, '|' ORDER BY customer_id, trade_date), '')) "
        "          FROM crm.customer_daily d), "
        "       (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY trade_date), '')) FROM crm.t1_load t)").fetchone()


def loaded_state(conn, trade_date: date) -> list[tuple]:
    return conn.execute(
        "SELECT c.account_no, c.name, c.id_no, c.mobile, c.gender, c.birthday, c.open_date, c.status, "
        "       d.total_assets_cents, d.market_value_cents, d.cash_cents, d.pnl_cents "
        "FROM crm.customer c JOIN crm.customer_daily d ON d.customer_id = c.id AND d.trade_date = %s "
        "ORDER BY 1", (trade_date,)).fetchall()


def invariant_breaches(conn, trade_date: date, daily_before: int) -> list[str]:
    """What no load may ever leave behind, whatever its input."""
    breaches = conn.execute(
        "SELECT format('customer %%s: %%s', account_no, reason) FROM crm.customer c CROSS JOIN LATERAL (VALUES "
        "  (CASE WHEN name ~ crm.t1_invisible_pattern() OR name !~ crm.t1_letter_pattern() "
        "             OR length(name) > 100 THEN 'name ' || quote_literal(name) END), "
        "  (CASE WHEN NOT isfinite(birthday) OR birthday < date '1900-01-01' OR birthday > %s "
        "        THEN 'birthday ' || birthday END), "
        "  (CASE WHEN NOT isfinite(open_date) OR open_date < date '1980-01-01' OR open_date > %s "
        "        THEN 'open date ' || open_date END), "
        "  (CASE WHEN length(id_no) > 32 OR length(mobile) > 32 THEN 'long id_no or mobile' END)) x(reason) "
        "WHERE reason IS NOT NULL", (trade_date, trade_date)).fetchall()
    out = [r[0] for r in breaches]
    daily_now = conn.execute("SELECT count(*) FROM crm.customer_daily WHERE trade_date = %s", (trade_date,)).fetchone()[0]
    if daily_now * 2 < daily_before:
        out.append(f"the date kept {daily_now} of its {daily_before} daily rows")
    return out


def run_fuzz(db, tmp_path: Path, cases: int) -> None:
    with db.admin() as conn:
        base = tmp_path / "base"
        base.mkdir()
        accounts, daily = base_rows(D1)
        (base / "accounts_20240103.csv").write_text(_csv(ACCOUNT_COLUMNS, accounts), encoding="utf-8")
        (base / "daily_20240103.csv").write_text(_csv(DAILY_COLUMNS, daily), encoding="utf-8")
        t1_load.load_export(conn, base, D1)
    failures: list[str] = []
    outcomes: Counter = Counter()
    slowest = (0.0, "")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    backend_peak = 0
    expected_state: dict[date, list[tuple]] = {}
    started = time.perf_counter()
    with db.admin(autocommit=False) as conn:
        for trade_date in (D1, D2):
            plain = tmp_path / f"plain{trade_date:%Y%m%d}"
            plain.mkdir()
            accounts, daily = base_rows(trade_date)
            (plain / f"accounts_{trade_date:%Y%m%d}.csv").write_text(_csv(ACCOUNT_COLUMNS, accounts), encoding="utf-8")
            (plain / f"daily_{trade_date:%Y%m%d}.csv").write_text(_csv(DAILY_COLUMNS, daily), encoding="utf-8")
            t1_load.load_export(conn, plain, trade_date)
            expected_state[trade_date] = loaded_state(conn, trade_date)
            conn.rollback()
        for index in range(cases):
            case = make_case(index)
            folder = write_case(case, tmp_path / "cases")
            label = f"case {index} ({case.kind}, replay: T1_FUZZ_SEED={SEED} T1_FUZZ_CASES={index + 1}, files {folder})"
            before = fingerprint(conn)
            daily_before = conn.execute("SELECT count(*) FROM crm.customer_daily WHERE trade_date = %s",
                                        (case.trade_date,)).fetchone()[0]
            t0 = time.perf_counter()
            outcome = "loaded"
            try:
                t1_load.load_export(conn, folder, case.trade_date)
            except t1_load.T1LoadRefused as refusal:
                outcome = "refused"
                message = "\n".join([str(refusal), *(refusal.result.lines() if refusal.result else [])])
                if not str(refusal).strip() or any(ch in message for ch in "\x1b\x07\x00\u202e"):
                    failures.append(f"{label}: refusal message empty or carrying raw control characters: {message!r}")
                if fingerprint(conn) != before:
                    failures.append(f"{label}: refused but the database changed")
            except Exception as error:      # anything else is a bug of the loader
                outcome = "crashed"
                failures.append(f"{label}: {type(error).__name__}: {error}")
                conn.rollback()
            elapsed = time.perf_counter() - t0
            outcomes[case.kind, outcome] += 1
            if elapsed > slowest[0]:
                slowest = (elapsed, label)
            if elapsed > CASE_SECONDS:
                failures.append(f"{label}: took {elapsed:.1f} s")
            if case.expect != "either" and outcome != case.expect and outcome != "crashed":
                failures.append(f"{label}: expected {case.expect}, got {outcome}")
            if outcome == "loaded":
                failures += [f"{label}: {b}" for b in invariant_breaches(conn, case.trade_date, daily_before)]
                if case.same_as_base and loaded_state(conn, case.trade_date) != expected_state[case.trade_date]:
                    failures.append(f"{label}: loaded something else than the plain export")
            if outcome != "crashed":
                backend_peak = max(backend_peak, conn.execute(
                    "SELECT sum(total_bytes) FROM pg_backend_memory_contexts").fetchone()[0])
            conn.rollback()
            if not failures or not failures[-1].startswith(label):
                for path in sorted(folder.iterdir()):
                    path.unlink()
                folder.rmdir()
    total = time.perf_counter() - started
    rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    kinds = sorted({k for k, _ in outcomes})
    print(f"\nT+1 fuzz: seed {SEED}, {cases} cases in {total:.1f} s; slowest {slowest[0]:.2f} s ({slowest[1]}); "
          f"client peak RSS growth {rss_growth:.0f} MB (bound {RSS_GROWTH_MB}); "
          f"loader backend memory at most {backend_peak / 2**20:.1f} MB after a case (bound 256)")
    for kind in kinds:
        print(f"  {kind:15} " + ", ".join(f"{o} {outcomes[kind, o]}" for o in ("refused", "loaded", "crashed")
                                         if outcomes[kind, o]))
    assert rss_growth < RSS_GROWTH_MB
    assert backend_peak < 256 * 2**20
    assert not failures, "\n".join(failures[:30])


def test_fuzzed_counter_exports_are_refused_cleanly_or_loaded_correctly(db, tmp_path):
    run_fuzz(db, tmp_path, int(os.environ.get("T1_FUZZ_CASES", "300")))


@pytest.mark.fuzz_long
def test_fuzzed_counter_exports_long_run(db, tmp_path):
    run_fuzz(db, tmp_path, int(os.environ.get("T1_FUZZ_CASES", "3000")))


def test_every_class_is_generated():
    kinds = Counter(make_case(i).kind for i in range(300))
    assert set(kinds) == {"long_field", "collapse", "truncated", "special_date", "amount", "line_endings",
                          "encoding", "invisible_name", "mutation"}, kinds
    # The same seed gives the same cases.
    assert make_case(7) == make_case(7)
