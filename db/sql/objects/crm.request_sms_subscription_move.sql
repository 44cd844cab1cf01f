-- FAQ 2.3: the branch changed its 信息管理员. Ask that every live subscription sent by p_from move
-- to p_to in one approved action (flow sms_subscription_move: the branch's marketing director,
-- then HQ's marketing post; applied by crm._apply_request). The requester is a sender
-- (短信发送) or an administrator of the branch; both senders are of the requester's branch (an
-- administrator's: the branches they administer), p_to active and holding the send right.
-- The request names p_from, so neither the requester nor p_from decides it. Returns its id.
CREATE OR REPLACE FUNCTION crm.request_sms_subscription_move(p_from integer, p_to integer, p_note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_from crm.staff;
    v_to crm.staff;
    v_count bigint;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    SELECT * INTO v_from FROM crm.staff s WHERE s.id = p_from;
    SELECT * INTO v_to FROM crm.staff s WHERE s.id = p_to;
    IF v_from.id IS NULL OR v_to.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such staff member';
    END IF;
    IF NOT ((crm.has_permission('sms_send') AND v_from.branch_id = (SELECT s.branch_id FROM crm.staff s WHERE s.id = v_me))
            OR v_from.branch_id = ANY (crm.my_admin_branch_ids())) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only a sender (短信发送) or an administrator of the branch asks to move its subscriptions';
    END IF;
    IF p_from = p_to THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'choose another sender to move the subscriptions to';
    END IF;
    IF v_to.branch_id <> v_from.branch_id THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the new sender must be of the same branch';
    END IF;
    IF crm.sms_sender_problem(p_to) = 'sender_not_allowed' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('%s is not an active holder of the SMS send right (短信发送)', v_to.name);
    END IF;
    SELECT count(*) INTO v_count FROM crm.sms_subscription s WHERE s.sender_id = p_from AND s.ended_at IS NULL;
    IF v_count = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('%s sends no subscriptions', v_from.name);
    END IF;
    IF p_note IS NOT NULL AND length(p_note) > 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a note has at most 1 000 characters';
    END IF;
    RETURN crm._start_request('sms_subscription_move', v_from.branch_id, NULL, p_from, v_me,
        jsonb_build_object('from_sender_id', p_from, 'from_sender_name', v_from.name, 'to_sender_id', p_to,
                           'to_sender_name', v_to.name, 'subscriptions', v_count), p_note);
END
$$;
REVOKE EXECUTE ON FUNCTION crm.request_sms_subscription_move(integer, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.request_sms_subscription_move(integer, integer, text) TO crm_staff;
