CREATE OR REPLACE FUNCTION crm.bind_mac(p_login text, p_mac text, p_note text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
    v_mac text := crm.normalize_mac(p_mac);
BEGIN
    PERFORM crm.refuse_takeover(v);
    IF v_mac IS NULL OR v_mac = '00:00:00:00:00:00' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('"%s" is not a MAC address (expected six hex pairs, e.g. 00-1A-2B-3C-4D-5E)', p_mac);
    END IF;
    INSERT INTO crm.staff_mac (staff_id, mac, note) VALUES (v.id, v_mac, p_note)
    ON CONFLICT (staff_id, mac) DO NOTHING;
    RETURN v_mac;
END
$$;

REVOKE ALL ON FUNCTION crm.bind_mac(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.bind_mac(text, text, text) TO crm_staff;
