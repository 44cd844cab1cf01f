CREATE OR REPLACE FUNCTION crm.require_staff(p_login text) RETURNS crm.staff
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff;
BEGIN
    SELECT * INTO v FROM crm.staff s WHERE s.login = p_login;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('unknown staff login "%s"', p_login);
    END IF;
    RETURN v;
END
$$;

REVOKE ALL ON FUNCTION crm.require_staff(text) FROM PUBLIC;
