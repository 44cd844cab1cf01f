CREATE OR REPLACE FUNCTION crm.set_temporary_password(p_staff crm.staff) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_password text := crm.random_password();
    v_until timestamptz := now() + make_interval(hours => (SELECT temp_password_hours FROM crm.policy));
BEGIN
    BEGIN
        EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', p_staff.login, v_password,
                       CASE WHEN p_staff.status = 'active' THEN v_until ELSE '1970-01-01'::timestamptz END);
    EXCEPTION WHEN OTHERS THEN
        -- Re-raised without the statement text, which holds the password.
        RAISE EXCEPTION USING ERRCODE = 'CR020', MESSAGE = 'the temporary password could not be set';
    END;
    PERFORM crm.record_password(p_staff.login, 'temporary');
    UPDATE crm.staff SET must_change_password = true, password_expires_at = v_until,
                         version = version + 1
     WHERE id = p_staff.id;
    -- A reset also ends a temporary lock: the administrator has just verified the person.
    DELETE FROM crm.auth_failure f WHERE f.login = p_staff.login;
    RETURN v_password;
END
$$;

REVOKE ALL ON FUNCTION crm.set_temporary_password(crm.staff) FROM PUBLIC;
