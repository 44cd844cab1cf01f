"""短信 SMS, the remaining gaps of #14: the blacklist and opt-outs get an id, the customer and the
branch they were recorded for (a paged list per branch, removal of one entry with a reason); a
sender can no longer turn HQ's blacklisting into an opt-out; 短信记录 is paged by its key
(queued_at, id) instead of OFFSET.

Revision ID: 0022
Revises: 0021
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0022_sms_rest.sql")
    apply_objects("crm.sms_block", "crm.sms_block_list", "crm.sms_unblock_entry")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
