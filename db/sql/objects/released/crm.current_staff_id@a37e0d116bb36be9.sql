-- The staff id of this backend's open CRM session, or NULL (no session: nothing visible).
CREATE OR REPLACE FUNCTION crm.current_staff_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT s.staff_id
      FROM crm.app_session s
      JOIN crm.staff st ON st.id = s.staff_id AND st.status = 'active'
     WHERE s.pid = pg_backend_pid()
       AND s.login = session_user
       AND s.closed_at IS NULL
       AND s.backend_start = (SELECT a.backend_start FROM pg_stat_get_activity(pg_backend_pid()) a)
$$;

REVOKE ALL ON FUNCTION crm.current_staff_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.current_staff_id() TO crm_staff;
