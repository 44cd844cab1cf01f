-- Canonical column names of the two files (the loader maps Chinese or English headers to them).
CREATE OR REPLACE FUNCTION crm.t1_account_columns() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT ARRAY['account_no', 'name', 'id_no', 'mobile', 'gender', 'birthday', 'open_date',
                 'branch_code', 'status']
$$;

REVOKE ALL ON FUNCTION crm.t1_account_columns() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.t1_account_columns() TO crm_agent;
