-- The agent queues each published issue whose time has come into the SMS outbox, one message
-- per live subscriber, through the same checks as a normal send (crm.sms_issue_recipients: the
-- 扩展资料 mobile, blacklist, opt-out, mainland number, the sender still holding the right and a
-- quota) and charged to the subscription's sender: their quota and their branch's volume are
-- locked (branch row, then sender row, as crm.sms_queue does) and what does not fit is skipped
-- as over_quota. Every subscriber's outcome is a row of crm.sms_issue_delivery, whose key
-- (issue, customer) means an issue never reaches a customer twice, however often this runs;
-- A call advances each of up to p_limit due issues by one chunk of at most 10 000 subscribers in
-- customer order, resuming after the highest customer the issue already reached (the delivery
-- key's index), so that the agent calls it once per chunk, each chunk its own transaction: 2 M
-- subscribers are 200 short transactions instead of one long one, and an agent stopped between
-- two chunks goes on where it stopped. An issue is done (delivered_at, summary) in the
-- transaction of its last chunk. SKIP LOCKED: two agents never work on one issue at once.
-- Returns {issues: issues finished, pending: issues with subscribers left, chunks, queued,
-- skipped}.
CREATE OR REPLACE FUNCTION crm.sms_agent_deliver_issues(p_limit integer DEFAULT 20) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_month date := date_trunc('month', current_date)::date;
    v_issue crm.sms_column_issue;
    v_sender record;
    v_room integer;
    v_batch bigint;
    v_skipped jsonb;
    v_issues integer := 0;
    v_summary jsonb;
    v_queued integer := 0;
    v_skipped_now integer := 0;
    v_chunk constant integer := 10000;
    v_after bigint;
    v_taken integer;
    v_pending integer := 0;
    v_chunks integer := 0;
BEGIN
    FOR v_issue IN
        SELECT * FROM crm.sms_column_issue i
         WHERE i.delivered_at IS NULL AND i.publish_at <= now()
         ORDER BY i.publish_at, i.id
         LIMIT least(greatest(coalesce(p_limit, 20), 1), 1000)
           FOR UPDATE SKIP LOCKED
    LOOP
        v_after := coalesce((SELECT max(d.customer_id) FROM crm.sms_issue_delivery d WHERE d.issue_id = v_issue.id), 0);
        DROP TABLE IF EXISTS pg_temp.sms_issue_recipient;
        CREATE TEMP TABLE pg_temp.sms_issue_recipient ON COMMIT DROP AS
            SELECT r.*, NULL::text AS outcome
              FROM crm.sms_issue_recipients(v_issue.column_id, v_issue.body, v_after, v_chunk) r
             WHERE NOT EXISTS (SELECT 1 FROM crm.sms_issue_delivery d
                                WHERE d.issue_id = v_issue.id AND d.customer_id = r.customer_id)
             ORDER BY r.customer_id
             LIMIT v_chunk;
        v_taken := (SELECT count(*) FROM pg_temp.sms_issue_recipient);
        v_chunks := v_chunks + 1;
        UPDATE pg_temp.sms_issue_recipient SET outcome = skip_reason WHERE skip_reason IS NOT NULL;
        FOR v_sender IN
            SELECT r.sender_id, r.sender_branch_id FROM pg_temp.sms_issue_recipient r WHERE r.outcome IS NULL
             GROUP BY 1, 2 ORDER BY 2, 1
        LOOP
            INSERT INTO crm.sms_branch_usage (branch_id, month) VALUES (v_sender.sender_branch_id, v_month)
            ON CONFLICT DO NOTHING;
            INSERT INTO crm.sms_staff_usage (staff_id, month) VALUES (v_sender.sender_id, v_month) ON CONFLICT DO NOTHING;
            SELECT greatest(least(
                       (SELECT q.monthly_quota FROM crm.sms_quota q WHERE q.staff_id = v_sender.sender_id)
                       - (SELECT u.used FROM crm.sms_staff_usage u
                           WHERE u.staff_id = v_sender.sender_id AND u.month = v_month FOR UPDATE),
                       coalesce((SELECT v.monthly_volume FROM crm.sms_branch_volume v
                                  WHERE v.branch_id = v_sender.sender_branch_id),
                                (SELECT s.default_branch_volume FROM crm.sms_settings s))
                       - (SELECT u.used FROM crm.sms_branch_usage u
                           WHERE u.branch_id = v_sender.sender_branch_id AND u.month = v_month FOR UPDATE)), 0)
              INTO v_room;
            -- In customer order, as many as fit; the rest is skipped with the reason, not lost silently.
            UPDATE pg_temp.sms_issue_recipient r
               SET outcome = CASE WHEN f.running <= v_room THEN 'queue' ELSE 'over_quota' END
              FROM (SELECT x.customer_id, sum(x.parts) OVER (ORDER BY x.customer_id) AS running
                      FROM pg_temp.sms_issue_recipient x
                     WHERE x.sender_id = v_sender.sender_id AND x.outcome IS NULL) f
             WHERE r.customer_id = f.customer_id;
            IF NOT EXISTS (SELECT 1 FROM pg_temp.sms_issue_recipient r
                            WHERE r.sender_id = v_sender.sender_id AND r.outcome = 'queue') THEN
                CONTINUE;
            END IF;
            SELECT coalesce(jsonb_object_agg(k.outcome, k.n), '{}') INTO v_skipped
              FROM (SELECT r.outcome, count(*) AS n FROM pg_temp.sms_issue_recipient r
                     WHERE r.sender_id = v_sender.sender_id AND r.outcome <> 'queue' GROUP BY 1) k;
            INSERT INTO crm.sms_batch (sender_id, branch_id, template, source, recipients, queued, parts, cost, skipped)
            SELECT v_sender.sender_id, v_sender.sender_branch_id, v_issue.body,
                   jsonb_build_object('kind', 'column_issue', 'issue_id', v_issue.id, 'column_id', v_issue.column_id),
                   count(*), count(*) FILTER (WHERE r.outcome = 'queue'),
                   coalesce(sum(r.parts) FILTER (WHERE r.outcome = 'queue'), 0),
                   coalesce(sum(r.cost) FILTER (WHERE r.outcome = 'queue'), 0), v_skipped
              FROM pg_temp.sms_issue_recipient r WHERE r.sender_id = v_sender.sender_id
            RETURNING id INTO v_batch;
            UPDATE crm.sms_branch_usage u SET used = u.used + b.parts FROM crm.sms_batch b
             WHERE b.id = v_batch AND u.branch_id = v_sender.sender_branch_id AND u.month = v_month;
            UPDATE crm.sms_staff_usage u SET used = u.used + b.parts FROM crm.sms_batch b
             WHERE b.id = v_batch AND u.staff_id = v_sender.sender_id AND u.month = v_month;
            WITH queued AS (
                INSERT INTO crm.sms_message (batch_id, customer_id, branch_id, sender_id, sender_branch_id, month,
                                             mobile, carrier, body, chars, parts, cost)
                SELECT v_batch, r.customer_id, r.branch_id, r.sender_id, r.sender_branch_id, v_month, r.mobile,
                       r.carrier, r.body, r.chars, r.parts, r.cost
                  FROM pg_temp.sms_issue_recipient r
                 WHERE r.sender_id = v_sender.sender_id AND r.outcome = 'queue'
                 ORDER BY r.customer_id
                RETURNING id, customer_id)
            INSERT INTO crm.sms_issue_delivery (issue_id, customer_id, subscription_id, branch_id, sender_id, message_id)
            SELECT v_issue.id, r.customer_id, r.subscription_id, r.branch_id, r.sender_id, q.id
              FROM queued q JOIN pg_temp.sms_issue_recipient r ON r.customer_id = q.customer_id;
            PERFORM pg_notify('crm_sms_outbox', v_batch::text);
        END LOOP;
        INSERT INTO crm.sms_issue_delivery (issue_id, customer_id, subscription_id, branch_id, sender_id, skip_reason)
        SELECT v_issue.id, r.customer_id, r.subscription_id, r.branch_id, r.sender_id, r.outcome
          FROM pg_temp.sms_issue_recipient r WHERE r.outcome <> 'queue';
        SELECT v_queued + count(*) FILTER (WHERE r.outcome = 'queue'), v_skipped_now + count(*) FILTER (WHERE r.outcome <> 'queue')
          INTO v_queued, v_skipped_now FROM pg_temp.sms_issue_recipient r;
        DROP TABLE pg_temp.sms_issue_recipient;
        IF v_taken = v_chunk THEN
            -- More subscribers may follow: the next call (its own transaction) goes on after this chunk.
            v_pending := v_pending + 1;
            CONTINUE;
        END IF;
        SELECT jsonb_build_object(
                   'subscribers', (SELECT count(*) FROM crm.sms_issue_delivery d WHERE d.issue_id = v_issue.id),
                   'queued', (SELECT count(*) FROM crm.sms_issue_delivery d
                               WHERE d.issue_id = v_issue.id AND d.message_id IS NOT NULL),
                   'skipped', (SELECT coalesce(jsonb_object_agg(k.skip_reason, k.n), '{}')
                                 FROM (SELECT d.skip_reason, count(*) AS n FROM crm.sms_issue_delivery d
                                        WHERE d.issue_id = v_issue.id AND d.skip_reason IS NOT NULL GROUP BY 1) k))
          INTO v_summary;
        UPDATE crm.sms_column_issue SET delivered_at = now(), summary = v_summary WHERE id = v_issue.id;
        INSERT INTO crm.audit_log (actor, table_name, action, row_key, new_values)
        VALUES (session_user, 'sms_column_issue', 'deliver', v_issue.id::text, v_summary);
        v_issues := v_issues + 1;
    END LOOP;
    -- What this run did (an issue handled again after a crash counts only the customers it had left).
    RETURN jsonb_build_object('issues', v_issues, 'pending', v_pending, 'chunks', v_chunks, 'queued', v_queued,
                              'skipped', v_skipped_now);
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_agent_deliver_issues(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_agent_deliver_issues(integer) TO crm_agent;
