-- Own branch plus the extra branches of 营业部范围.
CREATE OR REPLACE FUNCTION crm.my_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT array(
        SELECT st.branch_id FROM crm.staff st WHERE st.id = me.id
        UNION
        SELECT b.branch_id FROM crm.staff_branch_scope b WHERE b.staff_id = me.id)
      FROM (SELECT crm.current_staff_id() AS id) me
     WHERE me.id IS NOT NULL
$$;

REVOKE ALL ON FUNCTION crm.my_branch_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_branch_ids() TO crm_staff;
