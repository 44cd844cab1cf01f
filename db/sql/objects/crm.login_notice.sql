CREATE OR REPLACE FUNCTION crm.login_notice(login text)
RETURNS TABLE (account_status text, admin_contact text, maintenance boolean,
               maintenance_message text, remember_password_allowed boolean, locked_until timestamptz,
               lockout_threshold integer, lockout_window_minutes integer, lockout_minutes integer,
               lockout_max_minutes integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff crm.staff;
    v_fail crm.auth_failure;
    v_policy crm.policy;
    v_status text;
BEGIN
    SELECT * INTO v_policy FROM crm.policy;
    SELECT * INTO v_staff FROM crm.staff s WHERE s.login = login_notice.login;
    SELECT * INTO v_fail FROM crm.auth_failure f WHERE f.login = login_notice.login;
    v_status := CASE
        WHEN v_staff.status IN ('frozen', 'closed') THEN v_staff.status
        WHEN v_fail.locked_until = 'infinity' THEN 'frozen'
        WHEN v_fail.locked_until > now() THEN 'locked'
        WHEN v_staff.must_change_password AND v_staff.password_expires_at < now() THEN 'password_expired'
        ELSE 'active' END;
    account_status := v_status;
    IF v_status IN ('frozen', 'closed', 'password_expired') THEN
        -- Who can help: the branch's administrators, else HQ's (also for unknown names).
        SELECT coalesce(
            (SELECT string_agg(DISTINCT a.name, ', ') FROM crm.staff a
               JOIN crm.staff_role sr ON sr.staff_id = a.id AND sr.role_code = 'branch_admin'
              WHERE a.status = 'active' AND a.branch_id = v_staff.branch_id),
            (SELECT string_agg(DISTINCT a.name, ', ') FROM crm.staff a
               JOIN crm.staff_role sr ON sr.staff_id = a.id AND sr.role_code = 'hq_admin'
              WHERE a.status = 'active'))
          INTO admin_contact;
    END IF;
    maintenance := v_policy.maintenance;
    maintenance_message := v_policy.maintenance_message;
    remember_password_allowed := v_policy.remember_password_allowed;
    locked_until := CASE WHEN v_status = 'locked' THEN v_fail.locked_until END;
    lockout_threshold := v_policy.lockout_threshold;
    lockout_window_minutes := v_policy.lockout_window_minutes;
    lockout_minutes := v_policy.lockout_minutes;
    lockout_max_minutes := v_policy.lockout_max_minutes;
    RETURN NEXT;
END
$$;

REVOKE ALL ON FUNCTION crm.login_notice(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.login_notice(text) TO crm_gate;
GRANT EXECUTE ON FUNCTION crm.login_notice(text) TO crm_staff;
