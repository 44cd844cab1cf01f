-- Customer search (issue #4): latest assets per customer, indexes behind the Customers list's
-- searches and sorts, and an extended-data policy that costs a page, not the whole visible set.
-- Run as crm_owner (functions created here lose PUBLIC execute by the default privileges of 0001).

-- Latest T+1 figures per customer ------------------------------------------------------------

-- Each customer's latest crm.customer_daily row (总资产, 贵宾等级), so the list can show, filter
-- and sort them without a per-row search through the facts. Kept by statement triggers on
-- crm.customer_daily (the T+1 load) and rebuilt by crm.refresh_customer_latest() after bulk
-- loads that run with triggers off (the demo seed). No foreign key, like the fact table.
--
-- branch_id, developer_id and service_staff_id are copies of the customer's (a trigger on
-- crm.customer keeps them), so the policy below is the customer policy itself: InitPlans and
-- columns of this row, no subquery. (A policy through `EXISTS (... crm.customer ...)` made the
-- planner hash every visible customer when a sort is driven by this table's indexes: ~350 ms
-- per page for a director on 2 M customers, ~5 ms like this.)
CREATE TABLE crm.customer_latest (
    customer_id         bigint PRIMARY KEY,
    branch_id           smallint NOT NULL,
    developer_id        integer,
    service_staff_id    integer,
    trade_date          date NOT NULL,
    total_assets_cents  bigint NOT NULL,
    vip_level           smallint NOT NULL
);
CREATE INDEX customer_latest_assets_idx ON crm.customer_latest (total_assets_cents, customer_id);
CREATE INDEX customer_latest_vip_idx ON crm.customer_latest (vip_level, customer_id);
CREATE INDEX customer_latest_date_idx ON crm.customer_latest (trade_date, customer_id);

ALTER TABLE crm.customer_latest ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.customer_latest FORCE ROW LEVEL SECURITY;

-- (Re)computes the latest row of the given customers, or of everyone (NULL). Returns the number
-- of rows written or removed.
CREATE FUNCTION crm.refresh_customer_latest(p_customer_ids bigint[] DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_removed bigint;
    v_written bigint;
BEGIN
    IF p_customer_ids IS NULL THEN
        DELETE FROM crm.customer_latest l
         WHERE NOT EXISTS (SELECT 1 FROM crm.customer_daily d WHERE d.customer_id = l.customer_id);
        GET DIAGNOSTICS v_removed = ROW_COUNT;
        INSERT INTO crm.customer_latest AS l (customer_id, branch_id, developer_id, service_staff_id,
                                              trade_date, total_assets_cents, vip_level)
        SELECT DISTINCT ON (d.customer_id) d.customer_id, c.branch_id, c.developer_id, c.service_staff_id,
               d.trade_date, d.total_assets_cents, d.vip_level
          FROM crm.customer_daily d
          JOIN crm.customer c ON c.id = d.customer_id
         ORDER BY d.customer_id, d.trade_date DESC
        ON CONFLICT (customer_id) DO UPDATE
           SET branch_id = EXCLUDED.branch_id, developer_id = EXCLUDED.developer_id,
               service_staff_id = EXCLUDED.service_staff_id, trade_date = EXCLUDED.trade_date,
               total_assets_cents = EXCLUDED.total_assets_cents, vip_level = EXCLUDED.vip_level
         WHERE (l.branch_id, l.developer_id, l.service_staff_id, l.trade_date, l.total_assets_cents, l.vip_level)
               IS DISTINCT FROM (EXCLUDED.branch_id, EXCLUDED.developer_id, EXCLUDED.service_staff_id,
                                 EXCLUDED.trade_date, EXCLUDED.total_assets_cents, EXCLUDED.vip_level);
        GET DIAGNOSTICS v_written = ROW_COUNT;
    ELSE
        DELETE FROM crm.customer_latest l
         WHERE l.customer_id = ANY (p_customer_ids)
           AND NOT EXISTS (SELECT 1 FROM crm.customer_daily d WHERE d.customer_id = l.customer_id);
        GET DIAGNOSTICS v_removed = ROW_COUNT;
        INSERT INTO crm.customer_latest AS l (customer_id, branch_id, developer_id, service_staff_id,
                                              trade_date, total_assets_cents, vip_level)
        SELECT DISTINCT ON (d.customer_id) d.customer_id, c.branch_id, c.developer_id, c.service_staff_id,
               d.trade_date, d.total_assets_cents, d.vip_level
          FROM crm.customer_daily d
          JOIN crm.customer c ON c.id = d.customer_id
         WHERE d.customer_id = ANY (p_customer_ids)
         ORDER BY d.customer_id, d.trade_date DESC
        ON CONFLICT (customer_id) DO UPDATE
           SET branch_id = EXCLUDED.branch_id, developer_id = EXCLUDED.developer_id,
               service_staff_id = EXCLUDED.service_staff_id, trade_date = EXCLUDED.trade_date,
               total_assets_cents = EXCLUDED.total_assets_cents, vip_level = EXCLUDED.vip_level
         WHERE (l.branch_id, l.developer_id, l.service_staff_id, l.trade_date, l.total_assets_cents, l.vip_level)
               IS DISTINCT FROM (EXCLUDED.branch_id, EXCLUDED.developer_id, EXCLUDED.service_staff_id,
                                 EXCLUDED.trade_date, EXCLUDED.total_assets_cents, EXCLUDED.vip_level);
        GET DIAGNOSTICS v_written = ROW_COUNT;
    END IF;
    RETURN v_removed + v_written;
END
$$;

-- One statement of the T+1 load (COPY, INSERT ... SELECT, the replace of a date) refreshes the
-- customers it touched, set-based from the transition tables.
CREATE FUNCTION crm.customer_daily_sync_latest() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM crm.customer_latest;
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM crm.refresh_customer_latest(ARRAY(SELECT DISTINCT n.customer_id FROM new_rows n));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM crm.refresh_customer_latest(ARRAY(SELECT DISTINCT o.customer_id FROM old_rows o));
    ELSE
        PERFORM crm.refresh_customer_latest(ARRAY(SELECT n.customer_id FROM new_rows n
                                                  UNION SELECT o.customer_id FROM old_rows o));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER customer_latest_insert AFTER INSERT ON crm.customer_daily
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_daily_sync_latest();
CREATE TRIGGER customer_latest_update AFTER UPDATE ON crm.customer_daily
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_daily_sync_latest();
CREATE TRIGGER customer_latest_delete AFTER DELETE ON crm.customer_daily
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_daily_sync_latest();
CREATE TRIGGER customer_latest_truncate AFTER TRUNCATE ON crm.customer_daily
    FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_daily_sync_latest();

-- The customer's visibility columns, copied on change (relationship_sync_developer updates
-- crm.customer as a definer; a T+1 load may move a customer to another branch).
CREATE FUNCTION crm.customer_sync_latest() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    UPDATE crm.customer_latest l
       SET branch_id = NEW.branch_id, developer_id = NEW.developer_id, service_staff_id = NEW.service_staff_id
     WHERE l.customer_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER customer_sync_latest AFTER UPDATE OF branch_id, developer_id, service_staff_id ON crm.customer
    FOR EACH ROW
    WHEN (OLD.branch_id IS DISTINCT FROM NEW.branch_id OR OLD.developer_id IS DISTINCT FROM NEW.developer_id
          OR OLD.service_staff_id IS DISTINCT FROM NEW.service_staff_id)
    EXECUTE FUNCTION crm.customer_sync_latest();

-- Birthdays --------------------------------------------------------------------------------

-- Month-days (crm.month_day) whose birthday falls on p_from .. p_from + p_days (inclusive): a
-- 29 February birthday falls on 28 February in a common year. Wraps the year; p_days >= 365
-- gives every day. Constant for a statement: the index condition of birthday searches.
CREATE FUNCTION crm.upcoming_month_days(p_from date, p_days integer) RETURNS smallint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT md ORDER BY md), '{}')
      FROM (SELECT crm.month_day(d) AS md
              FROM generate_series(0, least(greatest(p_days, -1), 366)) AS k, LATERAL (SELECT p_from + k AS d) x
            UNION ALL
            SELECT 229::smallint
              FROM generate_series(0, least(greatest(p_days, -1), 366)) AS k, LATERAL (SELECT p_from + k AS d) x
             WHERE crm.month_day(d) = 228
               AND date_part('day', make_date(date_part('year', d)::integer, 3, 1) - 1) = 28) m
$$;

-- Indexes behind the list --------------------------------------------------------------------
-- Keyset pagination seeks with `(sort column, id) > (...)`: (column, id) indexes make that an
-- index condition. Prefix searches (资金账号, mobiles) are C-collation ranges, which need
-- C-collation indexes (LIKE / ^@ are not leakproof, range comparisons are).

CREATE INDEX customer_account_no_c_idx ON crm.customer (account_no COLLATE "C", id);
-- Account numbers start with the branch's prefix: a one-branch user's customers are one band of
-- the index above (scanning to the far end of it took ~800 ms on 2 M). With the one visible
-- branch as a condition (crm_desktop.services.customers adds it), this index serves the band.
CREATE INDEX customer_branch_account_idx ON crm.customer (branch_id, account_no COLLATE "C", id);
CREATE INDEX customer_mobile_c_idx ON crm.customer (mobile COLLATE "C", id);
CREATE INDEX customer_name_sort_idx ON crm.customer (name, id);
CREATE INDEX customer_birthday_idx ON crm.customer (birthday, id);
CREATE INDEX customer_branch_sort_idx ON crm.customer (branch_id, id);
CREATE INDEX customer_developer_idx ON crm.customer (developer_id, id);
CREATE INDEX customer_service_staff_idx ON crm.customer (service_staff_id, id)
    WHERE service_staff_id IS NOT NULL;
-- The (empty, usually) NULL part of the gender order; gender has no index of its own.
CREATE INDEX customer_gender_null_idx ON crm.customer (id) WHERE gender IS NULL;
CREATE INDEX customer_birthday_md_idx ON crm.customer (crm.month_day(birthday));
-- Name contains (no pg_trgm in the embedded server): GIN over the name's unigrams and bigrams.
CREATE INDEX customer_name_grams_idx ON crm.customer USING gin (crm.name_grams(name) crm.name_gram_ops);

CREATE INDEX customer_ext_mobile_c_idx ON crm.customer_ext (mobile COLLATE "C", customer_id);
CREATE INDEX customer_ext_modified_idx ON crm.customer_ext (modified_at, customer_id)
    WHERE modified_at IS NOT NULL;
CREATE INDEX customer_ext_modified_by_idx ON crm.customer_ext (modified_by, customer_id)
    WHERE modified_by IS NOT NULL;

-- The customer policy's columns plus id: `SELECT c.id FROM crm.customer c` inside the policies of
-- 0001 (daily facts, relationships, visits) and the hashed alternative of the extended-data
-- policy below become index-only scans (on 2 M customers, a director: count(*) of
-- customer_daily 510 -> 265 ms, a page sorted by extended mobile 360 -> 185 ms). A separate
-- index: customer_rls_idx stays small for the plain visibility count (HQ count(*) 29 ms with it,
-- 80 ms through this wider one).
CREATE INDEX customer_rls_id_idx ON crm.customer (branch_id, developer_id, service_staff_id) INCLUDE (id);

-- Row-level security ---------------------------------------------------------------------------

-- Extended data: same visibility as 0001 (its customer is visible), written as a correlated
-- EXISTS instead of `customer_id IN (SELECT c.id FROM crm.customer c)`. The IN form can only be
-- a hashed subplan over every customer the caller sees (a director: 440 000 ids, ~1.3 s on 2 M
-- customers for a page of 200); EXISTS lets the planner choose per row (a page: 200 primary-key
-- probes, ~4 ms) or hashed (whole-table scans), by cost.
DROP POLICY customer_ext_read ON crm.customer_ext;
CREATE POLICY customer_ext_read ON crm.customer_ext FOR SELECT TO crm_staff USING (
    (SELECT crm.current_staff_id()) IS NOT NULL
    AND branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[])
    AND ((SELECT crm.my_scope() = 'all')
         OR branch_id = ANY ((SELECT crm.my_scope_branch_ids())::smallint[])
         OR EXISTS (SELECT 1 FROM crm.customer c WHERE c.id = customer_ext.customer_id)));

-- Latest figures: the customer policy (0001_security.sql) verbatim, on this row's copies of the
-- customer's columns.
CREATE POLICY customer_latest_read ON crm.customer_latest FOR SELECT TO crm_staff USING (
    (SELECT crm.current_staff_id()) IS NOT NULL
    AND branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[])
    AND ((SELECT crm.my_scope() = 'all')
         OR branch_id = ANY ((SELECT crm.my_scope_branch_ids())::smallint[])
         OR developer_id = ANY ((SELECT crm.my_staff_ids())::integer[])
         OR service_staff_id = ANY ((SELECT crm.my_staff_ids())::integer[])
         OR (developer_id IS NULL AND branch_id = ANY ((SELECT crm.my_pool_branch_ids())::smallint[]))));

-- Privileges ---------------------------------------------------------------------------------

GRANT SELECT ON crm.customer_latest TO crm_staff;
GRANT EXECUTE ON FUNCTION crm.name_grams(text), crm.grams_contain(text[], text[]), crm.month_day(date),
                          crm.upcoming_month_days(date, integer)
   TO crm_staff;
-- The T+1 import of the HQ agent refreshes through the triggers; a bulk load with triggers off
-- calls this afterwards.
GRANT EXECUTE ON FUNCTION crm.refresh_customer_latest(bigint[]) TO crm_agent;

-- Fill from the facts already loaded.
SELECT crm.refresh_customer_latest();
