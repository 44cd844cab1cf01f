-- Faster 多维分析 layouts over whole quarters (issue #16): the customer-quarter rollup.

-- One row per customer, quarter and pair of development / service staff holding the customer on
-- some of its days (in the customer's branch of those days): the customer-month rows of the
-- quarter merged (sums; the values of the latest day), a third as many rows as the months'
-- for a layout over whole quarters. `holders`: the rows of the customer in the quarter and
-- branch (> 1 after a hand-over: a layout without staff merges them); `parts`: the rows of
-- the customer in the quarter (over branches too), so that a ranking read from the
-- (quarter, P&L) index knows whose figures are split over rows. Kept by
-- crm.pivot_customer_quarter_sync from every change of crm.pivot_customer_month.
CREATE TABLE crm.pivot_customer_quarter (
    quarter                date NOT NULL,
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
    holders                smallint NOT NULL,
    parts                  smallint NOT NULL
);
CREATE UNIQUE INDEX pivot_customer_quarter_key ON crm.pivot_customer_quarter
    (quarter, branch_id, customer_id, developer_id, service_staff_id) NULLS NOT DISTINCT;
-- The sync rebuilds by customer; a ranking reads the quarter's customers whose rows are split.
CREATE INDEX pivot_customer_quarter_customer_idx ON crm.pivot_customer_quarter (customer_id, quarter);
CREATE INDEX pivot_customer_quarter_split_idx ON crm.pivot_customer_quarter (quarter, customer_id)
    WHERE parts > 1;
-- The top / bottom N customers by P&L of a quarter read N rows (and their ties) of this index.
CREATE INDEX pivot_customer_quarter_pnl_idx ON crm.pivot_customer_quarter (quarter, pnl_cents);

ALTER TABLE crm.pivot_customer_quarter ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.pivot_customer_quarter FORCE ROW LEVEL SECURITY;
CREATE POLICY full_branch_read ON crm.pivot_customer_quarter FOR SELECT TO crm_staff
    USING (branch_id = ANY ((SELECT crm.pivot_full_branch_ids())::smallint[]));
GRANT SELECT ON crm.pivot_customer_quarter TO crm_staff;

CREATE TRIGGER pivot_customer_quarter_insert AFTER INSERT ON crm.pivot_customer_month
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.pivot_customer_quarter_sync();
CREATE TRIGGER pivot_customer_quarter_update AFTER UPDATE ON crm.pivot_customer_month
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.pivot_customer_quarter_sync();
CREATE TRIGGER pivot_customer_quarter_delete AFTER DELETE ON crm.pivot_customer_month
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.pivot_customer_quarter_sync();
CREATE TRIGGER pivot_customer_quarter_truncate AFTER TRUNCATE ON crm.pivot_customer_month
    FOR EACH STATEMENT EXECUTE FUNCTION crm.pivot_customer_quarter_sync();
ALTER TABLE crm.pivot_customer_month ENABLE ALWAYS TRIGGER pivot_customer_quarter_insert;
ALTER TABLE crm.pivot_customer_month ENABLE ALWAYS TRIGGER pivot_customer_quarter_update;
ALTER TABLE crm.pivot_customer_month ENABLE ALWAYS TRIGGER pivot_customer_quarter_delete;
ALTER TABLE crm.pivot_customer_month ENABLE ALWAYS TRIGGER pivot_customer_quarter_truncate;

SELECT crm.refresh_pivot_customer_quarter();
ANALYZE crm.pivot_customer_quarter;
