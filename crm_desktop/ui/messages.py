"""User-facing text for known refusals, in the UI language (Qt's tr())."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui.reasons import locked_text, lockout_policy_text


def error_text(error: BaseException) -> str:
    """A refusal of the server in words; anything else as Python words it."""
    return refusal_text(error) if isinstance(error, CrmRefusal) else str(error)


def _kind_word(kind: str) -> str:
    return {"development": QCoreApplication.translate("Messages", "development"),
            "service": QCoreApplication.translate("Messages", "service")}.get(kind, kind)


# The server's refusals are English sentences with figures in them (its log and psql read the
# same); those a branch user meets in the hand-over and batch-entry dialogs are worded again here
# in the UI language, figures kept. Anything else is shown as the server said it.
def _server_sentences() -> tuple[tuple[str, str], ...]:
    """(pattern, wording) pairs; each wording is looked up in the UI language when asked."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("Messages", text)

    return (
        (r"^(\d+) of the relationships began on or after (\S+): choose a later effective date$",
         tr("%1 of the relationships began on or after %2: choose a later effective date, or hand over a "
            "selection without those customers.")),
        (r"^(.+) holds no (development|service) customers$",
         tr("%1 holds no %2 customers.")),
        (r"^(\d+) of the listed customers are not (development|service) customers of (.+)$",
         tr("%1 of the listed customers are not %2 customers of %3.")),
        (r"^(\d+) of the customers belong to another branch than (.+)'s(?:: hand them to staff of their branch)?$",
         tr("%1 of the customers belong to another branch than %2's: hand them to staff of their branch.")),
        (r"^(\d+) of the customers are already in a pending hand-over or batch entry$",
         tr("%1 of the customers are already in a pending hand-over or batch entry.")),
        (r"^(\d+) of the customers already have a (development|service) relationship: hand them over instead$",
         tr("%1 of the customers already have a %2 relationship: hand them over instead.")),
        (r"^(\d+) of the customers are already in a pending request for a (development|service) relationship$",
         tr("%1 of the customers are already in a pending request for a %2 relationship.")),
        (r"^(\d+) of the listed customers are not among yours$",
         tr("%1 of the listed customers are not among yours.")),
        (r"^the giver and the receiver are the same person$",
         tr("The giver and the receiver are the same person.")),
        (r'^you may not hand over the customers of "(.+)"$',
         tr("You may not hand over the customers of %1.")),
        (r'^you may not give customers to "(.+)" \(not an active staff member you manage\)$',
         tr("You may not give customers to %1: not an active staff member you manage.")),
        (r"^nobody gives customers to themselves: your manager must ask for it$",
         tr("Nobody gives customers to themselves: your manager must ask for it.")),
        (r"^the effective date must lie between (\S+) and (\S+)$",
         tr("The effective date must lie between %1 and %2.")),
        (r"^one request names at most (\d+) customers \(this one (\d+)\): split it$",
         tr("One request names at most %1 customers (this one %2): split it.")),
        (r"^nobody decides a request they started or that names them: another approver must decide it$",
         tr("Nobody decides a request they started or that names them: another approver must decide it.")),
        (r"^you already decided step (\d+) of this request \((\w+)\): another approver must decide step (\d+)$",
         tr("You already decided step %1 of this request: another approver must decide step %3.")),
    )


def server_sentence(message: str) -> str:
    """A server refusal's sentence in the UI language when it is one users meet (figures kept)."""
    for pattern, worded in _server_sentences():
        found = re.match(pattern, message.strip())
        if found is None:
            continue
        for number, value in reversed(list(enumerate(found.groups(), start=1))):
            worded = worded.replace(f"%{number}", _kind_word(value) if value in ("development", "service") else value)
        return worded
    return message


def refusal_text(refusal: CrmRefusal) -> str:
    kind = refusal.kind
    contact = refusal.detail if kind in ("account_frozen", "account_inactive", "password_expired") else None
    if kind == "bad_credentials":
        text = QCoreApplication.translate("Messages", "Wrong login or password.")
        return text + "\n" + lockout_policy_text(refusal.params) if refusal.params else text
    if kind == "account_locked":
        return locked_text(refusal.params)
    if kind == "account_frozen":
        text = QCoreApplication.translate("Messages", "This account is frozen (for example after too many wrong passwords). "
                  "Please contact your branch administrator to unfreeze it.")
    elif kind == "account_inactive":
        text = QCoreApplication.translate("Messages", "This account is closed or frozen. Please contact your branch administrator.")
    elif kind == "password_expired":
        text = QCoreApplication.translate("Messages", "The temporary password has expired. Please ask your branch administrator for a new one.")
    elif kind == "mac_not_bound":
        return QCoreApplication.translate("Messages", "This PC is not registered for your account. Give the addresses below to your "
                  "branch administrator, who can bind this PC to your account.")
    elif kind == "app_outdated":
        return (QCoreApplication.translate("Messages", "This version of Branch CRM (%1) may no longer sign in: HQ requires "
                                           "version %2 or newer. Install the new version from:")
                .replace("%1", refusal.params["version"]).replace("%2", refusal.params["minimum"])
                + "\n" + refusal.params["url"])
    elif kind == "schema_too_new":
        return (QCoreApplication.translate("Messages", "The server was upgraded for a newer version of Branch CRM "
                                           "(database schema %1); this version (%2) cannot work with it. Ask IT to "
                                           "install the current version.")
                .replace("%1", refusal.params["revision"]).replace("%2", refusal.params["version"]))
    elif kind == "maintenance":
        return QCoreApplication.translate("Messages", "The system is under maintenance: %1").replace("%1", server_sentence(refusal.message))
    elif kind == "password_change_required":
        return QCoreApplication.translate("Messages", "You must change your password before you can continue.")
    elif kind == "not_staff":
        return QCoreApplication.translate("Messages", "This login is not a CRM staff account.")
    elif kind == "password_policy":
        return QCoreApplication.translate("Messages", "The server refused the new password: %1").replace("%1", server_sentence(refusal.message))
    elif kind in ("connection_lost",):
        return QCoreApplication.translate("Messages", "The server cannot be reached. Check the network and try again.\n(%1)").replace("%1", server_sentence(refusal.message))
    elif kind == "session_ended":
        return QCoreApplication.translate("Messages", "The server ended your session (an administrator, a time limit or a frozen account). "
                  "Your unsaved work is kept: sign in again to continue.")
    elif kind == "not_permitted":
        return QCoreApplication.translate("Messages", "You are not permitted to do this: %1").replace("%1", server_sentence(refusal.message))
    elif kind == "not_found":
        return QCoreApplication.translate("Messages", "Not found, or not visible to you: %1").replace("%1", server_sentence(refusal.message))
    elif kind == "invalid_input":
        return QCoreApplication.translate("Messages", "Invalid input: %1").replace("%1", server_sentence(refusal.message))
    elif kind == "duplicate":
        return QCoreApplication.translate("Messages", "Already exists: %1").replace("%1", server_sentence(refusal.message))
    elif kind == "already_decided":
        return QCoreApplication.translate("Messages", "This step was already decided; nothing was changed: %1").replace("%1", server_sentence(refusal.message))
    elif kind == "relationship_conflict":
        return QCoreApplication.translate("Messages", "The brokerage relationship changed meanwhile; nothing was changed: %1").replace("%1", server_sentence(refusal.message))
    elif kind == "already_pending":
        return QCoreApplication.translate("Messages", "A request of this kind is already pending: %1").replace("%1", server_sentence(refusal.message))
    elif kind == "four_eyes":
        return QCoreApplication.translate("Messages", "Four eyes: nobody grants rights to, or decides for, themselves, "
                  "and nobody decides two steps of one request. Nothing was changed: %1").replace("%1", server_sentence(refusal.message))
    elif kind == "cannot_hold_relationships":
        return QCoreApplication.translate("Messages", "Only marketing staff and brokers can hold a development or service "
                  "relationship; nothing was changed: %1").replace("%1", server_sentence(refusal.message))
    else:
        return server_sentence(refusal.message)
    if contact:
        text += "\n" + QCoreApplication.translate("Messages", "Administrator: %1").replace("%1", contact)
    return text
