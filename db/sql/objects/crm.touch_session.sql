-- The client calls this while its user is active, so the server-side idle limit
-- follows keyboard and mouse activity, not only queries. It touches the open sessions of
-- the login on the same PC: a client's worker connections belong to the same person at the
-- same desk, while a session forgotten on another PC still times out.
CREATE OR REPLACE FUNCTION crm.touch_session() RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    UPDATE crm.app_session s SET last_activity_at = now()
     WHERE s.login = session_user AND s.closed_at IS NULL
       AND s.hostname IS NOT DISTINCT FROM (
           SELECT me.hostname FROM crm.app_session me
            WHERE me.pid = pg_backend_pid() AND me.login = session_user AND me.closed_at IS NULL
            ORDER BY me.id DESC LIMIT 1)
$$;

REVOKE ALL ON FUNCTION crm.touch_session() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.touch_session() TO crm_staff;
