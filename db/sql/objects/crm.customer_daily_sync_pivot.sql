-- Each statement of a T+1 load refreshes the months and customers it touched.
CREATE OR REPLACE FUNCTION crm.customer_daily_sync_pivot() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_months date[];
    v_customers bigint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM crm.pivot_customer_month;
        DELETE FROM crm.pivot_branch_month;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT date_trunc('month', n.trade_date)::date), array_agg(DISTINCT n.customer_id)
          INTO v_months, v_customers FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT date_trunc('month', o.trade_date)::date), array_agg(DISTINCT o.customer_id)
          INTO v_months, v_customers FROM old_rows o;
    ELSE
        SELECT array_agg(DISTINCT date_trunc('month', x.trade_date)::date), array_agg(DISTINCT x.customer_id)
          INTO v_months, v_customers
          FROM (SELECT n.trade_date, n.customer_id FROM new_rows n
                UNION ALL SELECT o.trade_date, o.customer_id FROM old_rows o) x;
    END IF;
    IF v_months IS NOT NULL THEN
        -- Many customers: rebuilding whole months is cheaper than the per-customer path.
        PERFORM crm.refresh_pivot_rollups(v_months,
                                          CASE WHEN cardinality(v_customers) > 5000 THEN NULL ELSE v_customers END);
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.customer_daily_sync_pivot() FROM PUBLIC;
