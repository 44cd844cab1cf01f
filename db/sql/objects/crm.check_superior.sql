CREATE OR REPLACE FUNCTION crm.check_superior(p_staff_id integer, p_superior_id integer) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF p_superior_id IS NULL THEN
        RETURN;
    END IF;
    IF p_staff_id IS NOT NULL AND p_superior_id = ANY (crm.staff_subtree(p_staff_id)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'that superior would make a cycle in the hierarchy';
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.check_superior(integer, integer) FROM PUBLIC;
