-- As a name, and the check letter upper-case.
CREATE OR REPLACE FUNCTION crm.normalize_id_no(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT upper(crm.normalize_name(p))
$$;

REVOKE ALL ON FUNCTION crm.normalize_id_no(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.normalize_id_no(text) TO crm_staff;
GRANT EXECUTE ON FUNCTION crm.normalize_id_no(text) TO crm_agent;
