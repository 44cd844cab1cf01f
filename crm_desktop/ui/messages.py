"""User-facing text for known refusals, in the UI language (Qt's tr())."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from crm_desktop.services.errors import CrmRefusal


def tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def refusal_text(refusal: CrmRefusal) -> str:
    kind = refusal.kind
    contact = refusal.detail if kind in ("account_frozen", "account_inactive", "password_expired") else None
    if kind == "bad_credentials":
        return tr("Wrong login or password.")
    if kind == "account_frozen":
        text = tr("This account is frozen (for example after too many wrong passwords). "
                  "Please contact your branch administrator to unfreeze it.")
    elif kind == "account_inactive":
        text = tr("This account is closed or frozen. Please contact your branch administrator.")
    elif kind == "password_expired":
        text = tr("The temporary password has expired. Please ask your branch administrator for a new one.")
    elif kind == "mac_not_bound":
        return tr("This PC is not registered for your account. Give the addresses below to your "
                  "branch administrator, who can bind this PC to your account.")
    elif kind == "maintenance":
        return tr("The system is under maintenance: %1").replace("%1", refusal.message)
    elif kind == "password_change_required":
        return tr("You must change your password before you can continue.")
    elif kind == "not_staff":
        return tr("This login is not a CRM staff account.")
    elif kind == "password_policy":
        return tr("The server refused the new password: %1").replace("%1", refusal.message)
    elif kind in ("connection_lost",):
        return tr("The server cannot be reached. Check the network and try again.\n(%1)").replace("%1", refusal.message)
    elif kind == "session_ended":
        return tr("The server ended your session (an administrator, a time limit or a frozen account). "
                  "Your unsaved work is kept: sign in again to continue.")
    elif kind == "not_permitted":
        return tr("You are not permitted to do this: %1").replace("%1", refusal.message)
    elif kind == "not_found":
        return tr("Not found, or not visible to you: %1").replace("%1", refusal.message)
    elif kind == "invalid_input":
        return tr("Invalid input: %1").replace("%1", refusal.message)
    elif kind == "duplicate":
        return tr("Already exists: %1").replace("%1", refusal.message)
    else:
        return refusal.message
    if contact:
        text += "\n" + tr("Administrator: %1").replace("%1", contact)
    return text
