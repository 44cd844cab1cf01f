-- End customers' live subscriptions to a column (history kept: ended_at, ended_by), whoever of
-- the branch's senders sends them. The checks of crm.sms_subscription_targets; an inactive
-- column can be left too. Returns {unsubscribed, not_subscribed}.
CREATE OR REPLACE FUNCTION crm.sms_unsubscribe(p_column smallint, p_ids bigint[]) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_target record;
    v_ended integer;
BEGIN
    SELECT * INTO v_target FROM crm.sms_subscription_targets(p_ids);
    IF NOT EXISTS (SELECT 1 FROM crm.sms_column c WHERE c.id = p_column) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no information column %s', p_column);
    END IF;
    UPDATE crm.sms_subscription s SET ended_at = now(), ended_by = session_user
     WHERE s.column_id = p_column AND s.customer_id = ANY (v_target.customer_ids) AND s.ended_at IS NULL;
    GET DIAGNOSTICS v_ended = ROW_COUNT;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, new_values)
    VALUES (session_user, 'sms_subscription', 'unsubscribe', p_column::text, v_target.branch_id,
            jsonb_build_object('column_id', p_column, 'customers', cardinality(v_target.customer_ids),
                               'unsubscribed', v_ended));
    RETURN jsonb_build_object('unsubscribed', v_ended, 'not_subscribed', cardinality(v_target.customer_ids) - v_ended);
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_unsubscribe(smallint, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_unsubscribe(smallint, bigint[]) TO crm_staff;
