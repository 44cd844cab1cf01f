-- Visits belong to the staff member who writes them, at the customer's branch.
CREATE OR REPLACE FUNCTION crm.visit_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT crm.is_operator() THEN
            NEW.staff_id := crm.current_staff_id();
        END IF;
        SELECT c.branch_id INTO NEW.branch_id FROM crm.customer c WHERE c.id = NEW.customer_id;
        NEW.version := 1;
    ELSE
        NEW.customer_id := OLD.customer_id;
        NEW.staff_id := OLD.staff_id;
        NEW.branch_id := OLD.branch_id;
        NEW.version := OLD.version + 1;
        NEW.created_at := OLD.created_at;
    END IF;
    NEW.modified_at := clock_timestamp();
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION crm.visit_stamp() FROM PUBLIC;
