"""Personal data (ID number, mobile, phone, address) masked for staff in every read path, psql
included: masked generated columns, column privileges on the raw ones, exact search compared on
the server, an audited reveal of one value, and full values in an export only with a dedicated
right (issue #11 part 5, #12 item 6).

Revision ID: 0011
Revises: 0010
"""

from pathlib import Path

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def upgrade() -> None:
    op.execute("SET LOCAL ROLE crm_owner")
    # Raw driver call: the file holds $$-bodies that must reach the server untouched.
    op.get_bind().connection.dbapi_connection.execute(
        (SQL_DIR / "0011_personal_data_masking.sql").read_text(encoding="utf-8"))
    op.execute("RESET ROLE")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
