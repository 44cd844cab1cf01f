-- Export: {"personal_data": true} in the details asks for full values and needs a second right.
CREATE OR REPLACE FUNCTION crm.begin_export(p_kind text, p_details jsonb) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff integer := crm.current_staff_id();
    v_id bigint;
BEGIN
    IF v_staff IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF NOT crm.has_permission('export') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the export permission (数据导出) is required';
    END IF;
    IF p_details -> 'personal_data' = 'true'::jsonb AND NOT crm.has_permission('export_personal_data') THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'the export personal data permission (导出个人信息) is required for full ID numbers, mobiles and addresses';
    END IF;
    INSERT INTO crm.export_log (staff_id, branch_id, kind, details)
    SELECT v_staff, s.branch_id, p_kind, coalesce(p_details, '{}') FROM crm.staff s WHERE s.id = v_staff
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

REVOKE ALL ON FUNCTION crm.begin_export(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.begin_export(text, jsonb) TO crm_staff;
