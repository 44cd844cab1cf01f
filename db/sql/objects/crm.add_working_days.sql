-- The working day `p_n` working days after `p_from` (p_n >= 0; 0 = p_from itself even if not
-- a working day).
CREATE OR REPLACE FUNCTION crm.add_working_days(p_from date, p_n integer) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN p_n <= 0 THEN p_from ELSE (
        SELECT x.d FROM (
            SELECT g::date AS d, row_number() OVER (ORDER BY g) AS n
              FROM generate_series(p_from + 1, p_from + p_n * 2 + 40, interval '1 day') g
             WHERE extract(isodow FROM g) < 6
               AND NOT EXISTS (SELECT 1 FROM crm.holiday h WHERE h.day = g::date)) x
         WHERE x.n = p_n) END
$$;

REVOKE ALL ON FUNCTION crm.add_working_days(date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.add_working_days(date, integer) TO crm_staff;
GRANT EXECUTE ON FUNCTION crm.add_working_days(date, integer) TO crm_agent;
