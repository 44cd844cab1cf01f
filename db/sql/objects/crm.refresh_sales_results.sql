-- Recomputes crm.sales_result_day for the loaded trading days from p_from to p_to and the next
-- loaded day after them (each day replaced whole, so a re-run gives the same rows): each customer's figures of a day go to the
-- development relationship valid on that day (valid_from <= day < valid_to; the latest start
-- wins should two overlap), NULL for none (public pool). Net inflow of a day = total assets −
-- the customer's total assets on the previous loaded day (0 for a new account) − the day's P&L.
-- Runs with the T+1 load (services/t1_hooks.py), in the demo seed, and for the days a
-- back-dated relationship made stale; returns the number of days recomputed.
CREATE OR REPLACE FUNCTION crm.refresh_sales_results(p_from date, p_to date) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_day date;
    v_prev date;
    v_days integer := 0;
BEGIN
    IF NOT (crm.is_operator() OR pg_has_role(session_user, 'crm_agent', 'MEMBER')
            OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'sales results are refreshed by the T+1 load or HQ';
    END IF;
    IF p_from IS NULL OR p_to IS NULL OR p_to < p_from OR p_to - p_from > 3660 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'give a date range of at most ten years';
    END IF;
    -- The loaded day after the range too: its net inflow is measured from the range's last day.
    FOR v_day IN SELECT d::date FROM generate_series(p_from, p_to, interval '1 day') d
                 UNION
                 SELECT min(f.trade_date) FROM crm.customer_daily f WHERE f.trade_date > p_to
                 ORDER BY 1 LOOP
        CONTINUE WHEN v_day IS NULL;
        DELETE FROM crm.sales_result_day WHERE trade_date = v_day;
        CONTINUE WHEN NOT EXISTS (SELECT 1 FROM crm.customer_daily f WHERE f.trade_date = v_day);
        v_prev := (SELECT max(f.trade_date) FROM crm.customer_daily f WHERE f.trade_date < v_day);
        INSERT INTO crm.sales_result_day (trade_date, branch_id, staff_id, customers, net_inflow_cents,
                                          trade_volume_cents, commission_cents, net_commission_cents,
                                          interest_spread_cents, pnl_cents)
        SELECT v_day, f.branch_id, owner.staff_id, count(*),
               sum(f.total_assets_cents - coalesce(p.total_assets_cents, 0) - f.pnl_cents),
               sum(f.trade_volume_cents), sum(f.commission_cents), sum(f.net_commission_cents),
               sum(f.interest_spread_cents), sum(f.pnl_cents)
          FROM crm.customer_daily f
          LEFT JOIN crm.customer_daily p
                 ON p.trade_date = v_prev AND p.branch_id = f.branch_id AND p.customer_id = f.customer_id
          LEFT JOIN LATERAL (
                SELECT r.staff_id FROM crm.relationship r
                 WHERE r.customer_id = f.customer_id AND r.kind = 'development'
                   AND r.valid_from <= v_day AND (r.valid_to IS NULL OR r.valid_to > v_day)
                 ORDER BY r.valid_from DESC, r.id DESC LIMIT 1) owner ON true
         WHERE f.trade_date = v_day
         GROUP BY f.branch_id, owner.staff_id;
        v_days := v_days + 1;
    END LOOP;
    RETURN v_days;
END
$$;

REVOKE ALL ON FUNCTION crm.refresh_sales_results(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.refresh_sales_results(date, date) TO crm_agent, crm_staff;
