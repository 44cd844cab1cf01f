-- The asset-range edges (资产区间) in cents that crm.pivot_branch_month's asset bands are cut at:
-- [0, e1), [e1, e2), ..., [en, ∞). At first the built-in defaults [0, 1万), [1万, 10万), ... ,
-- [1000万, ∞) (services/pivot.DEFAULT_ASSET_EDGES); after HQ saved other default edges and had the
-- branch rollup rebuilt (crm.asset_band_rebuild_begin / _step), HQ's edges. Read it once per
-- query (a scalar subquery or a variable): it reads crm.pivot_band_edges.
CREATE OR REPLACE FUNCTION crm.pivot_default_asset_edges() RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce((SELECT e.edges_cents FROM crm.pivot_band_edges e),
                    ARRAY[1000000, 10000000, 50000000, 100000000, 500000000, 1000000000]::bigint[])
$$;

REVOKE ALL ON FUNCTION crm.pivot_default_asset_edges() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.pivot_default_asset_edges() TO crm_staff;
