-- Returns the parts of messages that will never be delivered to their sender's and branch's
-- usage of the month they were charged to (once: quota_returned). Internal.
CREATE OR REPLACE FUNCTION crm.sms_give_back(p_ids bigint[]) RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_count integer;
BEGIN
    WITH back AS (
        UPDATE crm.sms_message m SET quota_returned = true
         WHERE m.id = ANY (p_ids) AND m.status = 'failed' AND NOT m.quota_returned
        RETURNING m.sender_id, m.sender_branch_id, m.month, m.parts),
    by_branch AS (
        UPDATE crm.sms_branch_usage u SET used = greatest(u.used - b.parts, 0)
          FROM (SELECT sender_branch_id, month, sum(parts)::integer AS parts FROM back GROUP BY 1, 2) b
         WHERE u.branch_id = b.sender_branch_id AND u.month = b.month
        RETURNING 1),
    by_staff AS (
        UPDATE crm.sms_staff_usage u SET used = greatest(u.used - s.parts, 0)
          FROM (SELECT sender_id, month, sum(parts)::integer AS parts FROM back GROUP BY 1, 2) s
         WHERE u.staff_id = s.sender_id AND u.month = s.month
        RETURNING 1)
    SELECT count(*) INTO v_count FROM back, (SELECT count(*) FROM by_branch) x, (SELECT count(*) FROM by_staff) y;
    RETURN v_count;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_give_back(bigint[]) FROM PUBLIC;
