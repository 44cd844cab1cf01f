"""The 预约 import's rules held by PostgreSQL itself (issue #18, items 12-13), as staff logins with
psycopg and no application code: one open reservation per person and branch whoever registers
it, crm.import_reservations only for the caller's own branches and only with a CRM session,
and no way for a staff member to supply the server-stamped window, owner or keys."""

from __future__ import annotations

import secrets
import threading

import pytest
from psycopg import sql

from tests.security.helpers import expect_error, unchanged

ID_A = "11010519491231002X"
IMPORT = ("SELECT ordinal, reservation_id FROM crm.import_reservations("
          "%s::smallint[], %s::text[], %s::text[], %s::text[], %s::text[])")


@pytest.fixture
def branches(db):
    db.make_branch("BR02")
    db.make_staff("mkt_a")
    db.make_staff("mkt_b")
    db.make_staff("mkt_c", branch="BR02")
    with db.admin() as conn:
        return dict(conn.execute("SELECT code, id FROM crm.branch").fetchall())


def test_a_colleague_cannot_register_an_open_reservation_again(db, branches):
    with db.session("mkt_a") as conn:
        conn.execute("INSERT INTO crm.reservation (branch_id, name, id_no) VALUES (%s, '张三', %s)",
                     (branches["BR01"], ID_A))
    with db.session("mkt_b") as conn, unchanged(db):
        # same person after normalisation: spaces, full-width letters, lower-case check letter
        expect_error(conn, "INSERT INTO crm.reservation (branch_id, name, id_no, mobile) VALUES (%s, %s, %s, %s)",
                     (branches["BR01"], "张\u3000三", ID_A.lower(), "13800138000"), sqlstate="23505")
    with db.session("mkt_c") as conn:            # another branch: another reservation
        conn.execute("INSERT INTO crm.reservation (branch_id, name, id_no) VALUES (%s, '张三', %s)",
                     (branches["BR02"], ID_A))


def test_the_import_function_skips_duplicates_and_refuses_other_branches(db, branches):
    br01, br02 = branches["BR01"], branches["BR02"]
    with db.session("mkt_a") as conn:
        rows = conn.execute(IMPORT, ([br01, br01, br01], ["李四", "李 四", "王五"], [None, None, None],
                                     ["13900000001", "13900000001", "13900000002"], [None, None, None])).fetchall()
        assert sorted(r[0] for r in rows) == [1, 3]              # the second row is the first's person
        staff, window = conn.execute("SELECT staff_id, window_end FROM crm.reservation WHERE id = %s",
                                     (rows[0][1],)).fetchone()
        assert staff == conn.execute("SELECT crm.current_staff_id()").fetchone()[0]
        assert window == conn.execute("SELECT crm.add_working_days(current_date, 20)").fetchone()[0]
        with unchanged(db):
            expect_error(conn, IMPORT, ([br01, br02], ["赵六", "钱七"], [None, None], ["13900000003", "13900000004"],
                                        [None, None]), sqlstate="42501")
            expect_error(conn, IMPORT, ([br01], ["赵六", "钱七"], [None], ["13900000003"], [None]), sqlstate="22023")
            expect_error(conn, IMPORT, ([br01], ["赵六"], [None], [None], [None]), sqlstate="23514")   # no key
    with db.session("mkt_b") as conn:
        assert conn.execute(IMPORT, ([br01], ["李四"], [None], ["+86 139 0000 0001"], [None])).fetchall() == []


def test_the_import_needs_a_session_and_the_gate_cannot_call_it(db, branches):
    with db.connect("mkt_a") as conn, unchanged(db):          # signed in to PostgreSQL, no CRM session
        expect_error(conn, IMPORT, ([branches["BR01"]], ["孙八"], [None], ["13900000005"], [None]), sqlstate="42501")
    password = "gate-" + secrets.token_hex(12)
    with db.admin() as conn:
        conn.execute(sql.SQL("ALTER ROLE crm_gate PASSWORD {}").format(sql.Literal(password)))
    try:
        with db.connect("crm_gate", password) as conn, unchanged(db):
            expect_error(conn, IMPORT, ([branches["BR01"]], ["孙八"], [None], ["13900000005"], [None]),
                         sqlstate="42501")
    finally:
        with db.admin() as conn:
            conn.execute("ALTER ROLE crm_gate PASSWORD NULL")


def test_staff_cannot_supply_the_stamped_columns(db, branches):
    """The stamp trigger trusts a supplied window (crm.import_reservations); staff cannot supply one."""
    with db.session("mkt_a") as conn, unchanged(db):
        for column, value in (("window_end", "date '2099-12-31'"), ("staff_id", "1"),
                              ("registered_on", "date '2000-01-01'"), ("name_norm", "'别人'"), ("status", "'matched'")):
            expect_error(conn, f"INSERT INTO crm.reservation (branch_id, name, mobile, {column}) "
                               f"VALUES (%s, '周九', '13900000006', {value})", (branches["BR01"],), sqlstate="42501")


def test_two_imports_of_one_person_at_once_insert_one(db, branches):
    """Two staff importing the same person concurrently: the unique index makes the second wait
    for the first and then skip the row, so exactly one open reservation exists."""
    br01 = branches["BR01"]
    results: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def run(login: str) -> None:
        with db.session(login) as conn:
            barrier.wait()
            results[login] = len(conn.execute(IMPORT, ([br01], ["吴十"], [ID_A], [None], [None])).fetchall())

    threads = [threading.Thread(target=run, args=(login,)) for login in ("mkt_a", "mkt_b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results.values()) == [0, 1]
    assert db.scalar("SELECT count(*) FROM crm.reservation WHERE status = 'open'") == 1
