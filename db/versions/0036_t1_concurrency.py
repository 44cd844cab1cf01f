"""A T+1 reload neither blocks readers nor deadlocks with clients (issue #16): a re-run of a
date deletes the date's facts instead of truncating its partition (no ACCESS EXCLUSIVE lock that
every reader of the daily facts waits on until the load commits), and the load takes the derived
tables (customer_latest, the customer and branch rollups) in the clients' lock order before
writing them. Functions only: no table changes.

Revision ID: 0036
Revises: 0035
"""

from crm_desktop.db.server_objects import apply_objects

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    apply_objects("crm.t1_apply")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
