-- 存量客户关系录入 (FAQ 33): a manager enters existing customers' development or service
-- relationships for a subordinate, one request listing the customers, one approval. Each customer
-- must be visible to the caller (crm.visible_customer_ids), of the receiver's branch, hold no
-- live relationship of the kind and be in no other pending request for it. The relationships
-- begin on p_valid_from.
CREATE OR REPLACE FUNCTION crm.request_batch_entry(p_to_login text, p_kind text, p_customers bigint[],
                                                   p_valid_from date DEFAULT current_date, p_note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_to crm.staff := crm._batch_relationship_target(p_to_login, p_kind, p_valid_from, p_customers);
    v_count integer;
    v_bad integer;
    v_request bigint;
BEGIN
    IF length(p_note) > 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a note has at most 1000 characters';
    END IF;
    IF coalesce(cardinality(p_customers), 0) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'list at least one customer';
    END IF;
    IF to_regclass('pg_temp.batch_item') IS NOT NULL THEN
        DROP TABLE pg_temp.batch_item;
    END IF;
    CREATE TEMP TABLE batch_item ON COMMIT DROP AS
    SELECT c.id AS customer_id, c.branch_id,
           CASE p_kind WHEN 'development' THEN c.developer_id ELSE c.service_staff_id END AS holder
      FROM crm.customer c
     WHERE c.id IN (SELECT crm.visible_customer_ids(p_customers));
    SELECT count(*) INTO v_count FROM pg_temp.batch_item;
    v_bad := (SELECT count(DISTINCT x) FROM unnest(p_customers) x) - v_count;
    IF v_bad > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('%s of the listed customers are not among yours', v_bad);
    END IF;
    SELECT count(*) INTO v_bad FROM pg_temp.batch_item i WHERE i.branch_id <> v_to.branch_id;
    IF v_bad > 0 THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            '%s of the customers belong to another branch than %s''s', v_bad, v_to.name);
    END IF;
    SELECT count(*) INTO v_bad FROM pg_temp.batch_item i WHERE i.holder IS NOT NULL;
    IF v_bad > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = format(
            '%s of the customers already have a %s relationship: hand them over instead', v_bad, p_kind);
    END IF;
    SELECT count(*) INTO v_bad
      FROM pg_temp.batch_item i
      JOIN crm.approval_request_customer k ON k.customer_id = i.customer_id
      JOIN crm.approval_request a ON a.id = k.request_id
     WHERE a.status = 'pending' AND a.flow_code IN ('handover', 'batch_entry') AND a.payload ->> 'kind' = p_kind;
    v_bad := v_bad + (SELECT count(*) FROM pg_temp.batch_item i JOIN crm.approval_request a ON a.customer_id = i.customer_id
                       WHERE a.status = 'pending' AND a.flow_code = p_kind);
    IF v_bad > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'CR032', MESSAGE = format(
            '%s of the customers are already in a pending request for a %s relationship', v_bad, p_kind);
    END IF;
    v_request := crm._start_request('batch_entry', v_to.branch_id, NULL, v_to.id, v_me,
        jsonb_build_object('kind', p_kind, 'effective_date', p_valid_from, 'customers', v_count), p_note);
    INSERT INTO crm.approval_request_customer (request_id, customer_id, branch_id)
    SELECT v_request, i.customer_id, i.branch_id FROM pg_temp.batch_item i;
    RETURN v_request;
END
$$;

REVOKE ALL ON FUNCTION crm.request_batch_entry(text, text, bigint[], date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.request_batch_entry(text, text, bigint[], date, text) TO crm_staff;
COMMENT ON FUNCTION crm.request_batch_entry(text, text, bigint[], date, text) IS
    'Ask to enter existing customers'' development or service relationships for a staff member, one request.';
