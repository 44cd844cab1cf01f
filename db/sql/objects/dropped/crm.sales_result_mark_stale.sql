-- Trigger on crm.relationship: a development relationship entered, moved or ended on a day that
-- crm.sales_result_day already holds changes whom that day's figures belong to; the first such
-- day goes to crm.sales_result_stale and the agent refreshes from there
-- (crm.refresh_stale_sales_results). Entering or releasing as of today (the usual case: facts
-- arrive T+1) marks nothing.
CREATE OR REPLACE FUNCTION crm.sales_result_mark_stale() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_from date;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT min(n.valid_from) INTO v_from FROM new_rows n WHERE n.kind = 'development';
    ELSE
        SELECT min(least(CASE WHEN o.valid_from IS DISTINCT FROM n.valid_from
                              THEN least(o.valid_from, n.valid_from) END,
                         CASE WHEN o.valid_to IS DISTINCT FROM n.valid_to
                              THEN least(coalesce(o.valid_to, n.valid_to), coalesce(n.valid_to, o.valid_to)) END,
                         CASE WHEN o.staff_id IS DISTINCT FROM n.staff_id OR o.kind IS DISTINCT FROM n.kind
                              THEN n.valid_from END))
          INTO v_from
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE 'development' IN (o.kind, n.kind);
    END IF;
    IF v_from IS NOT NULL AND v_from <= (SELECT max(r.trade_date) FROM crm.sales_result_day r) THEN
        INSERT INTO crm.sales_result_stale (from_date) VALUES (v_from) ON CONFLICT (from_date) DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.sales_result_mark_stale() FROM PUBLIC;
