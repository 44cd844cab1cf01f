-- What publishing p_body in column p_column would send (HQ, before publishing): live
-- subscribers, how many are sendable, skipped per reason (mobile, sender without the right or
-- without a quota), parts and cost, and per sender the parts needed against what their quota
-- and branch volume have left this month (over_quota: how many of theirs would not fit). Reads only.
CREATE OR REPLACE FUNCTION crm.sms_issue_preview(p_column smallint, p_body text) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_result jsonb;
BEGIN
    PERFORM crm.require_operator_or_hq();
    PERFORM crm.sms_check_template(p_body);
    WITH r AS MATERIALIZED (SELECT * FROM crm.sms_issue_recipients(p_column, p_body, 0, NULL)),
    per_sender AS (
        SELECT r.sender_id, r.sender_branch_id, sum(r.parts)::integer AS parts, count(*) AS messages
          FROM r WHERE r.skip_reason IS NULL GROUP BY 1, 2),
    room AS (
        SELECT p.sender_id, p.parts, p.messages, st.name,
               least(q.monthly_quota - coalesce(u.used, 0),
                     coalesce(v.monthly_volume, (SELECT s.default_branch_volume FROM crm.sms_settings s))
                     - coalesce(bu.used, 0)) AS remaining
          FROM per_sender p
          JOIN crm.staff st ON st.id = p.sender_id
          LEFT JOIN crm.sms_quota q ON q.staff_id = p.sender_id
          LEFT JOIN crm.sms_staff_usage u ON u.staff_id = p.sender_id AND u.month = date_trunc('month', current_date)::date
          LEFT JOIN crm.sms_branch_volume v ON v.branch_id = p.sender_branch_id
          LEFT JOIN crm.sms_branch_usage bu ON bu.branch_id = p.sender_branch_id
                                            AND bu.month = date_trunc('month', current_date)::date)
    SELECT jsonb_build_object(
        'subscribers', (SELECT count(*) FROM r),
        'sendable', (SELECT count(*) FROM r WHERE r.skip_reason IS NULL),
        'skipped', (SELECT coalesce(jsonb_object_agg(k.skip_reason, k.n), '{}')
                      FROM (SELECT r.skip_reason, count(*) AS n FROM r WHERE r.skip_reason IS NOT NULL GROUP BY 1) k),
        'parts', (SELECT coalesce(sum(r.parts), 0) FROM r WHERE r.skip_reason IS NULL),
        'cost', (SELECT coalesce(sum(r.cost), 0) FROM r WHERE r.skip_reason IS NULL),
        'senders', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                        'sender_id', room.sender_id, 'sender_name', room.name, 'messages', room.messages,
                        'parts', room.parts, 'remaining', greatest(room.remaining, 0),
                        'fits', room.parts <= greatest(room.remaining, 0)) ORDER BY room.name), '[]') FROM room))
      INTO v_result;
    RETURN v_result;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_issue_preview(smallint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_issue_preview(smallint, text) TO crm_staff;
