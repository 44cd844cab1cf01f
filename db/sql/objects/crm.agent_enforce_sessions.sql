CREATE OR REPLACE FUNCTION crm.agent_enforce_sessions()
RETURNS TABLE (pid integer, login text, reason text)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_policy crm.policy;
    r record;
    v_reason text;
BEGIN
    SELECT * INTO v_policy FROM crm.policy;
    FOR r IN
        SELECT a.pid, a.usename::text AS usename, a.backend_start, a.state, a.state_change, a.xact_start,
               st.id AS staff_id,
               (SELECT max(s.last_activity_at) FROM crm.app_session s
                 WHERE s.pid = a.pid AND s.backend_start = a.backend_start AND s.closed_at IS NULL) AS activity
          FROM pg_stat_activity a
          JOIN crm.staff st ON st.login = a.usename
         WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
    LOOP
        v_reason := NULL;
        IF now() - r.backend_start > make_interval(hours => v_policy.absolute_session_hours) THEN
            v_reason := 'absolute session lifetime exceeded';
        ELSIF r.xact_start IS NOT NULL
              AND now() - r.xact_start > make_interval(secs => v_policy.max_transaction_seconds)
              -- An export (audited, right granted by HQ) may take longer; the absolute lifetime still ends it.
              AND NOT EXISTS (SELECT 1 FROM crm.export_log x
                               WHERE x.staff_id = r.staff_id AND x.status = 'running'
                                 AND x.started_at >= r.backend_start) THEN
            v_reason := 'transaction too long';
        ELSIF r.state LIKE 'idle%'
              AND now() - r.state_change > make_interval(secs => v_policy.server_idle_seconds)
              AND (r.activity IS NULL OR now() - r.activity > make_interval(secs => v_policy.server_idle_seconds)) THEN
            v_reason := 'idle timeout';
        END IF;
        CONTINUE WHEN v_reason IS NULL;
        IF pg_terminate_backend(r.pid) THEN
            UPDATE crm.app_session s SET closed_at = now(), close_reason = v_reason
             WHERE s.pid = r.pid AND s.backend_start = r.backend_start AND s.closed_at IS NULL;
            IF v_reason = 'transaction too long' THEN
                INSERT INTO crm.login_event (login, staff_id, outcome, reason, source)
                VALUES (r.usename, r.staff_id, 'session_ended',
                        jsonb_build_object('code', 'transaction_too_long',
                                           'seconds', v_policy.max_transaction_seconds), 'agent');
            END IF;
            pid := r.pid; login := r.usename; reason := v_reason;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION crm.agent_enforce_sessions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.agent_enforce_sessions() TO crm_agent;
