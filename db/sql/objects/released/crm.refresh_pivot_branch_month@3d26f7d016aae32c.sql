-- Rebuilds crm.pivot_branch_month for the given months from crm.pivot_customer_month, for the
-- given branches only unless p_branch_ids is NULL. (The T+1 load calls it after merging a date
-- into the customer rollup; crm.refresh_pivot_rollups after its rebuild.) A customer-month may
-- have several rows (one per owner pair, attribution by date): they are merged into the
-- customer's month first, so each customer counts once, at the month-end VIP level and assets
-- of their last day (the same bit packing as crm.refresh_pivot_rollups).
CREATE OR REPLACE FUNCTION crm.refresh_pivot_branch_month(p_months date[], p_branch_ids smallint[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    DELETE FROM crm.pivot_branch_month
     WHERE month = ANY (p_months) AND (p_branch_ids IS NULL OR branch_id = ANY (p_branch_ids));
    INSERT INTO crm.pivot_branch_month
    SELECT m.month, m.branch_id, m.vip_end, width_bucket(m.assets_end_cents, crm.pivot_default_asset_edges())::smallint,
           count(*)::integer, count(*) FILTER (WHERE date_trunc('month', m.open_date) = m.month)::integer,
           sum(m.assets_end_cents)::bigint, sum(m.assets_sum_cents::float8 / m.days),
           sum(m.trade_volume_cents)::bigint, sum(m.commission_cents)::bigint, sum(m.net_commission_cents)::bigint,
           sum(m.interest_spread_cents)::bigint, sum(m.pnl_cents)::bigint
      FROM (SELECT x.month, x.branch_id, x.customer_id, min(x.open_date) AS open_date, sum(x.days) AS days,
                   (max(((x.last_date - DATE '2000-01-01')::bigint << 44) | x.assets_end_cents)
                        & 17592186044415) AS assets_end_cents,
                   sum(x.assets_sum_cents) AS assets_sum_cents,
                   (max(((x.last_date - DATE '2000-01-01')::bigint << 8) | x.vip_end) & 255)::smallint AS vip_end,
                   sum(x.trade_volume_cents) AS trade_volume_cents, sum(x.commission_cents) AS commission_cents,
                   sum(x.net_commission_cents) AS net_commission_cents,
                   sum(x.interest_spread_cents) AS interest_spread_cents, sum(x.pnl_cents) AS pnl_cents
              FROM crm.pivot_customer_month x
             WHERE x.month = ANY (p_months) AND (p_branch_ids IS NULL OR x.branch_id = ANY (p_branch_ids))
             GROUP BY 1, 2, 3) m
     GROUP BY 1, 2, 3, 4;
END
$$;

REVOKE ALL ON FUNCTION crm.refresh_pivot_branch_month(date[], smallint[]) FROM PUBLIC;
