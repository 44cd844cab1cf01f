def test_fresh_database_is_migrated(db):
    from crm_desktop.db import migrations

    assert db.scalar("SELECT version_num FROM alembic_version") == migrations.head_revision()
    assert db.scalar("SELECT count(*) FROM crm.branch") == 2


def test_staff_sees_own_customer_after_open_session(db):
    a = db.make_staff("mkt_a")
    cid = db.make_customer("100001")
    db.make_customer("100002")
    db.relate(cid, "mkt_a")
    with db.connect(a.login) as conn:
        assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 0
    with db.session(a.login) as conn:
        rows = conn.execute("SELECT account_no FROM crm.customer").fetchall()
        assert rows == [("100001",)]
