-- Branches whose requests the caller approves: every branch for HQ staff, else their own
-- branch plus 营业部范围.
CREATE OR REPLACE FUNCTION crm.my_approval_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN b.kind = 'hq' THEN (SELECT array_agg(x.id ORDER BY x.id) FROM crm.branch x)
                ELSE crm.my_branch_ids() END
      FROM crm.staff s JOIN crm.branch b ON b.id = s.branch_id
     WHERE s.id = crm.current_staff_id()
$$;

REVOKE ALL ON FUNCTION crm.my_approval_branch_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_approval_branch_ids() TO crm_staff;
