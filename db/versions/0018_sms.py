"""短信 SMS (#14): carriers, prices and prefixes, HQ quotas and branch volumes, the blacklist,
templates and the outbox, written only through definer functions; the agent's dispatch functions.

Revision ID: 0018
Revises: 0017
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0018_sms.sql")
    apply_objects(
        "crm.sms_classify_mobile", "crm.sms_check_template", "crm.sms_render", "crm.sms_recipients",
        "crm.sms_require_sender", "crm.sms_preview", "crm.sms_quota_status", "crm.sms_queue",
        "crm.sms_set_quota", "crm.sms_set_branch_volume", "crm.sms_set_price", "crm.sms_set_prefix",
        "crm.sms_block", "crm.sms_unblock", "crm.sms_give_back", "crm.sms_agent_claim", "crm.sms_agent_result",
        "crm.sms_agent_delivery", "crm.sms_agent_backlog", "crm._apply_request", "crm.request_sms_quota",
    )


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
