-- Tables of the foundation (DESIGN.md section 4). Run as crm_owner, so it owns them.
-- Every fact row carries branch_id (Citus-ready); money is integer cents (fen).

-- Reference data ---------------------------------------------------------------------

CREATE TABLE crm.branch (
    id          smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{2,12}$'),
    name        text NOT NULL,
    kind        text NOT NULL DEFAULT 'branch' CHECK (kind IN ('hq', 'branch')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE crm.staff_type (
    code     text PRIMARY KEY,
    name_zh  text NOT NULL,
    name_en  text NOT NULL
);

CREATE TABLE crm.role (
    code     text PRIMARY KEY,
    name_zh  text NOT NULL,
    name_en  text NOT NULL
);

CREATE TABLE crm.permission (
    code     text PRIMARY KEY,
    name_zh  text NOT NULL,
    name_en  text NOT NULL
);

CREATE TABLE crm.role_permission (
    role_code        text NOT NULL REFERENCES crm.role,
    permission_code  text NOT NULL REFERENCES crm.permission,
    PRIMARY KEY (role_code, permission_code)
);

CREATE TABLE crm.approval_post (
    code     text PRIMARY KEY,
    name_zh  text NOT NULL,
    name_en  text NOT NULL
);

-- Staff -----------------------------------------------------------------------------

CREATE TABLE crm.staff (
    id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The PostgreSQL login role of this staff member.
    login                 text NOT NULL UNIQUE CHECK (login ~ '^[a-z][a-z0-9_]{2,31}$'),
    name                  text NOT NULL CHECK (btrim(name) <> ''),
    branch_id             smallint NOT NULL REFERENCES crm.branch,
    staff_type            text NOT NULL REFERENCES crm.staff_type,
    superior_id           integer REFERENCES crm.staff CHECK (superior_id <> id),
    status                text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen', 'closed')),
    freeze_reason         text,
    -- 客户范围: own / subordinates (上级员工 hierarchy) / branch (营业部范围) / all branches
    customer_scope        text NOT NULL DEFAULT 'own'
                          CHECK (customer_scope IN ('own', 'subordinates', 'branch', 'all')),
    public_pool           boolean NOT NULL DEFAULT false,   -- 公有客户 in scope
    must_change_password  boolean NOT NULL DEFAULT true,
    password_expires_at   timestamptz,                        -- temporary password's VALID UNTIL
    mac_binding_required  boolean NOT NULL DEFAULT true,
    created_at            timestamptz NOT NULL DEFAULT now(),
    created_by            text NOT NULL DEFAULT session_user,
    closed_at             timestamptz,
    version               integer NOT NULL DEFAULT 1
);
CREATE INDEX staff_branch_idx ON crm.staff (branch_id);
CREATE INDEX staff_superior_idx ON crm.staff (superior_id);

CREATE TABLE crm.staff_role (
    staff_id   integer NOT NULL REFERENCES crm.staff,
    role_code  text NOT NULL REFERENCES crm.role,
    PRIMARY KEY (staff_id, role_code)
);

CREATE TABLE crm.staff_post (
    staff_id   integer NOT NULL REFERENCES crm.staff,
    post_code  text NOT NULL REFERENCES crm.approval_post,
    PRIMARY KEY (staff_id, post_code)
);

-- 营业部范围 beyond the staff member's own branch.
CREATE TABLE crm.staff_branch_scope (
    staff_id   integer NOT NULL REFERENCES crm.staff,
    branch_id  smallint NOT NULL REFERENCES crm.branch,
    PRIMARY KEY (staff_id, branch_id)
);

CREATE TABLE crm.staff_mac (
    staff_id   integer NOT NULL REFERENCES crm.staff,
    mac        text NOT NULL CHECK (mac ~ '^([0-9a-f]{2}:){5}[0-9a-f]{2}$'),
    note       text,
    bound_at   timestamptz NOT NULL DEFAULT now(),
    bound_by   text NOT NULL DEFAULT session_user,
    PRIMARY KEY (staff_id, mac)
);

-- Sessions and logins ---------------------------------------------------------------

-- One row per crm.open_session(); keyed by the backend so a reused pid inherits nothing.
CREATE TABLE crm.app_session (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pid               integer NOT NULL,
    backend_start     timestamptz NOT NULL,
    login             text NOT NULL,
    staff_id          integer NOT NULL REFERENCES crm.staff,
    branch_id         smallint NOT NULL REFERENCES crm.branch,
    macs              text[] NOT NULL DEFAULT '{}',
    hostname          text,
    app_version       text,
    client_addr       inet,
    opened_at         timestamptz NOT NULL DEFAULT now(),
    last_activity_at  timestamptz NOT NULL DEFAULT now(),
    closed_at         timestamptz,
    close_reason      text
);
CREATE UNIQUE INDEX app_session_backend_key
    ON crm.app_session (pid, backend_start, login) WHERE closed_at IS NULL;
CREATE INDEX app_session_staff_idx ON crm.app_session (staff_id, opened_at DESC);

CREATE TABLE crm.login_event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    login      text NOT NULL,
    staff_id   integer REFERENCES crm.staff,
    branch_id  smallint REFERENCES crm.branch,
    outcome    text NOT NULL CHECK (outcome IN (
                   'success', 'bad_password', 'mac_refused', 'maintenance',
                   'password_change_required', 'account_inactive', 'locked', 'logout',
                   'session_ended')),
    macs       text[],
    hostname   text,
    detail     text,
    source     text NOT NULL DEFAULT 'server'
);
CREATE INDEX login_event_login_idx ON crm.login_event (login, at DESC);
CREATE INDEX login_event_at_idx ON crm.login_event (at DESC);

-- Consecutive password failures per login, maintained by the agent from the server log.
CREATE TABLE crm.auth_failure (
    login         text PRIMARY KEY,
    failures      integer NOT NULL,
    first_at      timestamptz NOT NULL,
    last_at       timestamptz NOT NULL
);

-- Single-row policy table (lockout, timeouts, maintenance).
CREATE TABLE crm.policy (
    id                         boolean PRIMARY KEY DEFAULT true CHECK (id),
    lockout_threshold          integer NOT NULL DEFAULT 5 CHECK (lockout_threshold BETWEEN 1 AND 100),
    lockout_window_minutes     integer NOT NULL DEFAULT 15 CHECK (lockout_window_minutes BETWEEN 1 AND 10080),
    idle_minutes               integer NOT NULL DEFAULT 30 CHECK (idle_minutes BETWEEN 1 AND 1440),
    -- Server-side idle limit in seconds; equal to idle_minutes unless an operator shortens it.
    server_idle_seconds        integer NOT NULL DEFAULT 1800 CHECK (server_idle_seconds BETWEEN 1 AND 86400),
    absolute_session_hours     integer NOT NULL DEFAULT 12 CHECK (absolute_session_hours BETWEEN 1 AND 168),
    password_min_length        integer NOT NULL DEFAULT 8 CHECK (password_min_length BETWEEN 8 AND 64),
    temp_password_hours        integer NOT NULL DEFAULT 24 CHECK (temp_password_hours BETWEEN 1 AND 168),
    remember_password_allowed  boolean NOT NULL DEFAULT false,
    maintenance                boolean NOT NULL DEFAULT false,
    maintenance_message        text NOT NULL DEFAULT '',
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    updated_by                 text NOT NULL DEFAULT session_user
);
INSERT INTO crm.policy DEFAULT VALUES;

CREATE TABLE crm.common_password (
    password  text PRIMARY KEY
);

-- The agent's bookkeeping (log cursor and the like).
CREATE TABLE crm.agent_state (
    key         text PRIMARY KEY,
    value       jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Customers -------------------------------------------------------------------------

-- 综合资料: a copy of the trading counter, loaded T+1; read-only to staff.
CREATE TABLE crm.customer (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_no    text NOT NULL UNIQUE,                 -- 资金账号
    name          text NOT NULL,
    id_no         text,                                 -- ID number (18 digits, X check)
    mobile        text,                                 -- counter mobile
    gender        char(1) CHECK (gender IN ('M', 'F')),
    birthday      date,
    open_date     date NOT NULL,
    branch_id     smallint NOT NULL REFERENCES crm.branch,
    status        text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'dormant', 'closed')),
    -- The live development relationship's staff (NULL = 公有客户, the public pool),
    -- kept by a trigger on crm.relationship.
    developer_id  integer REFERENCES crm.staff,
    -- The live service relationship's staff (at most one per customer), same trigger.
    service_staff_id  integer REFERENCES crm.staff,
    loaded_for    date NOT NULL,                        -- trading date of the T+1 load
    loaded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_branch_idx ON crm.customer (branch_id);
CREATE INDEX customer_pool_idx ON crm.customer (branch_id) WHERE developer_id IS NULL;
-- Every column the RLS policy reads: visibility checks run as index-only scans.
CREATE INDEX customer_rls_idx ON crm.customer (branch_id, developer_id, service_staff_id);
CREATE INDEX customer_mobile_idx ON crm.customer (mobile);
CREATE INDEX customer_id_no_idx ON crm.customer (id_no);
CREATE INDEX customer_open_date_idx ON crm.customer (open_date);

-- 扩展资料: editable contact data; version + modifier set by trigger, never by the client.
CREATE TABLE crm.customer_ext (
    customer_id        bigint PRIMARY KEY REFERENCES crm.customer,
    branch_id          smallint NOT NULL REFERENCES crm.branch,
    mobile             text CHECK (mobile IS NULL OR mobile ~ '^1[3-9][0-9]{9}$'),
    phone              text,
    address            text,
    email              text CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    preferred_contact  text CHECK (preferred_contact IS NULL OR preferred_contact IN ('mobile', 'phone', 'email', 'visit', 'sms')),
    notes              text,
    version            integer NOT NULL DEFAULT 1,
    modified_by        text,
    modified_at        timestamptz
);
CREATE INDEX customer_ext_branch_idx ON crm.customer_ext (branch_id);

-- VIP (贵宾) thresholds by total assets; configuration.
CREATE TABLE crm.vip_level (
    level              smallint PRIMARY KEY,
    name_zh            text NOT NULL,
    name_en            text NOT NULL,
    min_assets_cents   bigint NOT NULL UNIQUE
);

-- T+1 facts per customer and trading day.
CREATE TABLE crm.customer_daily (
    branch_id              smallint NOT NULL,
    customer_id            bigint NOT NULL,
    trade_date             date NOT NULL,
    total_assets_cents     bigint NOT NULL,
    market_value_cents     bigint NOT NULL,
    cash_cents             bigint NOT NULL,
    trade_volume_cents     bigint NOT NULL,   -- 成交额
    commission_cents       bigint NOT NULL,   -- 佣金
    net_commission_cents   bigint NOT NULL,   -- 净佣金
    interest_spread_cents  bigint NOT NULL,   -- 利差
    pnl_cents              bigint NOT NULL,   -- 盈亏
    vip_level              smallint NOT NULL DEFAULT 0,
    PRIMARY KEY (branch_id, customer_id, trade_date)
);
CREATE INDEX customer_daily_customer_idx ON crm.customer_daily (customer_id, trade_date);
CREATE INDEX customer_daily_date_idx ON crm.customer_daily (trade_date);

-- Loaded trading dates (the status bar shows the latest).
CREATE TABLE crm.t1_load (
    trade_date     date PRIMARY KEY,
    loaded_at      timestamptz NOT NULL DEFAULT now(),
    loaded_by      text NOT NULL DEFAULT session_user,
    account_rows   integer NOT NULL DEFAULT 0,
    daily_rows     integer NOT NULL DEFAULT 0,
    source         text NOT NULL
);

-- 经纪关系: development (开发) or service (服务); at most one live relationship of each kind
-- per customer (a developed customer may be served by someone else, FAQ 34).
CREATE TABLE crm.relationship (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id   bigint NOT NULL REFERENCES crm.customer,
    branch_id     smallint NOT NULL REFERENCES crm.branch,
    staff_id      integer NOT NULL REFERENCES crm.staff,
    kind          text NOT NULL CHECK (kind IN ('development', 'service')),
    status        text NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'released')),
    valid_from    date NOT NULL DEFAULT current_date,
    valid_to      date,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text NOT NULL DEFAULT session_user,
    released_at   timestamptz,
    released_by   text,
    CHECK ((status = 'live') = (valid_to IS NULL)),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX relationship_one_live_development
    ON crm.relationship (customer_id) WHERE kind = 'development' AND status = 'live';
CREATE UNIQUE INDEX relationship_one_live_service
    ON crm.relationship (customer_id) WHERE kind = 'service' AND status = 'live';
CREATE INDEX relationship_live_branch_staff_idx
    ON crm.relationship (branch_id, staff_id) WHERE status = 'live';
CREATE UNIQUE INDEX relationship_one_live_per_staff
    ON crm.relationship (customer_id, staff_id, kind) WHERE status = 'live';
CREATE INDEX relationship_live_staff_idx ON crm.relationship (staff_id, customer_id) WHERE status = 'live';
CREATE INDEX relationship_customer_idx ON crm.relationship (customer_id);

-- 拜访记录
CREATE TABLE crm.visit (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id      bigint NOT NULL REFERENCES crm.customer,
    branch_id        smallint NOT NULL REFERENCES crm.branch,
    staff_id         integer NOT NULL REFERENCES crm.staff,
    visited_at       timestamptz NOT NULL,
    channel          text NOT NULL CHECK (channel IN ('visit', 'phone', 'sms', 'wechat', 'email', 'other')),
    content          text NOT NULL CHECK (btrim(content) <> ''),
    next_follow_up   date,
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    modified_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_customer_idx ON crm.visit (customer_id, visited_at DESC);
CREATE INDEX visit_staff_idx ON crm.visit (staff_id, visited_at DESC);

-- Audit ------------------------------------------------------------------------------

CREATE TABLE crm.audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,            -- session_user, never the definer
    table_name  text NOT NULL,
    action      text NOT NULL,
    row_key     text,
    branch_id   smallint,
    old_values  jsonb,
    new_values  jsonb
);
CREATE INDEX audit_log_at_idx ON crm.audit_log (at DESC);
CREATE INDEX audit_log_actor_idx ON crm.audit_log (actor, at DESC);
CREATE INDEX audit_log_table_idx ON crm.audit_log (table_name, at DESC);
