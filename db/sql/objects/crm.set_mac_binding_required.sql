CREATE OR REPLACE FUNCTION crm.set_mac_binding_required(p_login text, p_required boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    IF NOT p_required THEN
        PERFORM crm.refuse_takeover(v);
    END IF;
    UPDATE crm.staff SET mac_binding_required = p_required, version = version + 1 WHERE id = v.id;
END
$$;

REVOKE ALL ON FUNCTION crm.set_mac_binding_required(text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_mac_binding_required(text, boolean) TO crm_staff;
