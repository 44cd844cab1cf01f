"""App releases (issue #17): staff and the gate read them, only HQ administrators (and the operator)
record them, bad input is refused in words with nothing changed. Raw psycopg connections."""

from __future__ import annotations

import pytest

from tests.security.helpers import expect_error, unchanged

URL = "https://intranet.example.com/crm/BranchCRM-Setup-0.3.0.exe"


def test_staff_and_gate_read_nothing_then_the_recorded_release(db, world, gate):
    with world.session("mkt_a") as conn:
        assert conn.execute("SELECT * FROM crm.app_release()").fetchall() == []
    with db.admin() as conn:
        conn.execute("SELECT crm.set_app_release('0.3.0', '0.2', %s)", (URL,))
    with world.session("mkt_a") as conn:
        assert conn.execute("SELECT * FROM crm.app_release()").fetchall() == [("0.3.0", "0.2", URL)]
        expect_error(conn, "SELECT * FROM crm.app_release", sqlstate="42501")
    assert gate.execute("SELECT * FROM crm.app_release()").fetchall() == [("0.3.0", "0.2", URL)]
    expect_error(gate, "SELECT * FROM crm.app_release", sqlstate="42501")


def test_only_hq_administrators_record_a_release_and_it_is_audited(db, world, gate):
    hq = db.make_staff("hq_adm", branch="HQ", staff_type="hq", scope="all", roles=("hq_admin",))
    # Signed in first: opening a session writes its own rows.
    sessions = [world.session(login) for login in ("mkt_a", "admin01", "director")]
    sessionless = db.connect("mkt_a")
    with unchanged(db):
        for conn in [*sessions, gate, sessionless]:
            expect_error(conn, "SELECT crm.set_app_release('9.9', '9.9', %s)", (URL,), sqlstate="42501")
    for conn in [*sessions, sessionless]:
        conn.close()
    with db.session(hq.login) as conn:
        conn.execute("SELECT crm.set_app_release('1.0', '0.9', %s)", (URL,))
    with db.admin() as conn:
        assert conn.execute("SELECT set_by FROM crm.app_release").fetchone()[0] == "hq_adm"
        assert conn.execute("SELECT actor, new_values->>'newest' FROM crm.audit_log "
                            "WHERE table_name = 'app_release'").fetchall() == [("hq_adm", "1.0")]


@pytest.mark.parametrize("newest, minimum, url, words", [
    ("1.0", "1.1", URL, "newer than the newest"),
    ("１.０", "1.0", URL, "dotted numbers"),                 # full-width digits
    ("1.0\u202e", "1.0", URL, "dotted numbers"),             # right-to-left override
    ("1." * 40 + "0", "1.0", URL, "dotted numbers"),
    ("1.0", "", URL, "dotted numbers"),
    ("1.0", "1.0", "javascript:alert(1)", "https://"),
    ("1.0", "1.0", "https://x.example/a b", "https://"),
    ("1.0", "1.0", "https://x.example/\u0000", None),       # NUL never reaches the server as text
    ("1.0", "1.0", "https://x.example/" + "a" * 1_000_000, "2000"),
    (None, "1.0", URL, "dotted numbers"),
])
def test_bad_releases_are_refused_in_words_and_nothing_changes(db, newest, minimum, url, words):
    import psycopg

    with unchanged(db), db.admin() as conn:
        with pytest.raises(psycopg.Error) as info:
            conn.execute("SELECT crm.set_app_release(%s, %s, %s)", (newest, minimum, url))
        if words is not None:
            assert info.value.sqlstate == "22023" and words in str(info.value)
