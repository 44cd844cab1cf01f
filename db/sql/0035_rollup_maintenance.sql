-- Rollup maintenance (issue #15): relationship changes keep the rollups and the daily sales
-- results exact incrementally, HQ recomputes the latest day's VIP levels under new thresholds and
-- rebuilds the branch rollup's asset bands under new default edges. Runs as crm_owner.

-- A back-dated relationship change no longer marks days stale for the agent to recompute whole:
-- crm.relationship_sync_pivot moves the changed customers' figures in the same statement
-- (crm.sales_result_reattribute). Days marked before this revision are still refreshed by the
-- agent (crm.refresh_stale_sales_results).
DROP TRIGGER sales_result_stale_insert ON crm.relationship;
DROP TRIGGER sales_result_stale_update ON crm.relationship;
DROP FUNCTION crm.sales_result_mark_stale();

-- One customer's share of a branch-rollup row in a month (crm.pivot_customer_month_merged): the
-- branch rollup sums these, a per-customer refresh adds the new shares and takes off the old.
CREATE TYPE crm.pivot_branch_share AS (
    month                  date,
    branch_id              smallint,
    customer_id            bigint,
    vip_level              smallint,
    asset_band             smallint,
    new_account            integer,
    assets_end_cents       bigint,
    assets_avg_cents       float8,
    trade_volume_cents     bigint,
    commission_cents       bigint,
    net_commission_cents   bigint,
    interest_spread_cents  bigint,
    pnl_cents              bigint
);

-- The edges the branch rollup's asset bands are cut at (crm.pivot_default_asset_edges() reads
-- them), and the months still to rebuild at those edges after HQ saved new default edges
-- (crm.asset_band_rebuild_begin / _step): while any month is left, or while HQ's edges
-- (crm.asset_range_setting) differ from these, the pivot engine answers asset-range layouts from
-- the customer rollup (services/pivot.plan).
CREATE TABLE crm.pivot_band_edges (
    id              boolean PRIMARY KEY DEFAULT true CHECK (id),
    edges_cents     bigint[] NOT NULL CHECK (cardinality(edges_cents) BETWEEN 1 AND 12),
    months_left     date[] NOT NULL DEFAULT '{}',
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text NOT NULL DEFAULT session_user
);
INSERT INTO crm.pivot_band_edges (edges_cents) VALUES (crm.pivot_default_asset_edges());
ALTER TABLE crm.pivot_band_edges ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.pivot_band_edges FORCE ROW LEVEL SECURITY;
CREATE POLICY reference_read ON crm.pivot_band_edges FOR SELECT TO crm_staff USING (true);
GRANT SELECT ON crm.pivot_band_edges TO crm_staff;
