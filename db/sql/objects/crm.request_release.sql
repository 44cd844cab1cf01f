-- Release (解除) of a live relationship by its holder or someone above them.
CREATE OR REPLACE FUNCTION crm.request_release(p_customer bigint, p_kind text, p_note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_rel crm.relationship;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    SELECT * INTO v_rel FROM crm.relationship r
     WHERE r.customer_id = p_customer AND r.kind = p_kind AND r.status = 'live';
    IF NOT FOUND OR NOT (v_rel.staff_id = ANY (crm.staff_subtree(v_me))) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no live relationship of yours (or your team''s) to release';
    END IF;
    RETURN crm._start_request('release', v_rel.branch_id, p_customer, v_rel.staff_id, v_me,
                              jsonb_build_object('kind', p_kind, 'relationship_id', v_rel.id), p_note);
END
$$;

REVOKE ALL ON FUNCTION crm.request_release(bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.request_release(bigint, text, text) TO crm_staff;
