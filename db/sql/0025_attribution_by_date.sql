-- Attribution by date (issue #15): the analysis credits each day's figures to the relationship
-- that held on that day, and 上级员工 rolls up through the whole hierarchy. Runs as crm_owner.

-- The customer-month rollup keys on the owners as well: one row per customer, month and pair of
-- development / service staff that held the customer on some of the month's days (NULL: nobody,
-- the public pool). Its staff columns no longer follow crm.customer (see below).
ALTER TABLE crm.pivot_customer_month DROP CONSTRAINT pivot_customer_month_pkey;
CREATE UNIQUE INDEX pivot_customer_month_key ON crm.pivot_customer_month
    (month, branch_id, customer_id, developer_id, service_staff_id) NULLS NOT DISTINCT;

-- The relationships' days decide the staff columns now: the customer's attributes that remain
-- copied on change are the branch (a rebuild) and gender / birthday / open date.
DROP TRIGGER pivot_customer_sync ON crm.customer;
CREATE TRIGGER pivot_customer_sync AFTER UPDATE OF branch_id, gender, birthday, open_date
    ON crm.customer FOR EACH ROW
    WHEN ((OLD.branch_id, OLD.gender, OLD.birthday, OLD.open_date)
          IS DISTINCT FROM (NEW.branch_id, NEW.gender, NEW.birthday, NEW.open_date))
    EXECUTE FUNCTION crm.pivot_customer_sync();

-- Relationships by day: the join of crm.customer_daily_owner finds a customer's relationships
-- of a kind through this index (the rollup rebuild hashes the whole table instead).
CREATE INDEX relationship_customer_kind_idx ON crm.relationship (customer_id, kind, valid_from);

-- A staff member's superior chain has no cycle, whoever changes it (crm.set_superior checks
-- too, with a message for the administrator; this holds for every other path).
CREATE TRIGGER staff_superior_acyclic BEFORE UPDATE OF superior_id ON crm.staff
    FOR EACH ROW WHEN (NEW.superior_id IS DISTINCT FROM OLD.superior_id AND NEW.superior_id IS NOT NULL)
    EXECUTE FUNCTION crm.staff_superior_acyclic();

-- Relationship changes keep the rollup (and refuse two holders of one kind on the same day).
CREATE TRIGGER relationship_sync_pivot_insert AFTER INSERT ON crm.relationship
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.relationship_sync_pivot();
CREATE TRIGGER relationship_sync_pivot_update AFTER UPDATE ON crm.relationship
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.relationship_sync_pivot();
CREATE TRIGGER relationship_sync_pivot_delete AFTER DELETE ON crm.relationship
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.relationship_sync_pivot();

-- The rollups as attribution by date computes them. TRUNCATE first: a rebuild over the old rows
-- would leave every one of them dead (the table twice its size until a VACUUM FULL).
TRUNCATE crm.pivot_customer_month, crm.pivot_branch_month;
SELECT crm.refresh_pivot_rollups();
