"""T+1 counter load (柜台数据): load bookkeeping on crm.t1_load, the loader's grants to
crm_agent and the bulk-load helpers. See crm_desktop/services/t1_load.py.

Revision ID: 0005
Revises: 0004
"""

from pathlib import Path

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def upgrade() -> None:
    op.execute("SET LOCAL ROLE crm_owner")
    # Raw driver call: the file holds $$-bodies that must reach the server untouched.
    op.get_bind().connection.dbapi_connection.execute(
        (SQL_DIR / "0005_t1_load.sql").read_text(encoding="utf-8"))
    op.execute("RESET ROLE")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
