-- T+1 counter load (柜台数据, issue #5). Runs as crm_owner. The file format, the validation rules
-- and the order of the steps are documented in crm_desktop/services/t1_load.py.
--
-- One load is one transaction of the loader (an operator, or crm_agent for the HQ agent):
--   crm.t1_stage(account_columns, daily_columns)  temp staging tables in the file's column order
--   COPY ... FROM STDIN into them                   (typed columns; ON_ERROR ignore reports bad values)
--   crm.t1_check(trade_date, skipped)               set-based validation into pg_temp.t1_issue
--   crm.t1_apply(trade_date, source, fast)          upsert customers, replace the date's facts,
--                                                   VIP levels, bookkeeping, NOTIFY crm_t1_loaded
--   crm_desktop.services.t1_hooks.after_load(...)   (reservation matching etc.), then COMMIT.
-- The staging tables belong to crm_owner (created by the definer t1_stage), so the loader can
-- fill and read them but not attach views, rules or policies that would run inside a definer.

-- Bookkeeping of a load on the existing table.
ALTER TABLE crm.t1_load
    ADD COLUMN status            text NOT NULL DEFAULT 'loaded' CHECK (status IN ('loaded', 'replaced')),
    ADD COLUMN new_accounts      integer NOT NULL DEFAULT 0,
    ADD COLUMN changed_accounts  integer NOT NULL DEFAULT 0,
    ADD COLUMN replaced_rows     integer NOT NULL DEFAULT 0,   -- daily rows of the date a re-run replaced
    ADD COLUMN warnings          integer NOT NULL DEFAULT 0,
    ADD COLUMN load_count        integer NOT NULL DEFAULT 1,   -- how often this date was loaded
    ADD COLUMN seconds           numeric(10, 3);               -- server time of the apply

-- Canonical column names of the two files (the loader maps Chinese or English headers to them).
CREATE FUNCTION crm.t1_account_columns() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT ARRAY['account_no', 'name', 'id_no', 'mobile', 'gender', 'birthday', 'open_date',
                 'branch_code', 'status']
$$;

CREATE FUNCTION crm.t1_daily_columns() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT ARRAY['trade_date', 'account_no', 'total_assets', 'market_value', 'cash', 'trade_volume',
                 'commission', 'net_commission', 'interest_spread', 'pnl']
$$;

-- Staging tables in the file's column order (NULL entries: columns the loader ignores), with a
-- record number `line` (the header is line 1) filled by COPY in file order.
CREATE FUNCTION crm.t1_stage(p_account_columns text[], p_daily_columns text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_types jsonb := jsonb_build_object(
        'account_no', 'text', 'name', 'text', 'id_no', 'text', 'mobile', 'text', 'gender', 'text',
        'birthday', 'date', 'open_date', 'date', 'branch_code', 'text', 'status', 'text',
        'trade_date', 'date', 'total_assets', 'numeric', 'market_value', 'numeric', 'cash', 'numeric',
        'trade_volume', 'numeric', 'commission', 'numeric', 'net_commission', 'numeric',
        'interest_spread', 'numeric', 'pnl', 'numeric');
    v_spec record;
    v_cols text;
    v_col text;
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
        v_i := 0;
        FOREACH v_col IN ARRAY v_spec.cols LOOP
            v_i := v_i + 1;
            IF v_col IS NULL THEN
                v_cols := v_cols || format(', ignored_%s text', v_i);
            ELSIF v_col <> ALL (v_spec.canon) THEN
                RAISE EXCEPTION 'unknown staging column %', v_col USING ERRCODE = '22023';
            ELSE
                v_cols := v_cols || format(', %I %s', v_col, v_types ->> v_col);
            END IF;
        END LOOP;
        IF to_regclass('pg_temp.' || v_spec.tab) IS NOT NULL THEN
            EXECUTE format('DROP TABLE pg_temp.%I', v_spec.tab);
        END IF;
        EXECUTE format('CREATE TEMP TABLE %I (%s) ON COMMIT DROP', v_spec.tab, v_cols);
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

-- The staging tables must be the ones crm.t1_stage made (temp tables owned by crm_owner): a
-- loader-made view or table of the same name could run its own code inside the definers below.
CREATE FUNCTION crm.t1_staged_ok(p_tables text[]) RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT count(*) = cardinality(p_tables)
      FROM unnest(p_tables) t
      JOIN pg_class c ON c.oid = to_regclass('pg_temp.' || t)
     WHERE c.relkind = 'r' AND c.relpersistence = 't' AND c.relowner = 'crm_owner'::regrole
       AND NOT c.relrowsecurity AND NOT c.relhastriggers AND NOT c.relhasrules
$$;

-- Set-based validation of the staged files for trading date p_trade_date into pg_temp.t1_issue.
-- p_skipped: record numbers COPY skipped (bad values), reported by the loader itself; they only
-- shift the record numbers of the rows that follow them. Returns (errors, warnings).
CREATE FUNCTION crm.t1_check(p_trade_date date, p_skipped_accounts bigint[] DEFAULT '{}',
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
        ('error', CASE WHEN a.name IS NULL OR btrim(a.name) = '' THEN 'missing name (客户姓名)' END),
        ('error', CASE WHEN a.open_date IS NULL THEN 'missing open date (开户日期)'
                       WHEN a.open_date > p_trade_date THEN format('open date %s is after the trading date', a.open_date) END),
        ('error', CASE WHEN a.branch_code IS NULL OR btrim(a.branch_code) = '' THEN 'missing branch code (营业部代码)'
                       WHEN b.id IS NULL THEN format('unknown branch code "%s"', a.branch_code) END),
        ('error', CASE WHEN a.gender IS NOT NULL AND btrim(a.gender) NOT IN ('', 'M', 'F', 'm', 'f', '男', '女')
                       THEN format('gender "%s" is not M/F (男/女)', a.gender) END),
        ('error', CASE WHEN a.status IS NOT NULL AND crm.t1_status(a.status) IS NULL
                       THEN format('unknown status "%s" (normal/dormant/closed, 正常/休眠/销户)', a.status) END),
        ('error', CASE WHEN a.birthday > p_trade_date THEN format('birthday %s is after the trading date', a.birthday) END),
        ('warning', CASE WHEN a.id_no IS NOT NULL AND btrim(a.id_no) <> '' AND btrim(a.id_no) !~ '^[0-9]{17}[0-9Xx]$'
                         THEN 'ID number is not an 18-character resident ID (loaded as given)'
                         WHEN a.id_no ~ '^[0-9]{17}[0-9Xx]$' AND NOT crm.t1_id_check_ok(a.id_no)
                         THEN 'ID number check character is wrong (loaded as given)' END),
        ('warning', CASE WHEN a.mobile IS NOT NULL AND btrim(a.mobile) <> '' AND btrim(a.mobile) !~ '^1[3-9][0-9]{9}$'
                         THEN 'mobile is not an 11-digit mainland number (loaded as given, not copied to 扩展资料)' END)
        ) x(severity, reason)
     WHERE x.reason IS NOT NULL
       AND (a.account_no IS NULL OR a.account_no !~ '^[0-9A-Za-z]{4,20}$' OR a.name IS NULL OR btrim(a.name) = ''
            OR a.open_date IS NULL OR a.open_date > p_trade_date OR b.id IS NULL
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

    -- Daily figures.
    INSERT INTO pg_temp.t1_issue (file, line, account_no, severity, reason)
    SELECT 'daily', d.line, d.account_no, 'error', x.reason
      FROM pg_temp.t1_daily_in d
     CROSS JOIN LATERAL (VALUES
        (CASE WHEN d.account_no IS NULL OR d.account_no = '' THEN 'missing account number (资金账号)'
              WHEN d.account_no !~ '^[0-9A-Za-z]{4,20}$' THEN 'account number must be 4-20 letters or digits' END),
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
       AND (d.account_no IS NULL OR d.account_no !~ '^[0-9A-Za-z]{4,20}$'
            OR d.trade_date IS DISTINCT FROM p_trade_date
            OR NOT (d.total_assets >= 0 AND d.market_value >= 0 AND d.trade_volume >= 0
                    AND d.cash IS NOT NULL AND d.commission IS NOT NULL AND d.net_commission IS NOT NULL
                    AND d.interest_spread IS NOT NULL AND d.pnl IS NOT NULL)
            OR greatest(abs(d.total_assets), abs(d.market_value), abs(d.cash), abs(d.trade_volume),
                        abs(d.commission), abs(d.net_commission), abs(d.interest_spread), abs(d.pnl)) >= 1e15
            OR d.total_assets <> round(d.total_assets, 2) OR d.market_value <> round(d.market_value, 2)
            OR d.cash <> round(d.cash, 2) OR d.trade_volume <> round(d.trade_volume, 2)
            OR d.commission <> round(d.commission, 2) OR d.net_commission <> round(d.net_commission, 2)
            OR d.interest_spread <> round(d.interest_spread, 2) OR d.pnl <> round(d.pnl, 2));

    INSERT INTO pg_temp.t1_issue (file, line, account_no, severity, reason)
    SELECT 'daily', d.line, d.account_no, 'error', format('duplicate account number (first at line %s)', d.first_line)
      FROM (SELECT x.line, x.account_no, min(x.line) OVER (PARTITION BY x.account_no) AS first_line
              FROM pg_temp.t1_daily_in x
             WHERE x.account_no IN (SELECT y.account_no FROM pg_temp.t1_daily_in y
                                     GROUP BY y.account_no HAVING count(*) > 1)) d
     WHERE d.line <> d.first_line;

    INSERT INTO pg_temp.t1_issue (file, line, account_no, severity, reason)
    SELECT 'daily', d.line, d.account_no, 'error',
           'unknown account number: not in the accounts file and never loaded before'
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

-- Helpers of the check (pure functions). SQL-standard bodies (bound when created, so no
-- search_path of the caller applies) and no SET clause: the planner inlines them, which makes
-- them ~10x cheaper per row than a function call (they run once or twice per staged row).
CREATE FUNCTION crm.t1_status(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE lower(btrim(p))
           WHEN '' THEN 'normal' WHEN 'normal' THEN 'normal' WHEN '正常' THEN 'normal'
           WHEN 'dormant' THEN 'dormant' WHEN '休眠' THEN 'dormant'
           WHEN 'closed' THEN 'closed' WHEN '销户' THEN 'closed' WHEN '注销' THEN 'closed' END;

CREATE FUNCTION crm.t1_gender(p text) RETURNS char(1)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE upper(btrim(p)) WHEN 'M' THEN 'M' WHEN '男' THEN 'M' WHEN 'F' THEN 'F' WHEN '女' THEN 'F' END;

-- GB 11643 check character (ISO 7064 MOD 11-2) of an 18-character resident ID.
CREATE FUNCTION crm.t1_id_check_ok(p text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN upper(substr(p, 18, 1)) = substr('10X98765432',
        ((substr(p, 1, 1)::int * 7 + substr(p, 2, 1)::int * 9 + substr(p, 3, 1)::int * 10
          + substr(p, 4, 1)::int * 5 + substr(p, 5, 1)::int * 8 + substr(p, 6, 1)::int * 4
          + substr(p, 7, 1)::int * 2 + substr(p, 8, 1)::int * 1 + substr(p, 9, 1)::int * 6
          + substr(p, 10, 1)::int * 3 + substr(p, 11, 1)::int * 7 + substr(p, 12, 1)::int * 9
          + substr(p, 13, 1)::int * 10 + substr(p, 14, 1)::int * 5 + substr(p, 15, 1)::int * 8
          + substr(p, 16, 1)::int * 4 + substr(p, 17, 1)::int * 2) % 11) + 1, 1);

CREATE FUNCTION crm.t1_money_problem(p_name text, p_value numeric, p_signed boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN p_value IS NULL THEN format('missing %s', p_name)
                WHEN p_value IN ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric)
                     THEN format('%s is not a number', p_name)
                WHEN abs(p_value) >= 1e15 THEN format('%s is out of range', p_name)
                WHEN p_value <> round(p_value, 2) THEN format('%s has more than 2 decimals: %s', p_name, p_value)
                WHEN NOT p_signed AND p_value < 0 THEN format('%s is negative: %s', p_name, p_value) END;

-- The file's record number of the n-th staged row (numbering from 2), given the record numbers
-- COPY skipped.
CREATE FUNCTION crm.t1_file_line(p_staged bigint, p_skipped bigint[]) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_line bigint := p_staged;
    v_skip bigint;
BEGIN
    FOREACH v_skip IN ARRAY ARRAY(SELECT s FROM unnest(p_skipped) s ORDER BY s) LOOP
        EXIT WHEN v_skip > v_line;
        v_line := v_line + 1;
    END LOOP;
    RETURN v_line;
END
$$;

-- Bulk-load helpers of crm.t1_apply: the secondary indexes of a table that a load is about to
-- (more than) double are dropped and rebuilt afterwards, which costs a sort per index instead
-- of ~2 us per row and index; so are its foreign keys to the tables in p_fk_targets (one join
-- instead of a lookup per row). Only tables the load locks anyway belong there: dropping a
-- foreign key locks the referenced table ACCESS EXCLUSIVE (crm.branch or crm.staff would stop
-- every session). Primary keys and unique indexes stay (ON CONFLICT needs them). Dropping an
-- index takes an ACCESS EXCLUSIVE lock on the table until commit: readers of a table that was
-- (nearly) empty wait for the load instead of seeing it half-done.
CREATE FUNCTION crm.t1_bulk_detach(p_table regclass, p_fk_targets regclass[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_def record;
    v_count integer := 0;
BEGIN
    IF to_regclass('pg_temp.t1_detached') IS NULL THEN
        CREATE TEMP TABLE t1_detached (seq serial, restore text NOT NULL) ON COMMIT DROP;
    END IF;
    FOR v_def IN
        SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', p_table, k.conname, pg_get_constraintdef(k.oid)) AS restore,
               format('ALTER TABLE %s DROP CONSTRAINT %I', p_table, k.conname) AS drop
          FROM pg_constraint k WHERE k.conrelid = p_table AND k.contype = 'f' AND k.confrelid = ANY (p_fk_targets)
        UNION ALL
        SELECT pg_get_indexdef(i.indexrelid), format('DROP INDEX %s', i.indexrelid::regclass)
          FROM pg_index i
         WHERE i.indrelid = p_table AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    LOOP
        INSERT INTO pg_temp.t1_detached (restore) VALUES (v_def.restore);
        EXECUTE v_def.drop;
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END
$$;

-- Rebuilds what crm.t1_bulk_detach dropped (indexes first, then the foreign keys).
CREATE FUNCTION crm.t1_bulk_reattach() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp
SET maintenance_work_mem = '512MB' AS $$
DECLARE
    v_restore text;
    v_count integer := 0;
BEGIN
    IF to_regclass('pg_temp.t1_detached') IS NULL THEN
        RETURN 0;
    END IF;
    FOR v_restore IN SELECT d.restore FROM pg_temp.t1_detached d
                      ORDER BY d.restore LIKE 'ALTER TABLE%', d.seq LOOP
        EXECUTE v_restore;
        v_count := v_count + 1;
    END LOOP;
    DROP TABLE pg_temp.t1_detached;
    RETURN v_count;
END
$$;

-- Applies the checked staging tables for p_trade_date. p_fast (default: from 20 000 daily rows
-- on): keep crm.customer_latest and the pivot rollups with set-based statements after the bulk
-- ones instead of the statement triggers of 0002/0004 (ALTER TABLE ... DISABLE TRIGGER inside
-- this transaction takes a SHARE ROW EXCLUSIVE lock on crm.customer_daily until commit: readers
-- go on, other writers wait). The end state is the same as a from-scratch refresh:
--   * customer_latest: an upsert from the date's rows (a row changes only where the date is not
--     older than the customer's latest); customers whose row of the date a re-run removed and
--     that are not in the new rows are recomputed from the facts;
--   * pivot_customer_month: when the date is after every loaded date of its month (the normal
--     nightly case), the date is merged in (days + 1, sums, month-end values); otherwise (a
--     re-run, an older date) the month is rebuilt. pivot_branch_month: the month is rebuilt
--     from the customer rollup.
-- A load that more than doubles crm.customer (the first load of a counter) rebuilds the
-- customer tables' secondary indexes and foreign keys instead of maintaining them per row
-- (crm.t1_bulk_detach). The return value has the seconds per step under 'steps'.
CREATE FUNCTION crm.t1_apply(p_trade_date date, p_source text, p_fast boolean DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp
SET work_mem = '256MB' AS $$
DECLARE
    v_started timestamptz := clock_timestamp();
    v_errors bigint;
    v_warnings bigint;
    v_accounts bigint;
    v_new bigint;
    v_changed bigint;
    v_daily bigint;
    v_replaced bigint;
    v_fast boolean;
    v_bulk boolean := false;
    v_merge boolean;
    v_month date := date_trunc('month', p_trade_date)::date;
    v_mins bigint[];
    v_levels smallint[];
    v_status text;
    v_step timestamptz := clock_timestamp();
    v_steps jsonb := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('crm.t1_load'));
    IF p_trade_date IS NULL OR p_source IS NULL THEN
        RAISE EXCEPTION 'trade date and source are required' USING ERRCODE = '22023';
    END IF;
    IF NOT crm.t1_staged_ok(ARRAY['t1_account_in', 't1_daily_in', 't1_issue', 't1_checked']) THEN
        RAISE EXCEPTION 'nothing checked: call crm.t1_stage and crm.t1_check first' USING ERRCODE = '22023';
    END IF;
    SELECT k.errors + k.skipped, k.warnings INTO v_errors, v_warnings
      FROM pg_temp.t1_checked k
     WHERE k.trade_date = p_trade_date
       AND k.account_rows = (SELECT count(*) FROM pg_temp.t1_account_in)
       AND k.daily_rows = (SELECT count(*) FROM pg_temp.t1_daily_in);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the staged rows changed after crm.t1_check (or another date was checked): check again'
              USING ERRCODE = '22023';
    END IF;
    IF v_errors > 0 THEN
        RAISE EXCEPTION 'the export has % bad row(s): nothing loaded', v_errors USING ERRCODE = '22023';
    END IF;
    SELECT k.daily_rows, k.account_rows INTO v_daily, v_accounts FROM pg_temp.t1_checked k;
    v_fast := coalesce(p_fast, v_daily >= 20000);

    -- Customers: new accounts and changed counter data (an older date never overwrites a newer one).
    -- At least 100 000 account rows and fewer than half as many customers so far: a first load,
    -- in bulk (crm.t1_bulk_detach).
    IF v_accounts >= 100000 THEN
        v_bulk := (SELECT count(*) FROM (SELECT 1 FROM crm.customer LIMIT v_accounts) x) < v_accounts / 2;
    END IF;
    IF v_bulk THEN
        PERFORM crm.t1_bulk_detach('crm.customer', '{}');
        PERFORM crm.t1_bulk_detach('crm.customer_ext', ARRAY['crm.customer'::regclass]);
    END IF;
    CREATE TEMP TABLE t1_upserted (id bigint, branch_id smallint, mobile text, inserted boolean) ON COMMIT DROP;
    WITH up AS (
        INSERT INTO crm.customer AS c (account_no, name, id_no, mobile, gender, birthday, open_date,
                                       branch_id, status, loaded_for)
        SELECT a.account_no, btrim(a.name), nullif(upper(btrim(a.id_no)), ''), nullif(btrim(a.mobile), ''),
               crm.t1_gender(a.gender), a.birthday, a.open_date, b.id, crm.t1_status(coalesce(a.status, '')),
               p_trade_date
          FROM pg_temp.t1_account_in a
          JOIN crm.branch b ON b.code = upper(btrim(a.branch_code))
        ON CONFLICT (account_no) DO UPDATE
           SET name = EXCLUDED.name, id_no = EXCLUDED.id_no, mobile = EXCLUDED.mobile, gender = EXCLUDED.gender,
               birthday = EXCLUDED.birthday, open_date = EXCLUDED.open_date, branch_id = EXCLUDED.branch_id,
               status = EXCLUDED.status, loaded_for = EXCLUDED.loaded_for, loaded_at = now()
         WHERE c.loaded_for <= EXCLUDED.loaded_for
           AND (c.name, c.id_no, c.mobile, c.gender, c.birthday, c.open_date, c.branch_id, c.status)
               IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.id_no, EXCLUDED.mobile, EXCLUDED.gender,
                                 EXCLUDED.birthday, EXCLUDED.open_date, EXCLUDED.branch_id, EXCLUDED.status)
        RETURNING c.id, c.branch_id, c.mobile, (c.xmax = 0) AS inserted
    )
    INSERT INTO pg_temp.t1_upserted SELECT * FROM up;
    SELECT count(*) FILTER (WHERE u.inserted), count(*) FILTER (WHERE NOT u.inserted)
      INTO v_new, v_changed FROM pg_temp.t1_upserted u;
    v_steps := v_steps || jsonb_build_object('customers', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
    v_step := clock_timestamp();
    -- New accounts get their (empty) 扩展资料 row; the counter mobile seeds it when valid. In bulk
    -- the row stamp trigger is off and the rows carry what it would set (the customer's branch,
    -- version 1, never modified): one trigger call per row is most of this insert's cost.
    IF v_bulk THEN
        ALTER TABLE crm.customer_ext DISABLE TRIGGER customer_ext_stamp;
    END IF;
    INSERT INTO crm.customer_ext (customer_id, branch_id, mobile, version, modified_by, modified_at)
    SELECT u.id, u.branch_id, CASE WHEN u.mobile ~ '^1[3-9][0-9]{9}$' THEN u.mobile END, 1, NULL, NULL
      FROM pg_temp.t1_upserted u WHERE u.inserted
    ON CONFLICT (customer_id) DO NOTHING;
    IF v_bulk THEN
        ALTER TABLE crm.customer_ext ENABLE TRIGGER customer_ext_stamp;
    END IF;
    DROP TABLE pg_temp.t1_upserted;
    v_steps := v_steps || jsonb_build_object('customer_ext', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
    v_step := clock_timestamp();
    IF v_bulk THEN
        PERFORM crm.t1_bulk_reattach();
        ANALYZE crm.customer, crm.customer_ext;
        v_steps := v_steps || jsonb_build_object('customer_indexes', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();
    END IF;

    SELECT array_agg(v.min_assets_cents ORDER BY v.min_assets_cents), array_agg(v.level ORDER BY v.min_assets_cents)
      INTO v_mins, v_levels FROM crm.vip_level v;

    IF NOT v_fast THEN
        -- Small loads: the statement triggers keep customer_latest and the rollups.
        DELETE FROM crm.customer_daily d WHERE d.trade_date = p_trade_date;
        GET DIAGNOSTICS v_replaced = ROW_COUNT;
        INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, market_value_cents,
                                        cash_cents, trade_volume_cents, commission_cents, net_commission_cents,
                                        interest_spread_cents, pnl_cents, vip_level)
        SELECT c.branch_id, c.id, p_trade_date, (d.total_assets * 100)::bigint, (d.market_value * 100)::bigint,
               (d.cash * 100)::bigint, (d.trade_volume * 100)::bigint, (d.commission * 100)::bigint,
               (d.net_commission * 100)::bigint, (d.interest_spread * 100)::bigint, (d.pnl * 100)::bigint,
               coalesce(v_levels[width_bucket((d.total_assets * 100)::bigint, v_mins)], 0)
          FROM pg_temp.t1_daily_in d
          JOIN crm.customer c ON c.account_no = d.account_no;
        GET DIAGNOSTICS v_daily = ROW_COUNT;
        v_steps := v_steps || jsonb_build_object('daily_with_triggers', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();
    ELSE
        ALTER TABLE crm.customer_daily DISABLE TRIGGER customer_latest_insert, DISABLE TRIGGER customer_latest_delete,
                                       DISABLE TRIGGER pivot_insert, DISABLE TRIGGER pivot_delete;
        -- The date's rows with what the derived tables need of their customer, converted once.
        CREATE TEMP TABLE t1_day ON COMMIT DROP AS
        SELECT c.id AS customer_id, c.branch_id, c.developer_id, c.service_staff_id, c.gender, c.birthday,
               c.open_date, (d.total_assets * 100)::bigint AS total_assets_cents,
               (d.market_value * 100)::bigint AS market_value_cents, (d.cash * 100)::bigint AS cash_cents,
               (d.trade_volume * 100)::bigint AS trade_volume_cents, (d.commission * 100)::bigint AS commission_cents,
               (d.net_commission * 100)::bigint AS net_commission_cents,
               (d.interest_spread * 100)::bigint AS interest_spread_cents, (d.pnl * 100)::bigint AS pnl_cents,
               coalesce(v_levels[width_bucket((d.total_assets * 100)::bigint, v_mins)], 0)::smallint AS vip_level
          FROM pg_temp.t1_daily_in d
          JOIN crm.customer c ON c.account_no = d.account_no;
        v_steps := v_steps || jsonb_build_object('prepare', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();

        CREATE TEMP TABLE t1_touched (customer_id bigint) ON COMMIT DROP;
        WITH gone AS (DELETE FROM crm.customer_daily d WHERE d.trade_date = p_trade_date RETURNING d.customer_id)
        INSERT INTO t1_touched SELECT g.customer_id FROM gone g;
        GET DIAGNOSTICS v_replaced = ROW_COUNT;
        v_steps := v_steps || jsonb_build_object('delete_date', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();

        INSERT INTO crm.customer_daily (branch_id, customer_id, trade_date, total_assets_cents, market_value_cents,
                                        cash_cents, trade_volume_cents, commission_cents, net_commission_cents,
                                        interest_spread_cents, pnl_cents, vip_level)
        SELECT t.branch_id, t.customer_id, p_trade_date, t.total_assets_cents, t.market_value_cents, t.cash_cents,
               t.trade_volume_cents, t.commission_cents, t.net_commission_cents, t.interest_spread_cents, t.pnl_cents,
               t.vip_level
          FROM pg_temp.t1_day t;
        GET DIAGNOSTICS v_daily = ROW_COUNT;
        ALTER TABLE crm.customer_daily ENABLE TRIGGER customer_latest_insert, ENABLE TRIGGER customer_latest_delete,
                                       ENABLE TRIGGER pivot_insert, ENABLE TRIGGER pivot_delete;
        v_steps := v_steps || jsonb_build_object('insert_daily', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();

        -- Latest figures: the date's rows where the date is not older than the customer's latest.
        INSERT INTO crm.customer_latest AS l (customer_id, branch_id, developer_id, service_staff_id,
                                              trade_date, total_assets_cents, vip_level)
        SELECT t.customer_id, t.branch_id, t.developer_id, t.service_staff_id, p_trade_date, t.total_assets_cents,
               t.vip_level
          FROM pg_temp.t1_day t
        ON CONFLICT (customer_id) DO UPDATE
           SET branch_id = EXCLUDED.branch_id, developer_id = EXCLUDED.developer_id,
               service_staff_id = EXCLUDED.service_staff_id, trade_date = EXCLUDED.trade_date,
               total_assets_cents = EXCLUDED.total_assets_cents, vip_level = EXCLUDED.vip_level
         WHERE l.trade_date <= EXCLUDED.trade_date
           AND (l.branch_id, l.developer_id, l.service_staff_id, l.trade_date, l.total_assets_cents, l.vip_level)
               IS DISTINCT FROM (EXCLUDED.branch_id, EXCLUDED.developer_id, EXCLUDED.service_staff_id,
                                 EXCLUDED.trade_date, EXCLUDED.total_assets_cents, EXCLUDED.vip_level);
        IF v_replaced > 0 THEN
            -- A re-run: customers that had a row of this date and have none now.
            PERFORM crm.refresh_customer_latest(ARRAY(SELECT g.customer_id FROM pg_temp.t1_touched g
                                                      EXCEPT SELECT t.customer_id FROM pg_temp.t1_day t));
        END IF;
        v_steps := v_steps || jsonb_build_object('customer_latest', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();

        -- Rollups of the date's month: merge the date when it comes after every date of the
        -- month loaded so far, else rebuild the month.
        v_merge := v_replaced = 0
                   AND NOT EXISTS (SELECT 1 FROM crm.customer_daily x
                                    WHERE x.trade_date > p_trade_date AND x.trade_date < v_month + interval '1 month');
        IF v_merge THEN
            -- What crm.refresh_pivot_rollups computes, one day at a time: the month-end values are the
            -- latest day's (assets capped at 2^44 - 1 cents, VIP level & 255, as there), sums add up.
            INSERT INTO crm.pivot_customer_month AS m
                   (month, branch_id, customer_id, developer_id, service_staff_id, gender, birthday, open_date,
                    days, last_date, assets_end_cents, assets_sum_cents, vip_end, trade_volume_cents,
                    commission_cents, net_commission_cents, interest_spread_cents, pnl_cents)
            SELECT v_month, t.branch_id, t.customer_id, t.developer_id, t.service_staff_id, t.gender, t.birthday,
                   t.open_date, 1, p_trade_date, least(t.total_assets_cents, 17592186044415), t.total_assets_cents,
                   (t.vip_level & 255)::smallint, t.trade_volume_cents, t.commission_cents, t.net_commission_cents,
                   t.interest_spread_cents, t.pnl_cents
              FROM pg_temp.t1_day t
            ON CONFLICT (month, branch_id, customer_id) DO UPDATE
               SET developer_id = EXCLUDED.developer_id, service_staff_id = EXCLUDED.service_staff_id,
                   gender = EXCLUDED.gender, birthday = EXCLUDED.birthday, open_date = EXCLUDED.open_date,
                   days = m.days + 1, last_date = EXCLUDED.last_date, assets_end_cents = EXCLUDED.assets_end_cents,
                   assets_sum_cents = m.assets_sum_cents + EXCLUDED.assets_sum_cents, vip_end = EXCLUDED.vip_end,
                   trade_volume_cents = m.trade_volume_cents + EXCLUDED.trade_volume_cents,
                   commission_cents = m.commission_cents + EXCLUDED.commission_cents,
                   net_commission_cents = m.net_commission_cents + EXCLUDED.net_commission_cents,
                   interest_spread_cents = m.interest_spread_cents + EXCLUDED.interest_spread_cents,
                   pnl_cents = m.pnl_cents + EXCLUDED.pnl_cents;
            v_steps := v_steps || jsonb_build_object('pivot_merge', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
            v_step := clock_timestamp();
            PERFORM crm.refresh_pivot_branch_month(ARRAY[v_month], NULL);
            v_steps := v_steps || jsonb_build_object('pivot_branch', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
            v_step := clock_timestamp();
        ELSE
            PERFORM crm.refresh_pivot_rollups(ARRAY[v_month], NULL);
            v_steps := v_steps || jsonb_build_object('pivot_rebuild', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
            v_step := clock_timestamp();
        END IF;
        DROP TABLE pg_temp.t1_touched, pg_temp.t1_day;
    END IF;

    v_status := CASE WHEN EXISTS (SELECT 1 FROM crm.t1_load t WHERE t.trade_date = p_trade_date)
                     THEN 'replaced' ELSE 'loaded' END;
    INSERT INTO crm.t1_load AS t (trade_date, loaded_at, loaded_by, account_rows, daily_rows, source, status,
                                  new_accounts, changed_accounts, replaced_rows, warnings, load_count, seconds)
    VALUES (p_trade_date, now(), session_user, v_accounts, v_daily, p_source, v_status, v_new, v_changed,
            v_replaced, v_warnings, 1, extract(epoch FROM clock_timestamp() - v_started))
    ON CONFLICT (trade_date) DO UPDATE
       SET loaded_at = EXCLUDED.loaded_at, loaded_by = EXCLUDED.loaded_by, account_rows = EXCLUDED.account_rows,
           daily_rows = EXCLUDED.daily_rows, source = EXCLUDED.source, status = 'replaced',
           new_accounts = EXCLUDED.new_accounts, changed_accounts = EXCLUDED.changed_accounts,
           replaced_rows = EXCLUDED.replaced_rows, warnings = EXCLUDED.warnings,
           load_count = t.load_count + 1, seconds = EXCLUDED.seconds;

    -- Delivered at commit: running apps refresh their status bar.
    PERFORM pg_notify('crm_t1_loaded', p_trade_date::text);

    RETURN jsonb_build_object('trade_date', p_trade_date, 'status', v_status, 'account_rows', v_accounts,
                              'new_accounts', v_new, 'changed_accounts', v_changed,
                              'unchanged_accounts', v_accounts - v_new - v_changed, 'daily_rows', v_daily,
                              'replaced_rows', v_replaced, 'warnings', v_warnings, 'fast', v_fast, 'bulk', v_bulk,
                              'merged', coalesce(v_merge, false), 'steps', v_steps,
                              'seconds', round(extract(epoch FROM clock_timestamp() - v_started)::numeric, 3));
END
$$;

REVOKE EXECUTE ON FUNCTION crm.t1_stage(text[], text[]), crm.t1_check(date, bigint[], bigint[]),
                           crm.t1_apply(date, text, boolean), crm.t1_account_columns(), crm.t1_daily_columns(),
                           crm.t1_status(text), crm.t1_gender(text), crm.t1_id_check_ok(text),
                           crm.t1_money_problem(text, numeric, boolean), crm.t1_file_line(bigint, bigint[]),
                           crm.t1_staged_ok(text[]), crm.t1_bulk_detach(regclass, regclass[]), crm.t1_bulk_reattach()
  FROM PUBLIC;
-- The HQ agent loads; staff only read crm.t1_load (0001) and never write counter data.
GRANT EXECUTE ON FUNCTION crm.t1_stage(text[], text[]), crm.t1_check(date, bigint[], bigint[]),
                          crm.t1_apply(date, text, boolean), crm.t1_account_columns(), crm.t1_daily_columns()
  TO crm_agent;
GRANT SELECT ON crm.t1_load TO crm_agent;
