-- Brings the rollups of customers whose relationships changed up to date from the earliest day
-- whose holder may have changed: their customer-month rows (crm.refresh_pivot_rollups, which
-- leaves the branch rollup alone when the customers' merged months are unchanged) and the daily
-- sales results of their facts (crm.sales_result_reattribute: the state before is today's rows
-- without the versions written, p_written, plus those replaced or removed, p_replaced). Called
-- by crm.relationship_sync_pivot after each statement, and once by crm._apply_request for both
-- statements of a hand-over (crm.relationship_rollup_deferral).
CREATE OR REPLACE FUNCTION crm._refresh_relationship_rollups(p_customer_ids bigint[], p_from date,
                                                              p_written bigint[], p_replaced crm.relationship[])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_months date[];
BEGIN
    IF p_customer_ids IS NULL OR p_from IS NULL THEN
        RETURN;
    END IF;
    v_months := ARRAY(SELECT DISTINCT m.month FROM crm.pivot_customer_month m
                       WHERE m.customer_id = ANY (p_customer_ids) AND m.month >= date_trunc('month', p_from)::date);
    IF cardinality(v_months) > 0 THEN
        PERFORM crm.refresh_pivot_rollups(v_months, p_customer_ids);
    END IF;
    PERFORM crm.sales_result_reattribute(p_customer_ids, p_from, p_written, p_replaced);
END
$$;

REVOKE ALL ON FUNCTION crm._refresh_relationship_rollups(bigint[], date, bigint[], crm.relationship[]) FROM PUBLIC;
