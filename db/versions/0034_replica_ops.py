"""Customer detail under load (issue #16): the read policies of crm.customer_daily,
crm.relationship and crm.visit probe the one customer by key (EXISTS) instead of hashing all
visible customers per query and, on the date-partitioned facts, per partition.

Revision ID: 0034
Revises: 0032
"""

from crm_desktop.db.server_objects import run_revision_sql

revision = "0034"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0034_replica_ops.sql")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
