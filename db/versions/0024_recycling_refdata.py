"""Public pool recycling (常见问题 5, issue #15): an HQ policy returns customers that nobody has
visited or contacted for N days to the public pool; the agent runs it branch by branch, records
what it did (run + one row per customer), warns the owner in 今日提醒 beforehand, and a marketing
director (or HQ) can reverse one recycling. Staff basic data (FAQ 22): administrators edit a staff
member's name, phone, title and team, kept as dated rows. Reference data (FAQ 35): HQ creates and
renames branches.

Revision ID: 0024
Revises: 0023
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0024_recycling_refdata.sql")
    apply_objects("crm.pool_recycle_candidates", "crm.set_pool_recycle_policy", "crm.agent_recycle_pool",
                  "crm.my_recycling_due", "crm.reverse_recycling", "crm.update_staff_basic_data",
                  "crm.check_branch_name", "crm.create_branch", "crm.rename_branch")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
