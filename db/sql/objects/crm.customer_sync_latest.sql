-- The customer's visibility columns, copied on change (relationship_sync_developer updates
-- crm.customer as a definer; a T+1 load may move a customer to another branch).
CREATE OR REPLACE FUNCTION crm.customer_sync_latest() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    UPDATE crm.customer_latest l
       SET branch_id = NEW.branch_id, developer_id = NEW.developer_id, service_staff_id = NEW.service_staff_id
     WHERE l.customer_id = NEW.id;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.customer_sync_latest() FROM PUBLIC;
