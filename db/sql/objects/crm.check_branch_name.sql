-- A branch name as HQ may set it: 2 to 60 characters after trimming, no control or invisible
-- characters (they would make two names look alike), and no other branch (p_code excepted) with
-- the same name trimmed, NFKC-normalised and case-folded. Takes the lock that keeps two HQ
-- administrators from creating the same name at once. Internal (the definers call it).
CREATE OR REPLACE FUNCTION crm.check_branch_name(p_name text, p_code text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF p_name IS NULL OR length(btrim(p_name)) NOT BETWEEN 2 AND 60 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the branch name must have 2 to 60 characters';
    END IF;
    IF p_name ~ '[[:cntrl:]\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the branch name must not contain control or invisible characters';
    END IF;
    LOCK TABLE crm.branch IN SHARE ROW EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM crm.branch b
                WHERE lower(normalize(btrim(b.name), NFKC)) = lower(normalize(btrim(p_name), NFKC))
                  AND b.code IS DISTINCT FROM p_code) THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'another branch already has this name';
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.check_branch_name(text, text) FROM PUBLIC;
