CREATE OR REPLACE FUNCTION crm.end_session(p_session_id bigint, p_reason text DEFAULT 'ended by administrator')
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.app_session;
    v_ended boolean := false;
BEGIN
    SELECT * INTO v FROM crm.app_session s WHERE s.id = p_session_id FOR UPDATE;
    IF NOT FOUND OR NOT crm.can_administer(v.branch_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('unknown session %s', p_session_id);
    END IF;
    IF v.closed_at IS NOT NULL THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = v.pid AND a.backend_start = v.backend_start) THEN
        v_ended := pg_terminate_backend(v.pid);
    END IF;
    UPDATE crm.app_session SET closed_at = now(), close_reason = p_reason WHERE id = v.id;
    INSERT INTO crm.login_event (login, staff_id, branch_id, outcome, macs, hostname, detail, source)
    VALUES (v.login, v.staff_id, v.branch_id, 'session_ended', v.macs, v.hostname, p_reason, 'end_session');
    RETURN v_ended;
END
$$;

REVOKE ALL ON FUNCTION crm.end_session(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.end_session(bigint, text) TO crm_staff;
