"""Issue #17, the product as IT deploys it: app releases (newest / minimum version, download URL)
read by staff and the gate at sign-in and set by HQ; PCs asking to be registered through the gate
and the branch administrator's one-click approval.

Revision ID: 0019
Revises: 0018
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from alembic import op

    # crm.schema_revision() (owned by crm_owner) reads Alembic's version table, which belongs to
    # whoever ran the first migration (the superuser): only it can grant this, not crm_owner.
    op.execute("GRANT SELECT ON public.alembic_version TO crm_owner")
    run_revision_sql("0019_install.sql")
    apply_objects("crm.app_release", "crm.set_app_release", "crm.request_pc_registration",
                  "crm.pending_pc_registrations", "crm.decide_pc_registration", "crm.schema_revision")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
