"""One place that answers "which server, and is it ready?" for the GUI, the CLI and tests.

With `CRM_DATABASE_URL` set, that server is used as it is (its operator runs
`crm-admin db upgrade`). Otherwise the embedded server is started, migrated and given a
gate password on first use.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import fasteners
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from crm_desktop.config import crm_home, external_admin_url
from crm_desktop.db import embedded, migrations


@dataclass(frozen=True)
class ServerTarget:
    admin_url: str
    embedded: bool
    gate_password: str | None = None

    def conninfo_for(self, login: str, password: str | None = None, **extra: str) -> str:
        """A libpq conninfo for a staff (or gate/agent) login on the same server and database."""
        params = conninfo_to_dict(self.admin_url)
        params.pop("password", None)
        params["user"] = login
        if password is not None:
            params["password"] = password
        params.update(extra)
        return make_conninfo(**params)


def _ensure_gate_password(admin_url: str, home: Path) -> str:
    password = embedded.read_setting(home, "gate_password")
    if password is None:
        password = secrets.token_urlsafe(24)
        embedded.write_setting(home, "gate_password", password)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("ALTER ROLE crm_gate PASSWORD {}").format(psycopg.sql.Literal(password)))
    return password


def target(migrate: bool = True, home: Path | None = None) -> ServerTarget:
    """The server to use, started and migrated when it is the embedded one."""
    url = external_admin_url()
    if url:
        return ServerTarget(admin_url=url, embedded=False)
    home = home or crm_home()
    server = embedded.ensure_running(home)
    # Migrating and setting the gate password happen once, whoever starts first.
    with fasteners.InterProcessLock(str(home / "prepare.lock")):
        migrated = False
        if migrate and migrations.current_revision(server.admin_url) != migrations.head_revision():
            migrations.upgrade(server.admin_url)
            migrated = True
        gate = embedded.read_setting(home, "gate_password")
        # The gate role exists once the first migration ran; a re-created database needs it again.
        if (gate is None or migrated) and migrations.current_revision(server.admin_url) is not None:
            gate = _ensure_gate_password(server.admin_url, home)
    return ServerTarget(admin_url=server.admin_url, embedded=True, gate_password=gate)
