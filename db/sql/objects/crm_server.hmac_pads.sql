-- HMAC-SHA-256 pads of a key (RFC 2104): (key xor 0x36.., key xor 0x5c..), key zero-padded to 64 bytes.
CREATE OR REPLACE FUNCTION crm_server.hmac_pads(p_key bytea, OUT ipad bytea, OUT opad bytea)
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_key bytea := CASE WHEN length(p_key) > 64 THEN sha256(p_key) ELSE p_key END;
    i integer;
BEGIN
    v_key := v_key || decode(repeat('00', 64 - length(v_key)), 'hex');
    ipad := v_key;
    opad := v_key;
    FOR i IN 0 .. 63 LOOP
        ipad := set_byte(ipad, i, get_byte(v_key, i) # 54);
        opad := set_byte(opad, i, get_byte(v_key, i) # 92);
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION crm_server.hmac_pads(bytea) FROM PUBLIC;
