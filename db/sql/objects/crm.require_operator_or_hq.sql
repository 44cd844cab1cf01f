CREATE OR REPLACE FUNCTION crm.require_operator_or_hq() RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF NOT (crm.is_operator() OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only HQ administrators may do this';
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.require_operator_or_hq() FROM PUBLIC;
