"""预约 import: at most one open reservation per person (normalised name and ID number or mobile)
and branch, enforced by unique partial indexes (reservations already open twice are withdrawn,
reason 'duplicate', the oldest kept); crm.import_reservations inserts an import's rows in one
statement.

Revision ID: 0013
Revises: 0012
"""

from pathlib import Path

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def upgrade() -> None:
    # As the migrating superuser: withdrawing existing duplicates must see every branch's rows.
    # The file switches to crm_owner (SET LOCAL ROLE) for the functions it creates.
    op.get_bind().connection.dbapi_connection.execute(
        (SQL_DIR / "0013_reservation_import.sql").read_text(encoding="utf-8"))


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
