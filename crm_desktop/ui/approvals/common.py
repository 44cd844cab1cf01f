"""Shared pieces of the 审批 Approvals UI: labels, formatting, prompts and the worker functions.

Worker functions are ``fn(ctx, connector, ...)``: they run on a TaskRunner worker with that
thread's own connection (the GUI thread never touches the database) and call the Qt-free
services (services.approvals, services.reservations); no SQL here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication

from crm_desktop.services import admin_queries
from crm_desktop.services import approvals as ap
from crm_desktop.services import reservations as rs
from crm_desktop.services.errors import CrmRefusal

translate = QCoreApplication.translate

# Colours of request / step states (text colour, light background).
COLORS = {
    "approved": ("#1b6b34", "#e3f3e7"),
    "rejected": ("#8a1c1c", "#f6dada"),
    "current": ("#8a5a00", "#fff1d6"),
    "waiting": ("#777777", "#f0f0f0"),
    "withdrawn": ("#666666", "#eeeeee"),
    "failed": ("#8a1c1c", "#f6dada"),
    "pending": ("#0d3c7a", "#dde9fb"),
}


# Formatting ------------------------------------------------------------------------------------------

def chinese_ui() -> bool:
    from crm_desktop.ui.admin.common import chinese_ui as _chinese

    return _chinese()


def fmt_datetime(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def fmt_date(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone().date() if value.tzinfo is not None else value.date()
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def is_stale(error: BaseException) -> bool:
    """A refusal that means the list showed something no longer true (decided, withdrawn)."""
    return isinstance(error, CrmRefusal) and (error.kind == "already_decided" or error.sqlstate == "CR030")


def post_label(code: str | None, row: dict | None = None) -> str:
    """An approval post (审批岗) in the UI language; the server's names when the row has them."""
    if row is not None:
        zh = chinese_ui()
        for key in (("post_zh", "post_en"), ("current_post_zh", "current_post_en"), ("name_zh", "name_en")):
            name = row.get(key[0] if zh else key[1])
            if name:
                return name
    labels = {
        "trading_manager": translate("Approvals", "Trading dept. manager"),
        "marketing_director": translate("Approvals", "Marketing director"),
        "hq_marketing": translate("Approvals", "HQ marketing supervisor"),
    }
    return labels.get(code or "", code or "")


def posts_text(posts: Any, names: dict[str, str] | None = None) -> str:
    """'Trading dept. manager → Marketing director'."""
    return " → ".join((names or {}).get(p) or post_label(p) for p in posts or ())


def flow_label(row: dict) -> str:
    name = row.get("flow_name_zh" if chinese_ui() else "flow_name_en") or row.get("flow_name_zh") \
        or row.get("name_zh" if chinese_ui() else "name_en")
    return name or row.get("flow_code") or row.get("code") or ""


def status_label(code: str | None) -> str:
    labels = {
        "pending": translate("Approvals", "Pending"),
        "approved": translate("Approvals", "Approved"),
        "rejected": translate("Approvals", "Rejected"),
        "withdrawn": translate("Approvals", "Withdrawn"),
        "failed": translate("Approvals", "Failed"),
    }
    return labels.get(code or "", code or "")


def status_color(code: str | None) -> str | None:
    return {"approved": COLORS["approved"][0], "rejected": COLORS["rejected"][0], "failed": COLORS["failed"][0],
            "withdrawn": COLORS["withdrawn"][0], "pending": COLORS["pending"][0]}.get(code or "")


def requester_text(row: dict) -> str:
    name = row.get("requested_by_name")
    return name if name else translate("Approvals", "Reservation match (预约)")


def _batch_payload(row: dict) -> dict | None:
    """The payload of a hand-over or batch entry (which name many customers, not one)."""
    payload = row.get("payload")
    return payload if row.get("flow_code") in ("handover", "batch_entry") and isinstance(payload, dict) else None


def customer_text(row: dict) -> str:
    batch = _batch_payload(row)
    if batch is not None:
        return translate("Approvals", "%1 customers").replace("%1", str(batch.get("customers", 0)))
    name, account = row.get("customer_name"), row.get("account_no")
    if name and account:
        return f"{name} ({account})"
    return name or account or ""


def subject_text(row: dict) -> str:
    """The staff member the request concerns; a hand-over's giver → receiver."""
    receiver = row.get("subject_staff_name") or ""
    batch = _batch_payload(row)
    if batch is not None and row.get("flow_code") == "handover" and batch.get("from_name"):
        return f"{batch['from_name']} → {receiver}"
    return receiver


def step_text(row: dict) -> str:
    """'1/2 Trading dept. manager' for a pending request, else its status."""
    if row.get("status") not in (None, "pending"):
        return status_label(row.get("status"))
    total = row.get("steps_total") or len(row.get("posts") or ()) or "?"
    step = row.get("current_step")
    post = row.get("current_post")
    if step is None:
        return ""
    return f"{step}/{total} {post_label(post, row)}"


def kind_label(code: str | None) -> str:
    return {"development": translate("Approvals", "Development (开发关系)"),
            "service": translate("Approvals", "Service (服务关系)")}.get(code or "", code or "")


def reservation_status_label(code: str | None) -> str:
    pair = (getattr(rs, "STATUS_LABELS", {}) or {}).get(code or "")
    if pair:
        return pair[0] if chinese_ui() else pair[1]
    labels = {
        "open": translate("Approvals", "Open"),
        "matched": translate("Approvals", "Matched"),
        "review": translate("Approvals", "Needs review"),
        "expired": translate("Approvals", "Expired"),
        "withdrawn": translate("Approvals", "Withdrawn"),
    }
    return labels.get(code or "", code or "")


def reason_label(code: str | None) -> str:
    """A reservation's review / expiry reason in words (services.reservations.REASON_LABELS)."""
    if not code:
        return ""
    labels = getattr(rs, "REASON_LABELS", {}) or {}
    label = labels.get(code)
    if label is None:
        return code
    if isinstance(label, dict):
        return label.get("zh" if chinese_ui() else "en") or code
    if isinstance(label, (tuple, list)):
        return label[0] if chinese_ui() else label[-1]
    return str(label)


# Worker functions --------------------------------------------------------------------------------------

def count_waiting(ctx, connector) -> int:
    return ap.count_waiting(ctx.watch(connector.connection()))


def request_detail(ctx, connector, request_id: int) -> dict:
    return ap.request_detail(ctx.watch(connector.connection()), request_id)


def decide(ctx, connector, request_id: int, step_no: int, decision: str, comment: str | None):
    return ap.decide(connector.connection(), request_id, step_no, decision, comment)


def decide_many(ctx, connector, items: list[tuple[int, int]], decision: str, comment: str | None):
    return ap.decide_many(connector.connection(), items, decision, comment)


def withdraw(ctx, connector, request_id: int) -> None:
    ap.withdraw(connector.connection(), request_id)


def claim_customer(ctx, connector, customer_id: int, note: str | None):
    return ap.claim_customer(connector.connection(), customer_id, note)


def assign_service(ctx, connector, customer_id: int, staff_login: str, note: str | None):
    return ap.assign_service(connector.connection(), customer_id, staff_login, note)


def request_release(ctx, connector, customer_id: int, kind: str, note: str | None):
    return ap.request_release(connector.connection(), customer_id, kind, note)


def request_transfer(ctx, connector, staff_login: str, staff_type: str, branch_code: str, note: str | None):
    return ap.request_transfer(connector.connection(), staff_login, staff_type, branch_code, note)


def load_flows(ctx, connector) -> dict:
    conn = connector.connection()
    return {"flows": ap.flows(conn), "posts": ap.posts(conn)}


def set_flow_steps(ctx, connector, flow: str, posts: list[str]) -> None:
    ap.set_flow_steps(connector.connection(), flow, posts)


def load_holidays(ctx, connector, year: int | None) -> list[dict]:
    return ap.holidays(connector.connection(), year)


def set_holiday(ctx, connector, day: dt.date, name: str | None) -> None:
    ap.set_holiday(connector.connection(), day, name)


def load_reference(ctx, connector) -> dict:
    """Branches, posts and staff types (pickers of the transfer and reservation dialogs)."""
    conn = connector.connection()
    data = admin_queries.reference_data(conn)
    if hasattr(rs, "my_branches"):
        data["my_branches"] = rs.my_branches(conn)
    return data


def register_reservation(ctx, connector, values: dict) -> int:
    return rs.register(connector.connection(), values["branch_id"], values["name"], values.get("id_no"),
                       values.get("mobile"), values.get("note"))


def update_reservation(ctx, connector, reservation_id: int, version: int, values: dict):
    return rs.update(connector.connection(), reservation_id, version, **values)


def delete_reservation(ctx, connector, reservation_id: int) -> None:
    rs.delete(connector.connection(), reservation_id)


def write_template(ctx, connector, path: str, lang: str) -> str:
    rs.write_template(path, lang)
    return path


def import_reservations(ctx, connector, path: str, valid_only: bool):
    return rs.import_xlsx(ctx.watch(connector.connection()), path, valid_only=valid_only)


def resolve_review(ctx, connector, reservation_id: int, version: int, action: str, values: dict):
    return rs.resolve_review(connector.connection(), reservation_id, version, action, **values)


def load_handover_staff(ctx, connector) -> list[dict]:
    return ap.handover_staff(connector.connection())


def receivers(staff: list[dict], own_login: str | None) -> list[dict]:
    """Who may receive customers in a hand-over or batch entry, of the staff crm.handover_staff
    lists: the active ones but the caller, since nobody gives customers to themselves (CR033)."""
    return [row for row in staff if row.get("status") == "active" and row.get("login") != own_login]


def batch_request_modes(staff: list[dict], own_login: str | None) -> frozenset[str]:
    """Which of "handover" and "batch_entry" the caller can ask for at all (a marketer without a
    team can ask for neither: the server names whom they manage, administer or approve for, and
    that is only themselves). A hand-over also needs a giver of the receiver's branch."""
    modes = set()
    for receiver in receivers(staff, own_login):
        modes.add("batch_entry")
        if any(giver["login"] != receiver["login"] and giver.get("branch_id") == receiver.get("branch_id")
               for giver in staff):
            modes.add("handover")
    return frozenset(modes)


def read_account_list(ctx, connector, path: str):
    from crm_desktop.services import account_list

    return account_list.read_accounts(ctx.watch(connector.connection()), path)


def request_handover(ctx, connector, from_login: str, to_login: str, kind: str, effective: dt.date,
                     customer_ids: list[int] | None, note: str | None, leave_out: list[int] | None = None) -> int:
    return ap.request_handover(connector.connection(), from_login, to_login, kind, effective, customer_ids, note,
                               leave_out)


def handover_blockers(ctx, connector, from_login: str, kind: str, effective: dt.date,
                      customer_ids: list[int] | None) -> list[dict]:
    return ap.handover_blockers(connector.connection(), from_login, kind, effective, customer_ids)


def request_batch_entry(ctx, connector, to_login: str, kind: str, customer_ids: list[int], valid_from: dt.date,
                        note: str | None) -> int:
    return ap.request_batch_entry(connector.connection(), to_login, kind, customer_ids, valid_from, note)


def request_customers(ctx, connector, request_id: int, after_id=None, limit: int = 200) -> list[dict]:
    return ap.request_customers(ctx.watch(connector.connection()), request_id, after_id, limit)
