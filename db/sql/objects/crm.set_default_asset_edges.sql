-- HQ sets the default asset-range edges (资产区间) of 多维分析, in cents, strictly increasing:
-- [0, e1), [e1, e2), ..., [en, ∞). Layouts with their own edges keep them. Audited by the
-- trigger on crm.asset_range_setting.
CREATE OR REPLACE FUNCTION crm.set_default_asset_edges(p_edges_cents bigint[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF p_edges_cents IS NULL OR array_position(p_edges_cents, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the asset ranges need their edges';
    END IF;
    IF cardinality(p_edges_cents) NOT BETWEEN 1 AND 12 OR array_ndims(p_edges_cents) <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'give between 1 and 12 edges (2 to 13 asset ranges)';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_edges_cents) e WHERE e <= 0 OR e > 10000000000000) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'an asset range edge must be more than 0 and at most 100 000 000 000 yuan';
    END IF;
    IF EXISTS (SELECT 1 FROM generate_subscripts(p_edges_cents, 1) i
                WHERE i > 1 AND p_edges_cents[i] <= p_edges_cents[i - 1]) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the edges must increase from one to the next';
    END IF;
    UPDATE crm.asset_range_setting s SET edges_cents = p_edges_cents, updated_at = now(), updated_by = session_user
     WHERE s.edges_cents IS DISTINCT FROM p_edges_cents;
END
$$;

REVOKE ALL ON FUNCTION crm.set_default_asset_edges(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_default_asset_edges(bigint[]) TO crm_staff;
COMMENT ON FUNCTION crm.set_default_asset_edges(bigint[]) IS
    'HQ: the default asset-range edges (cents, strictly increasing) of 多维分析';
