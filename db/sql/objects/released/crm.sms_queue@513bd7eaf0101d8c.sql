-- Queue one message per sendable recipient, in one transaction with the charge: the send right,
-- the message text, visibility of every customer, the blacklist and the mobile re-checked here;
-- the sender's HQ quota and their branch's monthly volume locked (row locks on this month's
-- usage rows: concurrent senders of one branch queue behind each other) and charged in parts.
-- Refuses the whole batch (nothing queued, nothing charged) when a placeholder is empty for a
-- sendable recipient, when HQ set no quota (CR040), or when the batch does not fit (CR041).
CREATE OR REPLACE FUNCTION crm.sms_queue(p_ids bigint[], p_template text, p_source jsonb DEFAULT '{}')
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff integer := crm.sms_require_sender(p_template);
    v_branch smallint := (SELECT s.branch_id FROM crm.staff s WHERE s.id = v_staff);
    v_month date := date_trunc('month', current_date)::date;
    v_ids bigint[];
    v_quota integer;
    v_volume integer;
    v_used integer;
    v_branch_used integer;
    v_recipients integer;
    v_parts integer;
    v_cost numeric;
    v_queued integer;
    v_skipped jsonb;
    v_missing text;
    v_example text;
    v_batch bigint;
BEGIN
    IF p_source IS NULL OR jsonb_typeof(p_source) <> 'object' OR octet_length(p_source::text) > 100000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the recipient source description is not valid';
    END IF;
    v_ids := ARRAY(SELECT DISTINCT i FROM unnest(p_ids) i WHERE i IS NOT NULL);
    IF cardinality(v_ids) > 1000000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'at most 1 000 000 recipients at a time';
    END IF;
    SELECT q.monthly_quota INTO v_quota FROM crm.sms_quota q WHERE q.staff_id = v_staff;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CR040',
            MESSAGE = 'HQ has set no monthly SMS quota (每月发送条数) for you, so you cannot send: ask HQ to set one';
    END IF;

    DROP TABLE IF EXISTS pg_temp.sms_queue_recipient;
    CREATE TEMP TABLE pg_temp.sms_queue_recipient ON COMMIT DROP AS
        SELECT * FROM crm.sms_recipients(v_ids, p_template);
    SELECT count(*), count(*) FILTER (WHERE r.skip_reason IS NULL),
           coalesce(sum(r.parts) FILTER (WHERE r.skip_reason IS NULL), 0),
           coalesce(sum(r.cost) FILTER (WHERE r.skip_reason IS NULL), 0)
      INTO v_recipients, v_queued, v_parts, v_cost FROM pg_temp.sms_queue_recipient r;
    IF v_recipients < cardinality(v_ids) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('%s of the %s customers are not visible to you', cardinality(v_ids) - v_recipients,
                             cardinality(v_ids));
    END IF;
    SELECT f, r.customer_name INTO v_missing, v_example
      FROM pg_temp.sms_queue_recipient r, unnest(r.missing) f WHERE r.skip_reason IS NULL LIMIT 1;
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('the field {%s} is empty for %s of the recipients (for example %s): nothing was sent',
                             v_missing, (SELECT count(*) FROM pg_temp.sms_queue_recipient r
                                          WHERE r.skip_reason IS NULL AND v_missing = ANY (r.missing)), v_example);
    END IF;
    SELECT coalesce(jsonb_object_agg(k.skip_reason, k.n), '{}') INTO v_skipped
      FROM (SELECT r.skip_reason, count(*) AS n FROM pg_temp.sms_queue_recipient r WHERE r.skip_reason IS NOT NULL
             GROUP BY 1) k;
    IF v_queued = 0 THEN
        RETURN jsonb_build_object('batch_id', NULL, 'queued', 0, 'parts', 0, 'cost', 0, 'skipped', v_skipped);
    END IF;

    -- Branch row first, then the sender's: one lock order for every sender.
    INSERT INTO crm.sms_branch_usage (branch_id, month) VALUES (v_branch, v_month) ON CONFLICT DO NOTHING;
    SELECT u.used INTO v_branch_used FROM crm.sms_branch_usage u
     WHERE u.branch_id = v_branch AND u.month = v_month FOR UPDATE;
    INSERT INTO crm.sms_staff_usage (staff_id, month) VALUES (v_staff, v_month) ON CONFLICT DO NOTHING;
    SELECT u.used INTO v_used FROM crm.sms_staff_usage u WHERE u.staff_id = v_staff AND u.month = v_month FOR UPDATE;
    -- Re-read under the lock: HQ may have changed it meanwhile.
    SELECT q.monthly_quota INTO v_quota FROM crm.sms_quota q WHERE q.staff_id = v_staff;
    IF v_quota IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR040',
            MESSAGE = 'HQ has set no monthly SMS quota (每月发送条数) for you, so you cannot send: ask HQ to set one';
    END IF;
    IF v_used + v_parts > v_quota THEN
        RAISE EXCEPTION USING ERRCODE = 'CR041',
            MESSAGE = format('this batch needs %s message parts but only %s of your monthly quota of %s remain: nothing was queued',
                             v_parts, greatest(v_quota - v_used, 0), v_quota);
    END IF;
    v_volume := coalesce((SELECT v.monthly_volume FROM crm.sms_branch_volume v WHERE v.branch_id = v_branch),
                         (SELECT s.default_branch_volume FROM crm.sms_settings s));
    IF v_branch_used + v_parts > v_volume THEN
        RAISE EXCEPTION USING ERRCODE = 'CR041',
            MESSAGE = format('this batch needs %s message parts but only %s of your branch''s monthly volume of %s remain: nothing was queued; the branch may ask HQ for more',
                             v_parts, greatest(v_volume - v_branch_used, 0), v_volume);
    END IF;
    UPDATE crm.sms_branch_usage SET used = used + v_parts WHERE branch_id = v_branch AND month = v_month;
    UPDATE crm.sms_staff_usage SET used = used + v_parts WHERE staff_id = v_staff AND month = v_month;

    INSERT INTO crm.sms_batch (sender_id, branch_id, template, source, recipients, queued, parts, cost, skipped)
    VALUES (v_staff, v_branch, p_template, p_source, v_recipients, v_queued, v_parts, v_cost, v_skipped)
    RETURNING id INTO v_batch;
    INSERT INTO crm.sms_message (batch_id, customer_id, branch_id, sender_id, sender_branch_id, month, mobile,
                                 carrier, body, chars, parts, cost)
    SELECT v_batch, r.customer_id, r.branch_id, v_staff, v_branch, v_month, r.mobile, r.carrier, r.body, r.chars,
           r.parts, r.cost
      FROM pg_temp.sms_queue_recipient r WHERE r.skip_reason IS NULL ORDER BY r.customer_id;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, new_values)
    VALUES (session_user, 'sms_batch', 'queue', v_batch::text, v_branch,
            jsonb_build_object('recipients', v_recipients, 'queued', v_queued, 'parts', v_parts, 'cost', v_cost,
                               'skipped', v_skipped, 'source', p_source));
    DROP TABLE pg_temp.sms_queue_recipient;
    PERFORM pg_notify('crm_sms_outbox', v_batch::text);
    RETURN jsonb_build_object('batch_id', v_batch, 'queued', v_queued, 'parts', v_parts, 'cost', v_cost,
                              'skipped', v_skipped);
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_queue(bigint[], text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_queue(bigint[], text, jsonb) TO crm_staff;
