-- The blacklist and opt-outs the caller may see, newest first, one page after the key
-- (p_before_at, p_before_id) of the last row shown (keyset: page 50 costs what page 1 does).
-- HQ sees every entry; a sender or a branch administrator the entries recorded for customers of
-- the branches they see (entries HQ added by number have no branch: HQ only). With
-- p_customer_id: the entry that blocks that (visible) customer's 扩展资料 mobile, if any -- the
-- number may have been blocked for another customer or by HQ. Numbers are masked; the customer's
-- name only when the caller sees that customer.
CREATE OR REPLACE FUNCTION crm.sms_block_list(p_customer_id bigint, p_before_at timestamptz, p_before_id bigint,
                                              p_limit integer)
RETURNS TABLE (id bigint, mobile_masked text, kind text, note text, created_at timestamptz, created_by text,
               created_by_name text, customer_id bigint, customer_name text, branch_id smallint, branch_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_hq boolean := crm.is_operator() OR crm.has_permission('admin_all');
    v_branches smallint[] := crm.my_visible_branch_ids();
    v_number text;
BEGIN
    IF crm.current_staff_id() IS NULL AND NOT crm.is_operator() THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF NOT (v_hq OR crm.has_permission('sms_send') OR crm.has_permission('admin_branch')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'the SMS send right (短信发送) or branch administration is required to see the blacklist';
    END IF;
    IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a page has 1 to 1000 entries';
    END IF;
    IF (p_before_at IS NULL) <> (p_before_id IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a page starts after both the time and the id of an entry';
    END IF;
    IF p_customer_id IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM crm.visible_customer_ids(ARRAY[p_customer_id])) AND NOT crm.is_operator() THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'that customer is not visible to you';
        END IF;
        v_number := (SELECT m.number FROM crm.customer_ext x, crm.sms_classify_mobile(x.mobile) m
                      WHERE x.customer_id = p_customer_id);
        IF v_number IS NULL THEN
            RETURN;
        END IF;
    END IF;
    RETURN QUERY
    SELECT b.id, crm.mask_personal('phone', b.mobile), b.kind, b.note, b.created_at, b.created_by, s.name,
           b.customer_id, (SELECT c.name FROM crm.customer c
                            WHERE c.id = b.customer_id
                              AND c.id IN (SELECT crm.visible_customer_ids(ARRAY[b.customer_id]))),
           b.branch_id, br.name
      FROM (SELECT * FROM crm.sms_blacklist l
             WHERE (v_number IS NULL OR l.mobile = v_number)
               AND (v_hq OR v_number IS NOT NULL OR l.branch_id = ANY (v_branches))
               AND (p_before_at IS NULL OR (l.created_at, l.id) < (p_before_at, p_before_id))
             ORDER BY l.created_at DESC, l.id DESC
             LIMIT p_limit) b
      LEFT JOIN crm.staff s ON s.login = b.created_by
      LEFT JOIN crm.branch br ON br.id = b.branch_id
     ORDER BY b.created_at DESC, b.id DESC;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_block_list(bigint, timestamptz, bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_block_list(bigint, timestamptz, bigint, integer) TO crm_staff;
COMMENT ON FUNCTION crm.sms_block_list(bigint, timestamptz, bigint, integer) IS
    'The SMS blacklist and opt-outs the caller may see, newest first, keyset-paged; numbers masked.';
