-- Security hardening of sign-in and the HQ agent (issue #11 parts 1, 2, 4, 6; issue #12 items 8, 14):
--   * failed sign-ins throttle (temporary locks that grow per burst) before the seed's freeze;
--     locks are audited with the client addresses and released by the agent when they expire;
--   * administrators unlock each other; the gate answers the same for unknown and existing logins
--     and can no longer list logins from the catalog;
--   * the agent's jobs keep a health record; it detects passwords set outside crm.change_password()
--     or a reset, and ends staff transactions longer than the policy allows;
--   * reasons are stored as codes with parameters (the UI translates them).
-- The crm part runs as crm_owner; the crm_server and pg_catalog parts as the migrating superuser.

SET ROLE crm_owner;

-- Policy ------------------------------------------------------------------------------------

ALTER TABLE crm.policy
    -- A burst of lockout_threshold failures within lockout_window_minutes locks the login for
    -- lockout_minutes, doubled for each further burst up to lockout_max_minutes; the burst after
    -- lockout_locks_before_freeze temporary locks freezes the account (an administrator unfreezes).
    ADD COLUMN lockout_minutes              integer NOT NULL DEFAULT 15 CHECK (lockout_minutes BETWEEN 1 AND 1440),
    ADD COLUMN lockout_max_minutes          integer NOT NULL DEFAULT 240 CHECK (lockout_max_minutes BETWEEN 1 AND 10080),
    ADD COLUMN lockout_locks_before_freeze  integer NOT NULL DEFAULT 4 CHECK (lockout_locks_before_freeze BETWEEN 0 AND 20),
    -- A staff transaction (or statement) older than this is ended by the agent; exports excepted.
    ADD COLUMN max_transaction_seconds      integer NOT NULL DEFAULT 900 CHECK (max_transaction_seconds BETWEEN 1 AND 86400);

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

-- Login events: reason codes, client addresses ------------------------------------------------

ALTER TABLE crm.login_event DROP CONSTRAINT login_event_outcome_check;
ALTER TABLE crm.login_event ADD CONSTRAINT login_event_outcome_check CHECK (outcome IN (
    'success', 'bad_password', 'mac_refused', 'maintenance', 'password_change_required',
    'account_inactive', 'locked', 'unlocked', 'logout', 'session_ended', 'password_bypass'));
-- Client address of the attempt, as the server saw it (jsonlog remote_host).
ALTER TABLE crm.login_event ADD COLUMN client_addr text;
-- What the UI shows is built from these codes and parameters in the user's language.
ALTER TABLE crm.login_event ADD COLUMN reason jsonb;
COMMENT ON COLUMN crm.login_event.reason IS
    'reason code and parameters, e.g. {"code": "lockout_temporary", "failures": 5, "window_minutes": 15}';

-- Throttling state per login name (existing or not, so that answers do not tell them apart) ---

ALTER TABLE crm.auth_failure
    ADD COLUMN locks         integer NOT NULL DEFAULT 0,     -- temporary locks since the last success
    ADD COLUMN locked_until  timestamptz,                    -- 'infinity' once frozen
    ADD COLUMN clients       text[] NOT NULL DEFAULT '{}';   -- addresses of the current burst (≤ 16)

-- Sets VALID UNTIL to what the account's state asks for: the temporary password's expiry while a
-- change is pending, otherwise no expiry. One place for unfreeze, unlock and lock expiry.
CREATE FUNCTION crm.restore_login(p_staff crm.staff) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', p_staff.login,
                   CASE WHEN p_staff.must_change_password THEN coalesce(p_staff.password_expires_at, now())
                        ELSE 'infinity'::timestamptz END);
END
$$;

CREATE FUNCTION crm.record_lock_event(p_staff crm.staff, p_outcome text, p_reason jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    INSERT INTO crm.login_event (login, staff_id, branch_id, outcome, reason, source)
    VALUES (p_staff.login, p_staff.id, p_staff.branch_id, p_outcome, p_reason, 'agent');
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, new_values)
    VALUES (session_user, 'staff', p_outcome, p_staff.login, p_staff.branch_id, p_reason);
$$;

-- One failed password of a login at p_at from p_client. Returns the lock applied, if any:
-- 'temporary' or 'frozen' (only for staff accounts; unknown logins get the same bookkeeping).
CREATE FUNCTION crm.count_failed_password(p_login text, p_at timestamptz, p_client text) RETURNS text
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

-- Applies a slice [p_from, p_to) of one server log file, parsed by the agent, exactly once:
-- the slice is applied only if the stored cursor is at p_from, so two agents never double-count.
-- Events: {"kind": "failure"|"success"|"refusal", "user", "at", "client", "state_code", "detail"}.
-- An event that cannot be applied (attacker-shaped values) is skipped and counted, never fatal.
DROP FUNCTION crm.agent_ingest_auth_log(text, bigint, bigint, jsonb);
CREATE FUNCTION crm.agent_ingest_auth_log(p_file text, p_from bigint, p_to bigint, p_events jsonb)
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

-- Ends temporary locks whose time is up (the account's VALID UNTIL is put back).
CREATE FUNCTION crm.agent_release_locks() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff crm.staff;
    v_count integer := 0;
    r record;
BEGIN
    FOR r IN SELECT f.login, f.locked_until FROM crm.auth_failure f
              WHERE f.locked_until <= now() FOR UPDATE SKIP LOCKED LOOP
        UPDATE crm.auth_failure f SET locked_until = NULL WHERE f.login = r.login;
        SELECT * INTO v_staff FROM crm.staff s WHERE s.login = r.login AND s.status = 'active' FOR UPDATE;
        CONTINUE WHEN NOT FOUND;
        PERFORM crm.restore_login(v_staff);
        PERFORM crm.record_lock_event(v_staff, 'unlocked', jsonb_build_object('code', 'lock_expired'));
        v_count := v_count + 1;
    END LOOP;
    -- Unknown names are remembered only as long as an answer about them could differ.
    DELETE FROM crm.auth_failure f
     WHERE NOT EXISTS (SELECT 1 FROM crm.staff s WHERE s.login = f.login)
       AND f.last_at < now() - interval '2 days' AND f.locked_until IS DISTINCT FROM 'infinity';
    RETURN v_count;
END
$$;

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

CREATE OR REPLACE FUNCTION crm.freeze_account(p_staff crm.staff, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    -- VALID UNTIL in the past: a frozen login fails exactly like a wrong password (no oracle).
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', p_staff.login, '1970-01-01');
    -- freeze_reason is a code (lockout, administrator, ...); the UI words it.
    UPDATE crm.staff SET status = 'frozen', freeze_reason = p_reason, version = version + 1
     WHERE id = p_staff.id;
    PERFORM crm.terminate_login(p_staff.login, 'frozen: ' || p_reason);
END
$$;

-- The gate's only function, asked by anyone who can reach the server before signing in.
-- An unknown login gets the answers an existing one would get after the same attempts
-- (failures are counted for every name), so the gate tells nobody which logins exist.
-- The lockout figures let the client say the policy after every failure.
DROP FUNCTION crm.login_notice(text);
CREATE FUNCTION crm.login_notice(login text)
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

-- Sessions: idle, absolute lifetime, and long transactions -----------------------------------

CREATE OR REPLACE FUNCTION crm.agent_enforce_sessions()
RETURNS TABLE (pid integer, login text, reason text)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_policy crm.policy;
    r record;
    v_reason text;
BEGIN
    SELECT * INTO v_policy FROM crm.policy;
    FOR r IN
        SELECT a.pid, a.usename::text AS usename, a.backend_start, a.state, a.state_change, a.xact_start,
               st.id AS staff_id,
               (SELECT max(s.last_activity_at) FROM crm.app_session s
                 WHERE s.pid = a.pid AND s.backend_start = a.backend_start AND s.closed_at IS NULL) AS activity
          FROM pg_stat_activity a
          JOIN crm.staff st ON st.login = a.usename
         WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
    LOOP
        v_reason := NULL;
        IF now() - r.backend_start > make_interval(hours => v_policy.absolute_session_hours) THEN
            v_reason := 'absolute session lifetime exceeded';
        ELSIF r.xact_start IS NOT NULL
              AND now() - r.xact_start > make_interval(secs => v_policy.max_transaction_seconds)
              -- An export (audited, right granted by HQ) may take longer; the absolute lifetime still ends it.
              AND NOT EXISTS (SELECT 1 FROM crm.export_log x
                               WHERE x.staff_id = r.staff_id AND x.status = 'running'
                                 AND x.started_at >= r.backend_start) THEN
            v_reason := 'transaction too long';
        ELSIF r.state LIKE 'idle%'
              AND now() - r.state_change > make_interval(secs => v_policy.server_idle_seconds)
              AND (r.activity IS NULL OR now() - r.activity > make_interval(secs => v_policy.server_idle_seconds)) THEN
            v_reason := 'idle timeout';
        END IF;
        CONTINUE WHEN v_reason IS NULL;
        IF pg_terminate_backend(r.pid) THEN
            UPDATE crm.app_session s SET closed_at = now(), close_reason = v_reason
             WHERE s.pid = r.pid AND s.backend_start = r.backend_start AND s.closed_at IS NULL;
            IF v_reason = 'transaction too long' THEN
                INSERT INTO crm.login_event (login, staff_id, outcome, reason, source)
                VALUES (r.usename, r.staff_id, 'session_ended',
                        jsonb_build_object('code', 'transaction_too_long',
                                           'seconds', v_policy.max_transaction_seconds), 'agent');
            END IF;
            pid := r.pid; login := r.usename; reason := v_reason;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;

-- The agent's health: one record per job, shown by `crm-admin agent status` and to HQ administrators.

CREATE FUNCTION crm.agent_record_health(p_job text, p_error text, p_skipped integer, p_summary jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF p_job IS NULL OR p_job !~ '^[a-z][a-z0-9_]{0,39}$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'job names are lower-case words';
    END IF;
    INSERT INTO crm.agent_state AS a (key, value, updated_at)
    VALUES ('health:' || p_job, '{}', now())
    ON CONFLICT (key) DO NOTHING;
    UPDATE crm.agent_state a SET updated_at = now(), value = a.value || jsonb_build_object(
        'last_run', now(),
        'ok', p_error IS NULL,
        'last_error', CASE WHEN p_error IS NULL THEN a.value -> 'last_error' ELSE to_jsonb(left(p_error, 2000)) END,
        'last_error_at', CASE WHEN p_error IS NULL THEN a.value -> 'last_error_at' ELSE to_jsonb(now()) END,
        'skipped_last_run', coalesce(p_skipped, 0),
        'skipped_total', coalesce((a.value ->> 'skipped_total')::bigint, 0) + coalesce(p_skipped, 0),
        'summary', coalesce(p_summary, '{}'))
     WHERE a.key = 'health:' || p_job;
END
$$;

CREATE FUNCTION crm.agent_health()
RETURNS TABLE (job text, last_run timestamptz, ok boolean, last_error text, last_error_at timestamptz,
               skipped_last_run bigint, skipped_total bigint, summary jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    -- Anyone else (a staff member, or an HQ administrator without a session) gets no rows.
    IF NOT (pg_has_role(session_user, 'crm_agent', 'MEMBER') OR crm.is_operator()
            OR crm.has_permission('admin_all')) THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT substr(a.key, 8), (a.value ->> 'last_run')::timestamptz, (a.value ->> 'ok')::boolean,
           a.value ->> 'last_error', (a.value ->> 'last_error_at')::timestamptz,
           coalesce((a.value ->> 'skipped_last_run')::bigint, 0), coalesce((a.value ->> 'skipped_total')::bigint, 0),
           coalesce(a.value -> 'summary', '{}')
      FROM crm.agent_state a WHERE a.key LIKE 'health:%' ORDER BY 1;
END
$$;

-- Passwords only through the policy -----------------------------------------------------------

-- The fingerprint of each staff login's verifier as of its last sanctioned change.
CREATE TABLE crm.password_record (
    login        text PRIMARY KEY,
    fingerprint  text NOT NULL,
    set_at       timestamptz NOT NULL DEFAULT now(),
    set_by       text NOT NULL DEFAULT session_user,
    how          text NOT NULL CHECK (how IN ('change', 'temporary', 'accepted'))
);
-- No grants and no policy: only definers (crm_owner bypasses RLS) read or write it.
ALTER TABLE crm.password_record ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.password_record FORCE ROW LEVEL SECURITY;

RESET ROLE;

-- As the superuser: a fingerprint of a login's verifier (never the verifier), for crm_owner's
-- definers only. rolpassword is readable by superusers alone.
CREATE FUNCTION crm_server.password_fingerprint(p_login text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    SELECT encode(sha256(convert_to('crm-password-record:' || a.rolpassword, 'UTF8')), 'hex')
      FROM pg_authid a WHERE a.rolname = p_login AND a.rolpassword IS NOT NULL
$$;
REVOKE EXECUTE ON FUNCTION crm_server.password_fingerprint(text) FROM PUBLIC;
GRANT USAGE ON SCHEMA crm_server TO crm_owner;
GRANT EXECUTE ON FUNCTION crm_server.password_fingerprint(text) TO crm_owner;

-- Break-glass for the operator (superuser only, no grant): accept a password the superuser set
-- by hand (ALTER ROLE ... PASSWORD) as sanctioned, so the agent does not force a change.
CREATE FUNCTION crm_server.accept_password(p_login text) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO crm.password_record (login, fingerprint, how)
    SELECT p_login, crm_server.password_fingerprint(p_login), 'accepted'
     WHERE crm_server.password_fingerprint(p_login) IS NOT NULL
    ON CONFLICT (login) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, set_at = now(),
                                      set_by = session_user, how = 'accepted'
$$;
REVOKE EXECUTE ON FUNCTION crm_server.accept_password(text) FROM PUBLIC;

-- HMAC-SHA-256 pads of a key (RFC 2104): (key xor 0x36.., key xor 0x5c..), key zero-padded to 64 bytes.
CREATE FUNCTION crm_server.hmac_pads(p_key bytea, OUT ipad bytea, OUT opad bytea)
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_key bytea := CASE WHEN length(p_key) > 64 THEN sha256(p_key) ELSE p_key END;
    i integer;
BEGIN
    v_key := v_key || decode(repeat('00', 64 - length(v_key)), 'hex');
    ipad := v_key;
    opad := v_key;
    FOR i IN 0 .. 63 LOOP
        ipad := set_byte(ipad, i, get_byte(v_key, i) # 54);
        opad := set_byte(opad, i, get_byte(v_key, i) # 92);
    END LOOP;
END
$$;
REVOKE EXECUTE ON FUNCTION crm_server.hmac_pads(bytea) FROM PUBLIC;

-- Whether p_candidate is the login's current password: SCRAM-SHA-256 recomputed from the stored
-- salt and iteration count (PBKDF2-HMAC-SHA-256 with the built-in sha256; no pgcrypto here).
-- The candidate is NFKC-normalised, which is what SASLprep does to anything a keyboard types.
-- For crm_owner's crm.change_password() only; it answers about the caller's own login there.
CREATE FUNCTION crm_server.password_is_current(p_login text, p_candidate text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_parts text[] := regexp_match(
        coalesce((SELECT a.rolpassword FROM pg_authid a WHERE a.rolname = p_login), ''),
        '^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$');
    v_pads record;
    v_u bytea;
    v_acc bit(256);
    v_salted bytea := '';
    i integer;
BEGIN
    IF v_parts IS NULL OR p_candidate IS NULL OR v_parts[1]::integer > 10000000 THEN
        RETURN false;
    END IF;
    v_pads := crm_server.hmac_pads(convert_to(normalize(p_candidate, NFKC), 'UTF8'));
    v_u := sha256(v_pads.opad || sha256(v_pads.ipad || decode(v_parts[2], 'base64') || '\x00000001'::bytea));
    v_acc := ('x' || encode(v_u, 'hex'))::bit(256);
    FOR i IN 2 .. v_parts[1]::integer LOOP
        v_u := sha256(v_pads.opad || sha256(v_pads.ipad || v_u));
        v_acc := v_acc # ('x' || encode(v_u, 'hex'))::bit(256);
    END LOOP;
    FOR i IN 0 .. 3 LOOP
        v_salted := v_salted || decode(lpad(to_hex(substring(v_acc FROM i * 64 + 1 FOR 64)::bigint), 16, '0'), 'hex');
    END LOOP;
    v_pads := crm_server.hmac_pads(v_salted);
    -- StoredKey = SHA-256(ClientKey), ClientKey = HMAC(SaltedPassword, 'Client Key').
    RETURN sha256(sha256(v_pads.opad || sha256(v_pads.ipad || convert_to('Client Key', 'UTF8'))))
           = decode(v_parts[3], 'base64');
END
$$;
REVOKE EXECUTE ON FUNCTION crm_server.password_is_current(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_server.password_is_current(text, text) TO crm_owner;

-- Every existing account's current password counts as sanctioned.
INSERT INTO crm.password_record (login, fingerprint, how)
SELECT s.login, crm_server.password_fingerprint(s.login), 'accepted'
  FROM crm.staff s WHERE crm_server.password_fingerprint(s.login) IS NOT NULL
ON CONFLICT (login) DO NOTHING;

SET ROLE crm_owner;

CREATE FUNCTION crm.record_password(p_login text, p_how text) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    INSERT INTO crm.password_record (login, fingerprint, how)
    VALUES (p_login, crm_server.password_fingerprint(p_login), p_how)
    ON CONFLICT (login) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, set_at = now(),
                                      set_by = session_user, how = EXCLUDED.how
$$;

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

-- Passwords set outside crm.change_password() or a reset (ALTER ROLE ... PASSWORD, psql's
-- \password): the account must change its password at the next sign-in, its sessions end, and
-- the finding is audited. Returns the logins found.
CREATE FUNCTION crm.agent_check_passwords() RETURNS text[]
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

-- Grants ---------------------------------------------------------------------------------------

REVOKE EXECUTE ON FUNCTION crm.restore_login(crm.staff), crm.record_lock_event(crm.staff, text, jsonb),
    crm.count_failed_password(text, timestamptz, text), crm.agent_ingest_auth_log(text, bigint, bigint, jsonb),
    crm.agent_release_locks(), crm.login_notice(text), crm.agent_record_health(text, text, integer, jsonb),
    crm.agent_health(), crm.record_password(text, text), crm.agent_check_passwords()
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.login_notice(text) TO crm_gate, crm_staff;
GRANT EXECUTE ON FUNCTION crm.agent_health() TO crm_staff, crm_agent;
GRANT EXECUTE ON FUNCTION
    crm.agent_ingest_auth_log(text, bigint, bigint, jsonb),
    crm.agent_release_locks(),
    crm.agent_record_health(text, text, integer, jsonb),
    crm.agent_check_passwords()
  TO crm_agent;

RESET ROLE;

-- The gate (and anyone) listed every login from the catalog: role names, members and sessions
-- are for staff, the agent and the owner only. (Per database; a guessed name can still be tested,
-- e.g. by casting it to regrole: employee codes are not secrets, a list of them is.)
REVOKE SELECT ON pg_catalog.pg_roles, pg_catalog.pg_user, pg_catalog.pg_group, pg_catalog.pg_auth_members,
                 pg_catalog.pg_stat_activity, pg_catalog.pg_stat_ssl, pg_catalog.pg_stat_gssapi,
                 pg_catalog.pg_shdescription, pg_catalog.pg_db_role_setting
  FROM PUBLIC;
GRANT SELECT ON pg_catalog.pg_roles, pg_catalog.pg_user, pg_catalog.pg_group, pg_catalog.pg_auth_members,
                pg_catalog.pg_stat_activity, pg_catalog.pg_stat_ssl, pg_catalog.pg_stat_gssapi,
                pg_catalog.pg_shdescription, pg_catalog.pg_db_role_setting
  TO crm_owner, crm_staff, crm_agent;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_stat_get_activity(integer), pg_catalog.pg_get_userbyid(oid),
                           pg_catalog.pg_stat_get_backend_userid(integer)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_stat_get_activity(integer), pg_catalog.pg_get_userbyid(oid),
                          pg_catalog.pg_stat_get_backend_userid(integer)
  TO crm_owner, crm_staff, crm_agent;
