-- A role whose permissions include one HQ keeps: only HQ administrators grant or revoke it.
CREATE OR REPLACE FUNCTION crm.check_grantable_role(p_role text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_rights text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM crm.role r WHERE r.code = p_role) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown role "%s"', p_role);
    END IF;
    SELECT string_agg(p.name_en, ', ' ORDER BY p.code) INTO v_rights
      FROM crm.role_permission rp JOIN crm.permission p ON p.code = rp.permission_code
     WHERE rp.role_code = p_role AND p.granted_by_hq;
    IF (v_rights IS NOT NULL OR p_role IN ('hq_admin', 'hq_marketing'))
       AND NOT (crm.is_operator() OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'only HQ administrators grant or revoke the role "%s"%s', p_role,
            CASE WHEN v_rights IS NULL THEN '' ELSE format(' (it carries: %s)', v_rights) END);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.check_grantable_role(text) FROM PUBLIC;
