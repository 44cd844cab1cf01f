CREATE OR REPLACE FUNCTION crm.t1_daily_columns() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT ARRAY['trade_date', 'account_no', 'total_assets', 'market_value', 'cash', 'trade_volume',
                 'commission', 'net_commission', 'interest_spread', 'pnl']
$$;

REVOKE ALL ON FUNCTION crm.t1_daily_columns() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.t1_daily_columns() TO crm_agent;
