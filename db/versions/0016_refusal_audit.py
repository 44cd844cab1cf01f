"""Security refusals of staff logins (42501, CR033, CR034) reach the audit log: the agent turns
their server-log records into crm.audit_log rows, at most 100 per login and hour.

Revision ID: 0016
Revises: 0015
"""

from pathlib import Path

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def upgrade() -> None:
    op.execute("SET LOCAL ROLE crm_owner")
    # Raw driver call: the file holds $$-bodies that must reach the server untouched.
    op.get_bind().connection.dbapi_connection.execute(
        (SQL_DIR / "0016_refusal_audit.sql").read_text(encoding="utf-8"))
    op.execute("RESET ROLE")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
