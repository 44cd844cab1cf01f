-- The final approval's effect, in the deciding transaction.
CREATE OR REPLACE FUNCTION crm._apply_request(p_request crm.approval_request) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_holder text;
BEGIN
    IF p_request.flow_code = 'development' THEN
        SELECT s.name INTO v_holder FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id
         WHERE r.customer_id = p_request.customer_id AND r.kind = 'development' AND r.status = 'live';
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031',
                MESSAGE = format('the customer already has a development relationship with %s', v_holder);
        END IF;
        INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind)
        VALUES (p_request.customer_id, p_request.branch_id, p_request.subject_staff_id, 'development');
        UPDATE crm.reservation SET status = 'matched', decided_at = now()
         WHERE id = p_request.reservation_id AND status = 'matched';
    ELSIF p_request.flow_code = 'service' THEN
        UPDATE crm.relationship SET status = 'released', valid_to = current_date, released_at = now(),
                                    released_by = session_user
         WHERE customer_id = p_request.customer_id AND kind = 'service' AND status = 'live';
        INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind)
        VALUES (p_request.customer_id, p_request.branch_id, p_request.subject_staff_id, 'service');
    ELSIF p_request.flow_code = 'release' THEN
        UPDATE crm.relationship SET status = 'released', valid_to = current_date, released_at = now(),
                                    released_by = session_user
         WHERE id = (p_request.payload ->> 'relationship_id')::bigint AND status = 'live';
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = 'the relationship was already released';
        END IF;
    ELSIF p_request.flow_code = 'transfer' THEN
        UPDATE crm.relationship SET status = 'released', valid_to = current_date, released_at = now(),
                                    released_by = session_user
         WHERE staff_id = p_request.subject_staff_id AND status = 'live';
        UPDATE crm.staff SET staff_type = p_request.payload ->> 'staff_type',
                             branch_id = (p_request.payload ->> 'branch_id')::smallint
         WHERE id = p_request.subject_staff_id;
    ELSE
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('no effect defined for flow "%s"', p_request.flow_code);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm._apply_request(crm.approval_request) FROM PUBLIC;
