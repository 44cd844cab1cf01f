-- The named staff member, locked, after checking the caller administers their branch.
CREATE OR REPLACE FUNCTION crm.administered_staff(p_login text) RETURNS crm.staff
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

REVOKE ALL ON FUNCTION crm.administered_staff(text) FROM PUBLIC;
