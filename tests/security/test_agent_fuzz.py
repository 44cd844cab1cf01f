"""The lockout watcher survives anything a client can put in the server log (issue #11, part 1).

Hostile records reach the real server log three ways: connection attempts with hostile login
names (no valid password), statements of a signed-in staff member whose error messages carry
hostile text (U+2028, control characters, megabytes), and bytes appended to the log file where
no client could write them through PostgreSQL (invalid JSON, JSON of other types, a truncated
final record). After every batch, wrong passwords for a real login must still lock it on the next
round, and every round must report success.

Seeded: CRM_FUZZ_SEED replays a run (the seed is in the assertion messages).
"""

from __future__ import annotations

import json
import os
import random

import psycopg
import pytest

from crm_desktop.agent import jobs
from crm_desktop.services import admin_queries
from tests.security.helpers import expect_login_refused, wait_for

SEED = int(os.environ.get("CRM_FUZZ_SEED", "20261207"))
BATCHES = 3
CONNECTION_ATTEMPTS = 25      # per batch: each is a real SCRAM exchange with the server
STATEMENTS = 180              # per batch
FILE_RECORDS = 150            # per batch
HUGE_RECORD_CHARS = 2_100_000  # × 3 bytes (U+2028): beyond the reader's 4 MiB chunk

HOSTILE_CHARS = ["\u2028", "\u2029", "\u0085", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x01", "\x7f",
                 "\ufeff", "\u200b", "\ud7ff", "\ufffd", "\U0001f600", "\U0010fffd", '"', "\\", "{", "}",
                 "'", "\t", "\u3000", "中", "ı"]


def hostile_text(rng: random.Random, length: int) -> str:
    """Any Unicode a client can send (no NUL, no surrogates), heavy on separators and controls."""
    out = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.5:
            out.append(rng.choice(HOSTILE_CHARS))
        elif roll < 0.8:
            out.append(chr(rng.randint(1, 0x7F)))
        else:
            code = rng.randint(0x80, 0x10FFFF)
            out.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "\u2028")
    return "".join(out)


def file_record(rng: random.Random) -> bytes:
    """One record only a writer of the log file could produce (not newline-free is impossible:
    the separator ends it)."""
    kind = rng.randrange(8)
    if kind == 0:      # not JSON at all, with raw control characters
        body = hostile_text(rng, rng.randint(1, 200)).replace("\n", " ").encode("utf-8")
    elif kind == 1:    # JSON of another type
        body = json.dumps(rng.choice([1, -2.5, "28P01", None, True, [1, "user"], [], ""])).encode()
    elif kind == 2:    # the right keys with the wrong types
        body = json.dumps({"user": rng.choice([1, None, ["x"], {"a": 1}, True]), "state_code": "28P01",
                           "timestamp": rng.choice([5, "not a time", None])}).encode()
    elif kind == 3:    # escaped NUL and lone surrogates: valid JSON, unusable text
        body = b'{"user": "nul\\u0000user", "state_code": "28P01", "message": "\\ud800\\udfff\\ud800"}'
    elif kind == 4:    # invalid UTF-8
        body = b'{"user": "\xff\xfe\xc0\xaf", "state_code": "28P01"}'
    elif kind == 5:    # deep nesting
        depth = rng.randint(1000, 50000)
        body = b"[" * depth + b"]" * depth
    elif kind == 6:    # a plausible failure with an impossible timestamp for a name that does not exist
        body = json.dumps({"user": hostile_text(rng, 10), "state_code": "28P01",
                           "timestamp": hostile_text(rng, 12)}, ensure_ascii=rng.random() < 0.5).encode()
    else:              # truncated JSON
        body = json.dumps({"user": "someone", "message": hostile_text(rng, 30)})[: rng.randint(1, 20)].encode()
    return body.replace(b"\n", b" ") + b"\n"


def current_log(db) -> str:
    with db.admin() as conn:
        data_dir = conn.execute("SELECT current_setting('data_directory')").fetchone()[0]
        current = conn.execute("SELECT pg_current_logfile('jsonlog')").fetchone()[0]
    return current if os.path.isabs(current) else os.path.join(data_dir, current)


def append(path: str, data: bytes) -> None:
    """One O_APPEND write: atomic with respect to the collector's own appends."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
    finally:
        os.close(fd)


def clean_round(db, context: str) -> dict:
    report = jobs.run_once(db.admin_url).as_dict()
    assert report["ok"], f"{context}: {report['errors']} (CRM_FUZZ_SEED={SEED})"
    return report


def assert_lockout_still_works(db, login: str, context: str) -> None:
    for attempt in range(3):
        expect_login_refused(db, login, f"wrong-{attempt}")
    locked: list[str] = []
    assert wait_for(lambda: locked.extend(clean_round(db, context)["locked"]) or login in locked, timeout=15), \
        f"{context}: {login} was not locked after 3 wrong passwords (CRM_FUZZ_SEED={SEED})"
    with db.admin() as conn:
        conn.execute("SELECT crm.unfreeze_staff(%s)", (login,))


@pytest.mark.timeout(120)
def test_hostile_log_records_never_stop_the_lockout_watcher(db):
    rng = random.Random(SEED)
    db.make_staff("fuzz_target")
    db.make_staff("fuzz_writer")
    with db.admin() as conn:
        conn.execute("""SELECT crm.update_policy('{"lockout_threshold": 3}')""")
    log_path = current_log(db)
    clean_round(db, "before the first batch")
    written = 0
    skipped = 0
    for batch in range(BATCHES):
        context = f"batch {batch}"
        # 1. Connection attempts with hostile login names and no valid password.
        for _ in range(CONNECTION_ATTEMPTS):
            name = hostile_text(rng, rng.randint(1, 40)).replace("\x00", "")
            if rng.random() < 0.3:   # a name shaped to break out of its JSON string
                name = '","user":"fuzz_target","state_code":"28P01"\u2028{"user":"fuzz_target'
            # Some with no password at all (the client gives up), the others with a wrong one.
            password = None if rng.random() < 0.3 else "no-such-password"
            with pytest.raises(psycopg.OperationalError):
                psycopg.connect(db.conninfo_for(name, password), connect_timeout=5).close()
            written += 1
        # 2. Statements of a signed-in login whose errors carry hostile text into the log.
        with db.connect("fuzz_writer") as conn:
            for _ in range(STATEMENTS):
                with pytest.raises(psycopg.Error):
                    conn.execute("SELECT %s::integer", (hostile_text(rng, rng.randint(1, 300)),))
                written += 1
            if batch == 0:   # one record of several MiB, via a statement (once: the log is shared)
                with pytest.raises(psycopg.Error):
                    conn.execute("SELECT repeat(chr(8232), %s)::integer", (HUGE_RECORD_CHARS,))
                written += 1
        # 3. Records no client could write, appended to the log file itself.
        records = [file_record(rng) for _ in range(FILE_RECORDS)]
        if batch == 0:
            records.append(b"{" + b"\xe2\x80\xa8" * HUGE_RECORD_CHARS + b"}\n")   # several MiB, not JSON
        append(log_path, b"".join(records))
        written += len(records)
        report = clean_round(db, context)
        skipped += report["skipped"].get("auth_log", 0)
        assert_lockout_still_works(db, "fuzz_target", context)

    # A truncated final record: the round succeeds and waits for the rest of it ...
    append(log_path, b'{"user": "fuzz_target", "state_code": "28P0')
    before = clean_round(db, "truncated final record")
    # ... which here never comes: the next record starts on the same line, and the merge is skipped.
    append(log_path, b"\n")
    written += 1
    after = clean_round(db, "after the truncated record")
    skipped += before["skipped"].get("auth_log", 0) + after["skipped"].get("auth_log", 0)
    assert after["skipped"].get("auth_log", 0) >= 1
    assert_lockout_still_works(db, "fuzz_target", "after the truncated record")

    assert written >= 1000
    # Every file-written record that is not a JSON object was counted, not silently dropped.
    assert skipped >= BATCHES * (FILE_RECORDS // 2), (skipped, SEED)
    with db.admin() as conn:
        conn.execute("SET ROLE crm_agent")
        health = {h["job"]: h for h in admin_queries.agent_health(conn)}
    assert set(health) == set(jobs.JOBS)
    assert all(h["ok"] for h in health.values()), health
    assert health["auth_log"]["skipped_total"] >= skipped
