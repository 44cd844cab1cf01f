-- The review queue (FAQ 31): reservations waiting for a person's decision in the branches whose
-- development requests the caller approves, oldest first (keyset: after the last id). Not the
-- caller's own reservations (four eyes: another approver resolves them). Personal data masked.
CREATE OR REPLACE FUNCTION crm.reservation_review_page(p_after bigint DEFAULT 0, p_limit integer DEFAULT 200)
RETURNS TABLE (id bigint, branch_id smallint, branch_code text, branch_name text, staff_name text,
               staff_login text, name text, id_no text, mobile text, note text, registered_on date,
               window_end date, reason text, reason_detail text, matched_customer_id bigint,
               decided_at timestamptz, version integer)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT r.id, r.branch_id, b.code, b.name, s.name, s.login, r.name, r.id_no_masked, r.mobile_masked, r.note,
           r.registered_on, r.window_end, r.reason, r.reason_detail, r.customer_id, r.decided_at, r.version
      FROM crm.branch b
      JOIN LATERAL (SELECT x.* FROM crm.reservation x
                     WHERE x.status = 'review' AND x.branch_id = b.id AND x.id > coalesce(p_after, 0)
                     ORDER BY x.id LIMIT least(greatest(coalesce(p_limit, 200), 1), 2000)) r ON true
      JOIN crm.staff s ON s.id = r.staff_id
     WHERE crm.may_review_reservation(b.id)
       AND r.staff_id IS DISTINCT FROM crm.current_staff_id()
     ORDER BY r.id
     LIMIT least(greatest(coalesce(p_limit, 200), 1), 2000)
$$;

REVOKE ALL ON FUNCTION crm.reservation_review_page(bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.reservation_review_page(bigint, integer) TO crm_staff;
COMMENT ON FUNCTION crm.reservation_review_page(bigint, integer) IS
    'Reservations in review (待人工确认) the caller may resolve, oldest first, keyset by id.';
