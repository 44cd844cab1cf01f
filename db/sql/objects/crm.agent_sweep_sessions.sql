-- Closes session rows whose backend is gone (crash, network loss, killed client).
CREATE OR REPLACE FUNCTION crm.agent_sweep_sessions() RETURNS integer
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    WITH gone AS (
        UPDATE crm.app_session s SET closed_at = now(), close_reason = 'disconnected'
         WHERE s.closed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                            WHERE a.pid = s.pid AND a.backend_start = s.backend_start)
        RETURNING 1)
    SELECT count(*)::integer FROM gone
$$;

REVOKE ALL ON FUNCTION crm.agent_sweep_sessions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.agent_sweep_sessions() TO crm_agent;
