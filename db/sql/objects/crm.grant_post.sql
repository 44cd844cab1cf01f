CREATE OR REPLACE FUNCTION crm.grant_post(p_login text, p_post text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.refuse_own_account(v, 'approval posts');
    PERFORM crm.check_post(p_post);
    INSERT INTO crm.staff_post (staff_id, post_code) VALUES (v.id, p_post) ON CONFLICT DO NOTHING;
END
$$;

REVOKE ALL ON FUNCTION crm.grant_post(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.grant_post(text, text) TO crm_staff;
