"""The catalogue of the server's refusals users meet: each refusal a definer function raises is
known by its SQLSTATE and its message, which the server writes from a fixed English template
(`format('%s of the %s customers ...', ...)`); the catalogue turns it into a stable code and the
figures the server filled in, so that the GUI words it in the user's language (ui/refusal_words.py)
instead of showing the server's English behind a translated prefix.

The templates are the texts as written in the SQL files of SOURCES; tests/unit/test_refusal_catalogue.py
fails when one of those functions raises a text that is not here, or when the catalogue keeps one
that none of them raises any more. Covering a new function = add its objects file to SOURCES, its
templates here and their words in ui/refusal_words.py.

    code, figures = refusal_catalogue.identify(refusal)     # ("hq_blacklisted_change", []) or None
"""

from __future__ import annotations

import re

from crm_desktop.services.errors import CrmRefusal

# The objects files (db/sql/objects/<name>.sql, shell patterns) whose every refusal is catalogued.
SOURCES: tuple[str, ...] = (
    # SMS
    "crm.sms_*", "crm.request_sms_*",
    # approvals: hand-over, batch entry, claims, releases, service, transfers, decisions
    "crm.request_handover", "crm._handover_giver", "crm.handover_blockers", "crm.request_batch_entry", "crm._batch_relationship_target", "crm.decide_request",
    "crm._apply_request", "crm._start_request", "crm.request_claim", "crm.request_release", "crm.request_service",
    "crm.request_transfer", "crm.withdraw_request",
    # reservations
    "crm.import_reservations", "crm.resolve_reservation", "crm.reservation_review_candidates",
    # sales targets
    "crm.set_sales_target", "crm.delete_sales_target", "crm.import_sales_targets",
    # who may hold and receive relationships; reversing a pool recycling; HQ's approval flows
    "crm.require_relationship_holder", "crm._require_active_receiver", "crm.reverse_recycling", "crm.set_flow_steps",
    # customers: seeing and exporting their full personal data
    "crm.reveal_personal_data", "crm.begin_export", "crm.export_personal_data", "crm.finish_export",
)

# (code, SQLSTATE, the server's message template; %s is a figure or name it fills in). One code may
# stand for the same refusal written by two functions in slightly different words.
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    # SMS (crm.sms_*, crm.request_sms_*)
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
    # hand-over and batch entry (crm.request_handover, crm.request_batch_entry, crm._batch_relationship_target)
    ("note_too_long_1000", "22023", "a note has at most 1000 characters"),
    ("handover_giver_not_allowed", "42501", 'you may not hand over the customers of "%s"'),
    ("handover_same_person", "22023", "the giver and the receiver are the same person"),
    ("handover_not_kind_of_giver", "22023", "%s of the listed customers are not %s customers of %s"),
    ("handover_giver_holds_none", "22023", "%s holds no %s customers"),
    ("customers_other_branch_than", "42501", "%s of the customers belong to another branch than %s's: hand them to "
                                             "staff of their branch"),
    ("customers_other_branch_than", "42501", "%s of the customers belong to another branch than %s's"),
    ("handover_began_after", "22023", "%s of the relationships began on or after %s: choose a later effective date"),
    ("customers_pending_handover", "CR032", "%s of the customers are already in a pending hand-over or batch entry"),
    ("customer_list_empty", "22023", "list at least one customer"),
    ("customers_not_yours", "P0002", "%s of the listed customers are not among yours"),
    ("customers_have_relationship", "CR031", "%s of the customers already have a %s relationship: hand them over "
                                             "instead"),
    ("customers_pending_relationship", "CR032", "%s of the customers are already in a pending request for a %s "
                                                "relationship"),
    ("relationship_kind", "22023", 'the kind is "development" or "service"'),
    ("effective_date_range", "22023", "the effective date must lie between %s and %s"),
    ("too_many_request_customers", "22023", "one request names at most 20000 customers (this one %s): split it"),
    ("too_many_left_out", "22023", "the customers left out are at most 20000 ids"),
    ("customer_list_empty_entry", "22023", "the customer list holds an empty entry"),
    ("give_to_self", "CR033", "nobody gives customers to themselves: your manager must ask for it"),
    ("give_to_not_managed", "42501", 'you may not give customers to "%s" (not an active staff member you manage)'),
    # decisions (crm.decide_request, crm.withdraw_request)
    ("decision_word", "22023", 'decide "approved" or "rejected"'),
    ("no_such_request", "P0002", "no approval request %s"),
    ("step_already_decided", "CR030", "already decided (%s) by %s at %s"),
    ("step_not_waiting", "CR030", "this request is %s; step %s is not waiting for a decision"),
    ("decide_own_request", "CR033", "nobody decides a request they started or that names them: another approver "
                                    "must decide it"),
    ("decide_two_steps", "CR033", "you already decided step %s of this request (%s): another approver must decide "
                                  "step %s"),
    ("step_waits_for_post", "42501", "this step waits for %s of the request's branch"),
    ("no_such_own_request", "P0002", "no such request of yours"),
    ("request_already_closed", "CR030", "this request is already %s"),
    # what an approved request does (crm._apply_request, crm._start_request)
    ("customer_has_developer", "CR031", "the customer already has a development relationship with %s"),
    ("relationship_released", "CR031", "the relationship was already released"),
    ("customers_no_longer_held", "CR031", "%s of the customers are no longer held by %s (released or handed over "
                                          "meanwhile): ask again"),
    ("customers_got_relationship", "CR031", "%s of the customers got a %s relationship meanwhile: ask again without "
                                            "them"),
    ("staff_handover_pending", "CR031", "a hand-over of this staff member's customers is still pending: decide it "
                                        "first"),
    ("move_target_lost_right", "CR031", "%s no longer holds the SMS send right (短信发送): nothing was moved"),
    ("flow_without_effect", "22023", 'no effect defined for flow "%s"'),
    ("flow_without_steps", "22023", 'approval flow "%s" has no steps'),
    ("customer_request_pending", "CR032", "a request of this kind is already pending for this customer"),
    ("staff_request_pending", "CR032", "a request of this kind is already pending for this staff member"),
    # claims, releases, service, transfers (crm.request_claim, _release, _service, _transfer)
    ("not_in_public_pool", "P0002", "no such customer in your public pool"),
    ("nothing_to_release", "P0002", "no live relationship of yours (or your team's) to release"),
    ("customer_not_yours", "P0002", "no such customer among yours"),
    ("assign_service_to_self", "CR033", "nobody assigns a customer's service to themselves: your manager must ask "
                                        "for it"),
    ("assign_to_not_managed", "42501", 'you may not assign customers to "%s"'),
    ("already_serves", "22023", "this staff member already serves the customer"),
    ("transfer_not_allowed", "42501", 'you may not transfer "%s"'),
    ("unknown_staff_type", "22023", 'unknown staff type "%s"'),
    ("unknown_branch", "22023", 'unknown branch "%s"'),
    # reservations (crm.import_reservations, crm.resolve_reservation, crm.reservation_review_candidates)
    ("no_session", "42501", "no CRM session: sign in first"),
    ("import_columns_uneven", "22023", "the import's columns have different lengths"),
    ("too_many_reservation_rows", "22023", "at most 20000 rows per import"),
    ("reservations_other_branch", "42501", "you may register reservations only for your own branches"),
    ("resolve_word", "22023", 'resolve a review item with "confirm", "reject" or "extend"'),
    ("no_reservation_to_review", "P0002", "no reservation %s to review"),
    ("resolve_own_reservation", "CR033", "you registered this reservation: another approver must resolve it"),
    ("reservation_changed", "CR030", "this reservation was already resolved or changed (now %s, at %s): reload it"),
    ("not_a_candidate", "22023", "this account is not one of the review item's candidates"),
    ("account_not_confirmable", "CR031", "account %s cannot be confirmed (%s): it needs no development relationship, "
                                         "no pending development request, and the ID number (or the name and the "
                                         "mobile) equal"),
    ("reject_reason_required", "22023", "say why the reservation is rejected"),
    ("reason_too_long_1000", "22023", "a reason has at most 1000 characters"),
    ("extend_range", "22023", "extend by 1 to 20 working days"),
    # sales targets (crm.set_sales_target, crm.delete_sales_target, crm.import_sales_targets)
    ("target_setter_only", "42501", "only HQ and a branch's marketing director set sales targets"),
    ("target_subject", "22023", "a target is for a staff member, a team or a branch"),
    ("target_period", "22023", "a target is for a month or a year"),
    ("target_period_start", "22023", "a month starts on its 1st and a year on 1 January (2000 to 2099)"),
    ("target_metric", "22023", "the metric is new_accounts, net_inflow, commission or contribution"),
    ("target_value_range", "22023", "a target is a number from 0 to 10^17"),
    ("branch_target_hq_only", "42501", "only HQ sets a branch's targets"),
    ("no_open_staff_account", "P0002", "no open staff account %s"),
    ("own_target", "42501", "nobody but HQ sets their own targets"),
    ("target_other_branch_staff", "42501", "a marketing director sets targets of their own branch's staff only"),
    ("own_team_target", "42501", "nobody but HQ sets a target of a team they are in"),
    ("no_such_target", "P0002", "no sales target %s"),
    ("too_many_target_rows", "22023", "at most 20 000 targets per import"),
    ("import_columns_uneven", "22023", "the import's columns differ in length"),
    # customers' full personal data (crm.reveal_personal_data)
    ("personal_field", "22023", "the field must be one of id_no, mobile, ext_mobile, phone, address"),
    ("reveal_right_required", "42501", "the right to see full personal data (查看完整个人信息) is required"),
    ("customer_not_found", "P0002", "customer %s not found"),
    ("reveal_not_related", "42501", "only the customer's own developer or service staff and their managers may see "
                                    "full personal data"),
    # exports (crm.begin_export, crm.export_personal_data, crm.finish_export)
    ("export_right_required", "42501", "the export permission (数据导出) is required"),
    ("export_personal_right_required", "42501", "the export personal data permission (导出个人信息) is required for "
                                                "full ID numbers, mobiles and addresses"),
    ("no_running_personal_export", "P0002", "no running export %s of yours with personal data"),
    ("too_many_export_customers", "22023", "at most 10000 customers per call"),
    ("export_status", "22023", 'unknown export status "%s"'),
    ("no_running_export", "P0002", "no running export %s of yours"),
    # who holds and receives relationships (crm.require_relationship_holder, crm._require_active_receiver)
    ("not_relationship_holder", "CR034", "%s (%s) is %s: only marketing staff and brokers can hold a development or "
                                         "service relationship"),
    ("receiver_inactive", "CR031", "%s (%s) is no longer active and cannot receive customers"),
    # reversing a pool recycling (crm.reverse_recycling)
    ("note_too_long_500", "22023", "the note must be at most 500 characters"),
    ("no_such_recycling", "P0002", "no such recycling in your branches"),
    ("reverse_recycling_not_allowed", "42501", "only a marketing director or HQ marketing may reverse a recycling"),
    ("reverse_own_recycling", "CR033", "nobody reverses the recycling of their own customer"),
    ("recycling_reversed", "CR030", "already reversed by %s at %s"),
    ("developer_inactive", "CR031", "%s is no longer active: hand the customer to someone else instead"),
    ("customer_developed_meanwhile", "CR031", "the customer has meanwhile been developed by %s"),
    # HQ's approval flows (crm.set_flow_steps)
    ("flow_editor_only", "42501", "only HQ administrators may edit approval flows"),
    ("unknown_flow", "P0002", 'unknown approval flow "%s"'),
    ("flow_posts", "22023", "a flow needs one or more known approval posts"),
    ("flow_post_twice", "22023", "a post may appear only once in a flow"),
)
CODES = tuple(dict.fromkeys(code for code, _, _ in TEMPLATES))


def _pattern(template: str) -> re.Pattern:
    return re.compile("^" + "(.*?)".join(re.escape(part) for part in template.split("%s")) + "$", re.S)


# The most literal template first: "%s of the %s customers are not visible" before "%s of the %s %s ...".
_KNOWN: dict[str, list[tuple[str, re.Pattern]]] = {}
for _code, _state, _template in sorted(TEMPLATES, key=lambda t: -len(t[2].replace("%s", ""))):
    _KNOWN.setdefault(_state, []).append((_code, _pattern(_template)))


def identify(refusal: CrmRefusal) -> tuple[str, list[str]] | None:
    """(code, the figures the server filled in, in order) for a catalogued refusal; None for any other."""
    for code, pattern in _KNOWN.get(refusal.sqlstate or "", ()):
        match = pattern.match(refusal.message or "")
        if match:
            return code, list(match.groups())
    return None
