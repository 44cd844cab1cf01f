"""Accounts holding rights that only HQ grants (approval posts, the export/SMS/approve rights)
have their password reset and PCs bound only by HQ administrators: a branch administrator doing
it could sign in as the account.

Revision ID: 0015
Revises: 0014
"""

from pathlib import Path

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def upgrade() -> None:
    op.execute("SET LOCAL ROLE crm_owner")
    # Raw driver call: the file holds $$-bodies that must reach the server untouched.
    op.get_bind().connection.dbapi_connection.execute(
        (SQL_DIR / "0015_hq_rights_accounts.sql").read_text(encoding="utf-8"))
    op.execute("RESET ROLE")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
