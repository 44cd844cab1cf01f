-- Branches whose rollup rows the caller may read: those all of whose customers they see
-- (客户范围 branch / all); every branch for an operator (who bypasses RLS, so the queries use
-- this function explicitly as well: the raw-facts part reads exactly the other branches).
CREATE OR REPLACE FUNCTION crm.pivot_full_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN crm.is_operator() THEN (SELECT coalesce(array_agg(b.id), '{}') FROM crm.branch b)
                ELSE coalesce(crm.my_scope_branch_ids(), '{}') END
$$;

REVOKE ALL ON FUNCTION crm.pivot_full_branch_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.pivot_full_branch_ids() TO crm_staff;
