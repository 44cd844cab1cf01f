-- An account holding rights that only HQ grants (an approval post, or a role carrying an HQ-kept
-- permission: export, SMS, approve, admin_all, personal-data export) is taken over by whoever
-- sets its password or binds a PC to it. A branch administrator who could do that could sign in
-- as the account and use those rights, undoing "only HQ grants them" (issue #11 part 3): only
-- HQ administrators (or the operator) reset such an account's password, bind PCs to it or lift
-- its MAC binding. The branch administrator still freezes, unfreezes and otherwise manages it.
-- Runs as crm_owner.

CREATE FUNCTION crm.refuse_takeover(p_staff crm.staff) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_rights text;
BEGIN
    IF crm.is_operator() OR crm.has_permission('admin_all') THEN
        RETURN;
    END IF;
    SELECT string_agg(DISTINCT right_name, ', ') INTO v_rights
      FROM (SELECT p.name_en AS right_name
              FROM crm.staff_role r
              JOIN crm.role_permission rp ON rp.role_code = r.role_code
              JOIN crm.permission p ON p.code = rp.permission_code
             WHERE r.staff_id = p_staff.id AND p.granted_by_hq
            UNION ALL
            SELECT 'approval post ' || a.name_en
              FROM crm.staff_post sp JOIN crm.approval_post a ON a.code = sp.post_code
             WHERE sp.staff_id = p_staff.id) held;
    IF v_rights IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'account "%s" holds rights only HQ grants (%s): only HQ administrators reset its password '
            'or bind PCs to it', p_staff.login, v_rights);
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.refuse_takeover(crm.staff) FROM PUBLIC;

CREATE OR REPLACE FUNCTION crm.reset_password(p_login text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.refuse_takeover(v);
    IF v.status = 'closed' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('account "%s" is closed', p_login);
    END IF;
    PERFORM crm.terminate_login(v.login, 'password reset');
    RETURN crm.set_temporary_password(v);
END
$$;

CREATE OR REPLACE FUNCTION crm.bind_mac(p_login text, p_mac text, p_note text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
    v_mac text := crm.normalize_mac(p_mac);
BEGIN
    PERFORM crm.refuse_takeover(v);
    IF v_mac IS NULL OR v_mac = '00:00:00:00:00:00' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('"%s" is not a MAC address (expected six hex pairs, e.g. 00-1A-2B-3C-4D-5E)', p_mac);
    END IF;
    INSERT INTO crm.staff_mac (staff_id, mac, note) VALUES (v.id, v_mac, p_note)
    ON CONFLICT (staff_id, mac) DO NOTHING;
    RETURN v_mac;
END
$$;

CREATE OR REPLACE FUNCTION crm.set_mac_binding_required(p_login text, p_required boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    IF NOT p_required THEN
        PERFORM crm.refuse_takeover(v);
    END IF;
    UPDATE crm.staff SET mac_binding_required = p_required, version = version + 1 WHERE id = v.id;
END
$$;
