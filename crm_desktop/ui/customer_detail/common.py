"""Shared pieces of the customer detail: labels, formatting, prompts, the worker functions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QLabel

from crm_desktop.services import customer_detail as cd

DASH = "—"

# Module-level texts: `translate("CustomerDetail", "literal")`, so that pyside6-lupdate finds them
# with their context; widgets use self.tr().
translate = QCoreApplication.translate


def chinese_ui() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


# Labels of codes -----------------------------------------------------------------------------------

def _label(labels: dict[str, str], code: str | None) -> str:
    return labels.get(code or "", code or "")


def gender_label(code: str | None) -> str:
    return _label({"M": translate("CustomerDetail", "Male"),
                   "F": translate("CustomerDetail", "Female")}, code)


def status_label(code: str | None) -> str:
    return _label({"normal": translate("CustomerDetail", "Normal"),
                   "dormant": translate("CustomerDetail", "Dormant"),
                   "closed": translate("CustomerDetail", "Closed")}, code)


def kind_label(code: str | None) -> str:
    return _label({"development": translate("CustomerDetail", "Development"),
                   "service": translate("CustomerDetail", "Service")}, code)


def relationship_status_label(code: str | None) -> str:
    return _label({"live": translate("CustomerDetail", "Current"),
                   "released": translate("CustomerDetail", "Released")}, code)


def contact_label(code: str | None) -> str:
    return _label({"mobile": translate("CustomerDetail", "Mobile"),
                   "phone": translate("CustomerDetail", "Phone"),
                   "email": translate("CustomerDetail", "Email"),
                   "visit": translate("CustomerDetail", "Visit"),
                   "sms": translate("CustomerDetail", "SMS")}, code)


def channel_label(code: str | None) -> str:
    return _label({"visit": translate("CustomerDetail", "Visit"),
                   "phone": translate("CustomerDetail", "Phone"),
                   "sms": translate("CustomerDetail", "SMS"),
                   "wechat": translate("CustomerDetail", "WeChat"),
                   "email": translate("CustomerDetail", "Email"),
                   "other": translate("CustomerDetail", "Other")}, code)


def ext_field_label(name: str) -> str:
    return _label({"mobile": translate("CustomerDetail", "Mobile"),
                   "phone": translate("CustomerDetail", "Phone"),
                   "address": translate("CustomerDetail", "Address"),
                   "email": translate("CustomerDetail", "Email"),
                   "preferred_contact": translate("CustomerDetail", "Preferred contact"),
                   "notes": translate("CustomerDetail", "Notes")}, name)


def field_error_text(name: str, code: str) -> str:
    """The inline message for a validation code of the service (cd.InvalidFields.fields)."""
    if name == "mobile" and code == "format":
        return translate("CustomerDetail", "Enter an 11-digit mainland mobile number (e.g. 13800138000), or a Hong Kong, "
                                           "Macau or foreign number starting with + or 00.")
    if name == "email" and code == "format":
        return translate("CustomerDetail", "Enter an email address such as name@example.com.")
    if code == "choice":
        return translate("CustomerDetail", "Choose one of the listed values.")
    if code == "required":
        return translate("CustomerDetail", "Required.")
    if code == "too_long":
        return translate("CustomerDetail", "Too long.")
    if code == "masked":
        return translate("CustomerDetail", "Show the whole value first, then change it.")
    if code == "before_visit":
        return translate("CustomerDetail", "The follow-up date is before the visit.")
    return translate("CustomerDetail", "Invalid value.")


def vip_name(vip: dict | None) -> str:
    if not vip:
        return ""
    return (vip.get("name_zh") if chinese_ui() else vip.get("name_en")) or str(vip.get("level", ""))


# Formatting ---------------------------------------------------------------------------------------------

def fmt_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def fmt_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%Y-%m-%d %H:%M")


def fmt_money(value: Decimal | float | int | None) -> str:
    return "" if value is None else f"{Decimal(value):,.2f}"


def age_on(birthday: dt.date | None, today: dt.date | None = None) -> int | None:
    if birthday is None:
        return None
    today = today or dt.date.today()
    return today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))


def staff_text(name: str | None, login: str | None, staff_id: int | None = None) -> str:
    if name and login:
        return f"{name} ({login})"
    if login:
        return login
    if staff_id is not None:
        return translate("CustomerDetail", "Staff #%1").replace("%1", str(staff_id))
    return ""


def value_label(object_name: str) -> QLabel:
    label = QLabel(objectName=object_name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


# Worker functions: fn(ctx, connector, …) run on a worker thread with its own connection --------------------

def load_all(ctx, connector, customer_id: int, days: int) -> tuple[cd.CustomerDetail, list[dict], list[dict]]:
    return cd.open_window(connector.connection(), customer_id, days, ctx)


def load_history(ctx, connector, customer_id: int, days: int) -> list[dict]:
    return cd.history(connector.connection(), customer_id, days)


def load_visits(ctx, connector, customer_id: int) -> list[dict]:
    return cd.list_visits(connector.connection(), customer_id)


def reveal(ctx, connector, customer_id: int, field: str) -> str | None:
    return cd.reveal(connector.connection(), customer_id, field)


def reveal_ext(ctx, connector, customer_id: int, fields: list[str]) -> dict[str, str | None]:
    """The whole values of these extended fields (mobile, phone, address), each revealed and audited."""
    return cd.reveal_ext(connector.connection(), customer_id, fields)


def save_ext(ctx, connector, customer_id: int, version: int, changes: dict) -> cd.ExtSaved | cd.ExtConflict:
    return cd.save_ext(connector.connection(), customer_id, version, changes)


def add_visit(ctx, connector, customer_id: int, values: dict) -> dict:
    return cd.add_visit(connector.connection(), customer_id, **values)


def update_visit(ctx, connector, visit_id: int, version: int, values: dict) -> cd.VisitSaved | cd.VisitConflict:
    return cd.update_visit(connector.connection(), visit_id, version, **values)


def delete_visit(ctx, connector, visit_id: int) -> None:
    cd.delete_visit(connector.connection(), visit_id)


def as_float(value: Any) -> float:
    return float(value) if value is not None else 0.0
