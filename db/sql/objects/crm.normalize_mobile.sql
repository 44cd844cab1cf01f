-- Digits only; a leading +86 / 86 / 0086 country code dropped from 13- / 15-digit numbers.
CREATE OR REPLACE FUNCTION crm.normalize_mobile(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT nullif(CASE WHEN length(d) = 13 AND d LIKE '86%' THEN substr(d, 3)
                       WHEN length(d) = 15 AND d LIKE '0086%' THEN substr(d, 5)
                       ELSE d END, '')
      FROM (SELECT regexp_replace(normalize(p, NFKC), '[^0-9]', '', 'g') AS d) x
$$;

REVOKE ALL ON FUNCTION crm.normalize_mobile(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.normalize_mobile(text) TO crm_staff;
GRANT EXECUTE ON FUNCTION crm.normalize_mobile(text) TO crm_agent;
