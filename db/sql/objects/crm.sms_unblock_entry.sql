-- Lift one entry of the blacklist / opt-outs by its id (the caller never knows the number), with
-- the reason, audited. HQ lifts any entry; HQ's blacklisting only HQ. A sender or a branch
-- administrator lifts an opt-out recorded for a customer they see (the customer asked to
-- receive messages again). Returns false when the entry is gone (lifted meanwhile); an entry the
-- caller may not see is refused as not visible, the same answer as for a missing id would leak
-- nothing more than the list itself shows.
CREATE OR REPLACE FUNCTION crm.sms_unblock_entry(p_id bigint, p_reason text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_hq boolean := crm.is_operator() OR crm.has_permission('admin_all');
    v_row crm.sms_blacklist;
BEGIN
    IF crm.current_staff_id() IS NULL AND NOT crm.is_operator() THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF NOT (v_hq OR crm.has_permission('sms_send') OR crm.has_permission('admin_branch')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the SMS send right (短信发送) is required';
    END IF;
    IF p_reason IS NULL OR btrim(p_reason, E' \t\u3000') = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'say why the block is lifted (a reason is required)';
    END IF;
    IF length(p_reason) > 500 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a reason has at most 500 characters';
    END IF;
    IF p_reason ~ '[[:cntrl:]\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the reason contains a control or invisible character';
    END IF;
    SELECT * INTO v_row FROM crm.sms_blacklist b WHERE b.id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF NOT v_hq THEN
        IF v_row.kind = 'blacklisted' THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'HQ has blacklisted this number: only HQ lifts that';
        END IF;
        IF v_row.branch_id IS NULL OR NOT v_row.branch_id = ANY (crm.my_visible_branch_ids())
           OR (v_row.customer_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM crm.visible_customer_ids(ARRAY[v_row.customer_id]))) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'that entry is not one of your branch''s customers';
        END IF;
    END IF;
    DELETE FROM crm.sms_blacklist WHERE id = p_id;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, old_values, new_values)
    VALUES (session_user, 'sms_blacklist', 'unblock', crm.mask_personal('phone', v_row.mobile), v_row.branch_id,
            jsonb_build_object('kind', v_row.kind, 'note', v_row.note, 'customer_id', v_row.customer_id,
                               'created_by', v_row.created_by, 'created_at', v_row.created_at),
            jsonb_build_object('reason', p_reason));
    RETURN true;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_unblock_entry(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_unblock_entry(bigint, text) TO crm_staff;
COMMENT ON FUNCTION crm.sms_unblock_entry(bigint, text) IS
    'Lift one SMS blacklist / opt-out entry by id, with a reason (audited); HQ blacklisting only by HQ.';
