"""Registering a PC (FAQ 27, 28, 38): the login dialog asks through the gate (crm_gate) that this
PC's MACs be bound to a login; the branch administrator sees the request and approves it with
one click. The gate answers nothing either way (limits, unknown logins), so the dialog says only
that the request went to the administrator."""

from __future__ import annotations

import getpass

import psycopg
from psycopg.rows import dict_row

from crm_desktop.services import auth, machine
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.staff_admin import refusals


def os_user() -> str:
    try:
        return getpass.getuser() or "?"
    except (KeyError, OSError):          # no user name in the environment or the password database
        return "?"


def request(profile: auth.ServerProfile, login: str, macs: list[str] | None = None,
            hostname: str | None = None, user: str | None = None) -> None:
    """Ask, as the gate, that this PC be registered for `login`. CrmRefusal when the profile has no
    gate password, the server cannot be reached or refuses the input."""
    if not profile.gate_password:
        raise CrmRefusal("connection_lost", "this server profile has no gate password: ask IT to register the PC")
    try:
        with psycopg.connect(profile.conninfo("crm_gate", profile.gate_password), autocommit=True) as conn, \
                refusals():
            conn.execute("SELECT crm.request_pc_registration(%s, %s, %s, %s)",
                         (login.strip().lower(), machine.local_macs() if macs is None else macs,
                          machine.hostname() if hostname is None else hostname,
                          os_user() if user is None else user))
    except CrmRefusal:
        raise
    except psycopg.OperationalError as error:
        raise CrmRefusal("connection_lost", str(error).strip().splitlines()[0] if str(error) else "no server") \
            from error


def pending(conn: psycopg.Connection) -> list[dict]:
    """Pending requests the caller may decide (their branches), newest first."""
    with refusals(), conn.cursor(row_factory=dict_row) as cur:
        return cur.execute("SELECT * FROM crm.pending_pc_registrations()").fetchall()


def decide(conn: psycopg.Connection, request_id: int, approve: bool) -> list[str]:
    """Approve (bind the MACs; the account's other PCs are unbound unless the policy allows
    several) or reject; returns the MACs now bound to the account."""
    with refusals():
        return conn.execute("SELECT crm.decide_pc_registration(%s, %s)", (request_id, approve)).fetchone()[0]
