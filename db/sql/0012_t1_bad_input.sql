-- Bad counter input, handled (issue #18): every field of the T+1 export has a documented
-- format and maximum, checked while COPY reads it (before anything heavy); names must be
-- visible text; dates lie in a sane range; a load that collapses a date's row count is
-- refused unless forced; the name-gram function is linear. The file format and the rules are
-- documented in crm_desktop/services/t1_load.py and the README.

-- Part 1, as the migrating superuser (only a superuser may (re)define a LEAKPROOF function) ---

-- Same grams as 0002's version (unigrams and bigrams, in that order, of the name without
-- whitespace), in linear time: 0002 appended to the array one element at a time, which copies
-- it each time (a 40 000-character name took 9.6 s, four times more per doubling). Here the
-- name is split into characters once and the grams are assigned by subscript, which plpgsql
-- does in place. The output is identical for every input, so the 0002 index stays valid
-- (tests/db/test_t1_input.py compares both over random names).
CREATE OR REPLACE FUNCTION crm.name_grams(p_name text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    chars text[] := string_to_array(CASE WHEN p_name ~ '[[:space:]\u3000\u00a0\u200b\ufeff]'
                                         THEN regexp_replace(p_name, '[[:space:]\u3000\u00a0\u200b\ufeff]+', '', 'g')
                                         ELSE p_name END, NULL);
    n integer := cardinality(chars);
    grams text[] := '{}';
    k integer := 0;
BEGIN
    FOR i IN 1 .. n LOOP
        k := k + 1;
        grams[k] := chars[i];
        IF i < n THEN
            k := k + 1;
            grams[k] := chars[i] || chars[i + 1];
        END IF;
    END LOOP;
    RETURN grams;
END
$$;

-- Part 2, as crm_owner --------------------------------------------------------------------------
SET LOCAL ROLE crm_owner;

-- What the export may hold, as constants the check and the staging types share.
CREATE FUNCTION crm.t1_first_birthday() RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN DATE '1900-01-01';

-- No securities account in mainland China is older than the first exchanges (1990); a margin
-- for accounts carried over from older systems.
CREATE FUNCTION crm.t1_first_open_date() RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN DATE '1980-01-01';

-- Control characters (C0, DEL, C1: terminal escape sequences start with one) and invisible
-- format characters (soft hyphen, zero-width and bidi controls, word joiners, BOM).
CREATE FUNCTION crm.t1_invisible_pattern() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '[\x01-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]';

-- A letter or ideograph, spelled out as code point ranges so that the answer does not depend
-- on the server's locale: Latin, Greek to Tibetan and the other scripts below U+2000, CJK,
-- kana, Hangul, compatibility ideographs, full-width Latin letters, the supplementary
-- ideograph planes.
CREATE FUNCTION crm.t1_letter_pattern() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '[A-Za-z\u00c0-\u024f\u0370-\u1fff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3041-\u30ff\u3105-\u312f\u3131-\u318e\u3400-\u9fff\ua000-\ud7a3\uf900-\ufaff\uff21-\uff3a\uff41-\uff5a\uff66-\uffdc\U00020000-\U0003ffff]';

-- YYYY-MM-DD or YYYYMMDD naming a real calendar day (no 'today', 'epoch', '-infinity',
-- Julian days, DMY/MDY, two-digit years). The shape by translate (a regular expression per
-- value costs 3x as much, and COPY checks every date), the day by the date input function
-- (which reads both shapes the same under any DateStyle).
CREATE FUNCTION crm.t1_date_ok(p text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN translate(p, '123456789', '000000000') IN ('0000-00-00', '00000000') AND pg_input_is_valid(p, 'date');

-- The date a crm.t1_date_ok text names (immutable, unlike the text-to-date cast, which reads
-- DateStyle: a generated column may use it).
CREATE FUNCTION crm.t1_date(p text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN make_date(left(p, 4)::int, substr(replace(p, '-', ''), 5, 2)::int, right(p, 2)::int);

-- The value types of the staging tables. COPY checks them as it reads each value (a value that
-- fails skips its row with a NOTICE naming the line and column, which the loader reports).
-- Amounts: digits with an optional minus and decimal point (no exponent, hex, underscores,
-- plus sign, thousands separator, bare or trailing point, NaN or infinity), at most 41
-- characters, which keeps a megabyte of digits out; the check then reports out-of-range and
-- decimals in words. (An unbounded pattern and a length test: a counted one such as [0-9]{1,20}
-- makes the regular expression 5x slower, and COPY checks 8 amounts per daily row.)
CREATE DOMAIN crm.t1_amount_text AS text
    CHECK (VALUE ~ '^-?[0-9]+(?:\.[0-9]+)?$' AND octet_length(VALUE) <= 41);
CREATE DOMAIN crm.t1_date_text AS text CHECK (crm.t1_date_ok(VALUE));

-- Staging tables in the file's column order (NULL entries: columns the loader ignores), with a
-- record number `line` (the header is line 1) filled by COPY in file order. Text fields are
-- varchar(n) with the documented maxima; a date or an amount is staged as checked text
-- (<name>_text, the column COPY fills) plus a generated typed column of the canonical name
-- that crm.t1_check and crm.t1_apply read. The columns COPY fills are the table's columns
-- that are neither generated nor the identity `line`, in file order.
CREATE OR REPLACE FUNCTION crm.t1_stage(p_account_columns text[], p_daily_columns text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_types jsonb := jsonb_build_object(
        'account_no', 'varchar(20)', 'name', 'varchar(100)', 'id_no', 'varchar(32)', 'mobile', 'varchar(32)',
        'gender', 'varchar(8)', 'branch_code', 'varchar(12)', 'status', 'varchar(8)',
        'birthday', 'date', 'open_date', 'date', 'trade_date', 'date',
        'total_assets', 'numeric', 'market_value', 'numeric', 'cash', 'numeric', 'trade_volume', 'numeric',
        'commission', 'numeric', 'net_commission', 'numeric', 'interest_spread', 'numeric', 'pnl', 'numeric');
    v_spec record;
    v_cols text;
    v_typed text;
    v_col text;
    v_type text;
    v_i integer;
    v_required text[];
BEGIN
    -- One load at a time (two agents, or an operator and the agent): the second waits.
    PERFORM pg_advisory_xact_lock(hashtext('crm.t1_load'));
    FOR v_spec IN SELECT * FROM (VALUES ('t1_account_in', p_account_columns, crm.t1_account_columns()),
                                        ('t1_daily_in', p_daily_columns, crm.t1_daily_columns())) s(tab, cols, canon)
    LOOP
        IF v_spec.cols IS NULL OR cardinality(v_spec.cols) = 0 OR cardinality(v_spec.cols) > 200 THEN
            RAISE EXCEPTION 'staging %: expected 1-200 columns', v_spec.tab USING ERRCODE = '22023';
        END IF;
        v_required := ARRAY(SELECT c FROM unnest(v_spec.canon) c WHERE c <> ALL (v_spec.cols));
        IF cardinality(v_required) > 0 THEN
            RAISE EXCEPTION 'missing column(s): %', array_to_string(v_required, ', ') USING ERRCODE = '22023';
        END IF;
        v_cols := 'line bigint GENERATED ALWAYS AS IDENTITY (START 2)';
        v_typed := '';
        v_i := 0;
        FOREACH v_col IN ARRAY v_spec.cols LOOP
            v_i := v_i + 1;
            v_type := v_types ->> v_col;
            IF v_col IS NULL THEN
                v_cols := v_cols || format(', ignored_%s text', v_i);
            ELSIF v_col <> ALL (v_spec.canon) THEN
                RAISE EXCEPTION 'unknown staging column %', v_col USING ERRCODE = '22023';
            ELSIF v_type = 'date' THEN
                v_cols := v_cols || format(', %I crm.t1_date_text', v_col || '_text');
                v_typed := v_typed || format(', %I date GENERATED ALWAYS AS (crm.t1_date(%I)) STORED',
                                             v_col, v_col || '_text');
            ELSIF v_type = 'numeric' THEN
                v_cols := v_cols || format(', %I crm.t1_amount_text', v_col || '_text');
                v_typed := v_typed || format(', %I numeric GENERATED ALWAYS AS (%I::numeric) STORED',
                                             v_col, v_col || '_text');
            ELSE
                v_cols := v_cols || format(', %I %s', v_col, v_type);
            END IF;
        END LOOP;
        IF to_regclass('pg_temp.' || v_spec.tab) IS NOT NULL THEN
            EXECUTE format('DROP TABLE pg_temp.%I', v_spec.tab);
        END IF;
        EXECUTE format('CREATE TEMP TABLE %I (%s%s) ON COMMIT DROP', v_spec.tab, v_cols, v_typed);
        EXECUTE format('GRANT SELECT, INSERT ON pg_temp.%I TO crm_agent', v_spec.tab);
    END LOOP;
    IF to_regclass('pg_temp.t1_issue') IS NOT NULL THEN
        DROP TABLE pg_temp.t1_issue;
    END IF;
    CREATE TEMP TABLE t1_issue (file text NOT NULL, line bigint, account_no text, severity text NOT NULL,
                                reason text NOT NULL) ON COMMIT DROP;
    GRANT SELECT ON pg_temp.t1_issue TO crm_agent;
END
$$;

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

-- Why a checked export must not be applied without force, or NULL: its daily file has fewer
-- than half the rows of the date's previous load, of the latest earlier date's load, or of the
-- accounts on file that are not closed (those known before, and new ones in the accounts
-- file). A header-only or truncated daily file would otherwise replace a loaded day with
-- (almost) nothing. Call after crm.t1_check, in the load's transaction (the load lock is held).
CREATE FUNCTION crm.t1_shrink_problem(p_trade_date date) RETURNS text
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

REVOKE EXECUTE ON FUNCTION crm.t1_shrink_problem(date), crm.t1_first_birthday(), crm.t1_first_open_date(),
                           crm.t1_invisible_pattern(), crm.t1_letter_pattern(), crm.t1_date_ok(text),
                           crm.t1_date(text)
  FROM PUBLIC;
-- The loader (crm_agent) COPYs into the staging tables: their domain checks and generated
-- columns run as the loader.
GRANT EXECUTE ON FUNCTION crm.t1_shrink_problem(date), crm.t1_date_ok(text), crm.t1_date(text) TO crm_agent;
