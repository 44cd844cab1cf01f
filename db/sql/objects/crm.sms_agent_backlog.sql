-- What waits in the SMS outbox, for `crm-admin agent status` (the agent's login cannot read the
-- outbox itself): messages not yet accepted by the gateway, and accepted ones still waiting for
-- their delivery report. Counts only, no message data.
CREATE OR REPLACE FUNCTION crm.sms_agent_backlog(OUT waiting bigint, OUT awaiting_report bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT count(*) FILTER (WHERE m.status IN ('queued', 'sending')),
           count(*) FILTER (WHERE m.status = 'sent')
      FROM crm.sms_message m
     WHERE m.status IN ('queued', 'sending', 'sent')
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_agent_backlog() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_agent_backlog() TO crm_agent;
