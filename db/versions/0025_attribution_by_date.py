"""Attribution by date (issue #15): the customer-month rollup keys on the development and service
staff that held each customer on the month's days (crm.customer_daily_owner), kept when
relationships change for past dates; overlapping relationships of one kind are refused; the
superior hierarchy refuses cycles on every path.

Revision ID: 0025
Revises: 0024
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    apply_objects("crm.customer_daily_owner", "crm.refresh_pivot_rollups", "crm.refresh_pivot_branch_month",
                  "crm.pivot_customer_sync", "crm.relationship_sync_pivot", "crm.staff_superior_acyclic",
                  "crm.t1_apply")
    run_revision_sql("0025_attribution_by_date.sql")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
