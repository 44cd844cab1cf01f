-- Branches whose every sales target (销售任务) the caller sees: all branches for HQ target
-- setters, their own branch for a 营销总监, plus the branches of their 营业部范围.
CREATE OR REPLACE FUNCTION crm.my_target_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT array(
        SELECT b.id FROM crm.branch b
         WHERE crm.sales_target_setter() = 'hq'
            OR (crm.sales_target_setter() = 'branch'
                AND b.id = (SELECT s.branch_id FROM crm.staff s WHERE s.id = crm.current_staff_id()))
            OR b.id = ANY (crm.my_scope_branch_ids()))
$$;

REVOKE ALL ON FUNCTION crm.my_target_branch_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_target_branch_ids() TO crm_staff;
