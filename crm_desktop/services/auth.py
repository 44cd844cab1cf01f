"""Signing in: connect as the staff login, open the CRM session, explain refusals.

PostgreSQL checks the password; crm.open_session() checks MAC binding, maintenance and the
must-change flag. After a failed password the gate login asks crm.login_notice() whether the
account is frozen or expired, so the user is told to call their administrator.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row

from crm_desktop import __version__
from crm_desktop.db.connection import GuardedConnection
from crm_desktop.services import machine, releases
from crm_desktop.services.errors import CrmRefusal, as_refusal

CONNECT_TIMEOUT_S = 8


@dataclass(frozen=True)
class ServerProfile:
    """Where to connect: libpq parameters without a user; the gate's password if known."""

    name: str
    params: dict = field(hash=False)
    gate_password: str | None = None
    embedded: bool = False
    # Read replicas for the heavy reads (services/replica.py): (host, port or None) pairs; a host
    # may be a socket directory. Same database, logins and TLS settings as the primary.
    analysis_hosts: tuple[tuple[str, str | None], ...] = ()

    @classmethod
    def from_conninfo(cls, name: str, conninfo: str, gate_password: str | None = None,
                      embedded: bool = False, analysis_hosts: object = None) -> "ServerProfile":
        params = conninfo_to_dict(conninfo)
        params.pop("user", None)
        params.pop("password", None)
        return cls(name, params, gate_password, embedded, parse_analysis_hosts(analysis_hosts))

    @classmethod
    def from_settings(cls, settings: dict) -> "ServerProfile":
        params = {k: str(settings[k]) for k in ("host", "port", "dbname", "sslmode", "sslrootcert")
                  if settings.get(k) is not None}
        params.setdefault("dbname", "crm")
        params.setdefault("sslmode", "verify-full")
        return cls(settings["name"], params, settings.get("gate_password"),
                   analysis_hosts=parse_analysis_hosts(settings.get("analysis_hosts")))

    def on_host(self, host: str, port: str | None) -> "ServerProfile":
        """The same profile pointed at another server of the cluster (a read replica)."""
        params = dict(self.params, host=host)
        if port is not None:
            params["port"] = port
        else:
            params.pop("port", None)
        return replace(self, params=params, analysis_hosts=())

    def conninfo(self, login: str, password: str | None = None) -> str:
        params = dict(self.params, user=login, connect_timeout=str(CONNECT_TIMEOUT_S),
                      application_name="crm-desktop")
        if password is not None:
            params["password"] = password
        return make_conninfo(**params)

    def describe(self) -> str:
        host = self.params.get("host", "")
        return self.name if self.embedded else f"{self.name} ({host})"


def parse_analysis_hosts(value: object) -> tuple[tuple[str, str | None], ...]:
    """`analysis_hosts` of a profile: a list of "host", "host:port", {"host", "port"} or
    (host, port), or one comma-separated string of them. Anything else is ignored, not guessed."""
    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, (list, tuple)) else ()
    hosts: list[tuple[str, str | None]] = []
    for item in items:
        if isinstance(item, dict):
            host, port = item.get("host"), item.get("port")
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            host, port = item
        elif isinstance(item, str):
            host, colon, port = item.strip().rpartition(":")
            if not (colon and port.isdigit()):       # no port (an IPv6 address: the {"host"} form)
                host, port = item.strip(), None
        else:
            continue
        if isinstance(host, str) and host.strip():
            hosts.append((host.strip(), str(port) if port not in (None, "") else None))
    return tuple(hosts)


@dataclass(frozen=True)
class SessionInfo:
    session_id: int
    staff_id: int
    login: str
    staff_name: str
    branch_code: str
    branch_name: str
    customer_scope: str
    permissions: tuple[str, ...]
    idle_minutes: int
    maintenance: bool
    last_load_date: date | None
    server_version: str
    # A newer app release HQ recorded (crm-admin release set), for a notice; None when current.
    newer_release: releases.Release | None = None

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def is_admin(self) -> bool:
        return self.can("admin_branch") or self.can("admin_all")


@dataclass(frozen=True)
class LoginNotice:
    """The gate's answer about a login: the same for unknown logins as for existing ones after
    the same attempts, so it tells nobody which logins exist."""
    account_status: str            # active / locked / frozen / closed / password_expired
    admin_contact: str | None
    maintenance: bool
    maintenance_message: str
    remember_password_allowed: bool
    locked_until: datetime | None
    lockout_threshold: int
    lockout_window_minutes: int
    lockout_minutes: int
    lockout_max_minutes: int

    def lockout_policy(self) -> dict:
        return {"threshold": self.lockout_threshold, "window_minutes": self.lockout_window_minutes,
                "lock_minutes": self.lockout_minutes, "max_lock_minutes": self.lockout_max_minutes}


def connect(profile: ServerProfile, login: str, password: str) -> GuardedConnection:
    """A connection as the staff login; CrmRefusal for a wrong password or no server."""
    try:
        return GuardedConnection.connect(profile.conninfo(login, password), autocommit=True)
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None:
            raise
        raise refusal from error


def open_session(conn: psycopg.Connection, macs: list[str] | None = None, hostname: str | None = None) -> SessionInfo:
    """Sign in on this connection (audited as a sign-in)."""
    return _start_session(conn, "open_session", macs, hostname)


def resume_session(conn: psycopg.Connection, macs: list[str] | None = None, hostname: str | None = None) -> SessionInfo:
    """Another connection of this PC's live sign-in (same checks, no new sign-in in the audit);
    CrmRefusal no_session when that sign-in has ended."""
    return _start_session(conn, "resume_session", macs, hostname)


_SESSION_STARTS = {"open_session": "SELECT * FROM crm.open_session(%s, %s, %s)",
                   "resume_session": "SELECT * FROM crm.resume_session(%s, %s, %s)"}


def _start_session(conn: psycopg.Connection, how: str, macs: list[str] | None, hostname: str | None) -> SessionInfo:
    macs = machine.local_macs() if macs is None else macs
    hostname = machine.hostname() if hostname is None else hostname
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            row = cur.execute(_SESSION_STARTS[how], (macs, hostname, __version__)).fetchone()
            version = cur.execute("SHOW server_version").fetchone()["server_version"]
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None:
            raise
        raise refusal from error
    return SessionInfo(
        session_id=row["session_id"], staff_id=row["staff_id"], login=row["login"],
        staff_name=row["staff_name"], branch_code=row["branch_code"], branch_name=row["branch_name"],
        customer_scope=row["customer_scope"], permissions=tuple(row["permissions"] or ()),
        idle_minutes=row["idle_minutes"], maintenance=row["maintenance"],
        last_load_date=row["last_load_date"], server_version=version)


def login_notice(profile: ServerProfile, login: str) -> LoginNotice | None:
    """What the gate says about a login; None when the gate cannot be reached."""
    if not profile.gate_password:
        return None
    try:
        with psycopg.connect(profile.conninfo("crm_gate", profile.gate_password), autocommit=True) as conn:
            row = conn.execute("SELECT * FROM crm.login_notice(%s)", (login,)).fetchone()
    except psycopg.Error:
        return None
    return LoginNotice(*row)


def sign_in(profile: ServerProfile, login: str, password: str, macs: list[str] | None = None,
            hostname: str | None = None) -> tuple[GuardedConnection, SessionInfo]:
    """Connect and open the session. Refusals are CrmRefusal with kinds:
    bad_credentials, account_locked, account_frozen, account_inactive, password_expired, connection_lost,
    mac_not_bound, maintenance, password_change_required, not_staff, app_outdated (this app is
    below the minimum version HQ recorded), schema_too_new (a newer app migrated the server)."""
    login = login.strip().lower()
    try:
        conn = connect(profile, login, password)
    except CrmRefusal as refusal:
        if refusal.kind == "bad_credentials":
            raise explain_failed_password(profile, login) from refusal
        raise
    try:
        # Before the session opens: an app below the minimum, or too old for the schema, never gets one.
        releases.check_schema(conn)
        newer = releases.check(releases.current_release(conn))
        return conn, replace(open_session(conn, macs, hostname), newer_release=newer)
    except CrmRefusal as refusal:
        if refusal.kind != "password_change_required":
            conn.close()
        else:
            # Keep the connection: crm.change_password() runs on it.
            refusal.connection = conn
        raise
    except BaseException:
        conn.close()
        raise


def explain_failed_password(profile: ServerProfile, login: str) -> CrmRefusal:
    """Why a password was refused, as far as the gate may say; with the lockout policy, so the
    user is warned before the lock (identical wording for every login that is not locked)."""
    notice = login_notice(profile, login)
    if notice is None:
        return CrmRefusal("bad_credentials", "wrong login or password")
    if notice.account_status == "frozen":
        return CrmRefusal("account_frozen", "account frozen", detail=notice.admin_contact)
    if notice.account_status == "closed":
        return CrmRefusal("account_inactive", "account closed", detail=notice.admin_contact)
    if notice.account_status == "password_expired":
        return CrmRefusal("password_expired", "temporary password expired", detail=notice.admin_contact)
    if notice.account_status == "locked":
        return CrmRefusal("account_locked", "account locked after repeated failed passwords",
                          params=dict(notice.lockout_policy(), until=notice.locked_until))
    return CrmRefusal("bad_credentials", "wrong login or password", params=notice.lockout_policy())


def change_password(conn: psycopg.Connection, new_password: str) -> None:
    """The new password travels as a bound parameter; the server checks the policy."""
    try:
        conn.execute("SELECT crm.change_password(%s)", (new_password,))
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None:
            raise
        raise refusal from error


def verify_password(profile: ServerProfile, login: str, password: str) -> bool:
    """The current password is checked the only way that counts: by connecting with it."""
    try:
        connect(profile, login, password).close()
        return True
    except CrmRefusal as refusal:
        if refusal.kind == "bad_credentials":
            return False
        raise


def touch_session(conn: psycopg.Connection) -> None:
    """Tell the server the user is active (keyboard/mouse), so the idle limit follows the person."""
    conn.execute("SELECT crm.touch_session()")


def close_session(conn: psycopg.Connection) -> None:
    try:
        conn.execute("SELECT crm.close_session()")
    except psycopg.Error:
        pass  # the connection may already be gone; the agent's sweep closes the row then
