CREATE OR REPLACE FUNCTION crm.open_session(macs text[], hostname text, app_version text)
RETURNS TABLE (session_id bigint, staff_id integer, login text, staff_name text, branch_code text,
               branch_name text, customer_scope text, permissions text[], idle_minutes integer,
               maintenance boolean, last_load_date date)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff crm.staff;
    v_policy crm.policy;
    v_macs text[];
    v_start timestamptz;
    v_session bigint;
    v_detail text;
BEGIN
    SELECT * INTO v_staff FROM crm.staff s WHERE s.login = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005',
            MESSAGE = format('"%s" is not a CRM staff account', session_user);
    END IF;
    IF v_staff.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'CR004',
            MESSAGE = format('account "%s" is %s', v_staff.login, v_staff.status);
    END IF;
    SELECT * INTO v_policy FROM crm.policy;
    SELECT coalesce(array_agg(DISTINCT m ORDER BY m), '{}') INTO v_macs
      FROM (SELECT crm.normalize_mac(x) AS m FROM unnest(coalesce(macs, '{}')) x) n
     WHERE m IS NOT NULL AND m <> '00:00:00:00:00:00';
    v_detail := json_build_object('macs', v_macs, 'hostname', hostname, 'app_version', app_version)::text;

    IF v_staff.must_change_password THEN
        RAISE EXCEPTION USING ERRCODE = 'CR003',
            MESSAGE = 'the password must be changed before signing in', DETAIL = v_detail;
    END IF;
    IF v_policy.maintenance AND NOT crm.staff_is_admin(v_staff.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'CR002',
            MESSAGE = coalesce(nullif(v_policy.maintenance_message, ''), 'the system is under maintenance'),
            DETAIL = v_detail;
    END IF;
    IF v_staff.mac_binding_required AND NOT EXISTS (
            SELECT 1 FROM crm.staff_mac b WHERE b.staff_id = v_staff.id AND b.mac = ANY (v_macs)) THEN
        RAISE EXCEPTION USING ERRCODE = 'CR001',
            MESSAGE = 'this PC is not registered for this account', DETAIL = v_detail;
    END IF;

    SELECT a.backend_start INTO v_start FROM pg_stat_get_activity(pg_backend_pid()) a;
    UPDATE crm.app_session s SET closed_at = now(), close_reason = 'reopened'
     WHERE s.pid = pg_backend_pid() AND s.closed_at IS NULL;
    -- One login event per sign-in, not per worker connection of the same client.
    IF NOT EXISTS (SELECT 1 FROM crm.app_session s
                    WHERE s.staff_id = v_staff.id AND s.closed_at IS NULL
                      AND s.hostname IS NOT DISTINCT FROM open_session.hostname) THEN
        INSERT INTO crm.login_event (login, staff_id, branch_id, outcome, macs, hostname, detail, source)
        VALUES (v_staff.login, v_staff.id, v_staff.branch_id, 'success', v_macs, hostname, app_version,
                'open_session');
    END IF;
    INSERT INTO crm.app_session (pid, backend_start, login, staff_id, branch_id, macs, hostname,
                                 app_version, client_addr)
    VALUES (pg_backend_pid(), v_start, v_staff.login, v_staff.id, v_staff.branch_id, v_macs,
            hostname, app_version, inet_client_addr())
    RETURNING id INTO v_session;

    RETURN QUERY
    SELECT v_session, v_staff.id, v_staff.login, v_staff.name, b.code, b.name, v_staff.customer_scope,
           crm.my_permissions(), v_policy.idle_minutes, v_policy.maintenance,
           (SELECT max(t.trade_date) FROM crm.t1_load t)
      FROM crm.branch b WHERE b.id = v_staff.branch_id;
END
$$;

REVOKE ALL ON FUNCTION crm.open_session(text[], text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.open_session(text[], text, text) TO crm_staff;
