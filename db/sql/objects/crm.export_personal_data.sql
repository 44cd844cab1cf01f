-- Full values of the given customers (those the caller sees) for the caller's running customer
-- export that asked for them; the export's log row records that it did (details.personal_data)
-- and how many rows it wrote.
CREATE OR REPLACE FUNCTION crm.export_personal_data(p_export bigint, p_customer_ids bigint[])
RETURNS TABLE (customer_id bigint, id_no text, mobile text, ext_mobile text, phone text, address text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF crm.current_staff_id() IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF NOT (crm.has_permission('export') AND crm.has_permission('export_personal_data')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'the export personal data permission (导出个人信息) is required for full ID numbers, mobiles and addresses';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM crm.export_log e
                    WHERE e.id = p_export AND e.staff_id = crm.current_staff_id() AND e.status = 'running'
                      AND e.kind = 'customers' AND e.details -> 'personal_data' = 'true'::jsonb) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('no running export %s of yours with personal data', p_export);
    END IF;
    IF cardinality(p_customer_ids) > 10000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'at most 10000 customers per call';
    END IF;
    RETURN QUERY
        SELECT c.id, c.id_no, c.mobile, x.mobile, x.phone, x.address
          FROM crm.customer c
          LEFT JOIN crm.customer_ext x ON x.customer_id = c.id
         WHERE c.id IN (SELECT crm.visible_customer_ids(p_customer_ids));
END
$$;

REVOKE ALL ON FUNCTION crm.export_personal_data(bigint, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.export_personal_data(bigint, bigint[]) TO crm_staff;
