-- HQ opens a branch (营业部): a unique code (2-12 capital letters or digits) and a unique name.
-- Audited by the trigger on crm.branch. Returns the new branch's id.
CREATE OR REPLACE FUNCTION crm.create_branch(p_code text, p_name text) RETURNS smallint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_code text := upper(btrim(p_code));
    v_id smallint;
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF v_code IS NULL OR v_code !~ '^[A-Z0-9]{2,12}$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'the branch code must be 2 to 12 capital letters or digits';
    END IF;
    PERFORM crm.check_branch_name(p_name, NULL);
    BEGIN
        INSERT INTO crm.branch (code, name, kind) VALUES (v_code, btrim(p_name), 'branch') RETURNING id INTO v_id;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'a branch with this code or name already exists';
    END;
    RETURN v_id;
END
$$;

REVOKE ALL ON FUNCTION crm.create_branch(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.create_branch(text, text) TO crm_staff;
