CREATE OR REPLACE FUNCTION crm.unbind_mac(p_login text, p_mac text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    DELETE FROM crm.staff_mac m WHERE m.staff_id = v.id AND m.mac = crm.normalize_mac(p_mac);
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('MAC "%s" is not bound to "%s"', p_mac, p_login);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.unbind_mac(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.unbind_mac(text, text) TO crm_staff;
