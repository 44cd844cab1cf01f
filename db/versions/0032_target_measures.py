"""销售任务 targets and completion as measures of 多维分析 (issue #15).

crm.sales_target_progress_range(kind, first, last) computes the completion of every target
period in a range in one pass (the pivot's staff x month over a year); crm.sales_target_progress,
the 销售任务 tab's one period, becomes its one-period case, so both show the same figures.

Revision ID: 0032
Revises: 0031
"""

from crm_desktop.db.server_objects import apply_objects

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    apply_objects("crm.sales_target_progress_range", "crm.sales_target_progress")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
