"""Customer groups (客户群) as staff roles, straight SQL (no app code): what RLS and the grants of
0003_customer_workspace.sql refuse.

World (tests/security/helpers.build_world): BR01 director → devmgr → mkt_a, mkt_b (mkt_b sees
the public pool); A1 is mkt_a's, B1 mkt_b's, M1 devmgr's, P1 in the pool, X2 in BR02.
"""

from __future__ import annotations

import pytest

from tests.security.helpers import expect_error, unchanged


def make_group(conn, name: str, members: list[int] = ()) -> int:
    gid = conn.execute("INSERT INTO crm.customer_group (name) VALUES (%s) RETURNING id", (name,)).fetchone()[0]
    for cid in members:
        conn.execute("INSERT INTO crm.customer_group_member (group_id, customer_id) VALUES (%s, %s)", (gid, cid))
    return gid


@pytest.fixture
def groups(world):
    """mkt_a's group {A1, S1}; mkt_b's group {B1, P1} (P1: pool, seen by mkt_b only)."""
    c = world.customers
    with world.session("mkt_a") as conn:
        world.group_a = make_group(conn, "A的群", [c["A1"], c["S1"]])
    with world.session("mkt_b") as conn:
        world.group_b = make_group(conn, "B的群", [c["B1"], c["P1"]])
    return world


def test_owner_is_stamped_by_the_server(world):
    mkt_a, mkt_b = world.staff["mkt_a"], world.staff["mkt_b"]
    with world.session("mkt_a") as conn:
        # Naming someone else as the owner does not work: the trigger stamps the caller.
        gid = conn.execute("INSERT INTO crm.customer_group (staff_id, name) VALUES (%s, 'x') RETURNING id",
                           (mkt_b.staff_id,)).fetchone()[0]
        assert conn.execute("SELECT staff_id, version FROM crm.customer_group WHERE id = %s",
                            (gid,)).fetchone() == (mkt_a.staff_id, 1)
        # Owner and version are not columns a staff member may update.
        with unchanged(world.db):
            expect_error(conn, "UPDATE crm.customer_group SET staff_id = %s WHERE id = %s",
                         (mkt_b.staff_id, gid), sqlstate="42501")
            expect_error(conn, "UPDATE crm.customer_group SET version = 1 WHERE id = %s", (gid,), sqlstate="42501")
        conn.execute("UPDATE crm.customer_group SET name = 'y' WHERE id = %s", (gid,))
        assert conn.execute("SELECT version FROM crm.customer_group WHERE id = %s", (gid,)).fetchone()[0] == 2


def test_cannot_rename_or_delete_someone_elses_group(groups):
    w = groups
    for login in ("mkt_b", "devmgr", "director", "hq_all"):
        with w.session(login) as conn, unchanged(w.db):
            assert conn.execute("UPDATE crm.customer_group SET name = 'taken' WHERE id = %s",
                                (w.group_a,)).rowcount == 0, login
            assert conn.execute("DELETE FROM crm.customer_group WHERE id = %s", (w.group_a,)).rowcount == 0, login


def test_cannot_add_members_to_someone_elses_group(groups):
    w, c = groups, groups.customers
    for login, customer in (("mkt_b", "B1"), ("devmgr", "M1"), ("devmgr", "A1"), ("director", "D1")):
        with w.session(login) as conn, unchanged(w.db):
            expect_error(conn, "INSERT INTO crm.customer_group_member (group_id, customer_id) VALUES (%s, %s)",
                         (w.group_a, c[customer]), sqlstate="42501")
            # Nor in bulk, nor quietly.
            expect_error(conn, "INSERT INTO crm.customer_group_member (group_id, customer_id) "
                               "SELECT %s, id FROM crm.customer ON CONFLICT DO NOTHING", (w.group_a,), sqlstate="42501")


def test_cannot_add_a_customer_one_cannot_see(groups):
    w, c = groups, groups.customers
    with w.session("mkt_a") as conn, unchanged(w.db):
        for customer in ("B1", "P1", "X2", "M1"):
            expect_error(conn, "INSERT INTO crm.customer_group_member (group_id, customer_id) VALUES (%s, %s)",
                         (w.group_a, c[customer]), sqlstate="42501")


def test_cannot_remove_members_of_someone_elses_group(groups):
    w, c = groups, groups.customers
    for login in ("mkt_b", "devmgr", "director"):
        with w.session(login) as conn, unchanged(w.db):
            assert conn.execute("DELETE FROM crm.customer_group_member WHERE group_id = %s",
                                (w.group_a,)).rowcount == 0
            assert conn.execute("DELETE FROM crm.customer_group_member WHERE customer_id = %s",
                                (c["A1"],)).rowcount == 0


def test_members_whose_customer_is_invisible_are_invisible(groups):
    w, c = groups, groups.customers
    # devmgr reads mkt_b's group, but P1 (public pool) is visible to mkt_b only.
    with w.session("devmgr") as conn:
        assert {r[0] for r in conn.execute("SELECT customer_id FROM crm.customer_group_member WHERE group_id = %s",
                                           (w.group_b,))} == {c["B1"]}
    with w.session("mkt_b") as conn:
        assert {r[0] for r in conn.execute("SELECT customer_id FROM crm.customer_group_member WHERE group_id = %s",
                                           (w.group_b,))} == {c["B1"], c["P1"]}
    # When the relationship ends, the owner no longer sees that member either.
    with w.db.admin() as conn:
        conn.execute("UPDATE crm.relationship SET status = 'released', valid_to = current_date, released_at = now(), "
                     "released_by = 'test' WHERE customer_id = %s", (c["A1"],))
    with w.session("mkt_a") as conn:
        assert {r[0] for r in conn.execute("SELECT customer_id FROM crm.customer_group_member WHERE group_id = %s",
                                           (w.group_a,))} == {c["S1"]}
        # ... nor its facts through the group.
        assert conn.execute("SELECT count(*) FROM crm.customer_daily d JOIN crm.customer_group_member m "
                            "ON m.customer_id = d.customer_id WHERE m.group_id = %s", (w.group_a,)).fetchone()[0] == 0


def test_peers_and_other_branches_see_neither_group_nor_members(groups):
    w = groups
    for login in ("mkt_b", "mkt_c", "viewer", "admin02"):
        with w.session(login) as conn:
            assert conn.execute("SELECT count(*) FROM crm.customer_group WHERE id = %s",
                                (w.group_a,)).fetchone()[0] == 0, login
            assert conn.execute("SELECT count(*) FROM crm.customer_group_member WHERE group_id = %s",
                                (w.group_a,)).fetchone()[0] == 0, login


def test_manager_sees_a_subordinates_group_read_only(groups):
    w, c = groups, groups.customers
    for login in ("devmgr", "director"):
        with w.session(login) as conn:
            row = conn.execute("SELECT name, staff_id FROM crm.customer_group WHERE id = %s", (w.group_a,)).fetchone()
            assert row == ("A的群", w.staff["mkt_a"].staff_id), login
            assert {r[0] for r in conn.execute(
                "SELECT customer_id FROM crm.customer_group_member WHERE group_id = %s", (w.group_a,))} \
                == {c["A1"], c["S1"]}, login
            with unchanged(w.db):
                assert conn.execute("UPDATE crm.customer_group SET note = 'mine now' WHERE id = %s",
                                    (w.group_a,)).rowcount == 0
                assert conn.execute("DELETE FROM crm.customer_group WHERE id = %s", (w.group_a,)).rowcount == 0
                assert conn.execute("DELETE FROM crm.customer_group_member WHERE group_id = %s",
                                    (w.group_a,)).rowcount == 0
                expect_error(conn, "INSERT INTO crm.customer_group_member (group_id, customer_id) VALUES (%s, %s)",
                             (w.group_a, c["M1"]), sqlstate="42501")
    # A subordinate does not read the manager's groups.
    with w.session("devmgr") as conn:
        gid = make_group(conn, "经理的群", [c["M1"]])
    with w.session("mkt_a") as conn:
        assert conn.execute("SELECT count(*) FROM crm.customer_group WHERE id = %s", (gid,)).fetchone()[0] == 0


def test_group_names_are_unique_per_owner_only(groups):
    w = groups
    with w.session("mkt_b") as conn:
        make_group(conn, "A的群")           # the same name as mkt_a's: a different owner
        with unchanged(w.db):
            expect_error(conn, "INSERT INTO crm.customer_group (name) VALUES ('A的群')", sqlstate="23505")
            expect_error(conn, "INSERT INTO crm.customer_group (name) VALUES ('  ')", sqlstate="23514")
