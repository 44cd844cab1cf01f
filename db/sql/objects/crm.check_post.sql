-- Approval posts (审批岗) are HQ's to give and take (DESIGN §3).
CREATE OR REPLACE FUNCTION crm.check_post(p_post text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM crm.approval_post p WHERE p.code = p_post) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown approval post "%s"', p_post);
    END IF;
    IF NOT (crm.is_operator() OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('only HQ administrators grant or revoke approval posts ("%s")', p_post);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.check_post(text) FROM PUBLIC;
