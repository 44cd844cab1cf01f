"""services.refusal_catalogue knows every refusal the functions of its SOURCES raise: each
`RAISE EXCEPTION USING ERRCODE = ..., MESSAGE = ...` of those db/sql/objects files is one of its
templates (same SQLSTATE, same text), and it keeps none that no such function raises; a message
filled in by the server is identified with its figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crm_desktop.services import refusal_catalogue
from crm_desktop.services.errors import CrmRefusal

OBJECTS = Path(__file__).resolve().parents[2] / "db" / "sql" / "objects"
# A string literal, continued by literals on the following lines (SQL joins them).
LITERAL = r"'(?:[^']|'')*'(?:\s*\n\s*'(?:[^']|'')*')*"
RAISE = re.compile(r"RAISE\s+EXCEPTION\s+USING\s+ERRCODE\s*=\s*'(\w+)'\s*,\s*MESSAGE\s*=\s*(?:format\(\s*)?("
                   + LITERAL + ")", re.S)


def literal_text(literal: str) -> str:
    return "".join(part.replace("''", "'") for part in re.findall(r"'((?:[^']|'')*)'", literal))


def covered_files() -> list[Path]:
    files = sorted({path for pattern in refusal_catalogue.SOURCES for path in OBJECTS.glob(pattern + ".sql")})
    assert all(any(OBJECTS.glob(pattern + ".sql")) for pattern in refusal_catalogue.SOURCES), "a source without a file"
    return files


def raised() -> set[tuple[str, str]]:
    found = set()
    for path in covered_files():
        text = path.read_text(encoding="utf-8")
        statements = re.findall(r"RAISE\s+EXCEPTION", text)
        matches = RAISE.findall(text)
        assert len(matches) == len(statements), f"{path.name}: a RAISE EXCEPTION this test cannot read"
        found.update((state, literal_text(literal)) for state, literal in matches)
    return found


def test_every_refusal_of_the_sources_is_known_and_every_known_one_is_raised():
    server = raised()
    known = {(state, template) for _, state, template in refusal_catalogue.TEMPLATES}
    assert len(server) > 130
    assert server - known == set(), "a refusal without a code: add it to services.refusal_catalogue and its words"
    assert known - server == set(), "a template none of the SOURCES raises any more"
    assert len(known) == len(refusal_catalogue.TEMPLATES)


@pytest.mark.parametrize("code, state, template", refusal_catalogue.TEMPLATES,
                         ids=[f"{code}-{n}" for n, (code, _, _) in enumerate(refusal_catalogue.TEMPLATES)])
def test_a_filled_in_message_is_identified_with_its_figures(code, state, template):
    figures = [f"{n}7" for n in range(template.count("%s"))]
    message = template
    for figure in figures:
        message = message.replace("%s", figure, 1)
    assert refusal_catalogue.identify(CrmRefusal("any", message, state)) == (code, figures)
    assert refusal_catalogue.identify(CrmRefusal("any", message, "XX000")) is None
    if not template.endswith("%s"):          # a figure at the end takes whatever the server wrote there
        assert refusal_catalogue.identify(CrmRefusal("any", message + " (more)", state)) is None
