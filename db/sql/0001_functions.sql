-- State changes with rules: SECURITY DEFINER functions owned by crm_owner.
-- Each checks that the caller may act on the rows it names (a definer bypasses RLS),
-- locks what it changes, and is audited under session_user.
--
-- SQLSTATEs of class CR (the client maps them to messages, crm_desktop/services/errors.py):
--   CR001 this PC's MAC is not bound to the account     CR002 system under maintenance
--   CR003 password change required                       CR004 account frozen or closed
--   CR005 not a CRM staff account                         CR006 no open CRM session
--   CR020 password refused by policy
-- Standard ones: 42501 not permitted, 22023 bad parameter, 23505 duplicate, P0002 not found.

-- Helpers ------------------------------------------------------------------------------

-- 'AA-BB-CC-DD-EE-FF', 'aabb.ccdd.eeff', 'AABBCCDDEEFF' -> 'aa:bb:cc:dd:ee:ff'; NULL if malformed.
CREATE FUNCTION crm.normalize_mac(p_mac text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN h ~ '^[0-9a-f]{12}$'
                THEN regexp_replace(h, '(..)(?!$)', '\1:', 'g') END
      FROM (SELECT lower(regexp_replace(coalesce(p_mac, ''), '[\s:.\-]', '', 'g')) AS h) x
$$;

CREATE FUNCTION crm.require_staff(p_login text) RETURNS crm.staff
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff;
BEGIN
    SELECT * INTO v FROM crm.staff s WHERE s.login = p_login;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('unknown staff login "%s"', p_login);
    END IF;
    RETURN v;
END
$$;

-- The named staff member, locked, after checking the caller administers their branch.
CREATE FUNCTION crm.administered_staff(p_login text) RETURNS crm.staff
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff;
BEGIN
    SELECT * INTO v FROM crm.staff s WHERE s.login = p_login FOR UPDATE;
    -- The same answer for "no such login" and "not yours": no probing of other branches.
    IF NOT FOUND OR NOT crm.can_administer(v.branch_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('unknown staff login "%s" (or not in a branch you administer)', p_login);
    END IF;
    -- A branch administrator may not manage (reset the password of, bind a PC to, ...) an
    -- account holding rights only HQ grants: that would hand them those rights.
    IF NOT (crm.is_operator() OR crm.has_permission('admin_all')) AND (
           v.customer_scope = 'all'
           OR EXISTS (SELECT 1 FROM crm.staff_role r
                       WHERE r.staff_id = v.id AND r.role_code IN ('hq_admin', 'hq_marketing'))
           OR EXISTS (SELECT 1 FROM crm.staff_post p
                       WHERE p.staff_id = v.id AND p.post_code = 'hq_marketing')
           OR EXISTS (SELECT 1 FROM crm.staff_branch_scope b
                       WHERE b.staff_id = v.id AND NOT b.branch_id = ANY (crm.my_admin_branch_ids()))) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('account "%s" holds rights granted by HQ: only HQ administrators may change it',
                             p_login);
    END IF;
    RETURN v;
END
$$;

CREATE FUNCTION crm.require_operator_or_hq() RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF NOT (crm.is_operator() OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only HQ administrators may do this';
    END IF;
END
$$;

-- A random temporary password: 14 characters from an unambiguous alphabet.
CREATE FUNCTION crm.random_password() RETURNS text
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT string_agg(substr('abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789',
                             1 + (get_byte(b, i) % 56), 1), '' ORDER BY i)
      FROM (SELECT uuid_send(gen_random_uuid()) AS b) r, generate_series(0, 13) AS i
$$;

-- Sets a temporary password valid for the policy's hours and flags the change as required.
CREATE FUNCTION crm.set_temporary_password(p_staff crm.staff) RETURNS text
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
    UPDATE crm.staff SET must_change_password = true, password_expires_at = v_until,
                         version = version + 1
     WHERE id = p_staff.id;
    RETURN v_password;
END
$$;

-- Ends every backend of a login (frozen, closed, forced out).
CREATE FUNCTION crm.terminate_login(p_login text, p_reason text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_count integer := 0;
    r record;
BEGIN
    FOR r IN SELECT a.pid FROM pg_stat_activity a
              WHERE a.usename = p_login AND a.pid <> pg_backend_pid() LOOP
        IF pg_terminate_backend(r.pid) THEN
            v_count := v_count + 1;
        END IF;
    END LOOP;
    UPDATE crm.app_session SET closed_at = now(), close_reason = p_reason
     WHERE login = p_login AND closed_at IS NULL AND pid <> pg_backend_pid();
    RETURN v_count;
END
$$;

CREATE FUNCTION crm.freeze_account(p_staff crm.staff, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    -- VALID UNTIL in the past: a frozen login fails exactly like a wrong password (no oracle).
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', p_staff.login, '1970-01-01');
    UPDATE crm.staff SET status = 'frozen', freeze_reason = p_reason, version = version + 1
     WHERE id = p_staff.id;
    PERFORM crm.terminate_login(p_staff.login, 'frozen: ' || p_reason);
END
$$;

-- Session ------------------------------------------------------------------------------

CREATE FUNCTION crm.open_session(macs text[], hostname text, app_version text)
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

CREATE FUNCTION crm.close_session() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.app_session;
BEGIN
    UPDATE crm.app_session s SET closed_at = now(), close_reason = 'logout'
     WHERE s.pid = pg_backend_pid() AND s.login = session_user AND s.closed_at IS NULL
    RETURNING * INTO v;
    IF FOUND AND NOT EXISTS (SELECT 1 FROM crm.app_session s
                              WHERE s.staff_id = v.staff_id AND s.closed_at IS NULL
                                AND s.hostname IS NOT DISTINCT FROM v.hostname) THEN
        INSERT INTO crm.login_event (login, staff_id, branch_id, outcome, macs, hostname, source)
        VALUES (v.login, v.staff_id, v.branch_id, 'logout', v.macs, v.hostname, 'close_session');
    END IF;
END
$$;

-- The client calls this while its user is active, so the server-side idle limit
-- follows keyboard and mouse activity, not only queries. It touches the open sessions of
-- the login on the same PC: a client's worker connections belong to the same person at the
-- same desk, while a session forgotten on another PC still times out.
CREATE FUNCTION crm.touch_session() RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    UPDATE crm.app_session s SET last_activity_at = now()
     WHERE s.login = session_user AND s.closed_at IS NULL
       AND s.hostname IS NOT DISTINCT FROM (
           SELECT me.hostname FROM crm.app_session me
            WHERE me.pid = pg_backend_pid() AND me.login = session_user AND me.closed_at IS NULL
            ORDER BY me.id DESC LIMIT 1)
$$;

-- The password is a bound parameter of this call; it is never part of a logged statement.
CREATE FUNCTION crm.change_password(new text) RETURNS void
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
    BEGIN
        EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', v_staff.login, new, 'infinity');
    EXCEPTION WHEN OTHERS THEN
        -- Re-raised without the statement text, which holds the password.
        RAISE EXCEPTION USING ERRCODE = 'CR020', MESSAGE = 'the password could not be set';
    END;
    UPDATE crm.staff SET must_change_password = false, password_expires_at = NULL, version = version + 1
     WHERE id = v_staff.id;
END
$$;

-- The gate's only function: may be asked by anyone who can reach the server, before login.
-- Logins are employee codes, not secrets; it tells whether to call the administrator.
CREATE FUNCTION crm.login_notice(login text)
RETURNS TABLE (account_status text, admin_contact text, maintenance boolean,
               maintenance_message text, remember_password_allowed boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    WITH st AS (SELECT * FROM crm.staff s WHERE s.login = login_notice.login),
    admins AS (
        SELECT string_agg(DISTINCT a.name, ', ') AS names
          FROM crm.staff a
          JOIN crm.staff_role sr ON sr.staff_id = a.id AND sr.role_code = 'branch_admin'
         WHERE a.status = 'active' AND a.branch_id = (SELECT st.branch_id FROM st)),
    hq AS (
        SELECT string_agg(DISTINCT a.name, ', ') AS names
          FROM crm.staff a
          JOIN crm.staff_role sr ON sr.staff_id = a.id AND sr.role_code = 'hq_admin'
         WHERE a.status = 'active')
    SELECT CASE
               WHEN NOT EXISTS (SELECT 1 FROM st) THEN 'unknown'
               WHEN (SELECT st.status FROM st) <> 'active' THEN (SELECT st.status FROM st)
               WHEN (SELECT st.must_change_password AND st.password_expires_at < now() FROM st)
                   THEN 'password_expired'
               ELSE 'active' END,
           CASE WHEN EXISTS (SELECT 1 FROM st) THEN coalesce((SELECT names FROM admins), (SELECT names FROM hq)) END,
           p.maintenance, p.maintenance_message, p.remember_password_allowed
      FROM crm.policy p
$$;

-- Administration (crm-admin and the Administration tab) ----------------------------------

CREATE FUNCTION crm.check_superior(p_staff_id integer, p_superior_id integer) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF p_superior_id IS NULL THEN
        RETURN;
    END IF;
    IF p_staff_id IS NOT NULL AND p_superior_id = ANY (crm.staff_subtree(p_staff_id)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'that superior would make a cycle in the hierarchy';
    END IF;
END
$$;

CREATE FUNCTION crm.check_grantable_role(p_role text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM crm.role r WHERE r.code = p_role) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown role "%s"', p_role);
    END IF;
    IF p_role IN ('hq_admin', 'hq_marketing') THEN
        PERFORM crm.require_operator_or_hq();
    END IF;
END
$$;

CREATE FUNCTION crm.check_post(p_post text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM crm.approval_post p WHERE p.code = p_post) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown approval post "%s"', p_post);
    END IF;
    IF p_post = 'hq_marketing' THEN
        PERFORM crm.require_operator_or_hq();
    END IF;
END
$$;

CREATE FUNCTION crm.branch_id_of(p_code text) RETURNS smallint
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v smallint;
BEGIN
    SELECT b.id INTO v FROM crm.branch b WHERE b.code = upper(p_code);
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown branch "%s"', p_code);
    END IF;
    RETURN v;
END
$$;

-- Returns the temporary password (shown once to the administrator).
CREATE FUNCTION crm.create_staff(
    p_login text, p_name text, p_branch text,
    p_superior text DEFAULT NULL, p_staff_type text DEFAULT 'marketing',
    p_roles text[] DEFAULT '{marketing}', p_posts text[] DEFAULT '{}',
    p_scope text DEFAULT 'own', p_public_pool boolean DEFAULT false,
    p_branch_scope text[] DEFAULT '{}', p_mac_binding boolean DEFAULT true)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_branch smallint := crm.branch_id_of(p_branch);
    v_superior crm.staff;
    v_staff crm.staff;
    x text;
BEGIN
    IF NOT crm.can_administer(v_branch) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('you do not administer branch %s', upper(p_branch));
    END IF;
    IF p_login IS NULL OR p_login !~ '^[a-z][a-z0-9_]{2,31}$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('login "%s" must be 3-32 characters: a-z first, then a-z, 0-9 or _', p_login);
    END IF;
    IF p_login LIKE 'pg\_%' OR p_login LIKE 'crm\_%' OR p_login IN ('postgres', 'public') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('login "%s" is reserved', p_login);
    END IF;
    IF EXISTS (SELECT 1 FROM crm.staff s WHERE s.login = p_login)
       OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = p_login) THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = format('login "%s" already exists', p_login);
    END IF;
    IF p_name IS NULL OR btrim(p_name) = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a name is required';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM crm.staff_type t WHERE t.code = p_staff_type) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown staff type "%s"', p_staff_type);
    END IF;
    IF p_scope NOT IN ('own', 'subordinates', 'branch', 'all') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown customer scope "%s"', p_scope);
    END IF;
    IF p_scope = 'all' THEN
        PERFORM crm.require_operator_or_hq();
    END IF;
    IF p_superior IS NOT NULL THEN
        SELECT * INTO v_superior FROM crm.staff s WHERE s.login = p_superior;
        -- Another branch's staff is "unknown" too: no probing, no cross-branch hierarchy but by HQ.
        IF NOT FOUND OR v_superior.status = 'closed' OR NOT crm.can_administer(v_superior.branch_id) THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown superior "%s"', p_superior);
        END IF;
    END IF;
    FOREACH x IN ARRAY coalesce(p_roles, '{}') LOOP PERFORM crm.check_grantable_role(x); END LOOP;
    FOREACH x IN ARRAY coalesce(p_posts, '{}') LOOP PERFORM crm.check_post(x); END LOOP;
    -- 营业部范围 only over branches the caller administers (as crm.set_scope checks).
    FOREACH x IN ARRAY coalesce(p_branch_scope, '{}') LOOP
        IF NOT crm.can_administer(crm.branch_id_of(x)) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('you do not administer branch %s', upper(x));
        END IF;
    END LOOP;

    EXECUTE format('CREATE ROLE %I LOGIN IN ROLE crm_staff', p_login);
    INSERT INTO crm.staff (login, name, branch_id, staff_type, superior_id, customer_scope,
                           public_pool, mac_binding_required)
    VALUES (p_login, btrim(p_name), v_branch, p_staff_type, v_superior.id, p_scope,
            coalesce(p_public_pool, false), coalesce(p_mac_binding, true))
    RETURNING * INTO v_staff;
    INSERT INTO crm.staff_role (staff_id, role_code)
        SELECT v_staff.id, r FROM unnest(coalesce(p_roles, '{}')) r ON CONFLICT DO NOTHING;
    INSERT INTO crm.staff_post (staff_id, post_code)
        SELECT v_staff.id, p FROM unnest(coalesce(p_posts, '{}')) p ON CONFLICT DO NOTHING;
    FOREACH x IN ARRAY coalesce(p_branch_scope, '{}') LOOP
        INSERT INTO crm.staff_branch_scope (staff_id, branch_id)
        VALUES (v_staff.id, crm.branch_id_of(x)) ON CONFLICT DO NOTHING;
    END LOOP;
    RETURN crm.set_temporary_password(v_staff);
END
$$;

CREATE FUNCTION crm.reset_password(p_login text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    IF v.status = 'closed' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('account "%s" is closed', p_login);
    END IF;
    PERFORM crm.terminate_login(v.login, 'password reset');
    RETURN crm.set_temporary_password(v);
END
$$;

CREATE FUNCTION crm.freeze_staff(p_login text, p_reason text DEFAULT 'administrator') RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    IF v.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('account "%s" is %s', p_login, v.status);
    END IF;
    PERFORM crm.freeze_account(v, coalesce(p_reason, 'administrator'));
END
$$;

CREATE FUNCTION crm.unfreeze_staff(p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    IF v.status <> 'frozen' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('account "%s" is not frozen', p_login);
    END IF;
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', v.login,
                   CASE WHEN v.must_change_password THEN coalesce(v.password_expires_at, now())
                        ELSE 'infinity'::timestamptz END);
    UPDATE crm.staff SET status = 'active', freeze_reason = NULL, version = version + 1 WHERE id = v.id;
    DELETE FROM crm.auth_failure f WHERE f.login = v.login;
END
$$;

-- 销户: the account stays with its history; the login can no longer connect.
CREATE FUNCTION crm.close_staff(p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    IF v.status = 'closed' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('account "%s" is already closed', p_login);
    END IF;
    IF EXISTS (SELECT 1 FROM crm.relationship r WHERE r.staff_id = v.id AND r.status = 'live') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('account "%s" still has live customer relationships: release them first', p_login);
    END IF;
    IF EXISTS (SELECT 1 FROM crm.staff s WHERE s.superior_id = v.id AND s.status <> 'closed') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('account "%s" is still the superior of other staff', p_login);
    END IF;
    EXECUTE format('ALTER ROLE %I NOLOGIN VALID UNTIL %L', v.login, '1970-01-01');
    UPDATE crm.staff SET status = 'closed', closed_at = now(), version = version + 1 WHERE id = v.id;
    PERFORM crm.terminate_login(v.login, 'account closed');
END
$$;

CREATE FUNCTION crm.bind_mac(p_login text, p_mac text, p_note text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
    v_mac text := crm.normalize_mac(p_mac);
BEGIN
    IF v_mac IS NULL OR v_mac = '00:00:00:00:00:00' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('"%s" is not a MAC address (expected six hex pairs, e.g. 00-1A-2B-3C-4D-5E)', p_mac);
    END IF;
    INSERT INTO crm.staff_mac (staff_id, mac, note) VALUES (v.id, v_mac, p_note)
    ON CONFLICT (staff_id, mac) DO NOTHING;
    RETURN v_mac;
END
$$;

CREATE FUNCTION crm.unbind_mac(p_login text, p_mac text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    DELETE FROM crm.staff_mac m WHERE m.staff_id = v.id AND m.mac = crm.normalize_mac(p_mac);
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('MAC "%s" is not bound to "%s"', p_mac, p_login);
    END IF;
END
$$;

CREATE FUNCTION crm.set_superior(p_login text, p_superior text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
    v_superior crm.staff;
BEGIN
    IF p_superior IS NOT NULL THEN
        SELECT * INTO v_superior FROM crm.staff s WHERE s.login = p_superior;
        -- Another branch's staff is "unknown" too: no probing, no cross-branch hierarchy but by HQ.
        IF NOT FOUND OR v_superior.status = 'closed' OR NOT crm.can_administer(v_superior.branch_id) THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown superior "%s"', p_superior);
        END IF;
        PERFORM crm.check_superior(v.id, v_superior.id);
    END IF;
    UPDATE crm.staff SET superior_id = v_superior.id, version = version + 1 WHERE id = v.id;
END
$$;

CREATE FUNCTION crm.grant_role(p_login text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.check_grantable_role(p_role);
    INSERT INTO crm.staff_role (staff_id, role_code) VALUES (v.id, p_role) ON CONFLICT DO NOTHING;
END
$$;

CREATE FUNCTION crm.revoke_role(p_login text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.check_grantable_role(p_role);
    DELETE FROM crm.staff_role r WHERE r.staff_id = v.id AND r.role_code = p_role;
END
$$;

CREATE FUNCTION crm.grant_post(p_login text, p_post text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.check_post(p_post);
    INSERT INTO crm.staff_post (staff_id, post_code) VALUES (v.id, p_post) ON CONFLICT DO NOTHING;
END
$$;

CREATE FUNCTION crm.revoke_post(p_login text, p_post text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.check_post(p_post);
    DELETE FROM crm.staff_post p WHERE p.staff_id = v.id AND p.post_code = p_post;
END
$$;

-- 客户范围 and 营业部范围 together. NULL arguments keep the current value.
CREATE FUNCTION crm.set_scope(p_login text, p_scope text, p_public_pool boolean DEFAULT NULL,
                              p_branch_scope text[] DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
    x text;
BEGIN
    IF p_scope IS NOT NULL AND p_scope NOT IN ('own', 'subordinates', 'branch', 'all') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown customer scope "%s"', p_scope);
    END IF;
    IF p_scope = 'all' OR p_branch_scope IS NOT NULL THEN
        -- Widening beyond one's own branches is HQ's decision.
        IF p_scope = 'all' THEN
            PERFORM crm.require_operator_or_hq();
        END IF;
    END IF;
    UPDATE crm.staff SET customer_scope = coalesce(p_scope, customer_scope),
                         public_pool = coalesce(p_public_pool, public_pool),
                         version = version + 1
     WHERE id = v.id;
    IF p_branch_scope IS NOT NULL THEN
        FOREACH x IN ARRAY p_branch_scope LOOP
            IF NOT crm.can_administer(crm.branch_id_of(x)) THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = format('you do not administer branch %s', upper(x));
            END IF;
        END LOOP;
        DELETE FROM crm.staff_branch_scope b WHERE b.staff_id = v.id;
        INSERT INTO crm.staff_branch_scope (staff_id, branch_id)
            SELECT DISTINCT v.id, crm.branch_id_of(b) FROM unnest(p_branch_scope) b;
    END IF;
END
$$;

CREATE FUNCTION crm.set_mac_binding_required(p_login text, p_required boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    UPDATE crm.staff SET mac_binding_required = p_required, version = version + 1 WHERE id = v.id;
END
$$;

CREATE FUNCTION crm.end_session(p_session_id bigint, p_reason text DEFAULT 'ended by administrator')
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.app_session;
    v_ended boolean := false;
BEGIN
    SELECT * INTO v FROM crm.app_session s WHERE s.id = p_session_id FOR UPDATE;
    IF NOT FOUND OR NOT crm.can_administer(v.branch_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('unknown session %s', p_session_id);
    END IF;
    IF v.closed_at IS NOT NULL THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = v.pid AND a.backend_start = v.backend_start) THEN
        v_ended := pg_terminate_backend(v.pid);
    END IF;
    UPDATE crm.app_session SET closed_at = now(), close_reason = p_reason WHERE id = v.id;
    INSERT INTO crm.login_event (login, staff_id, branch_id, outcome, macs, hostname, detail, source)
    VALUES (v.login, v.staff_id, v.branch_id, 'session_ended', v.macs, v.hostname, p_reason, 'end_session');
    RETURN v_ended;
END
$$;

CREATE FUNCTION crm.set_maintenance(p_on boolean, p_message text DEFAULT '') RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    PERFORM crm.require_operator_or_hq();
    UPDATE crm.policy SET maintenance = p_on, maintenance_message = coalesce(p_message, ''),
                          updated_at = now(), updated_by = session_user;
END
$$;

-- Policy settings by name; unknown names and out-of-range values are refused.
CREATE FUNCTION crm.update_policy(p_settings jsonb) RETURNS crm.policy
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    k text;
    v crm.policy;
BEGIN
    PERFORM crm.require_operator_or_hq();
    FOR k IN SELECT jsonb_object_keys(p_settings) LOOP
        IF k NOT IN ('lockout_threshold', 'lockout_window_minutes', 'idle_minutes', 'server_idle_seconds',
                     'absolute_session_hours', 'password_min_length', 'temp_password_hours',
                     'remember_password_allowed', 'maintenance', 'maintenance_message') THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown policy setting "%s"', k);
        END IF;
    END LOOP;
    UPDATE crm.policy p SET
        lockout_threshold = coalesce((p_settings ->> 'lockout_threshold')::integer, p.lockout_threshold),
        lockout_window_minutes = coalesce((p_settings ->> 'lockout_window_minutes')::integer, p.lockout_window_minutes),
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
    RETURN v;
END
$$;

-- The HQ agent's jobs (EXECUTE for crm_agent only) ---------------------------------------

-- Applies a slice [p_from, p_to) of one server log file, parsed by the agent, exactly once:
-- the slice is applied only if the stored cursor is at p_from, so two agents never double-count.
-- Events: {"kind": "failure"|"success"|"refusal", "user", "at", "state_code", "detail"}.
CREATE FUNCTION crm.agent_ingest_auth_log(p_file text, p_from bigint, p_to bigint, p_events jsonb)
RETURNS TABLE (applied boolean, locked text[])
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_cursor jsonb;
    v_policy crm.policy;
    v_locked text[] := '{}';
    e jsonb;
    v_login text;
    v_at timestamptz;
    v_staff crm.staff;
    v_fail crm.auth_failure;
    v_detail jsonb;
    v_outcome text;
BEGIN
    INSERT INTO crm.agent_state (key, value) VALUES ('auth_log_cursor', '{"file": "", "offset": 0}')
    ON CONFLICT (key) DO NOTHING;
    SELECT value INTO v_cursor FROM crm.agent_state WHERE key = 'auth_log_cursor' FOR UPDATE;
    IF NOT ((v_cursor ->> 'file' = p_file AND (v_cursor ->> 'offset')::bigint = p_from)
            OR (v_cursor ->> 'file' < p_file AND p_from = 0)) THEN
        RETURN QUERY SELECT false, v_locked;
        RETURN;
    END IF;
    SELECT * INTO v_policy FROM crm.policy;

    FOR e IN SELECT * FROM jsonb_array_elements(coalesce(p_events, '[]')) LOOP
        v_login := e ->> 'user';
        v_at := coalesce((e ->> 'at')::timestamptz, now());
        SELECT * INTO v_staff FROM crm.staff s WHERE s.login = v_login;
        IF v_login IS NULL OR v_login IN ('crm_agent', 'crm_gate') THEN
            CONTINUE;
        END IF;
        IF e ->> 'kind' = 'success' THEN
            DELETE FROM crm.auth_failure f WHERE f.login = v_login AND f.last_at <= v_at;
        ELSIF e ->> 'kind' = 'failure' THEN
            INSERT INTO crm.login_event (at, login, staff_id, branch_id, outcome, source)
            VALUES (v_at, v_login, v_staff.id, v_staff.branch_id, 'bad_password', 'server_log');
            SELECT * INTO v_fail FROM crm.auth_failure f WHERE f.login = v_login FOR UPDATE;
            IF NOT FOUND OR v_at - v_fail.first_at > make_interval(mins => v_policy.lockout_window_minutes) THEN
                INSERT INTO crm.auth_failure (login, failures, first_at, last_at) VALUES (v_login, 1, v_at, v_at)
                ON CONFLICT (login) DO UPDATE SET failures = 1, first_at = v_at, last_at = v_at
                RETURNING * INTO v_fail;
            ELSE
                UPDATE crm.auth_failure f SET failures = f.failures + 1, last_at = greatest(f.last_at, v_at)
                 WHERE f.login = v_login RETURNING * INTO v_fail;
            END IF;
            IF v_staff.id IS NOT NULL AND v_staff.status = 'active'
               AND v_fail.failures >= v_policy.lockout_threshold THEN
                PERFORM crm.freeze_account(v_staff, 'lockout');
                INSERT INTO crm.login_event (at, login, staff_id, branch_id, outcome, detail, source)
                VALUES (now(), v_login, v_staff.id, v_staff.branch_id, 'locked',
                        format('%s failed passwords within %s minutes', v_fail.failures,
                               v_policy.lockout_window_minutes), 'agent');
                v_locked := v_locked || v_login;
            END IF;
        ELSIF e ->> 'kind' = 'refusal' THEN
            v_outcome := CASE e ->> 'state_code'
                WHEN 'CR001' THEN 'mac_refused' WHEN 'CR002' THEN 'maintenance'
                WHEN 'CR003' THEN 'password_change_required' WHEN 'CR004' THEN 'account_inactive' END;
            CONTINUE WHEN v_outcome IS NULL OR v_staff.id IS NULL;
            BEGIN
                v_detail := (e ->> 'detail')::jsonb;
            EXCEPTION WHEN OTHERS THEN
                v_detail := '{}';
            END;
            INSERT INTO crm.login_event (at, login, staff_id, branch_id, outcome, macs, hostname, detail, source)
            VALUES (v_at, v_login, v_staff.id, v_staff.branch_id, v_outcome,
                    ARRAY(SELECT jsonb_array_elements_text(coalesce(v_detail -> 'macs', '[]'))),
                    v_detail ->> 'hostname', e ->> 'message', 'server_log');
        END IF;
    END LOOP;

    UPDATE crm.agent_state SET value = jsonb_build_object('file', p_file, 'offset', p_to), updated_at = now()
     WHERE key = 'auth_log_cursor';
    RETURN QUERY SELECT true, v_locked;
END
$$;

-- Ends staff backends idle past the policy (unless the client reported activity) or
-- older than the absolute lifetime; a client's own SET idle_session_timeout cannot avoid it.
CREATE FUNCTION crm.agent_enforce_sessions()
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
        SELECT a.pid, a.usename::text AS usename, a.backend_start, a.state, a.state_change,
               (SELECT max(s.last_activity_at) FROM crm.app_session s
                 WHERE s.pid = a.pid AND s.backend_start = a.backend_start AND s.closed_at IS NULL) AS activity
          FROM pg_stat_activity a
          JOIN crm.staff st ON st.login = a.usename
         WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
    LOOP
        v_reason := NULL;
        IF now() - r.backend_start > make_interval(hours => v_policy.absolute_session_hours) THEN
            v_reason := 'absolute session lifetime exceeded';
        ELSIF r.state LIKE 'idle%'
              AND now() - r.state_change > make_interval(secs => v_policy.server_idle_seconds)
              AND (r.activity IS NULL OR now() - r.activity > make_interval(secs => v_policy.server_idle_seconds)) THEN
            v_reason := 'idle timeout';
        END IF;
        CONTINUE WHEN v_reason IS NULL;
        IF pg_terminate_backend(r.pid) THEN
            UPDATE crm.app_session s SET closed_at = now(), close_reason = v_reason
             WHERE s.pid = r.pid AND s.backend_start = r.backend_start AND s.closed_at IS NULL;
            pid := r.pid; login := r.usename; reason := v_reason;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;

-- Closes session rows whose backend is gone (crash, network loss, killed client).
CREATE FUNCTION crm.agent_sweep_sessions() RETURNS integer
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    WITH gone AS (
        UPDATE crm.app_session s SET closed_at = now(), close_reason = 'disconnected'
         WHERE s.closed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                            WHERE a.pid = s.pid AND a.backend_start = s.backend_start)
        RETURNING 1)
    SELECT count(*)::integer FROM gone
$$;

CREATE FUNCTION crm.agent_log_cursor() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce((SELECT value FROM crm.agent_state WHERE key = 'auth_log_cursor'),
                    '{"file": "", "offset": 0}'::jsonb)
$$;

-- Moves the cursor to the end of the current log without reading it (a new database,
-- or an operator who does not want history counted).
CREATE FUNCTION crm.agent_skip_auth_log(p_file text, p_offset bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    INSERT INTO crm.agent_state (key, value)
    VALUES ('auth_log_cursor', jsonb_build_object('file', p_file, 'offset', p_offset))
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
$$;

-- Views (security_invoker: the caller's RLS applies) -------------------------------------

CREATE VIEW crm.staff_overview WITH (security_invoker = true) AS
SELECT s.id, s.login, s.name, b.code AS branch_code, b.name AS branch_name, s.staff_type,
       sup.login AS superior_login, sup.name AS superior_name, s.status, s.freeze_reason,
       s.must_change_password, s.password_expires_at, s.customer_scope, s.public_pool,
       s.mac_binding_required, s.created_at, s.closed_at,
       coalesce((SELECT array_agg(r.role_code ORDER BY r.role_code) FROM crm.staff_role r
                  WHERE r.staff_id = s.id), '{}') AS roles,
       coalesce((SELECT array_agg(p.post_code ORDER BY p.post_code) FROM crm.staff_post p
                  WHERE p.staff_id = s.id), '{}') AS posts,
       coalesce((SELECT array_agg(sb.code ORDER BY sb.code) FROM crm.staff_branch_scope x
                   JOIN crm.branch sb ON sb.id = x.branch_id WHERE x.staff_id = s.id), '{}') AS branch_scope,
       coalesce((SELECT array_agg(m.mac ORDER BY m.mac) FROM crm.staff_mac m
                  WHERE m.staff_id = s.id), '{}') AS macs,
       (SELECT max(e.at) FROM crm.login_event e
         WHERE e.staff_id = s.id AND e.outcome = 'success') AS last_login_at,
       (SELECT e.macs FROM crm.login_event e
         WHERE e.staff_id = s.id AND e.outcome = 'mac_refused' ORDER BY e.at DESC LIMIT 1) AS last_refused_macs
  FROM crm.staff s
  JOIN crm.branch b ON b.id = s.branch_id
  LEFT JOIN crm.staff sup ON sup.id = s.superior_id;

CREATE VIEW crm.session_overview WITH (security_invoker = true) AS
SELECT s.id, s.login, st.name AS staff_name, b.code AS branch_code, s.hostname, s.macs, s.app_version,
       s.client_addr, s.opened_at, s.last_activity_at, s.closed_at, s.close_reason,
       a.state AS backend_state,
       CASE WHEN a.state LIKE 'idle%' THEN now() - a.state_change END AS idle_for
  FROM crm.app_session s
  JOIN crm.staff st ON st.id = s.staff_id
  JOIN crm.branch b ON b.id = s.branch_id
  LEFT JOIN pg_stat_activity a ON a.pid = s.pid AND a.backend_start = s.backend_start;
