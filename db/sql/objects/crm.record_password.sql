CREATE OR REPLACE FUNCTION crm.record_password(p_login text, p_how text) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    INSERT INTO crm.password_record (login, fingerprint, how)
    VALUES (p_login, crm_server.password_fingerprint(p_login), p_how)
    ON CONFLICT (login) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, set_at = now(),
                                      set_by = session_user, how = EXCLUDED.how
$$;

REVOKE ALL ON FUNCTION crm.record_password(text, text) FROM PUBLIC;
