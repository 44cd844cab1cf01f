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

REVOKE ALL ON FUNCTION crm.t1_stage(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.t1_stage(text[], text[]) TO crm_agent;
