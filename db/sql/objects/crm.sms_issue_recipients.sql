-- The live subscribers of column p_column after customer p_after (0: from the first), the first
-- p_limit of them in customer order (NULL: all), as recipients of the text p_body: the 扩展资料
-- mobile (FAQ 7) classified, the text rendered with the customer's name and branch and the
-- subscription's sender as {员工}, priced, and why it is skipped before any quota is looked at
-- (the mobile's reasons, then the sender's: crm.sms_sender_problem).
-- p_after and p_limit let the agent's chunks (crm.sms_agent_deliver_issues) take their subscribers
-- straight from the live-subscription index (column, customer), before any mobile is classified
-- or text rendered: a caller's range and LIMIT did not reach the subscriptions through the joins,
-- so each chunk scanned from the first subscriber (or classified all that followed). Internal
-- (raw mobiles): only crm.sms_issue_preview and crm.sms_agent_deliver_issues call it. Inlined
-- into the caller.
CREATE OR REPLACE FUNCTION crm.sms_issue_recipients(p_column smallint, p_body text, p_after bigint,
                                                    p_limit integer)
RETURNS TABLE (subscription_id bigint, customer_id bigint, branch_id smallint, sender_id integer,
               sender_branch_id smallint, mobile text, carrier text, body text, chars integer, parts integer,
               cost numeric, skip_reason text)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT s.id, c.id, c.branch_id, s.sender_id, st.branch_id, m.number, m.carrier, r.body, r.chars, r.parts,
           CASE WHEN m.reason IS NULL THEN r.parts * ca.price_per_part ELSE 0 END,
           coalesce(m.reason, crm.sms_sender_problem(s.sender_id))
      FROM (SELECT * FROM crm.sms_subscription l
             WHERE l.column_id = p_column AND l.ended_at IS NULL AND l.customer_id > p_after
             ORDER BY l.customer_id LIMIT p_limit) s
      JOIN crm.customer c ON c.id = s.customer_id
      JOIN crm.branch b ON b.id = c.branch_id
      JOIN crm.staff st ON st.id = s.sender_id
      LEFT JOIN crm.customer_ext x ON x.customer_id = c.id
      CROSS JOIN LATERAL crm.sms_classify_mobile(x.mobile) m
      CROSS JOIN LATERAL crm.sms_render(p_body, c.name, c.gender::text, b.name, st.name) r
      LEFT JOIN crm.sms_carrier ca ON ca.code = m.carrier;
END;
REVOKE EXECUTE ON FUNCTION crm.sms_issue_recipients(smallint, text, bigint, integer) FROM PUBLIC;
