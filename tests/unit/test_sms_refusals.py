"""services.sms_refusals knows every refusal the SMS definer functions raise: each
`RAISE EXCEPTION USING ERRCODE = ..., MESSAGE = ...` of db/sql/objects/crm.sms_*.sql and
crm.request_sms_*.sql is one of its templates (same SQLSTATE, same text), and it keeps none that
no function raises; a message filled in by the server is identified with its figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crm_desktop.services import sms_refusals
from crm_desktop.services.errors import CrmRefusal

OBJECTS = Path(__file__).resolve().parents[2] / "db" / "sql" / "objects"
RAISE = re.compile(r"ERRCODE\s*=\s*'(\w+)'\s*,\s*MESSAGE\s*=\s*(?:format\(\s*'((?:[^']|'')*)'|'((?:[^']|'')*)')", re.S)


def raised() -> set[tuple[str, str]]:
    found = set()
    for path in sorted([*OBJECTS.glob("crm.sms_*.sql"), *OBJECTS.glob("crm.request_sms_*.sql")]):
        for match in RAISE.finditer(path.read_text(encoding="utf-8")):
            text = match.group(2) if match.group(2) is not None else match.group(3)
            found.add((match.group(1), text.replace("''", "'")))
    return found


def test_every_sms_refusal_is_known_and_every_known_one_is_raised():
    server = raised()
    known = {(state, template) for _, state, template in sms_refusals.TEMPLATES}
    assert len(server) > 50
    assert server - known == set(), "a refusal without a code: add it to services.sms_refusals and its words"
    assert known - server == set(), "a code no SMS function raises any more"
    assert len(set(sms_refusals.CODES)) == len(sms_refusals.CODES)


@pytest.mark.parametrize("code, state, template", sms_refusals.TEMPLATES, ids=sms_refusals.CODES)
def test_a_filled_in_message_is_identified_with_its_figures(code, state, template):
    figures = [f"{n}7" for n in range(template.count("%s"))]
    message = template
    for figure in figures:
        message = message.replace("%s", figure, 1)
    assert sms_refusals.identify(CrmRefusal("any", message, state)) == (code, figures)
    assert sms_refusals.identify(CrmRefusal("any", message, "XX000")) is None
    if not template.endswith("%s"):          # a figure at the end takes whatever the server wrote there
        assert sms_refusals.identify(CrmRefusal("any", message + " (more)", state)) is None
