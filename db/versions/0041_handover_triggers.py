"""Hand-over speed (issue #15): the relationship audit and the developer/service mirror on
crm.customer become statement-level triggers over transition tables (crm.audit_statement,
crm.relationship_sync_developer), writing what the per-row triggers wrote; the approval of a
hand-over refreshes its customers' rollups once after its two statements
(crm.relationship_rollup_deferral, crm._refresh_relationship_rollups) instead of after each.

Revision ID: 0041
Revises: 0040
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The functions first (the new triggers name them); nothing writes crm.relationship in
    # between, so the per-row trigger never runs the statement-level body.
    apply_objects("crm.audit_statement", "crm.relationship_sync_developer", "crm._refresh_relationship_rollups",
                  "crm.relationship_sync_pivot", "crm._apply_request")
    run_revision_sql("0041_handover_triggers.sql")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
