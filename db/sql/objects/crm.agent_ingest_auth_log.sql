-- Applies a slice [p_from, p_to) of one server log file, parsed by the agent, exactly once:
-- the slice is applied only if the stored cursor is at p_from, so two agents never double-count.
-- Events: {"kind": "failure"|"success"|"refusal"|"denied", "user", "at", "client", "state_code",
-- "detail", "message"}.
-- An event that cannot be applied (attacker-shaped values) is skipped and counted, never fatal.
CREATE OR REPLACE FUNCTION crm.agent_ingest_auth_log(p_file text, p_from bigint, p_to bigint, p_events jsonb)
RETURNS TABLE (applied boolean, locked text[], skipped integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_cursor jsonb;
    v_locked text[] := '{}';
    v_skipped integer := 0;
    e jsonb;
    v_login text;
    v_at timestamptz;
    v_client text;
    v_staff crm.staff;
    v_detail jsonb;
    v_outcome text;
    v_state text;
    v_hour timestamptz;
    v_recorded bigint;
BEGIN
    INSERT INTO crm.agent_state (key, value) VALUES ('auth_log_cursor', '{"file": "", "offset": 0}')
    ON CONFLICT (key) DO NOTHING;
    SELECT value INTO v_cursor FROM crm.agent_state WHERE key = 'auth_log_cursor' FOR UPDATE;
    IF NOT ((v_cursor ->> 'file' = p_file AND (v_cursor ->> 'offset')::bigint = p_from)
            OR (v_cursor ->> 'file' < p_file AND p_from = 0)) THEN
        RETURN QUERY SELECT false, v_locked, 0;
        RETURN;
    END IF;

    FOR e IN SELECT * FROM jsonb_array_elements(
                 CASE WHEN jsonb_typeof(p_events) = 'array' THEN p_events ELSE '[]' END) LOOP
        BEGIN
            IF jsonb_typeof(e) <> 'object' OR jsonb_typeof(e -> 'user') <> 'string' THEN
                v_skipped := v_skipped + 1;
                CONTINUE;
            END IF;
            v_login := e ->> 'user';
            CONTINUE WHEN v_login IN ('crm_agent', 'crm_gate');
            v_at := coalesce((e ->> 'at')::timestamptz, now());
            v_client := left(e ->> 'client', 64);
            SELECT * INTO v_staff FROM crm.staff s WHERE s.login = v_login;
            IF e ->> 'kind' = 'success' THEN
                DELETE FROM crm.auth_failure f
                 WHERE f.login = v_login AND f.last_at <= v_at
                   AND (f.locked_until IS NULL OR f.locked_until <= v_at);
            ELSIF e ->> 'kind' = 'failure' THEN
                IF v_staff.id IS NOT NULL THEN
                    -- Failures of unknown names are counted (below) but not kept as events: the
                    -- table would be an attacker's to fill.
                    INSERT INTO crm.login_event (at, login, staff_id, branch_id, outcome, client_addr, reason, source)
                    VALUES (v_at, v_login, v_staff.id, v_staff.branch_id, 'bad_password', v_client,
                            '{"code": "bad_password"}', 'server_log');
                END IF;
                IF crm.count_failed_password(left(v_login, 63), v_at, v_client) IS NOT NULL THEN
                    v_locked := v_locked || v_login;
                END IF;
            ELSIF e ->> 'kind' = 'refusal' THEN
                v_outcome := CASE e ->> 'state_code'
                    WHEN 'CR001' THEN 'mac_refused' WHEN 'CR002' THEN 'maintenance'
                    WHEN 'CR003' THEN 'password_change_required' WHEN 'CR004' THEN 'account_inactive' END;
                CONTINUE WHEN v_outcome IS NULL OR v_staff.id IS NULL;
                BEGIN
                    v_detail := (e ->> 'detail')::jsonb;
                    IF jsonb_typeof(v_detail) <> 'object' THEN
                        v_detail := '{}';
                    END IF;
                EXCEPTION WHEN OTHERS THEN
                    v_detail := '{}';
                END;
                INSERT INTO crm.login_event (at, login, staff_id, branch_id, outcome, macs, hostname, client_addr,
                                             reason, source)
                VALUES (v_at, v_login, v_staff.id, v_staff.branch_id, v_outcome,
                        ARRAY(SELECT jsonb_array_elements_text(
                                  CASE WHEN jsonb_typeof(v_detail -> 'macs') = 'array' THEN v_detail -> 'macs'
                                       ELSE '[]' END)),
                        left(v_detail ->> 'hostname', 255), v_client,
                        jsonb_build_object('code', v_outcome), 'server_log');
            ELSIF e ->> 'kind' = 'denied' THEN
                -- A security refusal of a staff login: its transaction rolled back with its own audit
                -- rows, so this row is the attack's trace. At most 100 per login and hour of the log
                -- record's time; beyond that one summary row counts the refusals left out.
                v_state := e ->> 'state_code';
                CONTINUE WHEN v_staff.id IS NULL OR v_state IS NULL OR v_state NOT IN ('42501', 'CR033', 'CR034');
                v_hour := date_trunc('hour', v_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
                SELECT count(*) INTO v_recorded FROM crm.audit_log a
                 WHERE a.actor = v_staff.login AND a.at >= v_hour AND a.at < v_hour + interval '1 hour'
                   AND a.table_name = 'security_refusal' AND a.action = 'refused';
                IF v_recorded < 100 THEN
                    INSERT INTO crm.audit_log (at, actor, table_name, action, row_key, branch_id, new_values)
                    VALUES (v_at, v_staff.login, 'security_refusal', 'refused', v_state, v_staff.branch_id,
                            jsonb_build_object(
                                'state_code', v_state,
                                'message', CASE WHEN jsonb_typeof(e -> 'message') = 'string'
                                                THEN left(e ->> 'message', 500) END,
                                'client', v_client));
                ELSE
                    UPDATE crm.audit_log a
                       SET new_values = jsonb_set(a.new_values, '{dropped}',
                                                  to_jsonb((a.new_values ->> 'dropped')::bigint + 1))
                     WHERE a.actor = v_staff.login AND a.at >= v_hour AND a.at < v_hour + interval '1 hour'
                       AND a.table_name = 'security_refusal' AND a.action = 'dropped';
                    IF NOT FOUND THEN
                        INSERT INTO crm.audit_log (at, actor, table_name, action, branch_id, new_values)
                        VALUES (v_at, v_staff.login, 'security_refusal', 'dropped', v_staff.branch_id,
                                jsonb_build_object('dropped', 1, 'limit', 100));
                    END IF;
                END IF;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            v_skipped := v_skipped + 1;
        END;
    END LOOP;

    UPDATE crm.agent_state SET value = jsonb_build_object('file', p_file, 'offset', p_to), updated_at = now()
     WHERE key = 'auth_log_cursor';
    RETURN QUERY SELECT true, v_locked, v_skipped;
END
$$;

REVOKE ALL ON FUNCTION crm.agent_ingest_auth_log(text, bigint, bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.agent_ingest_auth_log(text, bigint, bigint, jsonb) TO crm_agent;
