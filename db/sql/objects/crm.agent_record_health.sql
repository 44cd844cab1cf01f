-- The agent's health: one record per job, shown by `crm-admin agent status` and to HQ administrators.
CREATE OR REPLACE FUNCTION crm.agent_record_health(p_job text, p_error text, p_skipped integer, p_summary jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF p_job IS NULL OR p_job !~ '^[a-z][a-z0-9_]{0,39}$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'job names are lower-case words';
    END IF;
    INSERT INTO crm.agent_state AS a (key, value, updated_at)
    VALUES ('health:' || p_job, '{}', now())
    ON CONFLICT (key) DO NOTHING;
    UPDATE crm.agent_state a SET updated_at = now(), value = a.value || jsonb_build_object(
        'last_run', now(),
        'ok', p_error IS NULL,
        'last_error', CASE WHEN p_error IS NULL THEN a.value -> 'last_error' ELSE to_jsonb(left(p_error, 2000)) END,
        'last_error_at', CASE WHEN p_error IS NULL THEN a.value -> 'last_error_at' ELSE to_jsonb(now()) END,
        'skipped_last_run', coalesce(p_skipped, 0),
        'skipped_total', coalesce((a.value ->> 'skipped_total')::bigint, 0) + coalesce(p_skipped, 0),
        'summary', coalesce(p_summary, '{}'))
     WHERE a.key = 'health:' || p_job;
END
$$;

REVOKE ALL ON FUNCTION crm.agent_record_health(text, text, integer, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.agent_record_health(text, text, integer, jsonb) TO crm_agent;
