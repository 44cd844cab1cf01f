-- Whether p_candidate is the login's current password: SCRAM-SHA-256 recomputed from the stored
-- salt and iteration count (PBKDF2-HMAC-SHA-256 with the built-in sha256; no pgcrypto here).
-- The candidate is NFKC-normalised, which is what SASLprep does to anything a keyboard types.
-- For crm_owner's crm.change_password() only; it answers about the caller's own login there.
CREATE OR REPLACE FUNCTION crm_server.password_is_current(p_login text, p_candidate text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_parts text[] := regexp_match(
        coalesce((SELECT a.rolpassword FROM pg_authid a WHERE a.rolname = p_login), ''),
        '^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$');
    v_pads record;
    v_u bytea;
    v_acc bit(256);
    v_salted bytea := '';
    i integer;
BEGIN
    IF v_parts IS NULL OR p_candidate IS NULL OR v_parts[1]::integer > 10000000 THEN
        RETURN false;
    END IF;
    v_pads := crm_server.hmac_pads(convert_to(normalize(p_candidate, NFKC), 'UTF8'));
    v_u := sha256(v_pads.opad || sha256(v_pads.ipad || decode(v_parts[2], 'base64') || '\x00000001'::bytea));
    v_acc := ('x' || encode(v_u, 'hex'))::bit(256);
    FOR i IN 2 .. v_parts[1]::integer LOOP
        v_u := sha256(v_pads.opad || sha256(v_pads.ipad || v_u));
        v_acc := v_acc # ('x' || encode(v_u, 'hex'))::bit(256);
    END LOOP;
    FOR i IN 0 .. 3 LOOP
        v_salted := v_salted || decode(lpad(to_hex(substring(v_acc FROM i * 64 + 1 FOR 64)::bigint), 16, '0'), 'hex');
    END LOOP;
    v_pads := crm_server.hmac_pads(v_salted);
    -- StoredKey = SHA-256(ClientKey), ClientKey = HMAC(SaltedPassword, 'Client Key').
    RETURN sha256(sha256(v_pads.opad || sha256(v_pads.ipad || convert_to('Client Key', 'UTF8'))))
           = decode(v_parts[3], 'base64');
END
$$;

REVOKE ALL ON FUNCTION crm_server.password_is_current(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_server.password_is_current(text, text) TO crm_owner;
