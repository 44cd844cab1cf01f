-- The agent takes up to p_limit due messages for sending: queued ones whose next attempt is due,
-- and ones left "sending" whose lease ran out (an agent died mid-batch: they go again with the
-- same idempotency key, so the gateway does not send them twice). SKIP LOCKED: two agents never
-- take the same message. The only reader of raw mobiles besides the definer functions: crm_agent.
CREATE OR REPLACE FUNCTION crm.sms_agent_claim(p_limit integer, p_lease_seconds integer)
RETURNS TABLE (id bigint, idempotency_key uuid, mobile text, body text, attempts integer)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    WITH due AS (
        SELECT m.id FROM crm.sms_message m
         WHERE m.status IN ('queued', 'sending') AND m.next_attempt_at <= now()
         ORDER BY m.next_attempt_at, m.id
         LIMIT least(greatest(p_limit, 0), 10000)
           FOR UPDATE SKIP LOCKED)
    UPDATE crm.sms_message m
       SET status = 'sending', attempts = m.attempts + 1,
           next_attempt_at = now() + make_interval(secs => least(greatest(p_lease_seconds, 1), 3600))
      FROM due WHERE m.id = due.id
    RETURNING m.id, m.idempotency_key, m.mobile, m.body, m.attempts
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_agent_claim(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_agent_claim(integer, integer) TO crm_agent;
