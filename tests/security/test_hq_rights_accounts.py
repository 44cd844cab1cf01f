"""Issue #11 part 3, the takeover path: a branch administrator may not reset the password of, bind a
PC to or lift the MAC binding of an account that holds rights only HQ grants, or they could sign in as it and
use them. Tried as the branch administrator with plain psycopg."""

from __future__ import annotations

import pytest

from tests.security.helpers import expect_error, unchanged


@pytest.fixture
def org(db):
    mk = db.make_staff
    mk("adm", staff_type="back_office", roles=("branch_admin",))
    mk("hq01", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    mk("tm1", staff_type="manager", scope="branch", roles=("trading_manager",), posts=("trading_manager",))
    mk("exp1", staff_type="back_office", roles=("data_export",), scope="branch")
    mk("mkt_a")


@pytest.mark.parametrize("call", [
    "crm.reset_password('{login}')",
    "crm.bind_mac('{login}', '02:00:00:00:00:99')",
    "crm.set_mac_binding_required('{login}', false)",
])
@pytest.mark.parametrize("login", ["tm1", "exp1"])
def test_a_branch_administrator_cannot_take_over_an_account_holding_hq_rights(db, org, call, login):
    with db.session("adm") as conn, unchanged(db):
        error = expect_error(conn, "SELECT " + call.format(login=login), sqlstate="42501")
    assert "only HQ administrators reset its password" in error.diag.message_primary


def test_the_branch_administrator_still_freezes_such_an_account(db, org):
    with db.session("adm") as conn:
        conn.execute("SELECT crm.freeze_staff('tm1', '休假')")
        conn.execute("SELECT crm.unfreeze_staff('tm1')")


def test_the_branch_administrator_still_manages_plain_staff_and_hq_manages_the_rest(db, org):
    with db.session("adm") as conn:
        assert conn.execute("SELECT crm.reset_password('mkt_a')").fetchone()[0]
    with db.session("hq01") as conn:
        assert conn.execute("SELECT crm.reset_password('tm1')").fetchone()[0]
        assert conn.execute("SELECT crm.reset_password('exp1')").fetchone()[0]
