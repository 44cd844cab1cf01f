-- The partition of a date, made and attached when missing (empty, indexed by the attach).
CREATE OR REPLACE FUNCTION crm.customer_daily_partition(p_date date) RETURNS regclass
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_name text := crm.customer_daily_partition_name(p_date);
    v_rel regclass;
BEGIN
    IF p_date IS NULL THEN
        RAISE EXCEPTION 'a trading date is required' USING ERRCODE = '22023';
    END IF;
    v_rel := to_regclass(format('crm_daily.%I', v_name));
    IF v_rel IS NULL THEN
        EXECUTE format('CREATE TABLE crm_daily.%I (LIKE crm.customer_daily INCLUDING DEFAULTS)', v_name);
        v_rel := crm.customer_daily_attach(p_date);
    END IF;
    RETURN v_rel;
END
$$;

REVOKE ALL ON FUNCTION crm.customer_daily_partition(date) FROM PUBLIC;
