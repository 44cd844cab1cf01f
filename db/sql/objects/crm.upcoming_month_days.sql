-- Month-days (crm.month_day) whose birthday falls on p_from .. p_from + p_days (inclusive): a
-- 29 February birthday falls on 28 February in a common year. Wraps the year; p_days >= 365
-- gives every day. Constant for a statement: the index condition of birthday searches.
CREATE OR REPLACE FUNCTION crm.upcoming_month_days(p_from date, p_days integer) RETURNS smallint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT md ORDER BY md), '{}')
      FROM (SELECT crm.month_day(d) AS md
              FROM generate_series(0, least(greatest(p_days, -1), 366)) AS k, LATERAL (SELECT p_from + k AS d) x
            UNION ALL
            SELECT 229::smallint
              FROM generate_series(0, least(greatest(p_days, -1), 366)) AS k, LATERAL (SELECT p_from + k AS d) x
             WHERE crm.month_day(d) = 228
               AND date_part('day', make_date(date_part('year', d)::integer, 3, 1) - 1) = 28) m
$$;

REVOKE ALL ON FUNCTION crm.upcoming_month_days(date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.upcoming_month_days(date, integer) TO crm_staff;
