-- Why a checked export must not be applied without force, or NULL: its daily file has fewer
-- than half the rows of the date's previous load, of the latest earlier date's load, or of the
-- accounts on file that are not closed (those known before, and new ones in the accounts
-- file). A header-only or truncated daily file would otherwise replace a loaded day with
-- (almost) nothing. Call after crm.t1_check, in the load's transaction (the load lock is held).
CREATE OR REPLACE FUNCTION crm.t1_shrink_problem(p_trade_date date) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_daily bigint;
    v_previous record;
    v_open bigint;
BEGIN
    IF NOT crm.t1_staged_ok(ARRAY['t1_account_in', 't1_daily_in', 't1_checked']) THEN
        RAISE EXCEPTION 'nothing checked: call crm.t1_stage and crm.t1_check first' USING ERRCODE = '22023';
    END IF;
    SELECT k.daily_rows INTO v_daily FROM pg_temp.t1_checked k WHERE k.trade_date = p_trade_date;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the export checked was not the one of %', p_trade_date USING ERRCODE = '22023';
    END IF;
    FOR v_previous IN
        (SELECT t.trade_date, t.daily_rows, true AS same_date FROM crm.t1_load t WHERE t.trade_date = p_trade_date)
        UNION ALL
        (SELECT t.trade_date, t.daily_rows, false FROM crm.t1_load t WHERE t.trade_date < p_trade_date
          ORDER BY t.trade_date DESC LIMIT 1)
    LOOP
        IF v_daily * 2 < v_previous.daily_rows THEN
            RETURN format('the daily file has %s row(s), fewer than half of the %s the %s had: a truncated export?',
                          v_daily, v_previous.daily_rows,
                          CASE WHEN v_previous.same_date THEN format('earlier load of %s', v_previous.trade_date)
                               ELSE format('load of the previous date %s', v_previous.trade_date) END);
        END IF;
    END LOOP;
    v_open := (SELECT count(*) FROM crm.customer c WHERE c.status <> 'closed')
              + (SELECT count(*) FROM pg_temp.t1_account_in a
                  WHERE crm.t1_status(coalesce(a.status, '')) <> 'closed'
                    AND NOT EXISTS (SELECT 1 FROM crm.customer c WHERE c.account_no = a.account_no));
    IF v_daily * 2 < v_open THEN
        RETURN format('the daily file has %s row(s), fewer than half of the %s accounts on file that are not closed: '
                      'a truncated export?', v_daily, v_open);
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.t1_shrink_problem(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.t1_shrink_problem(date) TO crm_agent;
