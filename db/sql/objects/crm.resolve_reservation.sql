-- The way out of review (FAQ 31), for the reservation's reviewers (crm.may_review_reservation),
-- never for the staff member who registered it (four eyes). The caller names the version they
-- saw; a second approver or a stale window gets "already resolved" (CR030) and nothing changes.
--   confirm  p_customer, one of crm.reservation_review_candidates and confirmable: starts the
--            development request exactly as the matcher does (requested by nobody, for the
--            reservation's staff member, linked to the reservation); returns the request id
--   reject   p_reason (required): the reservation ends as 'rejected' with the reason
--   extend   p_days (1-20) working days from today or the old window's end, whichever is later:
--            the reservation is open again and the next T+1 loads match it
-- Audited (crm.audit_log, action review_confirm / review_reject / review_extend, session_user).
CREATE OR REPLACE FUNCTION crm.resolve_reservation(p_reservation bigint, p_version integer, p_action text,
                                                   p_customer bigint DEFAULT NULL, p_reason text DEFAULT NULL,
                                                   p_days integer DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v crm.reservation;
    v_candidate record;
    v_request bigint;
    v_reason text := nullif(btrim(p_reason), '');
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF p_action IS NULL OR p_action NOT IN ('confirm', 'reject', 'extend') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'resolve a review item with "confirm", "reject" or "extend"';
    END IF;
    SELECT * INTO v FROM crm.reservation r WHERE r.id = p_reservation FOR UPDATE;
    IF NOT FOUND OR NOT crm.may_review_reservation(v.branch_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no reservation %s to review', p_reservation);
    END IF;
    IF v.staff_id = v_me THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033',
            MESSAGE = 'you registered this reservation: another approver must resolve it';
    END IF;
    IF v.status <> 'review' OR v.version IS DISTINCT FROM p_version THEN
        RAISE EXCEPTION USING ERRCODE = 'CR030', MESSAGE = format(
            'this reservation was already resolved or changed (now %s, at %s): reload it',
            v.status, to_char(v.modified_at, 'YYYY-MM-DD HH24:MI:SS'));
    END IF;
    IF p_action = 'confirm' THEN
        SELECT * INTO v_candidate FROM crm.reservation_review_candidates(p_reservation) c
         WHERE c.customer_id = p_customer;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = 'this account is not one of the review item''s candidates';
        END IF;
        IF NOT v_candidate.confirmable THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = format(
                'account %s cannot be confirmed (%s): it needs no development relationship, no pending '
                'development request, and the ID number (or the name and the mobile) equal',
                v_candidate.account_no, array_to_string(v_candidate.why, ', '));
        END IF;
        v_request := crm._start_request('development', v.branch_id, p_customer, v.staff_id, NULL,
                                        jsonb_build_object('confirmed_in_review_by', v_me), NULL, v.id);
        UPDATE crm.reservation SET status = 'matched', customer_id = p_customer, request_id = v_request,
                                   reason = NULL, reason_detail = NULL, decided_at = now()
         WHERE id = v.id;
    ELSIF p_action = 'reject' THEN
        IF v_reason IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'say why the reservation is rejected';
        END IF;
        IF length(v_reason) > 1000 THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a reason has at most 1000 characters';
        END IF;
        UPDATE crm.reservation SET status = 'rejected', reason = 'review_rejected', reason_detail = v_reason,
                                   decided_at = now()
         WHERE id = v.id;
    ELSE
        IF p_days IS NULL OR p_days NOT BETWEEN 1 AND 20 THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'extend by 1 to 20 working days';
        END IF;
        UPDATE crm.reservation SET status = 'open', customer_id = NULL, reason = NULL, reason_detail = NULL,
                                   decided_at = NULL,
                                   window_end = crm.add_working_days(greatest(current_date, v.window_end), p_days)
         WHERE id = v.id;
    END IF;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, old_values, new_values)
    SELECT session_user, 'reservation', 'review_' || p_action, v.id::text, v.branch_id,
           jsonb_build_object('status', v.status, 'reason', v.reason, 'window_end', v.window_end,
                              'customer_id', v.customer_id),
           jsonb_build_object('status', r.status, 'customer_id', r.customer_id, 'request_id', v_request,
                              'window_end', r.window_end, 'reason', v_reason)
      FROM crm.reservation r WHERE r.id = v.id;
    RETURN v_request;
END
$$;

REVOKE ALL ON FUNCTION crm.resolve_reservation(bigint, integer, text, bigint, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.resolve_reservation(bigint, integer, text, bigint, text, integer) TO crm_staff;
COMMENT ON FUNCTION crm.resolve_reservation(bigint, integer, text, bigint, text, integer) IS
    'Confirm a candidate, reject with a reason or extend a reservation in review (its reviewers only).';
