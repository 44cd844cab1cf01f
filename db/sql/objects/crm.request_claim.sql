-- A staff member claims a public-pool customer (公有客户) they can see: development for themselves.
CREATE OR REPLACE FUNCTION crm.request_claim(p_customer bigint, p_note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_customer crm.customer;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    SELECT * INTO v_customer FROM crm.customer c WHERE c.id = p_customer FOR SHARE;
    -- Visible to the caller (the customer policy's rule): a developed customer of someone else's
    -- in a pool branch is "not found", not "developed by X".
    -- (coalesce: a NULL developer or service staff must not make the whole test NULL, i.e. "pass")
    IF NOT FOUND OR NOT coalesce((v_customer.developer_id IS NULL AND v_customer.branch_id = ANY (crm.my_pool_branch_ids()))
                                 OR v_customer.branch_id = ANY (crm.my_scope_branch_ids())
                                 OR v_customer.developer_id = ANY (crm.my_staff_ids())
                                 OR v_customer.service_staff_id = ANY (crm.my_staff_ids()), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such customer in your public pool';
    END IF;
    IF v_customer.developer_id IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = format(
            'the customer already has a development relationship with %s',
            (SELECT s.name FROM crm.staff s WHERE s.id = v_customer.developer_id));
    END IF;
    RETURN crm._start_request('development', v_customer.branch_id, p_customer, v_me, v_me, '{}', p_note);
END
$$;

REVOKE ALL ON FUNCTION crm.request_claim(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.request_claim(bigint, text) TO crm_staff;
