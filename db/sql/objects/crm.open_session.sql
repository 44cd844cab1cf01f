CREATE OR REPLACE FUNCTION crm.open_session(macs text[], hostname text, app_version text)
RETURNS TABLE (session_id bigint, staff_id integer, login text, staff_name text, branch_code text,
               branch_name text, customer_scope text, permissions text[], idle_minutes integer,
               maintenance boolean, last_load_date date)
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT * FROM crm._start_session(macs, hostname, app_version, NULL)
$$;

REVOKE ALL ON FUNCTION crm.open_session(text[], text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.open_session(text[], text, text) TO crm_staff;
