"""Staff administration through the server's definer functions (crm-admin and the Administration tab).

Every function takes an open psycopg connection: the operator's (crm-admin) or a signed-in
administrator's. The server decides who may do what; refusals come back as CrmRefusal. Among
them (db/sql/0010_four_eyes.sql): nobody changes their own roles, posts, scope or superior
(``four_eyes``); approval posts and the roles carrying an HQ-kept right (export, SMS, approve,
HQ administration) are granted and revoked by HQ administrators only (``not_permitted``).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from crm_desktop.services.errors import as_refusal

SCOPES = ("own", "subordinates", "branch", "all")


@contextmanager
def refusals() -> Iterator[None]:
    """Re-raise known server refusals as CrmRefusal; anything else stays a bug."""
    try:
        yield
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None:
            raise
        raise refusal from error


@dataclass
class StaffSpec:
    login: str
    name: str
    branch: str
    superior: str | None = None
    staff_type: str = "marketing"
    roles: list[str] = field(default_factory=lambda: ["marketing"])
    posts: list[str] = field(default_factory=list)
    scope: str = "own"
    public_pool: bool = False
    branch_scope: list[str] = field(default_factory=list)
    mac_binding: bool = True


def _call(conn: psycopg.Connection, query: str, params: tuple = ()) -> object:
    with refusals():
        row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def create_staff(conn: psycopg.Connection, spec: StaffSpec) -> str:
    """Create the account; returns the temporary password (shown once)."""
    return _call(conn, "SELECT crm.create_staff(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                 (spec.login, spec.name, spec.branch, spec.superior, spec.staff_type, spec.roles,
                  spec.posts, spec.scope, spec.public_pool, spec.branch_scope, spec.mac_binding))


def reset_password(conn: psycopg.Connection, login: str) -> str:
    return _call(conn, "SELECT crm.reset_password(%s)", (login,))


def freeze(conn: psycopg.Connection, login: str, reason: str = "administrator") -> None:
    _call(conn, "SELECT crm.freeze_staff(%s, %s)", (login, reason))


def unfreeze(conn: psycopg.Connection, login: str) -> None:
    _call(conn, "SELECT crm.unfreeze_staff(%s)", (login,))


def close(conn: psycopg.Connection, login: str) -> None:
    _call(conn, "SELECT crm.close_staff(%s)", (login,))


def bind_mac(conn: psycopg.Connection, login: str, mac: str, note: str | None = None) -> str:
    """Returns the MAC as stored (normalised)."""
    return _call(conn, "SELECT crm.bind_mac(%s, %s, %s)", (login, mac, note))


def unbind_mac(conn: psycopg.Connection, login: str, mac: str) -> None:
    _call(conn, "SELECT crm.unbind_mac(%s, %s)", (login, mac))


def set_superior(conn: psycopg.Connection, login: str, superior: str | None) -> None:
    _call(conn, "SELECT crm.set_superior(%s, %s)", (login, superior))


def grant(conn: psycopg.Connection, login: str, roles: list[str] = (), posts: list[str] = ()) -> None:
    with refusals(), conn.transaction():
        for role in roles:
            conn.execute("SELECT crm.grant_role(%s, %s)", (login, role))
        for post in posts:
            conn.execute("SELECT crm.grant_post(%s, %s)", (login, post))


def revoke(conn: psycopg.Connection, login: str, roles: list[str] = (), posts: list[str] = ()) -> None:
    with refusals(), conn.transaction():
        for role in roles:
            conn.execute("SELECT crm.revoke_role(%s, %s)", (login, role))
        for post in posts:
            conn.execute("SELECT crm.revoke_post(%s, %s)", (login, post))


def set_scope(conn: psycopg.Connection, login: str, scope: str | None, public_pool: bool | None = None,
              branch_scope: list[str] | None = None) -> None:
    _call(conn, "SELECT crm.set_scope(%s, %s, %s, %s)", (login, scope, public_pool, branch_scope))


def set_mac_binding_required(conn: psycopg.Connection, login: str, required: bool) -> None:
    _call(conn, "SELECT crm.set_mac_binding_required(%s, %s)", (login, required))


def list_staff(conn: psycopg.Connection, branch: str | None = None, status: str | None = None) -> list[dict]:
    with refusals(), conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT * FROM crm.staff_overview "
            "WHERE (%(branch)s::text IS NULL OR branch_code = upper(%(branch)s)) "
            "  AND (%(status)s::text IS NULL OR status = %(status)s) "
            "ORDER BY branch_code, login", {"branch": branch, "status": status}).fetchall()


def show_staff(conn: psycopg.Connection, login: str) -> dict:
    from crm_desktop.services.errors import CrmRefusal

    with refusals(), conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute("SELECT * FROM crm.staff_overview WHERE login = %s", (login,)).fetchone()
    if row is None:
        raise CrmRefusal("not_found", f'unknown staff login "{login}"')
    return row


def list_sessions(conn: psycopg.Connection, include_closed: bool = False, limit: int = 500) -> list[dict]:
    with refusals(), conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT * FROM crm.session_overview WHERE %s OR closed_at IS NULL "
            "ORDER BY opened_at DESC LIMIT %s", (include_closed, limit)).fetchall()


def end_session(conn: psycopg.Connection, session_id: int, reason: str = "ended by administrator") -> bool:
    return bool(_call(conn, "SELECT crm.end_session(%s, %s)", (session_id, reason)))


def set_maintenance(conn: psycopg.Connection, on: bool, message: str = "") -> None:
    _call(conn, "SELECT crm.set_maintenance(%s, %s)", (on, message))


def get_policy(conn: psycopg.Connection) -> dict:
    with refusals(), conn.cursor(row_factory=dict_row) as cur:
        return cur.execute("SELECT * FROM crm.policy").fetchone()


def update_policy(conn: psycopg.Connection, settings: dict) -> dict:
    with refusals(), conn.cursor(row_factory=dict_row) as cur:
        return cur.execute("SELECT * FROM crm.update_policy(%s)", (Jsonb(settings),)).fetchone()


# Basic data (FAQ 22): name, phone, title, team, kept as dated rows ---------------------------------

BASIC_TEXT_MAX = 60


def update_basic_data(conn: psycopg.Connection, login: str, name: str, phone: str | None = None,
                      title: str | None = None, team: str | None = None) -> bool:
    """An administrator of the staff member's branch edits their basic data; False when nothing
    changed. The server checks the scope and the values (CrmRefusal invalid_input / not_found)."""
    from crm_desktop.services.errors import CrmRefusal

    values = [name, phone, title, team]
    if any(v is not None and not isinstance(v, str) for v in values) or not (name or "").strip():
        raise CrmRefusal("invalid_input", "the name is required")
    if any(v is not None and len(v) > 1000 for v in values):
        raise CrmRefusal("invalid_input", f"name, title and team must have at most {BASIC_TEXT_MAX} characters")
    return bool(_call(conn, "SELECT crm.update_staff_basic_data(%s, %s, %s, %s, %s)",
                      (login, name, phone, title, team)))


def basic_data_history(conn: psycopg.Connection, login: str) -> list[dict]:
    """The staff member's basic data, newest first: name, phone, title, team, valid_from,
    valid_to (None: current), changed_by. Empty until the first edit (then crm.staff holds the name)."""
    with refusals(), conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT d.name, d.phone, d.title, d.team, d.valid_from, d.valid_to, d.changed_by "
            "FROM crm.staff_basic_data d JOIN crm.staff s ON s.id = d.staff_id "
            "WHERE s.login = %s ORDER BY d.valid_from DESC, d.id DESC LIMIT 500", (login,)).fetchall()


# Branches (reference data, FAQ 35): HQ only, the server checks ------------------------------------

def create_branch(conn: psycopg.Connection, code: str, name: str) -> int:
    """A new branch (营业部); returns its id. Refusals: not_permitted, invalid_input, duplicate."""
    return _call(conn, "SELECT crm.create_branch(%s, %s)", (code, name))


def rename_branch(conn: psycopg.Connection, code: str, name: str) -> None:
    _call(conn, "SELECT crm.rename_branch(%s, %s)", (code, name))
