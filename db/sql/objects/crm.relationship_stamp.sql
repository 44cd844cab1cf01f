-- A relationship lives in its customer's branch (RLS and Citus distribution rely on it).
CREATE OR REPLACE FUNCTION crm.relationship_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT c.branch_id INTO NEW.branch_id FROM crm.customer c WHERE c.id = NEW.customer_id;
    ELSE
        NEW.customer_id := OLD.customer_id;
        NEW.branch_id := OLD.branch_id;
    END IF;
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION crm.relationship_stamp() FROM PUBLIC;
