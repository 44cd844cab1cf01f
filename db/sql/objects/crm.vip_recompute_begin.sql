-- HQ starts recomputing the VIP levels (按新标准重算最新交易日) of the latest loaded trading day
-- under the thresholds now in crm.vip_level: returns that day and how many customers have facts
-- on it; crm.vip_recompute_step then goes through them in chunks. Earlier days keep the level they
-- were loaded with. p_min_assets_cents: the thresholds (levels above 普通客户, lowest first) the
-- caller saw; refused when they are no longer the saved ones. Audited (the day and the thresholds).
CREATE OR REPLACE FUNCTION crm.vip_recompute_begin(p_min_assets_cents bigint[], OUT trade_date date,
                                                   OUT customers bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF p_min_assets_cents IS DISTINCT FROM (SELECT array_agg(v.min_assets_cents ORDER BY v.level)
                                              FROM crm.vip_level v WHERE v.level > 0) THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031',
            MESSAGE = 'the VIP thresholds are no longer the ones shown (changed meanwhile): reload and try again';
    END IF;
    trade_date := (SELECT max(d.trade_date) FROM crm.customer_daily d);
    IF trade_date IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = 'no trading day has been loaded yet';
    END IF;
    customers := (SELECT count(*) FROM crm.customer_daily d WHERE d.trade_date = vip_recompute_begin.trade_date);
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, new_values)
    VALUES (session_user, 'customer_daily', 'recompute_vip_levels', trade_date::text,
            jsonb_build_object('customers', customers,
                               'thresholds_cents', (SELECT jsonb_agg(v.min_assets_cents ORDER BY v.level)
                                                      FROM crm.vip_level v)));
END
$$;

REVOKE ALL ON FUNCTION crm.vip_recompute_begin(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.vip_recompute_begin(bigint[]) TO crm_staff;
COMMENT ON FUNCTION crm.vip_recompute_begin(bigint[]) IS
    'HQ: start recomputing the latest loaded day''s VIP levels under the current thresholds';
