-- HQ starts rebuilding the branch rollup's asset bands at HQ's default edges
-- (crm.asset_range_setting): from now on the bands are cut at those edges
-- (crm.pivot_default_asset_edges), and every month with rollup rows is to be rebuilt, one per
-- crm.asset_band_rebuild_step call (each its own short transaction). Until none is left, the
-- pivot engine answers asset-range layouts from the customer rollup. p_edges_cents: HQ's edges as
-- the caller saw them; refused when they are no longer the saved ones. Audited. Returns the
-- months to rebuild (0: the bands are already cut at HQ's edges).
CREATE OR REPLACE FUNCTION crm.asset_band_rebuild_begin(p_edges_cents bigint[]) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_state crm.pivot_band_edges;
    v_edges bigint[] := (SELECT s.edges_cents FROM crm.asset_range_setting s);
    v_months date[];
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF p_edges_cents IS DISTINCT FROM v_edges THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031',
            MESSAGE = 'the asset ranges are no longer the ones shown (changed meanwhile): reload and try again';
    END IF;
    SELECT * INTO v_state FROM crm.pivot_band_edges FOR UPDATE;
    IF v_state.edges_cents = v_edges AND cardinality(v_state.months_left) = 0 THEN
        RETURN 0;
    END IF;
    -- Months with rows by a skip scan of the rollup's key (one probe per month).
    WITH RECURSIVE m(month) AS (
        SELECT min(x.month) FROM crm.pivot_customer_month x
        UNION ALL
        SELECT (SELECT min(x.month) FROM crm.pivot_customer_month x WHERE x.month > m.month)
          FROM m WHERE m.month IS NOT NULL)
    SELECT coalesce(array_agg(m.month ORDER BY m.month DESC), '{}') INTO v_months FROM m WHERE m.month IS NOT NULL;
    UPDATE crm.pivot_band_edges SET edges_cents = v_edges, months_left = v_months, updated_at = now(),
                                    updated_by = session_user;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, old_values, new_values)
    VALUES (session_user, 'pivot_branch_month', 'rebuild_asset_bands', NULL,
            jsonb_build_object('edges_cents', v_state.edges_cents, 'months_left', cardinality(v_state.months_left)),
            jsonb_build_object('edges_cents', v_edges, 'months', cardinality(v_months)));
    RETURN cardinality(v_months);
END
$$;

REVOKE ALL ON FUNCTION crm.asset_band_rebuild_begin(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.asset_band_rebuild_begin(bigint[]) TO crm_staff;
COMMENT ON FUNCTION crm.asset_band_rebuild_begin(bigint[]) IS
    'HQ: start rebuilding the branch rollup''s asset bands at the saved default edges; returns the months to rebuild';
