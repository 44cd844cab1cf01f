"""Approvals (电子审批, issue #5), without Qt.

Every function takes the signed-in staff member's own psycopg connection and returns plain
dicts. The server decides everything (db/sql/0006_approvals.sql): requests are read under
row-level security (a request is visible to its requester, its subject, whoever decided one of
its steps and the approvers of its branch whose post is one of its steps: the one rule is
``crm.approval_request_visible``) and every change is a SECURITY DEFINER function that
re-checks the caller. The names a list shows (customer, staff) come from
``crm.approval_parties`` / ``crm.approval_deciders``, which answer only for requests the caller
may see: an HQ approver need not see a branch's customers to decide on them.

    n = count_waiting(conn)                          # the tab's badge
    page = waiting_page(conn)                        # oldest first; next: after_id=page[-1]["id"]
    status = decide(conn, rid, row["current_step"], "approved", "ok")
    results = decide_many(conn, [(rid, step), ...], "approved", "")   # one refusal each, no rollback

Refusals come back as ``CrmRefusal``: ``already_decided`` (CR030, the message says who decided
and when), ``relationship_conflict`` (CR031), ``already_pending`` (CR032), ``not_permitted``,
``not_found``, ``invalid_input``.

New work is announced on the NOTIFY channel ``CHANNEL`` with an empty payload (anything in it
would reach every login, the gate included); a listener re-reads ``count_waiting`` and the lists.

Four eyes (CR033, ``four_eyes``): nobody decides a request they started or that names them, nor
a second step of the same request; such requests never show in "waiting for me".
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Sequence

import psycopg

from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.statements import execute as _run

CHANNEL = "crm_approvals"
PAGE_LIMIT = 200
MAX_PAGE = 2000
MAX_NOTE = 1000
DECISIONS = {"approved": "approved", "approve": "approved", "rejected": "rejected", "reject": "rejected"}
STATUSES = ("pending", "approved", "rejected", "withdrawn", "failed")


# Helpers -------------------------------------------------------------------------------------------------

def _scalar(conn: psycopg.Connection, query: str, params: Any = None) -> Any:
    rows = _run(conn, query, params)
    return next(iter(rows[0].values())) if rows else None


def _id(value: Any, what: str = "request") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2 ** 63:
        raise CrmRefusal("invalid_input", f"{value!r} is not a {what} id")
    return value


def _limit(limit: Any) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= MAX_PAGE:
        raise CrmRefusal("invalid_input", f"page size must be 1..{MAX_PAGE}")
    return limit


def _note(note: Any) -> str | None:
    if note is None:
        return None
    if not isinstance(note, str):
        raise CrmRefusal("invalid_input", "a note or comment is text")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise CrmRefusal("invalid_input", f"a note or comment has at most {MAX_NOTE} characters")
    return note or None


def _decision(decision: Any) -> str:
    value = DECISIONS.get(decision) if isinstance(decision, str) else None
    if value is None:
        raise CrmRefusal("invalid_input", 'decide "approved" or "rejected"')
    return value


# The list columns, from the page's requests plus their parties.
_LIST_SELECT = """
SELECT p.id, p.flow_code, f.name_zh AS flow_name_zh, f.name_en AS flow_name_en, p.status,
       x.branch_code, x.branch_name, p.customer_id, x.customer_account_no AS account_no,
       x.customer_name, x.subject_name AS subject_staff_name, x.subject_login AS subject_staff_login,
       x.requested_by_name, p.requested_by, p.subject_staff_id, p.requested_at, p.decided_at,
       p.current_step, p.current_post, ap.name_zh AS current_post_zh, ap.name_en AS current_post_en,
       p.posts, cardinality(p.posts) AS steps_total, p.note, p.payload, p.reservation_id, p.version, p.outcome
  FROM page p
  JOIN crm.approval_flow f ON f.code = p.flow_code
  LEFT JOIN crm.approval_post ap ON ap.code = p.current_post
  LEFT JOIN crm.approval_parties(ARRAY(SELECT q.id FROM page q)) x ON x.request_id = p.id
"""

# Pending at one of my posts in one of my approval branches, and not mine to stay out of (my
# own, about me, or one whose earlier step I decided).
_WAITING_WHERE = """
       r.status = 'pending'
   AND r.current_post = ANY (me.posts)
   AND r.branch_id = ANY (me.branches)
   AND r.requested_by IS DISTINCT FROM me.id
   AND r.subject_staff_id <> me.id
   AND NOT me.id = ANY (r.deciders)
   AND r.payload ->> 'from_staff_id' IS DISTINCT FROM me.id::text
   AND me.may_approve
"""

_ME = """me AS MATERIALIZED (
    SELECT crm.current_staff_id() AS id, crm.my_posts() AS posts,
           crm.my_approval_branch_ids() AS branches, crm.has_permission('approve') AS may_approve)"""


# Lists -------------------------------------------------------------------------------------------------------

def count_waiting(conn: psycopg.Connection) -> int:
    """How many requests wait for a decision of mine (the tab's badge)."""
    return int(_scalar(conn, f"WITH {_ME} SELECT count(*) FROM crm.approval_request r, me WHERE {_WAITING_WHERE}")
               or 0)


def waiting_page(conn: psycopg.Connection, after_id: int | None = None, limit: int = PAGE_LIMIT) -> list[dict]:
    """Requests waiting for me, oldest first; the next page starts after the last row's id.
    ``requested_by_name`` None = started by a reservation match."""
    after = 0 if after_id is None else _id(after_id)
    return _run(conn, f"""
        WITH {_ME},
        page AS MATERIALIZED (
            SELECT r.* FROM crm.approval_request r, me
             WHERE {_WAITING_WHERE} AND r.id > %(after)s
             ORDER BY r.id LIMIT %(limit)s)
        {_LIST_SELECT}
         ORDER BY p.id""", {"after": after, "limit": _limit(limit)})


def _mine(request: dict, me: int | None) -> bool:
    """Whether the caller may withdraw it: they asked for it, or a reservation match started it
    for them (crm.withdraw_request applies the same rule)."""
    return request["requested_by"] == me or (request["requested_by"] is None
                                             and request.get("subject_staff_id") == me)


def my_requests(conn: psycopg.Connection, after_id: int | None = None, limit: int = PAGE_LIMIT) -> list[dict]:
    """Requests I made, and those a reservation match started for me; newest first (keyset:
    the next page is ``after_id=page[-1]["id"]``). ``can_withdraw`` while pending and mine (see :func:`_mine`)."""
    after = 2 ** 63 - 1 if after_id is None else _id(after_id)
    rows = _run(conn, f"""
        WITH {_ME},
        page AS MATERIALIZED (
            SELECT r.* FROM crm.approval_request r, me
             WHERE (r.requested_by = me.id OR (r.requested_by IS NULL AND r.subject_staff_id = me.id))
               AND r.id < %(after)s
             ORDER BY r.id DESC LIMIT %(limit)s)
        {_LIST_SELECT}
         ORDER BY p.id DESC""", {"after": after, "limit": _limit(limit)})
    me = _scalar(conn, "SELECT crm.current_staff_id()")
    for row in rows:
        row["can_withdraw"] = row["status"] == "pending" and _mine(row, me)
    return rows


def history(conn: psycopg.Connection, after_id: int | None = None, limit: int = PAGE_LIMIT) -> list[dict]:
    """Requests I decided a step of, in whatever state they are now (a step I approved stays
    here while later steps wait), and the decided ones (approved, rejected, withdrawn, failed)
    I requested or was the subject of; newest first, keyset by id."""
    after = 2 ** 63 - 1 if after_id is None else _id(after_id)
    return _run(conn, f"""
        WITH {_ME},
        page AS MATERIALIZED (
            SELECT r.* FROM crm.approval_request r, me
             WHERE r.id < %(after)s
               AND (me.id = ANY (r.deciders)
                    OR (r.status <> 'pending' AND (r.requested_by = me.id OR r.subject_staff_id = me.id)))
             ORDER BY r.id DESC LIMIT %(limit)s)
        {_LIST_SELECT}
         ORDER BY p.id DESC""", {"after": after, "limit": _limit(limit)})


def request_detail(conn: psycopg.Connection, request_id: int) -> dict:
    """One request with its steps (one per post, in order: decided ones with decision, who,
    when and comment; the current one 'waiting'; later ones None), the customer, the subject
    staff member and the reservation (when it came from one and is visible to me)."""
    rid = _id(request_id)
    rows = _run(conn, f"""
        WITH page AS MATERIALIZED (SELECT r.* FROM crm.approval_request r WHERE r.id = %(id)s)
        {_LIST_SELECT}""", {"id": rid})
    if not rows:
        raise CrmRefusal("not_found", f"no approval request {rid}")
    request = rows[0]
    parties = _run(conn, "SELECT * FROM crm.approval_parties(ARRAY[%s]::bigint[])", (rid,))
    party = parties[0] if parties else {}
    decided = {r["step_no"]: r for r in _run(conn, """
        SELECT s.step_no, s.post_code, s.decision, s.decided_by, s.decided_at, s.comment,
               d.decided_by_name, d.decided_by_login
          FROM crm.approval_step s
          LEFT JOIN crm.approval_deciders(ARRAY[%(id)s]::bigint[]) d
                 ON d.request_id = s.request_id AND d.step_no = s.step_no
         WHERE s.request_id = %(id)s ORDER BY s.step_no""", {"id": rid})}
    posts = {r["code"]: r for r in _run(conn, "SELECT code, name_zh, name_en FROM crm.approval_post")}
    steps = []
    for number, post in enumerate(request["posts"], start=1):
        step = {"step_no": number, "post": post, "post_zh": posts.get(post, {}).get("name_zh", post),
                "post_en": posts.get(post, {}).get("name_en", post), "decision": None,
                "decided_by_name": None, "decided_by_login": None, "decided_at": None, "comment": None,
                "state": "later"}
        if number in decided:
            got = decided[number]
            step.update(decision=got["decision"], decided_by_name=got["decided_by_name"],
                        decided_by_login=got["decided_by_login"], decided_at=got["decided_at"],
                        comment=got["comment"], state=got["decision"])
        elif request["status"] == "pending" and number == request["current_step"]:
            step["state"] = "waiting"
        elif request["status"] != "pending":
            step["state"] = "not_reached"
        steps.append(step)
    request["steps"] = steps
    request["customer"] = None if request["customer_id"] is None else {
        "id": request["customer_id"], "account_no": party.get("customer_account_no"),
        "name": party.get("customer_name"), "branch": party.get("customer_branch_name"),
        "developer": party.get("customer_developer_name"),
        "service_staff": party.get("customer_service_staff_name"),
        "total_assets_cents": party.get("customer_total_assets_cents"),
        "assets_date": party.get("customer_assets_date")}
    request["subject"] = {
        "id": request["subject_staff_id"], "name": party.get("subject_name"), "login": party.get("subject_login"),
        "branch": party.get("subject_branch_name"), "type": party.get("subject_type"),
        "type_zh": party.get("subject_type_zh"), "type_en": party.get("subject_type_en")}
    request["reservation"] = None
    if request["reservation_id"] is not None:
        found = _run(conn, """
            SELECT r.id, r.name, r.id_no_masked AS id_no, r.mobile_masked AS mobile, r.note, r.registered_on, r.window_end, r.status,
                   r.reason, r.reason_detail, b.code AS branch_code, b.name AS branch_name
              FROM crm.reservation r JOIN crm.branch b ON b.id = r.branch_id WHERE r.id = %s""",
                     (request["reservation_id"],))
        # Not visible to an approver outside the registering staff member's line: say so.
        request["reservation"] = found[0] if found else {"id": request["reservation_id"]}
    me = _scalar(conn, "SELECT crm.current_staff_id()")
    request["can_withdraw"] = request["status"] == "pending" and _mine(request, me)
    return request


# Deciding -----------------------------------------------------------------------------------------------------

def decide(conn: psycopg.Connection, request_id: int, step_no: int, decision: str, comment: str | None = None) -> str:
    """Approve or reject step `step_no` (the step the user saw). Returns the request's new
    status ('pending' while later steps remain, 'approved', 'rejected'). A step someone else
    decided meanwhile is refused with ``already_decided`` naming them, and changes nothing."""
    rid = _id(request_id)
    step = _id(step_no, "step")
    value = _decision(decision)
    with conn.transaction():
        return _scalar(conn, "SELECT crm.decide_request(%s, %s, %s, %s)", (rid, step, value, _note(comment)))


def decide_many(conn: psycopg.Connection, items: Iterable[tuple[int, int]], decision: str,
                comment: str | None = None) -> list[tuple[int, str | CrmRefusal]]:
    """The same decision on several requests, each in its own transaction (or savepoint), so
    one stale item does not undo the others: [(request_id, new status or the refusal)]."""
    value = _decision(decision)
    text = _note(comment)
    out: list[tuple[int, str | CrmRefusal]] = []
    for request_id, step_no in items:
        try:
            out.append((request_id, decide(conn, request_id, step_no, value, text)))
        except CrmRefusal as refusal:
            if refusal.kind in ("connection_lost", "session_ended"):
                raise
            out.append((request_id, refusal))
    return out


def withdraw(conn: psycopg.Connection, request_id: int) -> None:
    """The requester withdraws a pending request."""
    rid = _id(request_id)
    with conn.transaction():
        _run(conn, "SELECT crm.withdraw_request(%s)", (rid,))


# Starting requests ------------------------------------------------------------------------------------------

def claim_customer(conn: psycopg.Connection, customer_id: int, note: str | None = None) -> int:
    """Claim a public-pool customer (development relationship for me). Returns the request id."""
    with conn.transaction():
        return _scalar(conn, "SELECT crm.request_claim(%s, %s)", (_id(customer_id, "customer"), _note(note)))


def assign_service(conn: psycopg.Connection, customer_id: int, staff_login: str, note: str | None = None) -> int:
    """Ask for `staff_login` to become the customer's service staff (服务关系)."""
    if not isinstance(staff_login, str) or not staff_login.strip():
        raise CrmRefusal("invalid_input", "name the staff member by login")
    with conn.transaction():
        return _scalar(conn, "SELECT crm.request_service(%s, %s, %s)",
                       (_id(customer_id, "customer"), staff_login.strip(), _note(note)))


def request_release(conn: psycopg.Connection, customer_id: int, kind: str, note: str | None = None) -> int:
    """Ask to release (解除) the customer's live `kind` ('development' / 'service') relationship
    held by me or someone of my team."""
    if kind not in ("development", "service"):
        raise CrmRefusal("invalid_input", 'kind is "development" or "service"')
    with conn.transaction():
        return _scalar(conn, "SELECT crm.request_release(%s, %s, %s)", (_id(customer_id, "customer"), kind, _note(note)))


def request_transfer(conn: psycopg.Connection, staff_login: str, staff_type: str, branch_code: str,
                     note: str | None = None) -> int:
    """调岗: move a staff member of my team to another type and/or branch; on approval their
    live relationships are released first."""
    for value, what in ((staff_login, "staff login"), (staff_type, "staff type"), (branch_code, "branch code")):
        if not isinstance(value, str) or not value.strip():
            raise CrmRefusal("invalid_input", f"a {what} is required")
    with conn.transaction():
        return _scalar(conn, "SELECT crm.request_transfer(%s, %s, %s, %s)",
                       (staff_login.strip(), staff_type.strip(), branch_code.strip().upper(), _note(note)))


# Customers in batches: hand-over (交接) and batch entry (存量关系录入) -------------------------------

KINDS = ("development", "service")
MAX_BATCH = 20000          # customers one request may name (the server refuses more)


def _kind(kind: Any) -> str:
    if kind not in KINDS:
        raise CrmRefusal("invalid_input", 'kind is "development" or "service"')
    return kind


def _day(day: Any, what: str = "effective date") -> dt.date:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise CrmRefusal("invalid_input", f"the {what} is a date")
    return day


def _customer_ids(customer_ids: Iterable[int] | None, required: bool) -> list[int] | None:
    if customer_ids is None:
        if required:
            raise CrmRefusal("invalid_input", "list at least one customer")
        return None
    ids = list(dict.fromkeys(_id(c, "customer") for c in customer_ids))
    if required and not ids:
        raise CrmRefusal("invalid_input", "list at least one customer")
    if len(ids) > MAX_BATCH:
        raise CrmRefusal("invalid_input", f"one request names at most {MAX_BATCH} customers (this one {len(ids)}): "
                                          "split it")
    return ids


def _login(login: Any, what: str) -> str:
    if not isinstance(login, str) or not login.strip():
        raise CrmRefusal("invalid_input", f"name the {what} by login")
    return login.strip()


def request_handover(conn: psycopg.Connection, from_login: str, to_login: str, kind: str,
                     effective: dt.date, customer_ids: Iterable[int] | None = None,
                     note: str | None = None, leave_out: Iterable[int] | None = None) -> int:
    """Ask to hand `from_login`'s `kind` customers (all of them, or `customer_ids`; less those in
    `leave_out`, e.g. the :func:`handover_blockers`) to `to_login` from the day `effective`. One
    request, one approval: on approval the old relationships end the day before and the new ones
    begin on the day (crm.request_handover). Returns the id."""
    ids = _customer_ids(customer_ids, required=False)
    left_out = _customer_ids(leave_out, required=False)
    with conn.transaction():
        return _scalar(conn, "SELECT crm.request_handover(%s, %s, %s, %s, %s, %s, %s)",
                       (_login(from_login, "giving staff member"), _login(to_login, "receiving staff member"),
                        _kind(kind), _day(effective), ids, _note(note), left_out))


def handover_blockers(conn: psycopg.Connection, from_login: str, kind: str, effective: dt.date,
                      customer_ids: Iterable[int] | None = None) -> list[dict]:
    """The giver's `kind` customers (of `customer_ids` when given) whose relationship began on or
    after `effective`: a hand-over from that day cannot include them (crm.handover_blockers).
    ``customer_id, account_no, customer_name, valid_from``, newest first."""
    return _run(conn, "SELECT * FROM crm.handover_blockers(%s, %s, %s, %s)",
                (_login(from_login, "giving staff member"), _kind(kind), _day(effective),
                 _customer_ids(customer_ids, required=False)))


def request_batch_entry(conn: psycopg.Connection, to_login: str, kind: str, customer_ids: Iterable[int],
                        valid_from: dt.date | None = None, note: str | None = None) -> int:
    """Ask to enter the `kind` relationships of existing customers (none of that kind yet) for
    `to_login`, beginning `valid_from` (default today), one request (FAQ 33). Returns the id."""
    ids = _customer_ids(customer_ids, required=True)
    with conn.transaction():
        return _scalar(conn, "SELECT crm.request_batch_entry(%s, %s, %s, coalesce(%s, current_date), %s)",
                       (_login(to_login, "staff member"), _kind(kind), ids,
                        None if valid_from is None else _day(valid_from, "start date"), _note(note)))


def request_customers(conn: psycopg.Connection, request_id: int, after_id: int | None = None,
                      limit: int = PAGE_LIMIT) -> list[dict]:
    """A page of the customers a hand-over or batch entry names (keyset: after the last
    ``customer_id``), each with its current holder of the request's kind; the count is the
    request's ``payload["customers"]``."""
    return _run(conn, "SELECT * FROM crm.request_customer_page(%s, %s, %s)",
                (_id(request_id), 0 if after_id is None else _id(after_id, "customer"), _limit(limit)))


def handover_staff(conn: psycopg.Connection) -> list[dict]:
    """Staff I may name in a hand-over or batch entry (my subtree, whom I administer or approve
    for; not closed; of a type that holds relationships), with their live ``development`` and
    ``service`` customer counts (crm.handover_staff)."""
    return _run(conn, "SELECT * FROM crm.handover_staff()")


# Flows and holidays (HQ) ------------------------------------------------------------------------------------

def flows(conn: psycopg.Connection) -> list[dict]:
    """Every flow with its ordered posts: [{code, name_zh, name_en, posts: [code, ...]}]."""
    return _run(conn, """
        SELECT f.code, f.name_zh, f.name_en,
               coalesce(array_agg(s.post_code ORDER BY s.step_no) FILTER (WHERE s.post_code IS NOT NULL),
                        '{}') AS posts
          FROM crm.approval_flow f LEFT JOIN crm.approval_flow_step s ON s.flow_code = f.code
         GROUP BY f.code, f.name_zh, f.name_en ORDER BY f.code""")


def posts(conn: psycopg.Connection) -> list[dict]:
    """The approval posts (code, name_zh, name_en) a flow can use."""
    return _run(conn, "SELECT code, name_zh, name_en FROM crm.approval_post ORDER BY code")


def set_flow_steps(conn: psycopg.Connection, flow: str, post_codes: Sequence[str]) -> None:
    """HQ: the flow's ordered posts (pending requests keep the steps they started with)."""
    if isinstance(post_codes, str) or not all(isinstance(p, str) for p in post_codes):
        raise CrmRefusal("invalid_input", "posts are a list of post codes")
    with conn.transaction():
        _run(conn, "SELECT crm.set_flow_steps(%s, %s)", (flow, list(post_codes)))


def holidays(conn: psycopg.Connection, year: int | None = None) -> list[dict]:
    """Public holidays [{day, name}], of one year or all."""
    if year is None:
        return _run(conn, "SELECT day, name FROM crm.holiday ORDER BY day")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 < year < 3000:
        raise CrmRefusal("invalid_input", f"{year!r} is not a year")
    return _run(conn, "SELECT day, name FROM crm.holiday WHERE day >= make_date(%s, 1, 1) "
                      "AND day < make_date(%s + 1, 1, 1) ORDER BY day", (year, year))


def set_holiday(conn: psycopg.Connection, day: dt.date, name: str | None) -> None:
    """HQ: mark `day` a holiday called `name`, or (name None) a normal day again."""
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise CrmRefusal("invalid_input", "a holiday is a date")
    if name is not None:
        if not isinstance(name, str) or not name.strip():
            raise CrmRefusal("invalid_input", "a holiday needs a name (None removes it)")
        name = name.strip()
    with conn.transaction():
        _run(conn, "SELECT crm.set_holiday(%s, %s)", (day, name))
