"""信息栏目 SMS subscriptions (#14; FAQ 2.3, 19, 42): HQ's information columns and their published
issues, customers' subscriptions per column with the branch sender who sends them, and what
became of each issue for each subscriber; the agent's delivery into the outbox; the approval
flow that moves a sender's subscriptions to another sender.

Revision ID: 0021
Revises: 0020
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0021_sms_subscriptions.sql")
    apply_objects(
        "crm.sms_sender_problem", "crm.sms_issue_recipients", "crm.sms_save_column", "crm.sms_publish_issue",
        "crm.sms_issue_preview", "crm.sms_subscription_targets", "crm.sms_subscribe", "crm.sms_unsubscribe",
        "crm.sms_subscription_problems", "crm.request_sms_subscription_move", "crm._apply_request",
        "crm.sms_agent_deliver_issues", "crm.sms_agent_subscription_backlog",
    )


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
