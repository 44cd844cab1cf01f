-- Subscribe customers to an active information column (FAQ 19: one by one, or a whole filtered
-- list or group in one call, the ids resolved on the server), sent by the caller. Customers
-- already subscribed to the column keep their subscription (and its sender). All or nothing:
-- the checks of crm.sms_subscription_targets. Returns {subscribed, already}.
CREATE OR REPLACE FUNCTION crm.sms_subscribe(p_column smallint, p_ids bigint[]) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_target record;
    v_added integer;
BEGIN
    SELECT * INTO v_target FROM crm.sms_subscription_targets(p_ids);
    PERFORM 1 FROM crm.sms_column c WHERE c.id = p_column FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no information column %s', p_column);
    END IF;
    IF NOT (SELECT c.active FROM crm.sms_column c WHERE c.id = p_column) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the column is inactive: it takes no new subscriptions';
    END IF;
    INSERT INTO crm.sms_subscription (column_id, customer_id, branch_id, sender_id)
    SELECT p_column, i, v_target.branch_id, v_target.staff_id FROM unnest(v_target.customer_ids) i
    ON CONFLICT (column_id, customer_id) WHERE ended_at IS NULL DO NOTHING;
    GET DIAGNOSTICS v_added = ROW_COUNT;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, new_values)
    VALUES (session_user, 'sms_subscription', 'subscribe', p_column::text, v_target.branch_id,
            jsonb_build_object('column_id', p_column, 'customers', cardinality(v_target.customer_ids),
                               'subscribed', v_added, 'sender_id', v_target.staff_id));
    RETURN jsonb_build_object('subscribed', v_added, 'already', cardinality(v_target.customer_ids) - v_added);
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_subscribe(smallint, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_subscribe(smallint, bigint[]) TO crm_staff;
