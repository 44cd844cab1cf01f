-- 扩展资料: the server, not the client, stamps version and modifier.
CREATE OR REPLACE FUNCTION crm.customer_ext_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        NEW.customer_id := OLD.customer_id;
        NEW.branch_id := OLD.branch_id;
        NEW.version := OLD.version + 1;
    ELSE
        -- RLS filters on branch_id: it is the customer's, whatever the loader sent.
        SELECT c.branch_id INTO NEW.branch_id FROM crm.customer c WHERE c.id = NEW.customer_id;
        NEW.version := 1;
        -- Created by the T+1 load, not modified by anyone: the UI says "never modified".
        NEW.modified_by := NULL;
        NEW.modified_at := NULL;
        RETURN NEW;
    END IF;
    NEW.modified_by := session_user;
    NEW.modified_at := clock_timestamp();
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION crm.customer_ext_stamp() FROM PUBLIC;
