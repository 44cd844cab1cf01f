"""销售任务 sales targets and 贡献度 (issue #15): targets per staff member, team or branch and
month or year, set through definer functions with scope checks; the daily results per developer
by date (crm.sales_result_day) that completion is computed from; HQ's contribution weights.

Revision ID: 0026
Revises: 0025
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The policy and the triggers of the versioned SQL name these functions (bodies are checked
    # later, so they may name the tables it creates).
    apply_objects(
        "crm.sales_target_setter", "crm.my_target_branch_ids", "crm.sales_result_mark_stale",
        "crm.contribution_cents", "crm.set_contribution_weights", "crm.refresh_sales_results",
        "crm.refresh_stale_sales_results", "crm.set_sales_target", "crm.delete_sales_target",
        "crm.import_sales_targets", "crm.sales_target_progress",
    )
    run_revision_sql("0026_sales_targets.sql")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
