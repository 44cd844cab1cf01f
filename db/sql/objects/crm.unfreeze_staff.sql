-- Unfreezes a frozen account, or ends a temporary lock early. Any administrator of the
-- account's branch may do it (HQ administrators for each other, without the superuser).
CREATE OR REPLACE FUNCTION crm.unfreeze_staff(p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
    v_locked_until timestamptz := (SELECT f.locked_until FROM crm.auth_failure f WHERE f.login = v.login);
BEGIN
    IF v.login = session_user THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you cannot unlock your own account';
    END IF;
    IF v.status = 'frozen' THEN
        UPDATE crm.staff SET status = 'active', freeze_reason = NULL, version = version + 1
         WHERE id = v.id RETURNING * INTO v;
    ELSIF NOT (v.status = 'active' AND v_locked_until IS NOT NULL) THEN   -- expired but not yet released counts
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('account "%s" is neither frozen nor locked', p_login);
    ELSE
        PERFORM crm.record_lock_event(v, 'unlocked', jsonb_build_object('code', 'unlocked_by_administrator'));
    END IF;
    PERFORM crm.restore_login(v);
    DELETE FROM crm.auth_failure f WHERE f.login = v.login;
END
$$;

REVOKE ALL ON FUNCTION crm.unfreeze_staff(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.unfreeze_staff(text) TO crm_staff;
