-- An account holding rights that only HQ grants (an approval post, or a role carrying an HQ-kept
-- permission: export, SMS, approve, admin_all, personal-data export) is taken over by whoever
-- sets its password or binds a PC to it. A branch administrator who could do that could sign in
-- as the account and use those rights, undoing "only HQ grants them" (issue #11 part 3): only
-- HQ administrators (or the operator) reset such an account's password, bind PCs to it or lift
-- its MAC binding. The branch administrator still freezes, unfreezes and otherwise manages it.
CREATE OR REPLACE FUNCTION crm.refuse_takeover(p_staff crm.staff) RETURNS void
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

REVOKE ALL ON FUNCTION crm.refuse_takeover(crm.staff) FROM PUBLIC;
