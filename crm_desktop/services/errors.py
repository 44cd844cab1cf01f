"""Known refusals, kept apart from bugs.

The server refuses with a SQLSTATE (db/sql/0001_functions.sql lists the CR class); this
module turns those into `CrmRefusal` with a stable `kind`, so the CLI prints one line and
the GUI shows a translated message. Anything else is a bug and propagates as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg
from sqlalchemy.exc import DBAPIError

# SQLSTATE -> kind
SQLSTATE_KINDS: dict[str, str] = {
    "CR001": "mac_not_bound",
    "CR002": "maintenance",
    "CR003": "password_change_required",
    "CR004": "account_inactive",
    "CR005": "not_staff",
    "CR006": "no_session",
    "CR020": "password_policy",
    "CR030": "already_decided",         # approvals: stale or duplicate action (who decided, when)
    "CR031": "relationship_conflict",   # approvals: the relationship changed meanwhile
    "CR032": "already_pending",         # approvals: a request of this kind is already pending
    "CR033": "four_eyes",               # nobody grants, revokes or decides for themselves
    "CR034": "cannot_hold_relationships",   # the staff type holds no customer relationships
    "CR040": "sms_no_quota",            # HQ set no monthly SMS quota for the sender
    "CR041": "sms_over_quota",          # the batch exceeds the sender's quota or the branch's volume
    "42501": "not_permitted",
    "22023": "invalid_input",
    "23505": "duplicate",
    "23514": "invalid_input",   # check constraint: a value out of the allowed range
    "22P02": "invalid_input",   # not a number / boolean where one is expected
    "22003": "invalid_input",
    "P0002": "not_found",
    "28P01": "bad_credentials",
    "28000": "bad_credentials",
    "57P01": "session_ended",
    "57014": "cancelled",
}


@dataclass
class CrmRefusal(Exception):
    kind: str
    message: str
    sqlstate: str | None = None
    detail: str | None = None
    # Figures for the message (e.g. the lockout policy after a failed password), worded by the UI.
    params: dict = field(default_factory=dict, compare=False)
    # A connection the caller may still use (e.g. to change a password before sign-in).
    connection: object = field(default=None, repr=False, compare=False)

    def __str__(self) -> str:
        return self.message


class ConnectionLost(CrmRefusal):
    """The server ended the session or the network dropped; unsaved work must be kept."""


def _sqlstate_of(error: BaseException) -> tuple[str | None, psycopg.Error | None]:
    if isinstance(error, DBAPIError) and isinstance(error.orig, psycopg.Error):
        error = error.orig
    if isinstance(error, psycopg.Error):
        return error.sqlstate, error
    return None, None


def as_refusal(error: BaseException) -> CrmRefusal | None:
    """The CrmRefusal for a known database refusal, else None (a bug: let it propagate)."""
    if isinstance(error, CrmRefusal):
        return error
    sqlstate, pg_error = _sqlstate_of(error)
    if pg_error is None:
        return None
    diag = pg_error.diag
    message = (diag.message_primary or str(pg_error)).strip()
    if sqlstate in SQLSTATE_KINDS:
        # CR006: the sign-in a worker connection would continue has ended (crm.resume_session):
        # like a terminated backend, the user signs in again and keeps unsaved edits.
        cls = ConnectionLost if sqlstate in ("57P01", "CR006") else CrmRefusal
        return cls(SQLSTATE_KINDS[sqlstate], message, sqlstate, diag.message_detail)
    if isinstance(pg_error, psycopg.OperationalError):
        text = str(pg_error)
        if "password authentication failed" in text:
            return CrmRefusal("bad_credentials", "wrong login or password", sqlstate)
        return ConnectionLost("connection_lost", text.strip().splitlines()[0] if text else "connection lost",
                              sqlstate)
    return None
