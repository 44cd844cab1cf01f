"""The quick search box: what the typed text is (account number, mobile, ID number or name),
compiled to one condition."""

from __future__ import annotations

import re
import unicodedata

from psycopg import sql

from crm_desktop.services.customer_query.columns import COLUMNS, refuse
from crm_desktop.services.customer_query.compile import TRUE, Params, contains, starts_with
from crm_desktop.services.customer_query.values import MAX_TEXT

_ID_NO = re.compile(r"\d{17}[\dXx]|\d{14}[\dXx]")
# Digit strings of these lengths may be a whole mobile (11) or ID number (15, 18), which the server
# compares; personal data is never searched by prefix (that would reveal it digit by digit).
WHOLE_NUMBER_LENGTHS = (11, 15, 18)


def search_kind(text: str) -> tuple[str, str]:
    """How the search box reads `text`: ('none' | 'digits' | 'id_no' | 'name', normalised text).
    NFKC first, so full-width digits are digits; spaces and '-' inside numbers are ignored."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return "none", ""
    compact = re.sub(r"[\s\-]", "", text)
    if compact.isascii() and compact.isdigit():
        return "digits", compact
    if _ID_NO.fullmatch(compact):
        return "id_no", compact
    return "name", text


def compile_search(text: str, params: Params) -> sql.Composable:
    """资金账号 prefix, full mobile (counter or extended) or ID number (exact, X in either case),
    or name contains -- decided by the shape of the text. Mobiles and ID numbers are personal data
    that staff cannot read: the server compares them (crm.customer_ids_by_personal_data returns
    the matching visible customers' ids, never a value), and only whole values (a prefix search
    would reveal the hidden digits one by one)."""
    if not isinstance(text, str):
        raise refuse("the search text must be text")
    if "\x00" in text or len(text) > MAX_TEXT:
        raise refuse(f"the search text must be at most {MAX_TEXT} characters, without NUL")
    kind, q = search_kind(text)
    if kind == "none":
        return TRUE
    if kind == "name":
        return contains(COLUMNS["name"], q, params)
    # An InitPlan: one call, and `c.id = ANY (<array>)` stays a leakproof index condition under RLS.
    personal = sql.SQL("(SELECT crm.customer_ids_by_personal_data({}))::bigint[]").format(params.add(q, "text"))
    if kind == "id_no":
        return sql.SQL("c.id = ANY ({})").format(personal)
    # One semi-join over the union of the account-number prefix's index range and the ids the
    # server found by full mobile or ID number.
    account = starts_with(COLUMNS["account_no"], q, params, prefix_expr='c2.account_no COLLATE "C"')
    if len(q) not in WHOLE_NUMBER_LENGTHS:
        return sql.SQL("c.id IN (SELECT c2.id FROM crm.customer c2 WHERE {})").format(account)
    return sql.SQL("c.id IN (SELECT c2.id FROM crm.customer c2 WHERE {} "
                   "UNION ALL SELECT unnest({}))").format(account, personal)
