CREATE OR REPLACE FUNCTION crm.revoke_role(p_login text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.refuse_own_account(v, 'roles');
    PERFORM crm.check_grantable_role(p_role);
    DELETE FROM crm.staff_role r WHERE r.staff_id = v.id AND r.role_code = p_role;
END
$$;

REVOKE ALL ON FUNCTION crm.revoke_role(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.revoke_role(text, text) TO crm_staff;
