-- Lifting a block: HQ for any number; the blacklist (set by HQ) only by HQ.
CREATE OR REPLACE FUNCTION crm.sms_unblock(p_mobile text, p_customer_id bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_number text;
    v_branch smallint;
    v_kind text;
BEGIN
    IF crm.current_staff_id() IS NULL AND NOT crm.is_operator() THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF (p_mobile IS NULL) = (p_customer_id IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'name either a mobile number or a customer';
    END IF;
    IF p_mobile IS NOT NULL THEN
        PERFORM crm.require_operator_or_hq();
        v_number := (SELECT m.number FROM crm.sms_classify_mobile(left(p_mobile, 40)) m);
    ELSE
        IF NOT (crm.has_permission('sms_send') OR crm.has_permission('admin_all') OR crm.is_operator()) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the SMS send right (短信发送) is required';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM crm.visible_customer_ids(ARRAY[p_customer_id])) AND NOT crm.is_operator() THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'that customer is not visible to you';
        END IF;
        SELECT m.number, x.branch_id INTO v_number, v_branch
          FROM crm.customer_ext x, crm.sms_classify_mobile(x.mobile) m WHERE x.customer_id = p_customer_id;
    END IF;
    SELECT b.kind INTO v_kind FROM crm.sms_blacklist b WHERE b.mobile = v_number FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF v_kind = 'blacklisted' THEN
        PERFORM crm.require_operator_or_hq();
    END IF;
    DELETE FROM crm.sms_blacklist WHERE mobile = v_number;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, old_values)
    VALUES (session_user, 'sms_blacklist', 'unblock', crm.mask_personal('phone', v_number), v_branch,
            jsonb_build_object('kind', v_kind, 'customer_id', p_customer_id));
    RETURN true;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_unblock(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_unblock(text, bigint) TO crm_staff;
