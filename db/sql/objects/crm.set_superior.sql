CREATE OR REPLACE FUNCTION crm.set_superior(p_login text, p_superior text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
    v_superior crm.staff;
BEGIN
    -- Who sits above an account decides who sees its customers.
    PERFORM crm.refuse_own_account(v, 'superior');
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

REVOKE ALL ON FUNCTION crm.set_superior(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_superior(text, text) TO crm_staff;
