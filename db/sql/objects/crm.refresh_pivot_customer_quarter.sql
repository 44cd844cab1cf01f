-- Rebuilds crm.pivot_customer_quarter from crm.pivot_customer_month for the given quarters
-- (first days; NULL: every quarter) and customers (NULL: all of them). A customer's rows of a
-- quarter are always rebuilt together (all branches and holders), so `holders` and `parts`
-- stay exact. Month-end values by the same max() over (days since 2000 << 44 | value) as the
-- month rollup. Returns the rows written.
-- The customers are a set (IN a subquery: hashed for 40 000 customers, probed by the
-- (customer_id, quarter|month) indexes for a few); with `= ANY (array)` some calls for 40 000
-- customers took 9 s, as a generic plan testing the array element by element per row would.
-- The filters are put together for each call (EXECUTE), only those given: written as
-- `p IS NULL OR x IN (SELECT ...)` the subquery sits under an OR when the planner turns
-- subqueries into joins (before it folds `p IS NULL`), so it stayed a filter over every row
-- of the table: 60-150 ms for one customer, the most of an approval's decision (issue #16).
CREATE OR REPLACE FUNCTION crm.refresh_pivot_customer_quarter(p_quarters date[] DEFAULT NULL,
                                                              p_customer_ids bigint[] DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_months date[];
    v_quarter_rows text := 'true';
    v_month_rows text := 'true';
    v_rows bigint;
BEGIN
    IF p_quarters IS NOT NULL THEN
        v_months := ARRAY(SELECT (q + make_interval(months => k))::date
                            FROM unnest(p_quarters) q, generate_series(0, 2) k);
        v_quarter_rows := 'q.quarter = ANY ($1)';
        v_month_rows := 'm.month = ANY ($2)';
    END IF;
    IF p_customer_ids IS NOT NULL THEN
        v_quarter_rows := v_quarter_rows || ' AND q.customer_id IN (SELECT unnest($3))';
        v_month_rows := v_month_rows || ' AND m.customer_id IN (SELECT unnest($3))';
    END IF;
    EXECUTE 'DELETE FROM crm.pivot_customer_quarter q WHERE ' || v_quarter_rows
      USING p_quarters, v_months, p_customer_ids;
    EXECUTE $sql$
    INSERT INTO crm.pivot_customer_quarter
    SELECT x.quarter, x.branch_id, x.customer_id, x.developer_id, x.service_staff_id, x.gender, x.birthday,
           x.open_date, x.days, x.last_date, x.assets_end, x.assets_sum, x.vip_end, x.trade_volume, x.commission,
           x.net_commission, x.interest_spread, x.pnl,
           count(*) OVER (PARTITION BY x.quarter, x.branch_id, x.customer_id)::smallint,
           count(*) OVER (PARTITION BY x.quarter, x.customer_id)::smallint
      FROM (SELECT date_trunc('quarter', m.month::timestamp)::date AS quarter, m.branch_id, m.customer_id,
                   m.developer_id, m.service_staff_id,
                   min(m.gender) AS gender, min(m.birthday) AS birthday, min(m.open_date) AS open_date,
                   sum(m.days)::smallint AS days, max(m.last_date) AS last_date,
                   max(((m.last_date - DATE '2000-01-01')::bigint << 44) | m.assets_end_cents) & 17592186044415
                       AS assets_end,
                   sum(m.assets_sum_cents)::bigint AS assets_sum,
                   (max(((m.last_date - DATE '2000-01-01')::bigint << 8) | m.vip_end) & 255)::smallint AS vip_end,
                   sum(m.trade_volume_cents)::bigint AS trade_volume, sum(m.commission_cents)::bigint AS commission,
                   sum(m.net_commission_cents)::bigint AS net_commission,
                   sum(m.interest_spread_cents)::bigint AS interest_spread, sum(m.pnl_cents)::bigint AS pnl
              FROM crm.pivot_customer_month m
             WHERE $sql$ || v_month_rows || $sql$
             GROUP BY 1, 2, 3, 4, 5) x
     WHERE $1 IS NULL OR x.quarter = ANY ($1)$sql$
      USING p_quarters, v_months, p_customer_ids;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;

REVOKE ALL ON FUNCTION crm.refresh_pivot_customer_quarter(date[], bigint[]) FROM PUBLIC;
COMMENT ON FUNCTION crm.refresh_pivot_customer_quarter(date[], bigint[]) IS
    'Rebuilds the customer-quarter rollup of the given quarters and customers (NULL: all) from the customer-month rollup.';
