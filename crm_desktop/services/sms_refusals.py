"""What each refusal of the SMS definer functions (db/sql/objects/crm.sms_*.sql,
crm.request_sms_*.sql) means, as a stable code and its figures, so that the GUI words it in the
user's language instead of showing the server's English behind a translated prefix.

A refusal is known by its SQLSTATE and its message, which the server writes from a fixed
English template (`format('%s of the %s customers ...', ...)`); the templates below are those
texts as written in the SQL files, and tests/unit/test_sms_refusals.py fails when a function
raises a text that is not here (or this table keeps one no function raises any more).

    code, params = sms_refusals.identify(refusal)     # ("hq_blacklisted_change", []) or None
"""

from __future__ import annotations

import re

from crm_desktop.services.errors import CrmRefusal

# (code, SQLSTATE, the server's message template; %s is a figure or name it fills in)
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("not_staff", "CR005", "not a staff member"),
    ("send_right_required", "42501", "the SMS send right (短信发送) is required"),
    ("quota_request_empty", "22023", "ask for a monthly quota, a branch volume or both"),
    ("quota_request_range", "22023", "a monthly SMS quota is a whole number from 1 to 10 000 000"),
    ("volume_request_range", "22023", "a monthly SMS volume is a whole number from 1 to 100 000 000"),
    ("note_too_long_1000", "22023", "a note has at most 1 000 characters"),
    ("no_such_staff", "P0002", "no such staff member"),
    ("move_not_allowed", "42501", "only a sender (短信发送) or an administrator of the branch asks to move its "
                                  "subscriptions"),
    ("move_same_sender", "22023", "choose another sender to move the subscriptions to"),
    ("move_other_branch", "42501", "the new sender must be of the same branch"),
    ("move_target_not_sender", "22023", "%s is not an active holder of the SMS send right (短信发送)"),
    ("move_nothing", "22023", "%s sends no subscriptions"),
    ("agent_reports_not_array", "22023", "delivery reports are a JSON array"),
    ("agent_results_not_array", "22023", "results are a JSON array"),
    ("block_kind", "22023", "a block is blacklisted or opted_out"),
    ("note_too_long_500", "22023", "a note has at most 500 characters"),
    ("note_control_character", "22023", "the note contains a control or invisible character"),
    ("block_mobile_or_customer", "22023", "name either a mobile number or a customer"),
    ("not_a_mobile", "22023", "that is not a mobile number"),
    ("customer_not_visible", "42501", "that customer is not visible to you"),
    ("no_mobile_to_block", "22023", "there is no mobile number to block"),
    ("hq_blacklisted_change", "42501", "HQ has blacklisted this number: only HQ changes that"),
    ("blacklist_right_required", "42501", "the SMS send right (短信发送) or branch administration is required to "
                                          "see the blacklist"),
    ("page_size", "22023", "a page has 1 to 1000 entries"),
    ("page_key", "22023", "a page starts after both the time and the id of an entry"),
    ("text_empty", "22023", "the message text is empty"),
    ("text_too_long", "22023", "the message text has %s characters; at most %s are allowed"),
    ("text_control_character", "22023", "the message text contains an invisible or control character (U+%s) at "
                                        "position %s"),
    ("unknown_placeholder", "22023", "unknown placeholder {%s}: use {姓名}, {称呼}, {营业部} or {员工}"),
    ("lone_brace", "22023", "the message text has a { or } that is not part of a placeholder such as {姓名}"),
    ("too_many_recipients", "22023", "at most 1 000 000 recipients at a time"),
    ("recipients_not_visible", "42501", "%s of the %s %s are not visible to you"),
    ("no_such_column", "P0002", "no information column %s"),
    ("column_inactive_publish", "22023", "the column is inactive: activate it before publishing"),
    ("issue_time", "22023", "an issue goes out now or within the next 30 days"),
    ("source_invalid", "22023", "the recipient source description is not valid"),
    ("no_quota", "CR040", "HQ has set no monthly SMS quota (每月发送条数) for you, so you cannot send: ask HQ to set "
                          "one"),
    ("field_empty", "22023", "the field {%s} is empty for %s of the recipients (for example %s): nothing was sent"),
    ("over_quota", "CR041", "this batch needs %s message parts but only %s of your monthly quota of %s remain: "
                            "nothing was queued"),
    ("over_branch_volume", "CR041", "this batch needs %s message parts but only %s of your branch's monthly volume "
                                    "of %s remain: nothing was queued; the branch may ask HQ for more"),
    ("column_name", "22023", "a column needs a name of at most 40 characters"),
    ("column_description", "22023", "a column description has at most 500 characters"),
    ("column_control_character", "22023", "a column name or description contains an invisible or control character"),
    ("column_exists", "23505", 'a column named "%s" exists already'),
    ("no_such_branch", "P0002", "no branch %s"),
    ("volume_range", "22023", "a monthly SMS volume is a whole number from 0 to 100 000 000"),
    ("prefix_format", "22023", "a carrier prefix is the first 3 or 4 digits of a mainland mobile (for example 139 or "
                               "1349)"),
    ("no_such_carrier", "P0002", "no carrier %s"),
    ("price_range", "22023", "a price per message part is from 0 to 10 yuan with at most 4 decimals"),
    ("own_quota", "CR033", "nobody sets their own SMS quota"),
    ("no_staff_member", "P0002", "no staff member %s"),
    ("quota_range", "22023", "a monthly SMS quota is a whole number from 0 to 10 000 000"),
    ("column_inactive_subscribe", "22023", "the column is inactive: it takes no new subscriptions"),
    ("too_many_customers", "22023", "at most 1 000 000 customers at a time"),
    ("customers_not_visible", "42501", "%s of the %s customers are not visible to you"),
    ("customers_other_branch", "42501", "%s of the %s customers belong to another branch: a branch subscribes only "
                                        "its own customers"),
    ("unblock_reason_required", "22023", "say why the block is lifted (a reason is required)"),
    ("reason_too_long", "22023", "a reason has at most 500 characters"),
    ("reason_control_character", "22023", "the reason contains a control or invisible character"),
    ("hq_blacklisted_lift", "42501", "HQ has blacklisted this number: only HQ lifts that"),
    ("entry_other_branch", "42501", "that entry is not one of your branch's customers"),
)
CODES = tuple(code for code, _, _ in TEMPLATES)


def _pattern(template: str) -> re.Pattern:
    return re.compile("^" + "(.*?)".join(re.escape(part) for part in template.split("%s")) + "$", re.S)


# The most literal template first: "%s of the %s customers are not visible" before "%s of the %s %s ...".
_KNOWN: dict[str, list[tuple[str, re.Pattern]]] = {}
for _code, _state, _template in sorted(TEMPLATES, key=lambda t: -len(t[2].replace("%s", ""))):
    _KNOWN.setdefault(_state, []).append((_code, _pattern(_template)))


def identify(refusal: CrmRefusal) -> tuple[str, list[str]] | None:
    """(code, the figures the server filled in, in order) for an SMS refusal; None for any other."""
    for code, pattern in _KNOWN.get(refusal.sqlstate or "", ()):
        match = pattern.match(refusal.message or "")
        if match:
            return code, list(match.groups())
    return None
