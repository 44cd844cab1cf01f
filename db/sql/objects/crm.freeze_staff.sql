CREATE OR REPLACE FUNCTION crm.freeze_staff(p_login text, p_reason text DEFAULT 'administrator') RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    IF v.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('account "%s" is %s', p_login, v.status);
    END IF;
    PERFORM crm.freeze_account(v, coalesce(p_reason, 'administrator'));
END
$$;

REVOKE ALL ON FUNCTION crm.freeze_staff(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.freeze_staff(text, text) TO crm_staff;
