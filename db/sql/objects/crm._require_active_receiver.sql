-- A hand-over or batch entry applies only while its receiver is still active (a receiver frozen
-- or closed since the request makes the approval fail with the reason, CR031).
CREATE OR REPLACE FUNCTION crm._require_active_receiver(p_staff_id integer) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff;
BEGIN
    SELECT * INTO v FROM crm.staff s WHERE s.id = p_staff_id;
    IF v.status IS DISTINCT FROM 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = format(
            '%s (%s) is no longer active and cannot receive customers', v.name, v.login);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm._require_active_receiver(integer) FROM PUBLIC;
