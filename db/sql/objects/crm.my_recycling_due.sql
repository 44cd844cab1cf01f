-- 今日提醒 › 即将回收: the caller's own developed customers that the recycling policy returns to
-- the public pool within its warning days (or already due: the agent's next round takes them,
-- so their day is today), soonest first, with the exact total; nothing while the policy is off.
CREATE OR REPLACE FUNCTION crm.my_recycling_due(p_limit integer)
RETURNS TABLE (customer_id bigint, account_no text, name text, branch_name text, valid_from date,
               last_contact_at timestamptz, since date, due_on date, days_left integer, total integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_me integer := crm.current_staff_id();
    v_policy crm.pool_recycle_policy;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 10001 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the limit must be between 1 and 10001';
    END IF;
    SELECT * INTO v_policy FROM crm.pool_recycle_policy;
    RETURN QUERY
        -- Already due: recycled by the agent's next round, i.e. today.
        SELECT d.customer_id, c.account_no, c.name, b.name, d.valid_from, d.last_contact_at, d.since,
               greatest(d.due_on, current_date), greatest(d.due_on - current_date, 0), (count(*) OVER ())::integer
          FROM crm.pool_recycle_candidates(NULL, v_me, current_date + v_policy.warning_days) d
          JOIN crm.customer c ON c.id = d.customer_id
          JOIN crm.branch b ON b.id = c.branch_id
         ORDER BY d.due_on, c.name, c.account_no
         LIMIT p_limit;
END
$$;

REVOKE ALL ON FUNCTION crm.my_recycling_due(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_recycling_due(integer) TO crm_staff;
