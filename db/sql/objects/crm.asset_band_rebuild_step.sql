-- HQ rebuilds the branch rollup of one more month (the latest left first) at the edges
-- crm.asset_band_rebuild_begin set; returns the months still left (0: the rollup is whole again
-- and the pivot engine uses it for asset ranges). One month per call and transaction: the
-- branch rollup's rows of other months stay readable and writable meanwhile.
CREATE OR REPLACE FUNCTION crm.asset_band_rebuild_step() RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_left date[];
BEGIN
    PERFORM crm.require_operator_or_hq();
    SELECT e.months_left INTO v_left FROM crm.pivot_band_edges e FOR UPDATE;
    IF cardinality(v_left) = 0 THEN
        RETURN 0;
    END IF;
    PERFORM crm.refresh_pivot_branch_month(v_left[1:1], NULL);
    UPDATE crm.pivot_band_edges SET months_left = v_left[2:], updated_at = now(), updated_by = session_user;
    RETURN cardinality(v_left) - 1;
END
$$;

REVOKE ALL ON FUNCTION crm.asset_band_rebuild_step() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.asset_band_rebuild_step() TO crm_staff;
COMMENT ON FUNCTION crm.asset_band_rebuild_step() IS
    'HQ: rebuild one more month of the branch rollup at the new asset edges; returns the months left';
