CREATE OR REPLACE FUNCTION crm.my_scope() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT st.customer_scope FROM crm.staff st WHERE st.id = crm.current_staff_id()
$$;

REVOKE ALL ON FUNCTION crm.my_scope() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_scope() TO crm_staff;
