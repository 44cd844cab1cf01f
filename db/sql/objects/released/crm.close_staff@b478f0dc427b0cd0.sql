-- 销户: the account stays with its history; the login can no longer connect.
CREATE OR REPLACE FUNCTION crm.close_staff(p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    IF v.status = 'closed' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('account "%s" is already closed', p_login);
    END IF;
    IF EXISTS (SELECT 1 FROM crm.relationship r WHERE r.staff_id = v.id AND r.status = 'live') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('account "%s" still has live customer relationships: release them first', p_login);
    END IF;
    IF EXISTS (SELECT 1 FROM crm.staff s WHERE s.superior_id = v.id AND s.status <> 'closed') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('account "%s" is still the superior of other staff', p_login);
    END IF;
    EXECUTE format('ALTER ROLE %I NOLOGIN VALID UNTIL %L', v.login, '1970-01-01');
    UPDATE crm.staff SET status = 'closed', closed_at = now(), version = version + 1 WHERE id = v.id;
    PERFORM crm.terminate_login(v.login, 'account closed');
END
$$;

REVOKE ALL ON FUNCTION crm.close_staff(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.close_staff(text) TO crm_staff;
