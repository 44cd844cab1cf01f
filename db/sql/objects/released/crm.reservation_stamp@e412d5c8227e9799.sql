-- The stamp as in 0006, except that an INSERT which brings its own window (only
-- crm.import_reservations and the superuser can: staff hold INSERT on branch_id, name, id_no,
-- mobile and note alone) keeps the owner, day, window and normalised keys it was given.
CREATE OR REPLACE FUNCTION crm.reservation_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.window_end IS NULL THEN
            IF NOT crm.is_operator() THEN
                NEW.staff_id := crm.current_staff_id();
                NEW.registered_on := current_date;
                NEW.status := 'open';
                NEW.customer_id := NULL;
                NEW.request_id := NULL;
                NEW.reason := NULL;
                NEW.reason_detail := NULL;
            END IF;
            NEW.window_end := crm.add_working_days(NEW.registered_on, 20);
            NEW.name_norm := NULL;
        END IF;
        NEW.version := 1;
        NEW.created_at := clock_timestamp();
        IF NEW.name_norm IS NULL THEN
            NEW.name_norm := crm.normalize_name(NEW.name);
            NEW.id_no_norm := crm.normalize_id_no(NEW.id_no);
            NEW.mobile_norm := crm.normalize_mobile(NEW.mobile);
        END IF;
    ELSE
        NEW.staff_id := OLD.staff_id;
        NEW.registered_on := OLD.registered_on;
        NEW.created_at := OLD.created_at;
        NEW.version := OLD.version + 1;
        -- Stamped at registration (a holiday added later does not move it): the matcher's bulk
        -- updates of status need not recompute it per row.
        NEW.window_end := OLD.window_end;
        NEW.name_norm := crm.normalize_name(NEW.name);
        NEW.id_no_norm := crm.normalize_id_no(NEW.id_no);
        NEW.mobile_norm := crm.normalize_mobile(NEW.mobile);
    END IF;
    NEW.modified_at := clock_timestamp();
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION crm.reservation_stamp() FROM PUBLIC;
