CREATE OR REPLACE FUNCTION crm.has_permission(p_permission text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM crm.staff_role sr
          JOIN crm.role_permission rp ON rp.role_code = sr.role_code
         WHERE sr.staff_id = crm.current_staff_id() AND rp.permission_code = p_permission)
$$;

REVOKE ALL ON FUNCTION crm.has_permission(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.has_permission(text) TO crm_staff;
