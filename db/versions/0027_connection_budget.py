"""Few connections per client: crm.resume_session opens a worker connection of a live sign-in
(same login, PC and address) with crm.open_session's checks but no login event, and the session
row records which sign-in it continues (app_session.resumed_from).

Revision ID: 0027
Revises: 0026
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0027_connection_budget.sql")
    apply_objects("crm.resume_session")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
