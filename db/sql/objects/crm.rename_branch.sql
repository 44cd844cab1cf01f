-- HQ renames a branch (营业部, HQ included); the code stays (logins, exports and the T+1 files
-- use it). Audited by the trigger on crm.branch.
CREATE OR REPLACE FUNCTION crm.rename_branch(p_code text, p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF NOT EXISTS (SELECT 1 FROM crm.branch b WHERE b.code = upper(btrim(p_code))) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no branch with the code "%s"', left(p_code, 20));
    END IF;
    PERFORM crm.check_branch_name(p_name, upper(btrim(p_code)));
    UPDATE crm.branch b SET name = btrim(p_name) WHERE b.code = upper(btrim(p_code));
END
$$;

REVOKE ALL ON FUNCTION crm.rename_branch(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.rename_branch(text, text) TO crm_staff;
