-- Keeps crm.sales_result_day exact when relationships change (called by
-- crm.relationship_sync_pivot after each statement on crm.relationship): for the given customers'
-- loaded facts from p_from on, on the days already computed, each fact whose development holder
-- differs before and after the statement is taken off the old holder's row and added to the new
-- one's (NULL: the public pool), so a hand-over dated weeks back costs its own customers' facts,
-- not whole days (crm.refresh_sales_results). The state before the statement is today's rows
-- without the versions it wrote (p_written) plus the versions it replaced or removed (p_replaced).
-- Figures as crm.refresh_sales_results computes them: net inflow = total assets − the
-- customer's total assets on the previous loaded day − the day's P&L, whoever holds the customer.
CREATE OR REPLACE FUNCTION crm.sales_result_reattribute(p_customer_ids bigint[], p_from date, p_written bigint[],
                                                        p_replaced crm.relationship[])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_to date := (SELECT max(r.trade_date) FROM crm.sales_result_day r);
    v_days date[];
BEGIN
    IF v_to IS NULL OR p_from IS NULL OR p_from > v_to OR p_customer_ids IS NULL
       OR (NOT EXISTS (SELECT 1 FROM unnest(p_replaced) o WHERE o.kind = 'development')
           AND NOT EXISTS (SELECT 1 FROM crm.relationship r WHERE r.id = ANY (p_written) AND r.kind = 'development')) THEN
        RETURN;
    END IF;
    -- The loaded days from the last one before p_from (whose assets the first day's net inflow
    -- starts from) up to the last computed day: a skip scan of the date index.
    WITH RECURSIVE d(day) AS (
        SELECT coalesce((SELECT max(x.trade_date) FROM crm.customer_daily x WHERE x.trade_date < p_from),
                        (SELECT min(x.trade_date) FROM crm.customer_daily x WHERE x.trade_date >= p_from))
        UNION ALL
        SELECT (SELECT min(x.trade_date) FROM crm.customer_daily x WHERE x.trade_date > d.day AND x.trade_date <= v_to)
          FROM d WHERE d.day IS NOT NULL)
    SELECT array_agg(d.day ORDER BY d.day) INTO v_days FROM d WHERE d.day IS NOT NULL;

    -- The customers' facts from the day before p_from on, read once through the customer index
    -- of the days' partitions: each fact's previous-day assets come from the same rows.
    WITH fact AS MATERIALIZED (
        SELECT f.* FROM crm.customer_daily f
         WHERE f.customer_id = ANY (p_customer_ids) AND f.trade_date >= v_days[1] AND f.trade_date <= v_to),
    day AS (
        SELECT x.day, x.prev FROM (SELECT u.day, lag(u.day) OVER (ORDER BY u.day) AS prev FROM unnest(v_days) u(day)) x
         WHERE x.day >= p_from AND EXISTS (SELECT 1 FROM crm.sales_result_day s WHERE s.trade_date = x.day)),
    after_rel AS (
        SELECT r.customer_id, r.staff_id, r.valid_from, r.valid_to FROM crm.relationship r
         WHERE r.customer_id = ANY (p_customer_ids) AND r.kind = 'development'),
    before_rel AS (
        SELECT r.customer_id, r.staff_id, r.valid_from, r.valid_to FROM crm.relationship r
         WHERE r.customer_id = ANY (p_customer_ids) AND r.kind = 'development'
           AND NOT EXISTS (SELECT 1 FROM unnest(p_written) w(id) WHERE w.id = r.id)
        UNION ALL
        SELECT o.customer_id, o.staff_id, o.valid_from, o.valid_to FROM unnest(p_replaced) o
         WHERE o.kind = 'development'),
    -- At most one relationship of a kind holds on a day (crm.relationship_sync_pivot checked it
    -- before calling), so each fact finds at most one holder on either side.
    moved AS (
        SELECT f.trade_date, f.branch_id, a.staff_id AS now_staff_id, b.staff_id AS was_staff_id,
               f.total_assets_cents - coalesce(p.total_assets_cents, 0) - f.pnl_cents AS net_inflow_cents,
               f.trade_volume_cents, f.commission_cents, f.net_commission_cents, f.interest_spread_cents, f.pnl_cents
          FROM fact f
          JOIN day ON day.day = f.trade_date
          LEFT JOIN fact p ON p.trade_date = day.prev AND p.branch_id = f.branch_id AND p.customer_id = f.customer_id
          LEFT JOIN after_rel a
                 ON a.customer_id = f.customer_id AND a.valid_from <= f.trade_date
                AND (a.valid_to IS NULL OR a.valid_to > f.trade_date)
          LEFT JOIN before_rel b
                 ON b.customer_id = f.customer_id AND b.valid_from <= f.trade_date
                AND (b.valid_to IS NULL OR b.valid_to > f.trade_date)
         WHERE a.staff_id IS DISTINCT FROM b.staff_id)
    INSERT INTO crm.sales_result_day AS t (trade_date, branch_id, staff_id, customers, net_inflow_cents,
                                           trade_volume_cents, commission_cents, net_commission_cents,
                                           interest_spread_cents, pnl_cents)
    SELECT m.trade_date, m.branch_id, s.staff_id, sum(s.sign)::integer, sum(s.sign * m.net_inflow_cents),
           sum(s.sign * m.trade_volume_cents), sum(s.sign * m.commission_cents), sum(s.sign * m.net_commission_cents),
           sum(s.sign * m.interest_spread_cents), sum(s.sign * m.pnl_cents)
      FROM moved m
     CROSS JOIN LATERAL (VALUES (m.now_staff_id, 1), (m.was_staff_id, -1)) s(staff_id, sign)
     GROUP BY 1, 2, 3
    ON CONFLICT (trade_date, branch_id, staff_id) DO UPDATE
       SET customers = t.customers + EXCLUDED.customers,
           net_inflow_cents = t.net_inflow_cents + EXCLUDED.net_inflow_cents,
           trade_volume_cents = t.trade_volume_cents + EXCLUDED.trade_volume_cents,
           commission_cents = t.commission_cents + EXCLUDED.commission_cents,
           net_commission_cents = t.net_commission_cents + EXCLUDED.net_commission_cents,
           interest_spread_cents = t.interest_spread_cents + EXCLUDED.interest_spread_cents,
           pnl_cents = t.pnl_cents + EXCLUDED.pnl_cents;
    -- A holder left with no customer on a day has no row (as a recomputation leaves it).
    DELETE FROM crm.sales_result_day s WHERE s.trade_date >= p_from AND s.customers = 0;
END
$$;

REVOKE ALL ON FUNCTION crm.sales_result_reattribute(bigint[], date, bigint[], crm.relationship[]) FROM PUBLIC;
COMMENT ON FUNCTION crm.sales_result_reattribute(bigint[], date, bigint[], crm.relationship[]) IS
    'Moves the changed customers'' daily sales results between their old and new development holders';
