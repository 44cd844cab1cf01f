CREATE OR REPLACE FUNCTION crm.finish_export(p_id bigint, p_row_count bigint, p_status text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF p_status NOT IN ('done', 'cancelled', 'failed') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown export status "%s"', p_status);
    END IF;
    UPDATE crm.export_log SET finished_at = now(), row_count = p_row_count, status = p_status
     WHERE id = p_id AND staff_id = crm.current_staff_id() AND status = 'running';
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no running export %s of yours', p_id);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.finish_export(bigint, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.finish_export(bigint, bigint, text) TO crm_staff;
