CREATE OR REPLACE FUNCTION crm._start_request(p_flow text, p_branch smallint, p_customer bigint, p_subject integer,
                                              p_requested_by integer, p_payload jsonb, p_note text,
                                              p_reservation bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_posts text[];
    v_others text[];
    v_request crm.approval_request;
BEGIN
    SELECT array_agg(s.post_code ORDER BY s.step_no) INTO v_posts
      FROM crm.approval_flow_step s WHERE s.flow_code = p_flow;
    IF v_posts IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('approval flow "%s" has no steps', p_flow);
    END IF;
    -- A manager's request of any kind (issue #15: "one request, one approval"; the QA walk found a
    -- director's release, service assignment and transfer stuck alike): the step of a post the
    -- requester holds for the branch is their own decision, made by asking, so it is not asked of
    -- them again; the only holder of that post would otherwise wait forever (nobody decides a
    -- request they started, CR033). Never when the request names the requester (the subject, e.g.
    -- their own claim, quota or relationship, or a hand-over's giver), never for a request the
    -- system starts (a reservation match), and another approver always keeps at least one step
    -- (four eyes).
    IF p_requested_by = crm.current_staff_id()
       AND p_subject IS DISTINCT FROM p_requested_by
       AND (p_payload ->> 'from_staff_id')::integer IS DISTINCT FROM p_requested_by
       AND crm.has_permission('approve') AND p_branch = ANY (crm.my_approval_branch_ids()) THEN
        SELECT array_agg(u.post ORDER BY u.step) INTO v_others
          FROM unnest(v_posts) WITH ORDINALITY u(post, step)
         WHERE u.post <> ALL (crm.my_posts());
        IF cardinality(v_others) > 0 AND cardinality(v_others) < cardinality(v_posts) THEN
            p_payload := coalesce(p_payload, '{}') || jsonb_build_object('requester_posts',
                (SELECT to_jsonb(array_agg(p ORDER BY p)) FROM unnest(v_posts) p WHERE p <> ALL (v_others)));
            v_posts := v_others;
        END IF;
    END IF;
    IF p_flow IN ('development', 'service', 'handover', 'batch_entry') THEN
        PERFORM crm.require_relationship_holder(p_subject);
    END IF;
    IF p_customer IS NOT NULL AND EXISTS (
            SELECT 1 FROM crm.approval_request r
             WHERE r.customer_id = p_customer AND r.flow_code = p_flow AND r.status = 'pending') THEN
        RAISE EXCEPTION USING ERRCODE = 'CR032',
            MESSAGE = 'a request of this kind is already pending for this customer';
    END IF;
    -- A transfer names no customer: one pending transfer per staff member. (A hand-over or batch
    -- entry lists its customers in crm.approval_request_customer; its function checks them.)
    IF p_customer IS NULL AND p_flow NOT IN ('handover', 'batch_entry') AND EXISTS (
            SELECT 1 FROM crm.approval_request r
             WHERE r.subject_staff_id = p_subject AND r.flow_code = p_flow AND r.customer_id IS NULL
               AND r.status = 'pending') THEN
        RAISE EXCEPTION USING ERRCODE = 'CR032',
            MESSAGE = 'a request of this kind is already pending for this staff member';
    END IF;
    INSERT INTO crm.approval_request (flow_code, branch_id, customer_id, subject_staff_id, requested_by,
                                      reservation_id, payload, note, posts, current_step, current_post)
    VALUES (p_flow, p_branch, p_customer, p_subject, p_requested_by, p_reservation, coalesce(p_payload, '{}'),
            nullif(btrim(p_note), ''), v_posts, 1, v_posts[1])
    RETURNING * INTO v_request;
    PERFORM crm.approval_notify(v_request);
    RETURN v_request.id;
END
$$;

REVOKE ALL ON FUNCTION crm._start_request(text, smallint, bigint, integer, integer, jsonb, text, bigint) FROM PUBLIC;
