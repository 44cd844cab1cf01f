"""The embedded server's socket (issue #11 part 6): the bootstrap superuser is trusted on it, so
its directory must never be writable or reachable by other OS users, whatever the length of
CRM_HOME. Tried as another OS user (`nobody`) with a raw AF_UNIX connect and a file write."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

from crm_desktop.db import embedded

pytestmark = [
    pytest.mark.skipif(bool(os.environ.get("CRM_DATABASE_URL")), reason="tests run against an external server"),
    pytest.mark.skipif(embedded.is_windows(), reason="no Unix socket on Windows"),
]

# Run as another OS user: connect to the socket, or create a file in its directory.
ATTEMPT = """
import socket, sys
what, path = sys.argv[1], sys.argv[2]
try:
    if what == "connect":
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).connect(path)
    else:
        open(path, "w").close()
except OSError as error:
    print(type(error).__name__)
    sys.exit(1)
print("reached")
"""


def as_nobody(what: str, path: Path) -> str:
    result = subprocess.run(["runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c", ATTEMPT, what, str(path)],
                            capture_output=True, text=True, timeout=30)
    return result.stdout.strip()


@pytest.fixture
def long_home():
    """A CRM_HOME whose data directory is too long a path for a Unix socket."""
    base = Path(tempfile.mkdtemp(prefix="crmsock-"))
    home = base / ("一个很长的目录名-" * 6) / ("deep" * 12)
    home.mkdir(parents=True)
    assert len(os.fsencode(home / "pgdata" / embedded.SOCKET_NAME)) > 108
    try:
        yield home
    finally:
        embedded.stop(home)
        shutil.rmtree(base, ignore_errors=True)


def test_a_long_crm_home_gets_a_private_socket_directory(long_home):
    server = embedded.ensure_running(long_home)
    socket_dir = server.socket_dir
    assert socket_dir is not None and socket_dir.resolve() != server.pgdata.resolve()
    info = os.lstat(socket_dir)
    assert stat.S_IMODE(info.st_mode) & 0o077 == 0, oct(info.st_mode)
    socket_file = socket_dir / embedded.SOCKET_NAME
    assert stat.S_IMODE(os.lstat(socket_file).st_mode) & 0o077 == 0
    with psycopg.connect(server.admin_url) as conn:            # the operator still gets in
        assert conn.execute("SELECT current_setting('unix_socket_permissions')").fetchone()[0] == "0700"

    if os.geteuid() == 0 and shutil.which("runuser"):
        assert as_nobody("connect", socket_file) == "PermissionError"
        assert as_nobody("write", socket_dir / "planted") == "PermissionError"
        assert not (socket_dir / "planted").exists()

    # A directory an older version left open is closed again on the next start-up check.
    os.chmod(socket_dir, 0o777)
    embedded.ensure_running(long_home)
    assert stat.S_IMODE(os.lstat(socket_dir).st_mode) == 0o700

    assert embedded.stop(long_home)
    assert not socket_dir.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="planting a directory as another user needs root")
def test_a_socket_directory_owned_by_someone_else_is_refused(tmp_path):
    planted = tmp_path / "planted"
    planted.mkdir(mode=0o700)
    os.chown(planted, 65534, 65534)                               # nobody's
    with pytest.raises(RuntimeError, match="not owned by the server's user"):
        embedded.check_socket_dir(planted, server_uid=1001)


def test_a_short_crm_home_keeps_the_socket_in_the_data_directory(db):
    """The test session's own server (a short temp CRM_HOME): the socket is in the 0700 data directory."""
    with db.admin() as conn:
        socket_dirs = conn.execute("SELECT current_setting('unix_socket_directories')").fetchone()[0]
        data_dir = conn.execute("SELECT current_setting('data_directory')").fetchone()[0]
    assert Path(socket_dirs.strip('"')).resolve() == Path(data_dir).resolve()
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700
