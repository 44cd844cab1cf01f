-- A marketing director (营销总监, for the branches they approve for) or HQ marketing (总部营销主管)
-- reverses one recycling: the customer's recycled relationships are live again with the same
-- owner and dates (the recycling was a mistake, so the owner keeps the days in between), unless
-- someone has taken the customer meanwhile. Nobody reverses the recycling of their own customer.
-- Audited by the triggers on crm.relationship and crm.pool_recycle_item (session_user).
CREATE OR REPLACE FUNCTION crm.reverse_recycling(p_item bigint, p_note text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_item crm.pool_recycle_item;
    v_owner crm.staff;
    v_holder text;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF length(p_note) > 500 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the note must be at most 500 characters';
    END IF;
    SELECT * INTO v_item FROM crm.pool_recycle_item i WHERE i.id = p_item FOR UPDATE;
    IF NOT FOUND OR NOT v_item.branch_id = ANY (crm.my_approval_branch_ids()) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such recycling in your branches';
    END IF;
    IF NOT crm.my_posts() && ARRAY['marketing_director', 'hq_marketing'] THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only a marketing director or HQ marketing may reverse a recycling';
    END IF;
    IF v_me IN (v_item.developer_id, v_item.service_staff_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033', MESSAGE = 'nobody reverses the recycling of their own customer';
    END IF;
    IF v_item.reversed_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR030', MESSAGE = format('already reversed by %s at %s',
            v_item.reversed_by, to_char(v_item.reversed_at, 'YYYY-MM-DD HH24:MI'));
    END IF;
    SELECT * INTO v_owner FROM crm.staff s WHERE s.id = v_item.developer_id;
    IF v_owner.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031',
            MESSAGE = format('%s is no longer active: hand the customer to someone else instead', v_owner.name);
    END IF;
    PERFORM 1 FROM crm.customer c WHERE c.id = v_item.customer_id FOR UPDATE;
    SELECT s.name INTO v_holder
      FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id
     WHERE r.customer_id = v_item.customer_id AND r.kind = 'development' AND r.status = 'live';
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031',
            MESSAGE = format('the customer has meanwhile been developed by %s', v_holder);
    END IF;
    UPDATE crm.relationship r
       SET status = 'live', valid_to = NULL, released_at = NULL, released_by = NULL, release_reason = NULL
     WHERE r.id = v_item.development_id AND r.status = 'released' AND r.release_reason = 'recycled';
    -- The service relationship comes back too unless the customer is served by someone else now.
    UPDATE crm.relationship r
       SET status = 'live', valid_to = NULL, released_at = NULL, released_by = NULL, release_reason = NULL
     WHERE r.id = v_item.service_id AND r.status = 'released' AND r.release_reason = 'recycled'
       AND NOT EXISTS (SELECT 1 FROM crm.relationship x
                        WHERE x.customer_id = v_item.customer_id AND x.kind = 'service' AND x.status = 'live');
    UPDATE crm.pool_recycle_item i
       SET reversed_at = now(), reversed_by = session_user, reverse_note = nullif(btrim(p_note), '')
     WHERE i.id = v_item.id;
END
$$;

REVOKE ALL ON FUNCTION crm.reverse_recycling(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.reverse_recycling(bigint, text) TO crm_staff;
