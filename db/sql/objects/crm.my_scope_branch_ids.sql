-- Branches all of whose customers the caller sees (客户范围 branch / all).
CREATE OR REPLACE FUNCTION crm.my_scope_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE crm.my_scope()
             WHEN 'all' THEN (SELECT array_agg(b.id) FROM crm.branch b)
             WHEN 'branch' THEN crm.my_branch_ids()
             ELSE '{}'::smallint[] END
$$;

REVOKE ALL ON FUNCTION crm.my_scope_branch_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_scope_branch_ids() TO crm_staff;
