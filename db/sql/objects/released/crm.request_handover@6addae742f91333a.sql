-- 交接 (FAQ 1, 22): hand all of a staff member's customers of one kind (or the listed ones) to a
-- colleague, effective on a day: one request listing the customers, one approval. On approval
-- (crm._apply_request) each handed relationship is released with valid_to = the day (it holds up
-- to the day before: crm.customer_daily_owner), and the colleague's begins on the day, so
-- attribution by date splits the period there.
-- The caller manages, administers or approves for the giver (crm.staff_subtree /
-- crm.can_administer / approval branches); the receiver as in crm._batch_relationship_target,
-- in the customers' branch. Every listed customer must be a live relationship of the giver of
-- that kind, begun before the day, and in no other pending hand-over or batch entry of the kind.
CREATE OR REPLACE FUNCTION crm.request_handover(p_from_login text, p_to_login text, p_kind text, p_effective date,
                                                p_customers bigint[] DEFAULT NULL, p_note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_from crm.staff;
    v_to crm.staff := crm._batch_relationship_target(p_to_login, p_kind, p_effective, p_customers);
    v_count integer;
    v_bad integer;
    v_request bigint;
BEGIN
    IF length(p_note) > 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a note has at most 1000 characters';
    END IF;
    -- Locked: two hand-overs of one giver's customers are decided one after the other.
    SELECT * INTO v_from FROM crm.staff s WHERE s.login = p_from_login AND s.status <> 'closed' FOR UPDATE;
    IF NOT FOUND OR NOT coalesce(v_from.id = ANY (crm.staff_subtree(v_me)) OR crm.can_administer(v_from.branch_id)
                                 OR (crm.has_permission('approve') AND v_from.branch_id = ANY (crm.my_approval_branch_ids())),
                                 false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'you may not hand over the customers of "%s"', left(p_from_login, 64));
    END IF;
    IF v_from.id = v_to.id THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the giver and the receiver are the same person';
    END IF;
    IF to_regclass('pg_temp.handover_item') IS NOT NULL THEN
        DROP TABLE pg_temp.handover_item;
    END IF;
    CREATE TEMP TABLE handover_item ON COMMIT DROP AS
    SELECT r.customer_id, r.branch_id, r.id AS relationship_id, r.valid_from
      FROM crm.relationship r
     WHERE r.staff_id = v_from.id AND r.kind = p_kind AND r.status = 'live'
       AND (p_customers IS NULL OR r.customer_id = ANY (p_customers));
    SELECT count(*) INTO v_count FROM pg_temp.handover_item;
    IF p_customers IS NOT NULL THEN
        v_bad := (SELECT count(DISTINCT x) FROM unnest(p_customers) x) - v_count;
        IF v_bad > 0 THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format(
                '%s of the listed customers are not %s customers of %s', v_bad, p_kind, v_from.name);
        END IF;
    END IF;
    IF v_count = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('%s holds no %s customers', v_from.name, p_kind);
    END IF;
    SELECT count(*) INTO v_bad FROM pg_temp.handover_item i WHERE i.branch_id <> v_to.branch_id;
    IF v_bad > 0 THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            '%s of the customers belong to another branch than %s''s: hand them to staff of their branch',
            v_bad, v_to.name);
    END IF;
    SELECT count(*) INTO v_bad FROM pg_temp.handover_item i WHERE i.valid_from >= p_effective;
    IF v_bad > 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format(
            '%s of the relationships began on or after %s: choose a later effective date', v_bad, p_effective);
    END IF;
    SELECT count(*) INTO v_bad
      FROM pg_temp.handover_item i
      JOIN crm.approval_request_customer k ON k.customer_id = i.customer_id
      JOIN crm.approval_request a ON a.id = k.request_id
     WHERE a.status = 'pending' AND a.flow_code IN ('handover', 'batch_entry') AND a.payload ->> 'kind' = p_kind;
    IF v_bad > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'CR032', MESSAGE = format(
            '%s of the customers are already in a pending hand-over or batch entry', v_bad);
    END IF;
    v_request := crm._start_request('handover', v_to.branch_id, NULL, v_to.id, v_me,
        jsonb_build_object('kind', p_kind, 'effective_date', p_effective, 'from_staff_id', v_from.id,
                           'from_login', v_from.login, 'from_name', v_from.name, 'customers', v_count,
                           'all', p_customers IS NULL),
        p_note);
    INSERT INTO crm.approval_request_customer (request_id, customer_id, branch_id, relationship_id)
    SELECT v_request, i.customer_id, i.branch_id, i.relationship_id FROM pg_temp.handover_item i;
    RETURN v_request;
END
$$;

REVOKE ALL ON FUNCTION crm.request_handover(text, text, text, date, bigint[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.request_handover(text, text, text, date, bigint[], text) TO crm_staff;
COMMENT ON FUNCTION crm.request_handover(text, text, text, date, bigint[], text) IS
    'Ask to hand a staff member''s customers (all of one kind, or the listed ones) to a colleague from a date.';
