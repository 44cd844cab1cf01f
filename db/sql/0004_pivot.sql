-- 多维分析 (issue #6): rollups behind the Analysis pane, kept from crm.customer_daily, and saved
-- pivot layouts. Runs as crm_owner. See crm_desktop/services/pivot.py for what the numbers mean
-- and how the planner picks a source.

-- Default asset-range edges (资产区间) in cents: [0, 1万), [1万, 10万), ... , [1000万, ∞).
-- services/pivot.DEFAULT_ASSET_EDGES is the same list in yuan (a test keeps them equal).
CREATE FUNCTION crm.pivot_default_asset_edges() RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT ARRAY[1000000, 10000000, 50000000, 100000000, 500000000, 1000000000]::bigint[]
$$;

-- Branches whose rollup rows the caller may read: those all of whose customers they see
-- (客户范围 branch / all); every branch for an operator (who bypasses RLS, so the queries use
-- this function explicitly as well: the raw-facts part reads exactly the other branches).
CREATE FUNCTION crm.pivot_full_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN crm.is_operator() THEN (SELECT coalesce(array_agg(b.id), '{}') FROM crm.branch b)
                ELSE coalesce(crm.my_scope_branch_ids(), '{}') END
$$;

-- One row per customer and month with facts: month-end figures, sums of the flows, and the
-- customer's attributes (copied on change by crm.pivot_customer_sync) for the dimensions.
CREATE TABLE crm.pivot_customer_month (
    month                  date NOT NULL,
    branch_id              smallint NOT NULL,
    customer_id            bigint NOT NULL,
    developer_id           integer,
    service_staff_id       integer,
    gender                 char(1),
    birthday               date,
    open_date              date NOT NULL,
    days                   smallint NOT NULL,
    last_date              date NOT NULL,
    assets_end_cents       bigint NOT NULL,
    assets_sum_cents       bigint NOT NULL,
    vip_end                smallint NOT NULL,
    trade_volume_cents     bigint NOT NULL,
    commission_cents       bigint NOT NULL,
    net_commission_cents   bigint NOT NULL,
    interest_spread_cents  bigint NOT NULL,
    pnl_cents              bigint NOT NULL,
    PRIMARY KEY (month, branch_id, customer_id)
) WITH (fillfactor = 50);
-- fillfactor 50: the T+1 load merges each date into the month's rows (crm.t1_apply), and with
-- room on the page those updates are HOT (no indexed column changes): no index entries, and
-- pruning instead of vacuum (bench sync at 200 000 rows a day: merges 7.6 s -> 4.4 s over 4 dates).
CREATE INDEX pivot_customer_month_customer_idx ON crm.pivot_customer_month (customer_id, month);

-- Per branch, month, month-end VIP level and default asset range: sums over customers.
CREATE TABLE crm.pivot_branch_month (
    month                  date NOT NULL,
    branch_id              smallint NOT NULL,
    vip_level              smallint NOT NULL,
    asset_band             smallint NOT NULL,
    customers              integer NOT NULL,
    new_accounts           integer NOT NULL,
    assets_end_cents       bigint NOT NULL,
    assets_avg_cents       float8 NOT NULL,     -- sum over customers of their month's mean
    trade_volume_cents     bigint NOT NULL,
    commission_cents       bigint NOT NULL,
    net_commission_cents   bigint NOT NULL,
    interest_spread_cents  bigint NOT NULL,
    pnl_cents              bigint NOT NULL,
    PRIMARY KEY (month, branch_id, vip_level, asset_band)
);

ALTER TABLE crm.pivot_customer_month ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.pivot_customer_month FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.pivot_branch_month ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.pivot_branch_month FORCE ROW LEVEL SECURITY;
CREATE POLICY full_branch_read ON crm.pivot_customer_month FOR SELECT TO crm_staff
    USING (branch_id = ANY ((SELECT crm.pivot_full_branch_ids())::smallint[]));
CREATE POLICY full_branch_read ON crm.pivot_branch_month FOR SELECT TO crm_staff
    USING (branch_id = ANY ((SELECT crm.pivot_full_branch_ids())::smallint[]));

-- Rebuilds crm.pivot_branch_month for the given months from crm.pivot_customer_month, for the
-- given branches only unless p_branch_ids is NULL. (The T+1 load calls it after merging a date
-- into the customer rollup; crm.refresh_pivot_rollups after its rebuild.)
CREATE FUNCTION crm.refresh_pivot_branch_month(p_months date[], p_branch_ids smallint[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    DELETE FROM crm.pivot_branch_month
     WHERE month = ANY (p_months) AND (p_branch_ids IS NULL OR branch_id = ANY (p_branch_ids));
    INSERT INTO crm.pivot_branch_month
    SELECT m.month, m.branch_id, m.vip_end, width_bucket(m.assets_end_cents, crm.pivot_default_asset_edges())::smallint,
           count(*)::integer, count(*) FILTER (WHERE date_trunc('month', m.open_date) = m.month)::integer,
           sum(m.assets_end_cents)::bigint, sum(m.assets_sum_cents::float8 / m.days),
           sum(m.trade_volume_cents)::bigint, sum(m.commission_cents)::bigint, sum(m.net_commission_cents)::bigint,
           sum(m.interest_spread_cents)::bigint, sum(m.pnl_cents)::bigint
      FROM crm.pivot_customer_month m
     WHERE m.month = ANY (p_months) AND (p_branch_ids IS NULL OR m.branch_id = ANY (p_branch_ids))
     GROUP BY 1, 2, 3, 4;
END
$$;

-- Rebuilds the rollups of the given months (first days), limited to the given customers when
-- p_customer_ids is not NULL (the branch rollup is then rebuilt for their branches). NULL
-- months: every month with facts. Returns the customer-month rows written.
CREATE FUNCTION crm.refresh_pivot_rollups(p_months date[] DEFAULT NULL, p_customer_ids bigint[] DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_months date[] := p_months;
    v_branches smallint[];
    v_rows bigint;
BEGIN
    IF v_months IS NULL THEN
        -- Months with facts by a skip scan of the date index (one probe per month).
        WITH RECURSIVE m(d) AS (
            SELECT min(x.trade_date) FROM crm.customer_daily x
            UNION ALL
            SELECT (SELECT min(x.trade_date) FROM crm.customer_daily x
                     WHERE x.trade_date >= date_trunc('month', m.d) + interval '1 month')
              FROM m WHERE m.d IS NOT NULL)
        SELECT coalesce(array_agg(date_trunc('month', m.d)::date), '{}') INTO v_months FROM m WHERE m.d IS NOT NULL;
        DELETE FROM crm.pivot_customer_month WHERE NOT (month = ANY (v_months));
        DELETE FROM crm.pivot_branch_month WHERE NOT (month = ANY (v_months));
    END IF;
    IF p_customer_ids IS NULL THEN
        DELETE FROM crm.pivot_customer_month WHERE month = ANY (v_months);
    ELSE
        SELECT coalesce(array_agg(DISTINCT m.branch_id), '{}') INTO v_branches
          FROM crm.pivot_customer_month m WHERE m.customer_id = ANY (p_customer_ids) AND m.month = ANY (v_months);
        DELETE FROM crm.pivot_customer_month WHERE month = ANY (v_months) AND customer_id = ANY (p_customer_ids);
    END IF;

    -- Month-end figures without a sort: max() over (days since 2000 << 44 | value) keeps the
    -- value of the latest day (assets < 2^44 cents = 1 759 亿 per customer).
    INSERT INTO crm.pivot_customer_month
    SELECT f.month, f.branch_id, f.customer_id, c.developer_id, c.service_staff_id, c.gender, c.birthday,
           c.open_date, f.days, f.last_date, f.assets_end, f.assets_sum, f.vip_end,
           f.trade_volume, f.commission, f.net_commission, f.interest_spread, f.pnl
      FROM (SELECT date_trunc('month', d.trade_date)::date AS month, d.branch_id, d.customer_id,
                   count(*)::smallint AS days, max(d.trade_date) AS last_date,
                   (max(((d.trade_date - DATE '2000-01-01')::bigint << 44) | least(d.total_assets_cents, 17592186044415))
                        & 17592186044415) AS assets_end,
                   sum(d.total_assets_cents)::bigint AS assets_sum,
                   (max(((d.trade_date - DATE '2000-01-01')::bigint << 8) | d.vip_level) & 255)::smallint AS vip_end,
                   sum(d.trade_volume_cents)::bigint AS trade_volume, sum(d.commission_cents)::bigint AS commission,
                   sum(d.net_commission_cents)::bigint AS net_commission,
                   sum(d.interest_spread_cents)::bigint AS interest_spread, sum(d.pnl_cents)::bigint AS pnl
              FROM crm.customer_daily d
             WHERE d.trade_date >= (SELECT min(m) FROM unnest(v_months) m)
               AND d.trade_date < (SELECT max(m) FROM unnest(v_months) m) + interval '1 month'
               AND date_trunc('month', d.trade_date)::date = ANY (v_months)
               AND (p_customer_ids IS NULL OR d.customer_id = ANY (p_customer_ids))
             GROUP BY 1, 2, 3) f
      JOIN crm.customer c ON c.id = f.customer_id;
    GET DIAGNOSTICS v_rows = ROW_COUNT;

    IF p_customer_ids IS NOT NULL THEN
        v_branches := v_branches || ARRAY(SELECT DISTINCT m.branch_id FROM crm.pivot_customer_month m
                                           WHERE m.customer_id = ANY (p_customer_ids) AND m.month = ANY (v_months));
    END IF;
    PERFORM crm.refresh_pivot_branch_month(v_months, v_branches);
    RETURN v_rows;
END
$$;

-- Each statement of a T+1 load refreshes the months and customers it touched.
CREATE FUNCTION crm.customer_daily_sync_pivot() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_months date[];
    v_customers bigint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM crm.pivot_customer_month;
        DELETE FROM crm.pivot_branch_month;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT date_trunc('month', n.trade_date)::date), array_agg(DISTINCT n.customer_id)
          INTO v_months, v_customers FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT date_trunc('month', o.trade_date)::date), array_agg(DISTINCT o.customer_id)
          INTO v_months, v_customers FROM old_rows o;
    ELSE
        SELECT array_agg(DISTINCT date_trunc('month', x.trade_date)::date), array_agg(DISTINCT x.customer_id)
          INTO v_months, v_customers
          FROM (SELECT n.trade_date, n.customer_id FROM new_rows n
                UNION ALL SELECT o.trade_date, o.customer_id FROM old_rows o) x;
    END IF;
    IF v_months IS NOT NULL THEN
        -- Many customers: rebuilding whole months is cheaper than the per-customer path.
        PERFORM crm.refresh_pivot_rollups(v_months,
                                          CASE WHEN cardinality(v_customers) > 5000 THEN NULL ELSE v_customers END);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER pivot_insert AFTER INSERT ON crm.customer_daily
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_daily_sync_pivot();
CREATE TRIGGER pivot_update AFTER UPDATE ON crm.customer_daily
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_daily_sync_pivot();
CREATE TRIGGER pivot_delete AFTER DELETE ON crm.customer_daily
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_daily_sync_pivot();
CREATE TRIGGER pivot_truncate AFTER TRUNCATE ON crm.customer_daily
    FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_daily_sync_pivot();

-- Customer attributes the dimensions read, copied on change (a relationship approval moves the
-- developer; the branch rollup has no customer attributes and needs nothing).
CREATE FUNCTION crm.pivot_customer_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF OLD.branch_id IS DISTINCT FROM NEW.branch_id THEN
        PERFORM crm.refresh_pivot_rollups(
            ARRAY(SELECT m.month FROM crm.pivot_customer_month m WHERE m.customer_id = NEW.id), ARRAY[NEW.id]);
    ELSE
        UPDATE crm.pivot_customer_month m
           SET developer_id = NEW.developer_id, service_staff_id = NEW.service_staff_id,
               gender = NEW.gender, birthday = NEW.birthday, open_date = NEW.open_date
         WHERE m.customer_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER pivot_customer_sync AFTER UPDATE OF branch_id, developer_id, service_staff_id, gender, birthday, open_date
    ON crm.customer FOR EACH ROW
    WHEN ((OLD.branch_id, OLD.developer_id, OLD.service_staff_id, OLD.gender, OLD.birthday, OLD.open_date)
          IS DISTINCT FROM (NEW.branch_id, NEW.developer_id, NEW.service_staff_id, NEW.gender, NEW.birthday, NEW.open_date))
    EXECUTE FUNCTION crm.pivot_customer_sync();

-- Saved layouts: private, or shared (published) by HQ administrators.
CREATE TABLE crm.pivot_layout (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id     integer NOT NULL DEFAULT crm.current_staff_id() REFERENCES crm.staff,
    name         text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 100),
    definition   jsonb NOT NULL,
    shared       boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    modified_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (staff_id, name)
);
CREATE TRIGGER owned_row_stamp BEFORE INSERT OR UPDATE ON crm.pivot_layout
    FOR EACH ROW EXECUTE FUNCTION crm.owned_row_stamp();
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.pivot_layout
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');
ALTER TABLE crm.pivot_layout ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.pivot_layout FORCE ROW LEVEL SECURITY;
CREATE POLICY own_or_shared_read ON crm.pivot_layout FOR SELECT TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id()) OR shared);
CREATE POLICY own_write ON crm.pivot_layout FOR INSERT TO crm_staff
    WITH CHECK (staff_id = (SELECT crm.current_staff_id()) AND (NOT shared OR (SELECT crm.has_permission('admin_all'))));
CREATE POLICY own_update ON crm.pivot_layout FOR UPDATE TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id()))
    WITH CHECK (staff_id = (SELECT crm.current_staff_id()) AND (NOT shared OR (SELECT crm.has_permission('admin_all'))));
CREATE POLICY own_delete ON crm.pivot_layout FOR DELETE TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id()));

GRANT SELECT ON crm.pivot_customer_month, crm.pivot_branch_month TO crm_staff;
GRANT SELECT, INSERT, DELETE ON crm.pivot_layout TO crm_staff;
GRANT UPDATE (name, definition, shared) ON crm.pivot_layout TO crm_staff;
GRANT EXECUTE ON FUNCTION crm.pivot_full_branch_ids(), crm.pivot_default_asset_edges() TO crm_staff;
