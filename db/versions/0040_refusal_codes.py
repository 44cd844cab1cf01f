"""信息栏目 at scale: an issue's recipients a chunk at a time.

crm.sms_issue_recipients(p_column, p_body, p_after, p_limit) takes the first p_limit live
subscribers after customer p_after straight from the live-subscription index (column, customer)
before classifying mobiles and rendering texts: the agent's delivery chunks
(crm.sms_agent_deliver_issues) no longer scan from the first subscriber each time. HQ's preview
(crm.sms_issue_preview) asks for all of them (0, NULL).

The revision's name is the one it was given for the refusal catalogue, which needed no schema
change.

Revision ID: 0040
Revises: 0039
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0040_refusal_codes.sql")
    apply_objects("crm.sms_issue_recipients", "crm.sms_issue_preview", "crm.sms_agent_deliver_issues")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
