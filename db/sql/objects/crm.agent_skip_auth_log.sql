-- Moves the cursor to the end of the current log without reading it (a new database,
-- or an operator who does not want history counted).
CREATE OR REPLACE FUNCTION crm.agent_skip_auth_log(p_file text, p_offset bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    INSERT INTO crm.agent_state (key, value)
    VALUES ('auth_log_cursor', jsonb_build_object('file', p_file, 'offset', p_offset))
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
$$;

REVOKE ALL ON FUNCTION crm.agent_skip_auth_log(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.agent_skip_auth_log(text, bigint) TO crm_agent;
