"""Typed ORM mappings of schema `crm` (SQLAlchemy 2 declarative, `Mapped[...]`).

The schema is defined by the SQL migrations in `db/sql` (run by Alembic); these classes
only describe it for typed reads and writes in `crm_desktop.services`. They must never
create anything: `Base.metadata.create_all()` is refused (see `_refuse_ddl`), and
`tests/db/test_models.py` checks every mapping against the live, migrated database.

Conventions:

- Types follow the SQL exactly (smallint -> SmallInteger, timestamptz ->
  DateTime(timezone=True), text[] -> ARRAY(Text), ...); money is integer cents (分).
- Identity keys are `GENERATED ALWAYS`: never assign them, the server does.
- Columns with an SQL default carry the same `server_default`, and columns a trigger
  writes carry `FetchedValue()`, so the ORM omits them on INSERT and reads back what the
  server decided (RETURNING), instead of caching a stale client-side guess.
- Many-to-one `relationship()`s are `lazy="raise"`: load them explicitly
  (`selectinload` / `joinedload`) in the worker that runs the query. A hidden lazy load
  would be an extra round trip, and would fail anyway on an object detached from its
  worker's session.
- Most state changes with rules go through SECURITY DEFINER functions (crm.create_staff,
  crm.bind_mac, ...); staff logins have no direct INSERT/UPDATE/DELETE on those tables, so
  writing them through the ORM only works for the superuser / crm_owner (tests, tools).
  Direct DML under RLS is meant for customer_ext and visit.
- Under RLS, "0 rows affected" means "not found or not permitted"; with a version column
  the ORM reports that as `StaleDataError` (see CustomerExt).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CHAR,
    BigInteger,
    Boolean,
    Computed,
    Date,
    Double,
    DateTime,
    FetchedValue,
    ForeignKey,
    Identity,
    Integer,
    Interval,
    MetaData,
    Numeric,
    SmallInteger,
    Text,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, INET, JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SCHEMA = "crm"

TZ = DateTime(timezone=True)
NOW = text("now()")
SESSION_USER = text("session_user")
TEXT_ARRAY = ARRAY(Text)


class Base(DeclarativeBase):
    """Declarative base of every CRM mapping; all objects live in schema `crm`."""

    metadata = MetaData(schema=SCHEMA)


@event.listens_for(Base.metadata, "before_create")
def _refuse_ddl(*_args: Any, **_kwargs: Any) -> None:
    raise RuntimeError("crm_desktop.db.models never creates tables: the schema comes from the "
                       "SQL migrations in db/ (crm-admin db upgrade)")


@event.listens_for(Base.metadata, "before_drop")
def _refuse_drop(*_args: Any, **_kwargs: Any) -> None:
    raise RuntimeError("crm_desktop.db.models never drops tables")


# Reference data ------------------------------------------------------------------------


class Branch(Base):
    """营业部 (branch office); headquarters (总部) is a branch of kind 'hq'."""

    __tablename__ = "branch"

    id: Mapped[int] = mapped_column(SmallInteger, Identity(always=True), primary_key=True)
    code: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text, server_default=text("'branch'"))   # 'hq' | 'branch'
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)

    def __repr__(self) -> str:
        return f"Branch(id={self.id!r}, code={self.code!r})"


class StaffType(Base):
    """员工类型 (staff type), e.g. 营销人员 marketing staff."""

    __tablename__ = "staff_type"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    # Only these types may be the subject of a development or service relationship.
    holds_relationships: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class Role(Base):
    """角色 (role): a named bundle of permissions."""

    __tablename__ = "role"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)


class Permission(Base):
    """权限 (permission), checked by the server (crm.has_permission)."""

    __tablename__ = "permission"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    # A role carrying such a permission is granted and revoked by HQ administrators only.
    granted_by_hq: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class RolePermission(Base):
    """角色权限: which permissions a role grants."""

    __tablename__ = "role_permission"

    role_code: Mapped[str] = mapped_column(Text, ForeignKey("crm.role.code"), primary_key=True)
    permission_code: Mapped[str] = mapped_column(Text, ForeignKey("crm.permission.code"), primary_key=True)


class ApprovalPost(Base):
    """审批岗 (approval post): 交易部经理, 营销总监, 总部营销主管."""

    __tablename__ = "approval_post"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)


# Staff ----------------------------------------------------------------------------------


class Staff(Base):
    """员工 / 营销人员 (staff member); `login` is their PostgreSQL LOGIN role.

    Created, frozen (冻结), closed (销户) and re-scoped only through definer functions,
    which bump `version` themselves; staff rows are never deleted.
    """

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, Identity(always=True), primary_key=True)
    login: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"))
    staff_type: Mapped[str] = mapped_column(Text, ForeignKey("crm.staff_type.code"))
    superior_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("crm.staff.id"))   # 上级员工
    status: Mapped[str] = mapped_column(Text, server_default=text("'active'"))   # active | frozen | closed
    freeze_reason: Mapped[str | None] = mapped_column(Text)
    # 客户范围: own | subordinates | branch | all
    customer_scope: Mapped[str] = mapped_column(Text, server_default=text("'own'"))
    public_pool: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))   # 公有客户
    must_change_password: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    password_expires_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    mac_binding_required: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    created_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)
    closed_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    branch: Mapped[Branch] = relationship(lazy="raise")
    superior: Mapped[Staff | None] = relationship(remote_side=[id], lazy="raise")

    def __repr__(self) -> str:
        return f"Staff(id={self.id!r}, login={self.login!r})"


class StaffRole(Base):
    """员工角色: roles held by a staff member."""

    __tablename__ = "staff_role"

    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"), primary_key=True)
    role_code: Mapped[str] = mapped_column(Text, ForeignKey("crm.role.code"), primary_key=True)


class StaffPost(Base):
    """员工审批岗: approval posts held by a staff member."""

    __tablename__ = "staff_post"

    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"), primary_key=True)
    post_code: Mapped[str] = mapped_column(Text, ForeignKey("crm.approval_post.code"), primary_key=True)


class StaffBranchScope(Base):
    """营业部范围: branches beyond the staff member's own that are in their scope."""

    __tablename__ = "staff_branch_scope"

    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"), primary_key=True)
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"), primary_key=True)


class StaffMac(Base):
    """绑定MAC地址: a PC's MAC bound to a staff account (lower-case, colon-separated)."""

    __tablename__ = "staff_mac"

    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"), primary_key=True)
    mac: Mapped[str] = mapped_column(Text, primary_key=True)
    note: Mapped[str | None] = mapped_column(Text)
    bound_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    bound_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)


# Sessions and logins --------------------------------------------------------------------


class AppSession(Base):
    """会话: one row per crm.open_session(), keyed by (pid, backend_start, login)."""

    __tablename__ = "app_session"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    pid: Mapped[int] = mapped_column(Integer)
    backend_start: Mapped[dt.datetime] = mapped_column(TZ)
    login: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"))
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"))
    macs: Mapped[list[str]] = mapped_column(TEXT_ARRAY, server_default=text("'{}'"))
    hostname: Mapped[str | None] = mapped_column(Text)
    app_version: Mapped[str | None] = mapped_column(Text)
    # SQLAlchemy's psycopg dialect returns inet as str (native_inet_types=False).
    client_addr: Mapped[str | None] = mapped_column(INET)
    opened_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    last_activity_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    closed_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    close_reason: Mapped[str | None] = mapped_column(Text)


class LoginEvent(Base):
    """登录日志: logins, refusals, logouts (from open_session and the server log)."""

    __tablename__ = "login_event"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    login: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("crm.staff.id"))
    branch_id: Mapped[int | None] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"))
    outcome: Mapped[str] = mapped_column(Text)
    macs: Mapped[list[str] | None] = mapped_column(TEXT_ARRAY)
    hostname: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, server_default=text("'server'"))
    client_addr: Mapped[str | None] = mapped_column(Text)
    # A reason code with its parameters; the UI words it in the user's language.
    reason: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class AuthFailure(Base):
    """连续登录失败: consecutive password failures per login (kept by the HQ agent)."""

    __tablename__ = "auth_failure"

    login: Mapped[str] = mapped_column(Text, primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    first_at: Mapped[dt.datetime] = mapped_column(TZ)
    last_at: Mapped[dt.datetime] = mapped_column(TZ)
    locks: Mapped[int] = mapped_column(Integer, server_default=text("0"))   # temporary locks since the last success
    locked_until: Mapped[dt.datetime | None] = mapped_column(TZ)          # 'infinity' once frozen
    clients: Mapped[list[str]] = mapped_column(TEXT_ARRAY, server_default=text("'{}'"))


class Policy(Base):
    """系统策略: the single-row policy (lockout, timeouts, passwords, 系统维护)."""

    __tablename__ = "policy"

    id: Mapped[bool] = mapped_column(Boolean, primary_key=True, server_default=text("true"))
    lockout_threshold: Mapped[int] = mapped_column(Integer, server_default=text("5"))
    lockout_window_minutes: Mapped[int] = mapped_column(Integer, server_default=text("15"))
    lockout_minutes: Mapped[int] = mapped_column(Integer, server_default=text("15"))
    lockout_max_minutes: Mapped[int] = mapped_column(Integer, server_default=text("240"))
    lockout_locks_before_freeze: Mapped[int] = mapped_column(Integer, server_default=text("4"))
    max_transaction_seconds: Mapped[int] = mapped_column(Integer, server_default=text("900"))
    idle_minutes: Mapped[int] = mapped_column(Integer, server_default=text("30"))
    server_idle_seconds: Mapped[int] = mapped_column(Integer, server_default=text("1800"))
    absolute_session_hours: Mapped[int] = mapped_column(Integer, server_default=text("12"))
    password_min_length: Mapped[int] = mapped_column(Integer, server_default=text("8"))
    temp_password_hours: Mapped[int] = mapped_column(Integer, server_default=text("24"))
    remember_password_allowed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    maintenance: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    maintenance_message: Mapped[str] = mapped_column(Text, server_default=text("''"))
    updated_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    updated_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)


class PasswordRecord(Base):
    """The fingerprint of each staff login's password verifier as of its last sanctioned change
    (crm.change_password, a reset); the agent compares it to find passwords set around the policy.
    Only definer functions read or write it."""

    __tablename__ = "password_record"

    login: Mapped[str] = mapped_column(Text, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(Text)
    set_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    set_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)
    how: Mapped[str] = mapped_column(Text)


class CommonPassword(Base):
    """常见密码: passwords refused by crm.change_password."""

    __tablename__ = "common_password"

    password: Mapped[str] = mapped_column(Text, primary_key=True)


class AgentState(Base):
    """HQ agent bookkeeping (e.g. the server-log cursor)."""

    __tablename__ = "agent_state"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[Any] = mapped_column(JSONB)
    updated_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)


class PersonalColumn(Base):
    """Columns holding personal data and how each is masked (db/sql/0011); only definers read it."""

    __tablename__ = "personal_column"

    table_name: Mapped[str] = mapped_column(Text, primary_key=True)
    column_name: Mapped[str] = mapped_column(Text, primary_key=True)
    mask_kind: Mapped[str] = mapped_column(Text)   # id_no | phone | address


# Customers ------------------------------------------------------------------------------


class Customer(Base):
    """客户综合资料: the trading counter's (柜台) copy, loaded T+1; read-only to staff."""

    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    account_no: Mapped[str] = mapped_column(Text, unique=True)   # 资金账号
    name: Mapped[str] = mapped_column(Text)
    id_no: Mapped[str | None] = mapped_column(Text)              # 证件号码
    mobile: Mapped[str | None] = mapped_column(Text)             # counter mobile (柜台手机)
    gender: Mapped[str | None] = mapped_column(CHAR(1))          # 'M' | 'F'
    birthday: Mapped[dt.date | None] = mapped_column(Date)
    open_date: Mapped[dt.date] = mapped_column(Date)             # 开户日期
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"))
    status: Mapped[str] = mapped_column(Text, server_default=text("'normal'"))   # normal | dormant | closed
    # Staff of the live development relationship (NULL = 公有客户); a trigger on
    # crm.relationship keeps it, never the client.
    developer_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("crm.staff.id"))
    # The live 服务关系 staff, mirrored by the same trigger.
    service_staff_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("crm.staff.id"))
    loaded_for: Mapped[dt.date] = mapped_column(Date)            # trading date of the T+1 load
    loaded_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    # Masked twins (db/sql/0011): staff read these, never id_no / mobile.
    id_no_masked: Mapped[str | None] = mapped_column(Text, Computed("crm.mask_personal('id_no', id_no)"))
    mobile_masked: Mapped[str | None] = mapped_column(Text, Computed("crm.mask_personal('phone', mobile)"))

    branch: Mapped[Branch] = relationship(lazy="raise")
    ext: Mapped[CustomerExt | None] = relationship(back_populates="customer", lazy="raise")

    def __repr__(self) -> str:
        return f"Customer(id={self.id!r}, account_no={self.account_no!r})"


class CustomerExt(Base):
    """客户扩展资料: editable contact data (SMS goes to this mobile).

    `version`, `modified_by` and `modified_at` are stamped by the BEFORE trigger
    crm.customer_ext_stamp, never by the client; it also pins customer_id and branch_id.
    """

    __tablename__ = "customer_ext"

    customer_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("crm.customer.id"), primary_key=True)
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"))
    mobile: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    preferred_contact: Mapped[str | None] = mapped_column(Text)   # mobile | phone | email | visit | sms
    notes: Mapped[str | None] = mapped_column(Text)
    # Masked twins (db/sql/0011): what staff read back; they write the raw columns.
    mobile_masked: Mapped[str | None] = mapped_column(Text, Computed("crm.mask_personal('phone', mobile)"))
    phone_masked: Mapped[str | None] = mapped_column(Text, Computed("crm.mask_personal('phone', phone)"))
    address_masked: Mapped[str | None] = mapped_column(Text, Computed("crm.mask_personal('address', address)"))
    # Optimistic concurrency (乐观锁). The trigger sets version := OLD.version + 1 on every
    # UPDATE, so the ORM must neither generate nor send a new value:
    #   * "version_id_generator": False  -> the ORM never computes version + 1 itself;
    #     UPDATE ... WHERE customer_id = :id AND version = :loaded_version; 0 rows matched
    #     raises StaleDataError (= changed by someone else, or not permitted under RLS).
    #   * That flag alone is NOT enough: the ORM only reads a version back (RETURNING)
    #     after INSERT/UPDATE when the column is marked server-generated. Without the
    #     server_default / server_onupdate markers below, the identity map would keep the
    #     old number and the *second* flush of the same object in one session would match
    #     0 rows and raise a false StaleDataError.
    #   * Never assign `version` in client code: the trigger would overwrite it anyway.
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"),
                                         server_onupdate=FetchedValue())
    modified_by: Mapped[str | None] = mapped_column(Text, server_default=FetchedValue(),
                                                    server_onupdate=FetchedValue())
    modified_at: Mapped[dt.datetime | None] = mapped_column(TZ, server_default=FetchedValue(),
                                                            server_onupdate=FetchedValue())

    customer: Mapped[Customer] = relationship(back_populates="ext", lazy="raise")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class VipLevel(Base):
    """贵宾等级: VIP thresholds by total assets (configuration)."""

    __tablename__ = "vip_level"

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    min_assets_cents: Mapped[int] = mapped_column(BigInteger, unique=True)


class CustomerDaily(Base):
    """客户日数据: T+1 facts per customer and trading day, in cents (分).

    No foreign keys on purpose (Citus-ready fact table distributed by branch). Partitioned by
    trading date, one partition per date in schema crm_daily, made by the T+1 load (or
    crm.customer_daily_partition(date) before other writes).
    """

    __tablename__ = "customer_daily"
    __table_args__: Any = {"postgresql_partition_by": "RANGE (trade_date)"}

    branch_id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    customer_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    trade_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    total_assets_cents: Mapped[int] = mapped_column(BigInteger)      # 总资产
    market_value_cents: Mapped[int] = mapped_column(BigInteger)      # 市值
    cash_cents: Mapped[int] = mapped_column(BigInteger)              # 资金余额
    trade_volume_cents: Mapped[int] = mapped_column(BigInteger)      # 成交额
    commission_cents: Mapped[int] = mapped_column(BigInteger)        # 佣金
    net_commission_cents: Mapped[int] = mapped_column(BigInteger)    # 净佣金
    interest_spread_cents: Mapped[int] = mapped_column(BigInteger)   # 利差
    pnl_cents: Mapped[int] = mapped_column(BigInteger)               # 盈亏
    vip_level: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))   # 贵宾等级


class CustomerLatest(Base):
    """Each customer's latest customer_daily row (总资产, 贵宾等级) for the Customers list.

    Kept by statement triggers on customer_daily and crm.refresh_customer_latest(); branch_id,
    developer_id and service_staff_id are copies of the customer's (its RLS policy is the
    customer policy). Read-only to everyone but the server. No foreign keys, like the facts.
    """

    __tablename__ = "customer_latest"

    customer_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    branch_id: Mapped[int] = mapped_column(SmallInteger)
    developer_id: Mapped[int | None] = mapped_column(Integer)
    service_staff_id: Mapped[int | None] = mapped_column(Integer)
    trade_date: Mapped[dt.date] = mapped_column(Date)
    total_assets_cents: Mapped[int] = mapped_column(BigInteger)      # 总资产
    vip_level: Mapped[int] = mapped_column(SmallInteger)             # 贵宾等级


class T1Load(Base):
    """T+1 导入: one row per loaded trading date (the status bar shows the latest)."""

    __tablename__ = "t1_load"

    trade_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    loaded_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    loaded_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)
    account_rows: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    daily_rows: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default=text("'loaded'"))
    new_accounts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    changed_accounts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    replaced_rows: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    warnings: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    load_count: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    seconds: Mapped[Decimal | None] = mapped_column(Numeric(10, 3))


class Relationship(Base):
    """经纪关系: development (开发关系) or service (服务关系) between staff and customer.

    Entered and released (解除) through approval; at most one live development
    relationship per customer (partial unique index).
    """

    __tablename__ = "relationship"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    customer_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("crm.customer.id"))
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"))
    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"))
    kind: Mapped[str] = mapped_column(Text)                                    # development | service
    status: Mapped[str] = mapped_column(Text, server_default=text("'live'"))   # live | released
    valid_from: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    created_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)
    released_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    released_by: Mapped[str | None] = mapped_column(Text)

    customer: Mapped[Customer] = relationship(lazy="raise")
    staff: Mapped[Staff] = relationship(lazy="raise")


class Visit(Base):
    """拜访记录 (visit / contact record), direct DML under RLS.

    The BEFORE trigger crm.visit_stamp sets staff_id (the caller, unless an operator),
    branch_id (the customer's), version and modified_at; on UPDATE it pins customer_id,
    staff_id, branch_id and created_at. `version` is the optimistic-concurrency column,
    exactly as for CustomerExt (see the comment there).
    """

    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    customer_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("crm.customer.id"))
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"),
                                           server_default=FetchedValue())
    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"),
                                          server_default=FetchedValue())
    visited_at: Mapped[dt.datetime] = mapped_column(TZ)
    channel: Mapped[str] = mapped_column(Text)   # visit | phone | sms | wechat | email | other
    content: Mapped[str] = mapped_column(Text)
    next_follow_up: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"),
                                         server_onupdate=FetchedValue())
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    modified_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW,
                                                     server_onupdate=FetchedValue())

    customer: Mapped[Customer] = relationship(lazy="raise")
    staff: Mapped[Staff] = relationship(lazy="raise")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


# Customers tab workspace (migration 0003) ------------------------------------------------


class SavedFilter(Base):
    """A named customer-list filter of one staff member (private; RLS: own rows only).
    The BEFORE trigger crm.owned_row_stamp sets staff_id and the timestamps."""

    __tablename__ = "saved_filter"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"), server_default=FetchedValue())
    name: Mapped[str] = mapped_column(Text)
    definition: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    modified_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW, server_onupdate=FetchedValue())


class CustomerGroup(Base):
    """客户群: owned by one staff member (writes), readable by their superiors (subtree)."""

    __tablename__ = "customer_group"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"), server_default=FetchedValue())
    name: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"), server_onupdate=FetchedValue())
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    modified_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW, server_onupdate=FetchedValue())

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class CustomerGroupMember(Base):
    """A customer in a 客户群; visible only while the customer itself is visible."""

    __tablename__ = "customer_group_member"

    group_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("crm.customer_group.id", ondelete="CASCADE"),
                                          primary_key=True)
    customer_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("crm.customer.id"), primary_key=True)
    added_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)


class ExportLog(Base):
    """One export (导出): written only by crm.begin_export / crm.finish_export, which check the
    export permission; readable by its author and their administrators."""

    __tablename__ = "export_log"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"))
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"))
    actor: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)
    kind: Mapped[str] = mapped_column(Text)   # customers | summary | group_statistics | analysis
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'"))
    started_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    finished_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    row_count: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(Text, server_default=text("'running'"))  # running|done|cancelled|failed


# Analysis (migration 0004) ---------------------------------------------------------------


class PivotCustomerMonth(Base):
    """Rollup: one row per customer and month with facts (month-end assets and VIP level, sums
    of the flows, the customer's attributes). Kept by crm.refresh_pivot_rollups (statement
    triggers on customer_daily, a row trigger on customer); readable for fully visible branches."""

    __tablename__ = "pivot_customer_month"

    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    branch_id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    customer_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    developer_id: Mapped[int | None] = mapped_column(Integer)
    service_staff_id: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(CHAR(1))
    birthday: Mapped[dt.date | None] = mapped_column(Date)
    open_date: Mapped[dt.date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(SmallInteger)
    last_date: Mapped[dt.date] = mapped_column(Date)
    assets_end_cents: Mapped[int] = mapped_column(BigInteger)
    assets_sum_cents: Mapped[int] = mapped_column(BigInteger)
    vip_end: Mapped[int] = mapped_column(SmallInteger)
    trade_volume_cents: Mapped[int] = mapped_column(BigInteger)
    commission_cents: Mapped[int] = mapped_column(BigInteger)
    net_commission_cents: Mapped[int] = mapped_column(BigInteger)
    interest_spread_cents: Mapped[int] = mapped_column(BigInteger)
    pnl_cents: Mapped[int] = mapped_column(BigInteger)


class PivotBranchMonth(Base):
    """Rollup: per branch, month, month-end VIP level and default asset range, sums over
    customers (assets_avg_cents: the sum of the customers' monthly means)."""

    __tablename__ = "pivot_branch_month"

    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    branch_id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    vip_level: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    asset_band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    customers: Mapped[int] = mapped_column(Integer)
    new_accounts: Mapped[int] = mapped_column(Integer)
    assets_end_cents: Mapped[int] = mapped_column(BigInteger)
    assets_avg_cents: Mapped[float] = mapped_column(Double)
    trade_volume_cents: Mapped[int] = mapped_column(BigInteger)
    commission_cents: Mapped[int] = mapped_column(BigInteger)
    net_commission_cents: Mapped[int] = mapped_column(BigInteger)
    interest_spread_cents: Mapped[int] = mapped_column(BigInteger)
    pnl_cents: Mapped[int] = mapped_column(BigInteger)


class PivotLayout(Base):
    """A saved Analysis layout: private, or shared by an HQ administrator (admin_all)."""

    __tablename__ = "pivot_layout"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"), server_default=FetchedValue())
    name: Mapped[str] = mapped_column(Text)
    definition: Mapped[dict[str, Any]] = mapped_column(JSONB)
    shared: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    modified_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW, server_onupdate=FetchedValue())


# Approvals and reservations (migration 0006) ------------------------------------------------


class Holiday(Base):
    """法定节假日: non-working weekdays for the 20-working-day reservation window (HQ)."""

    __tablename__ = "holiday"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class ApprovalFlow(Base):
    """A flow type (development, service, release, transfer); its steps are data."""

    __tablename__ = "approval_flow"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)


class ApprovalFlowStep(Base):
    __tablename__ = "approval_flow_step"

    flow_code: Mapped[str] = mapped_column(Text, ForeignKey("crm.approval_flow.code"), primary_key=True)
    step_no: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    post_code: Mapped[str] = mapped_column(Text, ForeignKey("crm.approval_post.code"))


class ApprovalRequest(Base):
    """电子审批 request; written only by the definer functions (crm.request_*, decide_request,
    withdraw_request, match_reservations). `posts` are the flow's posts when it was created."""

    __tablename__ = "approval_request"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    flow_code: Mapped[str] = mapped_column(Text, ForeignKey("crm.approval_flow.code"))
    status: Mapped[str] = mapped_column(Text, server_default=text("'pending'"))
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"))
    customer_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("crm.customer.id"))
    subject_staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"))
    requested_by: Mapped[int | None] = mapped_column(Integer, ForeignKey("crm.staff.id"))
    # use_alter: the two tables reference each other (the SQL adds this key after both exist).
    reservation_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("crm.reservation.id", use_alter=True))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'"))
    note: Mapped[str | None] = mapped_column(Text)
    posts: Mapped[list[str]] = mapped_column(TEXT_ARRAY)
    # Who decided its steps, in step order (the visibility and "never two steps" rules read it).
    deciders: Mapped[list[int]] = mapped_column(ARRAY(Integer), server_default=text("'{}'"))
    current_step: Mapped[int] = mapped_column(SmallInteger, server_default=text("1"))
    current_post: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    decided_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    outcome: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))


class ApprovalStep(Base):
    __tablename__ = "approval_step"

    request_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("crm.approval_request.id"), primary_key=True)
    step_no: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    post_code: Mapped[str] = mapped_column(Text, ForeignKey("crm.approval_post.code"))
    decision: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    comment: Mapped[str | None] = mapped_column(Text)


class Reservation(Base):
    """预约: a prospect registered by a staff member; matched to a new account after a T+1 load.
    The trigger crm.reservation_stamp sets the owner, the normalised keys and the window."""

    __tablename__ = "reservation"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"), server_default=FetchedValue())
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"))
    name: Mapped[str] = mapped_column(Text)
    id_no: Mapped[str | None] = mapped_column(Text)
    mobile: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    name_norm: Mapped[str | None] = mapped_column(Text, server_default=FetchedValue())
    id_no_norm: Mapped[str | None] = mapped_column(Text, server_default=FetchedValue())
    mobile_norm: Mapped[str | None] = mapped_column(Text, server_default=FetchedValue())
    # Masked twins (db/sql/0011): what staff read; the raw id_no / mobile / *_norm they cannot.
    id_no_masked: Mapped[str | None] = mapped_column(Text, Computed("crm.mask_personal('id_no', id_no)"))
    mobile_masked: Mapped[str | None] = mapped_column(Text, Computed("crm.mask_personal('phone', mobile)"))
    registered_on: Mapped[dt.date] = mapped_column(Date, server_default=text("CURRENT_DATE"))
    window_end: Mapped[dt.date | None] = mapped_column(Date, server_default=FetchedValue())
    status: Mapped[str] = mapped_column(Text, server_default=text("'open'"))
    customer_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("crm.customer.id"))
    request_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("crm.approval_request.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    reason_detail: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    modified_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW, server_onupdate=FetchedValue())
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))


# 短信 SMS (db/sql/0018_sms.sql): written only by the crm.sms_* definer functions -------------


class SmsSettings(Base):
    """Single row: the default branch volume, attempts before a message fails, longest text."""

    __tablename__ = "sms_settings"

    id: Mapped[bool] = mapped_column(Boolean, primary_key=True, server_default=text("true"))
    default_branch_volume: Mapped[int] = mapped_column(Integer, server_default=text("20000"))
    max_attempts: Mapped[int] = mapped_column(Integer, server_default=text("8"))
    max_template_chars: Mapped[int] = mapped_column(Integer, server_default=text("500"))
    updated_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    updated_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)


class SmsCarrier(Base):
    """A carrier and its price per message part (CNY, FAQ 3)."""

    __tablename__ = "sms_carrier"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    price_per_part: Mapped[Decimal] = mapped_column(Numeric(8, 4))
    updated_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    updated_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)


class SmsCarrierPrefix(Base):
    __tablename__ = "sms_carrier_prefix"

    prefix: Mapped[str] = mapped_column(Text, primary_key=True)
    carrier: Mapped[str] = mapped_column(Text, ForeignKey("crm.sms_carrier.code"))
    updated_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    updated_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)


class SmsQuota(Base):
    """每月发送条数 set by HQ (message parts); no row: the sender cannot send."""

    __tablename__ = "sms_quota"

    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"), primary_key=True)
    monthly_quota: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    set_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)


class SmsBranchVolume(Base):
    __tablename__ = "sms_branch_volume"

    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"), primary_key=True)
    monthly_volume: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    set_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)


class SmsStaffUsage(Base):
    __tablename__ = "sms_staff_usage"

    staff_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    used: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class SmsBranchUsage(Base):
    __tablename__ = "sms_branch_usage"

    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    used: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class SmsBlacklist(Base):
    """Blacklisted and opted-out numbers (raw: no staff grant at all)."""

    __tablename__ = "sms_blacklist"

    mobile: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    created_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)


class SmsTemplate(Base):
    __tablename__ = "sms_template"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    sort: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))


class SmsBatch(Base):
    __tablename__ = "sms_batch"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    sender_id: Mapped[int] = mapped_column(Integer, ForeignKey("crm.staff.id"))
    branch_id: Mapped[int] = mapped_column(SmallInteger, ForeignKey("crm.branch.id"))
    template: Mapped[str] = mapped_column(Text)
    source: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'"))
    recipients: Mapped[int] = mapped_column(Integer)
    queued: Mapped[int] = mapped_column(Integer)
    parts: Mapped[int] = mapped_column(Integer)
    cost: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    skipped: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'"))
    created_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    created_by: Mapped[str] = mapped_column(Text, server_default=SESSION_USER)


class SmsMessage(Base):
    """The outbox: queued -> sending -> sent -> delivered | failed. Staff read every column but
    the raw mobile."""

    __tablename__ = "sms_message"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    batch_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("crm.sms_batch.id"))
    idempotency_key: Mapped[Any] = mapped_column(UUID, server_default=text("gen_random_uuid()"))
    customer_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("crm.customer.id"))
    branch_id: Mapped[int] = mapped_column(SmallInteger)
    sender_id: Mapped[int] = mapped_column(Integer)
    sender_branch_id: Mapped[int] = mapped_column(SmallInteger)
    month: Mapped[dt.date] = mapped_column(Date)
    mobile: Mapped[str] = mapped_column(Text)
    mobile_masked: Mapped[str | None] = mapped_column(Text, Computed("crm.mask_personal('phone', mobile)"))
    carrier: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    chars: Mapped[int] = mapped_column(Integer)
    parts: Mapped[int] = mapped_column(Integer)
    cost: Mapped[Decimal] = mapped_column(Numeric(10, 4))
    status: Mapped[str] = mapped_column(Text, server_default=text("'queued'"))
    provider_id: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    next_attempt_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    last_error: Mapped[str | None] = mapped_column(Text)
    failed_reason: Mapped[str | None] = mapped_column(Text)
    quota_returned: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    queued_at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    sent_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    reported_at: Mapped[dt.datetime | None] = mapped_column(TZ)


# Audit ----------------------------------------------------------------------------------


class AuditLog(Base):
    """审计日志: who (session_user), when and what (old -> new), written by triggers and
    definer functions; append-only."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(TZ, server_default=NOW)
    actor: Mapped[str] = mapped_column(Text)
    table_name: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)   # insert | update | delete | function-specific
    row_key: Mapped[str | None] = mapped_column(Text)
    branch_id: Mapped[int | None] = mapped_column(SmallInteger)
    old_values: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    new_values: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


# Read-only views (security_invoker: the caller's RLS applies) ------------------------------


class ReadOnlyView(Base):
    """Base of view mappings: `info={"view": True}` on the table, and any attempt to
    flush an INSERT/UPDATE/DELETE of one raises (views are read through, never written).

    PostgreSQL reports every view column as nullable; the `Mapped[...]` types below give
    what the view's definition guarantees (e.g. `id` comes from a primary key).
    """

    __abstract__ = True
    __table_args__: Any = {"info": {"view": True}}


class ReadOnlyViewError(RuntimeError):
    pass


def _refuse_write(_mapper: Any, _connection: Any, target: Any) -> None:
    raise ReadOnlyViewError(f"{type(target).__name__} maps a read-only view")


for _event_name in ("before_insert", "before_update", "before_delete"):
    event.listen(ReadOnlyView, _event_name, _refuse_write, propagate=True)


class StaffOverview(ReadOnlyView):
    """员工一览 (view crm.staff_overview): staff with branch, superior, roles, posts,
    营业部范围, bound MACs and last login."""

    __tablename__ = "staff_overview"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    branch_code: Mapped[str] = mapped_column(Text)
    branch_name: Mapped[str] = mapped_column(Text)
    staff_type: Mapped[str] = mapped_column(Text)
    superior_login: Mapped[str | None] = mapped_column(Text)
    superior_name: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    freeze_reason: Mapped[str | None] = mapped_column(Text)
    must_change_password: Mapped[bool] = mapped_column(Boolean)
    password_expires_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    customer_scope: Mapped[str] = mapped_column(Text)
    public_pool: Mapped[bool] = mapped_column(Boolean)
    mac_binding_required: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(TZ)
    closed_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    roles: Mapped[list[str]] = mapped_column(TEXT_ARRAY)
    posts: Mapped[list[str]] = mapped_column(TEXT_ARRAY)
    branch_scope: Mapped[list[str]] = mapped_column(TEXT_ARRAY)   # branch codes
    macs: Mapped[list[str]] = mapped_column(TEXT_ARRAY)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    last_refused_macs: Mapped[list[str] | None] = mapped_column(TEXT_ARRAY)


class SessionOverview(ReadOnlyView):
    """会话一览 (view crm.session_overview): app sessions with the backend's state."""

    __tablename__ = "session_overview"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    login: Mapped[str] = mapped_column(Text)
    staff_name: Mapped[str] = mapped_column(Text)
    branch_code: Mapped[str] = mapped_column(Text)
    hostname: Mapped[str | None] = mapped_column(Text)
    macs: Mapped[list[str]] = mapped_column(TEXT_ARRAY)
    app_version: Mapped[str | None] = mapped_column(Text)
    client_addr: Mapped[str | None] = mapped_column(INET)
    opened_at: Mapped[dt.datetime] = mapped_column(TZ)
    last_activity_at: Mapped[dt.datetime] = mapped_column(TZ)
    closed_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    close_reason: Mapped[str | None] = mapped_column(Text)
    backend_state: Mapped[str | None] = mapped_column(Text)   # NULL once the backend is gone
    idle_for: Mapped[dt.timedelta | None] = mapped_column(Interval)


__all__ = [
    "AgentState", "AppSession", "ApprovalPost", "AuditLog", "AuthFailure", "Base", "Branch",
    "CommonPassword", "Customer", "CustomerDaily", "CustomerExt", "CustomerGroup", "CustomerGroupMember",
    "ApprovalFlow", "ApprovalFlowStep", "ApprovalRequest", "ApprovalStep", "ExportLog", "Holiday",
    "Reservation", "PivotBranchMonth", "PivotCustomerMonth", "PivotLayout", "SavedFilter", "LoginEvent", "Permission",
    "Policy", "ReadOnlyView", "ReadOnlyViewError", "Relationship", "Role", "RolePermission",
    "SCHEMA", "SessionOverview", "Staff", "StaffBranchScope", "StaffMac", "StaffOverview",
    "StaffPost", "StaffRole", "StaffType", "T1Load", "Visit", "VipLevel",
]
