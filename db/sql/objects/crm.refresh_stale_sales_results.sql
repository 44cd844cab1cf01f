-- The agent's job: recompute the days that back-dated relationship changes made stale
-- (crm.sales_result_stale, see crm.sales_result_mark_stale), from the earliest marked day to the
-- last computed one; returns the days recomputed (0 when nothing was stale).
CREATE OR REPLACE FUNCTION crm.refresh_stale_sales_results() RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_from date;
    v_to date;
BEGIN
    IF NOT (crm.is_operator() OR pg_has_role(session_user, 'crm_agent', 'MEMBER')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'stale sales results are refreshed by the agent';
    END IF;
    WITH gone AS (DELETE FROM crm.sales_result_stale RETURNING from_date)
    SELECT min(g.from_date) INTO v_from FROM gone g;
    IF v_from IS NULL THEN
        RETURN 0;
    END IF;
    v_to := (SELECT max(r.trade_date) FROM crm.sales_result_day r);
    RETURN crm.refresh_sales_results(v_from, greatest(v_from, v_to));
END
$$;

REVOKE ALL ON FUNCTION crm.refresh_stale_sales_results() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.refresh_stale_sales_results() TO crm_agent;
