CREATE OR REPLACE FUNCTION crm.update_policy(p_settings jsonb) RETURNS crm.policy
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    k text;
    v crm.policy;
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF p_settings IS NULL OR jsonb_typeof(p_settings) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'policy settings must be a JSON object';
    END IF;
    FOR k IN SELECT jsonb_object_keys(p_settings) LOOP
        IF k NOT IN ('lockout_threshold', 'lockout_window_minutes', 'lockout_minutes', 'lockout_max_minutes',
                     'lockout_locks_before_freeze', 'max_transaction_seconds',
                     'idle_minutes', 'server_idle_seconds',
                     'absolute_session_hours', 'password_min_length', 'temp_password_hours',
                     'remember_password_allowed', 'maintenance', 'maintenance_message') THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown policy setting "%s"', left(k, 64));
        END IF;
    END LOOP;
    UPDATE crm.policy p SET
        lockout_threshold = coalesce((p_settings ->> 'lockout_threshold')::integer, p.lockout_threshold),
        lockout_window_minutes = coalesce((p_settings ->> 'lockout_window_minutes')::integer, p.lockout_window_minutes),
        lockout_minutes = coalesce((p_settings ->> 'lockout_minutes')::integer, p.lockout_minutes),
        lockout_max_minutes = coalesce((p_settings ->> 'lockout_max_minutes')::integer, p.lockout_max_minutes),
        lockout_locks_before_freeze = coalesce((p_settings ->> 'lockout_locks_before_freeze')::integer,
                                               p.lockout_locks_before_freeze),
        max_transaction_seconds = coalesce((p_settings ->> 'max_transaction_seconds')::integer,
                                           p.max_transaction_seconds),
        idle_minutes = coalesce((p_settings ->> 'idle_minutes')::integer, p.idle_minutes),
        server_idle_seconds = coalesce((p_settings ->> 'server_idle_seconds')::integer,
                                       (p_settings ->> 'idle_minutes')::integer * 60, p.server_idle_seconds),
        absolute_session_hours = coalesce((p_settings ->> 'absolute_session_hours')::integer, p.absolute_session_hours),
        password_min_length = coalesce((p_settings ->> 'password_min_length')::integer, p.password_min_length),
        temp_password_hours = coalesce((p_settings ->> 'temp_password_hours')::integer, p.temp_password_hours),
        remember_password_allowed = coalesce((p_settings ->> 'remember_password_allowed')::boolean,
                                             p.remember_password_allowed),
        maintenance = coalesce((p_settings ->> 'maintenance')::boolean, p.maintenance),
        maintenance_message = coalesce(p_settings ->> 'maintenance_message', p.maintenance_message),
        updated_at = now(), updated_by = session_user
    RETURNING * INTO v;
    IF v.lockout_max_minutes < v.lockout_minutes THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'the longest lock must not be shorter than the first lock';
    END IF;
    RETURN v;
END
$$;

REVOKE ALL ON FUNCTION crm.update_policy(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.update_policy(jsonb) TO crm_staff;
