CREATE OR REPLACE FUNCTION crm.agent_health()
RETURNS TABLE (job text, last_run timestamptz, ok boolean, last_error text, last_error_at timestamptz,
               skipped_last_run bigint, skipped_total bigint, summary jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    -- Anyone else (a staff member, or an HQ administrator without a session) gets no rows.
    IF NOT (pg_has_role(session_user, 'crm_agent', 'MEMBER') OR crm.is_operator()
            OR crm.has_permission('admin_all')) THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT substr(a.key, 8), (a.value ->> 'last_run')::timestamptz, (a.value ->> 'ok')::boolean,
           a.value ->> 'last_error', (a.value ->> 'last_error_at')::timestamptz,
           coalesce((a.value ->> 'skipped_last_run')::bigint, 0), coalesce((a.value ->> 'skipped_total')::bigint, 0),
           coalesce(a.value -> 'summary', '{}')
      FROM crm.agent_state a WHERE a.key LIKE 'health:%' ORDER BY 1;
END
$$;

REVOKE ALL ON FUNCTION crm.agent_health() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.agent_health() TO crm_staff;
GRANT EXECUTE ON FUNCTION crm.agent_health() TO crm_agent;
