-- The name of a date's partition in schema crm_daily.
CREATE OR REPLACE FUNCTION crm.customer_daily_partition_name(p_date date) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT 'd' || to_char(p_date, 'YYYYMMDD')
$$;

REVOKE ALL ON FUNCTION crm.customer_daily_partition_name(date) FROM PUBLIC;
