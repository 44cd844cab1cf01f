-- 销售任务 sales targets (issue #15, 常见问题 6; 001 quotas) and 贡献度 (FAQ 39).
--
-- crm.sales_target: a monthly or yearly target of one metric for a staff member, a team (a
-- staff member and everyone below them in the 上级员工 hierarchy) or a branch. Written only
-- through crm.set_sales_target / crm.delete_sales_target / crm.import_sales_targets, which check
-- who may set what (HQ: everything; a branch's 营销总监: its staff and teams; nobody their own
-- unless HQ). Read under RLS: one's own and one's subtree's targets, and every target of the
-- branches in one's scope or setting rights.
--
-- crm.sales_result_day: the day's figures of each branch and developer, the developer being the
-- one whose development relationship held on that day (valid_from <= day < valid_to), NULL for
-- the public pool. Filled from the facts by crm.refresh_sales_results (after each T+1 load and
-- when a relationship is entered back-dated), read only by definer functions: completion over
-- 2 000 000 customers sums a few thousand rows per month instead of 44 million facts.
--
-- crm.contribution_weight: 贡献度 = net commission × w1 + interest spread × w2 (HQ policy).

CREATE TABLE crm.sales_target (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_kind  text NOT NULL CHECK (subject_kind IN ('staff', 'team', 'branch')),
    staff_id      integer REFERENCES crm.staff,        -- the staff member, or the team's leader
    branch_id     smallint NOT NULL REFERENCES crm.branch,
    period_kind   text NOT NULL CHECK (period_kind IN ('month', 'year')),
    period_start  date NOT NULL,
    metric        text NOT NULL CHECK (metric IN ('new_accounts', 'net_inflow', 'commission', 'contribution')),
    -- new_accounts: a count; the other metrics in cents (分)
    target_value  bigint NOT NULL CHECK (target_value >= 0 AND target_value <= 100000000000000000),
    set_by        text NOT NULL DEFAULT session_user,
    set_at        timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    CHECK ((subject_kind = 'branch') = (staff_id IS NULL)),
    CHECK (CASE period_kind WHEN 'month' THEN extract(day FROM period_start) = 1
                            ELSE extract(doy FROM period_start) = 1 END),
    CHECK (period_start BETWEEN DATE '2000-01-01' AND DATE '2099-12-01')
);
CREATE UNIQUE INDEX sales_target_subject_key
    ON crm.sales_target (subject_kind, coalesce(staff_id, 0), branch_id, period_kind, period_start, metric);
CREATE INDEX sales_target_period_idx ON crm.sales_target (period_kind, period_start, branch_id);
CREATE INDEX sales_target_staff_idx ON crm.sales_target (staff_id, period_start);

CREATE TABLE crm.sales_result_day (
    trade_date             date NOT NULL,
    branch_id              smallint NOT NULL,
    staff_id               integer,                   -- NULL: no development relationship that day
    customers              integer NOT NULL,
    net_inflow_cents       bigint NOT NULL,           -- Δ total assets − P&L (资产净流入)
    trade_volume_cents     bigint NOT NULL,
    commission_cents       bigint NOT NULL,
    net_commission_cents   bigint NOT NULL,
    interest_spread_cents  bigint NOT NULL,
    pnl_cents              bigint NOT NULL
);
CREATE UNIQUE INDEX sales_result_day_key
    ON crm.sales_result_day (trade_date, branch_id, staff_id) NULLS NOT DISTINCT;
CREATE INDEX sales_result_day_staff_idx ON crm.sales_result_day (staff_id, trade_date);
CREATE INDEX sales_result_day_branch_idx ON crm.sales_result_day (branch_id, trade_date);

-- Loaded days whose figures a back-dated relationship change made stale (the agent refreshes them).
CREATE TABLE crm.sales_result_stale (
    from_date  date PRIMARY KEY,
    marked_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE crm.contribution_weight (
    id                     boolean PRIMARY KEY DEFAULT true CHECK (id),
    net_commission_weight  numeric(6, 4) NOT NULL DEFAULT 1 CHECK (net_commission_weight BETWEEN 0 AND 10),
    interest_spread_weight numeric(6, 4) NOT NULL DEFAULT 1 CHECK (interest_spread_weight BETWEEN 0 AND 10),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    updated_by             text NOT NULL DEFAULT session_user
);
INSERT INTO crm.contribution_weight DEFAULT VALUES;

ALTER TABLE crm.sales_target ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sales_target FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sales_result_day ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sales_result_day FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sales_result_stale ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sales_result_stale FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.contribution_weight ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.contribution_weight FORCE ROW LEVEL SECURITY;

CREATE POLICY own_subtree_or_branch_read ON crm.sales_target FOR SELECT TO crm_staff USING (
    (SELECT crm.current_staff_id()) IS NOT NULL
    AND (staff_id = ANY ((SELECT crm.my_staff_ids())::integer[])
         OR branch_id = ANY ((SELECT crm.my_target_branch_ids())::smallint[])));
CREATE POLICY reference_read ON crm.contribution_weight FOR SELECT TO crm_staff USING (true);
-- crm.sales_result_day and crm.sales_result_stale: no policy and no grant (definer functions only).

GRANT SELECT ON crm.sales_target, crm.contribution_weight TO crm_staff;

CREATE TRIGGER sales_target_audit AFTER INSERT OR UPDATE OR DELETE ON crm.sales_target
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');
CREATE TRIGGER contribution_weight_audit AFTER UPDATE ON crm.contribution_weight
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');
CREATE TRIGGER sales_result_stale_insert AFTER INSERT ON crm.relationship
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.sales_result_mark_stale();
CREATE TRIGGER sales_result_stale_update AFTER UPDATE ON crm.relationship
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.sales_result_mark_stale();
