-- The final approval's effect, in the deciding transaction.
CREATE OR REPLACE FUNCTION crm._apply_request(p_request crm.approval_request) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_holder text;
    v_kind text;
    v_day date;
    v_count integer;
    v_customers bigint[];
    v_written bigint[];
    v_replaced crm.relationship[];
BEGIN
    IF p_request.flow_code = 'development' THEN
        SELECT s.name INTO v_holder FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id
         WHERE r.customer_id = p_request.customer_id AND r.kind = 'development' AND r.status = 'live';
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031',
                MESSAGE = format('the customer already has a development relationship with %s', v_holder);
        END IF;
        INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind)
        VALUES (p_request.customer_id, p_request.branch_id, p_request.subject_staff_id, 'development');
        UPDATE crm.reservation SET status = 'matched', decided_at = now()
         WHERE id = p_request.reservation_id AND status = 'matched';
    ELSIF p_request.flow_code = 'service' THEN
        UPDATE crm.relationship SET status = 'released', valid_to = current_date, released_at = now(),
                                    released_by = session_user
         WHERE customer_id = p_request.customer_id AND kind = 'service' AND status = 'live';
        INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind)
        VALUES (p_request.customer_id, p_request.branch_id, p_request.subject_staff_id, 'service');
    ELSIF p_request.flow_code = 'release' THEN
        UPDATE crm.relationship SET status = 'released', valid_to = current_date, released_at = now(),
                                    released_by = session_user
         WHERE id = (p_request.payload ->> 'relationship_id')::bigint AND status = 'live';
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = 'the relationship was already released';
        END IF;
    ELSIF p_request.flow_code = 'handover' THEN
        -- All or nothing: a customer released or handed elsewhere since the request fails it.
        v_kind := p_request.payload ->> 'kind';
        v_day := (p_request.payload ->> 'effective_date')::date;
        PERFORM 1 FROM crm.relationship r JOIN crm.approval_request_customer k ON k.relationship_id = r.id
         WHERE k.request_id = p_request.id ORDER BY r.id FOR UPDATE OF r;
        SELECT count(*) INTO v_count
          FROM crm.approval_request_customer k JOIN crm.relationship r ON r.id = k.relationship_id
         WHERE k.request_id = p_request.id
           AND (r.status <> 'live' OR r.staff_id <> (p_request.payload ->> 'from_staff_id')::integer
                OR r.kind <> v_kind);   -- the mirror below skips releases only because each gets a holder of its kind
        IF v_count > 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = format(
                '%s of the customers are no longer held by %s (released or handed over meanwhile): ask again',
                v_count, p_request.payload ->> 'from_name');
        END IF;
        PERFORM crm._require_active_receiver(p_request.subject_staff_id);
        -- The rollups of the customers are refreshed once, after the releases and the new
        -- holders (crm.relationship_sync_pivot would refresh them after each statement): from
        -- the effective date, the state before being the released versions as they were.
        SELECT array_agg(k.customer_id), array_agg(r.id), array_agg(r)
          INTO v_customers, v_written, v_replaced
          FROM crm.approval_request_customer k JOIN crm.relationship r ON r.id = k.relationship_id
         WHERE k.request_id = p_request.id;
        INSERT INTO crm.relationship_rollup_deferral DEFAULT VALUES;
        UPDATE crm.relationship r SET status = 'released', valid_to = v_day, released_at = now(),
                                      released_by = session_user
          FROM crm.approval_request_customer k
         WHERE k.request_id = p_request.id AND r.id = k.relationship_id;
        WITH added AS (
            INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from)
            SELECT k.customer_id, k.branch_id, p_request.subject_staff_id, v_kind, v_day
              FROM crm.approval_request_customer k WHERE k.request_id = p_request.id ORDER BY k.customer_id
            RETURNING id)
        SELECT v_written || array_agg(a.id) INTO v_written FROM added a;
        DELETE FROM crm.relationship_rollup_deferral d WHERE d.xact_id = pg_current_xact_id();
        PERFORM crm._refresh_relationship_rollups(v_customers, v_day, v_written, v_replaced);
    ELSIF p_request.flow_code = 'batch_entry' THEN
        v_kind := p_request.payload ->> 'kind';
        PERFORM crm._require_active_receiver(p_request.subject_staff_id);
        SELECT count(*) INTO v_count
          FROM crm.approval_request_customer k JOIN crm.relationship r ON r.customer_id = k.customer_id
         WHERE k.request_id = p_request.id AND r.kind = v_kind AND r.status = 'live';
        IF v_count > 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = format(
                '%s of the customers got a %s relationship meanwhile: ask again without them', v_count, v_kind);
        END IF;
        INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind, valid_from)
        SELECT k.customer_id, k.branch_id, p_request.subject_staff_id, v_kind,
               (p_request.payload ->> 'effective_date')::date
          FROM crm.approval_request_customer k WHERE k.request_id = p_request.id ORDER BY k.customer_id;
    ELSIF p_request.flow_code = 'transfer' THEN
        -- A pending hand-over of the staff member's customers is decided first: the transfer
        -- would otherwise release them all to the pool under it.
        IF EXISTS (SELECT 1 FROM crm.approval_request a
                    WHERE a.flow_code = 'handover' AND a.status = 'pending'
                      AND (a.payload ->> 'from_staff_id')::integer = p_request.subject_staff_id) THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031',
                MESSAGE = 'a hand-over of this staff member''s customers is still pending: decide it first';
        END IF;
        UPDATE crm.relationship SET status = 'released', valid_to = current_date, released_at = now(),
                                    released_by = session_user
         WHERE staff_id = p_request.subject_staff_id AND status = 'live';
        UPDATE crm.staff SET staff_type = p_request.payload ->> 'staff_type',
                             branch_id = (p_request.payload ->> 'branch_id')::smallint
         WHERE id = p_request.subject_staff_id;
    ELSIF p_request.flow_code = 'sms_quota' THEN
        -- HQ raises a sender's monthly SMS quota and/or their branch's monthly volume (FAQ 2.2).
        IF p_request.payload ? 'monthly_quota' THEN
            INSERT INTO crm.sms_quota (staff_id, monthly_quota)
            VALUES (p_request.subject_staff_id, (p_request.payload ->> 'monthly_quota')::integer)
            ON CONFLICT (staff_id) DO UPDATE SET monthly_quota = EXCLUDED.monthly_quota, set_at = now(),
                                                 set_by = session_user;
        END IF;
        IF p_request.payload ? 'branch_volume' THEN
            INSERT INTO crm.sms_branch_volume (branch_id, monthly_volume)
            VALUES (p_request.branch_id, (p_request.payload ->> 'branch_volume')::integer)
            ON CONFLICT (branch_id) DO UPDATE SET monthly_volume = EXCLUDED.monthly_volume, set_at = now(),
                                                  set_by = session_user;
        END IF;
        INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, new_values)
        VALUES (session_user, 'sms_quota', 'approved', p_request.subject_staff_id::text, p_request.branch_id,
                p_request.payload || jsonb_build_object('request_id', p_request.id));
    ELSIF p_request.flow_code = 'sms_subscription_move' THEN
        -- FAQ 2.3: the old 信息管理员's subscriptions move to the new one, all at once. The new
        -- sender may have lost the right since the request: then the request fails with the reason.
        IF crm.sms_sender_problem((p_request.payload ->> 'to_sender_id')::integer) = 'sender_not_allowed' THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = format(
                '%s no longer holds the SMS send right (短信发送): nothing was moved', p_request.payload ->> 'to_sender_name');
        END IF;
        WITH moved AS (
            UPDATE crm.sms_subscription SET sender_id = (p_request.payload ->> 'to_sender_id')::integer
             WHERE sender_id = p_request.subject_staff_id AND ended_at IS NULL
            RETURNING 1)
        INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, old_values, new_values)
        SELECT session_user, 'sms_subscription', 'move_sender', p_request.subject_staff_id::text, p_request.branch_id,
               jsonb_build_object('sender_id', p_request.subject_staff_id),
               jsonb_build_object('sender_id', (p_request.payload ->> 'to_sender_id')::integer,
                                  'subscriptions', count(*), 'request_id', p_request.id)
          FROM moved;
    ELSE
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('no effect defined for flow "%s"', p_request.flow_code);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm._apply_request(crm.approval_request) FROM PUBLIC;
