"""The agent's jobs. Each is idempotent and safe to run twice, or from two agents at once.

- auth log: reads PostgreSQL's own jsonlog (failed passwords, successful connections,
  open_session refusals) and hands the events to crm.agent_ingest_auth_log(), which
  records login events and freezes accounts after too many failures.
- sessions: crm.agent_enforce_sessions() ends idle and over-age staff backends;
  crm.agent_sweep_sessions() closes session rows whose backend is gone.
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

import psycopg
from psycopg.types.json import Jsonb

_log = logging.getLogger(__name__)

# Bytes read per call; a line is consumed only once it is complete.
CHUNK_BYTES = 4 * 1024 * 1024
REFUSAL_STATES = {"CR001", "CR002", "CR003", "CR004"}


@dataclass
class AgentReport:
    log_events: int = 0
    locked: list[str] = field(default_factory=list)
    ended_sessions: list[tuple[int, str, str]] = field(default_factory=list)
    swept_sessions: int = 0
    t1_loads: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"log_events": self.log_events, "locked": self.locked,
                "ended_sessions": [{"pid": p, "login": l, "reason": r} for p, l, r in self.ended_sessions],
                "swept_sessions": self.swept_sessions, "t1_loads": self.t1_loads}


def connect_agent(admin_url: str) -> psycopg.Connection:
    agent_url = os.environ.get("CRM_AGENT_URL")
    conn = psycopg.connect(agent_url or admin_url, autocommit=True, application_name="crm-agent")
    if not agent_url:
        conn.execute("SET ROLE crm_agent")
    return conn


def parse_log_line(line: str) -> dict | None:
    """One jsonlog line -> an auth event for crm.agent_ingest_auth_log(), or None."""
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    user = entry.get("user")
    if not user:
        return None
    state = entry.get("state_code")
    message = entry.get("message", "")
    at = entry.get("timestamp")
    if state == "28P01":
        return {"kind": "failure", "user": user, "at": at}
    if state in REFUSAL_STATES:
        return {"kind": "refusal", "user": user, "at": at, "state_code": state,
                "message": message, "detail": entry.get("detail")}
    if message.startswith("connection authorized"):
        return {"kind": "success", "user": user, "at": at}
    return None


def scan_auth_log(conn: psycopg.Connection) -> tuple[int, list[str]]:
    """Feed new complete lines of the server log to the database; returns (events, locked logins)."""
    cursor = conn.execute("SELECT crm.agent_log_cursor()").fetchone()[0]
    files = conn.execute(
        "SELECT name, size FROM pg_ls_logdir() WHERE name LIKE '%%.json' AND name >= %s ORDER BY name",
        (cursor["file"],)).fetchall()
    events_total, locked = 0, []
    position = (cursor["file"], int(cursor["offset"]))
    for name, size in files:
        start = position[1] if name == position[0] else 0
        while start < size:
            chunk = conn.execute("SELECT crm_server.read_log(%s, %s, %s)",
                                 (name, start, min(CHUNK_BYTES, size - start))).fetchone()[0]
            complete = bytes(chunk)[: bytes(chunk).rfind(b"\n") + 1]
            if not complete:
                break
            events = [e for line in complete.decode("utf-8", "replace").splitlines()
                      if (e := parse_log_line(line))]
            end = start + len(complete)
            applied, newly_locked = conn.execute(
                "SELECT applied, locked FROM crm.agent_ingest_auth_log(%s, %s, %s, %s)",
                (name, start, end, Jsonb(events))).fetchone()
            if not applied:
                # Another agent got there first; pick up from its cursor next time.
                return events_total, locked
            events_total += len(events)
            locked += newly_locked
            start = end
            position = (name, end)
        if name != position[0]:
            # An empty or fully consumed file: move the cursor so older files are skipped next time.
            conn.execute("SELECT crm.agent_ingest_auth_log(%s, %s, %s, '[]')",
                         (name, 0, 0))
            position = (name, 0)
    return events_total, locked


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
    report = AgentReport()
    with connect_agent(admin_url) as conn:
        report.log_events, report.locked = scan_auth_log(conn)
        report.ended_sessions = enforce_sessions(conn)
        report.swept_sessions = sweep_sessions(conn)
        report.t1_loads = import_drop_folder(conn)
    for login in report.locked:
        _log.warning("account %s locked after repeated failed passwords", login)
    for pid, login, reason in report.ended_sessions:
        _log.info("ended backend %s of %s: %s", pid, login, reason)
    return report


def run_forever(admin_url: str, interval: float = 5.0, stop: threading.Event | None = None) -> None:
    """The agent loop; a failing round is logged and retried, never fatal."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            run_once(admin_url)
        except psycopg.OperationalError as error:
            _log.warning("agent round failed (server unreachable?): %s", error)
        except Exception:
            _log.exception("agent round failed")
        stop.wait(interval)
