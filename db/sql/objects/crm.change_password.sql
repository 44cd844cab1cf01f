-- The password is a bound parameter of this call; it is never part of a logged statement.
CREATE OR REPLACE FUNCTION crm.change_password(new text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff crm.staff;
    v_min integer := (SELECT password_min_length FROM crm.policy);
BEGIN
    SELECT * INTO v_staff FROM crm.staff s WHERE s.login = session_user FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005',
            MESSAGE = format('"%s" is not a CRM staff account', session_user);
    END IF;
    IF v_staff.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'CR004',
            MESSAGE = format('account "%s" is %s', v_staff.login, v_staff.status);
    END IF;
    IF new IS NULL OR char_length(new) < v_min THEN
        RAISE EXCEPTION USING ERRCODE = 'CR020',
            MESSAGE = format('the password must have at least %s characters', v_min);
    END IF;
    IF char_length(new) > 128 THEN
        RAISE EXCEPTION USING ERRCODE = 'CR020', MESSAGE = 'the password must have at most 128 characters';
    END IF;
    IF EXISTS (SELECT 1 FROM crm.common_password c WHERE c.password = lower(new)) THEN
        RAISE EXCEPTION USING ERRCODE = 'CR020', MESSAGE = 'the password is too common';
    END IF;
    IF strpos(lower(new), lower(v_staff.login)) > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'CR020', MESSAGE = 'the password must not contain the login';
    END IF;
    IF new ~ '^(.)\1*$' THEN
        RAISE EXCEPTION USING ERRCODE = 'CR020', MESSAGE = 'the password must not repeat one character';
    END IF;
    IF crm_server.password_is_current(v_staff.login, new) THEN
        RAISE EXCEPTION USING ERRCODE = 'CR020', MESSAGE = 'the new password must differ from the current one';
    END IF;
    BEGIN
        EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', v_staff.login, new, 'infinity');
    EXCEPTION WHEN OTHERS THEN
        -- Re-raised without the statement text, which holds the password.
        RAISE EXCEPTION USING ERRCODE = 'CR020', MESSAGE = 'the password could not be set';
    END;
    PERFORM crm.record_password(v_staff.login, 'change');
    UPDATE crm.staff SET must_change_password = false, password_expires_at = NULL, version = version + 1
     WHERE id = v_staff.id;
END
$$;

REVOKE ALL ON FUNCTION crm.change_password(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.change_password(text) TO crm_staff;
