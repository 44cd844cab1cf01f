CREATE OR REPLACE FUNCTION crm.close_session() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.app_session;
BEGIN
    UPDATE crm.app_session s SET closed_at = now(), close_reason = 'logout'
     WHERE s.pid = pg_backend_pid() AND s.login = session_user AND s.closed_at IS NULL
    RETURNING * INTO v;
    IF FOUND AND NOT EXISTS (SELECT 1 FROM crm.app_session s
                              WHERE s.staff_id = v.staff_id AND s.closed_at IS NULL
                                AND s.hostname IS NOT DISTINCT FROM v.hostname) THEN
        INSERT INTO crm.login_event (login, staff_id, branch_id, outcome, macs, hostname, source)
        VALUES (v.login, v.staff_id, v.branch_id, 'logout', v.macs, v.hostname, 'close_session');
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.close_session() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.close_session() TO crm_staff;
