"""The HQ agent reads the server log through crm_server.read_log() (log file names only) instead
of holding pg_read_server_files.

Revision ID: 0008
Revises: 0007
"""

from pathlib import Path

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def upgrade() -> None:
    # As the migrating superuser (no SET ROLE): the function must be able to read the log
    # directory wherever the server keeps it.
    op.get_bind().connection.dbapi_connection.execute(
        (SQL_DIR / "0008_agent_log_reader.sql").read_text(encoding="utf-8"))


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
