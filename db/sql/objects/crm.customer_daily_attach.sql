-- Attaches the (filled or empty) table crm_daily.dYYYYMMDD as the date's partition. Attaching
-- builds the parent's indexes on it (primary key included), each by one sort of its rows.
CREATE OR REPLACE FUNCTION crm.customer_daily_attach(p_date date) RETURNS regclass
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_name text := crm.customer_daily_partition_name(p_date);
BEGIN
    EXECUTE format('ALTER TABLE crm.customer_daily ATTACH PARTITION crm_daily.%I FOR VALUES FROM (%L) TO (%L)',
                   v_name, p_date, p_date + 1);
    RETURN format('crm_daily.%I', v_name)::regclass;
END
$$;

REVOKE ALL ON FUNCTION crm.customer_daily_attach(date) FROM PUBLIC;
