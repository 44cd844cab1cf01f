-- Keeps crm.pivot_customer_quarter equal to its months: every statement that changes
-- crm.pivot_customer_month (the T+1 merge, a relationship's days, a customer's attributes, a
-- rebuild; whoever runs it) rebuilds the quarters of the customers it touched. Its triggers are
-- ENABLE ALWAYS: the month rollup's writers decide, not session_replication_role.
CREATE OR REPLACE FUNCTION crm.pivot_customer_quarter_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_quarters date[];
    v_customers bigint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM crm.pivot_customer_quarter;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT date_trunc('quarter', n.month::timestamp)::date), array_agg(DISTINCT n.customer_id)
          INTO v_quarters, v_customers FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT date_trunc('quarter', o.month::timestamp)::date), array_agg(DISTINCT o.customer_id)
          INTO v_quarters, v_customers FROM old_rows o;
    ELSE
        SELECT array_agg(DISTINCT date_trunc('quarter', x.month::timestamp)::date), array_agg(DISTINCT x.customer_id)
          INTO v_quarters, v_customers
          FROM (SELECT o.month, o.customer_id FROM old_rows o UNION ALL SELECT n.month, n.customer_id FROM new_rows n) x;
    END IF;
    IF v_customers IS NOT NULL THEN
        PERFORM crm.refresh_pivot_customer_quarter(v_quarters, v_customers);
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.pivot_customer_quarter_sync() FROM PUBLIC;
