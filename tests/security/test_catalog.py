"""Catalog checks: RLS forced everywhere, definer functions pinned and private, views invoker."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from crm_desktop.services import t1_load
from crm_desktop.tools import demo
from tests.security.helpers import expect_error

PUBLIC_EXECUTE = """
    EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
             WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
"""


def test_every_table_forces_row_level_security(db):
    with db.admin() as conn:
        rows = conn.execute("SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                            "WHERE relnamespace = 'crm'::regnamespace AND relkind IN ('r', 'p')").fetchall()
    assert len(rows) > 20
    assert [r[0] for r in rows if not (r[1] and r[2])] == []


def test_definer_functions_are_pinned_owned_and_private(db):
    with db.admin() as conn:
        rows = conn.execute(f"""
            SELECT p.oid::regprocedure::text, p.prosecdef, p.proowner::regrole::text, p.proconfig,
                   {PUBLIC_EXECUTE} AS public_execute
              FROM pg_proc p WHERE p.pronamespace = 'crm'::regnamespace""").fetchall()
    definers = [r for r in rows if r[1]]
    assert len(definers) > 30
    unpinned = [name for name, _, _, config, _ in definers
                if not any(c.startswith("search_path=pg_catalog,") or c == "search_path=pg_catalog"
                           for c in (config or []))]
    assert unpinned == []
    # pg_temp, when listed, comes last (never before crm or pg_catalog).
    temp_not_last = [name for name, _, _, config, _ in definers
                     for c in (config or []) if c.startswith("search_path=")
                     and "pg_temp" in c and not c.replace(" ", "").endswith(",pg_temp")]
    assert temp_not_last == []
    assert [name for name, _, owner, _, _ in rows if owner != "crm_owner"] == []
    assert [name for name, *_, public in rows if public] == []
    # Cross-check with the privilege function the brief warns about: PUBLIC means "every role".
    with db.admin() as conn:
        open_to_anyone = conn.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'crm'::regnamespace "
            "AND has_function_privilege('crm_gate', p.oid, 'EXECUTE') "
            "AND has_function_privilege('crm_agent', p.oid, 'EXECUTE')").fetchall()
    assert open_to_anyone == []


def test_functions_created_later_are_not_public_either(db):
    """A later migration's function (created as crm_owner) must not be executable by PUBLIC."""
    with db.admin() as conn:
        conn.execute("SET ROLE crm_owner")
        conn.execute("CREATE FUNCTION crm.zz_later() RETURNS int LANGUAGE sql SECURITY DEFINER "
                     "SET search_path = pg_catalog, crm, pg_temp AS 'SELECT 1'")
        conn.execute("RESET ROLE")
        public = conn.execute(f"SELECT {PUBLIC_EXECUTE} FROM pg_proc p WHERE p.oid = 'crm.zz_later()'::regprocedure"
                              ).fetchone()[0]
    assert public is False
    db.make_staff("mkt_a")
    with db.session("mkt_a") as conn:
        expect_error(conn, "SELECT crm.zz_later()", sqlstate="42501")


def test_views_are_security_invoker(db):
    with db.admin() as conn:
        views = conn.execute("SELECT relname, coalesce(reloptions, '{}') FROM pg_class "
                             "WHERE relnamespace = 'crm'::regnamespace AND relkind IN ('v', 'm')").fetchall()
    assert views
    assert [name for name, options in views if "security_invoker=true" not in options] == []


def test_schema_and_tables_owned_by_crm_owner_and_not_public(db):
    with db.admin() as conn:
        assert conn.execute("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'crm'"
                            ).fetchone()[0] == "crm_owner"
        assert conn.execute("SELECT has_schema_privilege('public', 'crm', 'USAGE') "
                            "OR has_schema_privilege('public', 'crm', 'CREATE')").fetchone()[0] is False
        foreign_owned = conn.execute("SELECT relname FROM pg_class WHERE relnamespace = 'crm'::regnamespace "
                                     "AND relowner <> 'crm_owner'::regrole").fetchall()
        assert foreign_owned == []
        public_acl = conn.execute(
            "SELECT c.relname FROM pg_class c, aclexplode(c.relacl) a "
            "WHERE c.relnamespace = 'crm'::regnamespace AND a.grantee = 0").fetchall()
        assert public_acl == []
        # crm_owner bypasses RLS (definer functions) but cannot log in; staff and gate are not superusers.
        owner = conn.execute("SELECT rolcanlogin, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'crm_owner'"
                             ).fetchone()
        assert owner == (False, True, False)
        for role in ("crm_staff", "crm_gate", "crm_agent"):
            assert conn.execute("SELECT rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb "
                                "FROM pg_roles WHERE rolname = %s", (role,)).fetchone()[0] is False, role


def test_staff_logins_have_no_special_attributes(db):
    db.make_staff("mkt_a")
    db.make_staff("admin01", staff_type="back_office", roles=("branch_admin",))
    with db.admin() as conn:
        rows = conn.execute(
            "SELECT rolname, rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb OR rolreplication "
            "FROM pg_roles WHERE rolname IN ('mkt_a', 'admin01')").fetchall()
        assert all(not special for _, special in rows)
        # Member of crm_staff and nothing else.
        groups = conn.execute("SELECT DISTINCT m.roleid::regrole::text FROM pg_auth_members m "
                              "WHERE m.member IN ('mkt_a'::regrole, 'admin01'::regrole)").fetchall()
        assert groups == [("crm_staff",)]


def test_customer_latest_policy_is_the_customer_policy(db):
    """customer_latest repeats the customer policy on its own copies of the columns; the two
    must never drift apart."""
    with db.admin() as conn:
        quals = dict(conn.execute(
            "SELECT tablename, qual FROM pg_policies WHERE schemaname = 'crm' "
            "AND policyname IN ('customer_read', 'customer_latest_read')").fetchall())
    assert set(quals) == {"customer", "customer_latest"}
    assert quals["customer"] == quals["customer_latest"]


# Indexes: none INVALID, and a partitioned table's indexes on every partition ---------------------

SQL_DIR = Path(__file__).resolve().parents[2] / "db" / "sql"


def index_defects(conn) -> list[str]:
    """INVALID indexes of the CRM schemas, and partitioned indexes missing on some partition."""
    invalid = [r[0] for r in conn.execute(
        "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE NOT i.indisvalid AND c.relnamespace IN ('crm'::regnamespace, 'crm_daily'::regnamespace) "
        "ORDER BY 1")]
    missing = [f"{index} on {partitions - attached} of {partitions} partitions" for index, partitions, attached in
               conn.execute(
        "SELECT i.indexrelid::regclass::text, "
        "       (SELECT count(*) FROM pg_inherits p WHERE p.inhparent = i.indrelid), "
        "       (SELECT count(*) FROM pg_inherits a WHERE a.inhparent = i.indexrelid) "
        "  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        " WHERE c.relkind = 'I' AND c.relnamespace = 'crm'::regnamespace ORDER BY 1")
               if attached != partitions]
    return [f"INVALID {name}" for name in invalid] + missing


def _load_next_date(conn, folder: Path) -> date:
    """A T+1 load of the date after the latest, for one existing account (a new partition)."""
    account, branch, latest = conn.execute(
        "SELECT c.account_no, b.code, (SELECT max(trade_date) FROM crm.t1_load) FROM crm.customer c "
        "JOIN crm.branch b ON b.id = c.branch_id ORDER BY c.id LIMIT 1").fetchone()
    trade_date = latest + timedelta(days=1)
    stamp = trade_date.strftime("%Y%m%d")
    folder.mkdir()
    (folder / f"accounts_{stamp}.csv").write_text(
        "account_no,name,id_no,mobile,gender,birthday,open_date,branch_code,status\n", encoding="utf-8")
    (folder / f"daily_{stamp}.csv").write_text(
        "trade_date,account_no,total_assets,market_value,cash,trade_volume,commission,net_commission,"
        f"interest_spread,pnl\n{trade_date.isoformat()},{account},1000.00,900.00,100.00,0,0,0,0,0\n",
        encoding="utf-8")
    # One account on purpose (a new partition is what matters here), so the collapse guard is forced.
    assert t1_load.load_export(conn, folder, trade_date, force=True).status == "loaded"
    return trade_date


def test_no_invalid_index_after_the_migrations(db):
    with db.admin() as conn:
        conn.execute("SELECT crm.customer_daily_partition('2026-01-05')")
        assert index_defects(conn) == []


def test_no_invalid_index_after_the_demo_seed_and_a_t1_load(db, tmp_path):
    demo.seed(db.admin_url, customers=300, days=4, seed=2)
    with db.admin() as conn:
        assert conn.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'crm.customer_daily'::regclass"
                            ).fetchone()[0] == 4
        assert index_defects(conn) == []
    with db.admin() as conn:
        _load_next_date(conn, tmp_path / "t1")
        assert index_defects(conn) == []


def test_the_migration_repairs_indexes_the_old_demo_seed_left_invalid(db):
    with db.admin() as conn:
        for day in ("2026-01-05", "2026-01-06"):
            conn.execute("SELECT crm.customer_daily_partition(%s)", (day,))
        # What the demo seed did before: drop, then re-create from pg_get_indexdef() (ON ONLY).
        for name in ("customer_daily_customer_idx", "customer_daily_date_idx"):
            definition = conn.execute("SELECT pg_get_indexdef(%s::regclass)", (f"crm.{name}",)).fetchone()[0]
            assert " ON ONLY " in definition
            conn.execute(f"DROP INDEX crm.{name}")
            conn.execute(definition)
        assert index_defects(conn) == [
            "INVALID crm.customer_daily_customer_idx", "INVALID crm.customer_daily_date_idx",
            "crm.customer_daily_customer_idx on 2 of 2 partitions", "crm.customer_daily_date_idx on 2 of 2 partitions"]
        conn.execute("SET ROLE crm_owner")
        conn.execute((SQL_DIR / "0014_valid_fact_indexes.sql").read_text(encoding="utf-8"))
        conn.execute("RESET ROLE")
        assert index_defects(conn) == []
        assert conn.execute("SELECT count(*) FROM pg_index WHERE indrelid = 'crm.customer_daily'::regclass"
                            ).fetchone()[0] == 3


def test_the_audit_page_knows_every_audited_table(db):
    """Each table with an audit trigger can be picked in the audit log and has a name in words."""
    from crm_desktop.services.admin_queries import AUDITED_TABLES, AUDITED_WITHOUT_TRIGGER

    with db.admin() as conn:
        audited = {r[0] for r in conn.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgfoid IN ('crm.audit_row'::regproc, 'crm.audit_statement'::regproc) "
            "AND c.relnamespace = 'crm'::regnamespace")}
    assert audited and audited == set(AUDITED_TABLES) - set(AUDITED_WITHOUT_TRIGGER)
    # The others are names some crm function writes, not tables.
    with db.admin() as conn:
        for name in AUDITED_WITHOUT_TRIGGER:
            assert conn.execute("SELECT count(*) FROM pg_class WHERE relnamespace = 'crm'::regnamespace "
                                "AND relname = %s", (name,)).fetchone()[0] == 0
            assert conn.execute("SELECT count(*) FROM pg_proc WHERE pronamespace = 'crm'::regnamespace "
                                "AND prosrc LIKE %s", (f"%'{name}'%",)).fetchone()[0] >= 1, name
