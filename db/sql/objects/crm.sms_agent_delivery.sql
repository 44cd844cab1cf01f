-- The provider's delivery reports, one JSON array of {"provider_id": "...", "status":
-- "delivered" | "failed", "reason": "...", "at": timestamp}. A sent message becomes delivered,
-- or failed with the reason (its quota given back). Returns how many messages changed.
CREATE OR REPLACE FUNCTION crm.sms_agent_delivery(p_reports jsonb) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_count integer;
    v_failed bigint[];
BEGIN
    IF p_reports IS NULL OR jsonb_typeof(p_reports) <> 'array' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'delivery reports are a JSON array';
    END IF;
    WITH r AS (
        SELECT left(e ->> 'provider_id', 100) AS provider_id, e ->> 'status' AS status,
               left(e ->> 'reason', 500) AS reason, coalesce((e ->> 'at')::timestamptz, now()) AS at
          FROM jsonb_array_elements(p_reports) e),
    changed AS (
        UPDATE crm.sms_message m
           SET status = r.status, reported_at = r.at,
               failed_reason = CASE WHEN r.status = 'failed' THEN coalesce(r.reason, 'not delivered') END
          FROM r
         WHERE m.provider_id = r.provider_id AND m.status = 'sent' AND r.status IN ('delivered', 'failed')
        RETURNING m.id, m.status)
    SELECT count(*), array_agg(c.id) FILTER (WHERE c.status = 'failed') INTO v_count, v_failed FROM changed c;
    IF v_failed IS NOT NULL THEN
        PERFORM crm.sms_give_back(v_failed);
    END IF;
    RETURN v_count;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_agent_delivery(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_agent_delivery(jsonb) TO crm_agent;
