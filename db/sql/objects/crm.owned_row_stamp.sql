-- Owner and timestamps are not the client's to choose.
CREATE OR REPLACE FUNCTION crm.owned_row_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT crm.is_operator() THEN
            NEW.staff_id := crm.current_staff_id();
        END IF;
        NEW.created_at := clock_timestamp();
    ELSE
        NEW.staff_id := OLD.staff_id;
        NEW.created_at := OLD.created_at;
    END IF;
    NEW.modified_at := clock_timestamp();
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION crm.owned_row_stamp() FROM PUBLIC;
