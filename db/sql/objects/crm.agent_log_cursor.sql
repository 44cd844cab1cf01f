CREATE OR REPLACE FUNCTION crm.agent_log_cursor() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce((SELECT value FROM crm.agent_state WHERE key = 'auth_log_cursor'),
                    '{"file": "", "offset": 0}'::jsonb)
$$;

REVOKE ALL ON FUNCTION crm.agent_log_cursor() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.agent_log_cursor() TO crm_agent;
