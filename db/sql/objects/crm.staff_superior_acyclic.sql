-- Refuses a superior that sits below the staff member (a cycle in the 上级员工 hierarchy, which
-- the visibility rules and the analysis' superior chain walk). One hierarchy change at a time:
-- two concurrent changes (A under B, B under A) would each pass a check that cannot see the
-- other's.
CREATE OR REPLACE FUNCTION crm.staff_superior_acyclic() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('crm.staff.superior_id'));
    PERFORM crm.check_superior(NEW.id, NEW.superior_id);
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION crm.staff_superior_acyclic() FROM PUBLIC;
