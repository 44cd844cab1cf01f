-- Passwords set outside crm.change_password() or a reset (ALTER ROLE ... PASSWORD, psql's
-- \password): the account must change its password at the next sign-in, its sessions end, and
-- the finding is audited. Returns the logins found.
CREATE OR REPLACE FUNCTION crm.agent_check_passwords() RETURNS text[]
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_found text[] := '{}';
    v_staff crm.staff;
    v_current text;
BEGIN
    -- Compared without locking (every round, every account); only a finding locks its row.
    FOR v_staff IN SELECT * FROM crm.staff s WHERE s.status <> 'closed' ORDER BY s.id LOOP
        v_current := crm_server.password_fingerprint(v_staff.login);
        CONTINUE WHEN v_current IS NULL OR v_current = (SELECT r.fingerprint FROM crm.password_record r
                                                         WHERE r.login = v_staff.login);
        SELECT * INTO v_staff FROM crm.staff s WHERE s.id = v_staff.id FOR UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;   -- being changed right now: the next round looks again
        -- Recorded now so one bypass is reported once; the forced change records the next one.
        INSERT INTO crm.password_record (login, fingerprint, how) VALUES (v_staff.login, v_current, 'accepted')
        ON CONFLICT (login) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, set_at = now(),
                                          set_by = session_user, how = 'accepted';
        UPDATE crm.staff SET must_change_password = true, password_expires_at = NULL, version = version + 1
         WHERE id = v_staff.id;
        INSERT INTO crm.login_event (login, staff_id, branch_id, outcome, reason, source)
        VALUES (v_staff.login, v_staff.id, v_staff.branch_id, 'password_bypass',
                '{"code": "password_set_outside_policy"}', 'agent');
        INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, new_values)
        VALUES (session_user, 'staff', 'password_bypass', v_staff.login, v_staff.branch_id,
                '{"code": "password_set_outside_policy", "must_change_password": true}');
        PERFORM crm.terminate_login(v_staff.login, 'password set outside the policy');
        v_found := v_found || v_staff.login;
    END LOOP;
    RETURN v_found;
END
$$;

REVOKE ALL ON FUNCTION crm.agent_check_passwords() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.agent_check_passwords() TO crm_agent;
