-- Nobody changes their own roles, posts, scopes, rights or superior; the operator (superuser, no
-- staff row) and other administrators may.
CREATE OR REPLACE FUNCTION crm.refuse_own_account(p_staff crm.staff, p_what text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF p_staff.login = session_user OR p_staff.id = crm.current_staff_id() THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033',
            MESSAGE = format('nobody changes their own %s: another administrator must do it', p_what);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.refuse_own_account(crm.staff, text) FROM PUBLIC;
