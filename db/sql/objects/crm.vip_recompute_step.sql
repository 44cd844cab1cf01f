-- One chunk of crm.vip_recompute_begin's work, in its own short transaction: the next p_limit
-- customers (by id, after p_after_customer_id) with facts on p_trade_date get the level the
-- current thresholds give that day's total assets (as crm.t1_apply computes it). Only rows whose
-- level changes are written; the statement triggers on crm.customer_daily bring customer_latest
-- and the rollups of those customers up to date (at most 5 000 customers: their rows only, see
-- crm.customer_daily_sync_pivot). Refused when another day has been loaded since the start.
-- Returns the last customer id of the chunk (NULL: nothing was left), the customers looked at
-- and those whose level changed.
CREATE OR REPLACE FUNCTION crm.vip_recompute_step(p_trade_date date, p_after_customer_id bigint,
                                                  p_limit integer DEFAULT 5000,
                                                  OUT last_customer_id bigint, OUT customers integer,
                                                  OUT changed integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_mins bigint[];
    v_levels smallint[];
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF p_trade_date IS NULL OR p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 5000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'give the day and a chunk of 1 to 5 000 customers';
    END IF;
    IF p_trade_date IS DISTINCT FROM (SELECT max(d.trade_date) FROM crm.customer_daily d) THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031',
            MESSAGE = 'another trading day has been loaded since the recomputation began: start it again';
    END IF;
    SELECT array_agg(v.min_assets_cents ORDER BY v.min_assets_cents), array_agg(v.level ORDER BY v.min_assets_cents)
      INTO v_mins, v_levels FROM crm.vip_level v;
    WITH chunk AS (
        SELECT d.branch_id, d.customer_id,
               coalesce(v_levels[width_bucket(d.total_assets_cents, v_mins)], 0)::smallint AS vip_level,
               d.vip_level AS was
          FROM crm.customer_daily d
         WHERE d.trade_date = p_trade_date AND d.customer_id > coalesce(p_after_customer_id, 0)
         ORDER BY d.customer_id
         LIMIT p_limit),
    moved AS (
        UPDATE crm.customer_daily d SET vip_level = c.vip_level
          FROM chunk c
         WHERE d.trade_date = p_trade_date AND d.branch_id = c.branch_id AND d.customer_id = c.customer_id
           AND c.vip_level <> c.was
        RETURNING 1)
    SELECT (SELECT max(c.customer_id) FROM chunk c), (SELECT count(*) FROM chunk), (SELECT count(*) FROM moved)
      INTO last_customer_id, customers, changed;
END
$$;

REVOKE ALL ON FUNCTION crm.vip_recompute_step(date, bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.vip_recompute_step(date, bigint, integer) TO crm_staff;
COMMENT ON FUNCTION crm.vip_recompute_step(date, bigint, integer) IS
    'HQ: recompute the VIP level of the next chunk of customers on the latest loaded day';
