-- Branches whose staff the caller administers (all for HQ administrators).
CREATE OR REPLACE FUNCTION crm.my_admin_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE
        WHEN crm.is_operator() OR crm.has_permission('admin_all')
            THEN (SELECT array_agg(b.id) FROM crm.branch b)
        WHEN crm.has_permission('admin_branch') THEN crm.my_branch_ids()
        ELSE '{}'::smallint[] END
$$;

REVOKE ALL ON FUNCTION crm.my_admin_branch_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_admin_branch_ids() TO crm_staff;
