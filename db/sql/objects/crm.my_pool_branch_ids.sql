-- Branches whose public pool (公有客户) the caller sees.
CREATE OR REPLACE FUNCTION crm.my_pool_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN crm.my_public_pool() THEN crm.my_branch_ids() ELSE '{}'::smallint[] END
$$;

REVOKE ALL ON FUNCTION crm.my_pool_branch_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_pool_branch_ids() TO crm_staff;
