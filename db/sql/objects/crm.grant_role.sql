CREATE OR REPLACE FUNCTION crm.grant_role(p_login text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.refuse_own_account(v, 'roles');
    PERFORM crm.check_grantable_role(p_role);
    INSERT INTO crm.staff_role (staff_id, role_code) VALUES (v.id, p_role) ON CONFLICT DO NOTHING;
END
$$;

REVOKE ALL ON FUNCTION crm.grant_role(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.grant_role(text, text) TO crm_staff;
