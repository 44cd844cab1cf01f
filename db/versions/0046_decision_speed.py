"""Approval decisions under load (issue #16): the customer-quarter rollup's refresh for a few
customers probes its indexes instead of filtering every row of both rollups (60-150 ms of a
director's decision on a 200 000-customer database); a relationship change refreshes only the
months that have facts on or after its first day (a claim approved today: none).

Revision ID: 0046
Revises: 0041
"""

from crm_desktop.db.server_objects import apply_objects

revision = "0046"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    apply_objects("crm.refresh_pivot_customer_quarter", "crm._refresh_relationship_rollups")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
