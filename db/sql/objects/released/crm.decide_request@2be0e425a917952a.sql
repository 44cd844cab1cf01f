-- Approve or reject step `p_step` of a request. Only a holder of that step's post whose approval
-- branches include the request's branch may act; the step must be the current one, else the
-- caller learns who decided it and when (CR030) and nothing changes. Four eyes (CR033): never a
-- request one started or that names one, never a second step of the same request.
CREATE OR REPLACE FUNCTION crm.decide_request(p_request bigint, p_step integer, p_decision text,
                                              p_comment text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_request crm.approval_request;
    v_done record;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF p_decision NOT IN ('approved', 'rejected') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'decide "approved" or "rejected"';
    END IF;
    SELECT * INTO v_request FROM crm.approval_request r WHERE r.id = p_request FOR UPDATE;
    -- Only those who may see the request learn anything about it.
    IF NOT FOUND OR NOT crm.approval_request_visible(
            v_request.requested_by, v_request.subject_staff_id, v_request.deciders, v_request.branch_id,
            v_request.posts, v_me, crm.my_approval_branch_ids(), crm.my_posts()) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no approval request %s', p_request);
    END IF;
    IF v_request.status <> 'pending' OR v_request.current_step <> p_step THEN
        SELECT s.decision, st.name, s.decided_at INTO v_done
          FROM crm.approval_step s JOIN crm.staff st ON st.id = s.decided_by
         WHERE s.request_id = p_request AND s.step_no = p_step;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'CR030', MESSAGE = format('already decided (%s) by %s at %s',
                v_done.decision, v_done.name, to_char(v_done.decided_at, 'YYYY-MM-DD HH24:MI:SS'));
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'CR030',
            MESSAGE = format('this request is %s; step %s is not waiting for a decision', v_request.status, p_step);
    END IF;
    -- Before the post check: an administrator who granted themselves a post learns the real reason.
    IF coalesce(v_request.requested_by = v_me, false) OR v_request.subject_staff_id = v_me THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033',
            MESSAGE = 'nobody decides a request they started or that names them: another approver must decide it';
    END IF;
    IF v_me = ANY (v_request.deciders) THEN
        SELECT s.step_no, s.decision INTO v_done FROM crm.approval_step s
         WHERE s.request_id = p_request AND s.decided_by = v_me ORDER BY s.step_no LIMIT 1;
        RAISE EXCEPTION USING ERRCODE = 'CR033', MESSAGE = format(
            'you already decided step %s of this request (%s): another approver must decide step %s',
            v_done.step_no, v_done.decision, p_step);
    END IF;
    IF NOT coalesce(v_request.current_post = ANY (crm.my_posts())
                    AND v_request.branch_id = ANY (crm.my_approval_branch_ids())
                    AND crm.has_permission('approve'), false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'this step waits for %s of the request''s branch',
            (SELECT p.name_zh FROM crm.approval_post p WHERE p.code = v_request.current_post));
    END IF;
    INSERT INTO crm.approval_step (request_id, step_no, post_code, decision, decided_by, comment)
    VALUES (p_request, p_step, v_request.current_post, p_decision, v_me, nullif(btrim(p_comment), ''));
    IF p_decision = 'rejected' THEN
        UPDATE crm.approval_request SET status = 'rejected', current_post = NULL, decided_at = now(),
                                        deciders = deciders || v_me, version = version + 1
         WHERE id = p_request RETURNING * INTO v_request;
        UPDATE crm.reservation SET status = 'review', reason = 'approval_rejected',
                                   reason_detail = nullif(btrim(p_comment), ''), decided_at = now()
         WHERE id = v_request.reservation_id;
    ELSIF p_step >= cardinality(v_request.posts) THEN
        -- The effect can no longer apply when the world moved on (someone else developed the
        -- customer meanwhile, the relationship was already released, the subject was moved to
        -- a type that holds no relationships): the approval is recorded and the request ends as
        -- failed, with the reason, instead of waiting forever.
        BEGIN
            IF v_request.flow_code IN ('development', 'service') THEN
                PERFORM crm.require_relationship_holder(v_request.subject_staff_id);
            END IF;
            PERFORM crm._apply_request(v_request);
            UPDATE crm.approval_request SET status = 'approved', current_post = NULL, decided_at = now(),
                                            deciders = deciders || v_me, version = version + 1
             WHERE id = p_request RETURNING * INTO v_request;
        EXCEPTION WHEN SQLSTATE 'CR031' OR SQLSTATE 'CR034' OR unique_violation THEN
            UPDATE crm.approval_request SET status = 'failed', current_post = NULL, decided_at = now(),
                                            outcome = SQLERRM, deciders = deciders || v_me, version = version + 1
             WHERE id = p_request RETURNING * INTO v_request;
            UPDATE crm.reservation SET status = 'review', reason = 'approval_failed', reason_detail = SQLERRM,
                                       decided_at = now()
             WHERE id = v_request.reservation_id;
        END;
    ELSE
        UPDATE crm.approval_request SET current_step = p_step + 1, current_post = posts[p_step + 1],
                                        deciders = deciders || v_me, version = version + 1
         WHERE id = p_request RETURNING * INTO v_request;
    END IF;
    PERFORM crm.approval_notify(v_request);
    RETURN v_request.status;
END
$$;

REVOKE ALL ON FUNCTION crm.decide_request(bigint, integer, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.decide_request(bigint, integer, text, text) TO crm_staff;
