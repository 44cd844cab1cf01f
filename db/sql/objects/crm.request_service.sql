-- A manager assigns the service relationship (服务关系) of a customer they see to a staff member
-- of their subtree or of a branch they approve for; never to themselves (the assignment is a
-- manager's decision about someone else, and a self-assignment was a way into any customer).
CREATE OR REPLACE FUNCTION crm.request_service(p_customer bigint, p_staff_login text, p_note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_customer crm.customer;
    v_staff crm.staff;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    SELECT * INTO v_customer FROM crm.customer c WHERE c.id = p_customer;
    -- Visible to the caller: re-check the customer policy's rule (a definer bypasses RLS).
    -- (coalesce: a customer without service staff must not make the whole test NULL, i.e. "pass")
    IF NOT FOUND OR NOT coalesce(crm.my_scope() = 'all' OR v_customer.branch_id = ANY (crm.my_scope_branch_ids())
                                 OR v_customer.developer_id = ANY (crm.my_staff_ids())
                                 OR v_customer.service_staff_id = ANY (crm.my_staff_ids()), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such customer among yours';
    END IF;
    SELECT * INTO v_staff FROM crm.staff s WHERE s.login = p_staff_login AND s.status = 'active';
    IF FOUND AND v_staff.id = v_me THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033',
            MESSAGE = 'nobody assigns a customer''s service to themselves: your manager must ask for it';
    END IF;
    IF NOT FOUND OR NOT coalesce(v_staff.id = ANY (crm.staff_subtree(v_me))
                                 OR (crm.has_permission('approve') AND v_staff.branch_id = ANY (crm.my_approval_branch_ids())),
                                 false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('you may not assign customers to "%s"', p_staff_login);
    END IF;
    IF v_customer.service_staff_id = v_staff.id THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'this staff member already serves the customer';
    END IF;
    RETURN crm._start_request('service', v_customer.branch_id, p_customer, v_staff.id, v_me, '{}', p_note);
END
$$;

REVOKE ALL ON FUNCTION crm.request_service(bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.request_service(bigint, text, text) TO crm_staff;
