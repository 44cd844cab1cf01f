-- The checks shared by subscribing and unsubscribing: the caller is a signed-in sender (短信发送)
-- and every named customer is visible to them and of their own branch (a branch's subscriptions
-- are sent and paid by that branch, FAQ 3). Refuses the whole request otherwise (42501, the count
-- in words). Returns the caller's staff id, their branch and the distinct customer ids. Internal.
CREATE OR REPLACE FUNCTION crm.sms_subscription_targets(p_ids bigint[], OUT staff_id integer, OUT branch_id smallint,
                                                        OUT customer_ids bigint[])
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_visible integer;
    v_other integer;
BEGIN
    staff_id := crm.current_staff_id();
    IF staff_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF NOT crm.has_permission('sms_send') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the SMS send right (短信发送) is required';
    END IF;
    branch_id := (SELECT s.branch_id FROM crm.staff s WHERE s.id = staff_id);
    customer_ids := ARRAY(SELECT DISTINCT i FROM unnest(p_ids) i WHERE i IS NOT NULL ORDER BY i);
    IF cardinality(customer_ids) > 1000000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'at most 1 000 000 customers at a time';
    END IF;
    SELECT count(*), count(*) FILTER (WHERE c.branch_id <> sms_subscription_targets.branch_id)
      INTO v_visible, v_other
      FROM crm.visible_customer_ids(customer_ids) v(id) JOIN crm.customer c ON c.id = v.id;
    IF v_visible < cardinality(customer_ids) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('%s of the %s customers are not visible to you', cardinality(customer_ids) - v_visible,
                             cardinality(customer_ids));
    END IF;
    IF v_other > 0 THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('%s of the %s customers belong to another branch: a branch subscribes only its own customers',
                             v_other, cardinality(customer_ids));
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_subscription_targets(bigint[]) FROM PUBLIC;
