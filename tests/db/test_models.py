"""The ORM models describe the migrated schema exactly (they never create it)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import DefaultClause, Engine, create_engine, create_mock_engine, inspect, pool, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from crm_desktop.db import models
from crm_desktop.db.engine import sqlalchemy_url
from crm_desktop.db.models import SCHEMA, Base


@pytest.fixture
def engine(db):
    eng = create_engine(sqlalchemy_url(db.admin_url), poolclass=pool.NullPool)
    try:
        yield eng
    finally:
        eng.dispose()


def _ddl_type(type_, eng: Engine) -> str:
    return type_.compile(dialect=eng.dialect)


def _is_view(table) -> bool:
    return bool(table.info.get("view"))


def test_every_mapped_column_matches_the_live_database(engine):
    insp = inspect(engine)
    tables = set(insp.get_table_names(schema=SCHEMA))
    views = set(insp.get_view_names(schema=SCHEMA))
    problems: list[str] = []
    for table in Base.metadata.sorted_tables:
        assert table.schema == SCHEMA
        if _is_view(table):
            assert table.name in views, f"{table.name} is mapped as a view but is not one"
        else:
            assert table.name in tables, f"{table.name} is mapped as a table but is not one"
        live = {c["name"]: c for c in insp.get_columns(table.name, schema=SCHEMA)}
        mapped = {c.name: c for c in table.columns}
        for name in sorted(mapped.keys() - live.keys()):
            problems.append(f"{table.name}.{name}: mapped but not in the database")
        for name in sorted(live.keys() - mapped.keys()):
            problems.append(f"{table.name}.{name}: in the database but not mapped")
        for name in sorted(mapped.keys() & live.keys()):
            col, db_col = mapped[name], live[name]
            want, got = _ddl_type(col.type, engine), _ddl_type(db_col["type"], engine)
            if want != got:
                problems.append(f"{table.name}.{name}: mapped {want}, database {got}")
            if _is_view(table):
                continue   # PostgreSQL reports every view column as nullable
            if col.nullable != db_col["nullable"]:
                problems.append(f"{table.name}.{name}: mapped nullable={col.nullable}, "
                                f"database nullable={db_col['nullable']}")
            # GENERATED ALWAYS AS IDENTITY keys must be mapped as such (never sent on INSERT).
            db_identity = db_col.get("identity")
            if bool(db_identity) != (col.identity is not None):
                problems.append(f"{table.name}.{name}: identity mapped={col.identity is not None}, "
                                f"database={bool(db_identity)}")
            elif db_identity and bool(db_identity.get("always")) != bool(col.identity.always):
                problems.append(f"{table.name}.{name}: identity ALWAYS differs")
            # An SQL default must be known to the ORM, and an SQL default the model claims must exist.
            if db_col.get("default") is not None and col.server_default is None:
                problems.append(f"{table.name}.{name}: database default {db_col['default']!r} not mapped")
            if isinstance(col.server_default, DefaultClause) and db_col.get("default") is None:
                problems.append(f"{table.name}.{name}: mapped server_default, none in the database")
        if not _is_view(table):
            pk = insp.get_pk_constraint(table.name, schema=SCHEMA)["constrained_columns"]
            if sorted(pk) != sorted(c.name for c in table.primary_key.columns):
                problems.append(f"{table.name}: primary key {pk} differs from the mapping")
            live_fks = {(tuple(fk["constrained_columns"]), fk["referred_schema"] or SCHEMA,
                         fk["referred_table"], tuple(fk["referred_columns"]))
                        for fk in insp.get_foreign_keys(table.name, schema=SCHEMA)}
            mapped_fks = {(tuple(e.parent.name for e in fk.elements), fk.referred_table.schema,
                           fk.referred_table.name, tuple(e.column.name for e in fk.elements))
                          for fk in table.foreign_key_constraints}
            if live_fks != mapped_fks:
                problems.append(f"{table.name}: foreign keys mapped {sorted(mapped_fks)}, "
                                f"database {sorted(live_fks)}")
    assert not problems, "\n".join(problems)


def test_every_table_and_view_in_schema_crm_is_mapped(engine):
    insp = inspect(engine)
    live = {("table", t) for t in insp.get_table_names(schema=SCHEMA)}
    live |= {("view", v) for v in insp.get_view_names(schema=SCHEMA)}
    live |= {("view", v) for v in insp.get_materialized_view_names(schema=SCHEMA)}
    mapped = {("view" if _is_view(t) else "table", t.name) for t in Base.metadata.sorted_tables}
    assert live - mapped == set(), "not mapped in crm_desktop.db.models"
    assert mapped - live == set(), "mapped but missing from the database"
    assert {"staff_overview", "session_overview"} <= {n for k, n in mapped if k == "view"}


def test_models_refuse_to_create_the_schema():
    engine = create_mock_engine("postgresql+psycopg://", lambda *a, **k: None)
    with pytest.raises(RuntimeError, match="never creates"):
        Base.metadata.create_all(engine, checkfirst=False)


def test_branch_and_staff_round_trip(engine, db):
    superuser = db.scalar("SELECT current_user")
    with Session(engine) as session:
        branch = models.Branch(code="BR02", name="上海陆家嘴营业部")
        session.add(branch)
        session.flush()
        assert isinstance(branch.id, int)   # identity, read back by RETURNING
        staff = models.Staff(login="orm_mkt", name="王五", branch_id=branch.id, staff_type="marketing")
        session.add(staff)
        session.commit()
        staff_id, branch_id = staff.id, branch.id

    with Session(engine) as session:
        staff = session.scalars(select(models.Staff).options(selectinload(models.Staff.branch))
                                .where(models.Staff.login == "orm_mkt")).one()
        assert staff.id == staff_id
        assert staff.branch.code == "BR02" and staff.branch.name == "上海陆家嘴营业部"
        assert staff.branch.kind == "branch"
        assert (staff.status, staff.customer_scope, staff.public_pool) == ("active", "own", False)
        assert staff.must_change_password is True and staff.mac_binding_required is True
        assert staff.created_by == superuser and staff.version == 1
        assert staff.created_at.tzinfo is not None
        assert staff.superior_id is None and staff.closed_at is None

        overview = session.get(models.StaffOverview, staff_id)
        assert overview is not None
        assert (overview.login, overview.branch_code) == ("orm_mkt", "BR02")
        assert overview.roles == [] and overview.macs == [] and overview.last_login_at is None

        audit = session.scalars(select(models.AuditLog).where(
            models.AuditLog.table_name == "staff", models.AuditLog.row_key == "orm_mkt")).one()
        assert audit.action == "insert" and audit.actor == superuser
        assert audit.branch_id == branch_id and audit.new_values["name"] == "王五"

        with pytest.raises(Exception, match="lazy='raise'"):
            _ = staff.superior


def test_customer_ext_version_is_the_servers(engine, db):
    cid = db.make_customer("200001", mobile="13800000001")
    # expire_on_commit=False: like a dialog that keeps what it loaded while the user edits.
    with Session(engine, expire_on_commit=False) as session:
        ext = session.get(models.CustomerExt, cid)
        assert ext.version == 1
        ext.mobile = "13900000002"
        session.flush()
        # Read back from the trigger by RETURNING, without a refresh.
        assert ext.version == 2 and ext.modified_by and ext.modified_at is not None
        ext.address = "北京市西城区金融大街1号"
        session.flush()   # a second flush in the same session uses the server's new version
        assert ext.version == 3
        session.commit()

        # Someone else saves in between: this copy is stale and must not overwrite.
        db.scalar("UPDATE crm.customer_ext SET notes = 'other PC' WHERE customer_id = %s "
                  "RETURNING version", (cid,))
        ext.notes = "this PC"
        with pytest.raises(StaleDataError):
            session.flush()
        session.rollback()

    # The same for a copy kept detached and saved later from another session.
    with Session(engine, expire_on_commit=False) as session:
        stale = session.get(models.CustomerExt, cid)
    db.scalar("UPDATE crm.customer_ext SET notes = 'other PC' WHERE customer_id = %s RETURNING 1", (cid,))
    stale.notes = "this PC"
    with Session(engine) as session:
        with pytest.raises(StaleDataError):
            session.merge(stale)
    assert db.scalar("SELECT notes FROM crm.customer_ext WHERE customer_id = %s", (cid,)) == "other PC"
    assert db.scalar("SELECT version FROM crm.customer_ext WHERE customer_id = %s", (cid,)) == 5


def test_visit_stamped_by_the_server(engine, db):
    cid = db.make_customer("200002")
    staff = db.make_staff("orm_visit")
    with Session(engine) as session:
        visit = models.Visit(customer_id=cid, staff_id=staff.staff_id, channel="phone",
                             content="电话回访", visited_at=dt.datetime.now(dt.timezone.utc))
        session.add(visit)
        session.flush()
        branch_id = db.scalar("SELECT id FROM crm.branch WHERE code = 'BR01'")
        assert (visit.branch_id, visit.version) == (branch_id, 1)
        visit.content = "电话回访，约下周面谈"
        session.flush()
        assert visit.version == 2
        session.commit()


def test_views_are_read_only(engine, db):
    db.make_staff("orm_view")
    with Session(engine) as session:
        row = session.scalars(select(models.StaffOverview)
                              .where(models.StaffOverview.login == "orm_view")).one()
        assert row.roles == ["marketing"]
        row.name = "改名"
        with pytest.raises(models.ReadOnlyViewError):
            session.flush()
        session.rollback()
        session.add(models.SessionOverview(id=-1, login="x", staff_name="x", branch_code="BR01", macs=[]))
        with pytest.raises(models.ReadOnlyViewError):
            session.flush()
