CREATE OR REPLACE FUNCTION crm.my_public_pool() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce((SELECT st.public_pool FROM crm.staff st WHERE st.id = crm.current_staff_id()), false)
$$;

REVOKE ALL ON FUNCTION crm.my_public_pool() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_public_pool() TO crm_staff;
