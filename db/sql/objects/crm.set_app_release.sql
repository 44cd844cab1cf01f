-- HQ (the operator through crm-admin, or an HQ administrator) records a release. Versions are
-- dotted numbers, the minimum no newer than the newest, the URL http(s) without spaces or
-- control characters; anything else is refused with the reason and nothing changes. Audited
-- with session_user.
CREATE OR REPLACE FUNCTION crm.set_app_release(p_newest text, p_minimum text, p_url text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_pattern constant text := '^[0-9]{1,6}(\.[0-9]{1,6}){0,3}$';
    v_old jsonb;
BEGIN
    IF NOT (crm.is_operator() OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only HQ administrators record app releases';
    END IF;
    IF p_newest IS NULL OR length(p_newest) > 30 OR p_newest !~ v_pattern THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'the newest version must be dotted numbers such as 1.4.2';
    END IF;
    IF p_minimum IS NULL OR length(p_minimum) > 30 OR p_minimum !~ v_pattern THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'the minimum version must be dotted numbers such as 1.2';
    END IF;
    IF string_to_array(p_minimum, '.')::int[] > string_to_array(p_newest, '.')::int[] THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format(
            'the minimum version %s is newer than the newest %s', p_minimum, p_newest);
    END IF;
    IF p_url IS NULL OR length(p_url) > 2000 OR p_url !~ '^https?://[^[:space:][:cntrl:]]+$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'the download URL must start with https:// or http:// and hold no spaces (at most 2000 characters)';
    END IF;
    SELECT to_jsonb(r) - 'singleton' INTO v_old FROM crm.app_release r;
    INSERT INTO crm.app_release (newest, minimum, download_url, set_by)
    VALUES (p_newest, p_minimum, p_url, session_user)
    ON CONFLICT (singleton) DO UPDATE
        SET newest = excluded.newest, minimum = excluded.minimum, download_url = excluded.download_url,
            set_by = excluded.set_by, set_at = now();
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, old_values, new_values)
    VALUES (session_user, 'app_release', 'set', 'app_release', v_old,
            jsonb_build_object('newest', p_newest, 'minimum', p_minimum, 'download_url', p_url));
END
$$;
REVOKE EXECUTE ON FUNCTION crm.set_app_release(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_app_release(text, text, text) TO crm_staff;
COMMENT ON FUNCTION crm.set_app_release(text, text, text) IS
    'HQ records the newest/minimum app version and download URL (issue #17); audited';
