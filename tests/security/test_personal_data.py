"""Personal data (ID number, mobile, phone, address) masked unless the right allows it (issue #11
part 5), proven as staff roles directly with psycopg: the raw columns are refused to SELECT and
COPY (psql included), the masked twins are readable, exact search by a full value finds only
visible customers and returns no value, a reveal is audited and refused without the right or the
relationship, and full values leave in an export only with both export rights, recorded."""

from __future__ import annotations

import secrets

import pytest
from psycopg import sql
from psycopg.types.json import Jsonb

from tests.security.helpers import expect_error, unchanged

MOBILES = {"A1": "13812345678", "X2": "13987654321", "P1": "13700001111", "S1": "13611112222"}
ID_NOS = {"A1": "11010519491231002X", "X2": "440301199001011234", "P1": "310101198002023456"}


@pytest.fixture
def people(db, world):
    c = world.customers
    with db.admin() as conn:
        for acct, mobile in MOBILES.items():
            conn.execute("UPDATE crm.customer SET mobile = %s, id_no = %s WHERE id = %s",
                         (mobile, ID_NOS.get(acct), c[acct]))
        conn.execute("UPDATE crm.customer_ext SET mobile = '15000001111', phone = '010-88886666', "
                     "address = '北京市西城区金融大街9号' WHERE customer_id = %s", (c["A1"],))
        conn.execute("UPDATE crm.customer_ext SET mobile = %s WHERE customer_id = %s", ("15999990000", c["X2"]))
    db.make_staff("exporter", staff_type="manager", roles=("marketing_director",), scope="subordinates",
                  superior=None)
    return world


RAW_READS = [
    "SELECT id_no FROM crm.customer",
    "SELECT mobile FROM crm.customer",
    "SELECT * FROM crm.customer",
    "SELECT count(*) FROM crm.customer WHERE mobile = '13812345678'",
    "SELECT id FROM crm.customer WHERE id_no LIKE '110105%'",
    "SELECT id FROM crm.customer ORDER BY mobile LIMIT 1",
    "SELECT mobile FROM crm.customer_ext",
    "SELECT phone FROM crm.customer_ext",
    "SELECT address FROM crm.customer_ext",
    "SELECT * FROM crm.customer_ext",
    "SELECT id_no FROM crm.reservation",
    "SELECT mobile_norm FROM crm.reservation",
    "SELECT id_no_norm FROM crm.reservation",
]


@pytest.mark.parametrize("query", RAW_READS)
def test_raw_personal_columns_refused(db, people, query):
    with db.session("mkt_a") as conn:
        expect_error(conn, query, sqlstate="42501")


def test_copy_of_raw_columns_refused_and_masked_copy_allowed(db, people):
    with db.session("mkt_a") as conn:
        for statement in ("COPY crm.customer TO STDOUT", "COPY crm.customer (id_no) TO STDOUT",
                          "COPY (SELECT mobile FROM crm.customer) TO STDOUT", "COPY crm.customer_ext TO STDOUT"):
            with pytest.raises(Exception) as info:
                with conn.cursor().copy(statement) as copy:
                    for _ in copy:
                        pass
            assert getattr(info.value, "sqlstate", None) == "42501", statement
        with conn.cursor().copy("COPY (SELECT account_no, id_no_masked, mobile_masked FROM crm.customer) TO STDOUT") as copy:
            rows = [bytes(r).decode() for r in copy]
        assert "A1\t110105********002X\t138****5678\n" in "".join(rows)
        assert "13812345678" not in "".join(rows)


def test_masked_columns_are_what_staff_read(db, people):
    c = people.customers
    with db.session("mkt_a") as conn:
        assert conn.execute("SELECT id_no_masked, mobile_masked FROM crm.customer WHERE id = %s",
                            (c["A1"],)).fetchone() == ("110105********002X", "138****5678")
        assert conn.execute("SELECT mobile_masked, phone_masked, address_masked FROM crm.customer_ext "
                            "WHERE customer_id = %s", (c["A1"],)).fetchone() == (
            "150****1111", "010*****6666", "北京市西城区****")


def test_extended_data_writable_and_read_back_masked_and_audited_masked(db, people):
    c = people.customers
    with db.session("mkt_a") as conn:
        version = conn.execute("SELECT version FROM crm.customer_ext WHERE customer_id = %s", (c["A1"],)).fetchone()[0]
        row = conn.execute("UPDATE crm.customer_ext SET mobile = '13900002222', address = '上海市浦东新区世纪大道1号' "
                           "WHERE customer_id = %s AND version = %s RETURNING mobile_masked, address_masked, version",
                           (c["A1"], version)).fetchone()
        assert row == ("139****2222", "上海市浦东新****", version + 1)
        # The concurrent-edit check still works: a stale version changes nothing.
        assert conn.execute("UPDATE crm.customer_ext SET mobile = '13900003333' WHERE customer_id = %s "
                            "AND version = %s RETURNING version", (c["A1"], version)).fetchone() is None
        # Returning the raw value would read it.
        expect_error(conn, "UPDATE crm.customer_ext SET notes = 'x' WHERE customer_id = %s RETURNING mobile",
                     (c["A1"],), sqlstate="42501")
    with db.admin() as admin:
        audit = admin.execute("SELECT old_values::text || new_values::text FROM crm.audit_log "
                              "WHERE table_name = 'customer_ext' AND row_key = %s", (str(c["A1"]),)).fetchall()
    text = " ".join(r[0] for r in audit)
    assert audit and "139****2222" in text
    for raw in ("13900002222", "15000001111", "世纪大道1号", "金融大街9号", "010-88886666"):
        assert raw not in text


def test_exact_search_compares_on_the_server_and_finds_only_visible(db, people):
    c = people.customers
    find = "SELECT crm.customer_ids_by_personal_data(%s)"
    with db.session("mkt_a") as conn:
        assert conn.execute(find, (MOBILES["A1"],)).fetchone()[0] == [c["A1"]]
        assert conn.execute(find, ("15000001111",)).fetchone()[0] == [c["A1"]]         # extended mobile
        assert conn.execute(find, (ID_NOS["A1"].lower(),)).fetchone()[0] == [c["A1"]]  # check letter any case
        # Another branch's customer: nothing, not even its id.
        assert conn.execute(find, (MOBILES["X2"],)).fetchone()[0] == []
        assert conn.execute(find, (ID_NOS["X2"],)).fetchone()[0] == []
        assert conn.execute(find, ("15999990000",)).fetchone()[0] == []
        # One field only (the filter builder's "equals" on a column).
        one = "SELECT crm.customer_ids_by_personal_data(%s, %s)"
        assert conn.execute(one, (MOBILES["A1"], "mobile")).fetchone()[0] == [c["A1"]]
        assert conn.execute(one, (MOBILES["A1"], "ext_mobile")).fetchone()[0] == []
        assert conn.execute(one, (MOBILES["A1"], "id_no")).fetchone()[0] == []
        assert conn.execute(one, ("15000001111", "ext_mobile")).fetchone()[0] == [c["A1"]]
        assert conn.execute(one, (MOBILES["X2"], "mobile")).fetchone()[0] == []
        # No prefix: a partial value finds nothing.
        assert conn.execute(find, (MOBILES["A1"][:7],)).fetchone()[0] == []
        for hostile in ("x" * 1_000_000, "１３８１２３４５６７８", "13812345678\u3000", "", "' OR true --"):
            assert conn.execute(find, (hostile,)).fetchone()[0] == []
    with db.session("mkt_c", ) as conn:
        assert conn.execute(find, (MOBILES["X2"],)).fetchone()[0] == [c["X2"]]
    # A login without a CRM session sees nothing.
    with db.connect("mkt_a") as conn:
        assert conn.execute(find, (MOBILES["A1"],)).fetchone()[0] == []


def test_gate_can_neither_search_nor_reveal(db, people):
    password = "gate-" + secrets.token_hex(12)
    with db.admin() as conn:
        conn.execute(sql.SQL("ALTER ROLE crm_gate PASSWORD {}").format(sql.Literal(password)))
    try:
        with db.connect("crm_gate", password) as gate:
            expect_error(gate, "SELECT crm.customer_ids_by_personal_data('13812345678')", sqlstate="42501")
            expect_error(gate, "SELECT crm.reveal_personal_data(1, 'mobile')", sqlstate="42501")
            expect_error(gate, "SELECT mobile_masked FROM crm.customer", sqlstate="42501")
    finally:
        with db.admin() as conn:
            conn.execute("ALTER ROLE crm_gate PASSWORD NULL")


def _reveals(db, login: str) -> list[tuple]:
    with db.admin() as conn:
        return conn.execute("SELECT actor, row_key, new_values ->> 'field' FROM crm.audit_log "
                            "WHERE table_name = 'customer' AND action = 'reveal' AND actor = %s ORDER BY id",
                            (login,)).fetchall()


def test_reveal_by_own_staff_and_manager_is_audited(db, people):
    c = people.customers
    reveal = "SELECT crm.reveal_personal_data(%s, %s)"
    with db.session("mkt_a") as conn:
        assert conn.execute(reveal, (c["A1"], "id_no")).fetchone()[0] == ID_NOS["A1"]
        assert conn.execute(reveal, (c["A1"], "mobile")).fetchone()[0] == MOBILES["A1"]
        assert conn.execute(reveal, (c["A1"], "address")).fetchone()[0] == "北京市西城区金融大街9号"
        # Service staff of S1 (developed by mkt_b).
        assert conn.execute(reveal, (c["S1"], "mobile")).fetchone()[0] == MOBILES["S1"]
    assert _reveals(db, "mkt_a") == [("mkt_a", str(c["A1"]), "id_no"), ("mkt_a", str(c["A1"]), "mobile"),
                                     ("mkt_a", str(c["A1"]), "address"), ("mkt_a", str(c["S1"]), "mobile")]
    with db.session("director") as conn:         # two levels above mkt_a
        assert conn.execute(reveal, (c["A1"], "phone")).fetchone()[0] == "010-88886666"
    assert _reveals(db, "director") == [("director", str(c["A1"]), "phone")]


def test_reveal_refused_without_right_relationship_or_visibility(db, people):
    c = people.customers
    reveal = "SELECT crm.reveal_personal_data(%s, %s)"
    db.make_staff("noright", roles=(), scope="branch")          # sees the whole branch, no right
    with db.session("noright") as noright, db.session("mkt_b") as conn, db.connect("mkt_a") as no_session, \
            unchanged(db):
        expect_error(noright, reveal, (c["A1"], "mobile"), sqlstate="42501")
        # P1 is in mkt_b's public pool: visible, masked, not revealable.
        assert conn.execute("SELECT mobile_masked FROM crm.customer WHERE id = %s",
                            (c["P1"],)).fetchone() == ("137****1111",)
        expect_error(conn, reveal, (c["P1"], "mobile"), sqlstate="42501")
        # A1 (mkt_a's) is invisible to mkt_b: not found, like a missing id.
        expect_error(conn, reveal, (c["A1"], "mobile"), sqlstate="P0002")
        expect_error(conn, reveal, (10 ** 12, "mobile"), sqlstate="P0002")
        expect_error(conn, reveal, (c["B1"], "name"), sqlstate="22023")
        expect_error(conn, reveal, (c["B1"], None), sqlstate="22023")
        expect_error(conn, reveal, (c["B1"], "x" * 1_000_000), sqlstate="22023")
        expect_error(no_session, reveal, (c["A1"], "mobile"), sqlstate="CR005")


def test_export_of_full_values_needs_both_rights_and_is_recorded(db, people):
    c = people.customers
    details = {"columns": ["account_no", "mobile", "id_no"], "personal_data": True}
    with db.session("exporter") as conn:
        with unchanged(db):                                 # export right, not the personal-data one
            expect_error(conn, "SELECT crm.begin_export('customers', %s)", (Jsonb(details),), sqlstate="42501")
        plain = conn.execute("SELECT crm.begin_export('customers', %s)",
                             (Jsonb({"columns": ["mobile"]}),)).fetchone()[0]
        expect_error(conn, "SELECT * FROM crm.export_personal_data(%s, %s)", (plain, [c["A1"]]), sqlstate="42501")
    # Only HQ grants the role: a branch administrator cannot, nor can anyone grant it to themselves
    # (CR033, the four-eyes refusal of issue #11 part 3).
    with db.session("admin01") as conn:
        expect_error(conn, "SELECT crm.grant_role('exporter', 'personal_data_export')", sqlstate="42501")
        expect_error(conn, "SELECT crm.grant_role('admin01', 'personal_data_export')", sqlstate="CR033")
    with db.admin() as admin:
        admin.execute("SELECT crm.grant_role('exporter', 'personal_data_export')")
        admin.execute("UPDATE crm.staff SET customer_scope = 'branch' WHERE login = 'exporter'")
    with db.session("exporter") as conn:
        # An export begun without asking for personal data gets none.
        expect_error(conn, "SELECT * FROM crm.export_personal_data(%s, %s)", (plain, [c["A1"]]), sqlstate="P0002")
        export_id = conn.execute("SELECT crm.begin_export('customers', %s)", (Jsonb(details),)).fetchone()[0]
        rows = conn.execute("SELECT customer_id, id_no, mobile, ext_mobile FROM crm.export_personal_data(%s, %s) "
                            "ORDER BY customer_id", (export_id, [c["A1"], c["X2"]])).fetchall()
        assert rows == [(c["A1"], ID_NOS["A1"], MOBILES["A1"], "15000001111")]     # X2: another branch
        expect_error(conn, "SELECT * FROM crm.export_personal_data(%s, %s)",
                     (export_id, list(range(10001))), sqlstate="22023")
        conn.execute("SELECT crm.finish_export(%s, 1, 'done')", (export_id,))
        # Finished: no more full values through it.
        expect_error(conn, "SELECT * FROM crm.export_personal_data(%s, %s)", (export_id, [c["A1"]]),
                     sqlstate="P0002")
        assert conn.execute("SELECT details -> 'personal_data', row_count FROM crm.export_log WHERE id = %s",
                            (export_id,)).fetchone() == (True, 1)
    # Someone else's running export cannot be borrowed.
    with db.session("exporter") as conn:
        other = conn.execute("SELECT crm.begin_export('customers', %s)", (Jsonb(details),)).fetchone()[0]
    with db.admin() as admin:
        admin.execute("SELECT crm.grant_role('director', 'personal_data_export')")
        admin.execute("SELECT crm.grant_role('director', 'marketing_director')")
    with db.session("director") as conn:
        expect_error(conn, "SELECT * FROM crm.export_personal_data(%s, %s)", (other, [c["A1"]]), sqlstate="P0002")


def test_no_role_but_the_owner_reads_a_raw_personal_column(db):
    """The catalog, not just one query: neither staff nor the gate hold SELECT on any column listed
    in crm.personal_column (a later GRANT SELECT ON the whole table would undo the masking)."""
    with db.admin() as conn:
        granted = conn.execute(
            "SELECT r.role, p.table_name, p.column_name FROM crm.personal_column p "
            "CROSS JOIN (VALUES ('crm_staff'), ('crm_gate')) r(role) "
            "WHERE has_column_privilege(r.role, format('crm.%I', p.table_name), p.column_name, 'SELECT')").fetchall()
        listed = conn.execute("SELECT count(*) FROM crm.personal_column").fetchone()[0]
    assert granted == [] and listed == 9
