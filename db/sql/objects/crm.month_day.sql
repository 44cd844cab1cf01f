-- Month and day of a date as MMDD (316 = 16 March), for birthday searches (生日 0316, reminders).
CREATE OR REPLACE FUNCTION crm.month_day(p_date date) RETURNS smallint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (date_part('month', p_date) * 100 + date_part('day', p_date))::smallint;
END
$$;

ALTER FUNCTION crm.month_day(date) OWNER TO crm_owner;
REVOKE ALL ON FUNCTION crm.month_day(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.month_day(date) TO crm_staff;
