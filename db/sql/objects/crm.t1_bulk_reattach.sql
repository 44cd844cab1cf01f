-- Rebuilds what crm.t1_bulk_detach dropped (indexes first, then the foreign keys).
CREATE OR REPLACE FUNCTION crm.t1_bulk_reattach() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp
SET maintenance_work_mem = '512MB' AS $$
DECLARE
    v_restore text;
    v_count integer := 0;
BEGIN
    IF to_regclass('pg_temp.t1_detached') IS NULL THEN
        RETURN 0;
    END IF;
    FOR v_restore IN SELECT d.restore FROM pg_temp.t1_detached d
                      ORDER BY d.restore LIKE 'ALTER TABLE%', d.seq LOOP
        EXECUTE v_restore;
        v_count := v_count + 1;
    END LOOP;
    DROP TABLE pg_temp.t1_detached;
    RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION crm.t1_bulk_reattach() FROM PUBLIC;
