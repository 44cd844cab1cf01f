-- Rebuilds crm.pivot_branch_month for the given months from crm.pivot_customer_month, for the
-- given branches only unless p_branch_ids is NULL: the sum of the customers' shares
-- (crm.pivot_customer_month_merged), asset bands cut at crm.pivot_default_asset_edges(). (The T+1
-- load calls it after merging a date into the customer rollup; crm.refresh_pivot_rollups after a
-- rebuild of whole months; crm.asset_band_rebuild_step month by month at new edges.)
CREATE OR REPLACE FUNCTION crm.refresh_pivot_branch_month(p_months date[], p_branch_ids smallint[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_edges bigint[] := crm.pivot_default_asset_edges();     -- once: it reads a table
BEGIN
    DELETE FROM crm.pivot_branch_month
     WHERE month = ANY (p_months) AND (p_branch_ids IS NULL OR branch_id = ANY (p_branch_ids));
    INSERT INTO crm.pivot_branch_month
    SELECT s.month, s.branch_id, s.vip_level, s.asset_band, count(*)::integer, sum(s.new_account)::integer,
           sum(s.assets_end_cents)::bigint, sum(s.assets_avg_cents), sum(s.trade_volume_cents)::bigint,
           sum(s.commission_cents)::bigint, sum(s.net_commission_cents)::bigint,
           sum(s.interest_spread_cents)::bigint, sum(s.pnl_cents)::bigint
      FROM crm.pivot_customer_month_merged(p_months, p_branch_ids, NULL, v_edges) s
     GROUP BY 1, 2, 3, 4;
END
$$;

REVOKE ALL ON FUNCTION crm.refresh_pivot_branch_month(date[], smallint[]) FROM PUBLIC;
