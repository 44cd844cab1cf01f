-- HQ sets the VIP (贵宾) thresholds: the minimum total assets (cents) of each level above 普通客户,
-- in level order. The levels and their names stay (reference data the lists and history show);
-- a new threshold applies from the next T+1 load (crm.t1_apply), earlier days keep the level they
-- had. Audited by the trigger on crm.vip_level.
CREATE OR REPLACE FUNCTION crm.set_vip_thresholds(p_min_assets_cents bigint[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_levels integer;
BEGIN
    PERFORM crm.require_operator_or_hq();
    SELECT count(*) INTO v_levels FROM crm.vip_level v WHERE v.level > 0;
    IF p_min_assets_cents IS NULL OR array_position(p_min_assets_cents, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'every VIP level needs a threshold';
    END IF;
    IF cardinality(p_min_assets_cents) <> v_levels OR array_ndims(p_min_assets_cents) <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('give one threshold for each of the %s VIP levels, lowest first', v_levels);
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_min_assets_cents) m WHERE m <= 0 OR m > 10000000000000) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a VIP threshold must be more than 0 and at most 100 000 000 000 yuan';
    END IF;
    IF EXISTS (SELECT 1 FROM generate_subscripts(p_min_assets_cents, 1) i
                WHERE i > 1 AND p_min_assets_cents[i] <= p_min_assets_cents[i - 1]) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'each VIP level needs a higher threshold than the level below it';
    END IF;
    UPDATE crm.vip_level v SET min_assets_cents = t.min_assets_cents
      FROM unnest(p_min_assets_cents) WITH ORDINALITY AS t(min_assets_cents, level)
     WHERE v.level = t.level AND v.min_assets_cents IS DISTINCT FROM t.min_assets_cents;
END
$$;

REVOKE ALL ON FUNCTION crm.set_vip_thresholds(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_vip_thresholds(bigint[]) TO crm_staff;
COMMENT ON FUNCTION crm.set_vip_thresholds(bigint[]) IS
    'HQ: the VIP thresholds (cents) of the levels above 普通客户, lowest first; from the next T+1 load';
