-- Rebuilds the rollups of the given months (first days), limited to the given customers when
-- p_customer_ids is not NULL (the branch rollup is then rebuilt for their branches). NULL
-- months: every month with facts. Returns the customer-month rows written.
-- A customer-month has one row per pair of development and service staff that held the
-- customer on some of its days (crm.customer_daily_owner): a hand-over on the 15th gives two
-- rows, each with the figures of its own days (attribution by date, issue #15).
CREATE OR REPLACE FUNCTION crm.refresh_pivot_rollups(p_months date[] DEFAULT NULL, p_customer_ids bigint[] DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_months date[] := p_months;
    v_branches smallint[];
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
        SELECT coalesce(array_agg(DISTINCT m.branch_id), '{}') INTO v_branches
          FROM crm.pivot_customer_month m WHERE m.customer_id = ANY (p_customer_ids) AND m.month = ANY (v_months);
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

    IF p_customer_ids IS NOT NULL THEN
        v_branches := v_branches || ARRAY(SELECT DISTINCT m.branch_id FROM crm.pivot_customer_month m
                                           WHERE m.customer_id = ANY (p_customer_ids) AND m.month = ANY (v_months));
    END IF;
    PERFORM crm.refresh_pivot_branch_month(v_months, v_branches);
    RETURN v_rows;
END
$$;

REVOKE ALL ON FUNCTION crm.refresh_pivot_rollups(date[], bigint[]) FROM PUBLIC;
