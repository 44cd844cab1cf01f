"""Sign-in and agent hardening: throttled lockout, agent health, passwords only through the
policy, long transactions ended, the gate unable to list logins.

Revision ID: 0009
Revises: 0008
"""

from pathlib import Path

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def upgrade() -> None:
    # As the migrating superuser: the file switches to crm_owner for the crm part itself, and
    # stays superuser for crm_server (pg_authid) and the pg_catalog privileges.
    op.get_bind().connection.dbapi_connection.execute(
        (SQL_DIR / "0009_agent_auth_hardening.sql").read_text(encoding="utf-8"))


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
