"""信息栏目 at scale (issue #14 follow-ups): the agent sends an issue to its subscribers in chunks,
each chunk its own transaction, resumable after a restart (crm.sms_agent_deliver_issues).

Revision ID: 0037
Revises: 0036
"""

from crm_desktop.db.server_objects import apply_objects

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    apply_objects("crm.sms_agent_deliver_issues")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
