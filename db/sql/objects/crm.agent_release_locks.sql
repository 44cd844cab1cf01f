-- Ends temporary locks whose time is up (the account's VALID UNTIL is put back).
CREATE OR REPLACE FUNCTION crm.agent_release_locks() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff crm.staff;
    v_count integer := 0;
    r record;
BEGIN
    FOR r IN SELECT f.login, f.locked_until FROM crm.auth_failure f
              WHERE f.locked_until <= now() FOR UPDATE SKIP LOCKED LOOP
        UPDATE crm.auth_failure f SET locked_until = NULL WHERE f.login = r.login;
        SELECT * INTO v_staff FROM crm.staff s WHERE s.login = r.login AND s.status = 'active' FOR UPDATE;
        CONTINUE WHEN NOT FOUND;
        PERFORM crm.restore_login(v_staff);
        PERFORM crm.record_lock_event(v_staff, 'unlocked', jsonb_build_object('code', 'lock_expired'));
        v_count := v_count + 1;
    END LOOP;
    -- Unknown names are remembered only as long as an answer about them could differ.
    DELETE FROM crm.auth_failure f
     WHERE NOT EXISTS (SELECT 1 FROM crm.staff s WHERE s.login = f.login)
       AND f.last_at < now() - interval '2 days' AND f.locked_until IS DISTINCT FROM 'infinity';
    RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION crm.agent_release_locks() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.agent_release_locks() TO crm_agent;
