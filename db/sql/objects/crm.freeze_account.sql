CREATE OR REPLACE FUNCTION crm.freeze_account(p_staff crm.staff, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    -- VALID UNTIL in the past: a frozen login fails exactly like a wrong password (no oracle).
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', p_staff.login, '1970-01-01');
    -- freeze_reason is a code (lockout, administrator, ...); the UI words it.
    UPDATE crm.staff SET status = 'frozen', freeze_reason = p_reason, version = version + 1
     WHERE id = p_staff.id;
    PERFORM crm.terminate_login(p_staff.login, 'frozen: ' || p_reason);
END
$$;

REVOKE ALL ON FUNCTION crm.freeze_account(crm.staff, text) FROM PUBLIC;
