-- The requester withdraws a pending request; a request started by a reservation match (no
-- requester) is withdrawn by the staff member it would serve.
CREATE OR REPLACE FUNCTION crm.withdraw_request(p_request bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_request crm.approval_request;
BEGIN
    SELECT * INTO v_request FROM crm.approval_request r WHERE r.id = p_request FOR UPDATE;
    IF NOT FOUND OR NOT coalesce(v_request.requested_by = crm.current_staff_id()
                                 OR (v_request.requested_by IS NULL
                                     AND v_request.subject_staff_id = crm.current_staff_id()), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such request of yours';
    END IF;
    IF v_request.status <> 'pending' THEN
        RAISE EXCEPTION USING ERRCODE = 'CR030', MESSAGE = format('this request is already %s', v_request.status);
    END IF;
    UPDATE crm.approval_request SET status = 'withdrawn', current_post = NULL, decided_at = now(),
                                    version = version + 1
     WHERE id = p_request RETURNING * INTO v_request;
    PERFORM crm.approval_notify(v_request);
END
$$;

REVOKE ALL ON FUNCTION crm.withdraw_request(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.withdraw_request(bigint) TO crm_staff;
