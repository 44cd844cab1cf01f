-- The giver of a hand-over, for the caller: a staff member (not closed) they manage (subtree),
-- administer or approve for. One rule for asking (crm.request_handover) and for looking at what
-- would block the request (crm.handover_blockers); anyone else is refused alike, unknown logins too.
CREATE OR REPLACE FUNCTION crm._handover_giver(p_from_login text)
RETURNS crm.staff
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_from crm.staff;
BEGIN
    SELECT * INTO v_from FROM crm.staff s WHERE s.login = p_from_login AND s.status <> 'closed';
    IF v_me IS NULL OR NOT FOUND
       OR NOT coalesce(v_from.id = ANY (crm.staff_subtree(v_me)) OR crm.can_administer(v_from.branch_id)
                       OR (crm.has_permission('approve') AND v_from.branch_id = ANY (crm.my_approval_branch_ids())),
                       false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'you may not hand over the customers of "%s"', left(p_from_login, 64));
    END IF;
    RETURN v_from;
END
$$;

REVOKE ALL ON FUNCTION crm._handover_giver(text) FROM PUBLIC;
COMMENT ON FUNCTION crm._handover_giver(text) IS
    'The hand-over giver named by login, when the caller may hand over their customers (else 42501).';
