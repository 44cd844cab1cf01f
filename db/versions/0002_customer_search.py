"""Customer search: latest assets per customer, list indexes (name grams, prefixes, keyset
sorts), leakproof search functions, extended-data policy as a correlated EXISTS.

Revision ID: 0002
Revises: 0001
"""

from pathlib import Path

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def _run(name: str) -> None:
    # Raw driver call: the files hold %-formats and $$-bodies that must reach the server untouched.
    raw = op.get_bind().connection.dbapi_connection
    raw.execute((SQL_DIR / name).read_text(encoding="utf-8"))


def upgrade() -> None:
    # LEAKPROOF functions and an operator class need the superuser; they are owned by crm_owner.
    _run("0002_leakproof.sql")
    op.execute("SET LOCAL ROLE crm_owner")
    _run("0002_customer_search.sql")
    op.execute("RESET ROLE")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
