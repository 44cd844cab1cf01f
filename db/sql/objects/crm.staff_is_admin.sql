-- Is a staff member an administrator (allowed in during maintenance)?
CREATE OR REPLACE FUNCTION crm.staff_is_admin(p_staff_id integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM crm.staff_role sr
          JOIN crm.role_permission rp ON rp.role_code = sr.role_code
         WHERE sr.staff_id = p_staff_id AND rp.permission_code IN ('admin_all', 'admin_branch'))
$$;

REVOKE ALL ON FUNCTION crm.staff_is_admin(integer) FROM PUBLIC;
