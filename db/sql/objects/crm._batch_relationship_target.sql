-- The checks a hand-over and a batch entry share: the kind, the effective day, the size of the
-- customer list, and the receiving staff member, who must be active, of a type that holds
-- relationships, not the caller (nobody gives customers to themselves: CR033), and someone the
-- caller manages (subtree), administers or approves for. Returns the receiving staff row.
CREATE OR REPLACE FUNCTION crm._batch_relationship_target(p_to_login text, p_kind text, p_day date,
                                                          p_customers bigint[])
RETURNS crm.staff
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_to crm.staff;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF p_kind IS NULL OR p_kind NOT IN ('development', 'service') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the kind is "development" or "service"';
    END IF;
    -- Back to the month before last (a hand-over is often approved after the day it took
    -- effect), forward one month.
    IF p_day IS NULL OR p_day < current_date - 62 OR p_day > current_date + 31 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format(
            'the effective date must lie between %s and %s', current_date - 62, current_date + 31);
    END IF;
    IF cardinality(p_customers) > 20000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format(
            'one request names at most 20000 customers (this one %s): split it', cardinality(p_customers));
    END IF;
    IF array_position(p_customers, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the customer list holds an empty entry';
    END IF;
    SELECT * INTO v_to FROM crm.staff s WHERE s.login = p_to_login AND s.status = 'active';
    IF FOUND AND v_to.id = v_me THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033',
            MESSAGE = 'nobody gives customers to themselves: your manager must ask for it';
    END IF;
    IF NOT FOUND OR NOT coalesce(v_to.id = ANY (crm.staff_subtree(v_me)) OR crm.can_administer(v_to.branch_id)
                                 OR (crm.has_permission('approve') AND v_to.branch_id = ANY (crm.my_approval_branch_ids())),
                                 false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'you may not give customers to "%s" (not an active staff member you manage)', left(p_to_login, 64));
    END IF;
    PERFORM crm.require_relationship_holder(v_to.id);
    RETURN v_to;
END
$$;

REVOKE ALL ON FUNCTION crm._batch_relationship_target(text, text, date, bigint[]) FROM PUBLIC;
