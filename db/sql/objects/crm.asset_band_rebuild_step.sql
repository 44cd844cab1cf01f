-- HQ rebuilds the branch rollup of one more month (the latest left first) at the edges
-- crm.asset_band_rebuild_begin set; returns the months still left (0: the rollup is whole again
-- and the pivot engine uses it for asset ranges). One month per call and transaction: the
-- branch rollup's rows of other months stay readable and writable meanwhile. p_edges_cents: the
-- edges the caller began with; refused when another rebuild has begun at other edges since.
CREATE OR REPLACE FUNCTION crm.asset_band_rebuild_step(p_edges_cents bigint[]) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_left date[];
    v_edges bigint[];
BEGIN
    PERFORM crm.require_operator_or_hq();
    SELECT e.months_left, e.edges_cents INTO v_left, v_edges FROM crm.pivot_band_edges e FOR UPDATE;
    IF p_edges_cents IS DISTINCT FROM v_edges THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031',
            MESSAGE = 'another rebuild of the branch summary at other asset ranges has begun: reload and try again';
    END IF;
    IF cardinality(v_left) = 0 THEN
        RETURN 0;
    END IF;
    PERFORM crm.refresh_pivot_branch_month(v_left[1:1], NULL);
    UPDATE crm.pivot_band_edges SET months_left = v_left[2:], updated_at = now(), updated_by = session_user;
    RETURN cardinality(v_left) - 1;
END
$$;

REVOKE ALL ON FUNCTION crm.asset_band_rebuild_step(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.asset_band_rebuild_step(bigint[]) TO crm_staff;
COMMENT ON FUNCTION crm.asset_band_rebuild_step(bigint[]) IS
    'HQ: rebuild one more month of the branch rollup at the new asset edges; returns the months left';
