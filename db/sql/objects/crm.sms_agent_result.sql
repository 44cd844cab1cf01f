-- What became of the messages the agent tried to send, as one JSON array of
--   {"id": n, "outcome": "sent", "provider_id": "..."}
--   {"id": n, "outcome": "retry", "error": "...", "retry_after": seconds}
--   {"id": n, "outcome": "failed", "reason": "..."}      (the gateway refused the number for good)
-- Only messages still "sending" change (a late answer for a message already settled is ignored).
-- A retry past sms_settings.max_attempts fails the message. Failed messages give their quota back.
-- Returns how many messages changed.
CREATE OR REPLACE FUNCTION crm.sms_agent_result(p_results jsonb) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_max integer := (SELECT s.max_attempts FROM crm.sms_settings s);
    v_count integer;
    v_failed bigint[];
BEGIN
    IF p_results IS NULL OR jsonb_typeof(p_results) <> 'array' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'results are a JSON array';
    END IF;
    WITH r AS (
        SELECT (e ->> 'id')::bigint AS id, e ->> 'outcome' AS outcome, left(e ->> 'provider_id', 100) AS provider_id,
               left(coalesce(e ->> 'error', e ->> 'reason'), 500) AS error,
               least(greatest(coalesce((e ->> 'retry_after')::numeric, 30), 0), 86400) AS retry_after
          FROM jsonb_array_elements(p_results) e),
    changed AS (
        UPDATE crm.sms_message m
           SET status = CASE WHEN r.outcome = 'sent' THEN 'sent'
                             WHEN r.outcome = 'retry' AND m.attempts < v_max THEN 'queued'
                             ELSE 'failed' END,
               provider_id = CASE WHEN r.outcome = 'sent' THEN r.provider_id ELSE m.provider_id END,
               sent_at = CASE WHEN r.outcome = 'sent' THEN now() ELSE m.sent_at END,
               last_error = CASE WHEN r.outcome = 'sent' THEN m.last_error ELSE r.error END,
               next_attempt_at = CASE WHEN r.outcome = 'retry' THEN now() + make_interval(secs => r.retry_after::float8)
                                      ELSE m.next_attempt_at END,
               failed_reason = CASE WHEN r.outcome = 'failed' THEN coalesce(r.error, 'refused by the gateway')
                                    WHEN r.outcome = 'retry' AND m.attempts >= v_max
                                        THEN format('not sent after %s attempts: %s', m.attempts, r.error) END
          FROM r
         WHERE m.id = r.id AND m.status = 'sending' AND r.outcome IN ('sent', 'retry', 'failed')
        RETURNING m.id, m.status)
    SELECT count(*), array_agg(c.id) FILTER (WHERE c.status = 'failed') INTO v_count, v_failed FROM changed c;
    IF v_failed IS NOT NULL THEN
        PERFORM crm.sms_give_back(v_failed);
    END IF;
    RETURN v_count;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_agent_result(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_agent_result(jsonb) TO crm_agent;
