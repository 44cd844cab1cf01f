"""User-facing text for refusals, in the UI language (Qt's tr()): the kind of refusal as a prefix, the
server's sentence worded by ui.refusal_words when the refusal is catalogued."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from crm_desktop.services.errors import CrmRefusal
from crm_desktop.ui import refusal_words
from crm_desktop.ui.reasons import locked_text, lockout_policy_text


def error_text(error: BaseException) -> str:
    """A refusal of the server in words; anything else as Python words it."""
    return refusal_text(error) if isinstance(error, CrmRefusal) else str(error)


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
        return QCoreApplication.translate("Messages", "The system is under maintenance: %1").replace("%1", refusal_words.sentence(refusal))
    elif kind == "password_change_required":
        return QCoreApplication.translate("Messages", "You must change your password before you can continue.")
    elif kind == "not_staff":
        return QCoreApplication.translate("Messages", "This login is not a CRM staff account.")
    elif kind == "password_policy":
        return QCoreApplication.translate("Messages", "The server refused the new password: %1").replace("%1", refusal_words.sentence(refusal))
    elif kind in ("connection_lost",):
        return QCoreApplication.translate("Messages", "The server cannot be reached. Check the network and try again.\n(%1)").replace("%1", refusal_words.sentence(refusal))
    elif kind == "session_ended":
        return QCoreApplication.translate("Messages", "The server ended your session (an administrator, a time limit or a frozen account). "
                  "Your unsaved work is kept: sign in again to continue.")
    elif kind == "not_permitted":
        return QCoreApplication.translate("Messages", "You are not permitted to do this: %1").replace("%1", refusal_words.sentence(refusal))
    elif kind == "not_found":
        return QCoreApplication.translate("Messages", "Not found, or not visible to you: %1").replace("%1", refusal_words.sentence(refusal))
    elif kind == "invalid_input":
        return QCoreApplication.translate("Messages", "Invalid input: %1").replace("%1", refusal_words.sentence(refusal))
    elif kind == "duplicate":
        return QCoreApplication.translate("Messages", "Already exists: %1").replace("%1", refusal_words.sentence(refusal))
    elif kind == "already_decided":
        return QCoreApplication.translate("Messages", "This step was already decided; nothing was changed: %1").replace("%1", refusal_words.sentence(refusal))
    elif kind == "relationship_conflict":
        return QCoreApplication.translate("Messages", "The brokerage relationship changed meanwhile; nothing was changed: %1").replace("%1", refusal_words.sentence(refusal))
    elif kind == "already_pending":
        return QCoreApplication.translate("Messages", "A request of this kind is already pending: %1").replace("%1", refusal_words.sentence(refusal))
    elif kind == "four_eyes":
        return QCoreApplication.translate("Messages", "Four eyes: nobody grants rights to, or decides for, themselves, "
                  "and nobody decides two steps of one request. Nothing was changed: %1").replace("%1", refusal_words.sentence(refusal))
    elif kind == "cannot_hold_relationships":
        return QCoreApplication.translate("Messages", "Only marketing staff and brokers can hold a development or service "
                  "relationship; nothing was changed: %1").replace("%1", refusal_words.sentence(refusal))
    else:
        return refusal_words.sentence(refusal)
    if contact:
        text += "\n" + QCoreApplication.translate("Messages", "Administrator: %1").replace("%1", contact)
    return text
