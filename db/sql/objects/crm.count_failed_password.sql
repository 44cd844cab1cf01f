-- One failed password of a login at p_at from p_client. Returns the lock applied, if any:
-- 'temporary' or 'frozen' (only for staff accounts; unknown logins get the same bookkeeping).
CREATE OR REPLACE FUNCTION crm.count_failed_password(p_login text, p_at timestamptz, p_client text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_policy crm.policy;
    v_staff crm.staff;
    v_fail crm.auth_failure;
    v_minutes integer;
    v_reason jsonb;
BEGIN
    SELECT * INTO v_policy FROM crm.policy;
    SELECT * INTO v_staff FROM crm.staff s WHERE s.login = p_login FOR UPDATE;
    SELECT * INTO v_fail FROM crm.auth_failure f WHERE f.login = p_login FOR UPDATE;
    IF FOUND AND v_fail.locked_until IS NOT NULL AND p_at < v_fail.locked_until THEN
        -- While locked no password is checked that could succeed: nothing to count.
        RETURN NULL;
    END IF;
    IF NOT FOUND THEN
        INSERT INTO crm.auth_failure (login, failures, first_at, last_at, clients)
        VALUES (p_login, 1, p_at, p_at, array_remove(ARRAY[p_client], NULL))
        RETURNING * INTO v_fail;
    ELSIF v_fail.failures = 0 OR p_at - v_fail.first_at > make_interval(mins => v_policy.lockout_window_minutes) THEN
        UPDATE crm.auth_failure f SET failures = 1, first_at = p_at, last_at = p_at,
               clients = array_remove(ARRAY[p_client], NULL),
               -- A quiet day forgets earlier bursts.
               -- locked_until stays: an expired lock is ended (VALID UNTIL restored) only by
               -- crm.agent_release_locks(), which looks for it.
               locks = CASE WHEN p_at - f.last_at > interval '1 day' THEN 0 ELSE f.locks END
         WHERE f.login = p_login RETURNING * INTO v_fail;
    ELSE
        UPDATE crm.auth_failure f SET failures = f.failures + 1, last_at = greatest(f.last_at, p_at),
               clients = CASE WHEN p_client IS NULL OR p_client = ANY (f.clients) OR cardinality(f.clients) >= 16
                              THEN f.clients ELSE f.clients || p_client END
         WHERE f.login = p_login RETURNING * INTO v_fail;
    END IF;
    IF v_fail.failures < v_policy.lockout_threshold THEN
        RETURN NULL;
    END IF;

    v_reason := jsonb_build_object('failures', v_fail.failures, 'window_minutes', v_policy.lockout_window_minutes,
                                   'clients', to_jsonb(v_fail.clients), 'lock', v_fail.locks + 1);
    IF v_fail.locks >= v_policy.lockout_locks_before_freeze THEN
        UPDATE crm.auth_failure f SET failures = 0, locks = f.locks + 1, locked_until = 'infinity'
         WHERE f.login = p_login;
        IF v_staff.id IS NULL OR v_staff.status <> 'active' THEN
            RETURN NULL;
        END IF;
        PERFORM crm.freeze_account(v_staff, 'lockout');
        PERFORM crm.record_lock_event(v_staff, 'locked', v_reason || '{"code": "lockout_frozen"}');
        RETURN 'frozen';
    END IF;
    v_minutes := least(v_policy.lockout_minutes::bigint * (2 ^ least(v_fail.locks, 20))::bigint,
                       v_policy.lockout_max_minutes);
    UPDATE crm.auth_failure f SET failures = 0, locks = f.locks + 1,
           locked_until = p_at + make_interval(mins => v_minutes)
     WHERE f.login = p_login;
    IF v_staff.id IS NULL OR v_staff.status <> 'active' THEN
        RETURN NULL;
    END IF;
    -- VALID UNTIL in the past: the right password fails like a wrong one until the agent restores it.
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', v_staff.login, '1970-01-01');
    PERFORM crm.record_lock_event(v_staff, 'locked', v_reason || jsonb_build_object(
        'code', 'lockout_temporary', 'lock_minutes', v_minutes,
        'until', p_at + make_interval(mins => v_minutes)));
    RETURN 'temporary';
END
$$;

REVOKE ALL ON FUNCTION crm.count_failed_password(text, timestamp with time zone, text) FROM PUBLIC;
