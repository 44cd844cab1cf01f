-- Sets VALID UNTIL to what the account's state asks for: the temporary password's expiry while a
-- change is pending, otherwise no expiry. One place for unfreeze, unlock and lock expiry.
CREATE OR REPLACE FUNCTION crm.restore_login(p_staff crm.staff) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', p_staff.login,
                   CASE WHEN p_staff.must_change_password THEN coalesce(p_staff.password_expires_at, now())
                        ELSE 'infinity'::timestamptz END);
END
$$;

REVOKE ALL ON FUNCTION crm.restore_login(crm.staff) FROM PUBLIC;
