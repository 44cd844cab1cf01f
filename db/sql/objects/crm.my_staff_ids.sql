-- Staff whose relationships count as the caller's: self, plus the subtree unless scope is own.
CREATE OR REPLACE FUNCTION crm.my_staff_ids() RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN st.customer_scope = 'own' THEN ARRAY[st.id] ELSE crm.staff_subtree(st.id) END
      FROM crm.staff st WHERE st.id = crm.current_staff_id()
$$;

REVOKE ALL ON FUNCTION crm.my_staff_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_staff_ids() TO crm_staff;
