-- Set-based validation of the staged files for trading date p_trade_date into pg_temp.t1_issue
-- (0007's rules, plus: a name must be visible text, birthdays from 1900 and open dates from
-- 1980 on). p_skipped: record numbers COPY skipped (bad values), reported by the loader itself;
-- they only shift the record numbers of the rows that follow them. Returns (errors, warnings).
CREATE OR REPLACE FUNCTION crm.t1_check(p_trade_date date, p_skipped_accounts bigint[] DEFAULT '{}',
                             p_skipped_daily bigint[] DEFAULT '{}', OUT errors bigint, OUT warnings bigint)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp
SET work_mem = '256MB' AS $$
BEGIN
    IF NOT crm.t1_staged_ok(ARRAY['t1_account_in', 't1_daily_in', 't1_issue']) THEN
        RAISE EXCEPTION 'nothing staged: call crm.t1_stage first' USING ERRCODE = '22023';
    END IF;
    DELETE FROM pg_temp.t1_issue;
    -- Temp tables get no statistics by themselves: the joins below need them.
    ANALYZE pg_temp.t1_account_in, pg_temp.t1_daily_in;

    -- Accounts: row rules (only rows breaking one get the detailed reasons).
    INSERT INTO pg_temp.t1_issue (file, line, account_no, severity, reason)
    SELECT 'accounts', a.line, a.account_no, x.severity, x.reason
      FROM pg_temp.t1_account_in a
      LEFT JOIN crm.branch b ON b.code = upper(btrim(a.branch_code))
     CROSS JOIN LATERAL (VALUES
        ('error', CASE WHEN a.account_no IS NULL OR a.account_no = '' THEN 'missing account number (资金账号)'
                       WHEN a.account_no !~ '^[0-9A-Za-z]{4,20}$' THEN 'account number must be 4-20 letters or digits' END),
        ('error', CASE WHEN a.name IS NULL OR btrim(a.name) = '' THEN 'missing name (客户姓名)'
                       WHEN a.name ~ crm.t1_invisible_pattern()
                       THEN format('name contains a control or invisible character (U+%s)',
                                   lpad(upper(to_hex(ascii(substring(a.name FROM crm.t1_invisible_pattern())))), 4, '0'))
                       WHEN a.name !~ crm.t1_letter_pattern()
                       THEN 'name has no letter or ideograph (only spaces, punctuation or invisible characters)' END),
        ('error', CASE WHEN a.open_date IS NULL THEN 'missing open date (开户日期)'
                       WHEN a.open_date > p_trade_date THEN format('open date %s is after the trading date', a.open_date)
                       WHEN a.open_date < crm.t1_first_open_date()
                       THEN format('open date %s is before %s', a.open_date, crm.t1_first_open_date()) END),
        ('error', CASE WHEN a.branch_code IS NULL OR btrim(a.branch_code) = '' THEN 'missing branch code (营业部代码)'
                       WHEN b.id IS NULL THEN format('unknown branch code "%s"', a.branch_code) END),
        ('error', CASE WHEN a.gender IS NOT NULL AND btrim(a.gender) NOT IN ('', 'M', 'F', 'm', 'f', '男', '女')
                       THEN format('gender "%s" is not M/F (男/女)', a.gender) END),
        ('error', CASE WHEN a.status IS NOT NULL AND crm.t1_status(a.status) IS NULL
                       THEN format('unknown status "%s" (normal/dormant/closed, 正常/休眠/销户)', a.status) END),
        ('error', CASE WHEN a.birthday > p_trade_date THEN format('birthday %s is after the trading date', a.birthday)
                       WHEN a.birthday < crm.t1_first_birthday()
                       THEN format('birthday %s is before %s', a.birthday, crm.t1_first_birthday()) END),
        ('warning', CASE WHEN a.id_no IS NOT NULL AND btrim(a.id_no) <> '' AND btrim(a.id_no) !~ '^[0-9]{17}[0-9Xx]$'
                         THEN 'ID number is not an 18-character resident ID (loaded as given)'
                         WHEN a.id_no ~ '^[0-9]{17}[0-9Xx]$' AND NOT crm.t1_id_check_ok(a.id_no)
                         THEN 'ID number check character is wrong (loaded as given)' END),
        ('warning', CASE WHEN a.mobile IS NOT NULL AND btrim(a.mobile) <> '' AND btrim(a.mobile) !~ '^1[3-9][0-9]{9}$'
                         THEN 'mobile is not an 11-digit mainland number (loaded as given, not copied to 扩展资料)' END)
        ) x(severity, reason)
     WHERE x.reason IS NOT NULL
       AND (a.account_no IS NULL OR a.account_no !~ '^[0-9A-Za-z]{4,20}$' OR a.name IS NULL OR btrim(a.name) = ''
            OR a.name ~ crm.t1_invisible_pattern() OR a.name !~ crm.t1_letter_pattern()
            OR a.open_date IS NULL OR a.open_date > p_trade_date OR a.open_date < crm.t1_first_open_date()
            OR a.birthday < crm.t1_first_birthday() OR b.id IS NULL
            OR (a.gender IS NOT NULL AND btrim(a.gender) NOT IN ('', 'M', 'F', 'm', 'f', '男', '女'))
            OR (a.status IS NOT NULL AND crm.t1_status(a.status) IS NULL) OR a.birthday > p_trade_date
            OR (a.id_no IS NOT NULL AND btrim(a.id_no) <> ''
                AND (a.id_no !~ '^[0-9]{17}[0-9Xx]$' OR NOT crm.t1_id_check_ok(a.id_no)))
            OR (a.mobile IS NOT NULL AND btrim(a.mobile) <> '' AND btrim(a.mobile) !~ '^1[3-9][0-9]{9}$'));

    INSERT INTO pg_temp.t1_issue (file, line, account_no, severity, reason)
    SELECT 'accounts', d.line, d.account_no, 'error', format('duplicate account number (first at line %s)', d.first_line)
      FROM (SELECT a.line, a.account_no, min(a.line) OVER (PARTITION BY a.account_no) AS first_line
              FROM pg_temp.t1_account_in a
             WHERE a.account_no IN (SELECT x.account_no FROM pg_temp.t1_account_in x
                                     GROUP BY x.account_no HAVING count(*) > 1)) d
     WHERE d.line <> d.first_line;

    -- Daily figures. The WHERE clause is the cheap test every row passes through; only rows it
    -- flags get their reasons (scale() > 2 also flags '1.500', which t1_money_problem accepts;
    -- NaN and infinities compare beyond +-1e15).
    INSERT INTO pg_temp.t1_issue (file, line, account_no, severity, reason)
    SELECT 'daily', d.line, d.account_no, 'error', x.reason
      FROM pg_temp.t1_daily_in d
     CROSS JOIN LATERAL (VALUES
        (CASE WHEN d.account_no IS NULL OR d.account_no = '' THEN 'missing account number (资金账号)' END),
        (CASE WHEN d.trade_date IS NULL THEN 'missing date (日期)'
              WHEN d.trade_date <> p_trade_date THEN format('date %s is not the load date %s', d.trade_date, p_trade_date) END),
        (crm.t1_money_problem('total_assets (总资产)', d.total_assets, false)),
        (crm.t1_money_problem('market_value (市值)', d.market_value, false)),
        (crm.t1_money_problem('cash (资金余额)', d.cash, true)),
        (crm.t1_money_problem('trade_volume (成交金额)', d.trade_volume, false)),
        (crm.t1_money_problem('commission (佣金)', d.commission, true)),
        (crm.t1_money_problem('net_commission (净佣金)', d.net_commission, true)),
        (crm.t1_money_problem('interest_spread (利差)', d.interest_spread, true)),
        (crm.t1_money_problem('pnl (盈亏)', d.pnl, true))
        ) x(reason)
     WHERE x.reason IS NOT NULL
       AND (d.account_no IS NULL OR d.account_no = '' OR d.trade_date IS NULL OR d.trade_date <> p_trade_date
            OR num_nulls(d.total_assets, d.market_value, d.cash, d.trade_volume, d.commission, d.net_commission,
                         d.interest_spread, d.pnl) > 0
            OR least(d.total_assets, d.market_value, d.trade_volume) < 0
            OR greatest(scale(d.total_assets), scale(d.market_value), scale(d.cash), scale(d.trade_volume),
                        scale(d.commission), scale(d.net_commission), scale(d.interest_spread), scale(d.pnl)) > 2
            OR greatest(d.total_assets, d.market_value, d.cash, d.trade_volume, d.commission, d.net_commission,
                        d.interest_spread, d.pnl) >= 1e15
            OR least(d.cash, d.commission, d.net_commission, d.interest_spread, d.pnl) <= -1e15);

    INSERT INTO pg_temp.t1_issue (file, line, account_no, severity, reason)
    SELECT 'daily', d.line, d.account_no, 'error', format('duplicate account number (first at line %s)', d.first_line)
      FROM (SELECT x.line, x.account_no, min(x.line) OVER (PARTITION BY x.account_no) AS first_line
              FROM pg_temp.t1_daily_in x
             WHERE x.account_no IN (SELECT y.account_no FROM pg_temp.t1_daily_in y
                                     GROUP BY y.account_no HAVING count(*) > 1)) d
     WHERE d.line <> d.first_line;

    -- A daily row's account must be in the accounts file or loaded before; one that is not gets
    -- the format rule when it breaks it (accounts file rows had it above).
    INSERT INTO pg_temp.t1_issue (file, line, account_no, severity, reason)
    SELECT 'daily', d.line, d.account_no, 'error',
           CASE WHEN d.account_no !~ '^[0-9A-Za-z]{4,20}$' THEN 'account number must be 4-20 letters or digits'
                ELSE 'unknown account number: not in the accounts file and never loaded before' END
      FROM pg_temp.t1_daily_in d
     WHERE d.account_no IS NOT NULL AND d.account_no <> ''
       AND NOT EXISTS (SELECT 1 FROM pg_temp.t1_account_in a WHERE a.account_no = d.account_no)
       AND NOT EXISTS (SELECT 1 FROM crm.customer c WHERE c.account_no = d.account_no);

    -- Record numbers as the file has them: rows COPY skipped do not take a number.
    IF cardinality(p_skipped_accounts) > 0 THEN
        UPDATE pg_temp.t1_issue i SET line = crm.t1_file_line(i.line, p_skipped_accounts) WHERE i.file = 'accounts';
    END IF;
    IF cardinality(p_skipped_daily) > 0 THEN
        UPDATE pg_temp.t1_issue i SET line = crm.t1_file_line(i.line, p_skipped_daily) WHERE i.file = 'daily';
    END IF;

    SELECT count(*) FILTER (WHERE i.severity = 'error'), count(*) FILTER (WHERE i.severity = 'warning')
      INTO errors, warnings FROM pg_temp.t1_issue i;
    -- What crm.t1_apply trusts: the loader may add staged rows (INSERT) but not change them.
    IF to_regclass('pg_temp.t1_checked') IS NOT NULL THEN
        DROP TABLE pg_temp.t1_checked;
    END IF;
    CREATE TEMP TABLE t1_checked ON COMMIT DROP AS
    SELECT p_trade_date AS trade_date, errors, warnings,
           cardinality(p_skipped_accounts) + cardinality(p_skipped_daily) AS skipped,
           (SELECT count(*) FROM pg_temp.t1_account_in) AS account_rows,
           (SELECT count(*) FROM pg_temp.t1_daily_in) AS daily_rows;
END
$$;

REVOKE ALL ON FUNCTION crm.t1_check(date, bigint[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.t1_check(date, bigint[], bigint[]) TO crm_agent;
