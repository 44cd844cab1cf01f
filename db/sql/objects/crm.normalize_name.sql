-- NFKC (full-width letters and digits to ASCII), every kind of whitespace removed (U+3000 too).
CREATE OR REPLACE FUNCTION crm.normalize_name(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT nullif(regexp_replace(normalize(p, NFKC),
                                 '[\s\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+', '', 'g'), '')
$$;

REVOKE ALL ON FUNCTION crm.normalize_name(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.normalize_name(text) TO crm_staff;
GRANT EXECUTE ON FUNCTION crm.normalize_name(text) TO crm_agent;
