-- The staging tables must be the ones crm.t1_stage made (temp tables owned by crm_owner): a
-- loader-made view or table of the same name could run its own code inside the definers that read them.
CREATE OR REPLACE FUNCTION crm.t1_staged_ok(p_tables text[]) RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT count(*) = cardinality(p_tables)
      FROM unnest(p_tables) t
      JOIN pg_class c ON c.oid = to_regclass('pg_temp.' || t)
     WHERE c.relkind = 'r' AND c.relpersistence = 't' AND c.relowner = 'crm_owner'::regrole
       AND NOT c.relrowsecurity AND NOT c.relhastriggers AND NOT c.relhasrules
$$;

REVOKE ALL ON FUNCTION crm.t1_staged_ok(text[]) FROM PUBLIC;
