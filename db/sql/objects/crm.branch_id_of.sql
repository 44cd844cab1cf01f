CREATE OR REPLACE FUNCTION crm.branch_id_of(p_code text) RETURNS smallint
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v smallint;
BEGIN
    SELECT b.id INTO v FROM crm.branch b WHERE b.code = upper(p_code);
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown branch "%s"', p_code);
    END IF;
    RETURN v;
END
$$;

REVOKE ALL ON FUNCTION crm.branch_id_of(text) FROM PUBLIC;
