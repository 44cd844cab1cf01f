-- Every named customer as an SMS recipient of the caller: the 扩展资料 mobile (never the counter
-- mobile, FAQ 7) classified, the message rendered and priced. Internal (it returns raw mobiles):
-- only crm.sms_preview and crm.sms_queue call it. Customers the caller cannot see are left out;
-- the callers refuse the whole request when any is. SQL-standard body without SET: inlined into
-- the caller's statement, so it is planned for the actual recipients.
CREATE OR REPLACE FUNCTION crm.sms_recipients(p_ids bigint[], p_template text)
RETURNS TABLE (customer_id bigint, customer_name text, branch_id smallint, mobile text, mobile_masked text,
               carrier text, body text, chars integer, parts integer, cost numeric, skip_reason text,
               missing text[])
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT c.id, c.name, c.branch_id, m.number, crm.mask_personal('phone', m.number), m.carrier,
           r.body, r.chars, r.parts, CASE WHEN m.reason IS NULL THEN r.parts * ca.price_per_part ELSE 0 END,
           m.reason, r.missing
      FROM crm.visible_customer_ids(p_ids) v(id)
      JOIN crm.customer c ON c.id = v.id
      JOIN crm.branch b ON b.id = c.branch_id
      LEFT JOIN crm.customer_ext x ON x.customer_id = c.id
      CROSS JOIN LATERAL crm.sms_classify_mobile(x.mobile) m
      CROSS JOIN (SELECT s.name FROM crm.staff s WHERE s.id = crm.current_staff_id()) me
      CROSS JOIN LATERAL crm.sms_render(p_template, c.name, c.gender::text, b.name, me.name) r
      LEFT JOIN crm.sms_carrier ca ON ca.code = m.carrier;
END;
REVOKE EXECUTE ON FUNCTION crm.sms_recipients(bigint[], text) FROM PUBLIC;
