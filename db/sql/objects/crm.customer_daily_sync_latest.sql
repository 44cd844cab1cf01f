-- One statement of the T+1 load (COPY, INSERT ... SELECT, the replace of a date) refreshes the
-- customers it touched, set-based from the transition tables.
CREATE OR REPLACE FUNCTION crm.customer_daily_sync_latest() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM crm.customer_latest;
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM crm.refresh_customer_latest(ARRAY(SELECT DISTINCT n.customer_id FROM new_rows n));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM crm.refresh_customer_latest(ARRAY(SELECT DISTINCT o.customer_id FROM old_rows o));
    ELSE
        PERFORM crm.refresh_customer_latest(ARRAY(SELECT n.customer_id FROM new_rows n
                                                  UNION SELECT o.customer_id FROM old_rows o));
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.customer_daily_sync_latest() FROM PUBLIC;
