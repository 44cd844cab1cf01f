"""The agent's 信息栏目 job: queues every published issue whose time has come into the SMS outbox,
one message per live subscriber, charged to the subscription's sender (crm.sms_agent_deliver_issues
does it all in the database: the same checks as a normal send, over-quota subscribers skipped with
the reason, never twice to one customer -- the delivery table's key (issue, customer) is the
proof). An issue goes out in chunks of subscribers, one transaction each (this connection is in
autocommit: every call commits), so 2 M subscribers never hold one long transaction, and an agent
stopped between chunks resumes after the last customer reached. The outbox is then sent by the
sms_dispatch job like any other message. Its backlog: issues due, and live subscriptions whose
sender can no longer send them (FAQ 2.3), reported rather than dropped."""

from __future__ import annotations

import psycopg

# Issues advanced by one chunk each per transaction; one keeps every transaction to one chunk.
ISSUES_A_CALL = 1


def run_job(conn: psycopg.Connection) -> dict:
    """The agent job `sms_subscriptions` (crm_desktop/agent/jobs.py): chunk after chunk until no
    issue is due (or the others are being sent by another agent)."""
    summary = {"issues": 0, "chunks": 0, "queued": 0, "skipped": 0}
    while True:
        done = conn.execute("SELECT crm.sms_agent_deliver_issues(%s)", (ISSUES_A_CALL,)).fetchone()[0]
        for key in summary:
            summary[key] += int(done[key])
        if done["chunks"] == 0:
            break
    counts = _backlog(conn)
    if counts is not None:
        summary["subscriptions_without_sender"] = counts[1]
    return summary


def _backlog(conn: psycopg.Connection) -> tuple[int, int] | None:
    try:
        return tuple(conn.execute(
            "SELECT issues_due, subscriptions_stuck FROM crm.sms_agent_subscription_backlog()").fetchone())
    except psycopg.Error:
        conn.rollback()
        return None


def issues_due(conn: psycopg.Connection) -> int | None:
    """Published issues whose time has come that are not in the outbox yet."""
    counts = _backlog(conn)
    return None if counts is None else counts[0]


def subscriptions_without_sender(conn: psycopg.Connection) -> int | None:
    """Live subscriptions whose sender lost the send right, the account or the quota: they get
    nothing until the branch moves them to its new 信息管理员 (an approval request)."""
    counts = _backlog(conn)
    return None if counts is None else counts[1]
