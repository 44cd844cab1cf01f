"""The server's catalogued refusals (services.refusal_catalogue: a stable code and the figures the
server filled in) worded in the UI language. Every place that shows a server refusal gets its
sentence from here through ui.messages.refusal_text, so a catalogued refusal reads Chinese
everywhere; a refusal outside the catalogue keeps the server's English sentence."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from crm_desktop.services import refusal_catalogue
from crm_desktop.services.errors import CrmRefusal

translate = QCoreApplication.translate


def sentence(refusal: CrmRefusal) -> str:
    """The refusal's sentence in the UI language when it is catalogued; the server's otherwise."""
    known = refusal_catalogue.identify(refusal)
    return refusal.message if known is None else words(*known)


def _figure_text(figure: str) -> str:
    """A figure that is one of the server's own words (a relationship kind, a request or reservation status) in
    the UI language; names and numbers as the server wrote them."""
    return {
        "development": translate("Refusal", "development"),
        "service": translate("Refusal", "service"),
        "pending": translate("Refusal", "pending"),
        "approved": translate("Refusal", "approved"),
        "rejected": translate("Refusal", "rejected"),
        "withdrawn": translate("Refusal", "withdrawn"),
        "failed": translate("Refusal", "failed"),
        "open": translate("Refusal", "open"),
        "matched": translate("Refusal", "matched"),
        "review": translate("Refusal", "in review"),
        "expired": translate("Refusal", "expired"),
    }.get(figure, figure)


def words(code: str, figures: list[str]) -> str:
    """A catalogued refusal (its code and the figures the server filled in) in the UI language."""
    if code == "recipients_not_visible" and figures[2:] == ["reservations"]:
        code = "reservations_not_visible"
    text = _table()[code]
    for number, figure in reversed(list(enumerate(figures, start=1))):
        text = text.replace(f"%{number}", _figure_text(figure))
    return text


def _table() -> dict[str, str]:
    """Looked up when asked, so that the words follow the UI language installed at that time."""
    def tr(text: str) -> str:
        return translate("Refusal", text)

    return {
        "not_staff": tr("this login is not a CRM staff account"),
        "send_right_required": tr("the SMS send right (短信发送) is required"),
        "quota_request_empty": tr("ask for a monthly quota, a branch volume or both"),
        "quota_request_range": tr("a monthly SMS quota is a whole number from 1 to 10 000 000"),
        "volume_request_range": tr("a monthly SMS volume is a whole number from 1 to 100 000 000"),
        "note_too_long_1000": tr("a note has at most 1 000 characters"),
        "no_such_staff": tr("no such staff member"),
        "move_not_allowed": tr("only a sender (短信发送) or an administrator of the branch asks to move its "
                               "subscriptions"),
        "move_same_sender": tr("choose another sender to move the subscriptions to"),
        "move_other_branch": tr("the new sender must be of the same branch"),
        "move_target_not_sender": tr("%1 is not an active holder of the SMS send right (短信发送)"),
        "move_nothing": tr("%1 sends no subscriptions"),
        "agent_reports_not_array": tr("delivery reports are a JSON array"),
        "agent_results_not_array": tr("results are a JSON array"),
        "block_kind": tr("a block is either a blacklisting or an opt-out"),
        "note_too_long_500": tr("a note has at most 500 characters"),
        "note_control_character": tr("the note contains a control or invisible character"),
        "block_mobile_or_customer": tr("name either a mobile number or a customer"),
        "not_a_mobile": tr("that is not a mobile number"),
        "customer_not_visible": tr("that customer is not visible to you"),
        "no_mobile_to_block": tr("there is no mobile number to block"),
        "hq_blacklisted_change": tr("HQ has blacklisted this number: only HQ changes that"),
        "blacklist_right_required": tr("the SMS send right (短信发送) or branch administration is required to see "
                                       "the blacklist"),
        "page_size": tr("a page has 1 to 1000 entries"),
        "page_key": tr("a page starts after both the time and the id of an entry"),
        "text_empty": tr("the message text is empty"),
        "text_too_long": tr("the message text has %1 characters; at most %2 are allowed"),
        "text_control_character": tr("the message text contains an invisible or control character (U+%1) at "
                                     "position %2"),
        "unknown_placeholder": tr("unknown placeholder {%1}: use {姓名}, {称呼}, {营业部} or {员工}"),
        "lone_brace": tr("the message text has a { or } that is not part of a placeholder such as {姓名}"),
        "too_many_recipients": tr("at most 1 000 000 recipients at a time"),
        "recipients_not_visible": tr("%1 of the %2 customers are not visible to you"),
        "reservations_not_visible": tr("%1 of the %2 reservations are not visible to you"),
        "no_such_column": tr("there is no information column %1"),
        "column_inactive_publish": tr("the column is inactive: activate it before publishing"),
        "issue_time": tr("an issue goes out now or within the next 30 days"),
        "source_invalid": tr("the recipient source description is not valid"),
        "no_quota": tr("HQ has set no monthly SMS quota (每月发送条数) for you, so you cannot send: ask HQ to set one"),
        "field_empty": tr("the field {%1} is empty for %2 of the recipients (for example %3): nothing was sent"),
        "over_quota": tr("this batch needs %1 message parts but only %2 of your monthly quota of %3 remain: nothing "
                         "was queued"),
        "over_branch_volume": tr("this batch needs %1 message parts but only %2 of your branch's monthly volume of %3 "
                                 "remain: nothing was queued; the branch may ask HQ for more"),
        "column_name": tr("a column needs a name of at most 40 characters"),
        "column_description": tr("a column description has at most 500 characters"),
        "column_control_character": tr("a column name or description contains an invisible or control character"),
        "column_exists": tr("a column named “%1” exists already"),
        "no_such_branch": tr("there is no branch %1"),
        "volume_range": tr("a monthly SMS volume is a whole number from 0 to 100 000 000"),
        "prefix_format": tr("a carrier prefix is the first 3 or 4 digits of a mainland mobile (for example 139 or "
                            "1349)"),
        "no_such_carrier": tr("there is no carrier %1"),
        "price_range": tr("a price per message part is from 0 to 10 yuan with at most 4 decimals"),
        "own_quota": tr("nobody sets their own SMS quota"),
        "no_staff_member": tr("there is no staff member %1"),
        "quota_range": tr("a monthly SMS quota is a whole number from 0 to 10 000 000"),
        "column_inactive_subscribe": tr("the column is inactive: it takes no new subscriptions"),
        "too_many_customers": tr("at most 1 000 000 customers at a time"),
        "customers_not_visible": tr("%1 of the %2 customers are not visible to you"),
        "customers_other_branch": tr("%1 of the %2 customers belong to another branch: a branch subscribes only its "
                                     "own customers"),
        "unblock_reason_required": tr("say why the block is lifted (a reason is required)"),
        "reason_too_long": tr("a reason has at most 500 characters"),
        "reason_control_character": tr("the reason contains a control or invisible character"),
        "hq_blacklisted_lift": tr("HQ has blacklisted this number: only HQ lifts that"),
        "entry_other_branch": tr("that entry is not one of your branch's customers"),
        # hand-over and batch entry
        "handover_began_after": tr("%1 of the relationships began on or after %2: choose a later effective date, "
                                   "or hand over a selection without those customers."),
        "handover_giver_holds_none": tr("%1 holds no %2 customers."),
        "handover_not_kind_of_giver": tr("%1 of the listed customers are not %2 customers of %3."),
        "customers_other_branch_than": tr("%1 of the customers belong to another branch than %2's: hand them to "
                                          "staff of their branch."),
        "customers_pending_handover": tr("%1 of the customers are already in a pending hand-over or batch entry."),
        "customers_have_relationship": tr("%1 of the customers already have a %2 relationship: hand them over "
                                          "instead."),
        "customers_pending_relationship": tr("%1 of the customers are already in a pending request for a %2 "
                                             "relationship."),
        "customers_not_yours": tr("%1 of the listed customers are not among yours."),
        "handover_same_person": tr("The giver and the receiver are the same person."),
        "handover_giver_not_allowed": tr("You may not hand over the customers of %1."),
        "give_to_not_managed": tr("You may not give customers to %1: not an active staff member you manage."),
        "give_to_self": tr("Nobody gives customers to themselves: your manager must ask for it."),
        "effective_date_range": tr("The effective date must lie between %1 and %2."),
        "too_many_request_customers": tr("One request names at most 20 000 customers (this one %1): split it."),
        "too_many_left_out": tr("At most 20 000 customers can be left out of one hand-over."),
        "customer_list_empty": tr("List at least one customer."),
        "customer_list_empty_entry": tr("The customer list holds an empty entry."),
        "relationship_kind": tr("The relationship is either a development or a service relationship."),
        # decisions
        "decide_own_request": tr("Nobody decides a request they started or that names them: another approver "
                                 "must decide it."),
        "decide_two_steps": tr("You already decided step %1 of this request (%2): another approver must decide "
                               "step %3."),
        "decision_word": tr("A decision is either an approval or a rejection."),
        "no_such_request": tr("There is no approval request %1."),
        "step_already_decided": tr("This step was already decided (%1) by %2 at %3."),
        "step_not_waiting": tr("This request is %1: step %2 is not waiting for a decision."),
        "step_waits_for_post": tr("This step waits for the %1 of the request's branch."),
        "no_such_own_request": tr("There is no such request of yours."),
        "request_already_closed": tr("This request is already %1."),
        # what an approved request does
        "customer_has_developer": tr("The customer already has a development relationship with %1."),
        "relationship_released": tr("The relationship was already released."),
        "customers_no_longer_held": tr("%1 of the customers are no longer held by %2 (released or handed over "
                                       "meanwhile): ask again."),
        "customers_got_relationship": tr("%1 of the customers got a %2 relationship meanwhile: ask again without "
                                         "them."),
        "staff_handover_pending": tr("A hand-over of this staff member's customers is still pending: decide it "
                                     "first."),
        "move_target_lost_right": tr("%1 no longer holds the SMS send right (短信发送): nothing was moved."),
        "flow_without_effect": tr("The approval flow %1 has no effect defined: tell IT."),
        "flow_without_steps": tr("The approval flow %1 has no steps: HQ must set its approval posts first."),
        "customer_request_pending": tr("A request of this kind is already pending for this customer."),
        "staff_request_pending": tr("A request of this kind is already pending for this staff member."),
        # claims, releases, service, transfers
        "not_in_public_pool": tr("There is no such customer in your public pool."),
        "nothing_to_release": tr("There is no live relationship of yours (or your team's) to release."),
        "customer_not_yours": tr("There is no such customer among yours."),
        "assign_service_to_self": tr("Nobody assigns a customer's service to themselves: your manager must ask "
                                     "for it."),
        "assign_to_not_managed": tr("You may not assign customers to %1."),
        "already_serves": tr("This staff member already serves the customer."),
        "transfer_not_allowed": tr("You may not transfer %1."),
        "unknown_staff_type": tr("Unknown staff type %1."),
        "unknown_branch": tr("Unknown branch %1."),
        # reservations
        "no_session": tr("There is no CRM session: sign in first."),
        "import_columns_uneven": tr("The columns of the import have different lengths."),
        "too_many_reservation_rows": tr("At most 20 000 rows per import."),
        "reservations_other_branch": tr("You may register reservations only for your own branches."),
        "resolve_word": tr("A review item is confirmed, rejected or extended."),
        "no_reservation_to_review": tr("There is no reservation %1 to review."),
        "resolve_own_reservation": tr("You registered this reservation: another approver must resolve it."),
        "reservation_changed": tr("This reservation was already resolved or changed (now %1, at %2): reload it."),
        "not_a_candidate": tr("This account is not one of the review item's candidates."),
        # The server's reason codes (%2) are shown in words in the candidate list beside it.
        "account_not_confirmable": tr("Account %1 cannot be confirmed: it needs no development relationship, no "
                                      "pending development request, and the same ID number (or the same name and "
                                      "mobile). The candidate list shows why it failed."),
        "reject_reason_required": tr("Say why the reservation is rejected."),
        "reason_too_long_1000": tr("A reason has at most 1 000 characters."),
        "extend_range": tr("Extend by 1 to 20 working days."),
        # sales targets
        "target_setter_only": tr("Only HQ and a branch's marketing director set sales targets."),
        "target_subject": tr("A target is for a staff member, a team or a branch."),
        "target_period": tr("A target is for a month or a year."),
        "target_period_start": tr("A month starts on its 1st and a year on 1 January (2000 to 2099)."),
        "target_metric": tr("The metric is new accounts, net inflow, commission or contribution."),
        "target_value_range": tr("A target is a number from 0 to 10^17."),
        "branch_target_hq_only": tr("Only HQ sets a branch's targets."),
        "no_open_staff_account": tr("There is no open staff account %1."),
        "own_target": tr("Nobody but HQ sets their own targets."),
        "target_other_branch_staff": tr("A marketing director sets targets of their own branch's staff only."),
        "own_team_target": tr("Nobody but HQ sets a target of a team they are in."),
        "no_such_target": tr("There is no sales target %1."),
        "too_many_target_rows": tr("At most 20 000 targets per import."),
        # customers' full personal data
        "personal_field": tr("Only the ID number, mobiles, phone and address are revealed."),
        "reveal_right_required": tr("The right to see full personal data (查看完整个人信息) is required."),
        "customer_not_found": tr("Customer %1 was not found."),
        "reveal_not_related": tr("Only the customer's own developer or service staff and their managers may see "
                                 "full personal data."),
        # exports
        "export_right_required": tr("The export right (数据导出) is required."),
        "export_personal_right_required": tr("The right to export personal data (导出个人信息) is required for full "
                                             "ID numbers, mobiles and addresses."),
        "no_running_personal_export": tr("There is no running export %1 of yours with personal data."),
        "too_many_export_customers": tr("At most 10 000 customers per call."),
        "export_status": tr("Unknown export status %1."),
        "no_running_export": tr("There is no running export %1 of yours."),
        # who holds and receives relationships; the staff type (%3) is in the server's English
        "not_relationship_holder": tr("%1 (%2) cannot hold a development or service relationship: only marketing "
                                      "staff and brokers can."),
        "receiver_inactive": tr("%1 (%2) is no longer active and cannot receive customers."),
        # reversing a pool recycling
        "no_such_recycling": tr("There is no such recycling in your branches."),
        "reverse_recycling_not_allowed": tr("Only a marketing director or HQ marketing may reverse a recycling."),
        "reverse_own_recycling": tr("Nobody reverses the recycling of their own customer."),
        "recycling_reversed": tr("Already reversed by %1 at %2."),
        "developer_inactive": tr("%1 is no longer active: hand the customer to someone else instead."),
        "customer_developed_meanwhile": tr("The customer has meanwhile been developed by %1."),
        # HQ's approval flows
        "flow_editor_only": tr("Only HQ administrators may edit approval flows."),
        "unknown_flow": tr("Unknown approval flow %1."),
        "flow_posts": tr("A flow needs one or more known approval posts."),
        "flow_post_twice": tr("A post may appear only once in a flow."),
    }
