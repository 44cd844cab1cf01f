-- Every named reservation (预约) as an SMS recipient of the caller: the prospect's own mobile
-- (there is no customer record yet), classified like a customer's (blacklist, mainland, Hong
-- Kong / Macau), the message rendered with a neutral 称呼 (a reservation records no gender),
-- priced and charged to the reservation's branch. A reservation that is no longer open is
-- skipped (reservation_closed): the prospect has become a customer, or the reservation ended.
-- Internal like crm.sms_recipients (raw mobiles); reservations the caller cannot see are left out.
CREATE OR REPLACE FUNCTION crm.sms_reservation_recipients(p_ids bigint[], p_template text)
RETURNS TABLE (reservation_id bigint, recipient_name text, branch_id smallint, mobile text, mobile_masked text,
               carrier text, body text, chars integer, parts integer, cost numeric, skip_reason text,
               missing text[])
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT r.id, r.name, r.branch_id, m.number, crm.mask_personal('phone', m.number), m.carrier,
           t.body, t.chars, t.parts,
           CASE WHEN r.status = 'open' AND m.reason IS NULL THEN t.parts * ca.price_per_part ELSE 0 END,
           CASE WHEN r.status <> 'open' THEN 'reservation_closed' ELSE m.reason END, t.missing
      FROM crm.visible_reservation_ids(p_ids) v(id)
      JOIN crm.reservation r ON r.id = v.id
      JOIN crm.branch b ON b.id = r.branch_id
      CROSS JOIN LATERAL crm.sms_classify_mobile(r.mobile) m
      CROSS JOIN (SELECT s.name FROM crm.staff s WHERE s.id = crm.current_staff_id()) me
      CROSS JOIN LATERAL crm.sms_render(p_template, r.name, 'neutral', b.name, me.name) t
      LEFT JOIN crm.sms_carrier ca ON ca.code = m.carrier;
END;
REVOKE EXECUTE ON FUNCTION crm.sms_reservation_recipients(bigint[], text) FROM PUBLIC;
