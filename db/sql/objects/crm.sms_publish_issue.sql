-- HQ publishes an issue of an active column: the text (checked like any SMS text: placeholders
-- {姓名} {称呼} {营业部} {员工}, the last being the subscription's sender) and when it goes out
-- (now, or up to 30 days ahead). The agent queues it for every live subscriber once the time has
-- come (crm.sms_agent_deliver_issues). Returns the issue id.
CREATE OR REPLACE FUNCTION crm.sms_publish_issue(p_column smallint, p_body text, p_publish_at timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_at timestamptz := coalesce(p_publish_at, now());
    v_id bigint;
BEGIN
    PERFORM crm.require_operator_or_hq();
    PERFORM crm.sms_check_template(p_body);
    IF NOT EXISTS (SELECT 1 FROM crm.sms_column c WHERE c.id = p_column FOR SHARE) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no information column %s', p_column);
    END IF;
    IF NOT (SELECT c.active FROM crm.sms_column c WHERE c.id = p_column) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the column is inactive: activate it before publishing';
    END IF;
    IF v_at < now() - interval '1 hour' OR v_at > now() + interval '30 days' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'an issue goes out now or within the next 30 days';
    END IF;
    INSERT INTO crm.sms_column_issue (column_id, body, publish_at) VALUES (p_column, p_body, greatest(v_at, now()))
    RETURNING id INTO v_id;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, new_values)
    VALUES (session_user, 'sms_column_issue', 'publish', v_id::text,
            jsonb_build_object('column_id', p_column, 'publish_at', greatest(v_at, now()), 'chars', length(p_body)));
    PERFORM pg_notify('crm_sms_outbox', 'issue:' || v_id);
    RETURN v_id;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_publish_issue(smallint, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_publish_issue(smallint, text, timestamptz) TO crm_staff;
