"""Issue #15 (migration 0041): the relationship audit and the developer / service mirror on
crm.customer run once per statement over transition tables. The same mixed statements --
releases and new holders as a hand-over writes them, an update that changes nothing, a change of
an ended relationship, a deletion, new service relationships -- run once with the
statement-level triggers and once, in the same transaction, with the per-row triggers they
replaced (crm.audit_row and the released crm.relationship_sync_developer): the audit rows and
the customers' mirrored holders are the same, row for row.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

OBJECTS = Path(__file__).resolve().parents[2] / "db" / "sql" / "objects"
STATEMENT_TRIGGERS = ("audit_insert", "audit_update", "audit_delete", "relationship_sync_developer_insert",
                      "relationship_sync_developer_update", "relationship_sync_developer_delete")
RELEASED_AT = "2026-03-02 09:30:00+08"


@pytest.fixture
def world(db):
    db.make_branch("BR02")
    for login in ("mkt_a", "mkt_b", "svc_a", "svc_b"):
        db.make_staff(login)
    db.make_staff("mkt_c", branch="BR02")
    customers = {a: db.make_customer(a) for a in ("C1", "C2", "C3", "C4", "C5", "C6")}
    customers["X1"] = db.make_customer("X1", "BR02")
    for account in ("C1", "C2", "C3", "C4", "C5"):
        db.relate(customers[account], "mkt_a")
    for account in ("C3", "C4"):
        db.relate(customers[account], "svc_a", kind="service")
    db.relate(customers["X1"], "mkt_c")
    return db, customers


def _changes(conn: psycopg.Connection, c: dict[str, int]) -> None:
    staff = dict(conn.execute("SELECT login, id FROM crm.staff").fetchall())
    hand_over = [c["C1"], c["C2"], c["X1"]]
    # A hand-over as crm._apply_request writes it: the releases, then the new holders.
    conn.execute("""UPDATE crm.relationship SET status = 'released', valid_to = current_date,
                           released_at = %s, released_by = 'approver'
                     WHERE customer_id = ANY (%s) AND status = 'live'""", (RELEASED_AT, hand_over))
    conn.execute("""INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from)
                    SELECT c.id, c.branch_id, CASE WHEN c.branch_id = s.branch_id THEN s.id ELSE %s END,
                           'development', current_date
                      FROM crm.customer c, crm.staff s WHERE c.id = ANY (%s) AND s.login = 'mkt_b'
                     ORDER BY c.id""", (staff["mkt_c"], hand_over))
    # Nothing changes: no audit row, the holders stay.
    conn.execute("UPDATE crm.relationship SET status = status WHERE customer_id = ANY (%s)",
                 ([c["C3"], c["C5"]],))
    # An ended relationship: only its release note changes (and its developer lets go of the
    # customer only when still mirrored, as before).
    conn.execute("UPDATE crm.relationship SET released_by = 'corrected' WHERE customer_id = %s AND status = 'released'",
                 (c["C1"],))
    conn.execute("DELETE FROM crm.relationship WHERE customer_id = %s AND kind = 'service'", (c["C4"],))
    conn.execute("""INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind)
                    SELECT c.id, c.branch_id, %s, 'service' FROM crm.customer c WHERE c.id = ANY (%s)""",
                 (staff["svc_b"], [c["C5"], c["C6"], c["C4"]]))


def _outcome(conn: psycopg.Connection, first_audit: int, customers: list[int]) -> tuple[list, list]:
    audit = conn.execute("""
        SELECT actor, table_name, action, row_key, branch_id, old_values, new_values FROM crm.audit_log
         WHERE id > %s AND table_name = 'relationship' ORDER BY row_key::bigint, action, id""",
                         (first_audit,)).fetchall()
    holders = conn.execute("SELECT id, developer_id, service_staff_id FROM crm.customer WHERE id = ANY (%s) ORDER BY id",
                           (customers,)).fetchall()
    return audit, holders


def _run(conn: psycopg.Connection, c: dict[str, int], next_id: int) -> tuple[list, list]:
    conn.execute("SAVEPOINT run")
    conn.execute("SELECT setval(pg_get_serial_sequence('crm.relationship', 'id'), %s, false)", (next_id,))
    first_audit = conn.execute("SELECT coalesce(max(id), 0) FROM crm.audit_log").fetchone()[0]
    _changes(conn, c)
    outcome = _outcome(conn, first_audit, list(c.values()))
    conn.execute("ROLLBACK TO SAVEPOINT run")
    return outcome


def test_statement_level_triggers_write_what_the_per_row_ones_did(world):
    db, c = world
    released = next(OBJECTS.glob("released/crm.relationship_sync_developer@*.sql")).read_text(encoding="utf-8")
    assert "FOR EACH" not in released and "NEW.staff_id" in released   # the per-row body
    with db.admin(autocommit=False) as conn:
        next_id = conn.execute("SELECT max(id) + 1000 FROM crm.relationship").fetchone()[0]
        statement_level = _run(conn, c, next_id)

        for trigger in STATEMENT_TRIGGERS:
            conn.execute(f"ALTER TABLE crm.relationship DISABLE TRIGGER {trigger}")
        conn.execute(released.replace("crm.relationship_sync_developer()",
                                      "pg_temp.relationship_sync_developer_per_row()"))
        conn.execute("CREATE TRIGGER audit_per_row AFTER INSERT OR UPDATE OR DELETE ON crm.relationship "
                     "FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id')")
        conn.execute("CREATE TRIGGER relationship_sync_developer_per_row AFTER INSERT OR UPDATE OR DELETE "
                     "ON crm.relationship FOR EACH ROW EXECUTE FUNCTION pg_temp.relationship_sync_developer_per_row()")
        per_row = _run(conn, c, next_id)
        conn.rollback()

    audit, holders = statement_level
    assert audit == per_row[0]
    assert holders == per_row[1]
    # 3 releases + 3 new holders, 1 corrected release note, 1 deletion, 3 new service relationships
    # (the update that changed nothing wrote none).
    assert [a[2] for a in audit].count("update") == 4 and len(audit) == 11
    assert {a[0] for a in audit} == {db.scalar("SELECT session_user")}
    with db.admin() as conn:
        staff = dict(conn.execute("SELECT login, id FROM crm.staff").fetchall())
    by_customer = {h[0]: h[1:] for h in holders}
    assert by_customer[c["C1"]] == (staff["mkt_b"], None)
    assert by_customer[c["X1"]] == (staff["mkt_c"], None)
    assert by_customer[c["C3"]] == (staff["mkt_a"], staff["svc_a"])
    assert by_customer[c["C4"]] == (staff["mkt_a"], staff["svc_b"])
    assert by_customer[c["C6"]] == (None, staff["svc_b"])


def test_an_update_that_changes_the_audit_key_fails_rather_than_go_unaudited(world):
    db, c = world
    with db.admin() as conn:
        conn.execute("ALTER TABLE crm.relationship ALTER COLUMN id SET GENERATED BY DEFAULT")
        with pytest.raises(psycopg.errors.RaiseException, match="changed or duplicated the key"):
            conn.execute("UPDATE crm.relationship SET id = id + 100000 WHERE customer_id = %s", (c["C2"],))
        conn.execute("ALTER TABLE crm.relationship ALTER COLUMN id SET GENERATED ALWAYS")
