-- What keeps a hand-over from its effective day (QA walk): the giver's live relationships of the
-- kind that began on or after the day, which crm.request_handover refuses to end before they
-- began. Named (account, name, since) to whoever may hand the giver's customers over, as the
-- request's customer list is named to those who see it; the dialog offers to hand over the
-- others (crm.request_handover's p_leave_out). p_customers: only those of a selection.
-- The same bounds as a request: at most 20000 rows, newest first.
CREATE OR REPLACE FUNCTION crm.handover_blockers(p_from_login text, p_kind text, p_effective date,
                                                 p_customers bigint[] DEFAULT NULL)
RETURNS TABLE (customer_id bigint, account_no text, customer_name text, valid_from date)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT r.customer_id, c.account_no, c.name, r.valid_from
      FROM (SELECT (crm._handover_giver(p_from_login)).id AS id OFFSET 0) g
      JOIN crm.relationship r ON r.staff_id = g.id
      JOIN crm.customer c ON c.id = r.customer_id
     WHERE r.kind = p_kind AND r.status = 'live' AND r.valid_from >= p_effective
       AND (p_customers IS NULL OR r.customer_id = ANY (p_customers))
     ORDER BY r.valid_from DESC, c.account_no
     LIMIT 20000
$$;

REVOKE ALL ON FUNCTION crm.handover_blockers(text, text, date, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.handover_blockers(text, text, date, bigint[]) TO crm_staff;
COMMENT ON FUNCTION crm.handover_blockers(text, text, date, bigint[]) IS
    'The giver''s relationships of a kind begun on or after a hand-over''s effective day (they block it).';
