-- Branches that can hold a customer the caller sees (a superset: the policy's index condition).
CREATE OR REPLACE FUNCTION crm.my_visible_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    WITH me AS (SELECT crm.my_scope() AS scope, crm.my_branch_ids() AS branches, crm.my_staff_ids() AS staff)
    SELECT coalesce(array_agg(b.id ORDER BY b.id), '{}')
      FROM crm.branch b, me
     WHERE me.scope = 'all'
        OR b.id = ANY (me.branches)
        OR EXISTS (SELECT 1 FROM crm.relationship r
                    WHERE r.branch_id = b.id AND r.status = 'live' AND r.staff_id = ANY (me.staff))
$$;

REVOKE ALL ON FUNCTION crm.my_visible_branch_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_visible_branch_ids() TO crm_staff;
