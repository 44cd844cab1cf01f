-- The recipients of one send, customers (crm.sms_recipients) or reservations
-- (crm.sms_reservation_recipients) as p_reservations says, in one shape: exactly one of
-- customer_id / reservation_id is set. For crm.sms_preview and crm.sms_queue only. Inlined into
-- the caller's statement: the branch not taken is a one-time filter, never run.
CREATE OR REPLACE FUNCTION crm.sms_source_recipients(p_ids bigint[], p_template text, p_reservations boolean)
RETURNS TABLE (customer_id bigint, reservation_id bigint, recipient_name text, branch_id smallint, mobile text,
               mobile_masked text, carrier text, body text, chars integer, parts integer, cost numeric,
               skip_reason text, missing text[])
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT c.customer_id, NULL::bigint, c.customer_name, c.branch_id, c.mobile, c.mobile_masked, c.carrier, c.body,
           c.chars, c.parts, c.cost, c.skip_reason, c.missing
      FROM crm.sms_recipients(p_ids, p_template) c WHERE NOT p_reservations
    UNION ALL
    SELECT NULL::bigint, r.reservation_id, r.recipient_name, r.branch_id, r.mobile, r.mobile_masked, r.carrier,
           r.body, r.chars, r.parts, r.cost, r.skip_reason, r.missing
      FROM crm.sms_reservation_recipients(p_ids, p_template) r WHERE p_reservations;
END;
REVOKE EXECUTE ON FUNCTION crm.sms_source_recipients(bigint[], text, boolean) FROM PUBLIC;
