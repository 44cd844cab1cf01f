-- Each customer's share of the branch rollup in a month (crm.pivot_branch_share): their rows in
-- crm.pivot_customer_month (one per pair of holders, attribution by date) merged, so that a
-- customer counts once, at the month-end VIP level and assets of their last day (max() over
-- (days since 2000 << 44 | value), the packing of crm.refresh_pivot_rollups), in the asset band
-- of p_edges. NULL filters: all. A plain SQL function so that the planner inlines it into its
-- callers (crm.refresh_pivot_branch_month sums the shares, crm.refresh_pivot_rollups adds and
-- takes off the changed ones) and their filters reach the indexes; owner's rights only.
CREATE OR REPLACE FUNCTION crm.pivot_customer_month_merged(p_months date[], p_branch_ids smallint[],
                                                           p_customer_ids bigint[], p_edges bigint[])
RETURNS SETOF crm.pivot_branch_share
LANGUAGE sql STABLE AS $$
    SELECT m.month, m.branch_id, m.customer_id, m.vip_end, width_bucket(m.assets_end_cents, p_edges)::smallint,
           (date_trunc('month', m.open_date) = m.month)::integer, m.assets_end_cents,
           m.assets_sum_cents::float8 / m.days, m.trade_volume_cents, m.commission_cents, m.net_commission_cents,
           m.interest_spread_cents, m.pnl_cents
      FROM (SELECT x.month, x.branch_id, x.customer_id, min(x.open_date) AS open_date, sum(x.days) AS days,
                   (max(((x.last_date - DATE '2000-01-01')::bigint << 44) | x.assets_end_cents)
                        & 17592186044415) AS assets_end_cents,
                   sum(x.assets_sum_cents) AS assets_sum_cents,
                   (max(((x.last_date - DATE '2000-01-01')::bigint << 8) | x.vip_end) & 255)::smallint AS vip_end,
                   sum(x.trade_volume_cents)::bigint AS trade_volume_cents,
                   sum(x.commission_cents)::bigint AS commission_cents,
                   sum(x.net_commission_cents)::bigint AS net_commission_cents,
                   sum(x.interest_spread_cents)::bigint AS interest_spread_cents, sum(x.pnl_cents)::bigint AS pnl_cents
              FROM crm.pivot_customer_month x
             WHERE x.month = ANY (p_months)
               AND (p_branch_ids IS NULL OR x.branch_id = ANY (p_branch_ids))
               AND (p_customer_ids IS NULL OR x.customer_id = ANY (p_customer_ids))
             GROUP BY x.month, x.branch_id, x.customer_id) m
$$;

REVOKE ALL ON FUNCTION crm.pivot_customer_month_merged(date[], smallint[], bigint[], bigint[]) FROM PUBLIC;
COMMENT ON FUNCTION crm.pivot_customer_month_merged(date[], smallint[], bigint[], bigint[]) IS
    'Each customer''s share of the branch rollup in a month (their owner rows merged)';
