-- Default asset-range edges (资产区间) in cents: [0, 1万), [1万, 10万), ... , [1000万, ∞).
-- services/pivot.DEFAULT_ASSET_EDGES is the same list in yuan (a test keeps them equal).
CREATE OR REPLACE FUNCTION crm.pivot_default_asset_edges() RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT ARRAY[1000000, 10000000, 50000000, 100000000, 500000000, 1000000000]::bigint[]
$$;

REVOKE ALL ON FUNCTION crm.pivot_default_asset_edges() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.pivot_default_asset_edges() TO crm_staff;
