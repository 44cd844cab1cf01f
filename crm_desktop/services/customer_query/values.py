"""Filter values as the user types them, checked and turned into the Python value bound for a
column (a value never becomes SQL text)."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from crm_desktop.services.customer_query.columns import (BOOL, DATE, DATETIME, MONEY, NUMBER, TEXT, Column,
                                                         column_name, refuse)
from crm_desktop.services.errors import CrmRefusal

MAX_TEXT = 200

_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y.%m.%d")
_TRUE = {"true", "t", "1", "yes", "y", "是"}
_FALSE = {"false", "f", "0", "no", "n", "否"}


def coerce_value(col: Column, value: Any) -> Any:
    """The value as the Python type bound for `col`, or CrmRefusal('invalid_input')."""
    t = col.type
    if value is None:
        raise refuse(f"{column_name(col)}: a value is required")
    if t == TEXT:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise refuse(f"{column_name(col)}: expected text, got {type(value).__name__}")
        text = str(value)
        if "\x00" in text:
            raise refuse(f"{column_name(col)}: text must not contain NUL characters")
        if len(text) > MAX_TEXT:
            raise refuse(f"{column_name(col)}: at most {MAX_TEXT} characters")
        if col.values is not None and text not in col.values:
            raise refuse(f"{column_name(col)}: {text!r} is not one of {', '.join(map(str, col.values))}")
        return text
    if t == DATE:
        if isinstance(value, dt.datetime):
            raise refuse(f"{column_name(col)}: expected a date, got a date and time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            text = value.strip()
            for fmt in _DATE_FORMATS:
                try:
                    return dt.datetime.strptime(text, fmt).date()
                except ValueError:
                    pass
        raise refuse(f"{column_name(col)}: {value!r} is not a date (YYYY-MM-DD)")
    if t in (NUMBER, MONEY):
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, (float, Decimal)) and math.isfinite(value) and value == int(value):
            number = int(value)
        elif isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d{1,19}\s*", value):
            number = int(value)
        if number is None:
            raise refuse(f"{column_name(col)}: {value!r} is not a whole number"
                         + (" (amounts are in cents, 分)" if t == MONEY else ""))
        limit = {"smallint": 2 ** 15, "integer": 2 ** 31}.get(col.pg_type, 2 ** 63)
        if not -limit <= number < limit:
            raise refuse(f"{column_name(col)}: {number} is out of range")
        return number
    if t == BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise refuse(f"{column_name(col)}: {value!r} is not yes/no")
    if t == DATETIME:
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        if isinstance(value, str):
            try:
                return dt.datetime.fromisoformat(value.strip())
            except ValueError:
                pass
        raise refuse(f"{column_name(col)}: {value!r} is not a date and time (YYYY-MM-DD HH:MM)")
    raise AssertionError(t)


def month_day(value: Any) -> int:
    """'0316', '03-16', '3/16' -> 316 (29 February allowed)."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    m = re.fullmatch(r"(\d{2})(\d{2})", text) or re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})", text)
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        try:
            dt.date(2000, month, day)            # a leap year: 29 February is a birthday
            return month * 100 + day
        except ValueError:
            pass
    raise refuse(f"生日 (birthday): {value!r} is not a month and day such as 0316")


def whole_number(value: Any, what: str, low: int, high: int) -> int:
    """An integer (or its digits as text) within [low, high] for the services that take counts,
    ids and page sizes from the GUI; anything else, booleans included, is refused in words."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CrmRefusal("invalid_input", f"{what} must be a whole number between {low} and {high}")
    return value


def as_day(value: Any, what: str | None = None) -> dt.date:
    """A day given as a date, a datetime (its day) or an ISO string, for the services that take
    one from the GUI (SMS log and reports, reminders); anything else is refused in words."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    prefix = f"{what}: " if what else ""
    raise CrmRefusal("invalid_input", f"{prefix}{str(value)[:40]!r} is not a date (YYYY-MM-DD)")
