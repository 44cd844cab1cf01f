"""The proof of session on a read replica (issue #16, DESIGN.md section 2), as staff logins with
psycopg and no app code.

A hot standby cannot write a session row, so a replica connection proves its session with the
secret crm.issue_replica_secret() gave the same login's session on the primary. These tests run
against the primary with the replica connection read-only (default_transaction_read_only, as a
standby is): tests/db/test_replica.py repeats the essentials on a real streaming standby.
"""

from __future__ import annotations

import psycopg
import pytest

from tests.security.helpers import accounts, expect_error, unchanged

NOT_A_SESSION = "CR006"


def replica_connection(world, login: str) -> psycopg.Connection:
    """A connection as `login` without crm.open_session, read-only like a hot standby."""
    conn = world.db.connect(login)
    conn.execute("SET default_transaction_read_only = on")
    return conn


def issue(conn: psycopg.Connection) -> str:
    return conn.execute("SELECT crm.issue_replica_secret()").fetchone()[0]


def test_own_secret_shows_exactly_what_the_primary_session_shows(world):
    with world.session("mkt_a") as primary, replica_connection(world, "mkt_a") as replica:
        secret = issue(primary)
        assert len(secret) == 64
        assert accounts(replica) == set()                   # no proof yet: nothing
        staff_id = replica.execute("SELECT crm.attach_replica_session(%s)", (secret,)).fetchone()[0]
        assert staff_id == world.staff["mkt_a"].staff_id
        assert accounts(replica) == accounts(primary) == {"A1", "A2", "S1"}
        assert replica.execute("SELECT count(*) FROM crm.customer_daily").fetchone()[0] == \
            primary.execute("SELECT count(*) FROM crm.customer_daily").fetchone()[0]
        # The session row keeps the hash, never the secret.
        with world.db.admin() as admin:
            stored = admin.execute("SELECT replica_secret_hash FROM crm.app_session "
                                   "WHERE login = 'mkt_a' AND closed_at IS NULL").fetchone()[0]
            assert stored is not None and secret.encode() not in bytes(stored)
            assert bytes(stored) == admin.execute("SELECT sha256(convert_to(%s, 'UTF8'))", (secret,)).fetchone()[0]


def test_hq_sees_every_branch_and_a_director_only_his_team(world):
    with world.session("hq_all") as p_hq, world.session("director") as p_dir, \
            replica_connection(world, "hq_all") as r_hq, replica_connection(world, "director") as r_dir:
        r_hq.execute("SELECT crm.attach_replica_session(%s)", (issue(p_hq),))
        r_dir.execute("SELECT crm.attach_replica_session(%s)", (issue(p_dir),))
        assert accounts(r_hq) == accounts(p_hq)
        assert {"X2", "Z3"} <= accounts(r_hq)
        assert accounts(r_dir) == accounts(p_dir)
        assert not {"X2", "P2", "Z3"} & accounts(r_dir)


def test_another_staff_members_secret_is_refused(world):
    with world.session("hq_all") as hq, replica_connection(world, "mkt_a") as thief:
        secret = issue(hq)
        with unchanged(world.db):
            expect_error(thief, "SELECT crm.attach_replica_session(%s)", (secret,), sqlstate=NOT_A_SESSION)
        assert accounts(thief) == set()
        # Forging the setting with the stolen secret does not work either: the login must match.
        thief.execute("SELECT set_config('crm.replica_secret', %s, false)", (secret,))
        assert accounts(thief) == set()
        assert thief.execute("SELECT crm.current_staff_id()").fetchone()[0] is None


def test_no_secret_or_a_forged_setting_sees_nothing(world):
    with world.session("mkt_a") as primary, replica_connection(world, "mkt_a") as replica:
        issue(primary)
        assert accounts(replica) == set()
        for forged in ("0" * 64, "f" * 64, "x", "", "A" * 64):
            replica.execute("SELECT set_config('crm.replica_secret', %s, false)", (forged,))
            assert accounts(replica) == set(), forged
            assert replica.execute("SELECT crm.current_staff_id()").fetchone()[0] is None
        # Other settings a client might guess at change nothing.
        replica.execute("SET crm.staff_id = '1'")
        replica.execute("SET crm.session = 'on'")
        assert accounts(replica) == set()


@pytest.mark.parametrize("hostile", [
    None, "", "0" * 63, "0" * 65, "ABCDEF" + "0" * 58, "０" * 64, "0" * 63 + "\u200b",
    "' OR true --" + "0" * 52, "\x1b[31m" + "0" * 59, "0" * 64 + "\n", "a" * 1_000_000,
])
def test_hostile_secrets_are_refused_in_words_and_change_nothing(world, hostile):
    with world.session("mkt_a") as primary, replica_connection(world, "mkt_a") as replica:
        issue(primary)
        with unchanged(world.db):
            error = expect_error(replica, "SELECT crm.attach_replica_session(%s)", (hostile,),
                                 sqlstate=NOT_A_SESSION)
        assert "secret" in str(error)
        assert accounts(replica) == set()


def test_ended_session_makes_the_secret_stale_at_once(world):
    with world.session("mkt_a") as primary, replica_connection(world, "mkt_a") as replica:
        secret = issue(primary)
        replica.execute("SELECT crm.attach_replica_session(%s)", (secret,))
        assert accounts(replica) == {"A1", "A2", "S1"}
        primary.execute("SELECT crm.close_session()")
        # Already attached: the policies check the row on every statement, not the attach.
        assert accounts(replica) == set()
        expect_error(replica, "SELECT crm.attach_replica_session(%s)", (secret,), sqlstate=NOT_A_SESSION)


def test_a_new_secret_replaces_the_old_one(world):
    with world.session("mkt_a") as primary, replica_connection(world, "mkt_a") as replica:
        old = issue(primary)
        new = issue(primary)
        assert old != new
        expect_error(replica, "SELECT crm.attach_replica_session(%s)", (old,), sqlstate=NOT_A_SESSION)
        replica.execute("SELECT crm.attach_replica_session(%s)", (new,))
        assert accounts(replica) == {"A1", "A2", "S1"}


def test_administrator_ending_the_session_or_freezing_the_account_ends_the_replica_proof(world):
    with world.session("mkt_a") as primary, replica_connection(world, "mkt_a") as replica:
        replica.execute("SELECT crm.attach_replica_session(%s)", (issue(primary),))
        assert accounts(replica)
        with world.db.admin() as admin:
            admin.execute("UPDATE crm.staff SET status = 'frozen' WHERE login = 'mkt_a'")
        assert accounts(replica) == set()


def test_no_secret_without_an_open_session(world):
    with world.db.connect("mkt_a") as conn:
        with unchanged(world.db):
            expect_error(conn, "SELECT crm.issue_replica_secret()", sqlstate=NOT_A_SESSION)


def test_gate_and_public_cannot_call_the_replica_functions(world, gate):
    for call in ("SELECT crm.issue_replica_secret()", "SELECT crm.attach_replica_session('x')",
                 "SELECT * FROM crm.replica_status()"):
        expect_error(gate, call, sqlstate="42501")
    with world.db.admin() as admin:
        for signature in ("crm.issue_replica_secret()", "crm.attach_replica_session(text)",
                          "crm.replica_status()", "crm.current_staff_id()"):
            assert not admin.execute("SELECT has_function_privilege('public', %s, 'EXECUTE')",
                                     (signature,)).fetchone()[0], signature
            definer, path = admin.execute(
                "SELECT p.prosecdef, p.proconfig FROM pg_proc p WHERE p.oid = %s::regprocedure",
                (signature,)).fetchone()
            assert definer and "search_path=pg_catalog, crm, pg_temp" in path, signature


def test_issuing_on_a_read_only_replica_connection_fails(world):
    """The secret is issued on the primary: a standby (read-only) cannot write the hash."""
    with world.session("mkt_a") as conn:
        conn.execute("SET default_transaction_read_only = on")
        expect_error(conn, "SELECT crm.issue_replica_secret()", sqlstate="25006")


def test_replica_status_on_the_primary(world):
    with world.session("mkt_a") as conn:
        assert conn.execute("SELECT * FROM crm.replica_status()").fetchone() == (False, None)


def test_the_secret_proves_a_session_for_reading_only(world):
    """On a writable transaction of the primary, an attached secret is no session: whoever copies
    a secret off a client cannot claim, decide, approve or edit with it."""
    with world.session("mkt_b") as primary, world.db.connect("mkt_b") as other:
        secret = issue(primary)
        other.execute("SELECT crm.attach_replica_session(%s)", (secret,))
        assert accounts(other) == set()                     # read-write: not a session
        assert other.execute("SELECT crm.current_staff_id()").fetchone()[0] is None
        with unchanged(world.db):
            assert other.execute("UPDATE crm.customer_ext SET notes = 'x' RETURNING customer_id").fetchall() == []
            expect_error(other, "SELECT crm.request_claim(%s)", (world.customers["P1"],), sqlstate="CR005")
        with other.transaction():
            other.execute("SET TRANSACTION READ ONLY")
            assert accounts(other) == accounts(primary)     # the same proof reads
            assert "P1" in accounts(other)


def test_a_reopened_replica_connection_proves_the_session_again_and_only_with_a_live_own_secret(world):
    """The client closes idle replica connections and reopens them (services/replica.py): the proof
    does not outlive the backend, and the reopened one is held to the same rules -- its own login's
    secret of an open session, nothing else."""
    with world.session("mkt_a") as primary, world.session("hq_all") as other_primary:
        secret = issue(primary)
        other_secret = issue(other_primary)
        with replica_connection(world, "mkt_a") as first:
            first.execute("SELECT crm.attach_replica_session(%s)", (secret,))
            assert accounts(first) == {"A1", "A2", "S1"}
        with replica_connection(world, "mkt_a") as reopened:
            # A new backend carries no proof of the old one.
            assert accounts(reopened) == set()
            assert reopened.execute("SELECT current_setting('crm.replica_secret', true)").fetchone()[0] in (None, "")
            # Another login's live secret: refused, and forging the setting with it gives nothing.
            with unchanged(world.db):
                expect_error(reopened, "SELECT crm.attach_replica_session(%s)", (other_secret,), sqlstate=NOT_A_SESSION)
            reopened.execute("SELECT set_config('crm.replica_secret', %s, false)", (other_secret,))
            assert accounts(reopened) == set()
            # Its own secret while the session is open: the same rows as before.
            reopened.execute("SELECT crm.attach_replica_session(%s)", (secret,))
            assert accounts(reopened) == {"A1", "A2", "S1"}
        # A secret replaced by a newer one is stale for every later connection.
        newer = issue(primary)
        with replica_connection(world, "mkt_a") as reopened:
            with unchanged(world.db):
                expect_error(reopened, "SELECT crm.attach_replica_session(%s)", (secret,), sqlstate=NOT_A_SESSION)
            reopened.execute("SELECT set_config('crm.replica_secret', %s, false)", (secret,))
            assert accounts(reopened) == set()
        # The session ends: its secret proves nothing on any connection reopened afterwards.
        primary.execute("SELECT crm.close_session()")
        with replica_connection(world, "mkt_a") as reopened:
            with unchanged(world.db):
                expect_error(reopened, "SELECT crm.attach_replica_session(%s)", (newer,), sqlstate=NOT_A_SESSION)
            reopened.execute("SELECT set_config('crm.replica_secret', %s, false)", (newer,))
            assert accounts(reopened) == set()
            assert reopened.execute("SELECT crm.current_staff_id()").fetchone()[0] is None
