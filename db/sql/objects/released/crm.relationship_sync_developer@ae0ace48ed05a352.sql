-- customer.developer_id / service_staff_id mirror the live relationships (NULL developer = the
-- public pool), so the customer policy reads only indexed columns of the customer itself.
CREATE OR REPLACE FUNCTION crm.relationship_sync_developer() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.kind = 'development' THEN
            UPDATE crm.customer c SET developer_id = NULL
             WHERE c.id = OLD.customer_id AND c.developer_id = OLD.staff_id;
        ELSE
            UPDATE crm.customer c SET service_staff_id = NULL
             WHERE c.id = OLD.customer_id AND c.service_staff_id = OLD.staff_id;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'live' THEN
        IF NEW.kind = 'development' THEN
            UPDATE crm.customer c SET developer_id = NEW.staff_id WHERE c.id = NEW.customer_id;
        ELSE
            UPDATE crm.customer c SET service_staff_id = NEW.staff_id WHERE c.id = NEW.customer_id;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.relationship_sync_developer() FROM PUBLIC;
