"""Four eyes stay four: nobody grants, revokes or decides for themselves; HQ alone grants the
export and SMS rights; only marketing staff hold relationships; one visibility rule for
approval requests (deciders included); a bare crm_approvals ping; shared layouts need a session.

Revision ID: 0010
Revises: 0009
"""

from pathlib import Path

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def upgrade() -> None:
    op.execute("SET LOCAL ROLE crm_owner")
    # Raw driver call: the file holds $$-bodies that must reach the server untouched.
    op.get_bind().connection.dbapi_connection.execute(
        (SQL_DIR / "0010_four_eyes.sql").read_text(encoding="utf-8"))
    op.execute("RESET ROLE")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
