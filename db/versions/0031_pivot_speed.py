"""Faster 多维分析 layouts (issue #16): crm.pivot_customer_quarter, the customer-quarter rollup
kept from the customer-month rollup by crm.pivot_customer_quarter_sync, with a (quarter, P&L)
index for the rankings of a quarter. crm.t1_apply merges the changes of the month rows it merges
into their quarter rows (the triggers off meanwhile): a rebuild per customer was 3-4x the month
merge's time.

Revision ID: 0031
Revises: 0030
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The functions first: the revision's triggers call the sync, and it fills the new table.
    apply_objects("crm.refresh_pivot_customer_quarter", "crm.pivot_customer_quarter_sync")
    run_revision_sql("0031_pivot_speed.sql")
    # The T+1 merge keeps the quarter rollup itself, with the quarter triggers off.
    apply_objects("crm.t1_apply")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
