-- Rebuilds the rollups of the given months (first days), limited to the given customers when
-- p_customer_ids is not NULL. NULL months: every month with facts. Returns the customer-month
-- rows written.
-- Limited to customers, the branch rollup is corrected, not rebuilt: the customers' shares of it
-- (crm.pivot_customer_month_merged) that came out different are taken off their old rows and
-- added to their new ones. A change of holders (a hand-over, a release, dated in the past or
-- not) splits the customer-month rows differently but leaves every share, so the branch rollup
-- is not written at all; a hand-over costs only the customers' own rows.
-- Every rollup keyed on customers and months refreshes here (the place to add another one).
-- A customer-month has one row per pair of development and service staff that held the
-- customer on some of its days (crm.customer_daily_owner): a hand-over on the 15th gives two
-- rows, each with the figures of its own days (attribution by date, issue #15).
CREATE OR REPLACE FUNCTION crm.refresh_pivot_rollups(p_months date[] DEFAULT NULL, p_customer_ids bigint[] DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_months date[] := p_months;
    v_edges bigint[] := crm.pivot_default_asset_edges();
    v_before crm.pivot_branch_share[];
    v_moved integer;
    v_rows bigint;
BEGIN
    IF v_months IS NULL THEN
        -- Months with facts by a skip scan of the date index (one probe per month).
        WITH RECURSIVE m(d) AS (
            SELECT min(x.trade_date) FROM crm.customer_daily x
            UNION ALL
            SELECT (SELECT min(x.trade_date) FROM crm.customer_daily x
                     WHERE x.trade_date >= date_trunc('month', m.d) + interval '1 month')
              FROM m WHERE m.d IS NOT NULL)
        SELECT coalesce(array_agg(date_trunc('month', m.d)::date), '{}') INTO v_months FROM m WHERE m.d IS NOT NULL;
        DELETE FROM crm.pivot_customer_month WHERE NOT (month = ANY (v_months));
        DELETE FROM crm.pivot_branch_month WHERE NOT (month = ANY (v_months));
    END IF;
    IF p_customer_ids IS NULL THEN
        DELETE FROM crm.pivot_customer_month WHERE month = ANY (v_months);
    ELSE
        v_before := ARRAY(SELECT s FROM crm.pivot_customer_month_merged(v_months, NULL, p_customer_ids, v_edges) s);
        DELETE FROM crm.pivot_customer_month WHERE month = ANY (v_months) AND customer_id = ANY (p_customer_ids);
    END IF;

    -- Month-end figures without a sort: max() over (days since 2000 << 44 | value) keeps the
    -- value of the latest day (assets < 2^44 cents = 1 759 亿 per customer).
    INSERT INTO crm.pivot_customer_month
    SELECT f.month, f.branch_id, f.customer_id, f.developer_id, f.service_staff_id, c.gender, c.birthday,
           c.open_date, f.days, f.last_date, f.assets_end, f.assets_sum, f.vip_end,
           f.trade_volume, f.commission, f.net_commission, f.interest_spread, f.pnl
      FROM (SELECT date_trunc('month', d.trade_date)::date AS month, d.branch_id, d.customer_id,
                   d.developer_id, d.service_staff_id, count(*)::smallint AS days, max(d.trade_date) AS last_date,
                   (max(((d.trade_date - DATE '2000-01-01')::bigint << 44) | least(d.total_assets_cents, 17592186044415))
                        & 17592186044415) AS assets_end,
                   sum(d.total_assets_cents)::bigint AS assets_sum,
                   (max(((d.trade_date - DATE '2000-01-01')::bigint << 8) | d.vip_level) & 255)::smallint AS vip_end,
                   sum(d.trade_volume_cents)::bigint AS trade_volume, sum(d.commission_cents)::bigint AS commission,
                   sum(d.net_commission_cents)::bigint AS net_commission,
                   sum(d.interest_spread_cents)::bigint AS interest_spread, sum(d.pnl_cents)::bigint AS pnl
              FROM crm.customer_daily_owner d
             WHERE d.trade_date >= (SELECT min(m) FROM unnest(v_months) m)
               AND d.trade_date < (SELECT max(m) FROM unnest(v_months) m) + interval '1 month'
               AND date_trunc('month', d.trade_date)::date = ANY (v_months)
               AND (p_customer_ids IS NULL OR d.customer_id = ANY (p_customer_ids))
             GROUP BY 1, 2, 3, 4, 5) f
      JOIN crm.customer c ON c.id = f.customer_id;
    GET DIAGNOSTICS v_rows = ROW_COUNT;

    IF p_customer_ids IS NULL THEN
        PERFORM crm.refresh_pivot_branch_month(v_months, NULL);
        RETURN v_rows;
    END IF;
    -- The shares that differ, old ones negated (a customer gone to another branch or month has
    -- an unmatched share on each side); a branch row left with no customer goes.
    WITH old AS (SELECT b.* FROM unnest(v_before) b),
    new AS (SELECT a.* FROM crm.pivot_customer_month_merged(v_months, NULL, p_customer_ids, v_edges) a),
    moved AS (
        SELECT o.*, -1 AS sign FROM old o
         WHERE NOT EXISTS (SELECT 1 FROM new n WHERE n.customer_id = o.customer_id AND n.month = o.month
                                                  AND n.branch_id = o.branch_id AND n = o)
        UNION ALL
        SELECT n.*, 1 FROM new n
         WHERE NOT EXISTS (SELECT 1 FROM old o WHERE o.customer_id = n.customer_id AND o.month = n.month
                                                  AND o.branch_id = n.branch_id AND o = n)),
    merged AS (
        INSERT INTO crm.pivot_branch_month AS t
        SELECT m.month, m.branch_id, m.vip_level, m.asset_band, sum(m.sign)::integer,
               sum(m.sign * m.new_account)::integer, sum(m.sign * m.assets_end_cents)::bigint,
               sum(m.sign * m.assets_avg_cents), sum(m.sign * m.trade_volume_cents)::bigint,
               sum(m.sign * m.commission_cents)::bigint, sum(m.sign * m.net_commission_cents)::bigint,
               sum(m.sign * m.interest_spread_cents)::bigint, sum(m.sign * m.pnl_cents)::bigint
          FROM moved m
         GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, branch_id, vip_level, asset_band) DO UPDATE
           SET customers = t.customers + EXCLUDED.customers, new_accounts = t.new_accounts + EXCLUDED.new_accounts,
               assets_end_cents = t.assets_end_cents + EXCLUDED.assets_end_cents,
               assets_avg_cents = t.assets_avg_cents + EXCLUDED.assets_avg_cents,
               trade_volume_cents = t.trade_volume_cents + EXCLUDED.trade_volume_cents,
               commission_cents = t.commission_cents + EXCLUDED.commission_cents,
               net_commission_cents = t.net_commission_cents + EXCLUDED.net_commission_cents,
               interest_spread_cents = t.interest_spread_cents + EXCLUDED.interest_spread_cents,
               pnl_cents = t.pnl_cents + EXCLUDED.pnl_cents
        RETURNING 1)
    SELECT count(*) INTO v_moved FROM merged;
    IF v_moved > 0 THEN
        DELETE FROM crm.pivot_branch_month b WHERE b.month = ANY (v_months) AND b.customers = 0;
    END IF;
    RETURN v_rows;
END
$$;

REVOKE ALL ON FUNCTION crm.refresh_pivot_rollups(date[], bigint[]) FROM PUBLIC;
