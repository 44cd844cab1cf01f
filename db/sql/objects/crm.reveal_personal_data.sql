-- One value of one customer in full, audited. The caller needs the right and the customer in
-- their relationships' scope (developer or service staff is the caller or someone below them)
-- or in their 营业部范围; a customer seen only in the public pool stays masked. An invisible or
-- missing customer is "not found" alike.
CREATE OR REPLACE FUNCTION crm.reveal_personal_data(p_customer bigint, p_field text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_customer crm.customer;
    v_ext crm.customer_ext;
    v_value text;
BEGIN
    IF crm.current_staff_id() IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF p_field IS NULL OR p_field NOT IN ('id_no', 'mobile', 'ext_mobile', 'phone', 'address') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'the field must be one of id_no, mobile, ext_mobile, phone, address';
    END IF;
    IF NOT crm.has_permission('reveal_personal_data') THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'the right to see full personal data (查看完整个人信息) is required';
    END IF;
    SELECT c.* INTO v_customer FROM crm.customer c
     WHERE c.id = p_customer AND c.id IN (SELECT crm.visible_customer_ids(ARRAY[p_customer]));
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('customer %s not found', p_customer);
    END IF;
    IF NOT coalesce(v_customer.developer_id = ANY (crm.my_staff_ids())
                    OR v_customer.service_staff_id = ANY (crm.my_staff_ids())
                    OR v_customer.branch_id = ANY (crm.my_scope_branch_ids()), false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only the customer''s own developer or service staff and their managers may see full personal data';
    END IF;
    SELECT x.* INTO v_ext FROM crm.customer_ext x WHERE x.customer_id = p_customer;
    v_value := CASE p_field
                   WHEN 'id_no' THEN v_customer.id_no
                   WHEN 'mobile' THEN v_customer.mobile
                   WHEN 'ext_mobile' THEN v_ext.mobile
                   WHEN 'phone' THEN v_ext.phone
                   ELSE v_ext.address END;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, new_values)
    VALUES (session_user, 'customer', 'reveal', p_customer::text, v_customer.branch_id,
            jsonb_build_object('field', p_field));
    RETURN v_value;
END
$$;

REVOKE ALL ON FUNCTION crm.reveal_personal_data(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.reveal_personal_data(bigint, text) TO crm_staff;
