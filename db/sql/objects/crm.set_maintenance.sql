CREATE OR REPLACE FUNCTION crm.set_maintenance(p_on boolean, p_message text DEFAULT '') RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    PERFORM crm.require_operator_or_hq();
    UPDATE crm.policy SET maintenance = p_on, maintenance_message = coalesce(p_message, ''),
                          updated_at = now(), updated_by = session_user;
END
$$;

REVOKE ALL ON FUNCTION crm.set_maintenance(boolean, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_maintenance(boolean, text) TO crm_staff;
