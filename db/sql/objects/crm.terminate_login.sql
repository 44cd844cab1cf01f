-- Ends every backend of a login (frozen, closed, forced out).
CREATE OR REPLACE FUNCTION crm.terminate_login(p_login text, p_reason text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_count integer := 0;
    r record;
BEGIN
    FOR r IN SELECT a.pid FROM pg_stat_activity a
              WHERE a.usename = p_login AND a.pid <> pg_backend_pid() LOOP
        IF pg_terminate_backend(r.pid) THEN
            v_count := v_count + 1;
        END IF;
    END LOOP;
    UPDATE crm.app_session SET closed_at = now(), close_reason = p_reason
     WHERE login = p_login AND closed_at IS NULL AND pid <> pg_backend_pid();
    RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION crm.terminate_login(text, text) FROM PUBLIC;
