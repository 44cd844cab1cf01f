-- The send dialog's preview: the first p_limit recipients (masked mobile, carrier, text, parts,
-- cost, skip reason) and totals over all of them. Reads only; the same checks as crm.sms_queue
-- except the quota (the dialog shows crm.sms_quota_status beside it). p_source as for
-- crm.sms_queue: {"kind": "reservations"} names reservation ids, else customer ids.
CREATE OR REPLACE FUNCTION crm.sms_preview(p_ids bigint[], p_template text, p_limit integer DEFAULT 200,
                                           p_source jsonb DEFAULT '{}')
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_ids bigint[];
    v_reservations boolean := p_source ->> 'kind' IS NOT DISTINCT FROM 'reservations';
    v_result jsonb;
BEGIN
    PERFORM crm.sms_require_sender(p_template);
    v_ids := ARRAY(SELECT DISTINCT i FROM unnest(p_ids) i WHERE i IS NOT NULL);
    IF cardinality(v_ids) > 1000000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'at most 1 000 000 recipients at a time';
    END IF;
    WITH r AS MATERIALIZED (SELECT * FROM crm.sms_source_recipients(v_ids, p_template, v_reservations))
    SELECT jsonb_build_object(
        'recipients', (SELECT count(*) FROM r),
        'sendable', (SELECT count(*) FROM r WHERE r.skip_reason IS NULL),
        'skipped', (SELECT coalesce(jsonb_object_agg(k.skip_reason, k.n), '{}')
                      FROM (SELECT r.skip_reason, count(*) AS n FROM r WHERE r.skip_reason IS NOT NULL
                             GROUP BY 1) k),
        'parts', (SELECT coalesce(sum(r.parts), 0) FROM r WHERE r.skip_reason IS NULL),
        'cost', (SELECT coalesce(sum(r.cost), 0) FROM r WHERE r.skip_reason IS NULL),
        'missing_fields', (SELECT coalesce(jsonb_agg(DISTINCT f ORDER BY f), '[]')
                             FROM r, unnest(r.missing) f WHERE r.skip_reason IS NULL),
        'rows', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                        'customer_id', p.customer_id, 'reservation_id', p.reservation_id,
                        'customer_name', p.recipient_name,
                        'mobile_masked', p.mobile_masked, 'carrier', p.carrier, 'text', p.body,
                        'chars', p.chars, 'parts', p.parts, 'cost', p.cost, 'skip_reason', p.skip_reason)
                        ORDER BY p.customer_id, p.reservation_id), '[]')
                   FROM (SELECT * FROM r ORDER BY r.customer_id, r.reservation_id
                          LIMIT least(greatest(coalesce(p_limit, 200), 0), 10000)) p))
      INTO v_result;
    IF (v_result ->> 'recipients')::integer < cardinality(v_ids) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('%s of the %s %s are not visible to you',
                             cardinality(v_ids) - (v_result ->> 'recipients')::integer, cardinality(v_ids),
                             CASE WHEN v_reservations THEN 'reservations' ELSE 'customers' END);
    END IF;
    RETURN v_result;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_preview(bigint[], text, integer, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_preview(bigint[], text, integer, jsonb) TO crm_staff;
