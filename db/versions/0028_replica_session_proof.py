"""Read replicas (issue #16): the proof of session on a hot standby, where no session row can be
written. crm.issue_replica_secret() on the primary gives the signed-in client a random secret and
keeps only its SHA-256 in the caller's session row; on a replica connection the client presents
it with crm.attach_replica_session(secret), and crm.current_staff_id() -- which every RLS helper
goes through -- accepts that connection only for the same login while the replicated session row
is open. crm.replica_status() tells the client how far a replica is behind.

Revision ID: 0028
Revises: 0027
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0028_replica_session_proof.sql")
    apply_objects("crm.current_staff_id", "crm.issue_replica_secret", "crm.attach_replica_session",
                  "crm.replica_status")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
