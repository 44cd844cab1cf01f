"""Saved filters are private: as staff roles over plain psycopg (no app code), one staff member
cannot read, change, delete or plant another's saved filters; the server stamps the owner."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.security.helpers import unchanged

DEFINITION = Jsonb({"version": 1, "filter": {"column": "name", "op": "contains", "value": "王"},
                    "search": "", "public_pool_only": False})


@pytest.fixture
def people(db):
    staff = {
        "boss": db.make_staff("sf_boss", staff_type="manager", scope="subordinates"),
        "a": db.make_staff("sf_a", superior="sf_boss"),
        "b": db.make_staff("sf_b", superior="sf_boss"),
        "other": db.make_staff("sf_other", scope="all", staff_type="hq", branch="HQ"),
    }
    with db.session("sf_a") as conn:
        fid = conn.execute("INSERT INTO crm.saved_filter (name, definition) VALUES ('a private', %s) "
                           "RETURNING id", (DEFINITION,)).fetchone()[0]
    return staff, fid


def owner(db, fid: int) -> str | None:
    return db.scalar("SELECT s.login FROM crm.saved_filter f JOIN crm.staff s ON s.id = f.staff_id "
                     "WHERE f.id = %s", (fid,))


def test_others_cannot_read_update_or_delete(db, people):
    staff, fid = people
    for login in ("sf_b", "sf_boss", "sf_other"):       # a peer, the superior, a scope-"all" HQ user
        with db.session(login) as conn, unchanged(db):
            assert conn.execute("SELECT count(*) FROM crm.saved_filter").fetchone()[0] == 0
            assert conn.execute("SELECT id FROM crm.saved_filter WHERE id = %s", (fid,)).fetchone() is None
            assert conn.execute("UPDATE crm.saved_filter SET name = 'stolen', definition = '{}' WHERE id = %s",
                                (fid,)).rowcount == 0
            assert conn.execute("UPDATE crm.saved_filter SET name = name || '!'").rowcount == 0
            assert conn.execute("DELETE FROM crm.saved_filter WHERE id = %s", (fid,)).rowcount == 0
            assert conn.execute("DELETE FROM crm.saved_filter").rowcount == 0
    with db.session("sf_a") as conn:
        assert conn.execute("SELECT id, name FROM crm.saved_filter").fetchall() == [(fid, "a private")]


def test_an_upsert_by_name_cannot_reach_another_owners_row(db, people):
    staff, fid = people
    with db.session("sf_b") as conn:
        # Same name as sf_a's filter: a separate row of sf_b's, sf_a's row untouched.
        own = conn.execute("INSERT INTO crm.saved_filter (name, definition) VALUES ('a private', %s) "
                           "ON CONFLICT (staff_id, name) DO UPDATE SET definition = EXCLUDED.definition "
                           "RETURNING id", (Jsonb({"hijacked": True}),)).fetchone()[0]
    assert own != fid
    assert owner(db, own) == "sf_b" and owner(db, fid) == "sf_a"
    assert db.scalar("SELECT definition ? 'hijacked' FROM crm.saved_filter WHERE id = %s", (fid,)) is False


def test_cannot_insert_a_filter_owned_by_someone_else(db, people):
    staff, _ = people
    with db.session("sf_b") as conn:
        planted = conn.execute("INSERT INTO crm.saved_filter (staff_id, name, definition) VALUES (%s, 'planted', %s) "
                               "RETURNING id, staff_id", (staff["a"].staff_id, DEFINITION)).fetchone()
    # The trigger stamped the caller as the owner: sf_a never sees it.
    assert planted[1] == staff["b"].staff_id
    assert owner(db, planted[0]) == "sf_b"
    with db.session("sf_a") as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM crm.saved_filter")] == ["a private"]


def test_cannot_give_away_or_backdate_an_own_filter(db, people):
    staff, fid = people
    created = db.scalar("SELECT created_at FROM crm.saved_filter WHERE id = %s", (fid,))
    with db.session("sf_a") as conn:
        row = conn.execute("UPDATE crm.saved_filter SET staff_id = %s, created_at = '2000-01-01' WHERE id = %s "
                           "RETURNING staff_id, created_at", (staff["b"].staff_id, fid)).fetchone()
    assert row == (staff["a"].staff_id, created)
    assert owner(db, fid) == "sf_a"


def test_without_a_crm_session_nothing_is_visible_or_writable(db, people):
    _, fid = people
    with db.connect("sf_a") as conn, unchanged(db):     # password right, crm.open_session() not called
        try:
            rows = conn.execute("SELECT id FROM crm.saved_filter").fetchall()
        except psycopg.Error:
            rows = []
        assert rows == []
        try:
            deleted = conn.execute("DELETE FROM crm.saved_filter WHERE id = %s", (fid,)).rowcount
        except psycopg.Error:
            deleted = 0
        assert deleted == 0
