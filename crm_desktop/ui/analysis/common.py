"""Shared pieces of the Analysis pane: the UI language, number formats, field drag data, the
words of the status line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from crm_desktop.services import pivot

translate = QCoreApplication.translate

FIELD_MIME = "application/x-crm-pivot-field"


def lang() -> str:
    """The engine's label language for the current UI ('zh' by default, 'en' for English)."""
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


def value_unit(value: pivot.Value) -> str:
    measure = pivot.MEASURES.get(value.measure)
    return measure.unit if measure is not None else "count"


def format_number(number: Any, unit: str) -> str:
    """Money (integer cents, or float cents for averages) as ¥1,234,567.89; counts as 1,234;
    ratios (unit 'percent') as 85.23%."""
    if number is None:
        return ""
    if unit == "percent":
        return f"{number * 100:,.2f}%"
    if unit == "cents":
        amount = number / 100
        sign = "-" if amount < 0 else ""
        return f"{sign}¥{abs(amount):,.2f}"
    if isinstance(number, float) and not number.is_integer():
        return f"{number:,.2f}"
    return f"{int(number):,}"


def field_label(kind: str, key: str) -> str:
    spec = pivot.DIMENSIONS.get(key) if kind == "dim" else pivot.MEASURES.get(key)
    return spec.label(lang()) if spec is not None else key


def func_label(func: str) -> str:
    en, zh = pivot.FUNC_LABELS.get(func, (func, func))
    return zh if lang() == "zh" else en


def source_text(source: str) -> str:
    """Which tables answered a pivot ('branch_month+facts'), in words."""
    names = {"branch_month": translate("Analysis", "branch × month summary"),
             "customer_quarter": translate("Analysis", "customer × quarter summary"),
             "customer_month": translate("Analysis", "customer × month summary"),
             "facts": translate("Analysis", "daily facts"),
             "targets": translate("Analysis", "sales targets")}
    parts = [names.get(part, part) for part in source.split("+") if part]
    return " + ".join(parts)


def period_text(period: tuple[dt.date, dt.date] | None) -> str:
    """The dates the figures are for, as the status line names them."""
    if period is None:
        return translate("Analysis", "no loaded data in this period")
    return translate("Analysis", "figures for %1 – %2").replace("%1", period[0].isoformat()) \
        .replace("%2", period[1].isoformat())


def menu_button(object_name: str, text: str, fill, parent: QWidget) -> tuple[QToolButton, QMenu]:
    """A tool-row button whose menu `fill()` fills just before it shows."""
    button = QToolButton(objectName=object_name, text=text)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(parent)
    menu.aboutToShow.connect(fill)
    button.setMenu(menu)
    return button, menu
