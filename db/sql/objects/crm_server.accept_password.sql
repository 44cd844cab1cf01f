-- Break-glass for the operator (superuser only, no grant): accept a password the superuser set
-- by hand (ALTER ROLE ... PASSWORD) as sanctioned, so the agent does not force a change.
CREATE OR REPLACE FUNCTION crm_server.accept_password(p_login text) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO crm.password_record (login, fingerprint, how)
    SELECT p_login, crm_server.password_fingerprint(p_login), 'accepted'
     WHERE crm_server.password_fingerprint(p_login) IS NOT NULL
    ON CONFLICT (login) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, set_at = now(),
                                      set_by = session_user, how = 'accepted'
$$;

REVOKE ALL ON FUNCTION crm_server.accept_password(text) FROM PUBLIC;
