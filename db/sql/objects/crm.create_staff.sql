-- Returns the temporary password (shown once to the administrator).
CREATE OR REPLACE FUNCTION crm.create_staff(
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

REVOKE ALL ON FUNCTION crm.create_staff(text, text, text, text, text, text[], text[], text, boolean, text[], boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.create_staff(text, text, text, text, text, text[], text[], text, boolean, text[], boolean) TO crm_staff;
