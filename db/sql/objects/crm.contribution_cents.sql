-- 贡献度 (FAQ 39) of figures in cents: net commission and interest spread weighted by HQ's policy
-- (crm.contribution_weight), rounded to the cent. Readable by every staff member: the weights
-- are no secret, the figures passed in are already the caller's.
CREATE OR REPLACE FUNCTION crm.contribution_cents(p_net_commission_cents numeric, p_interest_spread_cents numeric)
RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT round(p_net_commission_cents * w.net_commission_weight + p_interest_spread_cents * w.interest_spread_weight)
      FROM crm.contribution_weight w
$$;

REVOKE ALL ON FUNCTION crm.contribution_cents(numeric, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.contribution_cents(numeric, numeric) TO crm_staff;
