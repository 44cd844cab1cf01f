"""What the SMS services share (services/sms.py and services/sms_subscriptions.py), without Qt:
reading the server's JSON and money, skip counts by reason, and the first check of a message
text before it travels to the server (which checks it against the HQ limit).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from crm_desktop.services.errors import CrmRefusal

# The server refuses longer texts with the HQ limit; this only keeps a megabyte off the wire.
MAX_TEMPLATE_CHARS_SENT = 20000


def invalid_input(message: str) -> CrmRefusal:
    return CrmRefusal("invalid_input", message)


def checked_template(text: Any) -> str:
    if not isinstance(text, str):
        raise invalid_input("the message text must be text")
    if len(text) > MAX_TEMPLATE_CHARS_SENT:
        raise invalid_input(f"the message text has {len(text)} characters, far more than a message may have")
    if "\x00" in text:
        raise invalid_input("the message text contains an invisible or control character (U+0000)")
    return text


def parse_json(text: str) -> Any:
    """The server's JSON with exact numbers (money stays Decimal)."""
    return json.loads(text, parse_float=Decimal, parse_int=int)


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.0001"))


def skip_counts(data: dict | None) -> dict[str, int]:
    """{reason: recipients skipped} as the server counted them."""
    return {str(k): int(v) for k, v in (data or {}).items()}
