CREATE OR REPLACE FUNCTION crm.revoke_post(p_login text, p_post text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.refuse_own_account(v, 'approval posts');
    PERFORM crm.check_post(p_post);
    DELETE FROM crm.staff_post p WHERE p.staff_id = v.id AND p.post_code = p_post;
END
$$;

REVOKE ALL ON FUNCTION crm.revoke_post(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.revoke_post(text, text) TO crm_staff;
