"""The agent's jobs. Each is idempotent and safe to run twice, or from two agents at once.

- auth log: reads PostgreSQL's own jsonlog (failed passwords, successful connections,
  open_session refusals, security refusals of signed-in logins) and hands the events to
  crm.agent_ingest_auth_log(), which records login events, locks accounts after a burst of
  failures (longer per burst, then the freeze) and writes a staff login's security refusals
  (42501, CR033, CR034) to the audit log, at most 100 per login and hour. Every record is
  attacker-shaped input: see scan_auth_log().
- release locks: crm.agent_release_locks() ends temporary locks whose time is over.
- check passwords: crm.agent_check_passwords() finds passwords set outside crm.change_password()
  or a reset (ALTER ROLE, psql's \\password) and forces a change.
- sessions: crm.agent_enforce_sessions() ends idle, over-age and too-long-transaction staff
  backends; crm.agent_sweep_sessions() closes session rows whose backend is gone.
- T+1 drop folder (config.drop_dir(): CRM_DROP_DIR or $CRM_HOME/t1_drop): each sub-folder
  `YYYYMMDD` holding `accounts_YYYYMMDD.csv`, `daily_YYYYMMDD.csv` and the marker `.done` (written
  by the exporter last, when both files are complete) is loaded once with
  crm_desktop.services.t1_load (the code `crm-admin sync import` runs). Afterwards the folder
  gets `.loaded` (the load report, JSON) or `.refused` (the bad rows; delete it after fixing the
  files to retry). An export refused because its daily file collapses against the earlier
  loads (a probable truncation) is loaded anyway when the folder also holds an empty `.force`
  (write it, then delete `.refused`). A file lock (`.lock`) keeps two agents from loading one
  folder together; a crash between the commit and the marker only means the next round loads
  it again ("replaced").
- 信息栏目: crm_desktop/agent/sms_subscriptions.py queues each published issue whose time has come
  for its live subscribers (once per customer), before the outbox is sent.
- SMS outbox: crm_desktop/agent/sms_dispatch.py sends due messages to the configured gateway and
  records the provider's ids and delivery reports (nothing while no gateway is configured).
- public pool recycling: crm_desktop/agent/pool_recycling.py returns customers nobody visited or
  contacted for the policy's days to the public pool (nothing while HQ has the policy off).

Each job runs and fails on its own; its outcome (last run, last error, log records skipped) is
kept in its health record (crm.agent_health(): `crm-admin agent status`, the Administration tab).

The agent connects as `crm_agent` (CRM_AGENT_URL), or with the administrator URL and
`SET ROLE crm_agent`, so it uses exactly the rights the agent role has.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

import psycopg
from psycopg.types.json import Jsonb

from crm_desktop.agent import sms_subscriptions

_log = logging.getLogger(__name__)

# Bytes read per call, and the longest record buffered: a longer one (a huge statement from any
# login) is skipped up to its end and counted, never buffered.
CHUNK_BYTES = 4 * 1024 * 1024
RECORD_SEPARATOR = b"\n"     # jsonlog escapes newlines inside values; nothing else separates records
REFUSAL_STATES = {"CR001", "CR002", "CR003", "CR004"}
# Security refusals of a signed-in login (insufficient privilege, four eyes, cannot hold
# relationships): the refused transaction rolled back, so the audit row comes from the log.
DENIED_STATES = {"42501", "CR033", "CR034"}
DENIED_MESSAGE_CHARS = 500
JOBS = ("auth_log", "release_locks", "check_passwords", "enforce_sessions", "sweep_sessions", "t1_import",
        "sms_subscriptions", "sms_dispatch", "pool_recycling", "sales_results")


@dataclass
class AgentReport:
    log_events: int = 0
    locked: list[str] = field(default_factory=list)
    released_locks: int = 0
    password_bypass: list[str] = field(default_factory=list)
    ended_sessions: list[tuple[int, str, str]] = field(default_factory=list)
    swept_sessions: int = 0
    t1_loads: list[dict] = field(default_factory=list)
    # Per job: records skipped (auth_log) and the error of a failed job.
    skipped: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"ok": self.ok, "errors": self.errors, "skipped": self.skipped,
                "log_events": self.log_events, "locked": self.locked, "released_locks": self.released_locks,
                "password_bypass": self.password_bypass,
                "ended_sessions": [{"pid": p, "login": l, "reason": r} for p, l, r in self.ended_sessions],
                "swept_sessions": self.swept_sessions, "t1_loads": self.t1_loads}


@dataclass
class LogScan:
    events: int = 0
    locked: list[str] = field(default_factory=list)
    skipped: int = 0


def connect_agent(admin_url: str) -> psycopg.Connection:
    agent_url = os.environ.get("CRM_AGENT_URL")
    conn = psycopg.connect(agent_url or admin_url, autocommit=True, application_name="crm-agent")
    if not agent_url:
        conn.execute("SET ROLE crm_agent")
    return conn


def _text(value, limit: int) -> str | None:
    """A string value of a log record made safe to send on: no NUL (jsonb refuses it), no lone
    surrogates (not encodable), bounded length. Anything else is None."""
    if not isinstance(value, str):
        return None
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")[:limit]


def parse_log_record(record: bytes) -> tuple[bool, dict | None]:
    """One jsonlog record -> (well-formed, auth event or None). Every record is attacker-shaped
    input (login names, statements); a record that is not the expected JSON object is not
    well-formed, and is counted as skipped by the caller."""
    try:
        entry = json.loads(record.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return False, None
    if not isinstance(entry, dict):
        return False, None
    user = entry.get("user")
    if user is None:
        return True, None
    user = _text(user, 256)
    if not user:
        return False, None
    state = entry.get("state_code")
    state = state if isinstance(state, str) else None     # a list would not even be hashable
    message = _text(entry.get("message"), 1000) or ""
    at = _text(entry.get("timestamp"), 64)
    client = _text(entry.get("remote_host"), 64)
    if state == "28P01":
        return True, {"kind": "failure", "user": user, "at": at, "client": client}
    if state in REFUSAL_STATES:
        return True, {"kind": "refusal", "user": user, "at": at, "client": client, "state_code": state,
                      "detail": _text(entry.get("detail"), 10000)}
    if state in DENIED_STATES and entry.get("error_severity") == "ERROR":
        return True, {"kind": "denied", "user": user, "at": at, "client": client, "state_code": state,
                      "message": message[:DENIED_MESSAGE_CHARS]}
    if message.startswith("connection authorized"):
        return True, {"kind": "success", "user": user, "at": at}
    return True, None


def _ingest(conn: psycopg.Connection, name: str, start: int, end: int, events: list[dict]):
    return conn.execute("SELECT applied, locked, skipped FROM crm.agent_ingest_auth_log(%s, %s, %s, %s)",
                        (name, start, end, Jsonb(events))).fetchone()


def _apply_slice(conn, name: str, start: int, records: list[tuple[int, dict | None]], scan: LogScan) -> bool:
    """Apply records (end offset, event) after `start` in one call; if the database refuses the
    batch, record by record so that one bad record is skipped alone. False when another agent
    moved the cursor first."""
    end = records[-1][0]
    events = [e for _, e in records if e]
    try:
        applied, locked, skipped = _ingest(conn, name, start, end, events)
    except psycopg.OperationalError:
        raise
    except psycopg.Error as error:
        _log.warning("log slice %s [%s, %s) refused as a whole, applying record by record: %s",
                     name, start, end, error)
        position = start
        for record_end, event in records:
            try:
                applied, locked, skipped = _ingest(conn, name, position, record_end, [event] if event else [])
            except psycopg.OperationalError:
                raise
            except psycopg.Error:
                scan.skipped += 1
                applied, locked, skipped = _ingest(conn, name, position, record_end, [])
            if not applied:
                return False
            scan.events += 1 if event else 0
            scan.locked += locked
            scan.skipped += skipped
            position = record_end
        return True
    if not applied:
        return False
    scan.events += len(events)
    scan.locked += locked
    scan.skipped += skipped
    return True


def _record_end(conn, name: str, start: int, size: int) -> int | None:
    """End offset (after the separator) of the record starting at `start`, reading at most one
    chunk at a time and keeping none of it; None when the file ends first."""
    position = start
    while position < size:
        chunk = bytes(conn.execute("SELECT crm_server.read_log(%s, %s, %s)",
                                   (name, position, min(CHUNK_BYTES, size - position))).fetchone()[0])
        if not chunk:
            return None
        found = chunk.find(RECORD_SEPARATOR)
        if found >= 0:
            return position + found + 1
        position += len(chunk)
    return None


def scan_auth_log(conn: psycopg.Connection) -> LogScan:
    """Feed new complete records of the server log to the database."""
    scan = LogScan()
    cursor = conn.execute("SELECT crm.agent_log_cursor()").fetchone()[0]
    files = conn.execute(
        "SELECT name, size FROM pg_ls_logdir() WHERE name LIKE '%%.json' AND name >= %s ORDER BY name",
        (cursor["file"],)).fetchall()
    position = (cursor["file"], int(cursor["offset"]))
    for index, (name, size) in enumerate(files):
        newest = index == len(files) - 1
        start = position[1] if name == position[0] else 0
        while start < size:
            chunk = bytes(conn.execute("SELECT crm_server.read_log(%s, %s, %s)",
                                       (name, start, min(CHUNK_BYTES, size - start))).fetchone()[0])
            last = chunk.rfind(RECORD_SEPARATOR)
            if last < 0:
                # No separator within a chunk: an over-long record (skip to its end), or the
                # unfinished last record (wait for it, unless a newer file shows it never ends).
                end = _record_end(conn, name, start, size) if len(chunk) == CHUNK_BYTES else None
                if end is None and newest:
                    break
                end = size if end is None else end
                records = [(end, None)]
                scan.skipped += 1
            else:
                records, offset = [], start
                for record in chunk[: last + 1].split(RECORD_SEPARATOR)[:-1]:
                    offset += len(record) + 1
                    well_formed, event = parse_log_record(record)
                    if not well_formed:
                        scan.skipped += 1
                    records.append((offset, event))
            if not _apply_slice(conn, name, start, records, scan):
                # Another agent got there first; pick up from its cursor next time.
                return scan
            start = records[-1][0]
            position = (name, start)
        if name != position[0]:
            # An empty or fully consumed file: move the cursor so older files are skipped next time.
            _ingest(conn, name, 0, 0, [])
            position = (name, 0)
    return scan


def release_locks(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT crm.agent_release_locks()").fetchone()[0]


def check_passwords(conn: psycopg.Connection) -> list[str]:
    return list(conn.execute("SELECT crm.agent_check_passwords()").fetchone()[0])


def enforce_sessions(conn: psycopg.Connection) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in conn.execute("SELECT pid, login, reason FROM crm.agent_enforce_sessions()")]


def sweep_sessions(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT crm.agent_sweep_sessions()").fetchone()[0]


DONE_MARKER, LOADED_MARKER, REFUSED_MARKER, LOCK_FILE = ".done", ".loaded", ".refused", ".lock"
FORCE_MARKER = ".force"


def pending_exports(drop: Path) -> list[tuple[Path, date]]:
    """Complete, not yet handled exports in the drop folder, oldest date first."""
    found = []
    if not drop.is_dir():
        return found
    for folder in sorted(drop.iterdir()):
        if not folder.is_dir() or not (folder / DONE_MARKER).is_file():
            continue
        if (folder / LOADED_MARKER).exists() or (folder / REFUSED_MARKER).exists():
            continue
        try:
            trade_date = datetime.strptime(folder.name.replace("-", ""), "%Y%m%d").date()
        except ValueError:
            continue
        found.append((folder, trade_date))
    return found


def log_cursor_lag(conn: psycopg.Connection) -> int | None:
    """Bytes of server log the lockout watcher has not read yet; None when the log is not readable."""
    try:
        cursor = conn.execute("SELECT crm.agent_log_cursor()").fetchone()[0]
        files = conn.execute("SELECT name, size FROM pg_ls_logdir() WHERE name LIKE '%%.json' AND name >= %s",
                             (cursor["file"],)).fetchall()
    except psycopg.Error:
        return None
    return sum(size - (int(cursor["offset"]) if name == cursor["file"] else 0) for name, size in files)


def drop_folder_backlog(conn: psycopg.Connection) -> int:
    """Complete T+1 exports in the drop folder waiting for their load."""
    from crm_desktop import config

    return len(pending_exports(config.drop_dir()))


def _sms_backlog(conn: psycopg.Connection) -> tuple[int, int] | None:
    try:
        return tuple(conn.execute("SELECT waiting, awaiting_report FROM crm.sms_agent_backlog()").fetchone())
    except psycopg.Error:
        conn.rollback()
        return None


def sms_outbox_backlog(conn: psycopg.Connection) -> int | None:
    """Messages queued or being sent that the gateway has not accepted yet (a gateway that is
    down shows here); None when the outbox cannot be counted from this connection."""
    counts = _sms_backlog(conn)
    return None if counts is None else counts[0]


def sms_reports_backlog(conn: psycopg.Connection) -> int | None:
    """Messages the gateway accepted whose delivery report has not come back yet."""
    counts = _sms_backlog(conn)
    return None if counts is None else counts[1]


# Further backlogs join here as their jobs land: name -> count of waiting work.
BACKLOG_PROBES: dict[str, Callable[[psycopg.Connection], int | None]] = {
    "t1_drop_folder_exports": drop_folder_backlog,
    "auth_log_unread_bytes": log_cursor_lag,
    "sms_outbox_waiting": sms_outbox_backlog,
    "sms_awaiting_delivery_report": sms_reports_backlog,
    "sms_issues_due": sms_subscriptions.issues_due,
    "sms_subscriptions_without_sender": sms_subscriptions.subscriptions_without_sender,
}


def backlog(conn: psycopg.Connection) -> dict[str, int | None]:
    """What waits for the agent, per kind of work (None: cannot be measured from here)."""
    return {name: probe(conn) for name, probe in BACKLOG_PROBES.items()}


def import_drop_folder(conn: psycopg.Connection, drop: Path | None = None) -> list[dict]:
    """Load each new complete export in the drop folder once; returns one summary per folder."""
    import fasteners

    from crm_desktop import config
    from crm_desktop.services import t1_load

    drop = drop if drop is not None else config.drop_dir()
    done = []
    for folder, trade_date in pending_exports(drop):
        lock = fasteners.InterProcessLock(str(folder / LOCK_FILE))
        if not lock.acquire(blocking=False):
            continue
        try:
            if (folder / LOADED_MARKER).exists() or (folder / REFUSED_MARKER).exists():
                continue   # another agent finished it while we waited for the lock
            try:
                result = t1_load.load_export(conn, folder, trade_date, source=f"drop:{folder}",
                                             force=(folder / FORCE_MARKER).exists())
            except t1_load.T1LoadRefused as error:
                report = error.result.as_dict() if error.result is not None else {"trade_date": trade_date.isoformat()}
                if error.forcible:
                    report["force"] = (f"to load it anyway, write an empty {FORCE_MARKER} into {folder} "
                                       f"and delete {REFUSED_MARKER}")
                report.update(status="refused", message=str(error),
                              report=error.result.lines() if error.result is not None else [str(error)])
                _write_marker(folder / REFUSED_MARKER, report)
                _log.warning("T+1 export %s refused: %s", folder, error)
                done.append({"folder": str(folder), "trade_date": trade_date.isoformat(), "status": "refused",
                             "message": str(error)})
                continue
            _write_marker(folder / LOADED_MARKER, result.as_dict())
            _log.info("T+1 export %s: %s, %s account and %s daily rows", folder, result.status,
                      result.account_rows, result.daily_rows)
            done.append({"folder": str(folder), "trade_date": trade_date.isoformat(), "status": result.status,
                         "account_rows": result.account_rows, "daily_rows": result.daily_rows})
        finally:
            lock.release()
    return done


def _write_marker(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, default=str, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def run_once(admin_url: str) -> AgentReport:
    """Every job once. Each job runs and fails on its own: a failure is reported (and kept in
    the job's health record) and the next job still runs."""
    report = AgentReport()

    def auth_log(conn):
        scan = scan_auth_log(conn)
        report.log_events, report.locked, report.skipped["auth_log"] = scan.events, scan.locked, scan.skipped
        return {"events": scan.events, "locked": scan.locked}

    def released(conn):
        report.released_locks = release_locks(conn)
        return {"released": report.released_locks}

    def passwords(conn):
        report.password_bypass = check_passwords(conn)
        return {"forced_change": report.password_bypass}

    def enforce(conn):
        report.ended_sessions = enforce_sessions(conn)
        return {"ended": len(report.ended_sessions)}

    def sweep(conn):
        report.swept_sessions = sweep_sessions(conn)
        return {"swept": report.swept_sessions}

    def t1(conn):
        report.t1_loads = import_drop_folder(conn)
        return {"loads": len(report.t1_loads)}

    def subscriptions(conn):
        return sms_subscriptions.run_job(conn)

    def sms(conn):
        from crm_desktop.agent import sms_dispatch

        return sms_dispatch.run_job(conn)

    def recycling(conn):
        from crm_desktop.agent import pool_recycling

        return pool_recycling.run_job(conn)

    def sales_results(conn):
        # 销售任务: days whose figures a back-dated relationship gave to someone else (issue #15).
        with conn.transaction():
            days = conn.execute("SELECT crm.refresh_stale_sales_results()").fetchone()[0]
        return {"days": days}

    jobs = dict(zip(JOBS, (auth_log, released, passwords, enforce, sweep, t1, subscriptions, sms, recycling,
                           sales_results)))
    conn = None
    try:
        for name, job in jobs.items():
            summary, error = {}, None
            try:
                if conn is None or conn.closed or conn.broken:
                    conn = connect_agent(admin_url)
                summary = job(conn)
            except Exception as exc:    # noqa: BLE001 - one job's failure must not stop the others
                error = f"{type(exc).__name__}: {exc}"
                report.errors[name] = error
                _log.error("agent job %s failed: %s", name, error, exc_info=not isinstance(exc, psycopg.Error))
            _record_health(conn, name, error, report.skipped.get(name, 0), summary)
    finally:
        if conn is not None:
            conn.close()
    for login in report.locked:
        _log.warning("account %s locked after repeated failed passwords", login)
    for login in report.password_bypass:
        _log.warning("account %s: password set outside the policy, change forced", login)
    for pid, login, reason in report.ended_sessions:
        _log.info("ended backend %s of %s: %s", pid, login, reason)
    return report


def _record_health(conn, job: str, error: str | None, skipped: int, summary: dict) -> None:
    if conn is None or conn.closed or conn.broken:
        return
    try:
        conn.execute("SELECT crm.agent_record_health(%s, %s, %s, %s)",
                     (job, error, skipped, Jsonb(json.loads(json.dumps(summary, default=str)))))
    except psycopg.Error as exc:
        _log.error("could not record the health of agent job %s: %s", job, exc)


def run_forever(admin_url: str, interval: float = 5.0, stop: threading.Event | None = None) -> None:
    """The agent loop; a failing round is logged and retried, never fatal."""
    from crm_desktop.agent import systemd

    stop = stop or threading.Event()
    ready = False
    while not stop.is_set():
        try:
            run_once(admin_url)
        except psycopg.OperationalError as error:
            _log.warning("agent round failed (server unreachable?): %s", error)
        except Exception:
            _log.exception("agent round failed")
        # A round that ends, even failed, proves the loop alive; a hung one stops the pings.
        if not ready:
            ready = systemd.notify("READY=1")
        systemd.notify("WATCHDOG=1")
        stop.wait(interval)


def start_in_thread(admin_url: str, interval: float = 5.0) -> threading.Event:
    """The agent loop in a daemon thread of this process (the embedded default runs the agent
    inside the GUI), and the local SMS gateway unless an operator configured a real provider; set
    the returned event to stop both."""
    from crm_desktop.agent import sms_dispatch

    stop = threading.Event()
    if not sms_dispatch.uses_real_provider():
        # With it the local SMS gateway, so that sending works on the first run.
        gateway = sms_dispatch.start_local_gateway()

        def stop_gateway() -> None:
            stop.wait()
            gateway.stop()

        threading.Thread(target=stop_gateway, name="sms-gateway-stop", daemon=True).start()
    threading.Thread(target=run_forever, args=(admin_url, interval, stop), name="crm-agent", daemon=True).start()
    return stop
