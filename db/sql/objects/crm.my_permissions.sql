CREATE OR REPLACE FUNCTION crm.my_permissions() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT rp.permission_code ORDER BY rp.permission_code), '{}')
      FROM crm.staff_role sr
      JOIN crm.role_permission rp ON rp.role_code = sr.role_code
     WHERE sr.staff_id = crm.current_staff_id()
$$;

REVOKE ALL ON FUNCTION crm.my_permissions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_permissions() TO crm_staff;
