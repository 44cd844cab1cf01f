-- Customer attributes the dimensions read, copied on change (a relationship approval moves the
-- developer; the branch rollup has no customer attributes and needs nothing).
CREATE OR REPLACE FUNCTION crm.pivot_customer_sync() RETURNS trigger
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

REVOKE ALL ON FUNCTION crm.pivot_customer_sync() FROM PUBLIC;
