-- May the caller administer staff of this branch? (operator, HQ admin, or branch admin of it)
CREATE OR REPLACE FUNCTION crm.can_administer(p_branch_id smallint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT crm.is_operator()
        OR crm.has_permission('admin_all')
        OR (crm.has_permission('admin_branch') AND p_branch_id = ANY (crm.my_branch_ids()))
$$;

REVOKE ALL ON FUNCTION crm.can_administer(smallint) FROM PUBLIC;
