-- 调岗: a manager moves a staff member of their subtree to another type and/or branch; on approval
-- the staff member's live relationships are released first (their customers go to the pool).
CREATE OR REPLACE FUNCTION crm.request_transfer(p_staff_login text, p_staff_type text, p_branch_code text,
                                     p_note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_staff crm.staff;
    v_branch smallint;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    SELECT * INTO v_staff FROM crm.staff s WHERE s.login = p_staff_login AND s.status = 'active';
    IF NOT FOUND OR v_staff.id = v_me OR NOT coalesce(v_staff.id = ANY (crm.staff_subtree(v_me))
                                                      OR crm.can_administer(v_staff.branch_id), false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('you may not transfer "%s"', p_staff_login);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM crm.staff_type t WHERE t.code = p_staff_type) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown staff type "%s"', p_staff_type);
    END IF;
    SELECT b.id INTO v_branch FROM crm.branch b WHERE b.code = p_branch_code;
    IF v_branch IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown branch "%s"', p_branch_code);
    END IF;
    RETURN crm._start_request('transfer', v_staff.branch_id, NULL, v_staff.id, v_me,
                              jsonb_build_object('staff_type', p_staff_type, 'branch_id', v_branch,
                                                 'from_type', v_staff.staff_type, 'from_branch_id', v_staff.branch_id),
                              p_note);
END
$$;

REVOKE ALL ON FUNCTION crm.request_transfer(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.request_transfer(text, text, text, text) TO crm_staff;
