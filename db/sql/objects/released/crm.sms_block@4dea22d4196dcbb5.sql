-- Blacklist or opt-out (FAQ 2.4). HQ blocks any number; a sender marks a customer they can see
-- as opted out (the customer asked for no more messages), by customer id: the number itself is
-- read here and never shown. Returns whether a row was added or changed.
CREATE OR REPLACE FUNCTION crm.sms_block(p_mobile text, p_customer_id bigint, p_kind text, p_note text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_number text;
    v_branch smallint;
    v_count integer;
BEGIN
    IF crm.current_staff_id() IS NULL AND NOT crm.is_operator() THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF p_kind IS NULL OR p_kind NOT IN ('blacklisted', 'opted_out') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a block is blacklisted or opted_out';
    END IF;
    IF p_note IS NOT NULL AND length(p_note) > 500 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a note has at most 500 characters';
    END IF;
    IF (p_mobile IS NULL) = (p_customer_id IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'name either a mobile number or a customer';
    END IF;
    IF p_mobile IS NOT NULL THEN
        PERFORM crm.require_operator_or_hq();
        IF length(p_mobile) > 40 THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'that is not a mobile number';
        END IF;
        v_number := (SELECT m.number FROM crm.sms_classify_mobile(p_mobile) m);
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
    IF v_number IS NULL OR v_number !~ '^[0-9]{6,20}$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'there is no mobile number to block';
    END IF;
    INSERT INTO crm.sms_blacklist (mobile, kind, note) VALUES (v_number, p_kind, p_note)
    ON CONFLICT (mobile) DO UPDATE SET kind = EXCLUDED.kind, note = EXCLUDED.note, created_at = now(),
                                       created_by = session_user
     WHERE crm.sms_blacklist.kind IS DISTINCT FROM EXCLUDED.kind OR crm.sms_blacklist.note IS DISTINCT FROM EXCLUDED.note;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, new_values)
    VALUES (session_user, 'sms_blacklist', 'block', crm.mask_personal('phone', v_number), v_branch,
            jsonb_build_object('kind', p_kind, 'customer_id', p_customer_id));
    RETURN v_count > 0;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_block(text, bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_block(text, bigint, text, text) TO crm_staff;
