-- As the superuser: a fingerprint of a login's verifier (never the verifier), for crm_owner's
-- definers only. rolpassword is readable by superusers alone.
CREATE OR REPLACE FUNCTION crm_server.password_fingerprint(p_login text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    SELECT encode(sha256(convert_to('crm-password-record:' || a.rolpassword, 'UTF8')), 'hex')
      FROM pg_authid a WHERE a.rolname = p_login AND a.rolpassword IS NOT NULL
$$;

REVOKE ALL ON FUNCTION crm_server.password_fingerprint(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_server.password_fingerprint(text) TO crm_owner;
