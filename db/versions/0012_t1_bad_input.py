"""Bad counter input, handled (issue #18): staging types that enforce the documented formats
and maxima while COPY reads, visible names and sane date ranges in the check, a guard against a
collapsing daily row count, a linear crm.name_grams.

Revision ID: 0012
Revises: 0011
"""

from pathlib import Path

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def upgrade() -> None:
    # As the migrating superuser: the file redefines the LEAKPROOF crm.name_grams first, then
    # switches to crm_owner itself (SET LOCAL ROLE) for the rest.
    op.get_bind().connection.dbapi_connection.execute(
        (SQL_DIR / "0012_t1_bad_input.sql").read_text(encoding="utf-8"))
    op.execute("RESET ROLE")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
