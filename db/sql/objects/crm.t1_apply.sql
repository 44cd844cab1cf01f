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
--     from the customer rollup. pivot_customer_quarter: the merged month rows' changes are
--     merged into their quarter rows (a rebuilt month goes through the quarter triggers).
-- A load that more than doubles crm.customer (the first load of a counter) rebuilds the
-- customer tables' secondary indexes and foreign keys instead of maintaining them per row
-- (crm.t1_bulk_detach). The return value has the seconds per step under 'steps'.
CREATE OR REPLACE FUNCTION crm.t1_apply(p_trade_date date, p_source text, p_fast boolean DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp
SET work_mem = '256MB'
SET maintenance_work_mem = '512MB' AS $$
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
    v_rewrite boolean := false;
    v_partition regclass;
    v_gone bigint[] := '{}';
    v_month date := date_trunc('month', p_trade_date)::date;
    v_quarter date := date_trunc('quarter', p_trade_date)::date;
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
        PERFORM crm.customer_daily_partition(p_trade_date);
        -- (The triggers write the derived tables: taken first, as below.)
        LOCK TABLE crm.customer_latest, crm.pivot_customer_month, crm.pivot_branch_month IN SHARE ROW EXCLUSIVE MODE;
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
        -- The date's rows with what the derived tables need of their customer, converted once:
        -- the current staff (customer_latest, for the lists) and those whose relationship held
        -- on the date (the rollup, attribution by date: as crm.customer_daily_owner joins them).
        CREATE TEMP TABLE t1_day ON COMMIT DROP AS
        SELECT c.id AS customer_id, c.branch_id, c.developer_id, c.service_staff_id,
               dev.staff_id AS day_developer_id, svc.staff_id AS day_service_staff_id, c.gender, c.birthday,
               c.open_date, (d.total_assets * 100)::bigint AS total_assets_cents,
               (d.market_value * 100)::bigint AS market_value_cents, (d.cash * 100)::bigint AS cash_cents,
               (d.trade_volume * 100)::bigint AS trade_volume_cents, (d.commission * 100)::bigint AS commission_cents,
               (d.net_commission * 100)::bigint AS net_commission_cents,
               (d.interest_spread * 100)::bigint AS interest_spread_cents, (d.pnl * 100)::bigint AS pnl_cents,
               coalesce(v_levels[width_bucket((d.total_assets * 100)::bigint, v_mins)], 0)::smallint AS vip_level
          FROM pg_temp.t1_daily_in d
          JOIN crm.customer c ON c.account_no = d.account_no
          LEFT JOIN crm.relationship dev
            ON dev.customer_id = c.id AND dev.kind = 'development'
           AND dev.valid_from <= p_trade_date AND (dev.valid_to IS NULL OR dev.valid_to > p_trade_date)
          LEFT JOIN crm.relationship svc
            ON svc.customer_id = c.id AND svc.kind = 'service'
           AND svc.valid_from <= p_trade_date AND (svc.valid_to IS NULL OR svc.valid_to > p_trade_date)
         ORDER BY c.id;
        ANALYZE pg_temp.t1_day;
        v_steps := v_steps || jsonb_build_object('prepare', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();

        -- The facts go straight into the date's partition (the statement triggers of the parent
        -- do not fire: the steps below keep what they would). A new date: a plain table filled in
        -- customer order, its two indexes built by sorting, then attached. A re-run (issue #16):
        -- the partition's rows are deleted (and noted), the new rows inserted. Not TRUNCATE: its
        -- ACCESS EXCLUSIVE lock, held to commit, made every reader of the daily facts (a
        -- customer's history reads all dates) wait for the rest of the load, 20-30 s under load,
        -- and a client's rollup refresh waiting there while holding rollup rows the MERGE below
        -- needs was a deadlock. DELETE takes row locks only: readers see the old day until
        -- commit, then the new one.
        CREATE TEMP TABLE t1_touched (branch_id smallint, customer_id bigint, total_assets_cents bigint,
                                      trade_volume_cents bigint, commission_cents bigint, net_commission_cents bigint,
                                      interest_spread_cents bigint, pnl_cents bigint) ON COMMIT DROP;
        v_partition := to_regclass(format('crm_daily.%I', crm.customer_daily_partition_name(p_trade_date)));
        IF v_partition IS NOT NULL THEN
            EXECUTE format('WITH gone AS (
                                DELETE FROM %s d
                                RETURNING d.branch_id, d.customer_id, d.total_assets_cents, d.trade_volume_cents,
                                          d.commission_cents, d.net_commission_cents, d.interest_spread_cents,
                                          d.pnl_cents)
                            INSERT INTO pg_temp.t1_touched SELECT * FROM gone', v_partition);
            GET DIAGNOSTICS v_replaced = ROW_COUNT;
        ELSE
            EXECUTE format('CREATE TABLE crm_daily.%I (LIKE crm.customer_daily INCLUDING DEFAULTS)',
                           crm.customer_daily_partition_name(p_trade_date));
            v_partition := to_regclass(format('crm_daily.%I', crm.customer_daily_partition_name(p_trade_date)));
            v_replaced := 0;
        END IF;
        v_steps := v_steps || jsonb_build_object('delete_date', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();

        EXECUTE format(
            'INSERT INTO %s (branch_id, customer_id, trade_date, total_assets_cents, market_value_cents, cash_cents,
                             trade_volume_cents, commission_cents, net_commission_cents, interest_spread_cents,
                             pnl_cents, vip_level)
             SELECT t.branch_id, t.customer_id, %L::date, t.total_assets_cents, t.market_value_cents, t.cash_cents,
                    t.trade_volume_cents, t.commission_cents, t.net_commission_cents, t.interest_spread_cents,
                    t.pnl_cents, t.vip_level
               FROM pg_temp.t1_day t', v_partition, p_trade_date);
        GET DIAGNOSTICS v_daily = ROW_COUNT;
        IF NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = v_partition) THEN
            PERFORM crm.customer_daily_attach(p_trade_date);
        END IF;
        v_steps := v_steps || jsonb_build_object('insert_daily', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();

        -- Lock order with the clients (issue #16): a claim, hand-over or release writes, in its
        -- relationship triggers, the customer row, then customer_latest, then the customer
        -- rollup, then the branch rollup. Taking the three derived tables here, in that order,
        -- before writing any of them, lets the clients that already write them finish first and
        -- makes those that come later wait for the commit at their first write, holding nothing
        -- the load needs (SHARE ROW EXCLUSIVE: writers wait, readers and pivots go on). Without
        -- it the MERGE's row locks (in hash-join order) crossed a client's and one side died of
        -- a deadlock (t1_load retries the apply when a cycle forms all the same).
        LOCK TABLE crm.customer_latest, crm.pivot_customer_month, crm.pivot_branch_month IN SHARE ROW EXCLUSIVE MODE;
        v_steps := v_steps || jsonb_build_object('lock_rollups', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();

        -- Rollups of the date's month. When the date comes after every other date of the month
        -- loaded so far (the nightly case, and the re-run of last night's export), the date is
        -- merged into the month's rows: sums add up (a re-run takes the replaced row's figures
        -- out again), the month-end values are the date's. Customers whose row of the date a
        -- re-run removed (or moved to another branch) are rebuilt from the facts, a few at a
        -- time; many of them, or an older date, rebuild the month.
        IF v_replaced > 0 THEN
            ANALYZE pg_temp.t1_touched;
            v_gone := ARRAY(SELECT o.customer_id FROM pg_temp.t1_touched o
                             WHERE NOT EXISTS (SELECT 1 FROM pg_temp.t1_day t
                                                WHERE t.customer_id = o.customer_id AND t.branch_id = o.branch_id));
        END IF;
        v_merge := cardinality(v_gone) <= 5000
                   AND NOT EXISTS (SELECT 1 FROM crm.customer_daily x
                                    WHERE x.trade_date > p_trade_date AND x.trade_date < v_month + interval '1 month');
        IF v_merge THEN
            -- The customer-quarter rollup follows this merge as a delta (below) rather than through
            -- its statement triggers, which rebuild every touched customer's quarter from its months
            -- (3-4x the month merge's own time). DISABLE TRIGGER holds a SHARE ROW EXCLUSIVE lock on
            -- the month rollup to commit: readers go on, its other writers (hand-overs) wait.
            ALTER TABLE crm.pivot_customer_month DISABLE TRIGGER pivot_customer_quarter_insert,
                                                 DISABLE TRIGGER pivot_customer_quarter_update;
            -- What crm.refresh_pivot_rollups computes, one day at a time: the month-end values are the
            -- latest day's (assets capped at 2^44 - 1 cents, VIP level & 255, as there), sums add up.
            -- MERGE joins the month's rows to the date's (one hash join) where INSERT ... ON CONFLICT
            -- makes a speculative insertion per row: 5.5 s -> 3.3 s for 1 M customers. Each written
            -- row's change (new minus old: the whole row when inserted) is kept for the quarter.
            CREATE TEMP TABLE t1_month_change ON COMMIT DROP AS
            SELECT m.branch_id, m.customer_id, m.developer_id, m.service_staff_id, m.gender, m.birthday, m.open_date,
                   m.days, m.last_date, m.assets_end_cents, m.assets_sum_cents, m.vip_end, m.trade_volume_cents,
                   m.commission_cents, m.net_commission_cents, m.interest_spread_cents, m.pnl_cents
              FROM crm.pivot_customer_month m WITH NO DATA;
            WITH written AS (
            MERGE INTO crm.pivot_customer_month AS m
            USING (SELECT t.*, o.customer_id IS NOT NULL AS replaced,
                          coalesce(o.total_assets_cents, 0) AS old_assets, coalesce(o.trade_volume_cents, 0) AS old_volume,
                          coalesce(o.commission_cents, 0) AS old_commission,
                          coalesce(o.net_commission_cents, 0) AS old_net_commission,
                          coalesce(o.interest_spread_cents, 0) AS old_spread, coalesce(o.pnl_cents, 0) AS old_pnl
                     FROM pg_temp.t1_day t
                     LEFT JOIN pg_temp.t1_touched o ON o.customer_id = t.customer_id AND o.branch_id = t.branch_id) t
               ON m.month = v_month AND m.branch_id = t.branch_id AND m.customer_id = t.customer_id
              AND coalesce(m.developer_id, 0) = coalesce(t.day_developer_id, 0)
              AND coalesce(m.service_staff_id, 0) = coalesce(t.day_service_staff_id, 0)
            WHEN MATCHED THEN UPDATE
               SET gender = t.gender, birthday = t.birthday, open_date = t.open_date,
                   days = m.days + CASE WHEN t.replaced THEN 0 ELSE 1 END, last_date = p_trade_date,
                   assets_end_cents = least(t.total_assets_cents, 17592186044415),
                   assets_sum_cents = m.assets_sum_cents + t.total_assets_cents - t.old_assets,
                   vip_end = (t.vip_level & 255)::smallint,
                   trade_volume_cents = m.trade_volume_cents + t.trade_volume_cents - t.old_volume,
                   commission_cents = m.commission_cents + t.commission_cents - t.old_commission,
                   net_commission_cents = m.net_commission_cents + t.net_commission_cents - t.old_net_commission,
                   interest_spread_cents = m.interest_spread_cents + t.interest_spread_cents - t.old_spread,
                   pnl_cents = m.pnl_cents + t.pnl_cents - t.old_pnl
            WHEN NOT MATCHED THEN
                INSERT (month, branch_id, customer_id, developer_id, service_staff_id, gender, birthday, open_date,
                        days, last_date, assets_end_cents, assets_sum_cents, vip_end, trade_volume_cents,
                        commission_cents, net_commission_cents, interest_spread_cents, pnl_cents)
                VALUES (v_month, t.branch_id, t.customer_id, t.day_developer_id, t.day_service_staff_id, t.gender, t.birthday,
                        t.open_date, 1, p_trade_date, least(t.total_assets_cents, 17592186044415),
                        t.total_assets_cents, (t.vip_level & 255)::smallint, t.trade_volume_cents, t.commission_cents,
                        t.net_commission_cents, t.interest_spread_cents, t.pnl_cents)
            RETURNING new.branch_id, new.customer_id, new.developer_id, new.service_staff_id, new.gender,
                      new.birthday, new.open_date, new.days - coalesce(old.days, 0) AS days, new.last_date,
                      new.assets_end_cents, new.assets_sum_cents - coalesce(old.assets_sum_cents, 0) AS assets_sum_cents,
                      new.vip_end, new.trade_volume_cents - coalesce(old.trade_volume_cents, 0) AS trade_volume_cents,
                      new.commission_cents - coalesce(old.commission_cents, 0) AS commission_cents,
                      new.net_commission_cents - coalesce(old.net_commission_cents, 0) AS net_commission_cents,
                      new.interest_spread_cents - coalesce(old.interest_spread_cents, 0) AS interest_spread_cents,
                      new.pnl_cents - coalesce(old.pnl_cents, 0) AS pnl_cents)
            INSERT INTO pg_temp.t1_month_change SELECT * FROM written;
            ALTER TABLE crm.pivot_customer_month ENABLE ALWAYS TRIGGER pivot_customer_quarter_insert,
                                                 ENABLE ALWAYS TRIGGER pivot_customer_quarter_update;
            v_steps := v_steps || jsonb_build_object('pivot_merge', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
            v_step := clock_timestamp();

            -- The quarter rows take the month rows' changes: sums add up; the month-end values are
            -- the written month's when it is the quarter's latest (a month's last day only moves
            -- forward here, and months never share a day). A new key is a new row; where its
            -- customer has other rows in the quarter, their holders / parts are counted again.
            ANALYZE pg_temp.t1_month_change;
            CREATE TEMP TABLE t1_quarter_new (customer_id bigint) ON COMMIT DROP;
            WITH merged AS (
            MERGE INTO crm.pivot_customer_quarter AS q
            USING pg_temp.t1_month_change w
               ON q.quarter = v_quarter AND q.branch_id = w.branch_id AND q.customer_id = w.customer_id
              AND coalesce(q.developer_id, 0) = coalesce(w.developer_id, 0)
              AND coalesce(q.service_staff_id, 0) = coalesce(w.service_staff_id, 0)
            WHEN MATCHED THEN UPDATE
               SET gender = w.gender, birthday = w.birthday, open_date = w.open_date, days = q.days + w.days,
                   last_date = greatest(q.last_date, w.last_date),
                   assets_end_cents = CASE WHEN w.last_date >= q.last_date THEN w.assets_end_cents
                                           ELSE q.assets_end_cents END,
                   assets_sum_cents = q.assets_sum_cents + w.assets_sum_cents,
                   vip_end = CASE WHEN w.last_date >= q.last_date THEN w.vip_end ELSE q.vip_end END,
                   trade_volume_cents = q.trade_volume_cents + w.trade_volume_cents,
                   commission_cents = q.commission_cents + w.commission_cents,
                   net_commission_cents = q.net_commission_cents + w.net_commission_cents,
                   interest_spread_cents = q.interest_spread_cents + w.interest_spread_cents,
                   pnl_cents = q.pnl_cents + w.pnl_cents
            WHEN NOT MATCHED THEN
                INSERT (quarter, branch_id, customer_id, developer_id, service_staff_id, gender, birthday, open_date,
                        days, last_date, assets_end_cents, assets_sum_cents, vip_end, trade_volume_cents,
                        commission_cents, net_commission_cents, interest_spread_cents, pnl_cents, holders, parts)
                VALUES (v_quarter, w.branch_id, w.customer_id, w.developer_id, w.service_staff_id, w.gender, w.birthday,
                        w.open_date, w.days, w.last_date, w.assets_end_cents, w.assets_sum_cents, w.vip_end,
                        w.trade_volume_cents, w.commission_cents, w.net_commission_cents, w.interest_spread_cents,
                        w.pnl_cents, 1, 1)
            RETURNING merge_action() AS action, q.customer_id)
            INSERT INTO pg_temp.t1_quarter_new SELECT m.customer_id FROM merged m WHERE m.action = 'INSERT';
            UPDATE crm.pivot_customer_quarter q
               SET holders = c.holders, parts = c.parts
              FROM (SELECT x.branch_id, x.customer_id, x.developer_id, x.service_staff_id,
                           count(*) OVER (PARTITION BY x.branch_id, x.customer_id)::smallint AS holders,
                           count(*) OVER (PARTITION BY x.customer_id)::smallint AS parts
                      FROM crm.pivot_customer_quarter x
                     WHERE x.quarter = v_quarter
                       AND x.customer_id IN (SELECT n.customer_id FROM pg_temp.t1_quarter_new n)) c
             WHERE q.quarter = v_quarter AND q.branch_id = c.branch_id AND q.customer_id = c.customer_id
               AND coalesce(q.developer_id, 0) = coalesce(c.developer_id, 0)
               AND coalesce(q.service_staff_id, 0) = coalesce(c.service_staff_id, 0)
               AND (q.holders, q.parts) IS DISTINCT FROM (c.holders, c.parts);
            DROP TABLE pg_temp.t1_month_change, pg_temp.t1_quarter_new;
            v_steps := v_steps || jsonb_build_object('pivot_quarter', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
            v_step := clock_timestamp();
            -- Customers whose row of the date a re-run removed: their months rebuilt, the quarter
            -- triggers (on again) rebuild their quarters.
            IF cardinality(v_gone) > 0 THEN
                PERFORM crm.refresh_pivot_rollups(ARRAY[v_month], v_gone);
                v_steps := v_steps || jsonb_build_object('pivot_gone', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
                v_step := clock_timestamp();
            END IF;
            PERFORM crm.refresh_pivot_branch_month(ARRAY[v_month], NULL);
            v_steps := v_steps || jsonb_build_object('pivot_branch', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
            v_step := clock_timestamp();
        ELSE
            PERFORM crm.refresh_pivot_rollups(ARRAY[v_month], NULL);
            v_steps := v_steps || jsonb_build_object('pivot_rebuild', round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
            v_step := clock_timestamp();
        END IF;
        -- Latest figures: the date's rows where the date is not older than the customer's latest.
        -- When the date covers at least a tenth of the table (the nightly full export), the table
        -- is rewritten: the merged rows go to a temp table, then TRUNCATE, an insert in key order
        -- and a sort-built index each (~3.5 s for 1 M rows against ~12 s for 1 M row versions in
        -- 4 indexes). TRUNCATE holds an ACCESS EXCLUSIVE lock to commit: customer lists wait for
        -- the rest of the load (this step is last for that reason, then the after-load hooks).
        -- (crm.t1_latest_rewrite_share: the share of the table's rows from which to rewrite; a
        -- session setting, so tests can take either way.)
        v_rewrite := v_daily >= coalesce(nullif(current_setting('crm.t1_latest_rewrite_share', true), '')::float8, 0.1)
                                * (SELECT greatest(c.reltuples, 0) FROM pg_class c
                                    WHERE c.oid = 'crm.customer_latest'::regclass);
        IF v_rewrite THEN
            CREATE TEMP TABLE t1_latest ON COMMIT DROP AS
            SELECT coalesce(n.customer_id, l.customer_id) AS customer_id,
                   CASE WHEN j.new THEN n.branch_id ELSE l.branch_id END AS branch_id,
                   CASE WHEN j.new THEN n.developer_id ELSE l.developer_id END AS developer_id,
                   CASE WHEN j.new THEN n.service_staff_id ELSE l.service_staff_id END AS service_staff_id,
                   CASE WHEN j.new THEN p_trade_date ELSE l.trade_date END AS trade_date,
                   CASE WHEN j.new THEN n.total_assets_cents ELSE l.total_assets_cents END AS total_assets_cents,
                   CASE WHEN j.new THEN n.vip_level ELSE l.vip_level END AS vip_level
              FROM crm.customer_latest l
              FULL JOIN pg_temp.t1_day n ON n.customer_id = l.customer_id
             CROSS JOIN LATERAL (SELECT n.customer_id IS NOT NULL
                                        AND (l.customer_id IS NULL OR l.trade_date <= p_trade_date) AS new) j;
            LOCK TABLE crm.customer_latest IN ACCESS EXCLUSIVE MODE;
            PERFORM crm.t1_bulk_detach('crm.customer_latest', '{}');
            TRUNCATE crm.customer_latest;
            INSERT INTO crm.customer_latest (customer_id, branch_id, developer_id, service_staff_id, trade_date,
                                             total_assets_cents, vip_level)
            SELECT x.customer_id, x.branch_id, x.developer_id, x.service_staff_id, x.trade_date,
                   x.total_assets_cents, x.vip_level
              FROM pg_temp.t1_latest x ORDER BY x.customer_id;
            PERFORM crm.t1_bulk_reattach();
            ANALYZE crm.customer_latest;
            DROP TABLE pg_temp.t1_latest;
        ELSE
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
        END IF;
        IF v_replaced > 0 THEN
            -- A re-run: customers that had a row of this date and have none now.
            PERFORM crm.refresh_customer_latest(ARRAY(SELECT g.customer_id FROM pg_temp.t1_touched g
                                                      EXCEPT SELECT t.customer_id FROM pg_temp.t1_day t));
        END IF;
        v_steps := v_steps || jsonb_build_object(CASE WHEN v_rewrite THEN 'customer_latest_rewrite' ELSE 'customer_latest' END,
                                                 round(extract(epoch FROM clock_timestamp() - v_step)::numeric, 3));
        v_step := clock_timestamp();
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

REVOKE ALL ON FUNCTION crm.t1_apply(date, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.t1_apply(date, text, boolean) TO crm_agent;
