"""Fixes from trying the product as its users (QA walk, issue #15 "Done when").

A hand-over or batch entry that a holder of one of its approval posts asks for (the branch's
营销总监) leaves that post's step out: asking is their decision, and as the only holder they could
never decide it (nobody decides a request they started), so the request waited forever. Another
approver keeps at least one step. (crm._start_request)

Revision ID: 0038
Revises: 0037
"""

from crm_desktop.db.server_objects import apply_objects

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None


def upgrade() -> None:
    apply_objects("crm._start_request")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
