"""SECURITY DEFINER functions: each re-checks that the caller may act on the rows it names,
a temp-schema search_path cannot redirect them, and their effects are audited under the caller."""

from __future__ import annotations

from crm_desktop.services import machine
from tests.security.helpers import (FOREIGN_MAC, accounts, connection_is_dead, expect_error, open_session,
                                    unchanged)

UNKNOWN_LOGIN_MESSAGE = 'unknown staff login "{}" (or not in a branch you administer)'


def primary_message(error) -> str:
    return error.diag.message_primary


def test_branch_admin_cannot_act_on_other_branches_staff(world):
    db = world.db
    with world.session("admin01") as conn:
        for call, args in (("crm.reset_password(%s)", ()), ("crm.freeze_staff(%s, 'x')", ()),
                           ("crm.unfreeze_staff(%s)", ()), ("crm.close_staff(%s)", ()),
                           ("crm.bind_mac(%s, %s)", (FOREIGN_MAC,)), ("crm.unbind_mac(%s, %s)", (FOREIGN_MAC,)),
                           ("crm.set_superior(%s, NULL)", ()), ("crm.grant_role(%s, 'analyst')", ()),
                           ("crm.set_scope(%s, 'branch', true, NULL)", ()),
                           ("crm.set_mac_binding_required(%s, false)", ())):
            with unchanged(db):
                # A BR02 login gets exactly the answer of a login that does not exist.
                foreign = expect_error(conn, f"SELECT {call}", ("mkt_c", *args), sqlstate="P0002")
                missing = expect_error(conn, f"SELECT {call}", ("nosuchlogin", *args), sqlstate="P0002")
            assert primary_message(foreign) == UNKNOWN_LOGIN_MESSAGE.format("mkt_c")
            assert primary_message(missing) == UNKNOWN_LOGIN_MESSAGE.format("nosuchlogin")

        # The same calls on a BR01 staff member work.
        assert conn.execute("SELECT crm.bind_mac('mkt_a', 'AA-BB-CC-DD-EE-01')").fetchone()[0] == "aa:bb:cc:dd:ee:01"
        temp = conn.execute("SELECT crm.reset_password('mkt_a')").fetchone()[0]
        assert len(temp) == 14
        conn.execute("SELECT crm.freeze_staff('mkt_a', 'test')")
    assert db.scalar("SELECT status FROM crm.staff WHERE login = 'mkt_a'") == "frozen"
    assert db.scalar("SELECT count(*) FROM crm.staff_mac m JOIN crm.staff s ON s.id = m.staff_id "
                     "WHERE s.login = 'mkt_a' AND m.mac = 'aa:bb:cc:dd:ee:01'") == 1


def test_plain_staff_cannot_administer(world):
    db = world.db
    with world.session("mkt_a") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.create_staff('sneaky', '偷偷', 'BR01')", sqlstate="42501")
        expect_error(conn, "SELECT crm.create_staff(%s, %s, %s, NULL, 'marketing', %s)",
                     ("sneaky", "偷偷", "BR01", ["hq_admin"]), sqlstate="42501")
        for call in ("crm.reset_password('mkt_b')", "crm.freeze_staff('mkt_b', 'x')", "crm.reset_password('mkt_a')",
                     f"crm.bind_mac('mkt_a', '{FOREIGN_MAC}')", "crm.set_scope('mkt_a', 'branch', true, NULL)",
                     "crm.grant_role('mkt_a', 'branch_admin')"):
            expect_error(conn, f"SELECT {call}", sqlstate="P0002")
        expect_error(conn, "SELECT crm.set_maintenance(true, 'x')", sqlstate="42501")
        expect_error(conn, "SELECT crm.update_policy('{\"lockout_threshold\": 100}')", sqlstate="42501")
        # The helpers that definer functions rely on are not callable at all.
        for helper in ("crm.is_operator()", "crm.can_administer(1::smallint)", "crm.staff_subtree(1)",
                       "crm.administered_staff('mkt_b')", "crm.set_temporary_password(NULL::crm.staff)",
                       "crm.terminate_login('mkt_b', 'x')", "crm.agent_enforce_sessions()",
                       "crm.agent_skip_auth_log('x', 0)", "crm.random_password()"):
            expect_error(conn, f"SELECT {helper}", sqlstate="42501")


def test_branch_admin_cannot_widen_beyond_own_branches(world):
    """Creating or changing staff may not hand out rights the branch admin does not have."""
    db = world.db
    with world.session("admin01") as conn:
        with unchanged(db):
            # A new BR01 account with 营业部范围 BR02 would see (and, as branch_admin, administer) BR02.
            expect_error(conn, "SELECT crm.create_staff(%s, %s, %s, NULL, 'marketing', %s, '{}', 'branch', "
                               "false, %s, true)",
                         ("sneaky", "偷偷", "BR01", ["branch_admin"], ["BR02"]), sqlstate="42501")
            expect_error(conn, "SELECT crm.set_scope('mkt_a', 'branch', false, %s)", (["BR02"],),
                         sqlstate="42501")
            expect_error(conn, "SELECT crm.create_staff('sneaky', '偷偷', 'BR01', NULL, 'marketing', "
                               "'{marketing}', '{}', 'all')", sqlstate="42501")
            expect_error(conn, "SELECT crm.grant_role('mkt_a', 'hq_admin')", sqlstate="42501")
            # "viewer" is in BR01 but HQ gave it BR02 in its branch scope: a password reset would
            # hand admin01 the keys to BR02's customers, so only HQ may manage that account.
            for call in ("crm.reset_password('viewer')", "crm.grant_role('viewer', 'branch_admin')",
                         f"crm.bind_mac('viewer', '{FOREIGN_MAC}')",
                         "crm.set_mac_binding_required('viewer', false)"):
                expect_error(conn, f"SELECT {call}", sqlstate="42501")
        # Within its own branch it may still create staff.
        temp = conn.execute("SELECT crm.create_staff('newbie', '新人', 'BR01', 'devmgr')").fetchone()[0]
        assert temp
    assert db.scalar("SELECT created_by FROM crm.staff WHERE login = 'newbie'") == "admin01"


def test_branch_admin_cannot_take_over_an_hq_account(world):
    db = world.db
    # An HQ administrator who happens to sit in BR01.
    db.make_staff("hqboss", staff_type="hq", roles=("hq_admin",))
    with world.session("admin01") as conn, unchanged(db):
        for call in ("crm.reset_password('hqboss')", "crm.freeze_staff('hqboss', 'x')",
                     "crm.close_staff('hqboss')", f"crm.bind_mac('hqboss', '{FOREIGN_MAC}')",
                     "crm.revoke_role('hqboss', 'hq_admin')"):
            expect_error(conn, f"SELECT {call}", sqlstate="42501")
    # HQ may.
    with db.session("hqboss") as conn:
        assert conn.execute("SELECT crm.reset_password('viewer')").fetchone()[0]


def test_end_session_of_another_branch_is_refused(world):
    db = world.db
    with db.session("mkt_c") as victim, world.session("admin01") as admin01:
        sid = victim.execute("SELECT id FROM crm.app_session WHERE pid = pg_backend_pid() "
                             "AND closed_at IS NULL").fetchone()[0]
        with unchanged(db):
            foreign = expect_error(admin01, "SELECT crm.end_session(%s, 'x')", (sid,), sqlstate="P0002")
            missing = expect_error(admin01, "SELECT crm.end_session(%s, 'x')", (sid + 1000,), sqlstate="P0002")
        assert primary_message(foreign) == f"unknown session {sid}"
        assert primary_message(missing) == f"unknown session {sid + 1000}"
        assert victim.execute("SELECT crm.current_staff_id()").fetchone()[0] == world.staff["mkt_c"].staff_id
        # Nor can the victim's colleague, nor the victim end someone else's session by guessing ids.
        with db.session("mkt_a") as mkt_a, unchanged(db):
            expect_error(mkt_a, "SELECT crm.end_session(%s, 'x')", (sid,), sqlstate="P0002")
        # BR02's own administrator can.
        with world.session("admin02") as admin02:
            assert admin02.execute("SELECT crm.end_session(%s, 'forced')", (sid,)).fetchone()[0] is True
        connection_is_dead(victim)
    assert db.scalar("SELECT close_reason FROM crm.app_session WHERE id = %s", (sid,)) == "forced"


def test_maintenance_is_hq_only(world):
    db = world.db
    with world.session("admin01") as conn, unchanged(db):
        expect_error(conn, "SELECT crm.set_maintenance(true, '停机')", sqlstate="42501")
        expect_error(conn, "SELECT crm.update_policy('{\"maintenance\": true}')", sqlstate="42501")
    db.make_staff("hqadmin", branch="HQ", staff_type="hq", roles=("hq_admin",))
    with db.session("hqadmin") as conn:
        conn.execute("SELECT crm.set_maintenance(true, '停机')")
        conn.execute("SELECT crm.set_maintenance(false)")
    assert db.scalar("SELECT updated_by FROM crm.policy") == "hqadmin"


# Search-path hijack ----------------------------------------------------------------------

HIJACK = """
CREATE TEMP TABLE staff AS SELECT * FROM crm.staff WITH NO DATA;
INSERT INTO staff (id, login, name, branch_id, staff_type, status, customer_scope, public_pool,
                   must_change_password, mac_binding_required, created_by, version)
VALUES (999, session_user, 'fake', 1, 'hq', 'active', 'all', true, false, false, 'x', 1);
CREATE TEMP TABLE staff_mac AS SELECT * FROM crm.staff_mac WITH NO DATA;
INSERT INTO staff_mac (staff_id, mac) VALUES (999, '{mac}');
CREATE TEMP TABLE app_session AS SELECT * FROM crm.app_session WITH NO DATA;
INSERT INTO app_session (id, pid, backend_start, login, staff_id, branch_id)
SELECT 1, pg_backend_pid(), a.backend_start, session_user, 999, 1
  FROM pg_stat_activity a WHERE a.pid = pg_backend_pid();
CREATE TEMP TABLE policy AS SELECT * FROM crm.policy WITH NO DATA;
INSERT INTO policy (id, password_min_length, maintenance, idle_minutes) VALUES (true, 1, false, 1);
CREATE TEMP TABLE common_password (password text);
CREATE TEMP TABLE staff_role (staff_id int, role_code text);
INSERT INTO staff_role VALUES (999, 'hq_admin');
CREATE TEMP TABLE customer (id bigint, account_no text, branch_id smallint, developer_id int);
INSERT INTO customer VALUES (1, 'FAKE', 1, NULL);
CREATE FUNCTION pg_temp.current_staff_id() RETURNS integer LANGUAGE sql AS 'SELECT 999';
CREATE FUNCTION pg_temp.normalize_mac(text) RETURNS text LANGUAGE sql AS $$SELECT '{mac}'$$;
CREATE FUNCTION pg_temp.session_user_() RETURNS text LANGUAGE sql AS $$SELECT 'hq_all'$$;
CREATE FUNCTION pg_temp.char_length(text) RETURNS integer LANGUAGE sql AS 'SELECT 100';
CREATE FUNCTION pg_temp.always(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true';
"""


def test_temp_schema_search_path_hijack_changes_nothing(world):
    db = world.db
    me = world.staff["mkt_a"]
    with db.connect("mkt_a") as conn:
        conn.execute(HIJACK.replace("{mac}", FOREIGN_MAC))
        # A temp "=" on text that is always true (PostgreSQL never looks up operators in pg_temp).
        conn.execute("CREATE OPERATOR pg_temp.= (LEFTARG = text, RIGHTARG = text, FUNCTION = pg_temp.always)")
        conn.execute("SET search_path = pg_temp, crm, public")
        assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 1   # the hijack is in place
        # No session: the real helpers answer from the real tables.
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is None
        assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 0
        assert conn.execute("SELECT crm.my_permissions()").fetchone()[0] == []
        with unchanged(db):
            # The fake binding and fake "mac_binding_required = false" do not let a foreign PC in.
            expect_error(conn, "SELECT * FROM crm.open_session(%s, 'h', 'v')", ([FOREIGN_MAC],), sqlstate="CR001")
            # The fake policy (min length 1) and empty common-password list do not apply.
            expect_error(conn, "SELECT crm.change_password(%s)", ("abc",), sqlstate="CR020")
            expect_error(conn, "SELECT crm.change_password(%s)", ("12345678",), sqlstate="CR020")
            # Fake hq_admin role row: still not an administrator.
            expect_error(conn, "SELECT crm.set_maintenance(true, 'x')", sqlstate="42501")
            expect_error(conn, "SELECT crm.reset_password('mkt_b')", sqlstate="P0002")
        # The real binding opens the real session: real staff id, real scope, real customers.
        row = open_session(conn, machine.local_macs())
        assert row[1] == me.staff_id and row[6] == "own"
        assert conn.execute("SELECT crm.current_staff_id()").fetchone()[0] == me.staff_id
        assert accounts(conn, "SELECT account_no FROM crm.customer") == {"A1", "A2", "S1"}
        assert conn.execute("SELECT crm.has_permission('admin_all')").fetchone()[0] is False
        # Unqualified names still reach the temp copies (the caller's own business), untouched.
        assert conn.execute("SELECT count(*) FROM app_session").fetchone()[0] == 1
    assert db.scalar("SELECT count(*) FROM crm.app_session WHERE login = 'mkt_a' AND staff_id = %s",
                     (me.staff_id,)) == 1
    assert db.scalar("SELECT count(*) FROM crm.app_session WHERE staff_id = 999") == 0


def test_hijack_cannot_fake_a_session_for_rls(world):
    """A temp app_session row for this backend does not satisfy the RLS session check."""
    db = world.db
    with db.connect("hq_all") as conn:
        conn.execute(HIJACK.replace("{mac}", FOREIGN_MAC))
        conn.execute("SET search_path = pg_temp, crm, public")
        assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM crm.staff").fetchone()[0] == 0
        assert conn.execute("SELECT crm.my_scope()").fetchone()[0] is None


# Audit -------------------------------------------------------------------------------------

def test_audit_actor_is_the_staff_login(world):
    db = world.db
    c = world.customers
    with world.session("admin01") as conn:
        conn.execute("SELECT crm.bind_mac('mkt_a', 'aa:bb:cc:dd:ee:02', '新电脑')")
        conn.execute("SELECT crm.grant_role('mkt_a', 'analyst')")
        conn.execute("SELECT crm.freeze_staff('mkt_b', '休假')")
    with world.session("mkt_a") as conn:
        conn.execute("UPDATE crm.customer_ext SET address = '新地址' WHERE customer_id = %s", (c["A1"],))
    with world.session("admin02") as conn:
        conn.execute("SELECT crm.bind_mac('mkt_c', 'aa:bb:cc:dd:ee:03')")
    with db.admin() as conn:
        rows = conn.execute("SELECT table_name, action, actor, row_key, old_values, new_values FROM crm.audit_log "
                            "WHERE at > now() - interval '1 minute' AND actor <> current_user ORDER BY id").fetchall()
    by_table = {}
    for table, action, actor, key, old, new in rows:
        by_table.setdefault((table, action), []).append((actor, key, old, new))
    assert ("admin01", f"{world.staff['mkt_a'].staff_id}/aa:bb:cc:dd:ee:02") in [
        (a, k) for a, k, _, _ in by_table[("staff_mac", "insert")]]
    assert ("admin01", f"{world.staff['mkt_a'].staff_id}/analyst") in [
        (a, k) for a, k, _, _ in by_table[("staff_role", "insert")]]
    freeze = [(a, o, n) for a, k, o, n in by_table[("staff", "update")] if k == "mkt_b"]
    assert freeze and all(a == "admin01" for a, _, _ in freeze)
    assert any(o.get("status") == "active" and n.get("status") == "frozen" for _, o, n in freeze)
    ext = by_table[("customer_ext", "update")]
    assert [(a, k) for a, k, _, _ in ext] == [("mkt_a", str(c["A1"]))]
    # Personal data is kept masked in the audit trail too (issue #11 part 5).
    assert ext[0][2]["address"] is None and ext[0][3]["address"] == "新****"
    # Never the definer.
    with db.admin() as conn:
        assert conn.execute("SELECT count(*) FROM crm.audit_log WHERE actor = 'crm_owner'").fetchone()[0] == 0


def test_audit_log_readable_only_by_branch_administrators(world):
    db = world.db
    with world.session("admin01") as conn:
        conn.execute("SELECT crm.bind_mac('mkt_a', 'aa:bb:cc:dd:ee:02')")
    with world.session("admin02") as conn:
        conn.execute("SELECT crm.bind_mac('mkt_c', 'aa:bb:cc:dd:ee:03')")
    with world.session("mkt_a") as conn:
        conn.execute("UPDATE crm.customer_ext SET notes = 'n' WHERE customer_id = %s", (world.customers["A1"],))
        assert conn.execute("SELECT count(*) FROM crm.audit_log").fetchone()[0] == 0
    for login in ("director", "viewer", "hq_all"):
        with world.session(login) as conn:
            assert conn.execute("SELECT count(*) FROM crm.audit_log").fetchone()[0] == 0, login
    with db.admin() as conn:
        br = dict(conn.execute("SELECT code, id FROM crm.branch").fetchall())
    with world.session("admin01") as conn:
        branches = {r[0] for r in conn.execute("SELECT DISTINCT branch_id FROM crm.audit_log")}
        assert branches == {br["BR01"]}
        assert conn.execute("SELECT count(*) FROM crm.audit_log WHERE table_name = 'customer_ext'").fetchone()[0] == 1
    with world.session("admin02") as conn:
        assert {r[0] for r in conn.execute("SELECT DISTINCT branch_id FROM crm.audit_log")} == {br["BR02"]}


def test_superior_from_another_branch_is_unknown(world):
    """Naming another branch's staff as superior is refused like naming nobody: no probing,
    and no way to put one's staff under (and so in view of) another branch's manager."""
    db = world.db
    with world.session("admin01") as conn, unchanged(db):
        for call in ("SELECT crm.set_superior('mkt_a', %s)",
                     "SELECT crm.create_staff('sneaky', '偷偷', 'BR01', %s)"):
            foreign = expect_error(conn, call, ("mkt_c",), sqlstate="22023")
            missing = expect_error(conn, call, ("nosuchlogin",), sqlstate="22023")
            assert primary_message(foreign) == 'unknown superior "mkt_c"'
            assert primary_message(missing) == 'unknown superior "nosuchlogin"'
    with world.session("admin01") as conn:
        conn.execute("SELECT crm.set_superior('mkt_a', 'director')")
        expect_error(conn, "SELECT crm.set_superior('director', 'mkt_a')", sqlstate="22023")   # a cycle
    # HQ may build cross-branch hierarchies.
    with db.admin() as conn:
        conn.execute("SELECT crm.set_superior('mkt_c', 'director')")
