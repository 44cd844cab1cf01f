"""Reason codes the server stores with parameters (login events, freezes, the lockout policy),
worded in the user's language. The server never stores display text for these."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def _clock(value) -> str:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return "?"


def lockout_policy_text(policy: dict) -> str:
    """The lockout policy in words, said after every failed sign-in (the same for every login)."""
    return (translate("Reasons", "After %1 wrong passwords within %2 minutes the account is locked for %3 minutes; "
                "repeated locks last longer (up to %4 minutes) and then freeze the account until an "
                "administrator unfreezes it.")
            .replace("%1", str(policy.get("threshold", "?"))).replace("%2", str(policy.get("window_minutes", "?")))
            .replace("%3", str(policy.get("lock_minutes", "?")))
            .replace("%4", str(policy.get("max_lock_minutes", "?"))))


def locked_text(params: dict) -> str:
    return (translate("Reasons", "Too many wrong passwords: this account is locked until %1. Try again then, or ask an "
                "administrator to unlock it now.").replace("%1", _clock(params.get("until"))))


def freeze_reason_text(code: str | None) -> str:
    """freeze_reason: a code the server sets, or the words an administrator typed."""
    known = {"lockout": translate("Reasons", "too many wrong passwords"), "administrator": translate("Reasons", "frozen by an administrator")}
    return known.get(code or "", code or "")


def login_reason_text(reason: dict | None, detail: str | None = None, client: str | None = None) -> str:
    """A login event's reason (code + parameters) as a sentence; older rows only have `detail`."""
    parts = []
    code = (reason or {}).get("code")
    if code == "lockout_temporary":
        parts.append(translate("Reasons", "%1 wrong passwords within %2 minutes: locked for %3 minutes (until %4)")
                     .replace("%1", str(reason.get("failures"))).replace("%2", str(reason.get("window_minutes")))
                     .replace("%3", str(reason.get("lock_minutes"))).replace("%4", _clock(reason.get("until"))))
    elif code == "lockout_frozen":
        parts.append(translate("Reasons", "%1 wrong passwords within %2 minutes after earlier locks: frozen")
                     .replace("%1", str(reason.get("failures"))).replace("%2", str(reason.get("window_minutes"))))
    elif code == "lock_expired":
        parts.append(translate("Reasons", "the lock's time is over"))
    elif code == "unlocked_by_administrator":
        parts.append(translate("Reasons", "unlocked by an administrator"))
    elif code == "password_set_outside_policy":
        parts.append(translate("Reasons", "password set outside the password policy: a change is required at the next sign-in"))
    elif code == "transaction_too_long":
        parts.append(translate("Reasons", "a transaction ran longer than %1 seconds").replace("%1", str(reason.get("seconds"))))
    elif code == "mac_refused":
        parts.append(translate("Reasons", "this PC is not registered for this account"))
    elif code in ("bad_password", "maintenance", "password_change_required", "account_inactive"):
        pass   # the outcome column says it all
    elif detail:
        parts.append(detail)
    clients = (reason or {}).get("clients") or ([client] if client else [])
    if clients:
        parts.append(translate("Reasons", "from %1").replace("%1", ", ".join(str(c) for c in clients)))
    return "; ".join(parts)


def close_reason_text(reason: str | None) -> str:
    """Why a session ended (app_session.close_reason): the server's codes worded; anything else is
    what an administrator typed when ending the session."""
    if not reason:
        return ""
    if reason.startswith("frozen: "):
        return translate("Reasons", "account frozen: %1").replace("%1", freeze_reason_text(reason[len("frozen: "):]))
    known = {
        "logout": translate("Reasons", "signed out"),
        "reopened": translate("Reasons", "session reopened on the same connection"),
        "disconnected": translate("Reasons", "connection lost"),
        "idle timeout": translate("Reasons", "idle too long"),
        "absolute session lifetime exceeded": translate("Reasons", "session older than the longest session allowed"),
        "transaction too long": translate("Reasons", "a transaction ran longer than the policy allows"),
        "account closed": translate("Reasons", "account closed"),
        "password reset": translate("Reasons", "password reset by an administrator"),
        "password set outside the policy": translate("Reasons", "password set outside the password policy"),
    }
    return known.get(reason, reason)
