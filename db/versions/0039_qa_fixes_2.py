"""Fixes from the second QA walk.

A hand-over of all of a marketer's customers from a past day was refused while any relationship
began on or after the day, without saying which: crm.handover_blockers names them, and
crm.request_handover leaves out the ones the caller lists (p_leave_out), so the dialog can hand
over the others; the server still refuses any remaining relationship begun on or after the day.

A director asking for a release, a service assignment or a transfer (any request not about
themselves) leaves out their own post's step as a hand-over does (crm._start_request): as the
branch's only 营销总监 they waited forever for a step only they could decide.

Revision ID: 0039
Revises: 0038
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0039_qa_fixes_2.sql")
    apply_objects("crm._handover_giver", "crm.request_handover", "crm.handover_blockers", "crm._start_request")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
