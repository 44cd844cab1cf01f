-- Every live subscriber of column p_column as a recipient of the text p_body: the 扩展资料 mobile
-- (FAQ 7) classified, the text rendered with the customer's name and branch and the
-- subscription's sender as {员工}, priced, and why it is skipped before any quota is looked at
-- (the mobile's reasons, then the sender's: crm.sms_sender_problem). Internal (raw mobiles): only
-- crm.sms_issue_preview and crm.sms_agent_deliver_issues call it. Inlined into the caller.
CREATE OR REPLACE FUNCTION crm.sms_issue_recipients(p_column smallint, p_body text)
RETURNS TABLE (subscription_id bigint, customer_id bigint, branch_id smallint, sender_id integer,
               sender_branch_id smallint, mobile text, carrier text, body text, chars integer, parts integer,
               cost numeric, skip_reason text)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT s.id, c.id, c.branch_id, s.sender_id, st.branch_id, m.number, m.carrier, r.body, r.chars, r.parts,
           CASE WHEN m.reason IS NULL THEN r.parts * ca.price_per_part ELSE 0 END,
           coalesce(m.reason, crm.sms_sender_problem(s.sender_id))
      FROM crm.sms_subscription s
      JOIN crm.customer c ON c.id = s.customer_id
      JOIN crm.branch b ON b.id = c.branch_id
      JOIN crm.staff st ON st.id = s.sender_id
      LEFT JOIN crm.customer_ext x ON x.customer_id = c.id
      CROSS JOIN LATERAL crm.sms_classify_mobile(x.mobile) m
      CROSS JOIN LATERAL crm.sms_render(p_body, c.name, c.gender::text, b.name, st.name) r
      LEFT JOIN crm.sms_carrier ca ON ca.code = m.carrier
     WHERE s.column_id = p_column AND s.ended_at IS NULL;
END;
REVOKE EXECUTE ON FUNCTION crm.sms_issue_recipients(smallint, text) FROM PUBLIC;
