CREATE OR REPLACE FUNCTION crm.reset_password(p_login text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.refuse_takeover(v);
    IF v.status = 'closed' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('account "%s" is closed', p_login);
    END IF;
    PERFORM crm.terminate_login(v.login, 'password reset');
    RETURN crm.set_temporary_password(v);
END
$$;

REVOKE ALL ON FUNCTION crm.reset_password(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.reset_password(text) TO crm_staff;
