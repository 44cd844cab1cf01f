-- Holidays: HQ administrators.
CREATE OR REPLACE FUNCTION crm.set_holiday(p_day date, p_name text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF NOT (crm.is_operator() OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only HQ administrators maintain holidays';
    END IF;
    IF p_name IS NULL THEN
        DELETE FROM crm.holiday WHERE day = p_day;
    ELSE
        INSERT INTO crm.holiday (day, name) VALUES (p_day, p_name)
        ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name;
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.set_holiday(date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_holiday(date, text) TO crm_staff;
