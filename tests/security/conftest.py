import secrets

import pytest
from psycopg import sql

from tests.security.helpers import build_world


@pytest.fixture
def world(db):
    return build_world(db)


@pytest.fixture
def gate(db):
    """A connection as crm_gate, the login every client may use before signing in."""
    password = "gate-" + secrets.token_hex(12)
    with db.admin() as conn:
        conn.execute(sql.SQL("ALTER ROLE crm_gate PASSWORD {}").format(sql.Literal(password)))
    try:
        with db.connect("crm_gate", password) as conn:
            yield conn
    finally:
        with db.admin() as conn:
            conn.execute("ALTER ROLE crm_gate PASSWORD NULL")
