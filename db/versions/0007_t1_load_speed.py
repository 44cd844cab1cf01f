"""T+1 load with fewer passes: crm.customer_daily partitioned by trading date (a load builds
and attaches its date), a leaner check, rows prepared in customer order, the month rollup
merged with MERGE, customer_latest rewritten when a date covers most of it.

Revision ID: 0007
Revises: 0006
"""

from pathlib import Path

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def upgrade() -> None:
    # The facts' partitions live in their own schema; creating a schema needs the database's
    # CREATE right, which only the migrating superuser has.
    op.execute("CREATE SCHEMA IF NOT EXISTS crm_daily AUTHORIZATION crm_owner")
    op.execute("REVOKE ALL ON SCHEMA crm_daily FROM PUBLIC")
    op.execute("SET LOCAL ROLE crm_owner")
    # Raw driver call: the file holds $$-bodies that must reach the server untouched.
    op.get_bind().connection.dbapi_connection.execute(
        (SQL_DIR / "0007_t1_load_speed.sql").read_text(encoding="utf-8"))
    op.execute("RESET ROLE")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
