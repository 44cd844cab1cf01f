"""Foundation: roles, schema, row-level security, session and administration functions.

Revision ID: 0001
Revises:
"""

from pathlib import Path

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def _run(name: str) -> None:
    # Raw driver call: the files hold %-formats and $$-bodies that must reach the server untouched.
    raw = op.get_bind().connection.dbapi_connection
    raw.execute((SQL_DIR / name).read_text(encoding="utf-8"))


def upgrade() -> None:
    _run("0001_roles.sql")          # cluster roles and the schema, as the superuser
    op.execute("SET LOCAL ROLE crm_owner")
    for name in ("0001_schema.sql", "0001_reference.sql", "0001_security.sql",
                 "0001_functions.sql", "0001_grants.sql"):
        _run(name)
    op.execute("RESET ROLE")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
